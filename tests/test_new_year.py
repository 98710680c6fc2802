"""A summary in a new year is listed on the site: the year page, and its warning.

The sites here are laid out as the repository's: the home page lists the
Summaries page (the repository's own ``hubs/index.md``), which lists each
year's page, which lists the year's summaries.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hub_evidence.source.model import FRONT_MATTER_FIELDS
from hub_evidence.source.placeholders import THEME_TITLE_PLACEHOLDER
from hub_evidence.tools.summary_file import STARTING_VALUES

from .helpers import GOOD_SUMMARY, SITE_CONF, build, summary_files, write_site
from .test_cli import run

REPOSITORY = Path(__file__).parents[1]
SUMMARIES_PAGE = (REPOSITORY / "hubs/index.md").read_text(encoding="utf-8")
LISTED_2023_24 = summary_files(GOOD_SUMMARY) | {
    "hubs/2023-24/index.md": (REPOSITORY / "hubs/2023-24/index.md").read_text()
}
"""A year with its year page and a summary, as in the repository."""
BROWSE_PAGES = {
    path.relative_to(REPOSITORY).as_posix(): path.read_text(encoding="utf-8")
    for path in sorted((REPOSITORY / "browse").rglob("*.md"))
}
"""The browse index pages, as in the repository (the summaries page links there)."""
LISTED_INDEX = "# Test site\n\n```{toctree}\n\nhubs/index\nbrowse/index\n```\n"
YEAR_PAGE = "hubs/2025-26/index.md"
SUMMARY = "hubs/2025-26/westfold/index.md"


def listed_site(
    path: Path, files: dict[str, str | bytes] | None = None, conf: str = SITE_CONF
) -> Path:
    """A site whose summaries are listed as the repository's are (by year pages)."""
    pages = {"hubs/index.md": SUMMARIES_PAGE} | BROWSE_PAGES
    return write_site(path, pages | (files or {}), conf, LISTED_INDEX)


def files_in(site: Path) -> dict[str, bytes]:
    """Every file of the site (below its folder), with its content."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def fill_like_an_author(text: str) -> str:
    """Fill a new summary as its author would: text for each prompt, the values."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.startswith("%"):
            lines.append(line)
        elif lines[-1] not in (":::::{themes}", "Written by the author."):
            lines.append("Written by the author.")  # (the themes' own guidance goes)
    filled = (
        "\n".join(lines)
        .replace("strategic_goal:\n", "strategic_goal: secondary\n")
        .replace("research_questions:\n", "research_questions:\n  - What changed?\n")
        .replace("case:\n", "case: Four schools\n")
        .replace(":methods:\n", ":methods: interviews\n")
        .replace(":tags:\n", ":tags: confidence\n")
        .replace(THEME_TITLE_PLACEHOLDER, "Confidence grew")
    )
    assert "%" not in filled and THEME_TITLE_PLACEHOLDER not in filled
    return filled + "\n"


def links(page: Path) -> set[str]:
    """The addresses the page's text links to (not its navigation)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("[role=main]") or soup.body
    assert body is not None
    return {str(a["href"]) for a in body.select("a[href]")}


def test_new_in_a_new_year_makes_its_year_page_and_a_summary_that_is_listed(
    tmp_path: Path,
) -> None:
    site = listed_site(tmp_path / "site", LISTED_2023_24)
    before = files_in(site)
    result = run(
        "new", "--hub", "Westfold Maths Hub", "--year", "2025/26",
        "--region", "South East", "--evaluator", "B. Writer",
        cwd=site,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, f"{SUMMARY}\n"), result.stderr
    assert f"Created the year page {YEAR_PAGE}" in result.stderr
    text = (site / SUMMARY).read_text()
    assert "hub: Westfold Maths Hub\n" in text and "\nregion: South East\n" in text
    assert "\nevaluators: [B. Writer]\n" in text
    assert "% - The teacher/school profile" in text
    year_page = (site / YEAR_PAGE).read_text()
    assert year_page.startswith("# Summaries 2025/26\n")
    assert "```{hub-catalogue}\n:year: 2025/26\n```" in year_page
    assert "```{toctree}\n:glob:\n:hidden:\n\n*/index\n```" in year_page
    assert sorted(set(files_in(site)) - set(before)) == [YEAR_PAGE, SUMMARY]
    unfinished = run("check", cwd=site)
    assert unfinished.returncode == 1
    assert "The `context` section is empty" in unfinished.stdout
    summary = site / SUMMARY
    summary.write_text(fill_like_an_author(summary.read_text()))
    finished = run("check", cwd=site)
    assert (finished.returncode, finished.stdout) == (0, ""), finished.stdout
    built = build(site)
    assert built.warnings == []
    assert "2025-26/index.html" in links(built.outdir / "hubs/index.html")
    assert "westfold/index.html" in links(built.outdir / "hubs/2025-26/index.html")


def test_new_summary_has_every_front_matter_key_with_what_to_write(
    tmp_path: Path,
) -> None:
    site = listed_site(tmp_path / "site")
    result = run("new", "--hub", "Westfold Maths Hub", "--year", "2025/26", cwd=site)
    assert result.returncode == 0, result.stderr
    text = (site / SUMMARY).read_text()
    front = text.split("---\n")[1].splitlines()
    keys = [line.partition(":")[0] for line in front if not line.startswith("#")]
    assert keys == list(FRONT_MATTER_FIELDS)
    for index, line in enumerate(front):
        if not line.startswith("#"):
            assert front[index - 1].startswith("# "), line
    assert front[front.index("illustrative: false") - 1].endswith(
        "Write false for a real summary (true only for an invented example)."
    )
    assert "# Who may see the summary and its findings. Write one of: hub, " in text
    assert set(STARTING_VALUES) <= set(FRONT_MATTER_FIELDS)
    for name, (value, _) in STARTING_VALUES.items():
        assert f"\n{name}: {value}\n" in text
    assert "\ncontact:\n" in text


def test_new_never_writes_over_a_file(tmp_path: Path) -> None:
    year_page = "# Our own 2025/26 page\n\n```{toctree}\n:glob:\n\n*/index\n```\n"
    site = listed_site(tmp_path / "site", {YEAR_PAGE: year_page})
    assert (
        run("new", "--hub", "Westfold", "--year", "2025/26", cwd=site).returncode == 0
    )
    assert (site / YEAR_PAGE).read_text() == year_page
    (site / SUMMARY).write_text("The author's work.")
    before = files_in(site)
    again = run("new", "--hub", "Westfold Maths Hub", "--year", "2025/26", cwd=site)
    assert again.returncode == 2
    assert f"{site / SUMMARY} already exists" in again.stderr
    year_only = run("new", "--year", "2025/26", cwd=site)
    assert year_only.returncode == 2
    assert f"{YEAR_PAGE} already exists" in year_only.stderr
    assert files_in(site) == before


def test_new_with_only_a_year_lists_the_summaries_the_year_already_has(
    tmp_path: Path,
) -> None:
    files = summary_files(
        GOOD_SUMMARY.replace("2023/24", "2025/26"), folder="hubs/2025-26/westfold"
    )
    site = listed_site(tmp_path / "site", files)
    unlisted = run("check", cwd=site)
    assert "[evidence.not_listed]" in unlisted.stdout
    before = files_in(site)
    result = run("new", "--year", "2025/26", cwd=site)
    assert (result.returncode, result.stdout) == (0, f"{YEAR_PAGE}\n"), result.stderr
    assert (site / YEAR_PAGE).read_text().startswith("# Summaries 2025/26\n")
    assert sorted(set(files_in(site)) - set(before)) == [YEAR_PAGE]
    checked = run("check", cwd=site)
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout


def test_new_with_only_a_year_that_has_no_summaries_leaves_the_site_passing(
    tmp_path: Path,
) -> None:
    """A year page with nothing to list would fail the build (its ``*/index``
    matches no page): it is made with the year's first summary instead."""
    site = listed_site(tmp_path / "site", LISTED_2023_24)
    before = files_in(site)
    result = run("new", "--year", "2025/26", cwd=site)
    assert (result.returncode, result.stdout) == (2, "")
    assert "2025/26 has no summaries yet" in result.stderr
    assert "--hub 'Northshire Maths Hub' --year 2025/26" in result.stderr
    assert files_in(site) == before
    checked = run("check", cwd=site)
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout


def test_new_writes_into_the_site_s_folder_of_summaries(tmp_path: Path) -> None:
    conf = SITE_CONF + 'evidence_hubs_dir = "summaries"\n'
    index = LISTED_INDEX.replace("hubs/index", "summaries/index")
    site = write_site(
        tmp_path / "site", {"summaries/index.md": SUMMARIES_PAGE}, conf, index
    )
    result = run("new", "--hub", "Westfold Maths Hub", "--year", "2025/26", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "summaries/2025-26/westfold/index.md\n"
    assert (site / "summaries/2025-26/index.md").is_file()
    assert not (site / "hubs").exists()
    elsewhere = run(
        "new", "--hub", "Other", "--year", "2025/26", "--hubs-dir", "../out", cwd=site
    )
    assert elsewhere.returncode == 2
    assert "not a folder inside the site" in elsewhere.stderr
    assert not (tmp_path / "out").exists()


def sphinx_build_w(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
         "-q", str(site), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_summary_without_a_year_page_gets_a_located_warning(
    tmp_path: Path, parallel: int
) -> None:
    files = summary_files(
        GOOD_SUMMARY.replace("2023/24", "2025/26"), folder="hubs/2025-26/westfold"
    )
    # A page that is not a summary keeps Sphinx's own warning.
    site = listed_site(
        tmp_path / "site", LISTED_2023_24 | files | {"notes.md": "# Notes\n"}
    )
    built = build(site, parallel=parallel)
    assert [(w.file, w.line, w.type) for w in built.warnings] == [
        (str(site / "notes.md"), None, "toc.not_included"),
        (SUMMARY, 1, "evidence.not_listed"),
    ]
    message = built.warnings[-1].message
    assert f"Add `{YEAR_PAGE}` (a year page)" in message
    assert "`evidence new --year 2025/26` makes one" in message
    assert not any(
        "isn't included in any toctree" in w.message and "westfold" in w.path
        for w in built.warnings
    )
    quiet = build(site, suppress_warnings=["evidence.not_listed"])
    assert [w.type for w in quiet.warnings] == ["toc.not_included"]
    result = sphinx_build_w(site, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(
        r"westfold/index\.md:1: WARNING: .*\[evidence\.not_listed\]", result.stderr
    )


def test_a_year_page_without_its_list_gets_the_warning_too(tmp_path: Path) -> None:
    files = summary_files(
        GOOD_SUMMARY.replace("2023/24", "2025/26"), folder="hubs/2025-26/westfold"
    )
    site = listed_site(
        tmp_path / "site", LISTED_2023_24 | files | {YEAR_PAGE: "# Summaries 2025/26\n"}
    )
    built = build(site)
    assert [(w.file, w.line, w.type) for w in built.warnings] == [
        (SUMMARY, 1, "evidence.not_listed")
    ]
    assert f"its year page `{YEAR_PAGE}` does not list" in built.warnings[0].message
    assert "`:glob:` and `:hidden:`" in built.warnings[0].message
