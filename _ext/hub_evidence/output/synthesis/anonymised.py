"""The anonymised synthesis pages: each strategic goal's and each topic's.

Made from exactly the themes of the anonymised exports
(:func:`~..exports.goal_themes`, which the evaluation packs use too): the
summaries that allow anonymised use, less the themes the re-identification
lint flags (:func:`~...domain.reidentify.anonymisable_themes`, whose check
warns at each such theme), in the exports' order (year, then a digest of the
theme's text), which says nothing of the hubs. An entry keeps no hub, folder,
page or anchor; the summaries behind them are only counted.

A row per hub would tie each hub's themes together, so instead of the named
pages' matrix these pages count the findings, process themes and summaries of
each topic group (a goal's page) or each strategic goal (a topic's page). A
topic's page gathers the topic's themes from every goal's export, each theme
once, under each goal it was exported for.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .content import (
    GOAL,
    TOPIC,
    Counts,
    Entry,
    GroupCount,
    SynthesisPage,
    _parts,
    _topic_groups,
    _topic_labels,
    _topic_order,
    anonymised_page,
    anonymised_topic_page,
    one_line,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...source.config import EvidenceConfig

Exported = list[tuple[str, dict[str, Any]]]
"""(docname, anonymised theme) pairs, as :func:`~..exports.goal_themes` gives."""
INTRO = (
    "It holds only the themes of the summaries whose hubs agreed to anonymised "
    "use, without the name of any hub, its region, evaluators, case or pages, in "
    "an order that says nothing about the hubs: the {parts} on which two or more "
    "hubs have findings, side by side; the possible implications gathered by "
    "{part}; and how much evidence each {count} has."
)


def _entry(row: dict[str, Any]) -> Entry:
    return Entry(
        "",
        row["year"],
        "",
        "",
        row["title"],
        row["kind"],
        one_line(row["finding"]),
        " ".join(row["implication"].split()),
    )


def _page(
    pagename: str,
    title: str,
    intro: str,
    *,
    by: str,
    rows: list[tuple[str, dict[str, Any], list[str], list[str]]],
    slugs: dict[str, str],
    order: Callable[[str], Any],
) -> SynthesisPage:
    """``rows``: (docname, theme, its headings, its counted groups), in order."""
    placed = [
        (headings, _entry(row), slugs[docname]) for docname, row, headings, _ in rows
    ]
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for docname, row, _, counted in rows:
        for group in counted:
            groups[group].append((docname, row["kind"]))
    kinds = [row["kind"] for _, row, _, _ in rows]
    return SynthesisPage(
        pagename,
        title,
        intro,
        anonymised=True,
        by=by,
        counts=Counts(
            len({slugs[docname] for docname, _, _, _ in rows}),
            len({row["year"] for _, row, _, _ in rows}),
            kinds.count("finding"),
            kinds.count("process"),
        ),
        parts=_parts(placed, order),
        matrix=None,
        groups=tuple(
            GroupCount(
                group,
                sum(kind == "finding" for _, kind in groups[group]),
                sum(kind == "process" for _, kind in groups[group]),
                len({docname for docname, _ in groups[group]}),
            )
            for group in sorted(groups, key=order)
        ),
    )


def anonymised_synthesis(
    goal: str, exported: Exported, slugs: dict[str, str], config: EvidenceConfig
) -> SynthesisPage:
    """A goal's page in its anonymised form: its export's themes, in its order."""
    label = GOAL.label(goal, config)
    return _page(
        anonymised_page(goal),
        f"Anonymised synthesis: {label}",
        f"The anonymised synthesis of the evidence for the strategic goal “{label}”, "
        "for strategic-goal evaluation. "
        + INTRO.format(parts="topics", part="topic", count="topic group"),
        by="topic",
        rows=[
            (
                docname,
                row,
                _topic_labels(row["tags"], config),
                _topic_groups(row["tags"], config),
            )
            for docname, row in exported
        ],
        slugs=slugs,
        order=_topic_order(config),
    )


def anonymised_topic_synthesis(
    tag: str,
    exported: dict[str, Exported],
    slugs: dict[str, str],
    config: EvidenceConfig,
) -> SynthesisPage:
    """A topic's page in its anonymised form: its themes from every goal's
    export, each once, in the exports' order, under each goal it was exported for.
    """
    label = TOPIC.label(tag, config)
    goals: dict[tuple[str, str], list[str]] = defaultdict(list)
    themes: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for goal, rows in exported.items():
        for docname, row in rows:
            if tag in row["tags"]:
                key = (docname, row["id"])
                themes.setdefault(key, (docname, row))
                goals[key].append(GOAL.label(goal, config))
    place = {GOAL.label(goal, config): index for index, goal in enumerate(exported)}

    def order(heading: str) -> tuple[int, str]:
        return (place.get(heading, len(place)), heading.casefold())

    chosen = sorted(themes, key=lambda key: (themes[key][1]["year"], key[1], key[0]))
    return _page(
        anonymised_topic_page(tag),
        f"Anonymised synthesis: {label}",
        f"The anonymised synthesis of the evidence on the topic “{label}”, for "
        "strategic-goal evaluation. "
        + INTRO.format(
            parts="strategic goals", part="strategic goal", count="strategic goal"
        ),
        by="strategic goal",
        rows=[(*themes[key], goals[key], goals[key]) for key in chosen],
        slugs=slugs,
        order=order,
    )
