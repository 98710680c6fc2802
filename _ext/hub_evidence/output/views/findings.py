"""``findings``: themes across hubs, with their implications, hub, year and kind.

With ``:anonymise:``, a table shows only what may be used anonymised: the
themes of summaries that allow anonymised use, less those whose words name
where they come from (:func:`~..reidentify.anonymisable_themes`), without
their hub, and in an order that says nothing of the hubs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ...domain.reidentify import anonymisable_themes
from ...source.facets import FACETS, in_order
from ...source.viewspec import ViewSpec
from ..tables import Cell, table
from .base import Links, View, empty, paragraphs

if TYPE_CHECKING:
    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord, Theme


class Finding(NamedTuple):
    """One row: a theme and where it comes from (blank when anonymised)."""

    title: str
    finding: str
    implication: str
    kind: str
    tags: tuple[str, ...]
    year: str
    hub: str
    docname: str
    anchor: str


class Group(NamedTuple):
    """Rows under one heading (one group with an empty label when not grouped)."""

    label: str
    rows: tuple[Finding, ...]


class Findings(NamedTuple):
    """What a findings table shows."""

    anonymised: bool
    brief: bool
    groups: tuple[Group, ...]


def data(
    spec: ViewSpec, records: Sequence[SummaryRecord], config: EvidenceConfig
) -> Findings:
    """The matching themes, grouped as asked."""
    groups: dict[str, list[Finding]] = {}
    # Anonymised, a table shows what the anonymised export may hold, no more.
    anonymisable = anonymisable_themes(records, config) if spec.anonymise else None
    for record in in_order(records):
        themes = (
            record.themes
            if anonymisable is None
            else anonymisable.get(record.docname, ())
        )
        for theme in themes:
            if not spec.query.matches_theme(record, theme):
                continue
            row = Finding(
                theme.title,
                "" if spec.brief else theme.finding,
                "" if spec.brief else theme.implication,
                theme.kind,
                theme.tags,
                record.front_matter.year,
                "" if spec.anonymise else record.front_matter.hub,
                "" if spec.anonymise else record.docname,
                "" if spec.anonymise else theme.anchor,
            )
            for label in _group_labels(spec, record, theme, config):
                groups.setdefault(label, []).append(row)
    ordered = sorted(
        groups.items(), key=lambda item: _group_rank(spec, item[0], config)
    )
    return Findings(
        spec.anonymise,
        spec.brief,
        tuple(
            Group(label, tuple(sorted(rows, key=_shuffled) if spec.anonymise else rows))
            for label, rows in ordered
        ),
    )


def _group_labels(
    spec: ViewSpec, record: SummaryRecord, theme: Theme, config: EvidenceConfig
) -> list[str]:
    if spec.group_by is None:
        return [""]
    if spec.group_by == "hub":
        return [record.front_matter.hub]
    facet = FACETS[spec.group_by]
    return [facet.label(v, config) for v in facet.theme_values(record, theme)]


def _group_rank(spec: ViewSpec, label: str, config: EvidenceConfig) -> tuple[int, str]:
    """Vocabulary order where there is one; newest year first; else by name."""
    facet = FACETS.get(spec.group_by or "")
    if facet is not None and facet.vocabulary:
        labels = list(config.vocabularies[facet.vocabulary].terms.values())
        return (labels.index(label) if label in labels else len(labels), label)
    if spec.group_by == "year":
        return (-int(label[:4]), label)
    return (0, label.casefold())


def _shuffled(row: Finding) -> str:
    """An order that is stable but says nothing about which hub a row is from."""
    return hashlib.sha256(f"{row.title}\n{row.finding}".encode()).hexdigest()


def render(
    findings: Findings, links: Links, config: EvidenceConfig
) -> list[nodes.Node]:
    """One table per group."""
    if not findings.groups:
        return empty("themes match")
    kinds = config.vocabularies["theme_kinds"]
    headings = ["Theme", "Possible implication", "Hub", "Year", "Kind"]
    widths = [5, 4, 2, 1, 1]
    drop = (["Possible implication"] if findings.brief else []) + (
        ["Hub"] if findings.anonymised else []
    )
    keep = [index for index, heading in enumerate(headings) if heading not in drop]
    result: list[nodes.Node] = []
    for group in findings.groups:
        rows = []
        for row in group.rows:
            title = nodes.paragraph(classes=["evidence-finding-title"])
            title += nodes.strong(
                "",
                "",
                links.to(row.title, row.docname, row.anchor)
                if row.docname
                else nodes.Text(row.title),
            )
            cells: list[Cell] = [
                [title, *paragraphs(row.finding)],
                paragraphs(row.implication),
                links.to(row.hub, row.docname) if row.hub else "",
                row.year,
                kinds.label(row.kind),
            ]
            rows.append([cells[index] for index in keep])
        count = f"{len(group.rows)} theme{'s' if len(group.rows) != 1 else ''}"
        grid = table(
            [headings[index] for index in keep],
            rows,
            widths=[widths[index] for index in keep],
            caption=f"{group.label} ({count})" if group.label else "",
            classes=["evidence-findings"],
        )
        grid["evidence_anchor"] = group.label
        result.append(grid)
    return result


VIEW = View(data, render)
