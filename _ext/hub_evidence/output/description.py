"""A ``<meta name="description">`` on every page, for search engines and link
previews (and Lighthouse's SEO check).

A summary is described by its hub, year and first research question; another
document by its first paragraph; a browse page by its introduction; Sphinx's
own pages by what they are. A description written in a page's front matter
(MyST's ``html_meta``) is kept as it is.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..domain.store import get_domain
from .browse.pages import plan
from .synthesis.pages import synthesis_plan

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LONGEST = 200
"""Characters a description is cut to (search engines show about 160)."""

SPHINX_PAGES = {
    "genindex": "Index of the terms used across the evidence site.",
    "search": "Search the evidence site.",
    "404": "This page of the evidence site does not exist.",
}


def shortened(text: str) -> str:
    """``text`` on one line, cut at a word to at most :data:`LONGEST` characters."""
    text = " ".join(text.split())
    if len(text) <= LONGEST:
        return text
    return text[: LONGEST - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def describe(app: Sphinx, pagename: str, doctree: nodes.document | None) -> str:
    """What the page is about, in a sentence or two."""
    record = get_domain(app.env).summaries.get(pagename)
    if record is not None:
        summary = record.front_matter
        questions = summary.research_questions
        about = f": {questions[0]}" if questions else "."
        return f"{summary.hub}, evaluation summary {summary.year}{about}"
    browse = plan(app)
    if browse is not None and pagename in browse.pages:
        return browse.pages[pagename].intro
    synthesis = synthesis_plan(app)
    if synthesis is not None and pagename in synthesis.pages:
        return synthesis.pages[pagename].intro
    if doctree is not None:
        paragraph = next(iter(doctree.findall(nodes.paragraph)), None)
        if paragraph is not None and paragraph.astext().strip():
            return paragraph.astext()
    return SPHINX_PAGES.get(pagename) or str(app.config.project)


def add_description(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Add the page's description to its meta tags (``html-page-context``)."""
    tags = str(context.get("metatags") or "")
    if 'name="description"' in tags:
        return
    text = html.escape(shortened(describe(app, pagename, doctree)), quote=True)
    context["metatags"] = f'{tags}<meta name="description" content="{text}" />\n'


def setup_description(app: Sphinx) -> None:
    """Describe every page the HTML builders write."""
    app.connect("html-page-context", add_description)
