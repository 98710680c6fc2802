"""A build killed at any point, then built again, leaves what a fresh build does.

The site is built, its sources are edited (a theme renamed and a page of the
guide retitled; or a summary withdrawn: what pages, views, browse pages, the
search index and the exports show all change), and the build of the edit is
killed (SIGKILL, the whole process group, Pagefind included) at a point chosen
from what Sphinx prints: while it reads, once it has saved its environment,
while it writes pages, while it writes the browse pages, while it writes the
search index. The folder it leaves may not be published (unless the kill came
after its record said it had finished, and so it had). Built again as usual,
the folder must then be, byte for byte, a fresh build's.

Where in each phase the kill falls is drawn from a seeded random generator:
set ``EVIDENCE_KILL_SEED`` to replay a failure (every assertion message gives
the seed and the delays). If the build ends before the kill, the same point is
tried again with a shorter delay, down to none.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from hub_evidence.tools.publish import PublishError, check_build

from .conftest import NOT_SOURCE
from .helpers import git, sphinx_build
from .test_reproducible import digests

SEED = int(os.environ.get("EVIDENCE_KILL_SEED", "17"))
OPTIONS = ("-W", "--keep-going", "-n", "-j", "1")
"""The site's build (``nox -s build``), in one process, so that a delay falls
in much the same place on every run."""
EDIT_DATE = "2026-01-02T03:04:05+00:00"
"""The edit's commit date: the same commit in every copy of the site."""


class KillPoint(NamedTuple):
    """Kill the build ``delay`` seconds after it prints ``after``."""

    phase: str
    after: str
    delay: float


# (phase, what Sphinx prints as it starts, the longest delay still in the phase)
PHASES = (
    ("reading", "reading sources", 0.1),
    # The environment saved (it is printed just after), nothing written yet.
    ("saved", "checking consistency", 0.02),
    ("pages", "writing output... [", 1.0),  # the documents' pages
    ("browse", "generating indices", 1.5),  # then the browse pages
    ("search", "writing the search index", 0.02),
)


def kill_points(seed: int) -> list[KillPoint]:
    """One point in each phase, where the seed says."""
    draw = random.Random(seed)
    return [
        KillPoint(phase, after, round(draw.uniform(0, span), 3))
        for phase, after, span in PHASES
    ]


POINTS = kill_points(SEED)


EDITS = {
    # What authors do most: pages, the views and browse pages showing a theme,
    # the search index, the exports, and the neighbours of a retitled page change.
    "edit": {
        "hubs/2023-24/northshire/index.md": (
            "{theme} Confidence with early number grew",
            "{theme} Confidence with early number grew steadily",
        ),
        "docs/searching.md": ("# Searching the evidence", "# Finding the evidence"),
    },
    # A summary leaves the site: Sphinx reads and writes every page again.
    "withdraw": {
        "hubs/2023-24/pennine-vale/index.md": ("status: published", "status: draft")
    },
}


def edit(checkout: Path, changes: dict[str, tuple[str, str]]) -> None:
    """Change the sources of ``checkout`` (``{file: (old, new)}``) and commit."""
    for name, (old, new) in changes.items():
        path = checkout / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer says {old!r}: update this test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(checkout, "commit", "--quiet", "--all", "--message", "Edit", date=EDIT_DATE)


class Site(NamedTuple):
    """Where the site is built: its sources, output and doctree folders."""

    source: Path
    output: Path
    doctrees: Path

    def folders(self) -> tuple[Path, Path, Path]:
        return self.source, self.output, self.doctrees


@pytest.fixture(scope="module")
def built_before_edit(
    site_checkout: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Site, Site]:
    """The site built once, before the edit, and a copy of it as it was.

    Each test builds in the first build's own folders (its environment and
    records name them), brought back to the copy first; file times are kept,
    as Sphinx compares them.
    """
    root = tmp_path_factory.mktemp("before-edit")
    site = Site(root / "source", root / "html", root / "doctrees")
    shutil.copytree(site_checkout, site.source, ignore=NOT_SOURCE, symlinks=True)
    sphinx_build(site.source, site.output, *OPTIONS, "-d", str(site.doctrees))
    kept = Site(*(root / "kept" / folder.name for folder in site.folders()))
    for folder, copy in zip(site.folders(), kept.folders(), strict=True):
        shutil.copytree(folder, copy, symlinks=True)
    return site, kept


@pytest.fixture(scope="module")
def fresh_after_edit(
    built_before_edit: tuple[Site, Site], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, str]]:
    """The digest of every file of a fresh build of each edit of the site."""
    fresh = {}
    for name, changes in EDITS.items():
        root = tmp_path_factory.mktemp(f"fresh-{name}")
        source = root / "source"
        shutil.copytree(built_before_edit[1].source, source, symlinks=True)
        edit(source, changes)
        output = root / "html"
        sphinx_build(source, output, *OPTIONS, "-d", str(root / "doctrees"))
        fresh[name] = digests(output)
    return fresh


def killed_build(site: Site, point: KillPoint) -> tuple[bool, str]:
    """Build ``site`` and kill it at ``point``: whether it was killed before it
    ended, and what it printed."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", *OPTIONS]
    command += ["-d", str(site.doctrees), str(site.source), str(site.output)]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment,
        start_new_session=True,  # its own group: Pagefind is killed with it
    )
    assert process.stdout is not None
    printed = b""
    try:
        # Sphinx prints a phase's progress on one line: read bytes, not lines.
        while point.after.encode() not in printed:
            chunk = os.read(process.stdout.fileno(), 1 << 16)
            if not chunk:
                break
            printed += chunk
        time.sleep(point.delay)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    finally:
        returncode = process.wait()
        printed += process.stdout.read()
        process.stdout.close()
    return returncode == -signal.SIGKILL, printed.decode(errors="replace")


def restore(site: Site, kept: Site, change: str) -> None:
    """The first build's folders as it left them (file times kept: Sphinx
    compares them), then the sources edited: the next build is incremental."""
    for folder, copy in zip(site.folders(), kept.folders(), strict=True):
        shutil.rmtree(folder)
        shutil.copytree(copy, folder, symlinks=True)
    edit(site.source, EDITS[change])


CASES = [
    *(("edit", point) for point in POINTS),
    # A withdrawal is read and written whole: killed while reading or writing
    # the search index, it is no different from an edit (and takes longer).
    *(("withdraw", p) for p in POINTS if p.phase not in {"reading", "search"}),
]


@pytest.mark.parametrize(
    ("change", "point"), CASES, ids=[f"{c}-{p.phase}" for c, p in CASES]
)
def test_a_killed_build_is_unpublishable_and_the_next_build_equals_a_fresh_one(
    built_before_edit: tuple[Site, Site],
    fresh_after_edit: dict[str, dict[str, str]],
    change: str,
    point: KillPoint,
) -> None:
    site, kept = built_before_edit
    fresh = fresh_after_edit[change]
    # On a fast machine a phase may end before the drawn delay: shorter ones.
    for delay in (point.delay, point.delay / 4, 0):
        restore(site, kept, change)
        point = point._replace(delay=round(delay, 3))
        killed, printed = killed_build(site, point)
        if killed:
            break
    assert killed, f"the build ended before it was killed at {point}:\n{printed}"
    replay = f"killed at {point}; seed {SEED} (EVIDENCE_KILL_SEED), points {POINTS}"

    try:
        check_build(site.output, "network")
    except PublishError as error:
        assert "unfinished build" in str(error), f"{replay}: {error}"
    else:  # killed after its record said it had finished: it had
        assert digests(site.output) == fresh, f"{replay}: published half-done"

    sphinx_build(site.source, site.output, *OPTIONS, "-d", str(site.doctrees))
    check_build(site.output, "network")  # publishable once built again
    again = digests(site.output)
    differing = sorted(
        name
        for name in again.keys() | fresh.keys()
        if again.get(name) != fresh.get(name)
    )
    assert differing == [], (
        f"{change}, {replay}: {len(differing)} file(s) differ from a fresh build's "
        f"({', '.join(differing[:20])}); the killed build printed:\n{printed}"
    )
