"""Tools for people: the ``evidence`` command (new summaries, Word import,
and export, checks, publishing) and the guide's generated reference tables.

They may use every other part; nothing else uses them. Starting a summary or
importing one does not load Sphinx's extension.
"""
