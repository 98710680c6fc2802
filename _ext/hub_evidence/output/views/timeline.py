"""``hub-timeline``: one hub's summaries across the years, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...source.viewspec import ViewSpec
from ..tables import Cell, table
from .base import Links, View, empty

if TYPE_CHECKING:
    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord


class TimelineTheme(NamedTuple):
    title: str
    anchor: str
    kind: str


class Year(NamedTuple):
    """One column: one year's summary of the hub."""

    year: str
    hub: str
    docname: str
    questions: tuple[str, ...]
    case: str
    themes: tuple[TimelineTheme, ...]


def data(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> tuple[Year, ...]:
    """The hub's summaries, oldest year first."""
    chosen = sorted(
        (r for r in records if spec.query.matches_summary(r)),
        key=lambda r: (r.front_matter.year, r.docname),
    )
    return tuple(
        Year(
            r.front_matter.year,
            r.front_matter.hub or r.title,
            r.docname,
            r.front_matter.research_questions,
            r.front_matter.case,
            tuple(TimelineTheme(t.title, t.anchor, t.kind) for t in r.themes),
        )
        for r in chosen
    )


def render(
    years: tuple[Year, ...], links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    """A table with a column per year."""
    if not years:
        return empty("summaries for this hub")
    kinds = config.vocabularies["theme_kinds"]

    def listing(items: Sequence[nodes.Node], ordered: bool = False) -> nodes.Element:
        result: nodes.Element = (
            nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            if ordered
            else nodes.bullet_list()
        )
        for item in items:
            result += nodes.list_item("", nodes.paragraph("", "", item))
        return result

    def theme_item(year: Year, theme: TimelineTheme) -> nodes.Node:
        item = nodes.inline()
        item += links.to(theme.title, year.docname, theme.anchor)
        item += nodes.Text(f" ({kinds.label(theme.kind).lower()})")
        return item

    rows: list[list[Cell]] = [
        ["Summary", *(links.to(f"{y.hub}, {y.year}", y.docname) for y in years)],
        [
            "Research questions",
            *(
                listing([nodes.Text(q) for q in y.questions], ordered=True)
                for y in years
            ),
        ],
        ["The case", *(y.case for y in years)],
        ["Themes", *(listing([theme_item(y, t) for t in y.themes]) for y in years)],
    ]
    return [
        table(
            ["Year", *(y.year for y in years)],
            rows,
            widths=[1, *([3] * len(years))],
            classes=["evidence-timeline"],
            row_headings=True,
        )
    ]


VIEW = View(data, render)
