"""Keep themes that name their source out of anonymised outputs, and say so.

The anonymised strategic-goal export (:mod:`..output.exports`) drops every field that
names the hub, but a theme's own words can name it too: a teacher, a school,
a town, a region, its hub or another hub. :func:`anonymisable_themes` is the
one rule for what may go into anonymised outputs (the exports, anonymised
findings tables, anything later made from anonymised themes): it leaves such
a theme out, in every build, from the records alone.

Each theme left out is also reported where it is written, so its author can
reword it. Like the warnings given while reading, these are given for the
summaries a build reads: all of them in a full build, the changed ones in an
incremental build, unless the catalogue's hubs changed, when all are checked
again.
"""

from __future__ import annotations

import dataclasses as dc
import re
from typing import TYPE_CHECKING

from ..source.config import get_config
from ..source.facets import FACETS
from ..source.warnings_ import EvidenceWarning, warn
from ..state import build_state
from .lexicon import COMPASS
from .names import (
    Mention,
    Names,
    key_of,
    lowercase_words,
    named,
    names_in,
    patterns,
    person_names,
    proper_names,
    words,
)
from .store import get_domain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..source.config import EvidenceConfig
    from ..source.model import SummaryRecord, Theme

WHAT_NAMES = {
    "own": "its own hub",
    "other": "another hub",
    "region": "a region",
    "evaluator": "an evaluator or the contact of this summary",
    "place": "a place or name from this summary's case or context",
    "named": "a school or person this summary names",
}
"""What a name a summary gives, or the catalogue has, is the name of."""
GOAL = FACETS["strategic-goal"]
"""The facet an evaluation pack is made per value of."""


def hub_names(hub: str) -> set[str]:
    """A hub's name, and its short form (``Northshire`` for Northshire Maths Hub)."""
    short = re.sub(r"\s+Maths\s+Hub$", "", hub.strip(), flags=re.IGNORECASE)
    return {key_of(name) for name in (hub, short) if len(name.strip()) > 3}


def region_names(config: EvidenceConfig) -> dict[str, str]:
    """Each region's label (``North West``), and the words of it that name a
    place alone (``Yorkshire``, ``Midlands``, ``London``)."""
    names = {}
    for label in config.vocabularies["regions"].terms.values():
        names[key_of(label)] = WHAT_NAMES["region"]
        for word in words(label):
            if word.proper and word.key not in COMPASS:
                names[word.key] = WHAT_NAMES["region"]
    return names


@dc.dataclass(frozen=True)
class Catalogue:
    """The names of the site every summary's themes are checked for: every
    hub's (full and short) and every region's."""

    names: Names

    @classmethod
    def of(cls, records: Iterable[SummaryRecord], config: EvidenceConfig) -> Catalogue:
        """The catalogue of the hubs of ``records``."""
        hubs = {record.front_matter.hub for record in records}
        names = region_names(config)
        for hub in sorted(hub for hub in hubs if hub):
            names |= dict.fromkeys(hub_names(hub), WHAT_NAMES["other"])
        return cls(Names(names))


def summary_names(
    record: SummaryRecord, themes: list[tuple[str, list[Mention]]]
) -> Names:
    """The names this summary gives that its themes must not: its own hub's,
    its evaluators' and contact's, those of its case and context, and the
    schools and people it names anywhere (``themes``: each theme's text and
    patterns)."""
    front = record.front_matter
    context = "\n\n".join(
        [front.case, *(p.text for p in record.passages if p.section == "context")]
    )
    prose = "\n\n".join(
        [front.case, *front.research_questions, *(p.text for p in record.passages)]
    )
    lowercase = lowercase_words("\n\n".join([prose, *(text for text, _ in themes)]))
    named_anywhere = names_in(prose, patterns(prose))
    for text, found in themes:
        named_anywhere |= names_in(text, found)
    names: dict[str, str] = {
        name: WHAT_NAMES["named"]
        for name in named_anywhere
        if " " in name or name.lower() not in lowercase
    }
    for name in proper_names(context, lowercase):
        names[name] = WHAT_NAMES["place"]
    for person in (*front.evaluators, front.contact):
        names |= dict.fromkeys(person_names(person), WHAT_NAMES["evaluator"])
    for name in hub_names(front.hub) if front.hub else ():
        names[name] = WHAT_NAMES["own"]
    return Names(names)


def theme_text(theme: Theme) -> str:
    """A theme's words, its title, finding and implication parted as paragraphs."""
    return "\n\n".join((theme.title, theme.finding, theme.implication))


def identifying_names(
    record: SummaryRecord, catalogue: Catalogue
) -> list[tuple[Theme, list[tuple[str, str]]]]:
    """Each theme of ``record`` and what in it can identify where it comes from
    ((the words, what they name); empty when nothing)."""
    texts = [theme_text(theme) for theme in record.themes]
    themes = [(text, patterns(text)) for text in texts]
    own = summary_names(record, themes)
    return [
        (theme, named(text, own, catalogue.names, found=found))
        for theme, (text, found) in zip(record.themes, themes, strict=True)
    ]


def anonymisable_themes(
    records: Iterable[SummaryRecord], config: EvidenceConfig
) -> dict[str, tuple[Theme, ...]]:
    """The themes that may go into anonymised outputs, by summary (docname).

    Those of the summaries that allow anonymised use, less each theme that
    names a person, a school, a place, a region or a hub: the one rule for
    the anonymised exports, anonymised findings tables and anything later made
    from anonymised themes. It does not depend on warnings, so a theme is left
    out whether or not its warning is shown (or silenced), in every build. A
    summary the build's check has looked at carries its verdict
    (``anonymisable``); only the others are checked here.
    """
    records = list(records)
    unchecked = any(r.anonymisable is None for r in records)
    catalogue = Catalogue.of(records, config) if unchecked else None
    themes = {}
    for record in records:
        if not record.front_matter.anonymised_use:
            continue
        allowed = record.anonymisable
        if allowed is None:
            assert catalogue is not None
            allowed = _allowed(identifying_names(record, catalogue))
        themes[record.docname] = tuple(t for t in record.themes if t.anchor in allowed)
    return themes


def _allowed(found: list[tuple[Theme, list[tuple[str, str]]]]) -> tuple[str, ...]:
    """The anchors of the themes in which nothing identifying was found."""
    return tuple(theme.anchor for theme, names in found if not names)


def remember_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Keep the list of documents this build reads (``env-before-read-docs``).

    In a parallel build this runs in the main process, before the documents
    are shared out, so the list has them all.
    """
    build_state(app).reading = tuple(docnames)


def check_anonymised_themes(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every theme in the anonymised export that names its source.

    At ``env-updated``, after parallel readers' records are merged and before
    the environment is saved. Only the summaries read in this build are
    checked, as Sphinx repeats no warning of a document it does not read
    again; unless the hubs of the catalogue changed, which can change what
    any summary's themes name, when every summary is checked again (the hubs
    the last check used are kept in the domain, with the records).
    """
    domain = get_domain(env)
    summaries = domain.summaries
    state = build_state(app)
    reading, state.reading = set(state.reading or ()), None
    hubs = frozenset(record.front_matter.hub for record in summaries.values())
    if hubs != domain.catalogue:
        reading = set(summaries)
    domain.catalogue = hubs
    records = [summaries[docname] for docname in sorted(reading & set(summaries))]
    if not any(record.front_matter.anonymised_use for record in records):
        return
    config = get_config(env)
    catalogue = Catalogue.of(summaries.values(), config)
    for record in records:
        if not record.front_matter.anonymised_use:
            continue
        verdicts = identifying_names(record, catalogue)
        # Kept with the record, so that the exports and views of this and later
        # builds need not check every summary again.
        summaries[record.docname] = dc.replace(record, anonymisable=_allowed(verdicts))
        for theme, found in verdicts:
            if found:
                warn(
                    EvidenceWarning.REIDENTIFYING,
                    message(theme, found, _goal_labels(record, config)),
                    location=(record.docname, theme.line),
                )


def _goal_labels(record: SummaryRecord, config: EvidenceConfig) -> list[str]:
    return [GOAL.label(goal, config) for goal in GOAL.summary_values(record) if goal]


def message(
    theme: Theme, found: list[tuple[str, str]], goals: Iterable[str] = ()
) -> str:
    """What a theme names, that it is left out, and what to write instead.

    :param goals: the labels of the summary's strategic goals, whose evaluation
       packs are not written while any theme names its source (one warning
       says both, so the author reads of the theme once).
    """
    by_what: dict[str, list[str]] = {}
    for words_, what in found:
        if words_ not in by_what.setdefault(what, []):
            by_what[what].append(words_)
    names = "; ".join(
        f"{what} ({', '.join(f'“{w}”' for w in written)})"
        for what, written in by_what.items()
    )
    return (
        f"The theme “{theme.title}” would go into anonymised outputs (the summary "
        f"has `anonymised_use: true`), but it names {names}, so it is left out of "
        "the anonymised export, of anonymised findings tables and of the "
        "anonymised synthesis pages. Reword it "
        "without the names (for example “the Year 2 teacher”, “one partner "
        "school”, “a coastal town”, “the hub”), or set `anonymised_use: false` "
        "if the hub has not agreed to anonymised use."
    ) + "".join(
        f" Until then, the evaluation pack of the strategic goal “{goal}” is not "
        "written."
        for goal in goals
    )


def setup_reidentify(app: Sphinx) -> None:
    """Check the themes of the summaries each build reads."""
    app.connect("env-before-read-docs", remember_reading)
    # At env-updated, not env-check-consistency: before the environment is
    # saved, so it keeps the catalogue this check used.
    app.connect("env-updated", check_anonymised_themes)
