"""The source side: what an author writes and how it is read.

Settings, the front matter and its model, the vocabularies and facets, the
directives of a summary, reading one summary into its record, which pages
an audience's build reads, and the forms a summary is written in: its MyST
file's sections (:mod:`.summary_text`) and the programme's Word template
(:mod:`.word`). Nothing here knows the other summaries: that is
the domain's (:mod:`..domain`), and what is made from them is the output's
(:mod:`..output`).
"""
