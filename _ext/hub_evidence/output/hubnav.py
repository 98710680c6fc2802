"""The sidebar of a hub's pages: its summaries, their appendices and its timeline.

With hundreds of summaries, the theme's sidebar would list every summary of
the year on every summary page: long, of little use, and a cost that grows
with the square of the site. A hub's pages get a sidebar of the hub's own
pages instead, whatever the size of the site.
"""

from __future__ import annotations

import dataclasses as dc
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.store import get_domain
from ..source.config import get_config
from ..source.facets import HUB_FOLDER
from ..source.vocabulary import tag_slug
from ..state import build_state

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..source.config import EvidenceConfig
    from ..source.model import SummaryRecord

TEMPLATES = Path(__file__).parent / "templates"
HUB_NAV_TEMPLATE = "evidence-hub-nav.html"
"""The sidebar template that shows a hub's pages (``html_sidebars``)."""


@dc.dataclass(frozen=True)
class NavLink:
    """One entry of the hub sidebar."""

    title: str
    url: str
    level: int = 1
    current: bool = False


@dc.dataclass(frozen=True)
class HubPages:
    """What a hub's sidebar lists: its name, and (title, docname, level) entries."""

    name: str
    entries: tuple[tuple[str, str, int], ...]


def hubs_pages(env: BuildEnvironment) -> dict[str, HubPages]:
    """Each hub's sidebar (by the hub's folder name), from the records."""
    config = get_config(env)
    by_hub: defaultdict[str, list[SummaryRecord]] = defaultdict(list)
    for record in get_domain(env).summaries.values():
        by_hub[record.slug].append(record)
    hubs = {}
    for slug, records in by_hub.items():
        records.sort(key=lambda record: (record.front_matter.year, record.docname))
        entries = []
        for record in records:
            entries.append((f"Summary {record.front_matter.year}", record.docname, 1))
            for page in env.toctree_includes.get(record.docname, []):
                title = env.titles[page].astext() if page in env.titles else page
                entries.append((title, page, 2))
        if tag_slug(slug) == slug:  # others have no timeline (and are warned about)
            timeline = f"{config.browse_dir}/{HUB_FOLDER}/{slug}"
            entries.append(("All years side by side", timeline, 1))
        name = records[-1].front_matter.hub or records[-1].title
        hubs[slug] = HubPages(name, tuple(entries))
    return hubs


def index_hubs(app: Sphinx, builder: Builder) -> None:
    """Make each hub's sidebar once, before the pages are written."""
    build_state(app).hub_pages = hubs_pages(app.env)


def hub_of(pagename: str, config: EvidenceConfig) -> str | None:
    """The hub (folder name) whose pages ``pagename`` is one of, if any."""
    parts = pagename.split("/")
    if parts[:-3] == config.hubs_dir.split("/") and len(parts) >= 4:
        return parts[-2]
    if pagename.startswith(f"{config.browse_dir}/hub/") and parts[-1] != "index":
        return parts[-1]
    return None


def hub_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give a hub's pages the links of their sidebar (``html-page-context``)."""
    slug = hub_of(pagename, get_config(app.env))
    hub = build_state(app).hub_pages.get(slug) if slug else None
    if hub is None:
        return
    links = [
        NavLink(
            title,
            app.builder.get_relative_uri(pagename, docname),
            level,
            current=docname == pagename,
        )
        for title, docname, level in hub.entries
    ]
    context["evidence_hub_nav"] = {"title": hub.name, "links": links}


def setup_hub_navigation(app: Sphinx) -> None:
    """Offer the ``evidence-hub-nav.html`` sidebar template, and fill it in."""
    app.connect("config-inited", _add_templates)
    # Before the browse pages are planned (50): their digests include the sidebars.
    app.connect("write-started", index_hubs, priority=40)
    app.connect("html-page-context", hub_navigation)


def _add_templates(app: Sphinx, config: Config) -> None:
    # Before the builder is set up: it reads templates_path when it starts. A new
    # list, not append(): the default list is shared by every Sphinx app.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
