"""Builds of one checkout are independent: one per audience, in any order or at once.

One checkout of the site is built for the network and for a preview, each
into its own output folder with its own doctree folder: one after the other,
in both orders, and both at once (one of them in parallel). Then each folder
is built again with nothing changed. A build for one audience must not make
another's next build read, write or report anything, and every folder must
equal a fresh build of its audience (the session's ``built_site`` and
``preview_site``). The nox sessions that build give each output folder, of
one audience, a doctree folder of its own.
"""

from __future__ import annotations

import dataclasses as dc
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import NOT_SOURCE, REPOSITORY
from .helpers import every_file

AUDIENCES = ("network", "preview")
ORDERS = {
    "network-first": ("network", "preview"),
    "preview-first": ("preview", "network"),
}
WRITTEN_EVERY_BUILD = {"genindex.html", "search.html", "404.html"}
"""Pages Sphinx writes in every build, whatever changed (not documents)."""
CONFIG_CHANGED = re.compile(r"configuration has changed|config changed", re.IGNORECASE)
READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.MULTILINE)
"""A document a (serial) build reads, as Sphinx reports it."""
UPDATING = re.compile(
    r"^updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed",
    re.MULTILINE,
)


class RecordingSession:
    """A nox session that records the commands it would run."""

    def __init__(self, *posargs: str) -> None:
        self.posargs = list(posargs)
        self.commands: list[list[str]] = []

    def install(self, *args: str) -> None:
        pass

    def run(self, *args: str, **kwargs: object) -> None:
        self.commands.append(list(args))

    def error(self, message: str) -> None:
        raise AssertionError(message)


def sphinx_commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The Sphinx builds of every nox session that builds the site."""
    spec = importlib.util.spec_from_file_location("noxfile", REPOSITORY / "noxfile.py")
    assert spec and spec.loader
    noxfile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noxfile)
    sessions = [
        (noxfile.build, ()),
        (noxfile.build, ("--audience", "public")),
        (noxfile.build, ("-D", "evidence_audience=preview")),
        (noxfile.publish, ("/srv/evidence",)),
        (noxfile.publish, ("/srv/evidence-public", "--audience", "public")),
        (noxfile.serve, ()),
    ]
    commands = []
    for session_function, posargs in sessions:
        session = RecordingSession(*posargs)
        monkeypatch.setattr(
            noxfile,
            "_run_until_stopped",
            lambda session, *command: session.run(*command),
        )
        session_function(session)
        commands += [c for c in session.commands if c[0].startswith("sphinx-")]
    return commands


def test_each_nox_build_has_a_doctree_folder_of_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # the preview removes its doctrees on start
    commands = sphinx_commands(monkeypatch)
    assert len(commands) == 6
    users: dict[str, set[tuple[str, str]]] = {}
    for command in commands:
        at = command.index("-d")
        doctrees, out = command[at + 1], command[at + 3]
        audience = "network"
        for setting in (command[i + 1] for i, a in enumerate(command) if a == "-D"):
            if setting.startswith("evidence_audience="):
                audience = setting.removeprefix("evidence_audience=")
        users.setdefault(doctrees, set()).add((audience, out))
        assert not Path(doctrees).is_relative_to(out), "doctrees are not published"
    # One output folder, of one audience, for each doctree folder.
    assert {folder: len(used) for folder, used in users.items()} == dict.fromkeys(
        users, 1
    )


def sphinx_build(
    checkout: Path, folder: Path, audience: str, *options: str
) -> subprocess.Popen[str]:
    """Start a build of ``checkout`` for ``audience`` into ``folder/<audience>``,
    with its own doctree folder ``folder/doctrees-<audience>``; not quiet, so
    that what it reads and writes is in its output."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
            "-d", str(folder / f"doctrees-{audience}"),
            "-D", f"evidence_audience={audience}",
            *options, str(checkout), str(folder / audience),
        ],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@dc.dataclass
class Finished:
    """A build's exit status, output and problems."""

    name: str
    status: int
    output: str
    problems: str


def finished(build: subprocess.Popen[str], name: str) -> Finished:
    """Wait for a build to finish (whether it succeeded is a test of its own)."""
    output, problems = build.communicate()
    return Finished(name, build.returncode, output, problems)


def modified(out: Path) -> dict[str, int]:
    """Each page's modification time."""
    return {
        path.relative_to(out).as_posix(): path.stat().st_mtime_ns
        for path in out.rglob("*.html")
    }


@dc.dataclass
class Rebuild:
    """A build again, with nothing changed, of one output folder."""

    out: Path
    audience: str
    output: str
    rewritten: list[str]


@dc.dataclass
class Builds:
    """Every build made, and the builds again of each output folder."""

    builds: list[Finished]
    rebuilds: list[Rebuild]


@pytest.fixture(scope="module")
def builds(site_checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Every folder built in both orders and at once, then each built again."""
    root = tmp_path_factory.mktemp("independent")
    # A checkout of its own (history included, for "Last updated").
    checkout = root / "checkout"
    shutil.copytree(site_checkout, checkout, ignore=NOT_SOURCE, symlinks=True)
    done, folders = [], []
    for order, audiences in ORDERS.items():
        for audience in audiences:
            build = sphinx_build(checkout, root / order, audience)
            done.append(finished(build, f"{order}/{audience}"))
        folders.append(root / order)
    # Both at once, the network build itself in two processes.
    together = root / "together"
    started = {
        "together/network": sphinx_build(checkout, together, "network", "-j", "2"),
        "together/preview": sphinx_build(checkout, together, "preview"),
    }
    done += [finished(build, name) for name, build in started.items()]
    folders.append(together)
    rebuilds = []
    for folder in folders:
        for audience in AUDIENCES:
            out = folder / audience
            before = modified(out)
            build = finished(
                sphinx_build(checkout, folder, audience),
                f"{folder.name}/{audience} again",
            )
            after = modified(out)
            rewritten = sorted(
                page for page in after if before.get(page) != after[page]
            )
            done.append(build)
            rebuilds.append(Rebuild(out, audience, build.output, rewritten))
    return Builds(done, rebuilds)


@pytest.fixture(scope="module")
def rebuilds(builds: Builds) -> list[Rebuild]:
    """The builds again, with nothing changed, of each output folder."""
    return builds.rebuilds


def test_every_build_succeeds(builds: Builds) -> None:
    assert len(builds.builds) == 12
    failed = {b.name: b.problems for b in builds.builds if b.status != 0}
    assert failed == {}


def test_every_folder_was_built_and_built_again(rebuilds: list[Rebuild]) -> None:
    assert len(rebuilds) == 6
    for rebuild in rebuilds:
        assert (rebuild.out / "hubs/2023-24/northshire/index.html").is_file()
        assert any(page.startswith("browse/") for page in modified(rebuild.out))


def test_a_rebuild_reports_no_configuration_change(rebuilds: list[Rebuild]) -> None:
    assert rebuilds
    changed = {str(r.out): CONFIG_CHANGED.findall(r.output) for r in rebuilds}
    assert changed == {str(r.out): [] for r in rebuilds}


def test_a_rebuild_reads_no_document(rebuilds: list[Rebuild]) -> None:
    assert rebuilds
    read = {str(r.out): READING.findall(r.output) for r in rebuilds}
    assert read == {str(r.out): [] for r in rebuilds}
    counts = {str(r.out): UPDATING.findall(r.output) for r in rebuilds}
    assert counts == {str(r.out): [("0", "0", "0")] for r in rebuilds}


def test_a_rebuild_writes_no_page(rebuilds: list[Rebuild]) -> None:
    assert rebuilds
    rewritten = {
        str(r.out): [p for p in r.rewritten if Path(p).name not in WRITTEN_EVERY_BUILD]
        for r in rebuilds
    }
    assert rewritten == {str(r.out): [] for r in rebuilds}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_folder_equals_a_fresh_build_of_its_audience(
    rebuilds: list[Rebuild], audience: str, built_site: Path, preview_site: Path
) -> None:
    fresh = every_file(built_site if audience == "network" else preview_site)
    assert len(fresh) > 100
    mine = [r for r in rebuilds if r.audience == audience]
    assert len(mine) == 3
    differing = {}
    for rebuild in mine:
        files = every_file(rebuild.out)
        differing[str(rebuild.out)] = sorted(
            name
            for name in files.keys() | fresh.keys()
            if files.get(name) != fresh.get(name)
        )
    assert differing == {str(r.out): [] for r in mine}
