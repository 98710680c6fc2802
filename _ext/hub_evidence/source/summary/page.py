"""Shaping a summary's page: its title, its appendix pages, its header panel.

:class:`SummaryPageTransform` makes sure the page has a title (the hub's name,
so it can be found in the navigation) and lists the other pages in the hub's
folder as its hidden children; :class:`SummaryHeaderTransform` puts the header
panel, rendered from the record (:mod:`.record`), under the title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..config import get_config
from ..design import design_parts
from ..directives.sections import unique_id
from ..warnings_ import EvidenceWarning, warn
from .header import summary_header
from .reading import summary_being_read
from .record import RECORD_KEY, page_title

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..model import SummaryRecord


class SummaryPageTransform(SphinxTransform):
    """Give a summary its title (warning if it had none) and its appendix pages."""

    default_priority = 700  # before the record is made (710)

    def apply(self, **kwargs: object) -> None:
        front = summary_being_read(self.env)
        if front is None:
            return
        docname = self.env.docname
        title = page_title(self.document)
        if title is None:
            if not front.empty:
                warn(
                    EvidenceWarning.TITLE,
                    "The summary has no title. Add the hub's name as a heading "
                    "after the front matter: "
                    f"`# {front.summary.hub or 'Northshire Maths Hub'}`.",
                    location=(docname, 1),
                )
            title = self._add_title(front.summary.hub or front.where.slug)
        toctree = appendix_toctree(self.env, docname)
        if toctree is not None:
            page: nodes.Element = title.parent
            page += toctree

    def _add_title(self, text: str) -> nodes.title:
        """Give a page without a heading one, so it can be found in the navigation."""
        section = nodes.section(
            ids=[unique_id(self.document, nodes.make_id(text) or "summary")]
        )
        title = nodes.title(text, text)
        section += title
        start = self._top_index()
        content = self.document.children[start:]
        del self.document[start:]
        section.extend(content)
        self.document += section
        self.document.set_id(section)
        return title

    def _top_index(self) -> int:
        index = self.document.first_child_not_matching_class(
            nodes.PreBibliographic  # type: ignore[arg-type]  # a mixin class
        )
        return len(self.document) if index is None else index


def appendix_toctree(env: BuildEnvironment, docname: str) -> nodes.compound | None:
    """A hidden toctree of the other pages in the hub's folder (appendices)."""
    folder = docname.rsplit("/", 1)[0] + "/"
    pages = sorted(
        name
        for name in env.found_docs
        if name.startswith(folder)
        and "/" not in name[len(folder) :]
        and name != docname
    )
    if not pages:
        return None
    toctree = addnodes.toctree(
        parent=docname,
        entries=[(None, page) for page in pages],
        includefiles=pages,
        maxdepth=-1,
        caption=None,
        glob=True,  # so Sphinx re-reads the summary when a page is added or removed
        hidden=True,
        includehidden=False,
        numbered=0,
        titlesonly=False,
    )
    return nodes.compound("", toctree, classes=["toctree-wrapper"])


class SummaryHeaderTransform(SphinxTransform):
    """Put the header panel, rendered from the record, under the summary's title."""

    # After smart quotes (855), so front-matter values are shown exactly as
    # written; before doctree-read (880), when the page's contents are collected.
    default_priority = 870

    def apply(self, **kwargs: object) -> None:
        record: SummaryRecord | None = self.env.current_document.get(RECORD_KEY)
        title = page_title(self.document)
        if record is None or title is None:
            return
        page: nodes.Element = title.parent
        header = summary_header(record, get_config(self.env), design_parts(self.env))
        page.insert(1, header)
