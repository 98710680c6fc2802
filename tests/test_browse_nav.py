"""The navigation of browse pages, which have no place in any toctree.

Each has its facet's index as its place: breadcrumbs Home > Browse > index >
page, "Browse" active in the navigation bar, the index's sidebar (the index not
marked as the page being read), and previous/next among the facet's values; a
hub's timeline keeps the hub's own sidebar.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hub_evidence.output.browse.navigation import rebase


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(), "html.parser")


def crumbs(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [
        (a.get_text(strip=True), a["href"])
        for a in soup.select("nav[aria-label=Breadcrumb] a")
    ]


def test_a_value_page_sits_under_its_facets_index(built_site: Path) -> None:
    soup = page(built_site, "browse/region/north-west.html")
    assert crumbs(soup) == [
        ("", "../../index.html"),
        ("Browse the evidence", "../index.html"),
        ("Regions", "index.html"),
    ]
    active = soup.select(".bd-header li.nav-item.active a")
    assert [a.get_text(strip=True) for a in active] == ["Browse"]
    sidebar = soup.select(".bd-sidebar-primary .bd-sidenav a")
    assert ("Regions", "index.html") in [
        (a.get_text(strip=True), a["href"]) for a in sidebar
    ]
    assert not soup.select(".bd-sidenav a[aria-current]"), "the index is not this page"
    assert [a["href"] for a in soup.select(".prev-next-area a")] == [
        "north-east.html",
        "yorkshire-and-the-humber.html",
    ]


def test_a_hub_timeline_keeps_the_hubs_sidebar(built_site: Path) -> None:
    soup = page(built_site, "browse/hub/northshire.html")
    assert [t for t, _ in crumbs(soup)][1:] == [
        "Browse the evidence",
        "Hubs across the years",
    ]
    links = [a.get_text(strip=True) for a in soup.select(".evidence-hub-nav a")]
    assert "Summary 2024/25" in links
    assert "All years side by side" in links


def test_the_hubs_index_lists_every_timeline(built_site: Path) -> None:
    soup = page(built_site, "browse/hub/index.html")
    hrefs = [a["href"] for a in soup.select("article table a")]
    assert "northshire.html" in hrefs
    assert all((built_site / "browse/hub" / href).is_file() for href in hrefs)


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("#", "../"),  # the index's own entry
        ("../year/", "../../year/"),
        ("../../docs/", "../../../docs/"),
        ("../#themes", "../../#themes"),
        ("#local", "#local"),
        ("https://example.org/", "https://example.org/"),
    ],
)
def test_dirhtml_links_are_written_from_the_page_not_its_index(
    href: str, expected: str
) -> None:
    assert rebase(href, "browse/region/", "browse/region/north-west/") == expected
