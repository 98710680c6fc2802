"""Collecting a summary's record: what the cross-hub views, search and exports use.

:class:`SummaryRecordTransform` gathers the :class:`~..model.SummaryRecord` of
the summary just read and keeps it with the document, for the domain
(:mod:`...domain`) to store and for the header panel (:mod:`.page`). Each theme
in it is the :class:`~..model.Theme` its ``theme`` directive made and hung on
the theme's title node, taken as it is: nothing here reads a theme back from
the rendered page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..directives.structure import SECTION_ATTRIBUTE
from ..model import Download, Passage, SummaryRecord, Theme
from ..nodes import theme_title
from .reading import summary_being_read
from .section_checks import check_sections, template_sections

RECORD_KEY = "evidence:record"


class SummaryRecordTransform(SphinxTransform):
    """Check a summary's sections and gather its record (stored by the domain)."""

    # After the page has its title (700); before the domains collect (850).
    default_priority = 710

    def apply(self, **kwargs: object) -> None:
        front = summary_being_read(self.env)
        title = page_title(self.document)
        if front is None or front.empty or title is None:
            return
        sections = template_sections(self.document)
        self.env.current_document[RECORD_KEY] = SummaryRecord(
            docname=self.env.docname,
            slug=front.where.slug,
            title=title.astext(),
            front_matter=front.summary,
            methods=_methods(sections),
            sections=check_sections(self.document, self.env.docname),
            themes=themes(self.document),
            hub_line=front.hub_line,
            passages=_passages(sections),
            downloads=_downloads(sections),
        )


def page_title(document: nodes.document) -> nodes.title | None:
    """The page's own title (its first top-level heading), if it has one.

    It is the record's title; :mod:`.page` gives a page without one a title.
    """
    for node in document.children:
        if isinstance(node, nodes.section) and not node.get(SECTION_ATTRIBUTE):
            title = node[0]
            return title if isinstance(title, nodes.title) else None
    return None


def themes(document: nodes.document) -> tuple[Theme, ...]:
    """The page's themes, in page order, as their directives made them."""
    return tuple(node.theme for node in document.findall(theme_title))


def _methods(sections: list[nodes.Element]) -> tuple[str, ...]:
    methods: list[str] = []
    for node in sections:
        methods.extend(node.get("evidence_methods", []))
    return tuple(dict.fromkeys(methods))


def _passages(sections: list[nodes.Element]) -> tuple[Passage, ...]:
    """Each prose section's text (the themes are searched one by one)."""
    return tuple(
        Passage(
            node[SECTION_ATTRIBUTE],
            node["ids"][0],
            " ".join(" ".join(child.astext() for child in node[1:]).split()),
        )
        for node in sections
        if node[SECTION_ATTRIBUTE] != "themes"
    )


def _downloads(sections: list[nodes.Element]) -> tuple[Download, ...]:
    return tuple(
        Download(" ".join(ref.astext().split()), ref["reftarget"])
        for node in sections
        if node[SECTION_ATTRIBUTE] == "appendices"
        for ref in node.findall(addnodes.download_reference)
    )
