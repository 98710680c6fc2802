"""The gap map's lists: one page per strategic goal, under the page of the map.

A cell of the gap map (:mod:`..views.gap_map`) links to the findings behind
it, which must be readable without any script. They are listed per goal (a
row of the map), one page each, ``<map page>/<goal>`` (``gap-map/primary``),
with one table per topic group and year, anchored as the map's links expect.
One page per goal, not per cell, keeps the number of pages small (a handful
of goals, not one per goal, group and year) while no page lists more than one
goal's findings.

They are browse pages (:mod:`.pages`): made from the records when the site is
written, written only when what they show changed, with their frame given
explicitly (their parent is the page holding the map, so the navigation
marks it). They exist only for a page that holds a ``gap-map`` view, and show
what its first one selects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.store import get_domain
from ...source.config import get_config
from ...source.facets import Query
from ...source.viewspec import ViewSpec
from ...state import build_state
from ..views.gap_map import GOAL, goal_page, grouped
from .pages import BrowsePage

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ...source.config import EvidenceConfig

VIEW = "gap-map"


def goal_pages(
    docname: str, spec: ViewSpec, config: EvidenceConfig
) -> list[BrowsePage]:
    """The list pages of the map on ``docname``, each linked to its neighbours."""
    goals = config.vocabularies[GOAL.vocabulary or ""].terms
    pages = []
    for goal, label in goals.items():
        if not GOAL.slug(goal):
            continue
        query = Query(((GOAL.name, (goal,)), *spec.query.filters))
        pages.append(
            BrowsePage(
                goal_page(docname, goal),
                f"Gap map: {label}",
                f"The findings behind the “{label}” row of the evidence gap map, "
                f"by {'topic group' if grouped(config) else 'tag'} and year, each "
                "linked to its place in its summary.",
                (("", ViewSpec("gap-map-list", query, key=goal)),),
                docname,
            )
        )
    names = [page.pagename for page in pages]
    return [
        BrowsePage(
            page.pagename,
            page.title,
            page.intro,
            page.sections,
            page.parent,
            names[index - 1] if index else None,
            names[index + 1] if index + 1 < len(names) else None,
        )
        for index, page in enumerate(pages)
    ]


def add_gap_map_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """At ``env-updated``, after the browse pages are made: the lists of every
    page holding a gap map."""
    pages = build_state(env).browse_pages
    if pages is None:
        return
    config = get_config(env)
    for docname, specs in sorted(get_domain(env).views.items()):
        spec = next((s for s in specs if s.view == VIEW), None)
        if spec is not None:
            for page in goal_pages(docname, spec, config):
                pages.setdefault(page.pagename, page)


def setup_gap_map_pages(app: Sphinx) -> None:
    """Make the gap map's lists with the browse pages (500), before the views
    are checked for changes (600)."""
    app.connect("env-updated", add_gap_map_pages, priority=550)
