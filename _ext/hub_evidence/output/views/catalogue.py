"""``hub-catalogue``: a card for each selected summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...source.facets import FACETS, in_order
from ...source.nodes import div
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
    """The matching summaries, newest first."""
    regions, goals = FACETS["region"], FACETS["strategic-goal"]
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
        for record in in_order(records)
        if spec.query.matches_summary(record)
    )


def _text(text: str, *classes: str) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=list(classes))


def render(
    cards: tuple[Card, ...], links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    """sphinx-design cards in a responsive grid."""
    if not cards:
        return empty("summaries match")
    row = div(
        classes=[
            "sd-row",
            "sd-row-cols-1",
            "sd-row-cols-md-2",
            "sd-row-cols-lg-3",
            "sd-g-3",
        ]
    )
    for card in cards:
        title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold"])
        title += links.to(f"{card.hub}, {card.year}", card.docname)
        body = div(
            title,
            _text(" · ".join((*card.regions, *card.goals)), "evidence-card-facets"),
            _text(card.question, "sd-card-text", "evidence-card-question"),
            _text(
                f"{card.themes} theme{'s' if card.themes != 1 else ''}",
                "evidence-card-count",
            ),
            classes=["sd-card-body"],
        )
        box = div(
            body,
            classes=[
                "sd-card",
                "sd-sphinx-override",
                "sd-w-100",
                "sd-shadow-sm",
                "evidence-card",
            ],
        )
        row += div(box, classes=["sd-col", "sd-d-flex-row"])
    grid = div(
        row,
        classes=[
            "sd-container-fluid",
            "sd-sphinx-override",
            "sd-mb-4",
            "evidence-catalogue",
        ],
    )
    return [grid]


VIEW = View(data, render)
