"""Atom feeds (RFC 4287) of new and updated summaries: one for the whole site,
and one for each strategic goal, tag and hub, beside their browse pages.

``feeds/all.atom`` follows every summary; ``feeds/<facet>/<value>.atom``
follows the summaries of one browse page (``browse/<facet>/<value>.html``) of
the facets in :data:`FEED_FACETS`. They are made from the domain's records
when the site is written, like the exports, so they hold exactly the summaries
of the build's audience, and from the history git gave at the start of the
build (:mod:`.history`), so two builds of one commit give the same files:

- an entry is ``published`` when its summary first became visible to the
  audience, and ``updated`` at its file's last commit; its content is the
  summary's themes (titles and findings), as text in XHTML elements made by
  an XML writer, so nothing an author wrote is ever markup;
- a feed's ``updated`` is its newest entry's (the newest commit's if it has
  none): nothing depends on when the build ran;
- ids are ``urn:uuid:`` names made from the page's name, not its address, so
  they stay the same when the site moves or ``html_baseurl`` is empty; links are
  relative to the feed, and ``xml:base`` gives the feed's own address when
  ``html_baseurl`` is set.

A summary not yet in any commit has no dates and is in no feed until it is
committed. Outside a git repository there are no feeds at all (and no links
to them).
"""

from __future__ import annotations

import dataclasses as dc
import html
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from sphinx.util.osutil import relative_uri

from ..domain.store import get_domain
from ..source.config import get_config
from ..source.facets import HUB_FOLDER, Query, in_order
from ..state import build_state
from .browse.pages import plan
from .builders import is_site_build
from .history import History, history, source_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..source.model import SummaryRecord

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
FEEDS_DIR = "feeds"
SITE_FEED = f"{FEEDS_DIR}/all.atom"
FEED_FACETS = ("strategic-goal", "tags", HUB_FOLDER)
"""The facets whose browse pages each have a feed (a hub's is its timeline)."""
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:maths-hubs-evidence")
"""The namespace of the feeds' ``urn:uuid:`` ids."""
MEDIA_TYPE = "application/atom+xml"


@dc.dataclass(frozen=True)
class Feed:
    """One feed: its file, its title, the page it follows, what it selects."""

    path: str
    """Relative to the output folder, ``feeds/tags/confidence.atom``."""
    title: str
    page: str
    """The page (name) that lists the same summaries."""
    query: Query | None
    """None for every summary."""


def plan_feeds(app: Sphinx, builder: object) -> None:
    """At ``write-started``, once the browse pages are known: this build's feeds
    (none outside a git repository)."""
    found = plan(app)
    feeds: dict[str, Feed] = {}
    if found is not None and history(app).newest is not None:
        config = get_config(app.env)
        project = app.config.project
        title = f"{project}: new and updated summaries"
        feeds[SITE_FEED] = Feed(SITE_FEED, title, app.config.root_doc, None)
        for page in found.pages.values():
            # A browse page of one facet's value (not a gap map's list).
            if not page.pagename.startswith(f"{config.browse_dir}/"):
                continue
            ((facet, _),) = page.query.filters or (("", ()),)
            if facet in FEED_FACETS:
                name = page.pagename.removeprefix(f"{config.browse_dir}/")
                path = f"{FEEDS_DIR}/{name}.atom"
                feeds[path] = Feed(
                    path, f"{project}: {page.title}", page.pagename, page.query
                )
    build_state(app).feeds = feeds


def site_feeds(app: Sphinx) -> dict[str, Feed]:
    """This build's feeds by path (none before the write phase)."""
    return build_state(app).feeds or {}


def page_feed(app: Sphinx, pagename: str) -> Feed | None:
    """The feed that follows a page: a browse page's own, a summary's hub's."""
    record = get_domain(app.env).summaries.get(pagename)
    if record is not None:
        pagename = f"{get_config(app.env).browse_dir}/{HUB_FOLDER}/{record.slug}"
    name = pagename.removeprefix(f"{get_config(app.env).browse_dir}/")
    return site_feeds(app).get(f"{FEEDS_DIR}/{name}.atom")


def _date(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _entry(
    app: Sphinx, feed: Feed, record: SummaryRecord, known: History
) -> tuple[str, ET.Element] | None:
    """A summary's entry, and its date; None if it is in no commit yet."""
    path = source_path(app, record.docname)
    published, updated = known.published(path), known.last_date(path)
    if published is None or updated is None:
        return None
    updated = max(updated, published, key=_date)
    entry = ET.Element("entry")
    _text(entry, "id", f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, record.docname)}")
    _text(entry, "title", f"{record.title} ({record.front_matter.year})")
    page = app.builder.get_target_uri(record.docname)
    ET.SubElement(
        entry,
        "link",
        {
            "rel": "alternate",
            "type": "text/html",
            "href": relative_uri(feed.path, page),
        },
    )
    _text(entry, "published", published)
    _text(entry, "updated", updated)
    author = ET.SubElement(entry, "author")
    _text(author, "name", record.front_matter.hub or record.title)
    changes = known.changes.get(path, ())
    note = (changes[0].note if changes else "") or record.front_matter.change_note
    if note:
        _text(entry, "summary", note)
    content = ET.SubElement(entry, "content", {"type": "xhtml"})
    themes = ET.SubElement(content, "div", {"xmlns": XHTML})
    for theme in record.themes:
        _text(themes, "h2", theme.title)
        _text(themes, "p", theme.finding)
    return updated, entry


def feed_xml(app: Sphinx, feed: Feed, records: list[SummaryRecord]) -> bytes:
    """The feed's XML: newest entry first."""
    known = history(app)
    entries = [
        found
        for record in in_order(records)
        if feed.query is None or feed.query.matches_summary(record)
        if (found := _entry(app, feed, record, known)) is not None
    ]
    # Newest first; summaries updated at once keep the listings' order.
    entries.sort(key=lambda found: _date(found[0]), reverse=True)
    root = ET.Element("feed", {"xmlns": ATOM})
    if app.config.html_baseurl:
        base = urljoin(app.config.html_baseurl.rstrip("/") + "/", feed.path)
        root.set("xml:base", base)
    _text(root, "id", f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, feed.path)}")
    _text(root, "title", feed.title)
    newest = entries[0][0] if entries else history(app).newest
    assert newest is not None  # there are feeds only where there is a history
    _text(root, "updated", newest)
    author = ET.SubElement(root, "author")
    _text(author, "name", app.config.project)
    ET.SubElement(
        root,
        "link",
        {"rel": "self", "type": MEDIA_TYPE, "href": feed.path.rpartition("/")[2]},
    )
    page = app.builder.get_target_uri(feed.page)
    ET.SubElement(
        root,
        "link",
        {
            "rel": "alternate",
            "type": "text/html",
            "href": relative_uri(feed.path, page),
        },
    )
    root.extend(entry for _, entry in entries)
    ET.indent(root)
    # Encoded here: a declaration written for "unicode" names the locale's.
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """At the end of a site build: every feed whose text changed (and only those,
    so an unchanged site writes none)."""
    if exception is not None or not is_site_build(app.builder):
        return
    outdir = Path(app.outdir)
    records = list(get_domain(app.env).summaries.values())
    for feed in site_feeds(app).values():
        xml = feed_xml(app, feed, records)
        path = outdir / feed.path
        if path.is_file() and path.read_bytes() == xml:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xml)


def feed_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: object,
) -> None:
    """Advertise the site's feed, and the page's own, in every page's ``<head>``;
    give the template the page's own for a visible link."""
    if not is_site_build(app.builder):
        return
    feeds = site_feeds(app)
    if not feeds:
        return
    pathto = context["pathto"]
    own = page_feed(app, pagename)
    shown = [feeds[SITE_FEED], *([own] if own else [])]
    links = "".join(
        f'<link rel="alternate" type="{MEDIA_TYPE}" title="{html.escape(feed.title)}" '
        f'href="{html.escape(pathto(feed.path, 1))}"/>\n'
        for feed in shown
    )
    context["metatags"] = context.get("metatags", "") + links
    context["evidence_site_feed"] = pathto(SITE_FEED, 1)
    if own:
        context["evidence_feed"] = {"href": pathto(own.path, 1), "title": own.title}


def setup_feeds(app: Sphinx) -> None:
    """Write the feeds with the exports; link them from every page."""
    # After the browse pages are planned (50), before the output record
    # counts the files this build may write (100).
    app.connect("write-started", plan_feeds, priority=60)
    app.connect("build-finished", write_feeds)
    app.connect("html-page-context", feed_links)
