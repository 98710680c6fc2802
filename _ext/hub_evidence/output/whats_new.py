"""The "What's new" page: the latest changes to the summaries, newest first,
each with what changed in its themes.

Made, like the browse pages, from the records when the site is written
(``html-collect-pages``), so it lists only the summaries of the build's
audience; what changed, and what readers may learn of it, is
:func:`.changes.latest_changes`'s to say.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from .browse.pages import frame_of, page_html, plan
from .changes import PAGE, SummaryChange, latest_changes
from .feeds import SITE_FEED, site_feeds
from .history import history, long_date
from .unfinished import earlier_build_unfinished

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

TITLE = "What's new"
STAMP = "evidence-whats-new.sha256"
"""In the doctree folder: the digest of what the page was last written from."""


def _words(change: SummaryChange) -> str:
    """What changed in the themes, in words."""
    if change.new:
        return "New summary."
    if not (change.added or change.edited or change.others):
        return "Updated; its themes are unchanged."
    return "Updated."


def page_body(
    app: Sphinx, builder: StandaloneHTMLBuilder, changes: list[SummaryChange]
) -> str:
    """The page's text, written by the builder's own translator."""
    document = new_document(PAGE, builder.docsettings)
    section = nodes.section(ids=["whats-new"], names=["what's new"])
    document.ids["whats-new"] = section
    section += nodes.title(TITLE, TITLE)
    intro = (
        "The latest changes to the summaries on this site, newest first: new "
        "summaries, and updates with what changed in their themes."
    )
    section += nodes.paragraph(intro, intro)
    if SITE_FEED in site_feeds(app):
        feed = relative_uri(builder.get_target_uri(PAGE), SITE_FEED)
        paragraph = nodes.paragraph()
        paragraph += nodes.Text("To be told of changes, follow the ")
        paragraph += nodes.reference(
            "", "Atom feed of new and updated summaries", refuri=feed
        )
        paragraph += nodes.Text(".")
        section += paragraph
    if not changes:
        text = "There are no changes to list yet."
        section += nodes.paragraph(text, text)
    listing = nodes.bullet_list(classes=["evidence-whats-new"])
    for change in changes:
        listing += _item(builder, change)
    if changes:
        section += listing
    document += section
    return page_html(builder, document)


def _item(builder: StandaloneHTMLBuilder, change: SummaryChange) -> nodes.list_item:
    record = change.record
    uri = builder.get_relative_uri(PAGE, record.docname)
    item = nodes.list_item()
    head = nodes.paragraph()
    head += nodes.strong("", long_date(change.date))
    head += nodes.Text(": ")
    head += nodes.reference(
        "", f"{record.title} ({record.front_matter.year})", refuri=uri
    )
    head += nodes.Text(f". {_words(change)}")
    if change.note:
        head += nodes.Text(f" {change.note}")
    item += head
    anchors = {theme.title: theme.anchor for theme in record.themes}
    details = nodes.bullet_list()
    for label, titles in (
        ("Themes added", change.added),
        ("Themes edited", change.edited),
    ):
        if titles:
            line = nodes.paragraph()
            line += nodes.Text(f"{label}: ")
            for index, title in enumerate(titles):
                if index:
                    line += nodes.Text(", ")
                line += nodes.reference("", title, refuri=f"{uri}#{anchors[title]}")
            details += nodes.list_item("", line)
    if change.others:
        count = f"{change.others} theme{'s' if change.others > 1 else ''}"
        text = f"{count} added, edited or removed that the summary no longer has."
        details += nodes.list_item("", nodes.paragraph(text, text))
    if len(details):
        item += details
    return item


def whats_new_pages(app: Sphinx) -> list[str]:
    """The page, in site builds with a history (none otherwise)."""
    builder = app.builder
    written = isinstance(builder, StandaloneHTMLBuilder) and builder.format == "html"
    return [PAGE] if written and history(app).newest is not None else []


def collect_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """At ``html-collect-pages``: the page, unless what it is made from (the
    changes, the frame around it, the build's settings) is as when it was last
    written: a rebuild with nothing changed writes no page."""
    builder = app.builder
    if not whats_new_pages(app):
        return
    assert isinstance(builder, StandaloneHTMLBuilder)
    changes = latest_changes(app.env)
    browse = plan(app)
    inputs = (
        browse.settings if browse else None,
        frame_of(app.env, app.config.root_doc, app.env.collect_relations()),
        changes,
    )
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
    stamp = Path(app.doctreedir) / STAMP
    if (
        Path(builder.get_outfilename(PAGE)).is_file()
        and not earlier_build_unfinished(app)
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8") == digest
    ):
        return
    # Before the page is written: a build stopped meanwhile is marked
    # unfinished, and the next one writes the page again.
    stamp.write_text(digest, encoding="utf-8")
    body = page_body(app, builder, changes)
    yield (
        PAGE,
        {
            "title": TITLE,
            "body": body,
            "parents": [],
            "prev": None,
            "next": None,
            "meta": None,
            "metatags": "",
            "sourcename": "",
            "toc": "",
            "display_toc": False,
            "page_source_suffix": "",
        },
        "page.html",
    )


def footer_link(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: object,
) -> None:
    """Every page's footer links to the page, where there is one."""
    if history(app).newest is not None:
        context["evidence_whats_new"] = context["pathto"](PAGE)


def setup_whats_new(app: Sphinx) -> None:
    """Write the page with the other generated pages; link it from every page."""
    app.connect("html-collect-pages", collect_page)
    app.connect("html-page-context", footer_link)
