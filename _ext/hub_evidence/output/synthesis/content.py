"""What a synthesis page says, made from the records (plain values, no Sphinx).

A page is about one strategic goal or one topic. It counts the evidence behind
it, then puts side by side what several hubs found about the same thing:

- a **goal's page** groups its themes by topic (a theme's own tags); a topic
  *recurs* when its themes come from two or more hubs;
- a **topic's page** groups its themes by strategic goal (its summary's): a
  goal recurs when two or more hubs have themes on the topic for it. A topic
  page is about one topic, so its "recurring" part is its goals;
- the implications are gathered under the same headings, every heading (not
  only the recurring ones);
- a matrix shows hubs (rows) by topic group on a goal's page, and by strategic
  goal on a topic's page (all its themes are of one topic, so of one group),
  with the theme titles in the cells.

The **anonymised form** of each page (:mod:`.anonymised`) is made from
exactly the themes of the anonymised exports, and names no hub.
"""

from __future__ import annotations

import dataclasses as dc
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ...source.facets import FACETS
from ..exports import goal_keys

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord, Theme

SYNTHESIS_DIR = "synthesis"
"""The folder of the synthesis pages (its ``index.md`` is a committed page)."""
INDEX = f"{SYNTHESIS_DIR}/index"
GOAL = FACETS["strategic-goal"]
TOPIC = FACETS["tags"]
NO_TOPIC = "No topic"
OTHER_TOPICS = "Other topics"
"""The group of a tag that is not a topic of the site's topics file."""
ONE_LINE = 200
"""The longest finding shown "in one line" (characters)."""


def goal_page(goal: str) -> str:
    return f"{SYNTHESIS_DIR}/{GOAL.slug(goal)}"


def topic_page(tag: str) -> str:
    return f"{SYNTHESIS_DIR}/topic/{TOPIC.slug(tag)}"


def anonymised_page(goal: str) -> str:
    return f"{SYNTHESIS_DIR}/anonymised/{GOAL.slug(goal)}"


def anonymised_topic_page(tag: str) -> str:
    return f"{SYNTHESIS_DIR}/anonymised/topic/{TOPIC.slug(tag)}"


def one_line(text: str, limit: int = ONE_LINE) -> str:
    """The text's first sentence on one line, cut at a word if it is long."""
    text = " ".join(text.split())
    sentence = re.match(r".+?[.!?](?=\s|$)", text)
    if sentence:
        text = sentence.group(0)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dc.dataclass(frozen=True)
class Entry:
    """One theme as a synthesis page shows it."""

    hub: str
    """The hub's name ("" in the anonymised form)."""
    year: str
    docname: str
    """Its summary ("" in the anonymised form: nothing links to it)."""
    anchor: str
    title: str
    kind: str
    finding: str
    """In one line (:func:`one_line`)."""
    implication: str


@dc.dataclass(frozen=True)
class Part:
    """The themes under one heading: a topic on a goal's page, a goal on a topic's."""

    label: str
    hubs: int
    """From how many hubs."""
    entries: tuple[Entry, ...]

    @property
    def recurs(self) -> bool:
        return self.hubs >= 2


@dc.dataclass(frozen=True)
class Counts:
    hubs: int
    years: int
    findings: int
    process: int


@dc.dataclass(frozen=True)
class Matrix:
    """Hubs (rows) by the page's groups (columns), the theme titles in the cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[Entry, ...], ...]], ...]


@dc.dataclass(frozen=True)
class GroupCount:
    """One row of the anonymised form's table: a topic group and its evidence."""

    group: str
    findings: int
    process: int
    summaries: int


@dc.dataclass(frozen=True)
class SynthesisPage:
    """One synthesis page: its place, and everything it shows."""

    pagename: str
    title: str
    intro: str
    anonymised: bool
    by: str
    """What its parts are ("topic" or "strategic goal")."""
    counts: Counts
    parts: tuple[Part, ...]
    matrix: Matrix | None
    groups: tuple[GroupCount, ...] = ()
    """The anonymised form's counts by topic group (instead of a matrix)."""
    parent: str = INDEX
    previous: str | None = None
    following: str | None = None

    @property
    def recurring(self) -> tuple[Part, ...]:
        return tuple(part for part in self.parts if part.recurs)


# -- from the records -------------------------------------------------------------

Themed = tuple["SummaryRecord", "Theme"]


def _entry(record: SummaryRecord, theme: Theme) -> Entry:
    return Entry(
        record.front_matter.hub or record.title,
        record.front_matter.year,
        record.docname,
        theme.anchor,
        theme.title,
        theme.kind,
        one_line(theme.finding),
        " ".join(theme.implication.split()),
    )


def _counts(themed: list[Themed]) -> Counts:
    kinds = [theme.kind for _, theme in themed]
    return Counts(
        len({record.slug for record, _ in themed}),
        len({record.front_matter.year for record, _ in themed}),
        kinds.count("finding"),
        kinds.count("process"),
    )


def _topic_labels(tags: Iterable[str], config: EvidenceConfig) -> list[str]:
    return list(dict.fromkeys(TOPIC.label(tag, config) for tag in tags)) or [NO_TOPIC]


def _topic_groups(tags: Iterable[str], config: EvidenceConfig) -> list[str]:
    groups = [TOPIC.group(tag, config) or OTHER_TOPICS for tag in tags]
    return list(dict.fromkeys(groups)) or [NO_TOPIC]


def _topic_order(config: EvidenceConfig) -> Callable[[str], tuple[int, int, str]]:
    """Topics (or groups) in the topics file's order, then the rest by name,
    "No topic" last."""
    topics = config.topic_vocabulary
    order: dict[str, int] = {}
    if topics is not None:
        for group, members in topics.in_groups():
            order.setdefault(group, len(order))
            for topic in members:
                order.setdefault(topic.label, len(order))
    return lambda label: (
        label == NO_TOPIC,
        order.get(label, len(order)),
        label.casefold(),
    )


def _parts(
    placed: list[tuple[list[str], Entry, str]], order: Callable[[str], Any]
) -> tuple[Part, ...]:
    """``(headings, entry, hub)`` in page order -> one part per heading."""
    entries: dict[str, list[Entry]] = defaultdict(list)
    hubs: dict[str, set[str]] = defaultdict(set)
    for headings, entry, hub in placed:
        for heading in headings:
            entries[heading].append(entry)
            hubs[heading].add(hub)
    return tuple(
        Part(label, len(hubs[label]), tuple(entries[label]))
        for label in sorted(entries, key=order)
    )


class _Evidence:
    """The records of one build, with what every page asks of them made once
    (each theme's entry, each summary's goals, each topic's themes): a site of
    800 summaries has some forty pages over the same themes."""

    def __init__(self, records: list[SummaryRecord], config: EvidenceConfig) -> None:
        self.records = records
        self.config = config
        self.order = _topic_order(config)
        self.goals = goal_keys(config)
        self._entries: dict[int, Entry] = {}
        self._labels: dict[tuple[str, ...], list[str]] = {}
        self._groups: dict[tuple[str, ...], list[str]] = {}
        self.by_tag: dict[str, list[Themed]] = defaultdict(list)
        for record in records:
            for theme in record.themes:
                for tag in dict.fromkeys(theme.tags):
                    self.by_tag[tag].append((record, theme))

    def entry(self, record: SummaryRecord, theme: Theme) -> Entry:
        key = id(theme)
        if key not in self._entries:
            self._entries[key] = _entry(record, theme)
        return self._entries[key]

    def topic_labels(self, tags: tuple[str, ...]) -> list[str]:
        if tags not in self._labels:
            self._labels[tags] = _topic_labels(tags, self.config)
        return self._labels[tags]

    def topic_groups(self, tags: tuple[str, ...]) -> list[str]:
        if tags not in self._groups:
            self._groups[tags] = _topic_groups(tags, self.config)
        return self._groups[tags]

    def goal_labels(self, record: SummaryRecord, _: Theme | None = None) -> list[str]:
        """The labels of a summary's goals, in the vocabulary's order."""
        goals = self.goals
        keys = sorted(
            (g for g in GOAL.summary_values(record) if g),
            key=lambda g: goals.index(g) if g in goals else len(goals),
        )
        return [GOAL.label(g, self.config) for g in keys]


def _matrix(
    evidence: _Evidence,
    themed: list[Themed],
    columns_of: Callable[[SummaryRecord, Theme], list[str]],
    order: Callable[[str], Any],
) -> Matrix:
    cells: dict[str, dict[str, list[Entry]]] = {}
    names: dict[str, str] = {}
    for record, theme in themed:
        names[record.slug] = record.front_matter.hub or record.title
        row = cells.setdefault(record.slug, {})
        for column in columns_of(record, theme):
            row.setdefault(column, []).append(evidence.entry(record, theme))
    columns = sorted({c for row in cells.values() for c in row}, key=order)
    rows = sorted(cells, key=lambda slug: (names[slug].casefold(), slug))
    return Matrix(
        tuple(columns),
        tuple(
            (names[slug], tuple(tuple(cells[slug].get(c, ())) for c in columns))
            for slug in rows
        ),
    )


def goal_synthesis(goal: str, evidence: _Evidence) -> SynthesisPage:
    """A goal's page: its themes by topic."""
    config = evidence.config
    label = GOAL.label(goal, config)
    themed = [
        (record, theme)
        for record in evidence.records
        if goal in GOAL.summary_values(record)
        for theme in record.themes
    ]
    placed = [
        (evidence.topic_labels(theme.tags), evidence.entry(record, theme), record.slug)
        for record, theme in themed
    ]
    return SynthesisPage(
        goal_page(goal),
        f"Synthesis: {label}",
        f"What the hubs working on the strategic goal “{label}” found, topic by "
        "topic: the topics on which two or more hubs have findings, side by side; "
        "the possible implications gathered by topic; and each hub's themes by "
        "topic group.",
        anonymised=False,
        by="topic",
        counts=_counts(themed),
        parts=_parts(placed, evidence.order),
        matrix=_matrix(
            evidence,
            themed,
            lambda _, theme: evidence.topic_groups(theme.tags),
            evidence.order,
        ),
    )


def topic_synthesis(tag: str, evidence: _Evidence) -> SynthesisPage:
    """A topic's page: its themes by strategic goal."""
    config = evidence.config
    label = TOPIC.label(tag, config)
    themed = evidence.by_tag.get(tag, [])
    place = {GOAL.label(g, config): index for index, g in enumerate(evidence.goals)}

    def order(heading: str) -> tuple[int, str]:
        return (place.get(heading, len(place)), heading.casefold())

    goals = {record.docname: evidence.goal_labels(record) for record, _ in themed}
    placed = [
        (goals[record.docname], evidence.entry(record, theme), record.slug)
        for record, theme in themed
    ]
    return SynthesisPage(
        topic_page(tag),
        f"Synthesis: {label}",
        f"What the hubs found about the topic “{label}”, strategic goal by "
        "strategic goal: the goals for which two or more hubs have findings on it, "
        "side by side; the possible implications gathered by goal; and each hub's "
        "themes by goal.",
        anonymised=False,
        by="strategic goal",
        counts=_counts(themed),
        parts=_parts(placed, order),
        matrix=_matrix(
            evidence, themed, lambda record, _: goals[record.docname], order
        ),
    )


def topics_in_use(
    records: Iterable[SummaryRecord], config: EvidenceConfig
) -> list[str]:
    """The tags of the records' themes, in the topics file's order (then by name)."""
    tags = {tag for record in records for theme in record.themes for tag in theme.tags}
    order = _topic_order(config)
    return sorted(
        (tag for tag in tags if TOPIC.slug(tag)),
        key=lambda tag: (order(TOPIC.label(tag, config)), tag),
    )
