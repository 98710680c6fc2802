"""Release notes: what a release changed in the evidence, from the release before it.

``evidence publish`` takes a built folder, not the sources, so the notes are made
from what each build says of its summaries: its ``evidence.json``
(:mod:`..output.exports`), which holds exactly the summaries and themes of the
build's audience. A new build's is compared with the one of the release
``current`` serves when it is published (what readers saw until then); a
rollback compares the two releases it switches between. :mod:`.publish`
records the result in the release's entry of ``history.json``, beside the
releases and never inside one: a release stays byte for byte its build, and the
web server never serves the notes.

What the notes may name (promise 1). Both files compared are releases of one
folder, which keeps the audience of its first release, and each file says
which audience it was built for: notes are made only when the two agree, so
they hold nothing the folder's audience could not see. A summary is named by
its identifier (its year and folder, ``2024-25/northshire``), its hub's name
and its year. A removed one (deleted, or withdrawn: the notes cannot tell
which, and need not) is named only by what the release before showed of it,
and never with its themes. A theme is named by its title, with a fingerprint
of its text (enough to tell an edit from no change without keeping the text):
no finding or implication is ever copied into the notes.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..output.exports import EVIDENCE

NOT_COMPARED = ("anchor", "url", "title")
"""Theme fields left out of its fingerprint: where it is, and its title (a theme
renamed keeps its fingerprint, so a rename is told from a removal)."""
NOT_DETAILS = ("slug", "url", "title", "themes")
"""Summary fields that are not details a reader would call changed: its
identifier, address and page title follow from its hub and folder."""


@dc.dataclass(frozen=True)
class ThemeShown:
    """A theme as a release shows it: its title and a fingerprint of its text."""

    title: str
    fingerprint: str

    def as_note(self) -> dict[str, str]:
        return {"title": self.title, "fingerprint": self.fingerprint}


@dc.dataclass(frozen=True)
class SummaryShown:
    """A summary as a release shows it, reduced to what the notes compare."""

    id: str
    hub: str
    year: str
    details: dict[str, Any]
    themes: tuple[ThemeShown, ...]

    @property
    def named(self) -> dict[str, str]:
        return {"id": self.id, "hub": self.hub, "year": self.year}


@dc.dataclass(frozen=True)
class Evidence:
    """What one build's ``evidence.json`` says: for whom, and its summaries."""

    audience: str
    format_version: object
    summaries: dict[str, SummaryShown]


def fingerprint(theme: Mapping[str, Any]) -> str:
    """A short digest of a theme's text (kind, tags, finding, implication)."""
    text = {key: value for key, value in theme.items() if key not in NOT_COMPARED}
    data = json.dumps(text, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()[:12]


def _summary(data: Mapping[str, Any]) -> SummaryShown:
    year, slug = str(data["year"]), str(data["slug"])
    themes = data.get("themes") or []
    return SummaryShown(
        id=f"{year.replace('/', '-')}/{slug}",
        hub=str(data.get("hub") or data.get("title") or slug),
        year=year,
        details={k: v for k, v in data.items() if k not in NOT_DETAILS},
        themes=tuple(
            ThemeShown(str(theme["title"]), fingerprint(theme)) for theme in themes
        ),
    )


def read_evidence(folder: Path) -> Evidence | None:
    """What the build in ``folder`` says of its summaries; None if it cannot say."""
    try:
        data = json.loads((folder / EVIDENCE).read_text(encoding="utf-8"))
        summaries = [_summary(summary) for summary in data["summaries"]]
        audience = str(data["audience"])
        version = data.get("format_version")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return Evidence(audience, version, {s.id: s for s in summaries})


def _keyed(themes: tuple[ThemeShown, ...]) -> dict[tuple[str, int], ThemeShown]:
    """The themes by title (and, for titles used twice, which of them)."""
    keyed: dict[tuple[str, int], ThemeShown] = {}
    for theme in themes:
        count = sum(1 for title, _ in keyed if title == theme.title)
        keyed[theme.title, count] = theme
    return keyed


def theme_changes(before: SummaryShown, after: SummaryShown) -> dict[str, Any]:
    """The themes added, removed, edited and renamed from one summary to the next."""
    old, new = _keyed(before.themes), _keyed(after.themes)
    edited = [
        new[key].as_note()
        for key in new
        if key in old and old[key].fingerprint != new[key].fingerprint
    ]
    removed = [old[key] for key in old if key not in new]
    added = [new[key] for key in new if key not in old]
    renamed = []
    for theme in list(added):
        same = next((r for r in removed if r.fingerprint == theme.fingerprint), None)
        if same is not None:
            renamed.append({"from": same.title, **theme.as_note()})
            removed.remove(same)
            added.remove(theme)
    found = {
        "added": [theme.as_note() for theme in added],
        "edited": edited,
        "renamed": renamed,
        "removed": [theme.as_note() for theme in removed],
    }
    return {kind: themes for kind, themes in found.items() if themes}


def _unknown(since: str | None, why: str) -> dict[str, Any]:
    return {"since": since, "unknown": why}


def release_changes(after: Path, before: Path | None) -> dict[str, Any]:
    """What the build in ``after`` changes from the release ``before`` (None: it
    is the folder's first), as the history records it."""
    new = read_evidence(after)
    since = before.name if before is not None else None
    if new is None:
        return _unknown(since, f"this release has no readable {EVIDENCE}")
    if before is None:
        count = sum(len(summary.themes) for summary in new.summaries.values())
        return {"first": True, "summaries": len(new.summaries), "themes": count}
    old = read_evidence(before)
    if old is None:
        return _unknown(since, f"the release before it has no readable {EVIDENCE}")
    if (old.audience, old.format_version) != (new.audience, new.format_version):
        # Never name a summary from a file made for another audience.
        return _unknown(since, f"the release before it has another kind of {EVIDENCE}")
    updated = []
    for key in sorted(new.summaries.keys() & old.summaries.keys()):
        was, now = old.summaries[key], new.summaries[key]
        details = sorted(
            name
            for name in was.details.keys() | now.details.keys()
            if was.details.get(name) != now.details.get(name)
        )
        themes = theme_changes(was, now)
        if details or themes:
            updated.append({**now.named, "details": details, "themes": themes})
    return {
        "since": since,
        "added": [
            {**new.summaries[key].named, "themes": len(new.summaries[key].themes)}
            for key in sorted(new.summaries.keys() - old.summaries.keys())
        ],
        "updated": updated,
        "removed": [
            old.summaries[key].named
            for key in sorted(old.summaries.keys() - new.summaries.keys())
        ],
    }


# -- in words ------------------------------------------------------------------


def _count(number: object, noun: str, nouns: str = "") -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {nouns or noun + 's'}"


def _name(summary: Mapping[str, Any]) -> str:
    return f"{summary.get('hub')} {summary.get('year')}"


THEME_CHANGES = ("edited", "added", "renamed", "removed")


def _themes_in_words(themes: Mapping[str, Any]) -> str:
    said = []
    for kind in THEME_CHANGES:
        for theme in themes.get(kind) or ():
            if kind == "renamed":
                said.append(f"'{theme.get('from')}' renamed '{theme.get('title')}'")
            else:
                said.append(f"'{theme.get('title')}' {kind}")
    return ", ".join(said)


def describe(changes: object) -> list[str]:
    """The changes, one line each, in words (none for a release published
    before releases recorded their changes)."""
    if not isinstance(changes, dict):
        return []
    if changes.get("first"):
        summaries = _count(changes.get("summaries"), "summary", "summaries")
        return [
            f"First release: {summaries}, {_count(changes.get('themes'), 'theme')}."
        ]
    if "unknown" in changes:
        return [f"Changes not known: {changes['unknown']}."]
    lines = [
        f"Added: {_name(s)} ({_count(s.get('themes'), 'theme')})"
        for s in changes.get("added") or ()
    ]
    for summary in changes.get("updated") or ():
        parts = []
        if summary.get("themes"):
            parts.append(f"themes changed: {_themes_in_words(summary['themes'])}")
        if summary.get("details"):
            words = ", ".join(d.replace("_", " ") for d in summary["details"])
            parts.append(f"details changed: {words}")
        lines.append(f"Updated: {_name(summary)}: {'; '.join(parts)}")
    lines += [f"Removed: {_name(s)}" for s in changes.get("removed") or ()]
    return lines or ["No summary or theme changed."]
