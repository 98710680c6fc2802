"""Shared fixtures: sphinx.testing, the built example site, a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import sphinx_build

pytest_plugins = ["sphinx.testing.fixtures", "tests.browser"]

TESTS = Path(__file__).parent
REPOSITORY = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the ``sphinx.testing`` test roots live (``tests/roots/test-*``)."""
    return TESTS / "roots"


def build_repository(out: Path, *options: str) -> Path:
    """Build the repository's site into ``out/html`` with -W -n, in parallel."""
    sphinx_build(
        REPOSITORY,
        out / "html",
        *("-W", "--keep-going", "-n", "-j", "2", "-d", str(out / "doctrees")),
        *options,
    )
    return out / "html"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built as the README says (the network audience)."""
    return build_repository(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site for reviewers: every summary, drafts included."""
    return build_repository(
        tmp_path_factory.mktemp("preview"), "-D", "evidence_audience=preview"
    )
