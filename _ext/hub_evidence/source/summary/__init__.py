"""Reading one hub summary, one job per module, in the order Sphinx runs them.

- :mod:`.reading` (``source-read``): checks the front matter, with the line of
  every key, before MyST sees it, and keeps what it read for the transforms.
- :mod:`.page` (transforms): gives the page its title and a toctree of its
  appendix pages, and, once the record is made, the header panel.
- :mod:`.section_checks`: checks the template's sections are all there, once each,
  in the template's order.
- :mod:`.record` (transform): gathers the :class:`~..model.SummaryRecord`,
  which the domain (:mod:`...domain`) stores for the cross-hub views; each theme
  in it is the :class:`~..model.Theme` its ``theme`` directive made.
"""
