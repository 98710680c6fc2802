"""Warn when a theme bound for the anonymised export would name its source.

The anonymised strategic-goal export (:mod:`.exports`) drops every field that
names the hub, but a theme's own words can name it too: its hub, a school or
trust the summary names, or another hub of the catalogue. Each such theme is
reported where it is written, so its author can reword it.

Like the warnings given while reading, these are given for the summaries a
build reads: all of them in a full build, the changed ones in an incremental
build, unless the catalogue's hubs changed, when all are checked again.
"""

from __future__ import annotations

import dataclasses as dc
import re
from typing import TYPE_CHECKING

from .domain import get_domain
from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

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


def _word_runs(text: str, longest: int, firsts: Set[str]) -> set[str]:
    """Every run of up to ``longest`` words of ``text`` starting with one of ``firsts``.

    Names are looked up among these runs, so the cost does not grow with the
    number of names (the catalogue has every hub's); a run can only be a name
    if it starts with a name's first word, so no other run is made.
    """
    words = _TOKEN.findall(text)
    return {
        " ".join(words[start : start + size])
        for start, word in enumerate(words)
        if word in firsts
        for size in range(1, min(longest, len(words) - start) + 1)
    }


@dc.dataclass(frozen=True)
class _Catalogue:
    """Every hub's names (full and short), and the hubs each name is a name of."""

    hubs: dict[str, set[str]]
    longest: int
    """The most words in a name."""
    firsts: frozenset[str]
    """The first word of each name."""

    @classmethod
    def of(cls, records: Iterable[SummaryRecord]) -> _Catalogue:
        """The catalogue of the hubs of ``records``."""
        hubs: dict[str, set[str]] = {}
        for hub in {record.front_matter.hub for record in records}:
            for name in hub_names(hub) if hub else ():
                hubs.setdefault(name, set()).add(hub)
        return cls(
            hubs,
            max((len(name.split(" ")) for name in hubs), default=1),
            frozenset(name.split(" ")[0] for name in hubs),
        )


READING = "_evidence_reidentify_reading"
"""The documents this build reads (kept from ``env-before-read-docs``)."""
CATALOGUE = "_evidence_reidentify_hubs"
"""In the environment: the hubs of the catalogue the last check used."""


def remember_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Keep the list of documents this build reads (``env-before-read-docs``).

    In a parallel build this runs in the main process, before the documents
    are shared out, so the list has them all.
    """
    setattr(env, READING, docnames)


def check_anonymised_themes(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every theme in the anonymised export that names its source.

    At ``env-updated``, after parallel readers' records are merged and before
    the environment is saved. Only the summaries read in this build are
    checked, as Sphinx repeats no warning of a document it does not read
    again; unless the hubs of the catalogue changed, which can change what
    any summary's themes name, when every summary is checked again.
    """
    summaries = get_domain(env).summaries
    reading = set(getattr(env, READING, ()))
    if hasattr(env, READING):
        delattr(env, READING)
    hubs = frozenset(record.front_matter.hub for record in summaries.values())
    if hubs != getattr(env, CATALOGUE, None):
        reading = set(summaries)
    setattr(env, CATALOGUE, hubs)
    records = [summaries[docname] for docname in sorted(reading & set(summaries))]
    if not any(record.front_matter.anonymised_use for record in records):
        return
    catalogue = _Catalogue.of(summaries.values())
    for record in records:
        if record.front_matter.anonymised_use:
            _check(record, catalogue)


def _check(record: SummaryRecord, catalogue: _Catalogue) -> None:
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
    names = (*own, *schools)
    longest = max((catalogue.longest, *(len(name.split(" ")) for name in names)))
    firsts = catalogue.firsts | {name.split(" ")[0] for name in names}
    for theme in record.themes:
        text = f"{theme.title}\n{theme.finding}\n{theme.implication}"
        runs = _word_runs(text, longest, firsts)
        others = {
            n for n in runs & catalogue.hubs.keys() if catalogue.hubs[n] - {front.hub}
        }
        found = [
            *(f"its own hub (“{n}”)" for n in sorted(runs & own)[:1]),
            *(f"“{n}”, named in this summary" for n in sorted(runs & schools)),
            *(f"another hub (“{n}”)" for n in sorted(others)),
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


def setup_reidentify(app: Sphinx) -> None:
    """Check the themes of the summaries each build reads."""
    app.connect("env-before-read-docs", remember_reading)
    # At env-updated, not env-check-consistency: before the environment is
    # saved, so it keeps the catalogue this check used.
    app.connect("env-updated", check_anonymised_themes)
