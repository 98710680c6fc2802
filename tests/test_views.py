"""Cross-hub views: findings, catalogue, timeline, charts and browse pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hub_evidence.output.search.records import search_records
from hub_evidence.output.search.site_pages import site_page_records

from .helpers import GOOD_SUMMARY, SITE_CONF, Build, build, summary_files, write_site
from .views_site import SITE_INDEX, site_files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = tmp_path_factory.mktemp("views") / "src"
    return build(write_site(srcdir, site_files(), index=SITE_INDEX))


def soup(site: Build, docname: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(docname), "html.parser")


def section(page: BeautifulSoup, anchor: str) -> BeautifulSoup:
    found = page.find("section", id=anchor)
    assert found is not None, anchor
    return found


def theme_titles(element: BeautifulSoup) -> list[str]:
    return [p.get_text(strip=True) for p in element.select(".evidence-finding-title")]


def test_builds_cleanly(site: Build) -> None:
    assert site.warnings == []


def test_findings_lists_every_theme_grouped(site: Build) -> None:
    everything = section(soup(site, "findings"), "all")
    captions = [c.get_text(" ", strip=True) for c in everything.select("table caption")]
    assert [c.split("(")[0].strip() for c in captions] == [
        "Primary",
        "Secondary",
        "Post-16",
    ]
    assert theme_titles(everything) == [
        "Confidence lasted",
        "Confidence with early number grew",
        "Non-specialists gained subject knowledge",
        "Core Maths grew",
    ]


def test_findings_filters_or_within_and_across_options(site: Build) -> None:
    filtered = section(soup(site, "findings"), "north-west-or-london-secondary-only")
    assert theme_titles(filtered) == ["Non-specialists gained subject knowledge"]


def test_findings_rows_link_to_the_theme_and_the_hub(site: Build) -> None:
    table = section(soup(site, "findings"), "all").select_one("table")
    row = table.select_one("tbody tr")
    theme_link = row.select_one(".evidence-finding-title a")
    assert theme_link["href"] == "hubs/2024-25/northshire/index.html#confidence-lasted"
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[1:] == [
        "What the hub might do about it.",
        "Northshire Maths Hub",
        "2024/25",
        "Finding",
    ]
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Theme",
        "Possible implication",
        "Hub",
        "Year",
        "Kind",
    ]


def test_anonymised_findings_carry_no_hub_identity(site: Build) -> None:
    anonymised = section(soup(site, "findings"), "anonymised")
    text = anonymised.get_text()
    for hub in ("Northshire", "Fenmarsh", "Calderbrook"):
        assert hub not in text
    assert anonymised.select("a[href*='hubs/']") == []
    assert len(anonymised.select("tbody tr")) == 4
    assert "Hub" not in [
        th.get_text(strip=True) for th in anonymised.select("thead th")
    ]


def test_catalogue_has_a_card_per_summary(site: Build) -> None:
    cards = section(soup(site, "findings"), "catalogue-of-2024-25").select(
        ".evidence-card"
    )
    assert [
        card.select_one(".sd-card-title").get_text(strip=True) for card in cards
    ] == [
        "Fenmarsh Maths Hub, 2024/25",
        "Northshire Maths Hub, 2024/25",
    ]
    first = cards[0]
    assert first.select_one(".evidence-card-facets").get_text() == "London · Secondary"
    assert first.select_one(".evidence-card-question").get_text() == "How has ... ?"
    assert first.select_one(".evidence-card-count").get_text() == "1 theme"


def test_chart_is_accessible_svg_followed_by_its_table(site: Build) -> None:
    counts = section(soup(site, "findings"), "counts")
    svg = counts.select_one("svg.evidence-chart")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text() == "Summaries and themes by region"
    assert "table below" in svg.find("desc", id=desc_id).get_text()
    rows = {
        tr.find("th").get_text(strip=True): [td.get_text() for td in tr.find_all("td")]
        for tr in counts.select("table tbody tr")
    }
    assert rows["North West"] == ["2", "2"]
    assert rows["London"] == ["1", "1"]
    assert rows["South East"] == ["0", "0"]
    assert len(rows) == 9


def test_browse_pages_for_every_facet_value(site: Build) -> None:
    expected = {
        "browse/strategic-goal/primary",
        "browse/strategic-goal/llme",
        "browse/region/north-west",
        "browse/region/south-east",
        "browse/year/2023-24",
        "browse/year/2024-25",
        "browse/method/focus-group",
        "browse/tags/confidence",
        "browse/tags/early-years",
        "browse/tags/non-specialists",
        "browse/hub/northshire",
        "browse/hub/fenmarsh",
    }
    # Made from the records when the site is written, not read as documents.
    assert not expected & site.app.env.all_docs.keys()
    assert all((site.outdir / f"{page}.html").is_file() for page in expected)
    region = soup(site, "browse/region/north-west")
    # Not in any toctree: previous and next are the facet's neighbouring values.
    assert [a["href"] for a in region.select("p.topless a")] == [
        "north-east.html",
        "yorkshire-and-the-humber.html",
    ]
    assert region.find("h1").get_text(strip=True).rstrip("#¶") == "North West"
    assert theme_titles(region) == [
        "Confidence lasted",
        "Confidence with early number grew",
    ]
    tag = soup(site, "browse/tags/non-specialists")
    assert theme_titles(tag) == ["Non-specialists gained subject knowledge"]


def test_the_search_indexes_hold_the_pages_not_the_browse_pages(site: Build) -> None:
    # Browse pages are lists made at write time, like the general index: the
    # search finds what they list, so a full and an incremental build agree.
    builder = site.app.builder
    evidence = {r.url.split("#")[0] for r in search_records(builder)}
    pages = {r.url.split("#")[0] for r in site_page_records(builder)}
    assert "hubs/2023-24/northshire/index.html" in evidence
    assert "hubs/2023-24/northshire/index.html" not in pages  # the evidence's
    assert "browse/tags/index.html" in pages  # a source page
    made = {"browse/tags/non-specialists.html", "browse/hub/northshire.html"}
    assert (site.outdir / "browse/hub/northshire.html").is_file()
    assert not made & (evidence | pages)


def test_timeline_shows_a_hubs_years_in_order_with_their_themes(site: Build) -> None:
    timeline = soup(site, "browse/hub/northshire").select_one("ol.evidence-timeline")
    years = timeline.find_all("li", class_="evidence-timeline-year", recursive=False)
    assert [y.select_one(".evidence-timeline-when").get_text() for y in years] == [
        "2023/24",
        "2024/25",
    ]
    assert [y.select_one("a")["href"] for y in years] == [
        "../../hubs/2023-24/northshire/index.html",
        "../../hubs/2024-25/northshire/index.html",
    ]
    themes = [
        [
            li.get_text(" ", strip=True)
            for li in y.select(".evidence-timeline-themes li")
        ]
        for y in years
    ]
    assert themes == [
        ["Confidence with early number grew (finding)"],
        ["Confidence lasted (finding)"],
    ]
    labels = [p.get_text() for p in years[0].select(".evidence-timeline-label")]
    assert labels == ["Research questions", "The case", "Themes"]


def test_summary_header_links_to_browse_pages(site: Build) -> None:
    header = soup(site, "hubs/2024-25/fenmarsh/index").select_one(
        ".evidence-summary-header"
    )
    hrefs = {a.get_text(strip=True): a["href"] for a in header.select("a")}
    assert hrefs["London"] == "../../../browse/region/london.html"
    assert hrefs["Secondary"] == "../../../browse/strategic-goal/secondary.html"
    assert hrefs["2024/25"] == "../../../browse/year/2024-25.html"
    assert hrefs["all years"] == "../../../browse/hub/fenmarsh.html"


def test_browse_pages_are_in_every_html_output(tmp_path: Path) -> None:
    dirhtml = build(
        write_site(tmp_path / "src", site_files(), index=SITE_INDEX),
        buildername="dirhtml",
    )
    assert dirhtml.warnings == []
    page = BeautifulSoup(
        (dirhtml.outdir / "browse/tags/non-specialists/index.html").read_text(),
        "html.parser",
    )
    assert "Fenmarsh Maths Hub, 2024/25" in page.get_text()  # the catalogue card
    assert page.select("table.evidence-findings, table")  # the findings table
    # The last tag: a previous page, no next.
    assert [a["href"] for a in page.select("p.topless a")] == ["../mastering-number/"]
    header = BeautifulSoup(
        (dirhtml.outdir / "hubs/2024-25/fenmarsh/index.html").read_text(),
        "html.parser",
    ).select_one(".evidence-summary-header")
    hrefs = {a.get_text(strip=True): a["href"] for a in header.select("a")}
    assert hrefs["London"] == "../../../browse/region/london/"
    assert hrefs["all years"] == "../../../browse/hub/fenmarsh/"


def test_a_text_build_has_no_browse_pages_and_no_broken_link(tmp_path: Path) -> None:
    text = build(
        write_site(tmp_path / "src", site_files(), index=SITE_INDEX), buildername="text"
    )
    assert text.warnings == []
    # Only the index pages, which are documents.
    assert [p.name for p in (text.outdir / "browse/tags").iterdir()] == ["index.txt"]
    assert "London" in (text.outdir / "hubs/2024-25/fenmarsh/index.txt").read_text()


def test_bad_view_options_are_warned_about(tmp_path: Path) -> None:
    files = site_files()
    files["findings.md"] = (
        "# Findings\n\n```{findings}\n:region: North Wset\n:group-by: hubs\n:year: last\n"
        ":regoin: London\n```\n\n```{hub-timeline}\n```\n"
    )
    result = build(write_site(tmp_path / "src", files, index=SITE_INDEX))
    assert [(w.line, w.type) for w in result.warnings] == [
        (7, "evidence.unknown_option"),
        (4, "evidence.vocabulary"),
        (6, "evidence.option_value"),
        (5, "evidence.option_value"),
        (10, "evidence.option_value"),
    ]
    assert "Did you mean `North West`?" in result.warnings[1].message
    assert "Did you mean `hub`?" in result.warnings[3].message


def test_browse_folder_files_of_others_are_never_replaced(tmp_path: Path) -> None:
    files = site_files()
    files["browse/region/london.md"] = "# Somebody's own page\n"
    srcdir = write_site(tmp_path / "src", files, index=SITE_INDEX)
    result = build(srcdir)
    assert (srcdir / "browse/region/london.md").read_text() == "# Somebody's own page\n"
    assert "own page" in result.html("browse/region/london")
    ours = [w for w in result.warnings if w.type == "evidence.config"]
    assert len(ours) == 1
    assert "evidence_browse_dir" in ours[0].message
    assert ours[0].file.endswith("/browse/region/london.md")


LINKING_CONF = '''
def setup(app):
    """Links to two browse pages, as the site's own code makes them."""
    from docutils import nodes
    from sphinx.addnodes import pending_xref

    def add_links(app, doctree):
        if app.env.docname != "findings":
            return
        for target in ("browse/tags/confidence", "browse/tags/no-such-tag"):
            ref = pending_xref(
                "", nodes.inline("", target), refdomain="evidence",
                reftype="browse", reftarget=target, refexplicit=True, refwarn=True,
            )
            doctree += nodes.paragraph("", "", ref)

    app.connect("doctree-read", add_links)
'''


def test_a_link_to_a_browse_page_resolves_or_is_warned_about(tmp_path: Path) -> None:
    files = site_files() | summary_files(
        GOOD_SUMMARY.replace("Northshire", "Bad Folder"),
        folder="hubs/2023-24/Bad_Folder",
    )
    srcdir = write_site(tmp_path / "src", files, SITE_CONF + LINKING_CONF, SITE_INDEX)
    result = build(srcdir)
    assert [w.type for w in result.warnings] == [
        "evidence.location",  # the folder's name (and no link to a timeline)
        "ref.browse",
    ]
    assert "browse/tags/no-such-tag" in result.warnings[1].message
    links = BeautifulSoup(result.html("findings"), "html.parser").select("a")
    assert "browse/tags/confidence.html" in [a["href"] for a in links]
