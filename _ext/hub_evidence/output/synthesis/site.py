"""Every synthesis page of a site, in navigation order (:mod:`.content`,
:mod:`.anonymised`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.reidentify import anonymisable_themes
from ...source.facets import in_order
from ..exports import goal_keys, goal_themes
from ..page_digests import linked
from .anonymised import anonymised_synthesis, anonymised_topic_synthesis
from .content import (
    GOAL,
    SynthesisPage,
    _Evidence,
    goal_synthesis,
    topic_synthesis,
    topics_in_use,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord


def synthesis_pages(
    records: Iterable[SummaryRecord], config: EvidenceConfig
) -> dict[str, SynthesisPage]:
    """Every synthesis page of these records, by page name, in navigation order:
    the goals', the topics', then the anonymised forms of each (every goal's and
    topic's, so that a page's existence says nothing of whether its hubs agreed
    to anonymised use)."""
    records = in_order(records)
    evidence = _Evidence(records, config)
    goals = [goal for goal in goal_keys(config) if GOAL.slug(goal)]
    topics = topics_in_use(records, config)
    allowed = anonymisable_themes(records, config)
    exported = {goal: goal_themes(records, allowed, goal, config) for goal in goals}
    slugs = {record.docname: record.slug for record in records}
    pages = [
        *linked([goal_synthesis(goal, evidence) for goal in goals]),
        *linked([topic_synthesis(tag, evidence) for tag in topics]),
        *linked(
            [
                anonymised_synthesis(goal, exported[goal], slugs, config)
                for goal in goals
            ]
        ),
        *linked(
            [anonymised_topic_synthesis(tag, exported, slugs, config) for tag in topics]
        ),
    ]
    return {page.pagename: page for page in pages}
