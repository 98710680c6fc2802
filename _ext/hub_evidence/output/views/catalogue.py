"""``hub-catalogue``: a card for each selected summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...source.design import design_parts
from ...source.facets import FACETS, in_order
from ...source.viewspec import ViewSpec
from .base import Links, View, empty

if TYPE_CHECKING:
    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord


class Card(NamedTuple):
    """What one card shows."""

    hub: str
    year: str
    docname: str
    regions: tuple[str, ...]
    goals: tuple[str, ...]
    question: str
    themes: int


def data(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> tuple[Card, ...]:
    """The matching summaries, newest first (only the ``newest`` if it says)."""
    regions, goals = FACETS["region"], FACETS["strategic-goal"]
    chosen = [
        record for record in in_order(records) if spec.query.matches_summary(record)
    ]
    return tuple(
        Card(
            record.front_matter.hub or record.title,
            record.front_matter.year,
            record.docname,
            regions.shown_values(record, config),
            goals.shown_values(record, config),
            next(iter(record.front_matter.research_questions), ""),
            len(record.themes),
        )
        for record in chosen[: spec.newest or None]
    )


def render(
    cards: tuple[Card, ...], links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    """sphinx-design cards in a responsive grid."""
    if not cards:
        return empty("summaries match")
    design = design_parts(links.builder.env)
    columns = []
    for card in cards:
        facets = " · ".join((*card.regions, *card.goals))
        themes = f"{card.themes} theme{'s' if card.themes != 1 else ''}"
        body = (
            nodes.paragraph(facets, facets, classes=["evidence-card-facets"]),
            design.make_card_text(card.question, "evidence-card-question"),
            nodes.paragraph(themes, themes, classes=["evidence-card-count"]),
        )
        title = links.to(f"{card.hub}, {card.year}", card.docname)
        box = design.make_card(*body, title=title, classes=("evidence-card",))
        columns.append(design.make_column(box))
    return [design.make_grid(columns, "evidence-catalogue")]


VIEW = View(data, render)
