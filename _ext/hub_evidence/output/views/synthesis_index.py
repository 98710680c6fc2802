"""The list of the synthesis pages (``synthesis-index``), on ``synthesis/index``.

The synthesis pages are made when the site is written (:mod:`..synthesis`), so
a committed page cannot name them: this view lists each strategic goal's page,
each topic's page (topics in use, by group), and the anonymised form of each,
with how many themes and hubs are behind the first two. Like every view, it is
written again exactly when what it lists changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...source.facets import in_order
from ..exports import goal_keys
from ..synthesis.content import (
    GOAL,
    TOPIC,
    anonymised_page,
    anonymised_topic_page,
    goal_page,
    topic_page,
    topics_in_use,
)
from .base import Links, View

if TYPE_CHECKING:
    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord
    from ...source.viewspec import ViewSpec


class Listed(NamedTuple):
    label: str
    docname: str
    themes: int
    hubs: int


class Listing(NamedTuple):
    heading: str
    pages: tuple[Listed, ...]


def data(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> tuple[Listing, ...]:
    records = in_order(r for r in records if spec.query.matches_summary(r))
    goals = [goal for goal in goal_keys(config) if GOAL.slug(goal)]

    def listed(label: str, docname: str, themed: list[tuple[str, int]]) -> Listed:
        return Listed(label, docname, len(themed), len({slug for slug, _ in themed}))

    by_goal = [
        listed(
            GOAL.label(goal, config),
            goal_page(goal),
            [
                (r.slug, index)
                for r in records
                if goal in GOAL.summary_values(r)
                for index, _ in enumerate(r.themes)
            ],
        )
        for goal in goals
    ]
    topics: dict[str, list[Listed]] = {}
    tags = topics_in_use(records, config)
    for tag in tags:
        themed = [
            (r.slug, index)
            for r in records
            for index, theme in enumerate(r.themes)
            if tag in theme.tags
        ]
        group = TOPIC.group(tag, config) or "Topics"
        topics.setdefault(group, []).append(
            listed(TOPIC.label(tag, config), topic_page(tag), themed)
        )
    return (
        Listing("By strategic goal", tuple(by_goal)),
        *(
            Listing(f"By topic: {group}", tuple(pages))
            for group, pages in topics.items()
        ),
        Listing(
            "Anonymised, for strategic-goal evaluation: by strategic goal",
            tuple(
                Listed(GOAL.label(goal, config), anonymised_page(goal), -1, -1)
                for goal in goals
            ),
        ),
        Listing(
            "Anonymised, for strategic-goal evaluation: by topic",
            tuple(
                Listed(TOPIC.label(tag, config), anonymised_topic_page(tag), -1, -1)
                for tag in tags
            ),
        ),
    )


def render(
    listings: tuple[Listing, ...], links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    shown: list[nodes.Node] = []
    for listing in listings:
        if not listing.pages:
            continue
        heading = nodes.paragraph()
        heading += nodes.strong(listing.heading, listing.heading)
        items = nodes.bullet_list(classes=["evidence-synthesis-index"])
        for page in listing.pages:
            line = nodes.paragraph()
            line += links.to(page.label, page.docname)
            if page.themes >= 0:
                themes = f"{page.themes} theme{'' if page.themes == 1 else 's'}"
                hubs = f"{page.hubs} hub{'' if page.hubs == 1 else 's'}"
                line += nodes.Text(f": {themes} from {hubs}")
            items += nodes.list_item("", line)
        shown += [heading, items]
    return shown


VIEW = View(data, render)
