"""Every task of the evidence site: ``nox -s build``, ``serve``, ``tests``, ``lint``."""

from __future__ import annotations

import os
import shutil

import nox

nox.options.sessions = ["build", "tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

BUILD_DIR = "_build"
SPHINX_BUILD = [
    "sphinx-build",
    "-b",
    "html",
    "-W",
    "--keep-going",
    "-n",
    "-d",
    f"{BUILD_DIR}/doctrees",  # doctrees never go into the published folder
]


@nox.session
def build(session: nox.Session) -> None:
    """Build the site into _build/html (warnings are errors)."""
    session.install(".")
    session.run(*SPHINX_BUILD, "-j", "auto", ".", f"{BUILD_DIR}/html", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Preview the site at http://127.0.0.1:8000, rebuilding on every save."""
    session.install("-e", ".[serve]")
    session.run(
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "_ext",
        "--re-ignore",
        r"/(\.nox|\.git|_build|tests|\.[a-z]+_cache)/",
        "-d",
        f"{BUILD_DIR}/doctrees-serve",
        ".",
        f"{BUILD_DIR}/serve",
        *session.posargs,
    )


def _ensure_chromium(session: nox.Session) -> None:
    """The browser tests need Debian's Chromium; install it where we can."""
    if shutil.which("chromium"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-q", external=True, env=env)
        session.run(
            "apt-get", "install", "-y", "-q", "chromium", external=True, env=env
        )
        return
    session.error("The tests need Chromium: run `sudo apt-get install chromium` first.")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, browser tests included."""
    _ensure_chromium(session)
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format) and mypy --strict on the extension."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
