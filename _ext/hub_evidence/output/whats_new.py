"""The "What's new" page: the latest changes to the summaries, newest first,
each with what changed in its themes.

Made, like the browse pages, from the records when the site is written
(``html-collect-pages``), so it lists only the summaries of the build's
audience. Each change is one commit of a summary's file (from the history
read at the start of the build, :mod:`.history`); only the newest
:data:`CHANGES_SHOWN` are looked at, so the page costs the same at 800
summaries as at 8. For each, the file as the commit left it and as it was
before are read in one ``git cat-file --batch`` and their themes compared by a
light reading of the ``{theme}`` directives (title, then text).

Readers must learn nothing from the page that the site did not show them:

- a change that left the summary, or found it, outside the audience (a draft, a
  summary withdrawn for a while) is not a change readers saw: the first version
  they could see is listed as "New summary", and versions they could not see
  are not listed at all;
- a theme is named only if the summary still has it (a link to it); a theme
  removed or renamed since is counted, not named, since it may have been taken
  out for a reason.
"""

from __future__ import annotations

import dataclasses as dc
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ..domain.store import get_domain
from ..source.audience import visible_to
from ..source.config import get_config
from ..source.frontmatter import FrontMatterError, split_front_matter
from .browse.pages import page_html
from .feeds import SITE_FEED, site_feeds
from .history import file_versions, history, long_date, source_path

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from ..source.config import EvidenceConfig
    from ..source.model import SummaryRecord

PAGE = "whats-new"
TITLE = "What's new"
CHANGES_SHOWN = 20
"""How many of the latest changes the page lists."""

_THEME = re.compile(r"^(:{3,})\{theme\}[ \t]*(.*?)[ \t]*$")
_FENCE = re.compile(r"^:{3,}")
_OPTION = re.compile(r"^:[\w-]+:")
_KEY = re.compile(r"^(status|sharing):[ \t]*([^\s#'\"]+)", re.MULTILINE)


@dc.dataclass(frozen=True)
class SummaryChange:
    """One change to a summary, as the page lists it."""

    record: SummaryRecord
    date: str
    note: str
    new: bool
    """The first version readers could see."""
    added: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    """Theme titles, of themes the summary still has."""
    others: int = 0
    """Themes added, edited or removed that it no longer has (not named)."""


def themes(text: str) -> dict[str, str]:
    """A summary's themes as written: title (case folded) -> its text."""
    found: dict[str, str] = {}
    title: str | None = None
    lines: list[str] = []
    for line in [*text.splitlines(), ":::"]:
        match = _THEME.match(line)
        if title is not None and (match or _FENCE.match(line)):
            found[title] = " ".join(" ".join(lines).split())
            title = None
        if match:
            title, lines = match[2].casefold(), []
        elif title is not None and not _OPTION.match(line):
            lines.append(line)
    return found


def _visible(text: str | None, config: EvidenceConfig) -> bool:
    """Whether a version of a summary was one this build's audience may see."""
    if text is None:
        return False
    try:
        block = split_front_matter(text)
    except FrontMatterError:
        return False
    keys = dict(_KEY.findall(block.text)) if block else {}
    vocabularies = config.vocabularies
    status = vocabularies["statuses"].lookup(keys.get("status", "")) or ""
    sharing = vocabularies["sharing_levels"].lookup(keys.get("sharing", "")) or ""
    return visible_to(config.audience, status, sharing)


def latest_changes(app: Sphinx) -> list[SummaryChange]:
    """The newest changes readers of this build saw, newest first."""
    known = history(app)
    config = get_config(app.env)
    records = {
        source_path(app, r.docname): r for r in get_domain(app.env).summaries.values()
    }
    commits = sorted(
        (
            (change.date, change.commit, path, change.note)
            for path in sorted(records)
            for change in known.changes.get(path, ())
        ),
        key=lambda item: (datetime.fromisoformat(item[0]), item[2]),
        reverse=True,
    )
    # Some of the newest may be versions readers never saw: look a little further.
    commits = commits[: CHANGES_SHOWN * 2]
    revisions = [
        f"{commit}{parent}:{path}"
        for _, commit, path, _ in commits
        for parent in ("", "^")
    ]
    texts = file_versions(Path(app.srcdir), revisions)
    changes = []
    for date, commit, path, note in commits:
        after, before = texts[f"{commit}:{path}"], texts[f"{commit}^:{path}"]
        if not _visible(after, config):
            continue
        record = records[path]
        newest = commit == known.changes[path][0].commit
        # A front-matter note is its summary's newest change's, if it gave none.
        said = note or (record.front_matter.change_note if newest else "")
        if not _visible(before, config):
            changes.append(SummaryChange(record, date, said, new=True))
        else:
            changes.append(_compared(record, date, said, before or "", after or ""))
        if len(changes) == CHANGES_SHOWN:
            break
    return changes


def _compared(
    record: SummaryRecord, date: str, note: str, before: str, after: str
) -> SummaryChange:
    old, new = themes(before), themes(after)
    kept = {theme.title.casefold(): theme.title for theme in record.themes}
    added = [title for title in new if title not in old]
    edited = [title for title in new if title in old and old[title] != new[title]]
    removed = [title for title in old if title not in new]
    shown_added = tuple(kept[title] for title in added if title in kept)
    shown_edited = tuple(kept[title] for title in edited if title in kept)
    others = len(added) + len(edited) + len(removed)
    others -= len(shown_added) + len(shown_edited)
    return SummaryChange(
        record, date, note, False, shown_added, shown_edited, others=others
    )


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


def collect_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """At ``html-collect-pages``: the page (in site builds with a history)."""
    builder = app.builder
    if (
        not isinstance(builder, StandaloneHTMLBuilder)
        or builder.format != "html"
        or history(app).newest is None
    ):
        return
    body = page_body(app, builder, latest_changes(app))
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
