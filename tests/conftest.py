"""Shared fixtures: sphinx.testing, the built example site, a real browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures", "tests.browser"]

TESTS = Path(__file__).parent
REPOSITORY = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the ``sphinx.testing`` test roots live (``tests/roots/test-*``)."""
    return TESTS / "roots"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built as the README says, in parallel, with -W -n."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-W",
            "--keep-going",
            "-n",
            "-j",
            "2",
            "-q",
            "-d",
            str(out / "doctrees"),
            str(REPOSITORY),
            str(out / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out / "html"
