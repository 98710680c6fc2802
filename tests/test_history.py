"""Each page's "Last updated" date (from git) and its edit and suggestion links."""

from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup

from .helpers import GOOD_SUMMARY, SITE_CONF, build, git, summary_files, write_site

CONF = (
    SITE_CONF
    + 'html_theme = "pydata_sphinx_theme"\n'
    + 'html_baseurl = "https://intranet.example.org/evidence/"\n'
    + 'project = "Maths Hubs evidence base"\n'
    + 'html_theme_options = {"article_footer_items": ["evidence-page-source.html"]}\n'
    + 'evidence_edit_url = "https://git.example.org/hubs/site/edit/main/{path}"\n'
    + 'evidence_suggest_url = "https://git.example.org/hubs/site/issues/new?t={path}"\n'
)


def page_source(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").select_one(".evidence-page-source")


def test_pages_show_their_last_commit_and_edit_links(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=CONF)
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "first", date="2025-03-04T10:00:00+00:00")
    summary = srcdir / "hubs/2023-24/northshire/index.md"
    summary.write_text(summary.read_text().replace("Prose.", "More prose."))
    git(srcdir, "commit", "-qam", "second", date="2026-01-15T09:00:00+00:00")
    result = build(srcdir)
    block = page_source(result.html("hubs/2023-24/northshire/index"))
    assert block.select_one(".evidence-last-updated").get_text() == (
        "Last updated 15 January 2026."
    )
    links = {a.get_text(): a["href"] for a in block.select("a")}
    assert links == {
        "Follow updates (Atom feed)": "../../../feeds/hub/northshire.atom",
        "Edit this page": "https://git.example.org/hubs/site/edit/main/"
        "hubs/2023-24/northshire/index.md",
        "Suggest a change": "https://git.example.org/hubs/site/issues/new?t="
        "hubs/2023-24/northshire/index.md",
    }
    survey = page_source(result.html("hubs/2023-24/northshire/survey"))
    assert "4 March 2025" in survey.get_text()
    cite = BeautifulSoup(result.html("hubs/2023-24/northshire/index"), "html.parser")
    assert cite.select_one(".evidence-citation p").get_text() == (
        "Northshire Maths Hub (2023/24). Northshire Maths Hub: Evaluator in Residence "
        "evaluation summary 2023/24. Maths Hubs evidence base. "
        "https://intranet.example.org/evidence/hubs/2023-24/northshire/index.html. "
        "Last updated 15 January 2026."
    )
    # Only summaries are cited.
    assert not BeautifulSoup(
        result.html("hubs/2023-24/northshire/survey"), "html.parser"
    ).select(".evidence-citation")


def test_outside_git_there_is_no_date_and_generated_pages_have_no_links(
    tmp_path: Path,
) -> None:
    srcdir = write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=CONF)
    result = build(srcdir)
    block = page_source(result.html("hubs/2023-24/northshire/index"))
    assert block.select_one(".evidence-last-updated") is None
    assert block.select("a")
    assert page_source(result.html("browse/region/north-west")) is None


def test_an_edit_address_without_path_is_refused(tmp_path: Path) -> None:
    conf = SITE_CONF + 'evidence_edit_url = "https://git.example.org/edit"\n'
    srcdir = write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=conf)
    result = build(srcdir)
    assert [(w.type, w.line) for w in result.warnings] == [("evidence.config", 4)]
    assert "must contain `{path}`" in result.warnings[0].message


def test_a_new_commit_updates_the_date_on_an_incremental_build(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=CONF)
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "first", date="2025-03-04T10:00:00+00:00")
    build(srcdir)
    # The file's text stays the same (so Sphinx would not read it again), but
    # its last commit is a new one: the page's date must follow.
    survey = srcdir / "hubs/2023-24/northshire/survey.md"
    git(srcdir, "mv", "hubs/2023-24/northshire/survey.md", "survey-moved.md")
    git(srcdir, "commit", "-qm", "away", date="2026-01-15T09:00:00+00:00")
    git(srcdir, "mv", "survey-moved.md", str(survey.relative_to(srcdir)))
    os.utime(survey, ns=(1, 1))  # older than the last build's reading
    git(srcdir, "commit", "-qm", "back", date="2026-02-20T09:00:00+00:00")
    again = build(srcdir, fresh=False)
    page = page_source(again.html("hubs/2023-24/northshire/survey"))
    assert "20 February 2026" in page.get_text()
