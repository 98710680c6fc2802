"""``{evidence-search-field}``: the one search's box, on a page of its own choosing.

The home page opens with the search, so a reader can ask at once. It is the
evidence search's own form (its label, box and button: ``output/search/page.py``),
sent to the search page (``evidence_search_page``) as a plain GET form: it
works without JavaScript, and the search page shows the results for ``?q=``
as it does for its own box and the navigation bar's.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from docutils import nodes

from ..source.config import get_config
from ..source.directives.common import EvidenceDirective
from .search.site_search import SEARCH

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

LABEL = "Search the findings, sections and appendices of every hub"
"""The label of the search page's own box (``output/search/page.py``)."""


class search_field(nodes.General, nodes.Element):  # noqa: N801
    """Where the search form goes (HTML only). Attribute ``key``: its page's
    serial number for it, so that two forms on a page have different ids."""


class EvidenceSearchFieldDirective(EvidenceDirective):
    """The search box, leading to the evidence search page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        node = search_field(key=self.env.new_serialno("evidence-search-field"))
        self.set_source_info(node)
        return [node]


def visit_search_field(self: HTML5Translator, node: search_field) -> None:
    builder = self.builder
    target = get_config(builder.env).search_page
    if target not in builder.env.found_docs:
        target = SEARCH  # the address that leads on to the search, wherever it is
    action = html.escape(
        builder.get_relative_uri(builder.current_docname, target), quote=True
    )
    ident = f"evidence-search-field-{node['key']}"
    self.body.append(
        f"""<form class="evidence-search-form evidence-search-field" action="{action}"
 method="get" role="search">
<label for="{ident}">{html.escape(LABEL)}</label>
<div class="evidence-search-row">
<input id="{ident}" class="form-control" type="search" name="q" autocomplete="off"
 spellcheck="false">
<button class="btn btn-primary" type="submit">Search</button>
</div>
</form>
"""
    )
    raise nodes.SkipNode


def skip(self: object, node: nodes.Node) -> None:
    """Other builders (PDF, text) have no search: leave the box out."""
    raise nodes.SkipNode


def setup_search_field(app: Sphinx) -> None:
    """Register the directive and its node."""
    app.add_directive("evidence-search-field", EvidenceSearchFieldDirective)
    app.add_node(
        search_field,
        html=(visit_search_field, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
