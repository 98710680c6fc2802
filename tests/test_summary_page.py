"""A summary written to the DESIGN.md contract renders every template part."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from hub_evidence.domain.store import get_domain
from hub_evidence.source.model import SECTION_TITLES

from .helpers import parse_warnings

DOCNAME = "hubs/2023-24/northshire/index"


@pytest.fixture
def soup(app: SphinxTestApp) -> BeautifulSoup:
    app.build()
    return BeautifulSoup((app.outdir / f"{DOCNAME}.html").read_text(), "html.parser")


@pytest.mark.sphinx("html", testroot="summary")
def test_builds_without_warnings(app: SphinxTestApp) -> None:
    app.build()
    assert parse_warnings(app.warning.getvalue()) == []


@pytest.mark.sphinx("html", testroot="summary")
def test_sections_are_headings_with_stable_anchors(soup: BeautifulSoup) -> None:
    headings = {
        section["id"]: section.find(["h2"]).get_text(strip=True).rstrip("¶#")
        for section in soup.select("section.evidence-section")
    }
    assert headings == {
        "context": "Context",
        "activity": "Activity and data collection",
        "themes": "Themes and possible implications",
        "conclusion": "Conclusion",
        "appendices": "Appendices",
    }


@pytest.mark.sphinx("html", testroot="summary")
def test_sections_are_in_the_page_toc(app: SphinxTestApp) -> None:
    app.build()
    toc = app.env.tocs[DOCNAME]
    anchors = [ref["anchorname"] for ref in toc.findall(lambda n: "anchorname" in n)]
    assert anchors[1:] == [
        "#context",
        "#activity",
        "#themes",
        "#conclusion",
        "#appendices",
    ]


@pytest.mark.sphinx("html", testroot="summary")
def test_themes_table_has_two_headed_columns_and_anchored_rows(
    soup: BeautifulSoup,
) -> None:
    table = soup.select_one("#themes table.evidence-themes")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Themes (findings and process)",
        "Possible implications",
    ]
    rows = table.select("tbody tr")
    assert len(rows) == 1
    finding, implication = rows[0].find_all("td")
    title = finding.select_one("h3.evidence-theme-title")
    assert title["id"] == "confidence-with-early-number-grew"
    permalink = title.select_one("a.evidence-permalink")
    assert permalink["href"] == "#confidence-with-early-number-grew"
    assert "Link to the theme" in permalink.get_text()
    assert "Finding text." in finding.get_text()
    assert "finding" in rows[0]["class"][1]
    assert implication.get_text(strip=True) == "What the hub might do about it."


@pytest.mark.sphinx("html", testroot="summary")
def test_header_panel_shows_the_front_matter(soup: BeautifulSoup) -> None:
    header = soup.select_one(".evidence-summary-header")
    facts = {
        dt.get_text(strip=True).rstrip(":"): " ".join(
            dt.find_next_sibling("dd").get_text().split()
        )
        for dt in header.select("dl.evidence-facts dt")
    }
    assert facts["Maths Hub"] == "Northshire Maths Hub (all years)"
    timeline = header.select_one("dd.evidence-fact-maths-hub a")
    assert timeline["href"] == "../../../browse/hub/northshire.html"
    assert facts["Year"] == "2023/24"
    assert facts["Region"] == "North West"
    assert facts["Strategic goal"] == "Primary"
    assert facts["Research questions"] == "How has ... ?"  # exactly as written
    assert facts["The case"] == "Six primary schools in two coastal towns ..."
    assert facts["Evaluators"] == "A. Evaluator"
    assert facts["Data collection"] == "Interviews, Survey, Lesson observation"
    assert facts["Status"] == "Published"
    ownership = header.select_one(".evidence-ownership").get_text(" ", strip=True)
    assert "Owned by Northshire Maths Hub" in ownership
    assert "Maths Hubs network" in ownership
    assert "permitted" in ownership


@pytest.mark.sphinx("html", testroot="summary")
def test_header_comes_right_after_the_title(soup: BeautifulSoup) -> None:
    title = soup.find("h1")
    assert "evidence-summary-header" in title.find_next_sibling()["class"]


@pytest.mark.sphinx("html", testroot="summary")
def test_record_is_stored_for_cross_hub_views(app: SphinxTestApp) -> None:
    app.build()
    record = get_domain(app.env).summaries[DOCNAME]
    assert record.slug == "northshire"
    assert record.front_matter.region == ("North West",)
    assert record.front_matter.strategic_goal == ("primary",)
    assert record.methods == ("interviews", "survey", "lesson-observation")
    assert record.sections == tuple(SECTION_TITLES)
    [theme] = record.themes
    assert (theme.anchor, theme.kind, theme.tags) == (
        "confidence-with-early-number-grew",
        "finding",
        ("confidence",),
    )
    assert theme.implication == "What the hub might do about it."


@pytest.mark.sphinx("html", testroot="summary")
def test_appendix_pages_join_the_navigation(app: SphinxTestApp) -> None:
    app.build()
    assert "hubs/2023-24/northshire/survey" in app.env.toctree_includes[DOCNAME]
    assert (app.outdir / "hubs/2023-24/northshire/survey.html").is_file()
