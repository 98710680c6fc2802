"""``evidence publish`` killed at any step leaves readers a whole site.

Each publish or rollback here is a real ``evidence publish`` process, killed
with SIGKILL (nothing of it runs after: no ``finally``, no lock release by
Python). Two ways of choosing the moment, both from a printed seed:

- *kill points*: the process runs under an audit hook (:data:`KILL_AT`, in the
  test only) that counts what it does to the publish folder (each file opened,
  copied, renamed, linked or deleted there, each lock taken) and kills itself
  just before the Nth, so every step is reached: the copy, the history writes,
  the switch, the pruning of old releases (and, where an earlier kill left one,
  the tidying of an unfinished release);
- *delays*: the process is killed from outside after a random delay from its
  start, or from the moment its copy is seen to begin, with builds padded with
  enough files that the copy takes measurable time.

The kill points took 47 s, the delays 30-60 s, on a machine with two cores
shared with other work (150 s and 60 s when it was busiest): each command is a
new process that imports Sphinx.

After each kill, readers still get a whole release equal to a published build,
the history says which one, the lock is free, and the next publish (or
rollback) finishes, tidies, goes only to releases that were live, and records
what it changed from the release that was live (its release notes).
"""

from __future__ import annotations

import dataclasses as dc
import fcntl
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hub_evidence.tools.release_notes import describe

from .helpers import PUBLIC_SUMMARY, build_for, git, site_repository
from .test_cli import EVIDENCE

SEED = int(os.environ.get("EVIDENCE_KILL_SEED", "1730"))
"""Replay a failure with the seed its message gives (``EVIDENCE_KILL_SEED=...``)."""
PADDING = 300
"""Files added to each build (``_static/padding/``), so that copying takes time."""

KILL_AT = r"""
import os, re, signal, sys
target, kill_before, log = sys.argv[1], sys.argv[2], sys.argv[3]
steps = []
PATH_AT = {"open": 0, "os.rename": 0, "os.symlink": 1, "os.remove": 0,
           "os.rmdir": 0, "os.mkdir": 0, "shutil.rmtree": 0}
RELEASE = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{12}")

def step(event, args):
    if event == "fcntl.flock":
        return f"flock {args[1]}"
    if event in ("os.remove", "os.rmdir") and args[1] is not None:
        return "delete"  # a file or folder in a folder shutil.rmtree empties
    if event not in PATH_AT:
        return None
    path = args[PATH_AT[event]]
    if not isinstance(path, (str, bytes, os.PathLike)):
        return None
    path = os.fsdecode(path)
    if path != target and not path.startswith(target + "/"):
        return None
    relative = path[len(target):] or "."
    mode = str(args[1]) if event == "open" else ""
    if event in ("open", "os.mkdir") and "r" not in mode and relative.count("/") > 2:
        return "copy"  # a file or folder written inside a release
    return " ".join(filter(None, [event, mode, RELEASE.sub("<release>", relative)]))

def hook(event, args):
    done = step(event, args)
    if done is None:
        return
    steps.append(done)
    if f"{done} #{steps.count(done)}" == kill_before:
        with open(log, "w") as file:
            file.write(kill_before)
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
from hub_evidence.tools.cli import main
status = main(sys.argv[4:])
with open(log, "w") as file:
    file.write(chr(10).join(steps))
sys.exit(status)
"""
"""Runs ``evidence`` with its arguments, killed just before ``STEP #N`` (the
Nth time it takes that step in the publish folder: a file written or deleted
there, a rename, a link, the lock; every file copied counts as ``copy``).
Writes the step it was killed before, or every step of a run that ends."""


def digests(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links followed) with its digest."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def padded_site(folder: Path, text: str) -> Path:
    """A committed site whose build carries :data:`PADDING` extra theme files."""
    srcdir = site_repository(folder, text)
    padding = srcdir / "_static/padding"
    padding.mkdir(parents=True)
    for number in range(PADDING):
        (padding / f"file-{number:04}.txt").write_bytes(os.urandom(4096))
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('html_static_path = ["_static"]\n')
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "Padding")
    return build_for(srcdir)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two publishable builds that differ in one summary's prose and theme."""
    folder = tmp_path_factory.mktemp("killed")
    first = padded_site(folder / "first", PUBLIC_SUMMARY)
    second = padded_site(
        folder / "second",
        PUBLIC_SUMMARY.replace("Prose.", "Other prose.").replace(
            "Finding text.", "Other finding text."
        ),
    )
    return {"first": first, "second": second}


@dc.dataclass
class Publisher:
    """The publish folder, the builds, and what the test saw live."""

    target: Path
    builds: dict[str, Path]
    trees: dict[str, dict[str, str]]
    live: set[str] = dc.field(default_factory=set)
    """Every release seen as ``current`` (so: one that readers were served)."""

    def command(self, action: str) -> list[str]:
        if action == "rollback":
            return ["publish", "--rollback", "--to", str(self.target), "--wait", "0"]
        built = str(self.builds[action])
        return [
            "publish",
            built,
            "--to",
            str(self.target),
            "--keep",
            "2",
            "--wait",
            "0",
        ]

    def run(self, action: str, kill_before: str = "") -> tuple[int, str, list[str]]:
        """Run ``action`` (killed before ``kill_before``); status, errors, steps."""
        log = self.target.parent / "steps.log"
        log.unlink(missing_ok=True)
        result = subprocess.run(
            [
                *(sys.executable, "-c", KILL_AT),
                *(str(self.target), kill_before, str(log)),
                *self.command(action),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        steps = log.read_text().splitlines() if log.exists() else []
        return result.returncode, result.stderr, steps

    def kill_after(self, action: str, delay: float, copying: bool = False) -> int:
        """Run ``action`` as an operator would, killed ``delay`` s after it
        starts (``copying``: after its copy is seen to begin)."""
        process = subprocess.Popen(
            [EVIDENCE, *self.command(action)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while copying and process.poll() is None and not self.hidden():
            time.sleep(0.002)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        return process.wait(timeout=120)

    def hidden(self) -> list[str]:
        """The hidden folders beside the releases: a copy or a deletion under way."""
        releases = self.target / "releases"
        return [p.name for p in releases.iterdir() if p.name.startswith(".")]

    def timed(self, action: str) -> tuple[float, float]:
        """Run ``action`` whole: when its copy began, and when it ended (s)."""
        copying = 0.0
        started = time.monotonic()
        process = subprocess.Popen(
            [EVIDENCE, *self.command(action)], stdout=subprocess.DEVNULL
        )
        while process.poll() is None:
            if not copying and self.hidden():
                copying = time.monotonic() - started
            time.sleep(0.002)
        took = time.monotonic() - started
        assert process.returncode == 0 and copying, "the copy was seen"
        self.check(f"seed {SEED}: {action} timed")
        return copying, took

    def current(self) -> str | None:
        link = self.target / "current"
        return link.resolve().name if link.is_symlink() else None

    def history(self) -> list[dict[str, Any]]:
        path = self.target / "history.json"
        if not path.exists():
            return []
        entries: list[dict[str, Any]] = json.loads(path.read_text())["releases"]
        return entries

    def whole(self, release: Path) -> bool:
        """Whether ``release`` is one of the builds, byte for byte."""
        return release.is_dir() and digests(release) in self.trees.values()

    def check(self, why: str) -> None:
        """What readers and the next operator find after a kill (or a run)."""
        current = self.current()
        releases = self.target / "releases"
        if current is None:
            assert not [e for e in self.history() if e.get("switched")], why
            return
        self.live.add(current)
        # A whole release, byte for byte one of the builds.
        assert self.whole(releases / current), (why, "current", current)
        # Every release a rollback may go to is whole too.
        for release in releases.iterdir():
            if not release.name.startswith("."):
                assert self.whole(release), (why, "a release kept", release.name)
        entries = self.history()
        assert entries, why
        switched = [e for e in entries if e.get("switched")]
        # The history names what is live; killed between the switch and its
        # record, its last entry names the release switched to, not yet marked.
        last = entries[-1]
        named = switched[-1]["release"] if switched else None
        if not last.get("switched") and last["release"] == current:
            named = current
        assert named == current, (why, current, entries[-3:])
        # The lock is free: nothing waits for the killed process.
        with (self.target / ".publish.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(lock, fcntl.LOCK_UN)

    def build_of(self, release: str | None) -> str | None:
        """Which build a release is (None: no release)."""
        if release is None:
            return None
        tree = digests(self.target / "releases" / release)
        return next(name for name, built in self.trees.items() if built == tree)

    def follow(self, action: str, why: str) -> None:
        """The next publish or rollback, not killed: it ends well and tidies,
        and records what it changed from the release that was live."""
        before = self.current()
        was = self.build_of(before)
        status, errors, _ = self.run(action)
        if action == "rollback" and "oldest release" in errors:
            assert status == 1, why
            return
        assert status == 0, (why, errors)
        self.check(f"{why}, then {action}")
        current = self.current()
        assert current is not None, why
        releases = self.target / "releases"
        entries = self.history()
        if action == "rollback":
            assert current in self.live - {before}, (why, current, self.live)
            notes = describe(entries[-1]["takes_back"])
            assert notes == CHANGED[was != self.build_of(current)], (why, notes)
            return
        assert digests(releases / current) == self.trees[action], why
        # Nothing unfinished is left: each release kept was live.
        kept = {p.name for p in releases.iterdir()}
        assert kept <= self.live, (why, kept - self.live)
        assert entries[-1]["release"] == current and entries[-1]["switched"], why
        # Its notes compare it with the release live before it, killed or not.
        notes = describe(entries[-1]["changes"])
        assert notes == CHANGED[was != action], (why, was, action, notes)


CHANGED = {
    False: ["No summary or theme changed."],
    True: [
        "Updated: Northshire Maths Hub 2023/24: themes changed: 'Confidence with "
        "early number grew' edited"
    ],
}
"""The release notes from one build to the other (True) or to itself."""


@pytest.fixture
def publisher(builds: dict[str, Path], tmp_path: Path) -> Publisher:
    trees = {name: digests(built) for name, built in builds.items()}
    assert trees["first"] != trees["second"]
    return Publisher(tmp_path / "intranet", builds, trees)


def test_a_publish_or_rollback_killed_at_any_step_leaves_a_whole_site(
    publisher: Publisher,
) -> None:
    rng = random.Random(SEED)
    for action in ("first", "second", "first"):
        assert publisher.run(action)[0] == 0
        publisher.check(f"seed {SEED}: published {action}")
    # What each command does in the folder, step by step, as it runs whole.
    steps = {}
    for action in ("second", "rollback"):
        status, errors, steps[action] = publisher.run(action)
        assert status == 0, errors
        publisher.check(f"seed {SEED}: {action}")
    # Then a publish: the rollback went back to a release whose own earlier
    # ones were pruned, so a first kill of a rollback would have nowhere to go.
    assert publisher.run("first")[0] == 0
    publisher.check(f"seed {SEED}: published first")
    # Each step from the moment the lock is held (killed before, nothing has
    # happened), each time it is taken; a few of the files copied and deleted.
    kills = []
    for action, taken in steps.items():
        held = taken[taken.index("flock 6") + 1 :]
        numbered = [
            f"{step} #{taken[:i].count(step) + 1}" for i, step in enumerate(taken)
        ]
        numbered = numbered[len(taken) - len(held) :]
        kills += [(action, s) for s in numbered if not s.startswith(("copy", "delete"))]
    copies, deletions = steps["second"].count("copy"), steps["second"].count("delete")
    assert copies > PADDING and deletions > PADDING, "a release was copied, one pruned"
    kills += [("second", f"copy #{n}") for n in rng.sample(range(1, copies), 2)]
    kills += [("second", f"delete #{n}") for n in rng.sample(range(1, deletions), 1)]
    for step in ("os.rename", "os.symlink", "history.json", "shutil.rmtree", "flock 8"):
        assert any(step in kill for _, kill in kills), (step, kills)
    assert any("os.symlink" in kill for action, kill in kills if action == "rollback")
    rng.shuffle(kills)
    ended = []
    for number, (command, step) in enumerate(kills):
        action = command if command == "rollback" else rng.choice(["first", "second"])
        why = f"seed {SEED}: {action} killed before {step}"
        status, errors, _ = publisher.run(action, step)
        if status != -signal.SIGKILL:
            ended.append((command, step, status, errors))
        publisher.check(why)
        # Then a publish or a rollback; a publish before a rollback to kill.
        after = kills[number + 1][0] if number + 1 < len(kills) else ""
        following = "rollback" if number % 3 == 2 and after != "rollback" else ""
        publisher.follow(following or ("first", "second")[number % 2], why)
    # Each step was reached (its command ended before only if it took fewer).
    assert ended == [], f"seed {SEED}: never killed there: {ended}"


def test_a_publish_or_rollback_killed_after_a_random_delay_leaves_a_whole_site(
    publisher: Publisher,
) -> None:
    rng = random.Random(SEED)
    assert publisher.run("first")[0] == 0
    # How long a publish run whole takes to start copying, and to end: most
    # kills fall from the moment its copy is seen to begin to a little after
    # its copy, switch and pruning take (this machine may be slower or faster
    # from one run to the next: where each kill landed is printed).
    copying, took = publisher.timed("second")
    stopped = []
    for number in range(8):
        action = rng.choice(["first", "second", "second", "rollback"])
        after_copy = action != "rollback" and number % 4 != 0
        delay = rng.uniform(0, (took - copying if after_copy else took) * 1.2)
        start = "its copy began" if after_copy else "it started"
        why = f"seed {SEED}: {action} killed {delay:.3f} s after {start}"
        before = publisher.current()
        status = publisher.kill_after(action, delay, copying=after_copy)
        publisher.check(why)
        stopped.append(f"{why}: {where(publisher, before, status)}")
        publisher.follow(("second", "rollback", "first", "rollback")[number % 4], why)
    # Where the kills landed depends on the machine's speed: told, not checked.
    print(
        f"\nseed {SEED}: a publish copies from {copying:.2f} s, ends at {took:.2f} s;",
        *stopped,
        sep="\n  ",
    )


def where(publisher: Publisher, before: str | None, status: int) -> str:
    """Roughly where a command was stopped, from what it left."""
    releases = publisher.target / "releases"
    hidden = publisher.hidden()
    if status != -signal.SIGKILL:
        return "it had ended"
    if publisher.current() != before:
        return "after its switch"
    if hidden:
        return f"while copying or deleting ({', '.join(hidden)})"
    if {p.name for p in releases.iterdir()} - publisher.live:
        return "after its copy, before its switch"
    return "before it changed anything, or after its last step"
