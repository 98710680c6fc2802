"""The ``evidence`` command: help, ``check`` and ``export``, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .helpers import GOOD_SUMMARY, summary_files, write_site

EVIDENCE = str(Path(sys.executable).parent / "evidence")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EVIDENCE, *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "check" in result.stdout


def test_check_passes_a_good_site(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", summary_files(GOOD_SUMMARY))
    result = run("check", cwd=site)
    assert (result.returncode, result.stdout) == (0, "")
    assert "No problems found." in result.stderr


def test_check_reports_every_problem_with_the_build_messages(tmp_path: Path) -> None:
    bad = (
        GOOD_SUMMARY.replace("region: North West", "region: North Wset")
        .replace(":kind: finding", ":kind: findng")
        .replace("Northshire", "Southshire")
    )
    files = summary_files(GOOD_SUMMARY) | summary_files(
        bad, folder="hubs/2023-24/other"
    )
    site = write_site(tmp_path / "site", files)
    result = run("check", cwd=site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "hubs/2023-24/other/index.md:4: WARNING: `North Wset` is not a region the site "
        "knows (in `region`). Did you mean `North West`? Use `North East`, `North West`, "
        "`Yorkshire and the Humber`, `East Midlands`, `West Midlands`, `East of England`, "
        "`London`, `South East` or `South West`. [evidence.vocabulary]",
        "hubs/2023-24/other/index.md:30: WARNING: `findng` is not a kind of theme the site "
        "knows (in `:kind:`). Did you mean `finding`? Use `finding` or `process`. "
        "[evidence.vocabulary]",
    ]
    assert "2 problems in 1 file(s)." in result.stderr


def test_check_reports_only_the_paths_asked_for(tmp_path: Path) -> None:
    bad = GOOD_SUMMARY.replace("status: published", "status: done")
    files = summary_files(bad, folder="hubs/2023-24/one") | summary_files(
        bad.replace("Northshire", "Other"), folder="hubs/2023-24/two"
    )
    site = write_site(tmp_path / "site", files)
    result = run("check", "hubs/2023-24/two", cwd=site)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "hubs/2023-24/two/index.md"
    ]
    result = run(
        "check",
        "--project",
        str(site),
        str(site / "hubs/2023-24/one/index.md"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "one/index.md:12: WARNING" in result.stdout


def test_check_needs_a_site(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "No conf.py found" in result.stderr


def test_check_refuses_a_missing_path(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", summary_files(GOOD_SUMMARY))
    result = run("check", "hubs/2023-24/nowhere", cwd=site)
    assert result.returncode == 2
    assert "No such file or folder: hubs/2023-24/nowhere" in result.stderr


def test_export_writes_the_exports_of_the_audience_asked_for(tmp_path: Path) -> None:
    draft = GOOD_SUMMARY.replace("status: published", "status: draft").replace(
        "Northshire", "Draftshire"
    )
    files = summary_files(GOOD_SUMMARY) | summary_files(
        draft, folder="hubs/2023-24/draftshire"
    )
    site = write_site(tmp_path / "site", files)
    for audience, hubs in (
        ("network", ["Northshire Maths Hub"]),
        ("preview", ["Draftshire Maths Hub", "Northshire Maths Hub"]),
    ):
        out = tmp_path / audience
        result = run("export", "--to", str(out), "--audience", audience, cwd=site)
        assert result.returncode == 0, result.stderr
        data = json.loads((out / "evidence.json").read_text())
        assert sorted(s["hub"] for s in data["summaries"]) == hubs
        assert data["summaries"][-1]["themes"][0]["url"].endswith(
            "index.html#confidence-with-early-number-grew"
        )
        assert (out / "themes.csv").is_file()
        assert (out / "anonymised/primary.json").is_file()


def test_export_says_when_the_site_has_problems(tmp_path: Path) -> None:
    bad = GOOD_SUMMARY.replace(":kind: finding", ":kind: findng")
    site = write_site(tmp_path / "site", summary_files(bad))
    result = run("export", "--to", str(tmp_path / "out"), cwd=site)
    assert result.returncode == 1
    assert "[evidence.vocabulary]" in result.stdout
    assert "may be incomplete" in result.stderr


# `evidence new` followed by an author's writing: tests/test_new_year.py.


def test_new_refuses_a_badly_written_year(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {})
    result = run("new", "--hub", "Westfold Maths Hub", "--year", "2024-2025", cwd=site)
    assert result.returncode == 2
    assert "like 2024/25" in result.stderr


COMMANDS_WITHOUT_SPHINX = """
import sys
from hub_evidence.tools.cli import main

status = main(["new", "--hub", "Westfold Maths Hub", "--year", "2025/26"])
status += main(["import-docx", sys.argv[1], "--year", "2023/24"])
loaded = [name for name in ("hub_evidence.extension", "sphinx.application")
          if name in sys.modules]
print(status, loaded)
"""


def test_new_and_import_docx_start_without_sphinx_s_extension(tmp_path: Path) -> None:
    """Tools for authors only write files: they need not load the build."""
    site = write_site(tmp_path / "site", {})
    document = Path(__file__).parent / "documents/northshire-2023-24.docx"
    result = subprocess.run(
        [sys.executable, "-c", COMMANDS_WITHOUT_SPHINX, str(document)],
        cwd=site, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        "hubs/2025-26/westfold/index.md",
        "hubs/2023-24/northshire/index.md",
        "0 []",
    ], result.stderr
    assert (site / "hubs/2025-26/westfold/index.md").is_file()
    assert (site / "hubs/2023-24/northshire/index.md").is_file()
