"""What is made from the records: cross-hub views, browse pages, search,
exports, each summary as a Word document, each page's frame, and the record of
the output folder.

Only the output folder is written (and Sphinx's doctree folder): never the
sources.
"""
