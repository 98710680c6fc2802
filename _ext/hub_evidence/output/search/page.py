"""The "Search the evidence" page: ``{evidence-search}`` and its HTML.

The directive leaves a :class:`search_box` node; its HTML is a search form, an
``aria-live`` status line, a place for the facets and one for the results,
which ``evidence-search.js`` fills from the Pagefind index. The facets' names
(and which list newest first) come from :data:`.records.FILTERS`, so the script
names none of them. Until the script
runs, and wherever it cannot (a page opened from a file), the status line says
what to do instead. The form has no ``action``: it is sent to the page itself
(``?q=...``), where the script reads the query (an empty ``action`` is invalid
HTML).
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

from docutils import nodes

from ...source.config import get_config
from ...source.directives.common import EvidenceDirective
from .records import FILTERS, NEWEST_FIRST, SITE_INDEX_DIR

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

SCRIPT = "evidence-search.js"


class search_box(nodes.General, nodes.Element):  # noqa: N801
    """Where the search form, facets and results go (HTML only)."""


class EvidenceSearchDirective(EvidenceDirective):
    """The evidence search: a query box, facets and results.

    Any text inside the block is shown above the search box.
    """

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        return [*self.parse_body(), search_box()]


def visit_search_box(self: HTML5Translator, node: search_box) -> None:
    elsewhere = _without_search(self.builder, self.builder.current_docname)
    facets = self.attval(json.dumps(FILTERS))
    newest_first = self.attval(json.dumps(NEWEST_FIRST))
    self.body.append(
        f"""<div class="evidence-search" data-evidence-search data-facets="{facets}"
 data-newest-first="{newest_first}" data-site-index="{SITE_INDEX_DIR}">
<form class="evidence-search-form" role="search">
<label for="evidence-search-query">Search the findings, sections and appendices
of every hub</label>
<div class="evidence-search-row">
<input id="evidence-search-query" class="form-control" type="search" name="q"
 autocomplete="off" spellcheck="false">
<button class="btn btn-primary" type="submit">Search</button>
</div>
</form>
<p class="evidence-search-status" role="status" aria-live="polite">The search needs
JavaScript, and the site opened from its web address. {elsewhere}</p>
<div class="evidence-search-layout">
<div class="evidence-search-facets" hidden>
<h2 class="evidence-search-heading">Narrow the results</h2>
<div class="evidence-search-facet-list"></div>
</div>
<div class="evidence-search-main">
<div class="evidence-search-results" hidden>
<h2 class="evidence-search-heading">Results</h2>
<ol class="evidence-search-result-list"></ol>
<button class="btn btn-primary evidence-search-more" type="button" hidden>
Show more results</button>
</div>
<section class="evidence-search-guide" aria-labelledby="evidence-search-guide-heading"
 hidden>
<h2 class="evidence-search-heading" id="evidence-search-guide-heading">In the guide
and the site's other pages</h2>
<ul class="evidence-search-result-list evidence-search-guide-list"></ul>
</section>
</div>
</div>
</div>
"""
    )
    raise nodes.SkipNode


def _without_search(builder: Builder, docname: str) -> str:
    """Where a reader without the search finds summaries and findings: the
    browse pages and the findings page, where the site has them."""
    pages = {
        f"{get_config(builder.env).browse_dir}/index": "the browse pages",
        "findings": "the findings across hubs",
    }
    links = [
        f'<a href="{builder.get_relative_uri(docname, page)}">{html.escape(text)}</a>'
        for page, text in pages.items()
        if page in builder.env.found_docs
    ]
    if not links:
        return ""
    return (
        '<span class="evidence-search-elsewhere">Without it, see '
        f"{' and '.join(links)}.</span>"
    )


def skip(self: object, node: nodes.Node) -> None:
    """Other builders (PDF, text) have no search: leave the box out."""
    raise nodes.SkipNode


def add_search_script(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, object],
    doctree: nodes.document | None,
) -> None:
    """Load the search script on the pages with a search box, and only there."""
    if doctree is not None and any(doctree.findall(search_box)):
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_search_page(app: Sphinx) -> None:
    """Register the directive, its node and the script."""
    app.add_directive("evidence-search", EvidenceSearchDirective)
    app.add_node(
        search_box,
        html=(visit_search_box, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.connect("html-page-context", add_search_script)
