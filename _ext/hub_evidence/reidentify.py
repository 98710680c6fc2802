"""Warn when a theme bound for the anonymised export would name its source.

The anonymised strategic-goal export (:mod:`.exports`) drops every field that
names the hub, but a theme's own words can name it too: its hub, a school or
trust the summary names, or another hub of the catalogue. Each such theme is
reported where it is written, so its author can reword it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .domain import get_domain
from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import SummaryRecord

_WORD = r"[A-Z][\w'\u2019&-]*"
SCHOOL = re.compile(
    rf"\b((?:{_WORD}\s+){{1,6}}(?:Primary School|Infant School|Junior School|"
    r"High School|School|Academy|College|Trust|Federation))\b"
)
"""A capitalised name ending as a school's, college's or trust's does."""
GENERIC = frozenset(
    [
        "A",
        "An",
        "The",
        "Each",
        "Every",
        "Any",
        "All",
        "Our",
        "Their",
        "His",
        "Her",
        "Its",
        "This",
        "That",
        "These",
        "Those",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "Some",
        "Most",
        "Many",
        "Several",
        "Other",
        "Another",
        "Primary",
        "Secondary",
        "Infant",
        "Junior",
        "High",
        "Special",
        "Independent",
        "State",
        "Partner",
        "Lead",
        "Host",
        "Hub",
        "Teaching",
        "Maths",
        "Mathematics",
        "Multi",
        "Academy",
        "Sixth",
        "Form",
        "Further",
        "Education",
        "Free",
        "Community",
        "Local",
        "National",
        "In",
        "At",
        "For",
        "With",
        "From",
        "By",
        "Of",
        "To",
        "And",
        "Or",
    ]
)
"""Words that start a sentence or a kind of school, not a school's name."""


def school_names(text: str) -> set[str]:
    """The names of schools, colleges and trusts written in ``text``."""
    names = set()
    for match in SCHOOL.finditer(text):
        words = match[1].split()
        while words and words[0] in GENERIC:
            words.pop(0)
        if len(words) > 1 and words[0] not in GENERIC:
            names.add(" ".join(words))
    return names


def hub_names(hub: str) -> set[str]:
    """A hub's name, and its short form (``Northshire`` for Northshire Maths Hub)."""
    short = re.sub(r"\s+Maths\s+Hub$", "", hub.strip(), flags=re.IGNORECASE)
    return {_words(name) for name in (hub, short) if len(name.strip()) > 3}


_TOKEN = re.compile(r"[\w'\u2019&-]+")


def _words(text: str) -> str:
    return " ".join(_TOKEN.findall(text))


def _word_runs(text: str, longest: int) -> set[str]:
    """Every run of up to ``longest`` words of ``text``.

    Names are looked up among these runs, so the cost does not grow with the
    number of names (the catalogue has every hub's).
    """
    words = _TOKEN.findall(text)
    return {
        " ".join(words[start : start + size])
        for size in range(1, longest + 1)
        for start in range(len(words) - size + 1)
    }


def check_anonymised_themes(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every theme in the anonymised export that names its source."""
    records = sorted(get_domain(env).summaries.values(), key=lambda r: r.docname)
    catalogue: dict[str, set[str]] = {}
    for record in records:
        for name in (
            hub_names(record.front_matter.hub) if record.front_matter.hub else ()
        ):
            catalogue.setdefault(name, set()).add(record.front_matter.hub)
    for record in records:
        if record.front_matter.anonymised_use:
            _check(record, catalogue)


def _check(record: SummaryRecord, catalogue: dict[str, set[str]]) -> None:
    front = record.front_matter
    own = hub_names(front.hub) if front.hub else set()
    summary_text = " ".join(
        [
            front.case,
            *front.research_questions,
            *(passage.text for passage in record.passages),
            *(f"{t.title} {t.finding} {t.implication}" for t in record.themes),
        ]
    )
    schools = {_words(name) for name in school_names(summary_text)} - own
    others = {name for name, hubs in catalogue.items() if hubs - {front.hub}}
    longest = max(
        (len(name.split()) for name in (*own, *schools, *catalogue)), default=1
    )
    for theme in record.themes:
        text = f"{theme.title}\n{theme.finding}\n{theme.implication}"
        runs = _word_runs(text, longest)
        found = [
            *(f"its own hub (“{n}”)" for n in sorted(runs & own)[:1]),
            *(f"“{n}”, named in this summary" for n in sorted(runs & schools)),
            *(f"another hub (“{n}”)" for n in sorted(runs & others)),
        ]
        if found:
            warn(
                EvidenceWarning.REIDENTIFYING,
                f"The theme “{theme.title}” goes into the anonymised strategic-goal "
                f"export (the summary has `anonymised_use: true`), but it names "
                f"{'; '.join(found)}. Reword it without the name, or set "
                "`anonymised_use: false`.",
                location=(record.docname, theme.line),
            )
