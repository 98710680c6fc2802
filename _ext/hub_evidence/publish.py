"""``evidence publish``: install a finished build on the intranet server, atomically.

A published folder holds ``releases/<name>/`` (one complete copy of a build
each) and ``current``, a symbolic link to one of them, which the web server
serves. A build is copied in full into a hidden folder first, renamed into
``releases/`` and only then is ``current`` switched, by renaming a new link
over the old one: readers see the old site or the new one, never a mix.

Each HTML build records its audience, its warning count and every file it
left, with its digest (:mod:`.output`); publishing refuses an unfinished build,
one for another audience, one with warnings, and a folder whose files are not
exactly those the build left.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

from .output import BUILD_RECORD, read_build_record, some_of, unrecorded_files

RELEASES = "releases"
CURRENT = "current"
REQUIRED = ("index.html", "search-evidence.html", "pagefind/pagefind.js")
"""Files every complete build of the site has."""


class PublishError(Exception):
    """The build cannot be published (or rolled back); the message says why."""


def check_build(built: Path, audience: str) -> None:
    """Refuse a build that is unfinished, for another audience, or has warnings."""
    record = read_build_record(built)
    if record is None:
        raise PublishError(
            f"{built} is not a finished build of the evidence site (it has no "
            f"{BUILD_RECORD}): build it again with `nox -s build`."
        )
    if record.get("audience") != audience:
        raise PublishError(
            f"{built} was built for the {record.get('audience')} audience, not "
            f"{audience}: build it with `-D evidence_audience={audience}`."
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


def _release_name(built: Path) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    digest = hashlib.sha256((built / "index.html").read_bytes()).hexdigest()[:8]
    return f"{stamp}-{digest}"


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


def publish(built: Path, target: Path, audience: str, keep: int = 5) -> Path:
    """Install ``built`` as a new release and make it current; the release."""
    check_build(built, audience)
    target = target.resolve()
    link = target / CURRENT
    if link.exists() and not link.is_symlink():
        raise PublishError(f"{link} is not a link made by `evidence publish`.")
    (target / RELEASES).mkdir(parents=True, exist_ok=True)
    name = _release_name(built)
    staging = target / RELEASES / f".{name}.partial"
    shutil.copytree(built, staging, symlinks=False)
    release = staging.rename(target / RELEASES / name)
    _switch(target, release)
    _prune(target, keep)
    return release


def rollback(target: Path) -> Path:
    """Make the release before the current one current again; that release."""
    target = target.resolve()
    installed = releases(target)
    current = current_release(target)
    if current not in installed:
        raise PublishError(f"{target} has no current release to roll back from.")
    position = installed.index(current)
    if position == 0:
        raise PublishError(
            f"{current.name} is the oldest release kept: nothing before it."
        )
    previous = installed[position - 1]
    _switch(target, previous)
    return previous


def _prune(target: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` releases (never the current one)."""
    current = current_release(target)
    for release in releases(target)[: -max(keep, 2)]:
        if release != current:
            shutil.rmtree(release)
