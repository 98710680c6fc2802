"""Counts of summaries and themes per facet value: dashboard charts, facet indexes."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...source.facets import FACETS, HUB_FOLDER, hub_names
from ...source.nodes import div
from ...source.viewspec import ViewSpec
from ..tables import table
from .base import Links, View, empty

if TYPE_CHECKING:
    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord


class Count(NamedTuple):
    """One value of the facet and how much evidence has it."""

    label: str
    docname: str
    """Its browse page ("" if the facet has none)."""
    summaries: int
    themes: int
    group: str = ""
    """The broader topic it belongs to (tags, when the site has topics)."""


class Counts(NamedTuple):
    key: str
    facet: str
    rows: tuple[Count, ...]


def data(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> Counts:
    """Every value of the facet (all of a vocabulary, even unused), with counts."""
    facet = FACETS[spec.facet or ""]
    chosen = [r for r in records if spec.query.matches_summary(r)]
    if facet.name == "hub":
        return Counts(spec.key, facet.name, _hubs(spec, chosen, config))
    summaries: dict[str, int] = {}
    themes: dict[str, int] = {}
    if facet.vocabulary:
        for key in config.vocabularies[facet.vocabulary].terms:
            summaries[key] = themes[key] = 0
    for record in chosen:
        for value in facet.summary_values(record):
            summaries[value] = summaries.get(value, 0) + 1
            themes.setdefault(value, 0)
        for theme in record.themes:
            if spec.query.matches_theme(record, theme):
                for value in facet.theme_values(record, theme):
                    themes[value] = themes.get(value, 0) + 1
    values = (
        list(summaries)
        if facet.vocabulary
        else sorted(summaries, reverse=facet.newest_first)
    )
    topics = config.topic_vocabulary if facet.topics else None
    if topics is not None:  # by group, in the topics file's order
        grouped = [topic.key for _, group in topics.in_groups() for topic in group]
        order = {key: index for index, key in enumerate(grouped)}
        values.sort(key=lambda value: order.get(value, len(order)))
    return Counts(
        spec.key,
        facet.name,
        tuple(
            Count(
                facet.label(value, config),
                facet.docname(value, config.browse_dir) if facet.browse else "",
                summaries[value],
                themes[value],
                facet.group(value, config),
            )
            for value in values
        ),
    )


def _hubs(
    spec: ViewSpec, chosen: Sequence[SummaryRecord], config: EvidenceConfig
) -> tuple[Count, ...]:
    """Each hub by its newest name, linked to its timeline, in order of name."""
    return tuple(
        Count(
            name,
            f"{config.browse_dir}/{HUB_FOLDER}/{slug}",
            sum(1 for r in chosen if r.slug == slug),
            sum(
                1
                for r in chosen
                if r.slug == slug
                for t in r.themes
                if spec.query.matches_theme(r, t)
            ),
        )
        for slug, name in hub_names(chosen).items()
    )


def _table(counts: Counts, links: Links, caption: str) -> nodes.table:
    noun = FACETS[counts.facet].noun
    rows = [
        [
            links.to(c.label, c.docname) if c.docname else c.label,
            str(c.summaries),
            str(c.themes),
        ]
        for c in counts.rows
    ]
    return table(
        [noun.capitalize(), "Summaries", "Themes"],
        rows,
        widths=[3, 1, 1],
        caption=caption,
        classes=["evidence-counts"],
        row_headings=True,
    )


def render_index(
    counts: Counts, links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    """A table of the values, each linked to its page, with counts.

    Each row is anchored by its value's name (as a table grouped by that value
    is), so the findings page, once one table per strategic goal, keeps its
    anchors now that it lists the goals' pages.
    """
    if not counts.rows:
        return empty("values")
    groups: dict[str, list[Count]] = {}
    for count in counts.rows:
        groups.setdefault(count.group, []).append(count)
    grids: list[nodes.Node] = []
    # Topics come in their groups, one table each, captioned by the group.
    for group, rows in groups.items():
        grid = _table(counts._replace(rows=tuple(rows)), links, group)
        body = next(grid.findall(nodes.tbody))
        for row, count in zip(body.findall(nodes.row), rows, strict=True):
            row["evidence_anchor"] = count.label
        grids.append(grid)
    return grids


BAR_HEIGHT = 14
ROW_HEIGHT = 2 * BAR_HEIGHT + 12
LABEL_WIDTH = 230
BAR_SPACE = 330


def _shortened(label: str, limit: int = 30) -> str:
    """A label that fits beside the bars (the table gives it in full)."""
    if len(label) <= limit:
        return label
    return label[:limit].rsplit(" ", 1)[0] + "…"


def svg_chart(counts: Counts, title: str) -> str:
    """A horizontal bar chart (summaries and themes per value), as inline SVG."""
    ident = f"evidence-chart-{counts.key}"
    noun = FACETS[counts.facet].noun
    most = max((max(c.summaries, c.themes) for c in counts.rows), default=0) or 1
    height = ROW_HEIGHT * len(counts.rows) + 30
    width = LABEL_WIDTH + BAR_SPACE + 110
    parts = [
        f'<svg class="evidence-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{html.escape(title)}</title>',
        f'<desc id="{ident}-desc">Horizontal bars: for each {html.escape(noun)}, the '
        "number of summaries and of themes. The table below gives the same figures."
        "</desc>",
    ]
    for index, count in enumerate(counts.rows):
        top = 10 + index * ROW_HEIGHT
        label = html.escape(_shortened(count.label))
        parts.append(
            f'<text class="evidence-chart-label" x="{LABEL_WIDTH - 8}" '
            f'y="{top + BAR_HEIGHT + 4}" text-anchor="end">{label}</text>'
        )
        series = (
            ("summaries", count.summaries, "summary"),
            ("themes", count.themes, "theme"),
        )
        for offset, (name, value, one) in enumerate(series):
            y = top + offset * BAR_HEIGHT
            length = round(BAR_SPACE * value / most)
            noun = one if value == 1 else name
            parts.append(
                f'<rect class="evidence-bar-{name}" x="{LABEL_WIDTH}" y="{y}" '
                f'width="{length}" height="{BAR_HEIGHT - 2}"/>'
                f'<text class="evidence-chart-value" x="{LABEL_WIDTH + length + 6}" '
                f'y="{y + BAR_HEIGHT - 3}">{value} {noun}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def render_chart(
    counts: Counts, links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    """The chart, then its data table."""
    if not counts.rows:
        return empty("evidence to count")
    facet = FACETS[counts.facet]
    title = f"Summaries and themes by {facet.noun}"
    chart = nodes.raw("", svg_chart(counts, title), format="html")
    return [
        div(chart, classes=["evidence-chart-box"]),
        _table(counts, links, title),
    ]


INDEX = View(data, render_index)
CHART = View(data, render_chart)
