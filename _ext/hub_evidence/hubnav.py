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

from .config import get_config
from .domain import get_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .model import SummaryRecord

TEMPLATES = Path(__file__).parent / "templates"
INDEX_KEY = "_evidence_hub_records"


@dc.dataclass(frozen=True)
class NavLink:
    """One entry of the hub sidebar."""

    title: str
    url: str
    level: int = 1
    current: bool = False


def index_hubs(app: Sphinx, builder: Builder) -> None:
    """Group the records by hub once, before the pages are written."""
    by_hub: defaultdict[str, list[SummaryRecord]] = defaultdict(list)
    for record in get_domain(app.env).summaries.values():
        by_hub[record.slug].append(record)
    for records in by_hub.values():
        records.sort(key=lambda record: (record.front_matter.year, record.docname))
    setattr(app, INDEX_KEY, by_hub)


def _hub_of(pagename: str, hubs_dir: str, browse_dir: str) -> str | None:
    parts = pagename.split("/")
    if parts[:-3] == hubs_dir.split("/") and len(parts) >= 4:
        return parts[-2]
    if pagename.startswith(f"{browse_dir}/hub/") and parts[-1] != "index":
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
    config = get_config(app.env)
    slug = _hub_of(pagename, config.hubs_dir, config.browse_dir)
    records = getattr(app, INDEX_KEY, {}).get(slug) if slug else None
    if not records:
        return
    env, builder = app.env, app.builder

    def link(title: str, docname: str, level: int = 1) -> NavLink:
        url = builder.get_relative_uri(pagename, docname)
        return NavLink(title, url, level, current=docname == pagename)

    links = []
    for record in records:
        links.append(link(f"Summary {record.front_matter.year}", record.docname))
        for page in env.toctree_includes.get(record.docname, []):
            title = env.titles[page].astext() if page in env.titles else page
            links.append(link(title, page, level=2))
    links.append(link("All years side by side", f"{config.browse_dir}/hub/{slug}"))
    name = records[-1].front_matter.hub or records[-1].title
    context["evidence_hub_nav"] = {"title": name, "links": links}


def setup_hub_navigation(app: Sphinx) -> None:
    """Offer the ``evidence-hub-nav.html`` sidebar template, and fill it in."""
    app.connect("config-inited", _add_templates)
    app.connect("write-started", index_hubs)
    app.connect("html-page-context", hub_navigation)


def _add_templates(app: Sphinx, config: Config) -> None:
    # Before the builder is set up: it reads templates_path when it starts. A new
    # list, not append(): the default list is shared by every Sphinx app.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
