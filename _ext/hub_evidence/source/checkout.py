"""Which commit the site's sources are at, and whether they hold anything else.

A build records both (:mod:`..output.record`), so that ``evidence publish`` can refuse
a build of sources that are not a commit: a release must be something a
reviewer approved, and say which commit it shows.
"""

from __future__ import annotations

import dataclasses as dc
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


@dc.dataclass(frozen=True)
class Checkout:
    """The commit of a folder's sources (None outside git) and what differs from it."""

    commit: str | None
    changed: tuple[str, ...] = ()
    """Files added, changed or deleted and not committed (paths in the repository)."""


def git(folder: Path, *args: str) -> str:
    """What git prints in ``folder`` (raises OSError or CalledProcessError)."""
    return subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    ).stdout


def checkout(folder: Path, ignore: Iterable[Path] = ()) -> Checkout:
    """The commit ``folder`` is at, and the files under it not committed as they are.

    Files under ``ignore`` (the build's own output and doctree folders) and
    files git is told to ignore do not count.
    """
    try:
        commit, top = git(folder, "rev-parse", "HEAD", "--show-toplevel").split()
        status = git(
            folder, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."
        )
    except (OSError, ValueError, subprocess.CalledProcessError):
        return Checkout(None)
    skipped = [path.resolve() for path in ignore]
    changed = []
    entries = iter(status.split("\0"))
    for entry in entries:
        if not entry:
            continue
        if entry[0] in "RC":  # renamed or copied: the old path follows
            next(entries, None)
        path = entry[3:]
        where = Path(top, path).resolve()
        if not any(where.is_relative_to(skip) for skip in skipped):
            changed.append(path)
    return Checkout(commit, tuple(sorted(changed)))


def commits_between(folder: Path, old: str, new: str) -> list[str]:
    """The subject lines of the commits after ``old`` up to ``new`` (newest first).

    Empty when git does not know them (another clone, or not a repository).
    """
    try:
        log = git(folder, "log", "--format=%h %s", f"{old}..{new}")
    except (OSError, subprocess.CalledProcessError):
        return []
    return log.splitlines()
