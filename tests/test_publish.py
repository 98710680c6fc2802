"""``evidence publish``: releases, an atomic ``current`` link, rollback, refusals.

The builds published here are of small sites in git repositories of their own,
committed, as the publish workflow builds them; refusals are each tried on a
build that differs from a publishable one in one way only.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from hub_evidence.tools import publish as publishing

from .browser import served
from .helpers import (
    GOOD_SUMMARY,
    PUBLIC_SUMMARY,
    build,
    build_for,
    git,
    site_repository,
    summary_files,
    write_site,
)
from .test_cli import run


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def serves_complete(target: Path, built: Path) -> None:
    """``current`` is a whole build, byte for byte, and a web server serves it."""
    assert (target / "current").is_symlink()
    assert tree(target / "current") == tree(built)
    with served(target / "current") as site:
        for page in ("index.html", "search-evidence.html", "pagefind/pagefind.js"):
            with urllib.request.urlopen(site + page) as response:
                assert response.status == 200


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publishable build: network, no warning, of committed sources."""
    return build_for(site_repository(tmp_path_factory.mktemp("site") / "src"))


def publish(built: Path, target: Path, *options: str) -> tuple[int, str]:
    result = run(
        "publish", str(built), "--to", str(target), *options, cwd=target.parent
    )
    return result.returncode, result.stderr


def test_publish_twice_then_roll_back(clean_build: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    assert publish(clean_build, target) == (0, "")
    serves_complete(target, clean_build)
    srcdir = site_repository(
        tmp_path / "second", PUBLIC_SUMMARY.replace("Prose.", "New prose.")
    )
    second_build = build_for(srcdir)
    assert publish(second_build, target) == (0, "")
    serves_complete(target, second_build)
    assert len(list((target / "releases").iterdir())) == 2
    back = run("publish", "--rollback", "--to", str(target), cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    serves_complete(target, clean_build)
    assert "Rolled back" in back.stdout
    # Nothing is left half-copied beside the releases.
    assert {p.name for p in target.iterdir()} == {
        "current",
        "releases",
        "history.json",
        ".publish.lock",
    }
    assert not [p for p in (target / "releases").iterdir() if p.name.startswith(".")]


def test_each_release_records_its_commit_audience_time_and_publisher(
    clean_build: Path, tmp_path: Path
) -> None:
    target = tmp_path / "intranet"
    assert publish(clean_build, target) == (0, "")
    srcdir = clean_build.parents[1]
    sha = subprocess.run(
        ["git", "-C", str(srcdir), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    head = run("publish", "--history", "--to", str(target), cwd=srcdir)
    history = json.loads((target / "history.json").read_text())
    assert history["audience"] == "network"
    [release] = history["releases"]
    assert release["commit"] == sha
    assert release["release"] == (target / "current").resolve().name
    assert release["release"].endswith(sha[:12])
    assert release["audience"] == "network"
    assert release["published"].startswith("20")
    assert "@" in release["by"]
    assert head.returncode == 0
    assert (
        f"{release['release']} (live): network site, commit {sha[:12]}" in head.stdout
    )


def test_the_history_lists_the_commits_each_release_brought(
    tmp_path: Path,
) -> None:
    srcdir = site_repository(tmp_path / "src")
    target = tmp_path / "intranet"
    assert publish(build_for(srcdir), target) == (0, "")
    summary = srcdir / "hubs/2023-24/northshire/index.md"
    summary.write_text(summary.read_text().replace("Prose.", "Better prose."))
    git(srcdir, "commit", "-qam", "Better prose in Northshire's context")
    assert publish(build_for(srcdir), target) == (0, "")
    listing = run("publish", "--history", "--to", str(target), cwd=srcdir).stdout
    newest, oldest = listing.split("\n", 1)[0], listing.splitlines()[-1]
    assert "(live)" in newest and "(live)" not in oldest
    assert "Better prose in Northshire's context" in listing


def test_only_the_newest_releases_are_kept(clean_build: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    for _ in range(4):
        assert publish(clean_build, target, "--keep", "2") == (0, "")
    releases = sorted((target / "releases").iterdir())
    assert len(releases) == 2
    assert (target / "current").resolve() == releases[-1]


def test_a_preview_is_never_published(preview_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "t"
    status, message = publish(preview_site, target)
    assert status == 1
    assert "is a preview" in message and "never published" in message
    # Nor when asked for: the command does not even offer it.
    status, message = publish(preview_site, target, "--audience", "preview")
    assert status == 2
    assert "invalid choice: 'preview'" in message
    assert not target.exists()


def test_a_build_for_another_audience_than_the_targets_is_refused(
    clean_build: Path, tmp_path: Path
) -> None:
    target = tmp_path / "intranet"
    assert publish(clean_build, target) == (0, "")
    public = build_for(clean_build.parents[1], "public")
    status, message = publish(public, target, "--audience", "public")
    assert status == 1
    assert "serves the site for the network audience" in message
    assert "Publish it to the public site's own folder" in message
    # And a build for another audience than the one asked for.
    status, message = publish(public, tmp_path / "public-site")
    assert status == 1
    assert "built for the public audience, not network" in message


@pytest.mark.parametrize("change", ["edited", "untracked"])
def test_a_build_of_uncommitted_sources_is_refused(tmp_path: Path, change: str) -> None:
    srcdir = site_repository(tmp_path / "src")
    summary = srcdir / "hubs/2023-24/northshire/index.md"
    if change == "edited":
        summary.write_text(summary.read_text().replace("Prose.", "Unreviewed prose."))
        named = "hubs/2023-24/northshire/index.md"
    else:
        (srcdir / "notes.txt").write_text("Not reviewed.\n")
        named = "notes.txt"
    status, message = publish(build_for(srcdir), tmp_path / "intranet")
    assert status == 1
    assert f"changes that are not committed ({named})" in message
    assert not (tmp_path / "intranet").exists()


def test_a_build_outside_git_is_refused(tmp_path: Path) -> None:
    srcdir = site_repository(tmp_path / "src")
    shutil.rmtree(srcdir / ".git")
    status, message = publish(build_for(srcdir), tmp_path / "intranet")
    assert status == 1
    assert "not built from a git checkout" in message


@pytest.mark.parametrize("change", ["added", "removed", "edited"])
def test_a_folder_that_is_not_as_built_is_refused(
    clean_build: Path, tmp_path: Path, change: str
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(clean_build, copy)
    page = copy / "hubs/2023-24/northshire/index.html"
    if change == "added":
        (copy / "hubs/2023-24/old-page.html").write_text("withdrawn")
    elif change == "removed":
        page.unlink()
    else:
        page.write_text(page.read_text().replace("Northshire", "Southshire"))
    status, message = publish(copy, tmp_path / "t")
    assert status == 1
    named = "old-page.html" if change == "added" else "northshire/index.html"
    assert named in message
    assert "Build it again into an empty folder" in message
    assert not (tmp_path / "t").exists()


def test_a_build_with_warnings_is_refused(tmp_path: Path) -> None:
    bad = GOOD_SUMMARY.replace(":kind: finding", ":kind: findng")
    srcdir = write_site(tmp_path / "src", summary_files(bad))
    out = build(srcdir, evidence_audience="network").outdir
    status, message = publish(out, tmp_path / "t")
    assert status == 1
    assert "with 1 warning(s)" in message


@pytest.mark.parametrize("record", ["missing", "unfinished"])
def test_an_unfinished_build_is_refused(
    clean_build: Path, tmp_path: Path, record: str
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(clean_build, copy)
    path = copy / ".evidence-build.json"
    if record == "missing":
        path.unlink()
    else:  # as a build leaves it while it runs, or when it is stopped
        path.write_text(json.dumps({**json.loads(path.read_text()), "warnings": None}))
    status, message = publish(copy, tmp_path / "t")
    assert status == 1
    assert "not a finished build" in message or "unfinished build" in message


def test_rollback_needs_an_earlier_release(clean_build: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    result = run("publish", "--rollback", "--to", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert publish(clean_build, target) == (0, "")
    result = run("publish", "--rollback", "--to", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert "oldest release" in result.stderr


def test_a_release_whose_publish_stopped_before_its_switch_is_never_live_again(
    clean_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "intranet"
    first = publishing.publish(clean_build, target, "network")
    switch = publishing._switch

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt  # as a publish killed between copy and switch

    monkeypatch.setattr(publishing, "_switch", stopped)
    with pytest.raises(KeyboardInterrupt):
        publishing.publish(clean_build, target, "network")
    [unfinished] = [p for p in (target / "releases").iterdir() if p != first]
    assert (target / "current").resolve() == first
    monkeypatch.setattr(publishing, "_switch", switch)
    third = publishing.publish(clean_build, target, "network")
    assert not unfinished.exists(), "the next publish deletes it"
    entries = json.loads((target / "history.json").read_text())["releases"]
    assert [(e["release"], e["switched"]) for e in entries] == [
        (first.name, True),
        (unfinished.name, False),
        (third.name, True),
    ]
    listing = run("publish", "--history", "--to", str(target), cwd=tmp_path).stdout
    assert f"{unfinished.name} (never live" in listing
    # Back to the release that was live before, not the one that never was.
    assert publishing.rollback(target) == first
    assert (target / "current").resolve() == first
    rolled = json.loads((target / "history.json").read_text())["releases"][-1]
    assert (rolled["action"], rolled["from"]) == ("rollback", third.name)
    assert (
        "rolled back from"
        in run("publish", "--history", "--to", str(target), cwd=tmp_path).stdout
    )


def test_a_second_rollback_goes_further_back(clean_build: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    made = [publishing.publish(clean_build, target, "network") for _ in range(3)]
    assert publishing.rollback(target) == made[1]
    assert publishing.rollback(target) == made[0]
    with pytest.raises(publishing.PublishError, match="oldest release"):
        publishing.rollback(target)


HOLD_LOCK = """
import fcntl, sys, time
lock = open(sys.argv[1], "a+")
fcntl.flock(lock, fcntl.LOCK_EX)
lock.write("a test holding the lock\\n"); lock.flush()
print("held", flush=True)
time.sleep(600)
"""


def test_one_publish_or_rollback_at_a_time_and_a_dead_holder_frees_the_lock(
    clean_build: Path, tmp_path: Path
) -> None:
    target = tmp_path / "intranet"
    first = publishing.publish(clean_build, target, "network")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(target / ".publish.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        history = (target / "history.json").read_bytes()
        for command in (
            ("publish", str(clean_build), "--to", str(target), "--wait", "0.5"),
            ("publish", "--rollback", "--to", str(target), "--wait", "0.5"),
        ):
            refused = run(*command, cwd=tmp_path)
            assert refused.returncode == 1
            assert "Another publish or rollback" in refused.stderr
            assert "a test holding the lock" in refused.stderr
        assert (target / "current").resolve() == first
        assert (target / "history.json").read_bytes() == history
        assert [p.name for p in (target / "releases").iterdir()] == [first.name]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The system frees the lock of a holder that was killed.
    assert publish(clean_build, target, "--wait", "5") == (0, "")


def test_a_full_disk_leaves_current_and_the_history_as_they_were(
    clean_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "intranet"
    first = publishing.publish(clean_build, target, "network")
    history = (target / "history.json").read_bytes()
    copytree = shutil.copytree
    copied: list[str] = []

    def copy_until_full(source: str, destination: str) -> object:
        if len(copied) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), destination)
        copied.append(source)
        return shutil.copy2(source, destination)

    def filling(source: str, destination: str, *args: Any, **kwargs: Any) -> object:
        # (copytree calls itself for each folder, copy_function third)
        if len(args) > 2:
            args = (*args[:2], copy_until_full, *args[3:])
        else:
            kwargs["copy_function"] = copy_until_full
        return copytree(source, destination, *args, **kwargs)

    monkeypatch.setattr(publishing.shutil, "copytree", filling)
    with pytest.raises(publishing.PublishError) as refused:
        publishing.publish(clean_build, target, "network")
    assert "not enough space on the disk" in str(refused.value)
    assert f"still serves {first.name}" in str(refused.value)
    assert len(copied) == 5, "the copy had begun"
    assert (target / "current").resolve() == first
    assert (target / "history.json").read_bytes() == history
    assert [p.name for p in (target / "releases").iterdir()] == [first.name]


def test_a_switch_whose_record_was_stopped_is_live_in_the_history(
    clean_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "intranet"
    first = publishing.publish(clean_build, target, "network")
    write = publishing._write_history

    def stopped_after_the_switch(folder: Path, history: dict[str, Any]) -> None:
        if history["releases"][-1]["switched"]:
            raise KeyboardInterrupt  # as a publish killed between switch and record
        write(folder, history)

    monkeypatch.setattr(publishing, "_write_history", stopped_after_the_switch)
    with pytest.raises(KeyboardInterrupt):
        publishing.publish(clean_build, target, "network")
    monkeypatch.setattr(publishing, "_write_history", write)
    second = (target / "current").resolve()
    assert second != first
    listing = run("publish", "--history", "--to", str(target), cwd=tmp_path).stdout
    assert f"{second.name} (live)" in listing
    assert "never live" not in listing
    # The next rollback records the switch first, then goes back from it.
    assert publishing.rollback(target) == first
    entries = json.loads((target / "history.json").read_text())["releases"]
    assert [(e["release"], e["switched"]) for e in entries] == [
        (first.name, True),
        (second.name, True),
        (first.name, True),
    ]


def test_a_rollback_stopped_before_its_switch_is_listed_as_not_done(
    clean_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "intranet"
    publishing.publish(clean_build, target, "network")
    second = publishing.publish(clean_build, target, "network")

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt  # as a rollback killed before its switch

    monkeypatch.setattr(publishing, "_switch", stopped)
    with pytest.raises(KeyboardInterrupt):
        publishing.rollback(target)
    assert (target / "current").resolve() == second
    listing = run("publish", "--history", "--to", str(target), cwd=tmp_path).stdout
    assert "(not done: it stopped before the switch)" in listing
    assert f"{second.name} (live)" in listing
