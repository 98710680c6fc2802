"""The preview (``nox -s serve``) talks to authors: after each build, the problems
and one line in their words, not Sphinx's progress and configuration.

``nox -s serve`` runs ``sphinx-build -q`` (through sphinx-autobuild) on the
preview; these tests run the same builds directly. Starting and stopping the
session itself is tested with the author guide's recipe (test_first_hour.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hub_evidence.output.preview_report import outcome
from hub_evidence.tools.check import run_checks

from .helpers import GOOD_SUMMARY, SITE_CONF, summary_files, write_site

DOCS = Path(__file__).parent.parent / "docs"
SUMMARY = "hubs/2023-24/northshire/index.md"
MISTAKE = GOOD_SUMMARY.replace("region: North West", "region: North Wset")


def preview_build(srcdir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Build as the preview does (quietly, the preview audience); must not fail."""
    build = [sys.executable, "-m", "sphinx", "build", "-b", "html", *options]
    folders = [
        str(srcdir / "_build/doctrees"),
        str(srcdir),
        str(srcdir / "_build/html"),
    ]
    result = subprocess.run(
        [*build, "-d", *folders], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def test_a_quiet_preview_build_ends_with_its_outcome_in_the_authors_words(
    tmp_path: Path,
) -> None:
    assert "North Wset" in MISTAKE
    srcdir = write_site(tmp_path / "src", summary_files(MISTAKE))
    first = preview_build(srcdir, "-q")
    lines = first.stderr.strip().splitlines()
    assert "North Wset" in lines[0] and SUMMARY in lines[0]
    assert (
        lines[-1] == "1 problem in your summaries, listed above with its file and line."
    )
    # Nothing of Sphinx's progress, MyST's configuration or Sphinx's summary.
    everything = first.stdout + first.stderr
    for noise in ("myst v", "MdParserConfig", "build succeeded", "reading sources"):
        assert noise not in everything

    # After a save, only the changed pages are read again: the line says so.
    (srcdir / SUMMARY).write_text(GOOD_SUMMARY)
    second = preview_build(srcdir, "-q")
    assert second.stderr.strip() == "No problems in the pages just updated."

    # A fresh build reads every page.
    third = preview_build(srcdir, "-q", "-E")
    assert third.stderr.strip() == "No problems found."


def test_other_builds_keep_their_own_summary(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path / "src", summary_files(MISTAKE))
    loud = preview_build(srcdir)
    assert "build succeeded, 1 warning." in loud.stdout
    assert "problem" not in loud.stdout + loud.stderr.split("[evidence.vocabulary]")[1]
    network = write_site(
        tmp_path / "network",
        summary_files(MISTAKE),
        conf=SITE_CONF.replace('"preview"', '"network"'),
    )
    quiet = preview_build(network, "-q")
    assert "North Wset" in quiet.stderr
    assert "problem" not in quiet.stderr.split("[evidence.vocabulary]")[1]


def test_the_outcome_counts_in_words() -> None:
    assert outcome(0, every_page=True) == "No problems found."
    assert outcome(2, every_page=True) == (
        "2 problems in your summaries, each listed above with its file and line."
    )
    assert outcome(1, every_page=False) == (
        "1 problem in the pages just updated, listed above with its file and line."
    )


def test_the_network_build_does_not_read_drafts_so_the_guide_points_to_the_preview(
    tmp_path: Path,
) -> None:
    draft = MISTAKE.replace("status: published", "status: draft")
    assert "status: draft" in draft
    published = GOOD_SUMMARY.replace("Northshire", "Westfold")
    srcdir = write_site(
        tmp_path / "src",
        summary_files(draft) | summary_files(published, "hubs/2023-24/westfold"),
        conf=SITE_CONF.replace('"preview"', '"network"'),
    )
    network = preview_build(srcdir, "-W", "-q")
    assert network.stderr == ""
    preview = preview_build(srcdir, "-q", "-E", "-D", "evidence_audience=preview")
    assert "North Wset" in preview.stderr
    assert any("North Wset" in report.text for report in run_checks(srcdir))
    # ... which is what the guide says.
    guide = " ".join((DOCS / "previewing.md").read_text().split())
    assert "a mistake in a draft does not stop it" in guide
    assert "Use the preview or `evidence check` to check a draft." in guide
