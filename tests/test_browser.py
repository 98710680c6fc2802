"""The built site in a real headless Chromium: navigation, anchors, axe-core."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from .browser import axe_violations

SUMMARY = "hubs/2023-24/northshire/index.html"
PAGES = [
    "index.html",
    SUMMARY,
    "hubs/index.html",
    "hubs/2023-24/index.html",
    "findings.html",
    "dashboard.html",
    # The evidence search, once loaded: facets only, then with results shown.
    "search-evidence.html",
    "search-evidence.html?q=teaching+assistants",
    "search.html?q=teaching+assistants",  # Sphinx's address, sent on to ours
    # Appendix pages (the hub's own pages beside its summary).
    "hubs/2023-24/northshire/survey.html",
    "hubs/2023-24/pennine-vale/ta-survey.html",
    "genindex.html",
    "accessibility.html",
    "404.html",
    "whats-new.html",  # the latest changes, from the repository's history
    # The browse pages: the list of kinds, each kind's list, one page of each kind.
    "browse/index.html",
    *(
        f"browse/{kind}/{page}.html"
        for kind, page in [
            ("hub", "northshire"),  # a hub's timeline
            ("region", "north-west"),
            ("strategic-goal", "primary"),
            ("year", "2023-24"),
            ("tags", "teaching-assistants"),
            ("method", "interviews"),
        ]
        for page in ("index", page)
    ),
    # The synthesis pages: their list, a goal's, a topic's, an anonymised one.
    "synthesis/index.html",
    "synthesis/primary.html",
    "synthesis/topic/confidence.html",
    "synthesis/anonymised/primary.html",
    "synthesis/anonymised/topic/confidence.html",
    # The author guide: prose, tables of settings, directive examples.
    "docs/index.html",
    "docs/writing.html",
    "docs/reference/directives.html",
    "docs/reference/front-matter.html",
    "docs/reference/warnings.html",
    "docs/reference/allowed.html",  # what a summary may hold, and what instead
    "docs/topics.html",  # topics: a YAML example and a table of fields
    "docs/deploying.html",  # the maintainer's guide: commands and a table
    # The evidence gap map (shaded cells, in light and dark) and a goal's lists.
    "gap-map.html",
    "gap-map/primary.html",
]
PREVIEW_PAGES = ["index.html", "hubs/2024-25/brackenmoor/index.html"]  # a draft


MODES = [("light", 1280), ("dark", 1280), ("light", 400), ("dark", 400)]


def wait_for_the_evidence_search(page: Page, url: str) -> None:
    """Until the search has loaded (facets shown, the status line no longer the
    no-JavaScript text) and, for a query in the address, shows its results."""
    expect(page.locator(".evidence-facet").first).to_be_visible()
    status = page.locator(".evidence-search-status")
    if "?q=" in url:
        expect(status).to_have_text(re.compile(r"^[1-9]\d* results? for “"))
        expect(page.locator(".evidence-result").first).to_be_visible()
    else:
        expect(status).to_have_text(re.compile(r"^Type a word or phrase"))


def axe_in_mode(browser: Browser, url: str, scheme: str, width: int) -> list[Any]:
    """axe's violations on ``url`` in a colour scheme at a viewport width."""
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.ok, url
    if "/search.html?" in url:
        page.wait_for_url(re.compile(r"/search-evidence\.html\?q="))
        url = page.url
    if "search-evidence.html" in url:
        wait_for_the_evidence_search(page, url)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    violations = axe_violations(page)
    context.close()
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("scheme", "width"), MODES)
def test_pages_pass_axe(
    browser: Browser, site_url: str, path: str, scheme: str, width: int
) -> None:
    assert axe_in_mode(browser, site_url + path, scheme, width) == []


@pytest.mark.parametrize("path", PREVIEW_PAGES)
@pytest.mark.parametrize(("scheme", "width"), MODES)
def test_preview_pages_with_their_banner_pass_axe(
    browser: Browser, preview_url: str, path: str, scheme: str, width: int
) -> None:
    assert axe_in_mode(browser, preview_url + path, scheme, width) == []


def test_on_this_page_lists_the_template_sections(page: Page, site_url: str) -> None:
    page.goto(site_url + SUMMARY)
    toc = page.locator(
        "nav.page-toc, #pst-page-navigation-heading-2 + *, .bd-toc-nav"
    ).first
    hrefs = toc.locator("a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs == ["#context", "#activity", "#themes", "#conclusion", "#appendices"]


def test_theme_permalink_lands_on_its_row(page: Page, site_url: str) -> None:
    page.goto(site_url + SUMMARY)
    first_row = page.locator("table.evidence-themes tbody tr").first
    link = first_row.locator("a.evidence-permalink")
    anchor = link.get_attribute("href")
    assert anchor and anchor.startswith("#")
    link.click()
    assert page.url.endswith(SUMMARY + anchor)
    expect(page.locator(f"tr:has({anchor})")).to_be_in_viewport()
    assert page.locator(":target").get_attribute("id") == anchor[1:]


FOCUSED = """(table) => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        href: element.getAttribute("href"),
        inside: document.querySelector(table).contains(element),
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shown: box.width > 0 && box.height > 0 && style.visibility !== "hidden"
            && parseFloat(style.opacity) > 0,
        left: box.left,
        right: box.right,
    };
}"""


def tab_through(page: Page, table: str) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus has left the first
    ``table`` (a CSS selector); the elements focused inside it, in order."""
    inside: list[dict[str, Any]] = []
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED, table)
        if focused["inside"]:
            inside.append(focused)
        elif inside:
            return inside
    pytest.fail(f"Tab never left the {table} table")


def test_the_themes_table_works_from_the_keyboard_alone(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + SUMMARY)
    themes = page.locator("table.evidence-themes h3.evidence-theme-title")
    anchors = ["#" + i for i in themes.evaluate_all("hs => hs.map(h => h.id)")]
    focused = tab_through(page, "table.evidence-themes")
    # Every theme's link, in the table's order, and the toggle of each list of
    # related findings (tests/test_related.py), each with a visible focus ring.
    links = [f for f in focused if f["href"] is not None]
    assert [f["href"] for f in links] == anchors
    toggles = page.locator("table.evidence-themes summary").count()
    assert len(focused) == len(links) + toggles
    assert all(f["ring"] and f["shown"] for f in focused)
    for _ in range(len(focused) - focused.index(links[-1])):
        page.keyboard.press("Shift+Tab")  # back to the last theme's link
    page.keyboard.press("Enter")
    assert page.url.endswith(SUMMARY + anchors[-1])
    expect(page.locator(f"tr:has({anchors[-1]})")).to_be_in_viewport()


def test_the_findings_table_works_from_the_keyboard_alone(
    page: Page, site_url: str
) -> None:
    # A strategic goal's themes, where the findings page leads.
    goal_page = "browse/strategic-goal/primary.html"
    page.goto(site_url + goal_page)
    first_table = page.locator("table.evidence-findings").first
    links = first_table.locator("tbody a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    columns = first_table.locator("thead th").count()
    assert links and columns
    focused = tab_through(page, "table.evidence-findings")
    # Each column's sort button, then theme, its hub, next theme, ...
    assert [f["href"] for f in focused] == [None] * columns + links
    assert all(f["ring"] and f["shown"] for f in focused)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # the last theme (before its hub)
    page.keyboard.press("Enter")
    target = links[-2]
    page.wait_for_url(re.compile(re.escape(target.removeprefix("../../")) + "$"))
    anchor = target.split("#")[1]
    expect(page.locator(f"tr:has(#{anchor})")).to_be_in_viewport()


def test_the_gap_map_works_from_the_keyboard_alone(page: Page, site_url: str) -> None:
    page.goto(site_url + "gap-map.html")
    first_map = page.locator("table.evidence-gap-map").first
    links = first_map.locator("td a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(links) > 5
    focused = tab_through(page, "table.evidence-gap-map")
    # Each non-empty cell's link, row by row, each with a visible focus ring.
    assert [f["href"] for f in focused] == links
    assert all(f["ring"] and f["shown"] for f in focused)
    page.keyboard.press("Shift+Tab")  # back to the last cell's link
    page.keyboard.press("Enter")
    target, anchor = links[-1].split("#")
    page.wait_for_url(re.compile(re.escape(target) + "#" + anchor + "$"))
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()


def test_the_gap_map_prints_whole_without_the_site_around_it(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    page.goto(site_url + "gap-map.html")
    first_cell = page.locator("table.evidence-gap-map td a").first.inner_text()
    page.emulate_media(media="print")
    for hidden in (".bd-header", ".bd-sidebar-primary", ".bd-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    shaded = page.locator("table.evidence-gap-map td.evidence-gap-level-4").first
    # The shading is printed (browsers drop backgrounds unless told not to).
    assert shaded.evaluate("td => getComputedStyle(td).printColorAdjust") == "exact"
    pdf = tmp_path / "gap-map.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = unicodedata.normalize(
        "NFKC",
        " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages),
    )
    for expected in ("Findings by strategic goal and topic group, all years",
                     " ".join(first_cell.split()), "gap"):  # fmt: skip
        assert expected in text, expected
    assert "Skip to main content" not in text


def test_no_request_leaves_the_site(page: Page, site_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    outside = [url for url in requests if not url.startswith(site_url)]
    assert outside == []


def test_every_page_links_to_the_accessibility_statement(
    page: Page, site_url: str
) -> None:
    for path in ("index.html", SUMMARY, "browse/region/north-west.html"):
        page.goto(site_url + path)
        page.get_by_role("link", name="Accessibility statement").click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_accessible_name("Accessibility statement")


def test_a_summary_prints_as_the_template_without_the_site_around_it(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    page.goto(site_url + SUMMARY)
    page.emulate_media(media="print")
    for hidden in (
        ".bd-header",
        ".bd-sidebar-primary",
        ".bd-footer",
        ".evidence-edit-links",
    ):
        expect(page.locator(hidden).first).to_be_hidden()
    # On paper, in the template's order: header facts, sections, how to cite.
    parts = [".evidence-summary-header", "#context", "#activity", "#themes",
             "#conclusion", "#appendices", ".evidence-citation"]  # fmt: skip
    tops = [page.locator(part).first.bounding_box()["y"] for part in parts]
    assert tops == sorted(tops), dict(zip(parts, tops, strict=True))
    pdf = tmp_path / "summary.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = unicodedata.normalize(
        "NFKC",
        " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages),
    )
    for expected in ("At a glance", "Owned by Northshire Maths Hub", "Context",
                     "Confidence with early number grew", "Possible implications",
                     "Conclusion", "Appendices", "How to cite",
                     # Not permitted: on paper too, how to ask the hub, and what.
                     "Wider use permitted: no", "Using these findings elsewhere",
                     "Wider use of the findings of Northshire Maths Hub's 2023/24"):  # fmt: skip
        assert expected in text, expected
    for navigation in ("Skip to main content", "Section Navigation", "Edit this page",
                       "Search", "Collapse Sidebar"):  # fmt: skip
        assert navigation not in text, navigation


def test_whats_new_prints_its_changes_without_the_site_around_it(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "whats-new.html")
    changes = page.locator("ul.evidence-whats-new > li")
    assert changes.count() > 0
    page.emulate_media(media="print")
    for hidden in (".bd-header", ".bd-sidebar-primary", ".bd-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(changes.first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("What's new")


def test_the_not_found_page_links_home_from_any_depth(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "404.html")
    page.get_by_role("link", name="list of summaries").click()
    expect(page.get_by_role("heading", level=1, name="Summaries")).to_be_visible()


def test_pages_load_without_console_errors_or_failed_requests(
    page: Page, site_url: str
) -> None:
    errors: list[str] = []
    failed: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            failed.append(response.url) if response.status >= 400 else None
        ),
    )
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert failed == []
    assert errors == []


def test_a_synthesis_page_prints_its_tables_without_the_site_around_it(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "synthesis/primary.html")
    tables = page.locator("table.evidence-synthesis")
    assert tables.count() > 0
    page.emulate_media(media="print")
    for hidden in (".bd-header", ".bd-sidebar-primary", ".bd-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(tables.first).to_be_visible()
    expect(page.locator("table.evidence-synthesis-matrix")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name(
        re.compile(r"^Synthesis: Primary")
    )
