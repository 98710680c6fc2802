"""The source side: what an author writes and how it is read.

Settings, the front matter and its model, the vocabularies and facets, the
directives of a summary, reading one summary into its record, and which pages
an audience's build reads. Nothing here knows the other summaries: that is
the domain's (:mod:`..domain`), and what is made from them is the output's
(:mod:`..output`).
"""
