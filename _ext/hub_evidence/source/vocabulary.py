"""Controlled vocabularies (regions, strategic goals, methods, ...) and suggestions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

STRATEGIC_GOALS = {
    "primary": "Primary",
    "secondary": "Secondary",
    "post-16": "Post-16",
    "llme": "LLME (local leaders of mathematics education)",
}
REGIONS = {
    name: name
    for name in (
        "North East",
        "North West",
        "Yorkshire and the Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
    )
}
METHODS = {
    "interviews": "Interviews",
    "focus-group": "Focus group",
    "survey": "Survey",
    "lesson-observation": "Lesson observation",
    "work-group-observation": "Work Group observation",
    "learning-walk": "Learning walk",
    "document-analysis": "Document analysis",
    "attainment-data": "Attainment data",
    "teacher-log": "Teacher log",
    "case-study": "Case study",
}
FOCUS_AREAS = {
    "strategic-goal": "Strategic goal",
    "local": "Local focus",
    "tsm": "Targeted Support in Mathematics (TSM)",
}
THEME_KINDS = {"finding": "Finding", "process": "Process"}
STATUSES = {"draft": "Draft", "review": "In review", "published": "Published"}
SHARING_LEVELS = {
    "hub": "Hub only (the hub and the evaluation team)",
    "network": "Maths Hubs network (the intranet)",
    "public": "Public",
}

SYNONYMS: dict[str, dict[str, list[str]]] = {
    "strategic_goals": {
        "primary": ["primary school", "primary schools", "KS1", "KS2", "EYFS"],
        "secondary": ["secondary school", "secondary schools", "KS3", "KS4"],
        "post-16": [
            "post16",
            "sixth form",
            "16-19",
            "16 to 19",
            "KS5",
            "FE",
            "further education",
        ],
        "llme": [
            "LLMEs",
            "local leaders",
            "local leaders of mathematics education",
            "local leaders of maths education",
        ],
    },
    "regions": {
        "North East": ["NE"],
        "North West": ["NW"],
        "Yorkshire and the Humber": [
            "Yorkshire",
            "Yorkshire and Humber",
            "Yorkshire & the Humber",
            "Yorkshire & Humber",
        ],
        "East Midlands": ["East Mids"],
        "West Midlands": ["West Mids"],
        "East of England": ["East Anglia"],
        "London": ["Greater London"],
        "South East": ["SE"],
        "South West": ["SW"],
    },
    "methods": {
        "interviews": [
            "interview",
            "semi-structured interviews",
            "semi-structured interview",
            "teacher interviews",
        ],
        "focus-group": ["focus groups", "group interview", "group interviews"],
        "survey": [
            "surveys",
            "questionnaire",
            "questionnaires",
            "online survey",
            "online questionnaire",
        ],
        "lesson-observation": [
            "observation",
            "observations",
            "lesson observations",
            "classroom observation",
            "classroom observations",
        ],
        "work-group-observation": [
            "work group observations",
            "workgroup observation",
            "workgroup observations",
        ],
        "learning-walk": ["learning walks"],
        "document-analysis": ["document review", "documentary analysis", "documents"],
        "attainment-data": [
            "attainment",
            "assessment data",
            "pupil data",
            "test data",
            "test results",
        ],
        "teacher-log": [
            "teacher logs",
            "teacher diary",
            "teacher diaries",
            "reflective log",
            "reflective logs",
            "logs",
        ],
        "case-study": ["case studies"],
    },
    "focus_areas": {
        "strategic-goal": ["strategic goals", "SG"],
        "local": ["local priority"],
        "tsm": [
            "targeted support",
            "Targeted Support in Mathematics",
            "Targeted Support in Maths",
        ],
    },
    "statuses": {
        "draft": ["in progress", "work in progress", "wip"],
        "review": ["for review", "reviewing", "under review"],
    },
    "sharing_levels": {
        "hub": ["hub only", "private"],
        "network": ["intranet", "maths hubs network", "network only"],
    },
}
"""Other words authors write for a key, by vocabulary: suggested, never accepted
(a value outside a vocabulary stays a mistake, now with the right "did you mean").
"""


@dataclass(frozen=True)
class VocabularySetting:
    """What a controlled list is: the one description of its name and words.

    The site's ``evidence_<name>`` setting, the front-matter model, the facets,
    the exports' schemas, the guide's tables and ``evidence new`` all take the
    list's name, noun and plural from here, so that a site which adds a term in
    ``conf.py`` sees it everywhere.
    """

    name: str
    """The setting (``evidence_<name>``) and the key of ``config.vocabularies``."""
    noun: str
    """One term, in words ("strategic goal"), as messages and the guide say it."""
    plural: str
    """All terms, in words ("strategic goals")."""
    defaults: Mapping[str, str]
    """The terms (key: label) a site has unless its ``conf.py`` sets others."""
    help: str
    """What the setting holds, for the settings reference."""


VOCABULARIES: dict[str, VocabularySetting] = {
    setting.name: setting
    for setting in (
        VocabularySetting(
            "strategic_goals",
            "strategic goal",
            "strategic goals",
            STRATEGIC_GOALS,
            "Strategic goals (key: label).",
        ),
        VocabularySetting(
            "regions",
            "region",
            "regions",
            REGIONS,
            "English regions a hub may cover (key: label).",
        ),
        VocabularySetting(
            "methods",
            "data-collection method",
            "data-collection methods",
            METHODS,
            "Data-collection methods for ``:methods:`` (key: label).",
        ),
        VocabularySetting(
            "focus_areas",
            "focus area",
            "focus areas",
            FOCUS_AREAS,
            "Areas of a hub's remit (key: label).",
        ),
        VocabularySetting(
            "theme_kinds",
            "kind of theme",
            "kinds of theme",
            THEME_KINDS,
            "Kinds of theme for ``:kind:``.",
        ),
        VocabularySetting(
            "statuses",
            "status",
            "statuses",
            STATUSES,
            "Editorial statuses of a summary.",
        ),
        VocabularySetting(
            "sharing_levels",
            "sharing level",
            "sharing levels",
            SHARING_LEVELS,
            "Who may see a summary's findings (key: plain-words label).",
        ),
    )
}
"""Every controlled list, in the order the guide shows them."""

SHORT = 4
"""Synonyms shorter than this are suggested only when written exactly."""


def _fold(text: str) -> str:
    """Compare terms ignoring case and the choice of space, hyphen or underscore."""
    return re.sub(r"[\s_-]+", " ", text).strip().casefold()


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list: canonical keys, each with a label for readers."""

    noun: str
    """What one term is, in words, e.g. "region" (used in messages)."""
    terms: Mapping[str, str]
    synonyms: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Key -> other words for it, suggested in messages but not accepted."""
    _folded: dict[str, str] = field(init=False, repr=False, compare=False)
    _near: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        folded: dict[str, str] = {}
        for key, label in self.terms.items():
            folded.setdefault(_fold(label), key)
            folded[_fold(key)] = key
        object.__setattr__(self, "_folded", folded)
        near = dict(folded)
        for key, words in self.synonyms.items():
            # A site that replaces a vocabulary keeps the default synonyms:
            # those whose key is gone are not suggested.
            if key in self.terms:
                for word in words:
                    near.setdefault(_fold(word), key)
        object.__setattr__(self, "_near", near)

    def lookup(self, value: str) -> str | None:
        """The key ``value`` names (by key or label, in any case), or None."""
        return self._folded.get(_fold(value))

    def label(self, key: str) -> str:
        """The label of ``key`` (the key itself if it is unknown)."""
        return self.terms.get(key, key)

    def suggest(self, value: str) -> str | None:
        """The key ``value`` is a synonym of, or the key closest to it if misspelt
        (synonyms included: ``questionaire`` -> ``survey``), if one is close enough."""
        folded = _fold(value)
        if folded in self._near:
            return self._near[folded]
        # Short synonyms (``NW``, ``FE``) are suggested only when written exactly:
        # as candidates for a misspelling they would match almost anything short.
        candidates = [w for w in self._near if len(w) >= SHORT or w in self._folded]
        return suggest(folded, candidates, self._near.__getitem__)

    def describe(self) -> str:
        """All keys, for a message: "`a`, `b` or `c`"."""
        return or_list(self.terms)

    def unknown(self, value: str, where: str) -> str:
        """The message for a ``value`` not in this vocabulary, found in ``where``."""
        near = self.suggest(value)
        hint = f" Did you mean `{near}`?" if near else ""
        return (
            f"`{value}` is not a {self.noun} the site knows (in {where}).{hint} "
            f"Use {self.describe()}."
        )


TAG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def tag_slug(value: str) -> str:
    """``Early Years`` -> ``early-years``: how a tag should have been written."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))


def bad_tag_message(value: str, where: str) -> str | None:
    """Why ``value`` is not a well-formed tag, or None if it is one."""
    if TAG_PATTERN.match(value):
        return None
    return (
        f"The tag `{value}` in {where} should be lowercase words joined by "
        f"hyphens: write `{tag_slug(value) or 'my-topic'}`."
    )


def suggest(
    value: str,
    candidates: Iterable[str],
    canonical: Callable[[str], str] = str,
) -> str | None:
    """The candidate closest to ``value`` (difflib), mapped to its canonical form."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return canonical(close[0]) if close else None


def split_list(value: str) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]`` (how lists are written in options)."""
    return [part.strip() for part in value.split(",") if part.strip()]


def or_list(keys: Iterable[str]) -> str:
    """Quote keys for a message: "`a`, `b` or `c`"."""
    quoted = [f"`{key}`" for key in keys]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
