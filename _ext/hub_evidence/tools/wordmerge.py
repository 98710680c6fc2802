"""An exported Word document, edited by a hub, as a summary: visible text wins.

A document exported from the site carries its summary's record
(:mod:`..source.word.carried`). Each part of the template (a header row, a
section, a theme's row) is compared with what the document said when it was
exported: a part still saying the same is taken from the record, as written
in MyST, with what Word cannot show (titles, tags, methods, region); a part
the hub edited is taken from the visible text, so nothing typed in Word is
lost. Governance is never taken from a document: the result is a draft
shared with the hub, whatever the summary was.
"""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING

from ..source.config import EvidenceConfig
from ..source.summary_text import (
    SummaryDocument,
    SummaryTextError,
    ThemeText,
    read_summary_text,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from ..source.vocabulary import Vocabulary
    from .importdocx import Imported

REPLACED = (
    "It is a draft shared with the hub again (status: draft, sharing: hub, "
    "anonymised_use: false, wider_use: false): set them back once the hub agrees."
)
DRAFT_FOR_THE_HUB = {
    "status": "draft",
    "sharing": "hub",
    "anonymised_use": False,
    "wider_use": False,
}
"""The governance of every imported summary: the hub agrees it again."""
PROSE = ("context", "activity", "conclusion")
_HEADER = {
    "hub": "hub's name",
    "strategic_goal": "strategic goal",
    "goal_statement": "strategic goal",
    "research_questions": "research questions",
    "case": "case",
}


def _front(imported: Imported, exported: Imported, year: str) -> dict[str, object]:
    """The header's values the hub edited (by front-matter key)."""
    visible, before = imported.front, exported.front
    edited: dict[str, object] = {"year": year}
    if visible.get("hub") != before.get("hub") or imported.illustrative != (
        exported.illustrative
    ):
        edited |= {"hub": visible.get("hub", ""), "illustrative": imported.illustrative}
    goal = ("strategic_goal", "goal_statement")
    if any(visible.get(key) != before.get(key) for key in goal):
        found = visible.get("strategic_goal", "")
        edited |= {
            "strategic_goal": tuple(found.split(", ")) if found else (),
            "goal_statement": visible.get("goal_statement", ""),
        }
    if visible.get("research_questions") != before.get("research_questions"):
        questions = visible.get("research_questions", "")
        edited["research_questions"] = tuple(questions.splitlines())
    if visible.get("case") != before.get("case"):
        edited["case"] = visible.get("case", "")
    return edited


def _themes(
    imported: Imported, exported: Imported, record: SummaryDocument
) -> tuple[ThemeText, ...]:
    unedited = list(zip(exported.themes, record.themes, strict=False))
    by_title = {theme.title: theme for theme in record.themes}
    themes = []
    for row in imported.themes:
        same = next((pair for pair in unedited if pair[0] == row), None)
        if same is not None:
            unedited.remove(same)
            themes.append(same[1])
            continue
        title, kind, finding, implication = row
        known = by_title.get(title)
        themes.append(
            ThemeText(
                title,
                kind,
                known.tags if known else (),
                "\n\n".join(finding),
                "\n\n".join(implication),
            )
        )
    return tuple(themes)


def merged_summary(imported: Imported, year: str) -> SummaryDocument:
    """The summary an exported document says now: carried where unedited."""
    record, exported = imported.carried, imported.exported
    assert record is not None and exported is not None, "not an exported document"
    front = dc.replace(
        record.front_matter,
        **_front(imported, exported, year),  # type: ignore[arg-type]
        **DRAFT_FOR_THE_HUB,  # type: ignore[arg-type]
    )
    prose: dict[str, str] = {
        name: getattr(record, name)
        if getattr(imported, name) == getattr(exported, name)
        else "\n\n".join(getattr(imported, name))
        for name in PROSE
    }
    appendices = record.appendices
    if imported.appendices != exported.appendices:
        appendices = "\n\n".join(imported.appendices) or None
    return SummaryDocument(
        front,
        methods=record.methods,
        themes=_themes(imported, exported, record),
        appendices=appendices,
        context=prose["context"],
        activity=prose["activity"],
        conclusion=prose["conclusion"],
    )


def what_changed(before: SummaryDocument, after: SummaryDocument) -> list[str]:
    """What an import changes in the summary in the repository, in plain words."""
    changed: list[str] = []
    for key, words in _HEADER.items():
        said = f"The {words} changed."
        old, new = getattr(before.front_matter, key), getattr(after.front_matter, key)
        if old != new and said not in changed:
            changed.append(said)
    changed += [
        f"The {name} changed."
        for name in (*PROSE, "appendices")
        if getattr(before, name) != getattr(after, name)
    ]
    old_themes = {theme.title: theme for theme in before.themes}
    new_themes = {theme.title: theme for theme in after.themes}
    for title, theme in new_themes.items():
        if title not in old_themes:
            changed.append(f"New theme: “{title}”.")
        elif old_themes[title] != theme:
            changed.append(f"The theme “{title}” changed.")
    changed += [f"Theme removed: “{t}”." for t in old_themes if t not in new_themes]
    if [t.title for t in before.themes if t.title in new_themes] != [
        t.title for t in after.themes if t.title in old_themes
    ]:
        changed.append("The themes are in a different order.")
    return changed or ["Nothing in the text changed."]


def replace_summary(
    target: Path,
    after: SummaryDocument,
    text: str,
    vocabularies: Mapping[str, Vocabulary] | None,
) -> list[str]:
    """Write an exported, edited document's summary (``text``) over its own;
    what changed, and that it is a draft again.

    Only the summary's ``index.md`` is written (git keeps what it said); the
    document's images are not saved over the folder's files.
    """
    try:
        before = read_summary_text(
            target.read_text(encoding="utf-8"),
            vocabularies or EvidenceConfig().vocabularies,
        )
    except (SummaryTextError, OSError, UnicodeDecodeError):
        before = None
    target.write_text(text, encoding="utf-8")
    changed = what_changed(before, after) if before else ["It was replaced."]
    return [*changed, REPLACED]
