"""An author's first hour works as written: the README's two commands, and the
author guide's recipe (``docs/first-hour.md``).

The recipe's commands run in order, as typed in one terminal (``cd`` and
``source`` carry on to the next command), in a temporary folder, with the
``python3`` the tests were started with out of the way (under ``.ci/run``,
Debian's own). Only these differ from what an author does:

- the repository is cloned from a copy of this one, at its address in the guide;
- ``git config --global`` writes to a file of the test's, not the user's;
- the preview (``nox -s serve``) listens on a free port rather than 8000, and is
  stopped as an author stops it: by ending its process (SIGTERM), and by Ctrl+C;
- the author's writing is done by :func:`write_the_summary`.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
import yaml

from hub_evidence.source.model import FRONT_MATTER_FIELDS

from .conftest import REPOSITORY
from .helpers import git

README = REPOSITORY / "README.md"
CI_RUN = REPOSITORY / ".ci/run"
RECIPE = REPOSITORY / "docs/first-hour.md"
CLONE_URL = "https://github.com/example-org/maths-hubs-evidence.git"
SERVE = "nox -s serve"
CHECK = "evidence check hubs/2024-25/westfold"
SUMMARY = "hubs/2024-25/westfold/index.md"
WAIT = 600
"""Seconds a step may take at most (installing tools from the package index)."""


def sh_blocks(text: str) -> list[list[str]]:
    """The commands of each ``sh`` block, in order, without their comments."""
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)
    return [
        [
            re.sub(r"\s+#.*$", "", line).strip()
            for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        for block in blocks
    ]


# -- the README ---------------------------------------------------------------


def readme_commands() -> list[str]:
    """The commands of the README's first ``sh`` block (its first screen)."""
    return sh_blocks(README.read_text())[0]


def test_the_readme_gives_two_commands_that_need_no_system_pip() -> None:
    first_screen = README.read_text().split("\n## ", 1)[0]
    assert first_screen.count("```sh") == 1
    commands = readme_commands()
    assert len(commands) == 2
    build, tests = commands
    assert build.endswith("nox -s build")
    assert tests.endswith("nox -s tests")
    # Debian's and Ubuntu's own Python refuse `pip install` outside a virtual
    # environment (PEP 668): the first command makes one and installs only in it.
    steps = [step.strip() for step in build.split("&&")]
    assert steps[0] == "python3 -m venv .venv"
    assert all(step.startswith(".venv/bin/") for step in [*steps[1:], tests])
    # ... and the README says what a fresh machine needs for that.
    assert "sudo apt-get install python3-venv" in first_screen


def test_ci_runs_the_readme_commands_with_debians_python() -> None:
    script = CI_RUN.read_text()
    # (Checked first: an older .ci/run would run the whole CI here.)
    assert '"--commands"' in script
    printed = subprocess.run(
        ["bash", str(CI_RUN), "--commands"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.splitlines()
    assert printed == readme_commands()
    # Run with no other python3 on the way than Debian's, which it insists on.
    assert "\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\n" in script
    assert "!= /usr/bin/python3" in script
    assert 'bash -euo pipefail -c "${commands[0]}"' in script
    assert 'bash -euo pipefail -c "${commands[1]}"' in script
    assert ".venv/bin/nox -s lint" in script


# -- the recipe ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def descendants(pid: int) -> set[int]:
    """Every process started, directly or not, by ``pid``."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Terminal:
    """One terminal: each command runs where the last one left off, with the
    variables it exported (so ``cd`` and ``source .venv/bin/activate`` last)."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.cwd = folder
        self.env = env
        self.exported = folder.parent / "terminal-exported.sh"
        self.exported.write_text("")
        self.where = folder.parent / "terminal-cwd"

    def _prelude(self) -> str:
        return f"source {shlex.quote(str(self.exported))}\ncd {shlex.quote(str(self.cwd))}\n"

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        """Run ``command`` as typed; its output and exit status."""
        script = (
            f"{self._prelude()}{command}\nstatus=$?\n"
            f"pwd > {shlex.quote(str(self.where))}\n"
            f"export -p > {shlex.quote(str(self.exported))}\nexit $status\n"
        )
        result = subprocess.run(
            ["bash", "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT,
            check=False,
        )
        self.cwd = Path(self.where.read_text().strip())
        return result

    def start(self, command: str) -> Server:
        """Start ``command`` as typed, in a terminal's job of its own."""
        return Server(
            subprocess.Popen(
                ["bash", "-c", f"{self._prelude()}exec {command}"],
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,  # a job's process group, as in a terminal
            )
        )


class Server:
    """A command left running, and what it has printed so far."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.started: set[int] = set()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip("\n")))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, ready: Callable[[], object], what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Waiting for {what}, but:\n{self.output}")
            time.sleep(0.5)
            self.started |= descendants(self.process.pid)

    def wait_for_line(self, pattern: str, after: int = 0) -> re.Match[str]:
        """The first line from line ``after`` on that matches ``pattern``."""

        def found() -> re.Match[str] | None:
            return next(
                (
                    m
                    for line in self.lines[after:]
                    if (m := re.fullmatch(pattern, line))
                ),
                None,
            )

        self.wait_for(lambda: found() is not None, f"a line like {pattern!r}")
        match = found()
        assert match is not None
        return match

    def stop(self, how: str, port: int) -> None:
        """Stop it as an author does, and check nothing of it is left."""
        self.started |= descendants(self.process.pid)
        assert self.started, "the preview runs its server as another process"
        if how == "SIGTERM":
            self.process.send_signal(signal.SIGTERM)  # to nox alone
        else:
            os.killpg(self.process.pid, signal.SIGINT)  # Ctrl+C: to the job
        try:
            # The server's group has 10 s for Ctrl+C, then 10 s more (noxfile's
            # _stop_group); the rest is for a machine busy with other tests.
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            processes = subprocess.run(
                ["ps", "-eo", "pid,ppid,pgid,stat,etime,args"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            pytest.fail(
                f"The preview did not stop within 120 s ({how}).\n{self.output}\n"
                f"{processes}"
            )
        time.sleep(1)
        assert not listening(port), self.output
        left = sorted(pid for pid in self.started if running(pid))
        assert left == [], self.output
        assert "Session serve was successful" in self.lines[-1], self.output

    def kill(self) -> None:
        """Make sure nothing is left running, whatever happened."""
        for pid in self.started | descendants(self.process.pid) | {self.process.pid}:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def author_environment(tmp_path: Path) -> dict[str, str]:
    """The environment of an author's terminal: without the tests' own Python."""
    env = dict(os.environ)
    ours = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != ours)
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "NOX_CURRENT_SESSION"):
        env.pop(name, None)
    env["GIT_CONFIG_GLOBAL"] = str(tmp_path / "gitconfig")
    return env


FILLED_OPTIONS = {"methods": "interviews, survey", "tags": "confidence"}
TEXT = "Written for the test: what the evaluation found, in the author's words."


def write_the_summary(path: Path, scratch: Path) -> None:
    """Do the author's writing: fill in every empty fact of the front matter (with
    the guide's example of it), give the theme a title, and replace the comment
    lines of each part with text (those only guiding, between themes, go)."""
    _, front, body = path.read_text().split("---\n", 2)
    facts = yaml.safe_load(front)
    empty = [key for key, value in facts.items() if value in (None, "", [])]
    assert empty, "a new summary has facts to fill in"
    for key in empty:
        example = FRONT_MATTER_FIELDS[key].metadata["example"]
        facts[key] = yaml.safe_load(f"{key}: {example}")[key]
    lines: list[str] = []
    block = ""
    for line in body.splitlines():
        text = line
        if opening := re.match(r":{3,}\{(\w+)\}", line):
            block = opening[1]
            if block == "theme":
                text = re.sub(r"\{theme\}.*", "{theme} Teachers' confidence grew", line)
        elif option := re.fullmatch(r":(\w+):\s*", line):
            text = f":{option[1]}: {FILLED_OPTIONS[option[1]]}"
        elif line.startswith("%"):
            if block == "themes" or (lines and lines[-1] == TEXT):
                continue
            text = TEXT
        lines.append(text)
    written = scratch / "written.md"
    written.write_text(
        f"---\n{yaml.safe_dump(facts, sort_keys=False, allow_unicode=True)}---\n"
        + "\n".join(lines)
        + "\n"
    )
    written.replace(path)  # saved at once, as editors do


def test_the_first_hour_recipe_works_as_written(
    tmp_path: Path, site_checkout: Path
) -> None:
    blocks = sh_blocks(RECIPE.read_text())
    commands = [command for block in blocks for command in block]
    assert len(blocks) == 5
    assert commands.count(SERVE) == 1 and commands.count(CHECK) == 1
    assert any(command.startswith("evidence new ") for command in commands)
    origin = tmp_path / "origin/maths-hubs-evidence.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(site_checkout), str(origin))
    home = tmp_path / "home"
    home.mkdir()
    terminal = Terminal(home, author_environment(tmp_path))
    summary = None
    ran = []
    for command in commands:
        if command == SERVE:
            port = free_port()
            preview = terminal.start(f"{SERVE} -- --port {port}")
            try:
                # It starts by reading every summary, the new one's problems listed.
                first = preview.wait_for_line(r"(\d+) problems? in your summaries, .*")
                preview.wait_for(partial(listening, port), "the preview's address")
                for noise in ("myst v", "MdParserConfig", "build succeeded"):
                    assert noise not in preview.output
                assert int(first[1]) > 0
                assert SUMMARY in preview.output
                url = f"http://127.0.0.1:{port}/hubs/2024-25/westfold/"
                page = urllib.request.urlopen(url, timeout=30).read().decode()
                assert "Westfold Maths Hub" in page
                assert "not for publication" in page
            except BaseException:
                preview.kill()
                raise
            summary = terminal.cwd / SUMMARY
        elif command == CHECK:
            assert summary is not None, "the preview runs while the author writes"
            try:
                unfilled = terminal.run(command)
                assert unfilled.returncode == 1, unfilled.stderr
                reports = unfilled.stdout.splitlines()
                assert reports and all(r.startswith(SUMMARY) for r in reports)
                assert any("[evidence.missing_key]" in r for r in reports)
                assert any(
                    "`context`" in r and "[evidence.empty_section]" in r
                    for r in reports
                )
                seen = len(preview.lines)
                write_the_summary(summary, tmp_path)
                preview.wait_for_line(r"No problems in the pages just updated\.", seen)
                filled = terminal.run(command)
                assert filled.returncode == 0, filled.stdout + filled.stderr
                assert "No problems found." in filled.stderr
                preview.stop("SIGTERM", port)
                # Once more, stopped with Ctrl+C.
                preview = terminal.start(f"{SERVE} -- --port {port}")
                preview.wait_for(partial(listening, port), "the preview's address")
                preview.stop("Ctrl+C", port)
            finally:
                preview.kill()
        else:
            result = terminal.run(command.replace(CLONE_URL, str(origin)))
            assert result.returncode == 0, (command, result.stdout, result.stderr)
        ran.append(command)
    assert ran == commands
    # The branch, with the summary as written, is where a pull request is made.
    assert summary is not None
    pushed = git(origin, "show", f"westfold-2024-25:{SUMMARY}")
    assert pushed == summary.read_text()
