"""``evidence publish --history``: the releases of a folder, in words.

Newest first, each release with what it changed for readers (its release
notes, :mod:`.release_notes`) and the commits it brought, each rollback with
what it took back. Made from ``history.json`` alone (and git, for the commits'
subjects), so it reads the same on the server as anywhere the history is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..source.checkout import commits_between
from .publish import current_release, read_history
from .release_notes import describe


def _indented(lines: list[str], indent: str = "    ") -> list[str]:
    return [f"{indent}{line}" for line in lines]


def taken_back(entry: dict[str, Any]) -> list[str]:
    """What a rollback took back, in words, under a line that says from where."""
    changes = describe(entry.get("takes_back"))
    if not changes:
        return []
    return [f"It took back what {entry.get('from')} changed:", *_indented(changes)]


def _since(entry: dict[str, Any]) -> str | None:
    """The release a publish was compared with, if its changes were recorded."""
    changes = entry.get("changes")
    since = changes.get("since") if isinstance(changes, dict) else None
    return str(since) if since else None


def history_listing(target: Path, workdir: Path) -> list[str]:
    """The history of ``target``, newest first, one block of lines per entry;
    commits are looked up in the git checkout ``workdir`` (if it is one)."""
    entries = read_history(target)["releases"]
    live = current_release(target.resolve())
    blocks: list[list[str]] = []
    previous, last_live = "", ""
    for entry in entries:
        when, who = entry.get("published"), entry.get("by")
        # The last entry, not marked switched, is live if its process was
        # stopped just after the switch (the next publish or rollback records it).
        is_live = bool(live and live.name == entry.get("release"))
        stopped = not entry.get("switched", True) and not (
            entry is entries[-1] and is_live
        )
        if not stopped:
            live_before, last_live = last_live, str(entry.get("release"))
        else:
            live_before = last_live
        if entry.get("action") == "rollback":
            head = (
                f"rolled back from {entry.get('from')} to {entry.get('release')}, "
                f"{when} by {who}"
                + (" (not done: it stopped before the switch)" if stopped else "")
            )
            blocks.append([head, *_indented(taken_back(entry))])
            continue
        commit = str(entry.get("commit", ""))
        mark = " (live)" if is_live else ""
        if stopped:
            mark = " (never live: its publish stopped before the switch)"
        head = (
            f"{entry.get('release')}{mark}: {entry.get('audience')} site, commit "
            f"{commit[:12]}, published {when} by {who}"
        )
        changes = describe(entry.get("changes"))
        since = _since(entry)
        if changes and since and since != live_before:
            # After a rollback, or a publish that never went live: say which
            # release the changes are from, as it is not the one listed below.
            changes.insert(0, f"Changes from {since}, live when it was published:")
        brought = commits_between(workdir, previous, commit) if previous else []
        commits = ["Commits:", *_indented(brought)] if brought else []
        blocks.append([head, *_indented([*changes, *commits])])
        previous = commit
    return [line for block in reversed(blocks) for line in block]
