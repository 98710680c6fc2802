"""What changed in the summaries lately, as readers of this build saw it: the
one reading of the history that the "What's new" page (:mod:`.whats_new`) and
the home page's "Recently changed" (:mod:`.views.recent`) both show.

Each change is one commit of a summary's file (from the history read at the
start of the build, :mod:`.history`); only the newest :data:`CHANGES_SHOWN`
are looked at, so the cost is the same at 800 summaries as at 8. For each, the
file as the commit left it and as it was before are read in one ``git
cat-file --batch`` and their themes compared by a light reading of the
``{theme}`` directives (title, then text).

Readers must learn nothing from it that the site did not show them:

- a change that left the summary, or found it, outside the audience (a draft, a
  summary withdrawn for a while) is not a change readers saw: the first version
  they could see is listed as new, and versions they could not see are not
  listed at all;
- a theme is named only if the summary still has it; a theme removed or
  renamed since is counted, not named, since it may have been taken out for a
  reason.
"""

from __future__ import annotations

import dataclasses as dc
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.store import get_domain
from ..source.audience import visible_to
from ..source.config import get_config
from ..source.frontmatter import FrontMatterError, split_front_matter
from .history import file_versions, history

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..source.config import EvidenceConfig
    from ..source.model import SummaryRecord

PAGE = "whats-new"
"""The page that lists them (:mod:`.whats_new`), which other pages link to."""
CHANGES_SHOWN = 20
"""How many of the latest changes the page lists."""

_THEME = re.compile(r"^(:{3,})\{theme\}[ \t]*(.*?)[ \t]*$")
_FENCE = re.compile(r"^:{3,}")
_OPTION = re.compile(r"^:[\w-]+:")
_KEY = re.compile(r"^(status|sharing):[ \t]*([^\s#'\"]+)", re.MULTILINE)


@dc.dataclass(frozen=True)
class SummaryChange:
    """One change to a summary, as the page lists it."""

    record: SummaryRecord
    date: str
    note: str
    new: bool
    """The first version readers could see."""
    added: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    """Theme titles, of themes the summary still has."""
    others: int = 0
    """Themes added, edited or removed that it no longer has (not named)."""


def themes(text: str) -> dict[str, str]:
    """A summary's themes as written: title (case folded) -> its text."""
    found: dict[str, str] = {}
    title: str | None = None
    lines: list[str] = []
    for line in [*text.splitlines(), ":::"]:
        match = _THEME.match(line)
        if title is not None and (match or _FENCE.match(line)):
            found[title] = " ".join(" ".join(lines).split())
            title = None
        if match:
            title, lines = match[2].casefold(), []
        elif title is not None and not _OPTION.match(line):
            lines.append(line)
    return found


def _visible(text: str | None, config: EvidenceConfig) -> bool:
    """Whether a version of a summary was one this build's audience may see."""
    if text is None:
        return False
    try:
        block = split_front_matter(text)
    except FrontMatterError:
        return False
    keys = dict(_KEY.findall(block.text)) if block else {}
    vocabularies = config.vocabularies
    status = vocabularies["statuses"].lookup(keys.get("status", "")) or ""
    sharing = vocabularies["sharing_levels"].lookup(keys.get("sharing", "")) or ""
    return visible_to(config.audience, status, sharing)


def latest_changes(env: BuildEnvironment) -> list[SummaryChange]:
    """The newest changes readers of this build saw, newest first (the page's,
    and the home page's "Recently changed": :mod:`.views.recent`)."""
    known = history(env)
    config = get_config(env)
    records = {
        Path(env.doc2path(r.docname, base=False)).as_posix(): r
        for r in get_domain(env).summaries.values()
    }
    commits = sorted(
        (
            (change.date, change.commit, path, change.note)
            for path in sorted(records)
            for change in known.changes.get(path, ())
        ),
        key=lambda item: (datetime.fromisoformat(item[0]), item[2]),
        reverse=True,
    )
    # Some of the newest may be versions readers never saw: look a little further.
    commits = commits[: CHANGES_SHOWN * 2]
    revisions = [
        f"{commit}{parent}:{path}"
        for _, commit, path, _ in commits
        for parent in ("", "^")
    ]
    texts = file_versions(Path(env.srcdir), revisions)
    changes = []
    for date, commit, path, note in commits:
        after, before = texts[f"{commit}:{path}"], texts[f"{commit}^:{path}"]
        if not _visible(after, config):
            continue
        record = records[path]
        newest = commit == known.changes[path][0].commit
        # A front-matter note is its summary's newest change's, if it gave none.
        said = note or (record.front_matter.change_note if newest else "")
        if not _visible(before, config):
            changes.append(SummaryChange(record, date, said, new=True))
        else:
            changes.append(_compared(record, date, said, before or "", after or ""))
        if len(changes) == CHANGES_SHOWN:
            break
    return changes


def _compared(
    record: SummaryRecord, date: str, note: str, before: str, after: str
) -> SummaryChange:
    old, new = themes(before), themes(after)
    kept = {theme.title.casefold(): theme.title for theme in record.themes}
    added = [title for title in new if title not in old]
    edited = [title for title in new if title in old and old[title] != new[title]]
    removed = [title for title in old if title not in new]
    shown_added = tuple(kept[title] for title in added if title in kept)
    shown_edited = tuple(kept[title] for title in edited if title in kept)
    others = len(added) + len(edited) + len(removed)
    others -= len(shown_added) + len(shown_edited)
    return SummaryChange(
        record, date, note, False, shown_added, shown_edited, others=others
    )
