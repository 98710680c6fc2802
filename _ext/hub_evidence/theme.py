"""Repairs to pydata-sphinx-theme's markup that our accessibility bar needs.

pydata-sphinx-theme 0.24 gives each expandable entry of the sidebar a
``<summary>`` holding only a decorative chevron, so the toggle has no
accessible name (axe ``summary-name``). We name it after the entry's link.

It also loads Sphinx's ``searchtools.js`` on every page, and Sphinx's
highlighter (``sphinx_highlight.js``) takes that to mean the page is the
search page, so it never marks the words a search result linked with
(``?highlight=``). We run the highlighter on the other pages ourselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

HIDDEN = "evidence-visually-hidden"


def name_sidebar_toggles(soup: BeautifulSoup) -> None:
    """Give every unnamed sidebar toggle a visually hidden name (idempotent)."""
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True):
            continue
        entry = summary.find_parent("li")
        link = entry.find("a", recursive=False) if entry else None
        name = link.get_text(" ", strip=True) if link else "this section"
        label = soup.new_tag("span", attrs={"class": HIDDEN})
        label.string = f"Show or hide the pages under {name}"
        summary.append(label)


def wrap_toctree_html(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Wrap the theme's sidebar generator so its toggles are named."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def named(*args: Any, **kwargs: Any) -> Any:
        html = generate(*args, **kwargs)
        if isinstance(html, BeautifulSoup):
            name_sidebar_toggles(html)
        return html

    context["generate_toctree_html"] = named


HIGHLIGHT = """document.addEventListener("DOMContentLoaded", () => {
  if (typeof SphinxHighlight !== "undefined") SphinxHighlight.highlightSearchWords();
});"""


def highlight_search_words(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Mark the words a search linked to this page with (not on the search page)."""
    if pagename != "search":
        app.add_js_file(None, body=HIGHLIGHT)


def setup_theme_repairs(app: Sphinx) -> None:
    """Run after the theme has added its template functions."""
    app.connect("html-page-context", wrap_toctree_html, priority=900)
    app.connect("html-page-context", highlight_search_words)
