"""``gap-map``: the evidence gap map, and the lists of findings behind its cells.

Evidence gap maps (Campbell, 3ie, EPPI-Mapper) are drawn by hand and go stale;
this one is made from the records on every build, so it is as current as the
summaries. Its rows are the strategic goals (all of the vocabulary, used or
not), its columns the topic groups of the topics file (``groups:``), then "No
topic" for findings none of whose tags is a topic, so no finding is silently
dropped. A cell counts the findings (themes of kind ``finding``, by their own
tags, as the evaluation packs group them: :mod:`..packs`) of the summaries of
that goal whose topics fall in that group, and the hubs behind them. A site
without topic groups (no topics file, or one without ``groups:``) has one
column per tag in use instead: a gap map of free tags is still a true count.

One table for all years comes first, then one per year, newest first, with
links between them at the top: a reader sees one year or all without any
script, and every figure stays on one page that prints whole. Each non-empty
cell links to its list of findings on its goal's page (``gap-map-list``, made
with the browse pages: :mod:`..browse.gap_map`), whose tables are anchored by
column and year (:func:`cell_anchor`).

The map is written as HTML, not as a docutils table, because Sphinx's writer
gives header cells no ``scope``: row and column headers must say which way
they read for a screen reader. Every text in it is escaped. A cell's shade
(four steps, relative to the fullest cell of the same table) repeats what its
text says; colour is never the only signal, and "gap" is written out.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...source.facets import FACETS, in_order
from ...source.viewspec import ViewSpec
from ..tables import Cell, table
from .base import Links, View

if TYPE_CHECKING:
    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord, Theme

GOAL = FACETS["strategic-goal"]
TAGS = FACETS["tags"]
NO_TOPIC = ("no-topic", "No topic")
"""The last column: findings none of whose tags is a topic (or with no tags)."""
LEVELS = 4
"""Shades of a non-empty cell."""
FINDING = "finding"


class Column(NamedTuple):
    """One column of the map: a topic group (or a tag, on a site without groups)."""

    key: str
    label: str


class Entry(NamedTuple):
    """One finding in a cell's list."""

    year: str
    hub: str
    slug: str
    docname: str
    anchor: str
    title: str
    first_line: str


def grouped(config: EvidenceConfig) -> bool:
    """Whether the site's topics come in groups (else each tag is a column)."""
    topics = config.topic_vocabulary
    return topics is not None and bool(topics.groups)


def theme_columns(theme: Theme, config: EvidenceConfig) -> list[str]:
    """The columns a finding counts in: its topics' groups (or its tags)."""
    topics = config.topic_vocabulary
    if topics is not None and topics.groups:
        keys = [
            topic.group
            for tag in theme.tags
            if (topic := topics.get(tag)) is not None and topic.group in topics.groups
        ]
    else:
        keys = list(theme.tags)
    return list(dict.fromkeys(keys)) or [NO_TOPIC[0]]


def first_line(text: str, longest: int = 160) -> str:
    """A finding's first sentence on one line, cut at a word if long."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    sentence = paragraph.split(". ", 1)[0]
    if sentence != paragraph:
        sentence += "."
    if len(sentence) <= longest:
        return sentence
    return sentence[: longest - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def cell_anchor(column: str, year: str = "") -> str:
    """The anchor of a cell's list on its goal's page (``year`` "" for all)."""
    return nodes.make_id(f"cell-{column}-{year.replace('/', '-')}")


def goal_page(docname: str, goal: str) -> str:
    """The goal's list page under the page holding the map."""
    return f"{docname}/{GOAL.slug(goal)}"


def cell_findings(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> tuple[list[Column], dict[tuple[str, str], list[Entry]]]:
    """The columns, and the findings in each (goal, column), newest first."""
    cells: dict[tuple[str, str], list[Entry]] = {}
    tags: set[str] = set()
    for record in in_order(records):
        if not spec.query.matches_summary(record):
            continue
        summary = record.front_matter
        for theme in record.themes:
            if theme.kind != FINDING or not spec.query.matches_theme(record, theme):
                continue
            tags.update(theme.tags)
            entry = Entry(
                summary.year,
                summary.hub or record.title,
                record.slug,
                record.docname,
                theme.anchor,
                theme.title,
                first_line(theme.finding),
            )
            for goal in dict.fromkeys(GOAL.summary_values(record)):
                for column in theme_columns(theme, config):
                    cells.setdefault((goal, column), []).append(entry)
    topics = config.topic_vocabulary
    if topics is not None and topics.groups:
        columns = [Column(key, label) for key, label in topics.groups.items()]
    else:
        labelled = [Column(tag, TAGS.label(tag, config)) for tag in tags]
        columns = sorted(labelled, key=lambda c: (c.label.casefold(), c.key))
    return [*columns, Column(*NO_TOPIC)], cells


# -- the map --------------------------------------------------------------------


class MapCell(NamedTuple):
    findings: int
    hubs: int
    level: int
    """0 for a gap, else 1 (few) to :data:`LEVELS` (the most in its table)."""


class MapTable(NamedTuple):
    year: str
    """"" for all years."""
    rows: tuple[tuple[MapCell, ...], ...]


class GapMap(NamedTuple):
    """What the map shows."""

    goals: tuple[tuple[str, str], ...]
    """(key, label) of each strategic goal, in the vocabulary's order."""
    columns: tuple[Column, ...]
    grouped: bool
    tables: tuple[MapTable, ...]


def _table(
    year: str,
    goals: Sequence[str],
    columns: Sequence[Column],
    cells: dict[tuple[str, str], list[Entry]],
) -> MapTable:
    counted = [
        [
            [e for e in cells.get((goal, column.key), ()) if not year or e.year == year]
            for column in columns
        ]
        for goal in goals
    ]
    most = max((len(c) for row in counted for c in row), default=0)
    return MapTable(
        year,
        tuple(
            tuple(
                MapCell(
                    len(entries),
                    len({e.slug for e in entries}),
                    math.ceil(LEVELS * len(entries) / most) if entries else 0,
                )
                for entries in row
            )
            for row in counted
        ),
    )


def data(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> GapMap:
    """The counts of each cell, for all years and for each year."""
    columns, cells = cell_findings(spec, records, config)
    goals = tuple(config.vocabularies[GOAL.vocabulary or ""].terms.items())
    keys = [key for key, _ in goals]
    years = sorted(
        {r.front_matter.year for r in records if spec.query.matches_summary(r)} - {""},
        reverse=True,
    )
    return GapMap(
        goals,
        tuple(columns),
        grouped(config),
        tuple(_table(year, keys, columns, cells) for year in ["", *years]),
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def table_id(year: str) -> str:
    """The anchor of one table of the map."""
    return nodes.make_id(f"gap-map-{year.replace('/', '-') or 'all-years'}")


def _cell(cell: MapCell, uri: str | None) -> str:
    if not cell.findings:
        return '<td class="evidence-gap-cell evidence-gap-none">gap</td>'
    text = (
        f"{_plural(cell.findings, 'finding', 'findings')}"
        f'<span class="evidence-gap-hubs">{_plural(cell.hubs, "hub", "hubs")}</span>'
    )
    inner = f'<a href="{html.escape(uri)}">{text}</a>' if uri else text
    return f'<td class="evidence-gap-cell evidence-gap-level-{cell.level}">{inner}</td>'


def _map_html(gap_map: GapMap, shown: MapTable, links: Links) -> str:
    when = f"in {shown.year}" if shown.year else "all years"
    across = "topic group" if gap_map.grouped else "tag"
    head = "".join(
        f'<th scope="col">{html.escape(column.label)}</th>'
        for column in gap_map.columns
    )
    rows = []
    for (goal, label), cells in zip(gap_map.goals, shown.rows, strict=True):
        page = goal_page(links.docname, goal)
        row = "".join(
            _cell(
                cell,
                links.uri(page, cell_anchor(column.key, shown.year))
                if cell.findings
                else None,
            )
            for column, cell in zip(gap_map.columns, cells, strict=True)
        )
        rows.append(f'<tr><th scope="row">{html.escape(label)}</th>{row}</tr>')
    return (
        '<div class="pst-scrollable-table-container">'
        f'<table class="table evidence-gap-map" id="{table_id(shown.year)}">'
        f"<caption>Findings by strategic goal and {across}, {when}</caption>"
        f'<thead><tr><th scope="col">Strategic goal</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def render(gap_map: GapMap, links: Links, config: EvidenceConfig) -> list[nodes.Node]:
    """Links to each year's table, then the tables."""
    years = [t.year for t in gap_map.tables]
    choose = " · ".join(
        f'<a href="#{table_id(year)}">{html.escape(year or "All years")}</a>'
        for year in years
    )
    parts = [f'<p class="evidence-gap-years">Show: {choose}</p>']
    parts += [_map_html(gap_map, shown, links) for shown in gap_map.tables]
    return [nodes.raw("", "\n".join(parts), format="html")]


# -- a goal's lists -------------------------------------------------------------


class CellList(NamedTuple):
    """One column of a goal's row: its findings, by year."""

    column: Column
    findings: int
    hubs: int
    years: tuple[tuple[str, tuple[Entry, ...]], ...]


class GoalLists(NamedTuple):
    goal: str
    cells: tuple[CellList, ...]


def list_data(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> GoalLists:
    """The findings behind each non-empty cell of one goal's row (``spec.key``)."""
    columns, cells = cell_findings(spec, records, config)
    lists = []
    for column in columns:
        entries = cells.get((spec.key, column.key), [])
        if not entries:
            continue
        years: dict[str, list[Entry]] = {}
        for entry in entries:
            years.setdefault(entry.year, []).append(entry)
        lists.append(
            CellList(
                column,
                len(entries),
                len({e.slug for e in entries}),
                tuple((year, tuple(rows)) for year, rows in years.items()),
            )
        )
    return GoalLists(spec.key, tuple(lists))


def render_lists(
    lists: GoalLists, links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    """Per column, a line with its counts, then one table per year."""
    if not lists.cells:
        text = "No findings yet: every cell of this row of the gap map is a gap."
        return [nodes.paragraph(text, text, classes=["evidence-empty"])]
    result: list[nodes.Node] = []
    for cell in lists.cells:
        label = cell.column.label
        counts = (
            f"{_plural(cell.findings, 'finding', 'findings')} from "
            f"{_plural(cell.hubs, 'hub', 'hubs')}"
        )
        line = nodes.paragraph(
            "", "", ids=[cell_anchor(cell.column.key)], classes=["evidence-gap-cell"]
        )
        line += nodes.strong(label, label)
        line += nodes.Text(f", all years: {counts}.")
        result.append(line)
        for year, entries in cell.years:
            rows: list[list[Cell]] = []
            for entry in entries:
                title = nodes.paragraph(classes=["evidence-finding-title"])
                title += nodes.strong(
                    "", "", links.to(entry.title, entry.docname, entry.anchor)
                )
                rows.append(
                    [
                        [title, nodes.paragraph(entry.first_line, entry.first_line)],
                        links.to(entry.hub, entry.docname),
                        entry.year,
                    ]
                )
            hubs = len({e.slug for e in entries})
            caption = (
                f"{label}, {year}: {_plural(len(entries), 'finding', 'findings')} "
                f"from {_plural(hubs, 'hub', 'hubs')}"
            )
            grid = table(
                ["Theme", "Hub", "Year"],
                rows,
                widths=[6, 2, 1],
                caption=caption,
                classes=["evidence-gap-list"],
            )
            grid["ids"] = [cell_anchor(cell.column.key, year)]
            result.append(grid)
    return result


VIEW = View(data, render)
LISTS = View(list_data, render_lists)
