"""Every task of the evidence site: ``build``, ``serve``, ``tests``, ``lint``,
``guide``, ``bench``, ``publish``, ``rollback`` and ``releases``
(``nox -s <task>``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import nox

nox.options.sessions = ["build", "tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

BUILD_DIR = "_build"
SPHINX_BUILD = ["sphinx-build", "-b", "html", "-W", "--keep-going", "-n"]
AUDIENCES = ("network", "public", "preview")


def _folders(name: str) -> list[str]:
    """``-d`` and the doctree folder of ``_build/<name>``, the source, the output.

    Each output folder has a doctree folder of its own, beside it (never in it:
    the doctrees must not be published), so builds for other audiences or into
    other folders never read or overwrite its environment: a rebuild with
    nothing changed reads nothing and writes nothing.
    """
    return ["-d", f"{BUILD_DIR}/doctrees-{name}", ".", f"{BUILD_DIR}/{name}"]


AUDIENCE_SETTING = "evidence_audience="


def _audience(args: list[str]) -> tuple[str, list[str]]:
    """The audience ``args`` name (``--audience X`` or ``-D evidence_audience=X``;
    ``network`` if none), and the other arguments."""
    audience, rest = "network", []
    given = iter(args)
    for arg in given:
        if arg == "--audience":
            audience = next(given, "")
        elif arg == "-D" and (value := next(given, "")).startswith(AUDIENCE_SETTING):
            audience = value.removeprefix(AUDIENCE_SETTING)
        elif arg == "-D":
            rest += [arg, value]
        elif arg.startswith(f"-D{AUDIENCE_SETTING}"):
            audience = arg.removeprefix(f"-D{AUDIENCE_SETTING}")
        else:
            rest.append(arg)
    return audience, rest


@nox.session
def build(session: nox.Session) -> None:
    """Build the site into _build/html (warnings are errors); for another audience
    into _build/<audience>: ``nox -s build -- --audience preview``."""
    audience, args = _audience(list(session.posargs))
    if audience not in AUDIENCES:
        session.error(f"Usage: nox -s build -- [--audience {'|'.join(AUDIENCES)}]")
    session.install(".")
    folder = "html" if audience == "network" else audience
    session.run(
        *SPHINX_BUILD,
        *("-D", f"evidence_audience={audience}", "-j", "auto"),
        *_folders(folder),
        *args,
    )


def _target(session: nox.Session, usage: str) -> str:
    """The one folder the web server serves releases from (``posargs``)."""
    if len(session.posargs) != 1:
        session.error(f"Give the folder the web server serves: {usage}")
    return session.posargs[0]


@nox.session
def publish(session: nox.Session) -> None:
    """Build and publish: ``nox -s publish -- /srv/evidence`` (network), or for the
    public site ``nox -s publish -- /srv/evidence-public --audience public``."""
    audience, args = _audience(list(session.posargs))
    if audience not in ("network", "public") or len(args) != 1:
        session.error(
            "Usage: nox -s publish -- DIR [--audience network|public] "
            "(a preview is never published)"
        )
    session.install(".")
    session.run(
        *SPHINX_BUILD,
        *("-D", f"evidence_audience={audience}", "-j", "auto"),
        *_folders(audience),
    )
    out = f"{BUILD_DIR}/{audience}"
    session.run("evidence", "publish", out, "--to", args[0], "--audience", audience)


@nox.session
def rollback(session: nox.Session) -> None:
    """Serve the release before the live one again: ``nox -s rollback -- DIR``."""
    target = _target(session, "nox -s rollback -- /srv/evidence")
    session.install(".")
    session.run("evidence", "publish", "--rollback", "--to", target)


@nox.session
def releases(session: nox.Session) -> None:
    """List the releases, the live one marked: ``nox -s releases -- DIR``."""
    target = _target(session, "nox -s releases -- /srv/evidence")
    session.install(".")
    session.run("evidence", "publish", "--history", "--to", target)


@nox.session
def serve(session: nox.Session) -> None:
    """Preview every summary, drafts included, at http://127.0.0.1:8000.

    Each rebuild shows the problems found, each with its file and line, and
    ends with one line saying how many (:mod:`hub_evidence.output.preview_report`);
    Ctrl+C, or ending the nox process, stops the preview and its server.
    """
    session.install("-e", ".[serve]")
    # The first build reads every summary, so that its problems are all listed
    # (later builds read only what changed since).
    shutil.rmtree(f"{BUILD_DIR}/doctrees-serve", ignore_errors=True)
    _run_until_stopped(
        session,
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "_ext",
        "--re-ignore",
        r"/(\.nox|\.git|\.venv|_build|tests|\.[a-z]+_cache)/",
        # Quiet: the problems, not Sphinx's progress and configuration.
        "-q",
        # Authors preview their drafts: every summary, with the preview banner.
        "-D",
        "evidence_audience=preview",
        *_folders("serve"),
        *session.posargs,
    )


STOP_WAIT = 10.0
"""Seconds a stopped server has to finish before it is ended outright."""


def _run_until_stopped(session: nox.Session, command: str, *args: str) -> None:
    """Run a server of the session's until Ctrl+C or SIGTERM, then stop all of it.

    ``session.run`` leaves the server running when nox itself is ended (SIGTERM
    from a process manager ends nox alone), and after Ctrl+C waits only a moment
    before killing it, which can leave a build it started behind. So the server
    runs in a process group (and session) of its own, and whatever stops nox
    (Ctrl+C, SIGTERM, or SIGHUP from a closed terminal) stops that whole group:
    first as Ctrl+C would, then, after :data:`STOP_WAIT` seconds, for good.
    """
    bin_dir = session.bin
    env = {**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ["PATH"]])}
    env["VIRTUAL_ENV"] = str(Path(bin_dir).parent)
    session.log(" ".join([command, *args]))
    server = subprocess.Popen(
        [str(Path(bin_dir, command)), *args], env=env, start_new_session=True
    )

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    stopping = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sent: signal.getsignal(sent) for sent in stopping}
    for sent in stopping[1:]:
        signal.signal(sent, stop)
    try:
        status = server.wait()
    except KeyboardInterrupt:
        status = 0
        session.log("Stopping the preview ...")
    finally:
        # Stopping takes seconds at most: a second Ctrl+C does not cut it short.
        for sent in stopping:
            signal.signal(sent, signal.SIG_IGN)
        _stop_group(server)
        for sent, handler in previous.items():
            signal.signal(sent, handler)
    if status:
        session.error(f"The preview stopped on its own (exit status {status}).")
    session.log("The preview has stopped.")


def _stop_group(server: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group: Ctrl+C, then SIGKILL for what is left."""
    for sent in (signal.SIGINT, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sent)
        deadline = time.monotonic() + STOP_WAIT
        while time.monotonic() < deadline and _group_alive(server):
            time.sleep(0.1)
        if not _group_alive(server):
            return


def _group_alive(server: subprocess.Popen[bytes]) -> bool:
    """Whether any process of the server's group is still running."""
    server.poll()  # reaps the server itself once it has ended
    try:
        os.killpg(server.pid, 0)
    except ProcessLookupError:
        return False
    return True


@nox.session
def guide(session: nox.Session) -> None:
    """Write the author guide's reference tables (docs/reference/) from the code."""
    session.install("-e", ".")
    session.run("python", "-m", "hub_evidence.tools.guide", "docs/reference")


TEST_PACKAGES = {
    "chromium": "chromium",
    "nginx": "nginx",
    "java": "openjdk-17-jre-headless",  # the W3C HTML validator
    "openssl": "openssl",  # test certificates for the maintainer's guide's nginx -t
}
"""Debian packages the tests use, by the command each provides."""


def _ensure_test_packages(session: nox.Session) -> None:
    """The tests need Debian's Chromium, nginx, Java and openssl; install them
    where we can."""
    missing = [
        package
        for command, package in TEST_PACKAGES.items()
        if not (shutil.which(command) or Path("/usr/sbin", command).exists())
        # The tests drive the Chromium this names instead (tests/browser.py).
        and not (command == "chromium" and os.environ.get("EVIDENCE_CHROMIUM"))
    ]
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-q", external=True, env=env)
        session.run("apt-get", "install", "-y", "-q", *missing, external=True, env=env)
        return
    session.error(
        f"The tests need: run `sudo apt-get install {' '.join(missing)}` first."
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, browser tests included."""
    _ensure_test_packages(session)
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


OLDEST = "constraints/oldest.txt"
"""The lowest version of each dependency that ``pyproject.toml`` claims."""


@nox.session(name="tests-oldest")
def tests_oldest(session: nox.Session) -> None:
    """Run the tests marked ``oldest`` against the oldest versions of Sphinx,
    MyST, sphinx-design, the theme and docutils that ``pyproject.toml`` claims
    (``constraints/oldest.txt``); the newest are what ``nox -s tests`` gets."""
    _ensure_test_packages(session)
    session.install("-e", ".[test]", "-c", OLDEST)
    session.run("pytest", "-m", "oldest", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Time the site against plain Sphinx builds, then measure it as readers get
    it (Lighthouse, the typed search): ``nox -s bench -- --hubs 800``. One part
    only, with all of its options: ``nox -s bench -- build --hubs 800 --rounds 5``
    or ``nox -s bench -- web --hubs 800 --runs 3`` (``python -m tests.bench.web
    --help``). Both write into ``_build/bench/results.md``. Apart, our Pagefind
    client against the official wrapper: ``nox -s bench -- pagefind --records
    100`` (into ``_build/bench/pagefind-client.md``; docs/pagefind-client.md).
    The related-findings computation alone: ``nox -s bench -- related --hubs
    800`` (tests/bench/related.py)."""
    if session.posargs[:1] == ["related"]:
        session.install("-e", ".[test]")
        session.run("python", "-m", "tests.bench.related", *session.posargs[1:])
        return
    if session.posargs[:1] == ["pagefind"]:
        session.install("-e", ".[test]")
        session.run("python", "-m", "tests.bench.pagefind_client", *session.posargs[1:])
        return
    _ensure_test_packages(session)
    if not shutil.which("npm"):
        session.error("The web bench installs Lighthouse: run `apt-get install npm`.")
    session.install("-e", ".[test]")
    args = list(session.posargs)
    part = args.pop(0) if args[:1] in (["build"], ["web"]) else None
    if part != "web":
        session.run("python", "-m", "tests.bench.run", *args)
    if part != "build":
        shared = args if part else _options(args, ("--hubs", "--folder"))
        session.run("python", "-m", "tests.bench.web", *shared)


def _options(args: list[str], names: tuple[str, ...]) -> list[str]:
    """The options ``names`` in ``args``, each with its values (the other
    part of the bench has options of its own)."""
    kept, keeping = [], False
    for arg in args:
        if arg.startswith("--"):
            keeping = arg.split("=")[0] in names
        if keeping:
            kept.append(arg)
    return kept


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format), mypy --strict on the extension, the layers of the
    extension (import-linter), the workflow files and Dependabot's settings
    against GitHub's schemas (vendored in check-jsonschema: nothing is fetched),
    and the CI script with ShellCheck."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("lint-imports")
    workflows = sorted(str(path) for path in Path(".github/workflows").glob("*.yml"))
    session.run(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows
    )
    session.run(
        "check-jsonschema",
        *("--builtin-schema", "vendor.dependabot", ".github/dependabot.yml"),
    )
    session.run("shellcheck", ".ci/run")
