"""The records of the evidence base: a hub's summary and its themes.

:class:`HubSummary` is the front matter. Each field's metadata says how it is
written (``kind``), whether it is required, which vocabulary it is checked
against and what it means; validation (:mod:`.frontmatter`) and the author
guide's reference are both driven by these fields, so they cannot drift apart.
A key that is a facet (``region``, ``strategic_goal``, ``focus``) takes its
vocabulary from the facet's description (:data:`~.facets.FACETS`).
"""

from __future__ import annotations

import dataclasses as dc
import re
from typing import Any, Literal

from .facets import vocabulary_of

FieldKind = Literal["text", "texts", "term", "terms", "flag", "year", "tags"]

YEAR_PATTERN = re.compile(r"^(\d{4})/(\d{2})$")
YEAR_FOLDER_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")

# Front-matter keys that belong to Sphinx or MyST, accepted and left to them.
PASSTHROUGH_KEYS = frozenset(
    {
        "orphan",
        "nosearch",
        "nocomments",
        "tocdepth",
        "myst",
        "html_meta",
        "substitutions",
    }
)


def _field(
    kind: FieldKind,
    help_text: str,
    *,
    example: str,
    required: bool = True,
    vocabulary: str | None = None,
    facet: str | None = None,
) -> Any:
    """A front-matter field; ``facet`` (its key) takes the facet's vocabulary."""
    if facet is not None:
        vocabulary = vocabulary_of(facet)
        assert vocabulary is not None, f"{facet} is not a facet with a vocabulary"
    defaults: dict[FieldKind, Any] = {
        "text": "",
        "year": "",
        "texts": (),
        "terms": (),
        "tags": (),
        "term": "",
        "flag": None,
    }
    return dc.field(
        default=defaults[kind],
        metadata={
            "kind": kind,
            "help": help_text,
            "example": example,
            "required": required,
            "vocabulary": vocabulary,
        },
    )


@dc.dataclass(frozen=True)
class HubSummary:
    """A hub's summary front matter, validated (invalid values left at defaults)."""

    hub: str = _field("text", "The Maths Hub's name.", example="Northshire Maths Hub")
    year: str = _field(
        "year",
        "The academic year, matching the folder (`2023/24` in `hubs/2023-24/`).",
        example="2023/24",
    )
    region: tuple[str, ...] = _field(
        "terms",
        "The English region the hub covers; a list if it spans several.",
        example="North West",
        facet="region",
    )
    strategic_goal: tuple[str, ...] = _field(
        "terms",
        "The strategic goal the hub lead is linked to; a list is allowed.",
        example="primary",
        facet="strategic_goal",
    )
    goal_statement: str = _field(
        "text",
        "The aspect of the strategic goal, in words.",
        example="Introduce, embed and sustain teaching for mastery",
        required=False,
    )
    research_questions: tuple[str, ...] = _field(
        "texts",
        "The research question or questions, as a list.",
        example='["How has ... changed teachers\' confidence?"]',
    )
    case: str = _field(
        "text",
        'The answer to "What is the case?".',
        example="Six primary schools in two coastal towns",
    )
    evaluators: tuple[str, ...] = _field(
        "texts", "Who evaluated, as a list of names.", example="[A. Evaluator]"
    )
    focus: tuple[str, ...] = _field(
        "terms",
        "Which parts of the hub's remit the evaluation covers.",
        example="[strategic-goal, local, tsm]",
        required=False,
        facet="focus",
    )
    tags: tuple[str, ...] = _field(
        "tags",
        "Topics, as lowercase words joined by hyphens.",
        example="[mastering-number, early-years]",
        required=False,
    )
    status: str = _field(
        "term",
        "Where the summary is in its review.",
        example="published",
        vocabulary="statuses",
    )
    sharing: str = _field(
        "term",
        "Who may see the summary and its findings.",
        example="network",
        vocabulary="sharing_levels",
    )
    anonymised_use: bool | None = _field(
        "flag",
        "Whether the findings may be used, anonymised, in strategic-goal evaluation.",
        example="true",
    )
    wider_use: bool | None = _field(
        "flag",
        "Whether the hub permits its findings to be used more widely than this "
        "site and strategic-goal evaluation (in reports, training, other "
        "programmes); not given means not permitted, and readers are shown how "
        "to ask the hub.",
        example="true",
        required=False,
    )
    contact: str = _field(
        "text",
        "Who to contact about the findings.",
        example="hub-lead@example.org",
        required=False,
    )
    illustrative: bool | None = _field(
        "flag",
        "Marks an invented example summary, shown with a banner.",
        example="true",
        required=False,
    )
    change_note: str = _field(
        "text",
        "One line saying what your latest change did, shown with its date under "
        '"Updates to this page" and in the feeds; leave it empty, or replace it, '
        "at your next change.",
        example="Added the second term's lesson observations",
        required=False,
    )


FRONT_MATTER_FIELDS: dict[str, dc.Field[Any]] = {
    f.name: f for f in dc.fields(HubSummary)
}

SECTION_TITLES = {
    "context": "Context",
    "activity": "Activity and data collection",
    "themes": "Themes and possible implications",
    "conclusion": "Conclusion",
    "appendices": "Appendices",
}
"""The template's sections, in its order, with their headings (and anchors)."""

REQUIRED_SECTIONS = ("context", "activity", "themes", "conclusion")

THEMES_TABLE_HEADINGS = ("Themes (findings and process)", "Possible implications")


@dc.dataclass(frozen=True)
class Implication:
    """A theme's possible implication, as its ``implication`` directive read it."""

    text: str


@dc.dataclass(frozen=True)
class Theme:
    """One row of the themes table: a finding or process theme and its implication.

    The ``theme`` directive makes it once, from what the author wrote, and hangs
    it on the theme's title node; the summary's record takes it from there.
    """

    anchor: str
    title: str
    kind: str
    tags: tuple[str, ...]
    finding: str
    implication: str
    line: int | None


@dc.dataclass(frozen=True)
class Passage:
    """The text of one prose section (context, activity, conclusion, appendices)."""

    section: str
    anchor: str
    text: str


@dc.dataclass(frozen=True)
class Download:
    """A file the appendices link to (``{download}`title <file>```)."""

    title: str
    target: str
    """As written: relative to the summary's folder."""


@dc.dataclass(frozen=True)
class SummaryRecord:
    """Everything the site knows about one summary, gathered while reading it."""

    docname: str
    slug: str
    """The hub's folder name: the same hub across years."""
    title: str
    front_matter: HubSummary
    methods: tuple[str, ...]
    sections: tuple[str, ...]
    """The template sections present, in page order."""
    themes: tuple[Theme, ...]
    hub_line: int | None
    """Where ``hub:`` is, for messages about the hub."""
    passages: tuple[Passage, ...] = ()
    """The prose sections' text, for search."""
    downloads: tuple[Download, ...] = ()
    """The appendices' files."""
    anonymisable: tuple[str, ...] | None = None
    """The anchors of the themes that may go into anonymised outputs, once the
    re-identification check has looked at this summary (:mod:`..domain.reidentify`)."""


@dc.dataclass(frozen=True)
class AppendixPage:
    """A page in a hub's folder beside its summary (a survey, a case study)."""

    summary: str
    """The summary's docname."""
    title: str
    text: str


@dc.dataclass(frozen=True)
class SummaryPath:
    """Where a summary sits: ``<hubs_dir>/<year folder>/<hub slug>/index``."""

    year_folder: str
    slug: str


def summary_path(docname: str, hubs_dir: str) -> SummaryPath | None:
    """The year folder and hub slug of a summary's docname, or None if not one."""
    parts = docname.split("/")
    prefix = hubs_dir.split("/")
    if len(parts) != len(prefix) + 3 or parts[: len(prefix)] != prefix:
        return None
    *_, year_folder, slug, leaf = parts
    if leaf != "index":
        return None
    return SummaryPath(year_folder, slug)


def appendix_summary(docname: str, hubs_dir: str) -> str | None:
    """The summary beside a page in a hub's folder, or None if not such a page."""
    folder, _, leaf = docname.rpartition("/")
    summary = f"{folder}/index"
    if leaf == "index" or summary_path(summary, hubs_dir) is None:
        return None
    return summary


def year_folder(year: str) -> str:
    """``2023/24`` -> ``2023-24``."""
    return year.replace("/", "-")
