"""``recently-changed``: the newest entries of "What's new", in a few lines.

The home page answers "what changed lately?" at once: each of the newest
changes readers of this build saw (hub, year, date, new or updated), linked to
its summary, then to the "What's new" page and the site's feed. The changes
are :func:`..changes.latest_changes`'s, the same that "What's new" lists, so
the two never disagree. They come from the history read at the start of the
build, not from the records alone, so a page with this view is looked at again
on every build (:mod:`.update`); it is rewritten only when what it shows
differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ...state import build_state
from ..changes import PAGE
from ..history import long_date
from .base import Links, View

if TYPE_CHECKING:
    from ...source.config import EvidenceConfig
    from ...source.viewspec import ViewSpec
    from ..changes import SummaryChange

SHOWN = 3
"""How many changes the view shows unless its ``:newest:`` says."""


class Entry(NamedTuple):
    """One change, as the view shows it."""

    hub: str
    year: str
    docname: str
    date: str
    new: bool


class Recent(NamedTuple):
    """What the view shows: whether the history is known, and the changes."""

    known: bool
    entries: tuple[Entry, ...]


def data(
    spec: ViewSpec, changes: Sequence[SummaryChange] | None, config: EvidenceConfig
) -> Recent:
    """The newest changes of the summaries the view selects (``changes`` is
    None where the build has no history)."""
    if changes is None:
        return Recent(known=False, entries=())
    chosen = [c for c in changes if spec.query.matches_summary(c.record)]
    return Recent(
        known=True,
        entries=tuple(
            Entry(
                change.record.front_matter.hub or change.record.title,
                change.record.front_matter.year,
                change.record.docname,
                change.date,
                change.new,
            )
            for change in chosen[: spec.newest or SHOWN]
        ),
    )


def render(recent: Recent, links: Links, config: EvidenceConfig) -> list[nodes.Node]:
    """A short list, then where to read more and be told of changes."""
    if not recent.known:
        text = (
            "No changes are known: this copy of the site was built without the "
            "history of its sources."
        )
        return [nodes.paragraph(text, text, classes=["evidence-empty"])]
    result: list[nodes.Node] = []
    if recent.entries:
        listing = nodes.bullet_list(classes=["evidence-recent"])
        for entry in recent.entries:
            line = nodes.paragraph()
            line += links.to(f"{entry.hub}, {entry.year}", entry.docname)
            what = "new summary" if entry.new else "updated"
            line += nodes.Text(f": {what}, {long_date(entry.date)}")
            listing += nodes.list_item("", line)
        result.append(listing)
    else:
        text = "No changes to list yet."
        result.append(nodes.paragraph(text, text, classes=["evidence-empty"]))
    more = nodes.paragraph()
    whats_new = _whats_new_uri(links)
    if whats_new is not None:
        more += nodes.Text("Every recent change is under ")
        more += nodes.reference("", "What's new", internal=True, refuri=whats_new)
        feed = _feed_uri(links)
        if feed is not None:
            more += nodes.Text("; to be told of changes, follow the ")
            more += nodes.reference("", "site's Atom feed", refuri=feed)
        more += nodes.Text(".")
        result.append(more)
    return result


def _whats_new_uri(links: Links) -> str | None:
    """The "What's new" page, where this builder writes it."""
    builder = links.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or builder.format != "html":
        return None
    return links.uri(PAGE)


def _feed_uri(links: Links) -> str | None:
    """The site's feed (the one of every summary), where this build writes one."""
    feeds = build_state(links.builder.env).feeds or {}
    site = next((path for path, feed in feeds.items() if feed.query is None), None)
    if site is None:
        return None
    return relative_uri(links.builder.get_target_uri(links.docname), site)


VIEW = View(data, render, changes=True)
