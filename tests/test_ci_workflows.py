"""The GitHub workflows run as they are written: in Debian 12, as ``.ci/run``.

A pull request is checked, and a merge is checked before it is published, on
GitHub's runners; CI also runs ``.ci/run`` on a fresh Debian machine. They must
not drift apart: every job that works on the repository on GitHub's runners
runs in a Debian 12 container (Ubuntu's ``chromium`` is a snap, which a job
cannot run), installs system packages only through ``.ci/run --install``, and
runs ``.ci/run`` itself. ``nox -s lint`` checks the files against GitHub's
schema; this checks what the schema cannot.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from .conftest import REPOSITORY

WORKFLOWS = REPOSITORY / ".github/workflows"
CI_RUN = REPOSITORY / ".ci/run"
IMAGE = "python:3.11-bookworm"
"""Debian 12 (bookworm), as this machine and .ci/run; with git, for the history."""
TRUST = 'git config --system --add safe.directory "$GITHUB_WORKSPACE"'
INSTALLERS = re.compile(r"\b(apt-get|apt|sudo|dpkg|snap)\b")


def workflow(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    return loaded


def all_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    """Every job of every workflow: (file, job name, job)."""
    found = [
        (path.name, name, job)
        for path in sorted(WORKFLOWS.glob("*.yml"))
        for name, job in workflow(path.name)["jobs"].items()
    ]
    assert found, "no workflow jobs found"
    return found


def checks_out(job: dict[str, Any]) -> bool:
    return any(
        str(step.get("uses", "")).startswith("actions/checkout@")
        for step in job["steps"]
    )


def runs(job: dict[str, Any]) -> list[str]:
    """The shell commands of the job's steps, in order."""
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def on_githubs_runners(job: dict[str, Any]) -> bool:
    return "self-hosted" not in job["runs-on"]


def test_jobs_on_githubs_runners_that_use_the_repository_run_in_debian() -> None:
    jobs = [
        (file, name, job)
        for file, name, job in all_jobs()
        if on_githubs_runners(job) and checks_out(job)
    ]
    assert {(file, name) for file, name, _ in jobs} >= {
        ("content.yml", "check"),
        ("publish.yml", "check"),
    }
    for file, name, job in jobs:
        assert job.get("container") == IMAGE, f"{file}: job {name}"
        # The container's root does not own the checkout: without trusting it,
        # git refuses it, and the build has no dates (nor the publish its commit).
        steps = job["steps"]
        after_checkout = next(
            index
            for index, step in enumerate(steps)
            if str(step.get("uses", "")).startswith("actions/checkout@")
        )
        assert steps[after_checkout + 1].get("run") == TRUST, f"{file}: job {name}"


def test_the_image_is_the_debian_of_this_machine() -> None:
    release = Path("/etc/os-release").read_text()
    assert "VERSION_CODENAME=bookworm" in release
    assert IMAGE.endswith("-bookworm")


def test_only_ci_run_installs_system_packages() -> None:
    commands = [
        (file, name, command) for file, name, job in all_jobs() for command in runs(job)
    ]
    assert commands
    for file, name, command in commands:
        assert not INSTALLERS.search(command), f"{file}: job {name}: {command}"
    assert "apt-get install" in CI_RUN.read_text()


def test_each_check_runs_ci_run_as_ci_does() -> None:
    for file in ("content.yml", "publish.yml"):
        commands = runs(workflow(file)["jobs"]["check"])
        # Last: the README's commands, the linters and the tests, as on CI.
        assert commands[-1] == "bash .ci/run", file


def test_the_pull_request_check_installs_first_and_with_debians_python() -> None:
    commands = runs(workflow("content.yml")["jobs"]["check"])
    trust, install, tools, *rest = commands
    assert trust == TRUST
    assert install == "bash .ci/run --install"
    # The same Python that .ci/run insists on, so the .venv it reuses is its own.
    assert tools.startswith("/usr/bin/python3 -m venv .venv && ")
    assert rest
    assert all(command.startswith((".venv/bin/", "bash .ci/run")) for command in rest)


def test_publish_runs_only_after_the_checks() -> None:
    jobs = workflow("publish.yml")["jobs"]
    assert jobs["publish"]["needs"] == "check"
    assert jobs["publish"]["environment"] == "intranet"


def test_ci_run_install_installs_and_stops(tmp_path: Path) -> None:
    """``.ci/run --install`` installs what is missing, then stops: it builds
    and tests nothing (the workflow's later steps and ``.ci/run`` do)."""
    (tmp_path / ".ci").mkdir()
    shutil.copy2(CI_RUN, tmp_path / ".ci/run")
    shutil.copy2(REPOSITORY / "README.md", tmp_path / "README.md")
    done = subprocess.run(
        ["bash", str(tmp_path / ".ci/run"), "--install"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Debian's Python 3" in done.stdout
    # Nothing was built, no environment made, nothing run from the README.
    assert sorted(path.name for path in tmp_path.iterdir()) == [".ci", "README.md"]
    assert "+ " not in done.stdout


def test_ci_run_installs_every_package_the_tests_session_would() -> None:
    """``nox -s tests`` installs the tests' Debian packages where it can; CI
    installs them through .ci/run: the two lists must not drift apart."""
    spec = importlib.util.spec_from_file_location("noxfile", REPOSITORY / "noxfile.py")
    assert spec is not None and spec.loader is not None
    noxfile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noxfile)
    packages = set(noxfile.TEST_PACKAGES.values())
    assert packages
    installed_by_ci_run = set(
        re.findall(r"missing\+=\(([\w.+-]+)\)", CI_RUN.read_text())
    )
    assert packages <= installed_by_ci_run
