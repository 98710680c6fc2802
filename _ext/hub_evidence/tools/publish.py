"""``evidence publish``: install a finished build on the intranet server, atomically.

A published folder holds ``releases/<name>/`` (one complete copy of a build
each) and ``current``, a symbolic link to one of them, which the web server
serves. A build is copied in full into a hidden folder first, renamed into
``releases/`` and only then is ``current`` switched, by renaming a new link
over the old one: readers see the old site or the new one, never a mix.

Each HTML build records its audience, its warning count, the commit of its
sources and every file it left, with its digest (:mod:`..output.record`). Publishing
refuses a preview, an unfinished build, one for another audience than the
target's, one with warnings, one of sources that are not a commit, and a
folder whose files are not exactly those the build left. ``history.json``
beside the releases records each release (its commit, audience, time, who
published it, and whether ``current`` was switched to it) and each rollback;
it is replaced whole, never edited in place. Each release's entry also records
what it changed for readers (summaries added, removed, updated, and their
themes) from the release live before it, and each rollback what it takes back
(:mod:`.release_notes`); they are written with the entry, before the switch.

One publish or rollback runs at a time on a target: each holds a lock on
``.publish.lock`` (``flock``, which the system releases when its holder ends,
even killed), and another waits for it, then gives up with a message. A
publish that stopped before its switch leaves a release that was never live:
it is never a rollback target, and the next publish deletes it. A copy that
fails (a full disk) is removed at once, leaving ``current`` and the history as
they were. Each switch (publish or rollback) is recorded as not done before it
and as done after it, so a process killed at any moment leaves a history that
names the release ``current`` serves (the next publish or rollback marks a
switch done whose record was cut short). A release is hidden (renamed) before
it is deleted, so a deletion cut short never leaves half a release that a
rollback could serve (``tests/test_publish_killed.py`` kills publishes at each
step).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import getpass
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..output.record import BUILD_RECORD, read_build_record, some_of, unrecorded_files
from .release_notes import release_changes

RELEASES = "releases"
CURRENT = "current"
HISTORY = "history.json"
"""Beside the releases: the target's audience, and every release published."""
LOCK = ".publish.lock"
"""Held by the publish or rollback running (a hidden file: never served)."""
WAIT = 600.0
"""How long a publish or rollback waits for another to end (seconds)."""
PUBLISHABLE = ("network", "public")
"""The audiences a build may be published for (never a preview: it has drafts)."""
REQUIRED = ("index.html", "search-evidence.html", "pagefind/pagefind.js")
"""Files every complete build of the site has."""


class PublishError(Exception):
    """The build cannot be published (or rolled back); the message says why."""


def check_build(built: Path, audience: str) -> dict[str, Any]:
    """Refuse a build that may not be published; its record if it may."""
    record = read_build_record(built)
    if record is None:
        raise PublishError(
            f"{built} is not a finished build of the evidence site (it has no "
            f"{BUILD_RECORD}): build it again with `nox -s build`."
        )
    if "preview" in (audience, record.get("audience")):
        raise PublishError(
            f"{built} is a preview: it shows drafts and summaries shared only with "
            "their hub, so it is never published. Build for the network (`nox -s "
            "build`) or the public (`nox -s build -- -D evidence_audience=public`)."
        )
    if record.get("audience") != audience:
        raise PublishError(
            f"{built} was built for the {record.get('audience')} audience, not "
            f"{audience}: build it with `-D evidence_audience={audience}`."
        )
    if record.get("warnings") is None:
        raise PublishError(
            f"{built} is an unfinished build (it stopped, or is still running): "
            "build it again with `nox -s build`."
        )
    if record.get("warnings") != 0:
        raise PublishError(
            f"{built} was built with {record.get('warnings')} warning(s): fix them "
            "and build again (`nox -s build` stops on the first one)."
        )
    missing = [name for name in REQUIRED if not (built / name).is_file()]
    if missing:
        raise PublishError(f"{built} is incomplete: {', '.join(missing)} missing.")
    added, removed, changed = unrecorded_files(built)
    problems = [
        (added, "holds files the build did not write"),
        (removed, "lacks files the build wrote"),
        (changed, "has files changed since the build wrote them"),
    ]
    for names, what in problems:
        if names:
            raise PublishError(
                f"{built} {what} ({some_of(names)}), so it may not be "
                "what the sources say. Build it again into an empty folder (delete "
                f"{built} first) and publish that."
            )
    source = record.get("source") or {}
    if not source.get("commit"):
        raise PublishError(
            f"{built} was not built from a git checkout, so no one could tell which "
            "reviewed version of the site it shows. Build it from the repository."
        )
    if source.get("changed"):
        raise PublishError(
            f"{built} was built from sources with changes that are not committed "
            f"({some_of(list(source['changed']))}): only what was reviewed and merged "
            "is published. Commit the changes (through a pull request) or undo them, "
            "then build again."
        )
    return record


def read_history(target: Path) -> dict[str, Any]:
    """The target's audience (None before its first release) and its releases."""
    try:
        history = json.loads((target / HISTORY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        history = None
    if not isinstance(history, dict):
        history = {}
    releases = history.get("releases")
    return {
        "audience": history.get("audience"),
        "releases": releases if isinstance(releases, list) else [],
    }


def _write_history(target: Path, history: dict[str, Any]) -> None:
    """Replace the history whole (a reader sees the old one or the new one)."""
    staging = target / f".{HISTORY}.new"
    try:
        with staging.open("w", encoding="utf-8") as file:
            file.write(json.dumps(history, indent=2) + "\n")
            file.flush()
            os.fsync(file.fileno())
    except OSError:
        staging.unlink(missing_ok=True)
        raise
    staging.replace(target / HISTORY)


def _publisher() -> str:
    """Who is publishing: the person behind a CI run, or the account and machine."""
    person = os.environ.get("GITHUB_ACTOR")
    account = f"{getpass.getuser()}@{socket.gethostname()}"
    return f"{person} (via {account})" if person else account


def _release_name(when: datetime, commit: str) -> str:
    return f"{when:%Y%m%dT%H%M%S%fZ}-{commit[:12]}"


def releases(target: Path) -> list[Path]:
    """The installed releases, oldest first."""
    folder = target / RELEASES
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def current_release(target: Path) -> Path | None:
    """The release ``current`` points to, if any."""
    link = target / CURRENT
    return (target / link.readlink()).resolve() if link.is_symlink() else None


def _switch(target: Path, release: Path) -> None:
    """Point ``current`` at ``release`` in one rename."""
    staging = target / f".{CURRENT}.new"
    staging.unlink(missing_ok=True)
    staging.symlink_to(release.relative_to(target), target_is_directory=True)
    staging.replace(target / CURRENT)


@contextlib.contextmanager
def _locked(target: Path, wait: float) -> Iterator[None]:
    """Hold the target's lock while publishing or rolling back."""
    target.mkdir(parents=True, exist_ok=True)
    with (target / LOCK).open("a+", encoding="utf-8") as lock:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    lock.seek(0)
                    holder = lock.read().strip() or "someone"
                    raise PublishError(
                        f"Another publish or rollback of {target} is running "
                        f"({holder}), so nothing was changed. Wait for it to end, "
                        "then try again."
                    ) from None
                time.sleep(0.1)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{_publisher()}, process {os.getpid()}, since {_now()}\n")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _live_releases(history: dict[str, Any]) -> list[str]:
    """The releases ``current`` was switched to when published, oldest first."""
    return [
        str(entry["release"])
        for entry in history["releases"]
        if entry.get("action", "publish") == "publish" and entry.get("switched", True)
    ]


def _settle(target: Path, history: dict[str, Any]) -> None:
    """Record a switch whose process stopped before recording it.

    Each switch is recorded first as not done (``switched`` false), then done; a
    process killed between the two leaves its entry, the last one, naming the
    release ``current`` now serves. Called holding the lock, before anything else."""
    current = current_release(target)
    if history["releases"] and current is not None:
        last = history["releases"][-1]
        if not last.get("switched", True) and last.get("release") == current.name:
            last["switched"] = True


def _tidy(target: Path, history: dict[str, Any]) -> None:
    """Delete what a publish stopped halfway left: releases that were never
    live, partial copies, and releases half deleted."""
    current = current_release(target)
    live = set(_live_releases(history))
    folder = target / RELEASES
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        # Hidden names (partial copies, releases being deleted) are never live.
        if path.name not in live and path != current:
            _delete(path)


def _delete(path: Path) -> None:
    """Delete a release, or what is left of one, first hiding it in one rename:
    a delete that stops halfway never leaves a half release a rollback could
    serve (the next publish deletes the rest)."""
    if not path.name.startswith("."):
        path = path.rename(path.with_name(f".{path.name}.deleted"))
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def publish(
    built: Path, target: Path, audience: str, keep: int = 5, wait: float = WAIT
) -> Path:
    """Install ``built`` as a new release and make it current; the release.

    The target keeps the audience of its first release: a build for another
    audience is refused, so the network's site never lands in the public's
    folder (or the other way round).
    """
    record = check_build(built, audience)
    target = target.resolve()
    link = target / CURRENT
    if link.exists() and not link.is_symlink():
        raise PublishError(f"{link} is not a link made by `evidence publish`.")
    with _locked(target, wait):
        history = read_history(target)
        _settle(target, history)
        if history["audience"] not in (None, audience):
            raise PublishError(
                f"{target} serves the site for the {history['audience']} audience; "
                f"this build is for the {audience} audience. Publish it to the "
                f"{audience} site's own folder."
            )
        (target / RELEASES).mkdir(parents=True, exist_ok=True)
        _tidy(target, history)
        changes = release_changes(built, _live_before(target, history))
        when = datetime.now(UTC)
        commit = str(record["source"]["commit"])
        name = _release_name(when, commit)
        release = _copy(built, target, name)
        entry = {
            "release": name,
            "commit": commit,
            "audience": audience,
            "published": when.isoformat(timespec="seconds"),
            "by": _publisher(),
            "changes": changes,
            "switched": False,
        }
        history["audience"] = audience
        history["releases"].append(entry)
        try:
            _write_history(target, history)
        except OSError:
            shutil.rmtree(release)
            raise
        _switch(target, release)
        entry["switched"] = True
        _write_history(target, history)
        _prune(target, keep)
    return release


def _live_before(target: Path, history: dict[str, Any]) -> Path | None:
    """The release a new one is compared with: the one readers are served now.

    None only for a folder's first release; a folder whose ``current`` was
    removed by hand, after releases went live, gives a path with nothing in it
    (so the new release's changes are "not known", not a "first release")."""
    current = current_release(target)
    if current is None and _live_releases(history):
        return target / CURRENT
    return current


def _copy(built: Path, target: Path, name: str) -> Path:
    """Copy the build into ``releases/name`` (hidden until complete)."""
    staging = target / RELEASES / f".{name}.partial"
    try:
        shutil.copytree(built, staging, symlinks=False)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        current = current_release(target)
        serving = f"still serves {current.name}" if current else "is unchanged"
        # copytree gathers the errors of its files as text (shutil.Error).
        if error.errno == errno.ENOSPC or os.strerror(errno.ENOSPC) in str(error):
            cause = f"there is not enough space on the disk of {target}"
        else:
            cause = f"copying the build failed ({error})"
        raise PublishError(
            f"{cause[0].upper()}{cause[1:]}. The partial copy was removed; {CURRENT} "
            f"{serving} and the release history is unchanged. Free some space (or "
            "keep fewer releases: --keep) and publish again."
        ) from error
    return staging.rename(target / RELEASES / name)


def rollback(target: Path, wait: float = WAIT) -> Path:
    """Serve again the release that was live before the current one; that release.

    Only releases that were live count (never one whose publish stopped before
    its switch), in the order they were published; the rollback is recorded.
    """
    target = target.resolve()
    with _locked(target, wait):
        history = read_history(target)
        _settle(target, history)
        current = current_release(target)
        if current is None or not current.is_dir():
            raise PublishError(f"{target} has no current release to roll back from.")
        live = _live_releases(history)
        if current.name not in live:
            live.append(current.name)  # stopped between its switch and its record
        earlier = [
            name
            for name in live[: live.index(current.name)]
            if (target / RELEASES / name).is_dir()
        ]
        if not earlier:
            raise PublishError(
                f"{current.name} is the oldest release kept: nothing before it."
            )
        previous = target / RELEASES / earlier[-1]
        entry = {
            "action": "rollback",
            "release": previous.name,
            "from": current.name,
            "published": _now(),
            "by": _publisher(),
            "takes_back": release_changes(current, previous),
            "switched": False,
        }
        history["releases"].append(entry)
        _write_history(target, history)
        _switch(target, previous)
        entry["switched"] = True
        _write_history(target, history)
    return previous


def _prune(target: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` releases (never the current one).

    Release names begin with their time, so their order is their age."""
    current = current_release(target)
    for release in releases(target)[: -max(keep, 2)]:
        if release != current:
            _delete(release)
