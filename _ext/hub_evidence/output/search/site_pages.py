"""What the search finds besides the summaries: the guide and the site's other pages.

They are indexed apart from the evidence (``pagefind-site/``) and searched
apart when a reader searches (``evidence-search.js``): their results are a
short list of their own, after the evidence's, so the guide's many words never
change how findings rank, nor push a finding down the list, and the evidence's
facets and counts are the summaries' alone.

One record per section of a page (its introduction, then each part under a
heading of its own), linking to the section's anchor. Summaries and their
appendix pages are the evidence index's; the browse pages are lists made when
the site is written, whose entries the evidence search finds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes

from ...domain.store import get_domain
from ...source.nodes import aggregate
from .page import search_box
from .records import SearchRecord

if TYPE_CHECKING:
    from sphinx.builders import Builder

SITE_PAGES = "Guide and site pages"
"""What every result of this index is, as its results say."""
LEFT_OUT = (aggregate, search_box, nodes.comment, nodes.raw, nodes.literal_block)
"""What no record holds: cross-hub views (placeholders until written, and made
of the summaries, which the evidence index has), the search box, comments, raw
markup and blocks of code or sample text (front matter, commands: words of no
prose, whose bits, such as ``-u``, Pagefind would find for longer words)."""


def site_page_records(builder: Builder) -> list[SearchRecord]:
    """A record for each section of every page that is not a summary's."""
    env = builder.env
    domain = get_domain(env)
    records = []
    for docname in sorted(env.found_docs):
        if docname in domain.summaries or docname in domain.appendix_pages:
            continue
        title = env.titles[docname].astext() if docname in env.titles else docname
        page = builder.get_target_uri(docname)
        for anchor, heading, text in _sections(env.get_doctree(docname)):
            if not text:
                continue
            shown = f"{title}: {heading}" if anchor else title
            url = f"{page}#{anchor}" if anchor else page
            meta = {"section": SITE_PAGES, "page": title}
            records.append(SearchRecord(url, shown, text, meta, {}))
    return records


def _sections(doctree: nodes.document) -> Iterator[tuple[str, str, str]]:
    """(anchor, heading, text) of the page's introduction (anchor "") and of each
    section below its title, nested ones with their parents."""
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        yield "", "", _text(doctree.children)
        return
    yield "", "", _text([c for c in top.children if not isinstance(c, nodes.section)])
    for section in top.findall(nodes.section, include_self=False):
        if section.parent is not top:
            continue
        heading = section[0].astext() if isinstance(section[0], nodes.title) else ""
        anchor = section["ids"][0] if section["ids"] else ""
        yield anchor, heading, _text(section.children)


def _text(children: list[nodes.Node]) -> str:
    """The words of ``children``, without what no record holds."""
    words = []
    for child in children:
        if isinstance(child, (nodes.title, *LEFT_OUT)):
            continue
        copy = child.deepcopy()
        for node in list(copy.findall(lambda n: isinstance(n, LEFT_OUT))):
            node.parent.remove(node)
        words.append(copy.astext())
    return " ".join(" ".join(words).split())
