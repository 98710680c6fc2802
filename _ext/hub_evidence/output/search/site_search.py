"""One search for the whole site: the navigation bar's box leads to the evidence search.

Sphinx's own search is off (no ``searchindex.js``, no ``searchtools.js`` on
any page): it found other words than the evidence search, without facets or
links to themes, and the theme loaded its whole index on every page. The
theme's search box and its keyboard shortcut (Ctrl+K) send the words to the
page that holds the evidence search (``evidence_search_page``), through our
copy of the theme's search field (``templates/components/search-field.html``).

``search.html`` stays an address: a page that sends the reader on to the
evidence search with the same query and filters (:data:`FORWARD_SCRIPT`),
and says where it is for a reader without JavaScript.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder

from ...source.config import get_config

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes
    from sphinx.application import Sphinx

FORWARD_SCRIPT = "evidence-search-forward.js"
SEARCH = "search"
"""Sphinx's search page name, kept as an address."""


def turn_off_sphinx_search(app: Sphinx) -> None:
    """No Sphinx search index or page (``builder-inited``)."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        app.builder.search = False


def search_page(app: Sphinx) -> str | None:
    """The page that holds the evidence search, if the site has it."""
    name = get_config(app.env).search_page
    return name if name in app.env.found_docs else None


def send_searches_to_the_evidence_search(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Tell the search field where to send the words (``html-page-context``)."""
    context["evidence_search_page"] = search_page(app) or SEARCH
    if pagename == SEARCH:
        app.add_js_file(FORWARD_SCRIPT, loading_method="defer")


def forwarding_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``search.html``, leading on to the evidence search (``html-collect-pages``)."""
    builder = app.builder
    target = search_page(app)
    if not isinstance(builder, StandaloneHTMLBuilder) or target is None:
        return
    href = html.escape(builder.get_relative_uri(SEARCH, target), quote=True)
    title = html.escape(app.env.titles[target].astext())
    body = (
        f'<h1>{title}</h1>\n<p>The search of this site is <a href="{href}" '
        f'data-evidence-search-page="{href}">{title}</a>: it finds the summaries\' '
        "findings, sections and appendices, and the pages of the guide.</p>\n"
    )
    yield SEARCH, {"title": title, "body": body, "display_toc": False}, "page.html"


def setup_site_search(app: Sphinx) -> None:
    """Turn Sphinx's search off and lead its box and address to ours."""
    app.connect("builder-inited", turn_off_sphinx_search)
    app.connect("html-page-context", send_searches_to_the_evidence_search)
    app.connect("html-collect-pages", forwarding_page)
