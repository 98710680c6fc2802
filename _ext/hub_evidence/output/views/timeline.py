"""``hub-timeline``: one hub's summaries across the years, in order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...source.viewspec import ViewSpec
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
    """The years in order, oldest first, as a line of steps: an ordered list.

    The list is its own text equivalent (each step says its year, links to
    its summary and gives its research questions, case and themes); the style
    sheet draws it as a sequence, across the page on a wide screen and down it
    on a narrow one.
    """
    if not years:
        return empty("summaries for this hub")
    kinds = config.vocabularies["theme_kinds"]

    def listing(
        items: Sequence[nodes.Node], *classes: str, ordered: bool = False
    ) -> nodes.Element:
        result: nodes.Element = (
            nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            if ordered
            else nodes.bullet_list()
        )
        result["classes"] += classes
        for item in items:
            result += nodes.list_item("", nodes.paragraph("", "", item))
        return result

    def theme_item(year: Year, theme: TimelineTheme) -> nodes.Node:
        item = nodes.inline()
        item += links.to(theme.title, year.docname, theme.anchor)
        item += nodes.Text(f" ({kinds.label(theme.kind).lower()})")
        return item

    def label(text: str) -> nodes.paragraph:
        return nodes.paragraph(text, text, classes=["evidence-timeline-label"])

    sequence = nodes.enumerated_list(
        enumtype="arabic", prefix="", suffix=".", classes=["evidence-timeline"]
    )
    for year in years:
        step = nodes.list_item(classes=["evidence-timeline-year"])
        when = nodes.paragraph(classes=["evidence-timeline-when"])
        when += nodes.strong(year.year, year.year)
        step += when
        step += nodes.paragraph(
            "", "", links.to(f"{year.hub}, {year.year}", year.docname)
        )
        if year.questions:
            step += label("Research questions")
            step += listing([nodes.Text(q) for q in year.questions], ordered=True)
        if year.case:
            step += label("The case")
            step += nodes.paragraph(year.case, year.case)
        step += label("Themes")
        step += listing(
            [theme_item(year, t) for t in year.themes], "evidence-timeline-themes"
        )
        sequence += step
    return [sequence]


VIEW = View(data, render)
