"""What the repository's history says of each page: "Last updated", "Updates to
this page", when a summary was first published, its edit links and, on a
summary, how to cite it.

Git is asked once, at the start of the build (:func:`read_history`), so that two
builds of one commit give the same dates, and so that its cost does not grow
with the number of pages:

- one ``git log --name-only`` over the sources gives every file's commits,
  newest first, with each commit's date and its ``Change-note:`` trailer (the
  one-line note an author may give in the commit message);
- one ``git log -G`` over the summaries' files, oldest first, gives only the
  commits that changed a ``status:`` or ``sharing:`` line, with those lines: a
  summary's feed entry is dated from the first commit in which it had a status
  and sharing level this build's audience may see, not from the commit that
  added it (a summary is usually added as a draft and published later). Where
  those lines cannot be followed (written in quotes, say), the commit that
  added the file is used.

Outside a git repository (a downloaded copy) there is no history: pages have no
dates, and there are no feeds (:mod:`.feeds`).

Pages then show their last date, and links to edit their source or suggest a
change (``evidence_edit_url`` and ``evidence_suggest_url``, with ``{path}`` for
the file's path in the repository). Generated pages (browse) have neither.
"""

from __future__ import annotations

import dataclasses as dc
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..domain.store import get_domain
from ..source.audience import visible_to
from ..source.config import get_config
from ..state import build_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..source.model import SummaryRecord

CHANGE_NOTE = "Change-note"
"""The commit-message trailer that gives a change's one-line note."""
UPDATES_SHOWN = 5
"""How many of a summary's updates its page lists (the newest)."""


@dc.dataclass(frozen=True)
class Change:
    """One commit of a file: when, and the author's note about it, if any."""

    commit: str
    date: str
    """ISO 8601, with the committer's offset (as git gives it)."""
    note: str = ""


@dc.dataclass(frozen=True)
class History:
    """What git says of the sources (empty outside a git repository)."""

    changes: dict[str, tuple[Change, ...]] = dc.field(default_factory=dict)
    """Every file's commits, newest first, by path relative to the sources."""
    first_visible: dict[str, str] = dc.field(default_factory=dict)
    """For each summary's file, the date of the first commit in which the
    build's audience could see it."""
    newest: str | None = None
    """The date of the newest commit (None outside a git repository)."""

    def last_date(self, path: str) -> str | None:
        """The date of a file's last commit."""
        changes = self.changes.get(path)
        return changes[0].date if changes else None

    def published(self, path: str) -> str | None:
        """When a summary's file became visible to the audience (its first commit
        if its ``status:`` and ``sharing:`` lines could not be followed)."""
        changes = self.changes.get(path)
        return self.first_visible.get(path) or (changes[-1].date if changes else None)


def _git(folder: Path, *args: str) -> str | None:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True, text=True, check=True, encoding="utf-8",
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None


def file_changes(folder: Path) -> dict[str, tuple[Change, ...]] | None:
    """Every file's commits under ``folder`` (relative paths), newest first.

    None if ``folder`` is not in a git repository (a downloaded copy).
    """
    log = _git(
        folder, "log", "--relative", "--name-only", "--no-renames",
        f"--format=%x00%H%x1f%cI%x1f%(trailers:key={CHANGE_NOTE},valueonly,"
        "separator=%x1e)%x1f",
        "--", ".",
    )  # fmt: skip
    if log is None:
        return None
    changes: dict[str, list[Change]] = {}
    for entry in log.split("\0")[1:]:
        commit, date, notes, paths = entry.split("\x1f", 3)
        note = " ".join(notes.split("\x1e", 1)[0].split())
        change = Change(commit, date, note)
        for path in paths.split("\n"):
            if path:
                changes.setdefault(path, []).append(change)
    return {path: tuple(found) for path, found in changes.items()}


_KEY_LINE = re.compile(r"^([+-])(status|sharing):[ \t]*([^\s#'\"]*)")


def first_visible(
    folder: Path, hubs_dir: str, visible: Callable[[str, str], bool]
) -> dict[str, str]:
    """The date each summary's file first had a status and sharing level for
    which ``visible(status, sharing)`` holds, from one pass over the commits
    that changed those lines."""
    log = _git(
        folder, "log", "--reverse", "--relative", "--no-renames", "-p", "-U0",
        "--format=%x00%cI", "-G^(status|sharing):",
        "--", f":(glob){hubs_dir}/*/*/index.md",
    )  # fmt: skip
    found: dict[str, str] = {}
    keys: dict[str, dict[str, str]] = {}
    for entry in (log or "").split("\0")[1:]:
        date, _, diff = entry.partition("\n")
        path = ""
        for line in diff.split("\n"):
            if line.startswith("+++ "):
                path = line[6:] if line.startswith("+++ b/") else ""
                if path:
                    keys.setdefault(path, {"status": "", "sharing": ""})
            elif path and (match := _KEY_LINE.match(line)):
                sign, key, value = match.groups()
                if sign == "+" or keys[path][key] == value:
                    keys[path][key] = value if sign == "+" else ""
        for name, values in keys.items():
            if name not in found and visible(values["status"], values["sharing"]):
                found[name] = date
    return found


def file_versions(folder: Path, revisions: list[str]) -> dict[str, str | None]:
    """The text of each ``<commit>:<path>`` (None where there is no such file),
    from one ``git cat-file --batch``: a few files of a few commits, however
    long the history."""
    if not revisions:
        return {}
    try:
        output = subprocess.run(
            ["git", "-C", str(folder), "cat-file", "--batch"],
            input="".join(f"{revision}\n" for revision in revisions).encode(),
            capture_output=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return dict.fromkeys(revisions)
    texts: dict[str, str | None] = {}
    at = 0
    for revision in revisions:
        end = output.index(b"\n", at)
        header = output[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            texts[revision] = output[at : at + size].decode("utf-8", "replace")
            at += size + 1
        else:  # "<revision> missing" (a file added by the commit), or not a file
            texts[revision] = None
    return texts


def read_history(app: Sphinx) -> None:
    """At the start of the build: the history of every file."""
    folder = Path(app.srcdir)
    changes = file_changes(folder)
    if changes is None:
        build_state(app).history = History()
        return
    config = get_config(app.env)
    vocabularies = config.vocabularies

    def visible(status: str, sharing: str) -> bool:
        # As the front matter spells them (`Published`), the vocabulary's keys.
        status = vocabularies["statuses"].lookup(status) or ""
        sharing = vocabularies["sharing_levels"].lookup(sharing) or ""
        return visible_to(config.audience, status, sharing)

    newest = max(
        (changes[0].date for changes in changes.values()),
        key=datetime.fromisoformat,
        default=None,
    )
    build_state(app).history = History(
        changes, first_visible(folder, config.hubs_dir, visible), newest
    )


def history(owner: Sphinx | BuildEnvironment) -> History:
    """This build's history of the sources (from the application or its
    environment: cross-hub views are made from the environment)."""
    return build_state(owner).history or History()


def source_path(app: Sphinx, docname: str) -> str:
    """A document's file, relative to the sources, as git names it."""
    return Path(app.env.doc2path(docname, base=False)).as_posix()


def page_date(app: Sphinx, pagename: str) -> str | None:
    """The ISO date of the last commit of a page's source, if known."""
    return history(app).last_date(source_path(app, pagename))


def page_updates(app: Sphinx, pagename: str) -> tuple[Change, ...]:
    """A summary's newest updates (none for other pages), newest first.

    The front matter's ``change_note`` is the note of the newest update, where
    its commit gives none.
    """
    record = get_domain(app.env).summaries.get(pagename)
    if record is None:
        return ()
    changes = history(app).changes.get(source_path(app, pagename), ())
    shown = list(changes[:UPDATES_SHOWN])
    note = record.front_matter.change_note
    if shown and note and not shown[0].note:
        shown[0] = dc.replace(shown[0], note=note)
    return tuple(shown)


def page_source_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give a page written by an author its dates and edit links (for the template)."""
    env = app.env
    config = get_config(env)
    if pagename not in env.found_docs:
        return
    path = source_path(app, pagename)
    date = page_date(app, pagename)
    if date:
        context["evidence_last_updated"] = long_date(date)
    updates = page_updates(app, pagename)
    if updates:
        context["evidence_updates"] = [
            {"date": long_date(change.date), "iso": change.date, "note": change.note}
            for change in updates
        ]
    if config.edit_url:
        context["evidence_edit_url"] = config.edit_url.format(path=path)
    if config.suggest_url:
        context["evidence_suggest_url"] = config.suggest_url.format(path=path)
    record = get_domain(env).summaries.get(pagename)
    if record is not None:
        context["evidence_citation"] = citation(app, record, date)


def citation(app: Sphinx, record: SummaryRecord, date: str | None) -> str:
    """How to cite a summary: hub, year, title, stable address, last updated."""
    front = record.front_matter
    address = app.builder.get_target_uri(record.docname)
    if app.config.html_baseurl:
        address = urljoin(app.config.html_baseurl.rstrip("/") + "/", address)
    updated = f" Last updated {long_date(date)}." if date else ""
    return (
        f"{front.hub or record.title} ({front.year}). {record.title}: Evaluator in "
        f"Residence evaluation summary {front.year}. {app.config.project}. "
        f"{address}.{updated}"
    )


def long_date(iso: str) -> str:
    """``2026-01-15T09:00:00+00:00`` -> ``15 January 2026``."""
    when = datetime.fromisoformat(iso)
    return f"{when.day} {when:%B %Y}"


def setup_history(app: Sphinx) -> None:
    """Read the history once per build; add the links to every page."""
    app.connect("builder-inited", read_history)
    app.connect("html-page-context", page_source_links)
