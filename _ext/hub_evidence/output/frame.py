"""The frame around each page's text, and writing again pages whose frame changed.

Sphinx writes a page again when its source changes, or a page its toctree
lists. But a page also shows its neighbours (previous and next), its ancestors
(breadcrumbs), the navigation bar, the sidebar's entries, its hub's other
pages, the dates of its commits and the titles of the pages it links to.
When one of those changes and the
page's own source does not, Sphinx keeps the old page, which may then name and
link a summary that has been withdrawn, and differs from a fresh build's.

So each page's frame is summed up in a digest after every reading, and a page
whose digest changed is written again. An incremental build then writes what a
fresh build would (titles written in a toctree entry itself, ``Title <page>``,
are not followed: the site's toctrees list pages by name).
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import TYPE_CHECKING

from ..domain.store import get_domain
from ..source.config import get_config
from .history import page_date, page_updates
from .hubnav import HUB_NAV_TEMPLATE, hub_of, hubs_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def stale_frames(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose frame differs from when they were last written (``env-updated``)."""
    if app.builder.format != "html":
        return []  # only HTML pages have a frame
    config = get_config(env)
    relations = env.collect_relations()
    hubs = hubs_pages(env)
    root = app.config.root_doc
    sidebars = getattr(app.builder, "_get_sidebars", None)

    @cache
    def title(docname: str | None) -> str:
        node = env.titles.get(docname) if docname else None
        return node.astext() if node is not None else ""

    @cache
    def children(docname: str) -> tuple[tuple[str, str], ...]:
        return tuple(
            (page, title(page)) for page in env.toctree_includes.get(docname, ())
        )

    def ancestors(docname: str) -> list[str]:
        chain: list[str] = []
        parent = relations.get(docname, [None])[0]
        while parent and parent not in chain:
            chain.append(parent)
            parent = relations.get(parent, [None])[0]
        return chain

    domain = get_domain(env)

    def links(docname: str) -> list[tuple[str, bool, str]]:
        return [
            (page, page in env.found_docs, title(page))
            for page in domain.links.get(docname, ())
        ]

    def frame(docname: str) -> str:
        _, previous, following = relations.get(docname, [None, None, None])
        above = ancestors(docname)
        hub = hubs.get(hub_of(docname, config) or "")
        shown = sidebars(docname) if sidebars else None
        toctree_sidebar = shown is None or (
            shown and not (hub and set(shown) == {HUB_NAV_TEMPLATE})
        )
        parts = (
            [(page, title(page)) for page in (previous, following)],
            [(page, title(page)) for page in above],
            children(root),
            [children(page) for page in [docname, *above]] if toctree_sidebar else [],
            hub,
            page_date(app, docname),
            page_updates(app, docname),
            links(docname),
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    known = domain.frames
    new = {docname: frame(docname) for docname in sorted(env.found_docs)}
    stale = [docname for docname, digest in new.items() if known.get(docname) != digest]
    known.clear()
    known.update(new)
    return stale


def setup_frames(app: Sphinx) -> None:
    """After the views are brought up to date."""
    app.connect("env-updated", stale_frames, priority=700)
