"""Shared fixtures: sphinx.testing, the built example site, a real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .helpers import git, sphinx_build

pytest_plugins = ["sphinx.testing.fixtures", "tests.browser"]

TESTS = Path(__file__).parent
REPOSITORY = TESTS.parent


def pytest_configure(config: pytest.Config) -> None:
    """Tools the tests run print plain text, as they do on a terminal-less CI
    machine, even where the environment asks for colour (``FORCE_COLOR``): tests
    read what Sphinx prints line by line."""
    os.environ["NO_COLOR"] = "1"


OLDEST_VERSIONS = {
    "test_site": "the example site builds with -W -n",
    "test_summary_page": "a summary's page: MyST, docutils and the theme",
    "test_design": "sphinx-design's own grid, card and badge",
    "test_findings_tables": "the themes tables and their anchors",
    "test_views": "the cross-hub views, filled in late (Sphinx's events)",
    "test_warnings": "each author mistake a warning (Sphinx's logging)",
    "test_content_only": "summaries are content (MyST-Parser's renderer)",
    "test_audience": "an audience's build has no trace of what it may not see",
    "test_output": "a rebuild's output equals a fresh build's",
    "test_incremental": "an edit rebuilds what it must (Sphinx's environment)",
    "test_search_index": "the search index (Sphinx's and Pagefind's)",
    "test_search": "the one search: the theme's search field and Ctrl+K lead to it",
    "test_versions": "the versions claimed are the versions tested",
}
"""The test modules ``nox -s tests-oldest`` runs (marked ``oldest``), and why.

They test what depends on Sphinx, MyST-Parser, sphinx-design, the theme and
docutils: building, the pages' structure, rebuilds, audiences, the search
index. Left to the newest versions alone: publishing, nginx, the browser and
HTML validator tests, the ``evidence`` commands and the Word import, which
depend on those versions only through a built site (and take most of the
suite's time), so that the oldest versions take about five minutes on two
cores. The maintainer's guide (docs/deploying.md) names the same modules.
"""


NEEDS_SPHINX_9 = (
    "tests/test_views.py::test_a_text_build_has_no_browse_pages_and_no_broken_link",
    "tests/test_search_index.py::test_other_builders_leave_the_search_out",
)
"""Tests of those modules left out at the oldest versions: Sphinx 8's ``text``
builder never finishes a page with tables of different widths
(sphinx-doc/sphinx#13741, fixed in Sphinx 9); the site itself is HTML."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of :data:`OLDEST_VERSIONS` ``oldest`` (before ``-m``
    selects by mark)."""
    missing = [name for name in OLDEST_VERSIONS if not (TESTS / f"{name}.py").is_file()]
    if missing:
        raise pytest.UsageError(f"OLDEST_VERSIONS names no such module: {missing}")
    for item in items:
        if item.path.stem in OLDEST_VERSIONS and item.nodeid not in NEEDS_SPHINX_9:
            item.add_marker(pytest.mark.oldest)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the ``sphinx.testing`` test roots live (``tests/roots/test-*``)."""
    return TESTS / "roots"


NOT_SOURCE = shutil.ignore_patterns(
    "_build", ".nox", ".venv", "*_cache", ".hypothesis", "__pycache__"
)
"""What a copy of the repository leaves out: what builds and tools write."""


@pytest.fixture(scope="session")
def site_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose working tree, as it is now, is its commit.

    Builds of it may be published (publishing refuses a build of uncommitted
    sources), whatever is not yet committed in the repository the tests run in;
    and builds never write into the repository itself.
    """
    checkout = tmp_path_factory.mktemp("checkout") / "site"
    shutil.copytree(
        REPOSITORY,
        checkout,
        ignore=lambda folder, names: {*NOT_SOURCE(folder, names), ".git"},
        symlinks=True,
    )
    # A repository of its own with this one's history, so that its commits never
    # reach this repository (a git worktree's `.git` is only a pointer to it).
    git(checkout, "init", "--quiet")
    git(checkout, "fetch", "--quiet", str(REPOSITORY), "HEAD")
    git(checkout, "reset", "--quiet", "FETCH_HEAD")
    if git(checkout, "status", "--porcelain", "--untracked-files=all"):
        git(checkout, "add", "--all")
        git(checkout, "commit", "--quiet", "--message", "The working tree, as tested")
    return checkout


def build_repository(checkout: Path, out: Path, *options: str) -> Path:
    """Build the repository's site into ``out/html`` with -W -n, in parallel."""
    sphinx_build(
        checkout,
        out / "html",
        *("-W", "--keep-going", "-n", "-j", "2", "-d", str(out / "doctrees")),
        *options,
    )
    return out / "html"


@pytest.fixture(scope="session")
def built_site(site_checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built as the README says (the network audience)."""
    return build_repository(site_checkout, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def preview_site(site_checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site for reviewers: every summary, drafts included."""
    return build_repository(
        site_checkout,
        tmp_path_factory.mktemp("preview"),
        "-D",
        "evidence_audience=preview",
    )
