"""The evidence search, used as readers use it: typing into the built site.

Every test drives "Search the evidence" in a real headless Chromium, with the
site served under a sub-path. What the results should be is read from the
built summary pages (or written down in ``search_queries.yaml``), never from
the search index itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, Route, expect

from .browser import axe_violations

SEARCH = "search-evidence.html"
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text())


@dataclass(frozen=True)
class ThemeOnPage:
    """A theme as its summary page shows it."""

    url: str
    """Relative to the site: ``hubs/.../index.html#anchor``."""
    finding: str
    year: str
    regions: tuple[str, ...]
    goals: tuple[str, ...]
    hub: str


def themes_on_pages(site: Path) -> list[ThemeOnPage]:
    """Every theme of every built summary page, with its summary's facts."""
    themes = []
    for path in sorted(site.glob("hubs/*/*/index.html")):
        page = BeautifulSoup(path.read_text(), "html.parser")

        def fact(name: str, page: BeautifulSoup = page) -> tuple[str, ...]:
            cell = page.select_one(f"dd.evidence-fact-{name}")
            return (
                tuple(a.get_text(strip=True) for a in cell.select("a")) if cell else ()
            )

        hub = page.select_one("dd.evidence-fact-maths-hub p").get_text()
        for row in page.select("table.evidence-themes tbody tr"):
            title = row.select_one(".evidence-theme-title")
            finding = row.select_one("td > p:not(.evidence-theme-meta)")
            themes.append(
                ThemeOnPage(
                    url=f"{path.relative_to(site).as_posix()}#{title['id']}",
                    finding=finding.get_text(" ", strip=True),
                    year=fact("year")[0],
                    regions=fact("region"),
                    goals=fact("strategic-goal"),
                    hub=hub.split("(")[0].strip(),
                )
            )
    return themes


def open_search(page: Page, site_url: str, address: str = SEARCH) -> None:
    page.goto(site_url + address)
    expect(page.locator(".evidence-facet").first).to_be_visible()


def status(page: Page) -> str:
    return page.locator(".evidence-search-status").inner_text()


def search(page: Page, text: str) -> list[str]:
    """Type ``text``, press Enter; the results' addresses (there must be some).

    The status line also ends in "for “…”" when nothing is found ("No results
    for …"), so waiting for it proves nothing: the count must be above zero.
    """
    box = page.get_by_label("Search the findings")
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".evidence-search-status")).to_contain_text(f"for “{text}”")
    assert result_count(page) > 0, status(page)
    links = result_links(page)
    assert links, status(page)
    return links


def result_links(page: Page, within: str = ".evidence-search-results") -> list[str]:
    """The addresses of the summaries' results (``within`` another list: its)."""
    hrefs: list[str] = page.locator(f"{within} .evidence-result h3 a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    return [re.sub(r"\?[^#]*", "", href) for href in hrefs]


def count_of(page: Page, facet: str, value: str) -> int:
    """The count beside a facet's value, once shown (a page's first results
    come before their counts)."""
    label = page.locator(f"fieldset[data-facet='{facet}'] label").filter(
        has_text=re.compile(rf"^{re.escape(value)} ")
    )
    expect(label).to_have_text(re.compile(r"\(\d+\)$"))
    return int(re.search(r"\((\d+)\)", label.inner_text())[1])


def result_count(page: Page) -> int:
    """The number of results the status line gives ("No results" is no number)."""
    match = re.match(r"(\d+) results?", status(page))
    assert match, status(page)
    return int(match[1])


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_finds_the_expected_results_in_the_top_three(
    page: Page, site_url: str, case: dict[str, list[str] | str]
) -> None:
    assert case["top3"], case
    open_search(page, site_url)
    top3 = search(page, str(case["query"]))[:3]
    for expected in case["top3"]:
        assert any(link.endswith(expected) for link in top3), (expected, top3)


def test_a_phrase_from_every_finding_finds_it_in_the_top_three(
    page: Page, site_url: str, built_site: Path
) -> None:
    themes = themes_on_pages(built_site)
    assert len(themes) > 40
    open_search(page, site_url)
    missed = []
    for theme in themes:
        words = [w for w in re.findall(r"[A-Za-z0-9]+", theme.finding) if len(w) > 2]
        assert words, theme
        links = search(page, " ".join(words[:7]))[:3]
        if site_url + theme.url not in links:
            missed.append((theme.url, links))
    assert missed == []


def search_from_the_navigation_bar(page: Page, text: str) -> list[str]:
    """Open the theme's search box with its shortcut, type ``text`` and press
    Enter; the results' addresses."""
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_focused()
    field.fill(text)
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search-evidence\.html\?q="))
    expect(page.locator(".evidence-search-status")).to_contain_text(f"for “{text}”")
    assert result_count(page) > 0, status(page)
    expect(page.locator(".evidence-facet").first).to_be_visible()
    return result_links(page)


@pytest.mark.parametrize(
    "start",
    [
        "index.html",
        "hubs/2023-24/northshire/index.html",
        "docs/reference/warnings.html",
    ],
)
def test_the_navigation_bar_search_finds_a_finding_from_any_page(
    page: Page, site_url: str, built_site: Path, start: str
) -> None:
    themes = themes_on_pages(built_site)
    theme = themes[len(start) % len(themes)]  # a different one from each page
    words = [w for w in re.findall(r"[A-Za-z0-9]+", theme.finding) if len(w) > 2]
    page.goto(site_url + start)
    links = search_from_the_navigation_bar(page, " ".join(words[:7]))
    assert site_url + theme.url in links[:3], (theme.url, links[:3])


GUIDE = ".evidence-search-guide"


def test_guide_pages_are_found_in_a_list_of_their_own_after_the_summaries(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "docs/index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill("pull request")
    field.press("Enter")
    guide = page.get_by_role("region", name="In the guide and the site's other pages")
    expect(guide.locator(".evidence-result").first).to_be_visible()
    links = result_links(page, GUIDE)
    assert 0 < len(links) <= 5, links
    assert all(link.startswith(site_url + "docs/") for link in links), links
    assert links[0].startswith(site_url + "docs/first-hour.html#"), links
    # Words both have: the summaries' results, and the facets, are theirs alone;
    # the guide's come after them.
    open_search(page, site_url)
    summaries = search(page, "teaching assistants")
    assert all("/hubs/" in link for link in summaries), summaries
    expect(page.locator(GUIDE).locator(".evidence-result").first).to_be_visible()
    assert page.locator(".evidence-search-results").evaluate(
        "(results, guide) => Boolean(results.compareDocumentPosition(guide)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        page.locator(GUIDE).element_handle(),
    )
    sections = page.locator("fieldset[data-facet='Section'] input")
    assert "Theme" in sections.evaluate_all("boxes => boxes.map(b => b.value)")
    assert "Guide" not in " ".join(
        sections.evaluate_all("boxes => boxes.map(b => b.value)")
    )
    # A choice narrows the summaries; the guide is not theirs to narrow.
    page.get_by_role("checkbox", name=re.compile("^Theme")).check()
    expect(page.locator(".evidence-search-status")).to_contain_text("Section: Theme")
    expect(page.locator(GUIDE)).to_be_hidden()


def test_a_word_no_page_has_finds_nothing_not_the_start_of_it(
    page: Page, site_url: str, built_site: Path
) -> None:
    """Pagefind, finding no page with a word, finds the longest start of it
    that some page has ("with" for "withholdingly"); those are not results."""
    word = "withholdingly"
    every_text = " ".join(
        path.read_text().lower() for path in built_site.rglob("*.html")
    )
    assert word not in every_text
    open_search(page, site_url)
    assert search(page, "with")  # its start is in summaries
    box = page.get_by_label("Search the findings")
    box.fill(word)
    box.press("Enter")
    expect(page.locator(".evidence-search-status")).to_contain_text(
        f"No results for “{word}”"
    )
    expect(page.locator(".evidence-result")).to_have_count(0)


def test_no_page_loads_sphinxs_search(
    page: Page, site_url: str, built_site: Path
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("index.html", "docs/index.html", "search.html?q=confidence"):
        page.goto(site_url + path, wait_until="networkidle")
    assert requested
    assert [u for u in requested if re.search(r"searchindex|searchtools", u)] == []
    assert not (built_site / "searchindex.js").exists()
    # search.html, the address of Sphinx's search, leads to the evidence search.
    assert page.url.endswith(f"{SEARCH}?q=confidence")
    expect(page.locator(".evidence-result").first).to_be_visible()


def test_a_result_shows_hub_year_and_goal_and_links_to_the_theme(
    page: Page, site_url: str
) -> None:
    open_search(page, site_url)
    search(page, "transition records")
    first = page.locator(".evidence-result").first
    expect(first.locator(".evidence-result-source")).to_have_text(
        "Severnside Maths Hub · 2023/24 · Primary, Secondary"
    )
    expect(first.locator(".evidence-result-section")).to_have_text("Theme · Finding")
    expect(first.locator("mark").first).to_have_text(
        re.compile("transition", re.IGNORECASE)
    )
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"severnside/index\.html[^#]*#transition-records"))
    heading = page.locator("#transition-records-arrived-too-late")
    expect(heading).to_be_in_viewport()
    # Sphinx's own highlighter marks the words typed.
    expect(page.locator("span.highlighted").first).to_have_text(
        re.compile("transition|records", re.IGNORECASE)
    )


def test_choosing_a_region_narrows_the_results(page: Page, site_url: str) -> None:
    open_search(page, site_url)
    search(page, "confidence")
    everywhere = result_count(page)
    promised = count_of(page, "Region", "North West")
    assert 0 < promised < everywhere
    page.get_by_role("checkbox", name=re.compile("^North West")).check()
    expect(page.locator(".evidence-search-status")).to_contain_text("North West")
    assert result_count(page) == promised
    north_west_hubs = {"Northshire Maths Hub", "Pennine Vale Maths Hub"}
    sources = page.locator(".evidence-result-source").all_inner_texts()
    assert sources and all(s.split(" · ")[0] in north_west_hubs for s in sources)
    # Within a facet, choices are alternatives: adding a region adds results.
    promised_more = count_of(page, "Region", "London")
    assert promised_more > 0
    page.get_by_role("checkbox", name=re.compile("^London")).check()
    expect(page.locator(".evidence-search-status")).to_contain_text("London")
    assert result_count(page) == promised + promised_more


def test_choosing_wider_use_permitted_keeps_only_those_hubs(
    page: Page, site_url: str, built_site: Path
) -> None:
    permitted = set()
    for path in built_site.glob("hubs/*/*/index.html"):
        summary = BeautifulSoup(path.read_text(), "html.parser")
        badge = summary.select_one(".evidence-wider-use")
        if badge is not None and badge.get_text() == "Wider use permitted: yes":
            hub = summary.select_one("dd.evidence-fact-maths-hub p").get_text()
            permitted.add(hub.split("(")[0].strip())
    assert permitted
    open_search(page, site_url)
    search(page, "teachers")
    everywhere = result_count(page)
    promised = count_of(page, "Wider use permitted", "Yes")
    assert 0 < promised < everywhere
    facet = page.locator("fieldset[data-facet='Wider use permitted']")
    facet.get_by_role("checkbox", name=re.compile("^Yes")).check()
    expect(page.locator(".evidence-search-status")).to_contain_text("Yes")
    assert result_count(page) == promised
    sources = page.locator(".evidence-result-source").all_inner_texts()
    assert sources and all(s.split(" · ")[0] in permitted for s in sources)


def test_facets_count_the_themes_by_year_region_goal_and_hub(
    page: Page, site_url: str, built_site: Path
) -> None:
    themes = themes_on_pages(built_site)
    assert themes
    expected = {
        "Year": Counter(t.year for t in themes),
        "Region": Counter(r for t in themes for r in t.regions),
        "Strategic goal": Counter(g for t in themes for g in t.goals),
        "Hub": Counter(t.hub for t in themes),
    }
    open_search(page, site_url)
    # Browsing without a query: every theme, counted by each facet.
    page.get_by_role("checkbox", name=re.compile(r"^Theme \(")).check()
    expect(page.locator(".evidence-search-status")).to_contain_text("Section: Theme")
    assert result_count(page) == len(themes)
    for facet, counts in expected.items():
        assert counts, facet
        for value, number in counts.items():
            assert count_of(page, facet, value) == number, (facet, value)


def test_search_is_kept_in_the_address(page: Page, site_url: str) -> None:
    open_search(page, site_url, f"{SEARCH}?q=timetabling&Year=2024%2F25")
    expect(page.locator(".evidence-search-status")).to_contain_text(
        "for “timetabling” (Year: 2024/25)"
    )
    expect(page.locator("input[name=Year][value='2024/25']")).to_be_checked()
    assert result_count(page) > 0, status(page)
    sources = page.locator(".evidence-result-source").all_inner_texts()
    assert sources
    assert all("2024/25" in s for s in sources)


def test_search_works_from_the_keyboard_alone(page: Page, site_url: str) -> None:
    open_search(page, site_url)
    box = page.get_by_label("Search the findings")
    for _ in range(60):
        if box.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type("teaching assistants")
    page.keyboard.press("Enter")
    expect(page.locator(".evidence-search-status")).to_contain_text(
        "for “teaching assistants”"
    )
    assert result_count(page) > 0, status(page)
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the first facet value
    focused = page.evaluate("document.activeElement.name")
    assert focused == "Year"
    year = page.evaluate("document.activeElement.value")
    promised = count_of(page, "Year", year)
    assert promised > 0
    page.keyboard.press("Space")
    expect(page.locator(".evidence-search-status")).to_contain_text(f"(Year: {year})")
    assert result_count(page) == promised


def test_appendix_files_are_found_by_title(
    page: Page, site_url: str, built_site: Path
) -> None:
    open_search(page, site_url)
    links = search(page, "Seaview case study")
    assert links
    assert links[0].endswith("/case-study-seaview.pdf")
    response = page.request.get(links[0])
    assert response.ok
    assert (
        response.body()
        == (
            Path(__file__).parents[1] / "hubs/2023-24/northshire/case-study-seaview.pdf"
        ).read_bytes()
    )


def test_search_makes_no_request_outside_the_site(page: Page, site_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_search(page, site_url)
    search(page, "confidence")
    page.get_by_role("checkbox", name=re.compile("^North West")).check()
    expect(page.locator(".evidence-search-status")).to_contain_text("North West")
    assert result_count(page) > 0, status(page)
    page.locator(".evidence-result h3 a").first.click()
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/" in url for url in requests)
    assert [url for url in requests if not url.startswith(site_url)] == []


def test_opened_from_a_file_the_page_says_what_to_do(
    page: Page, built_site: Path
) -> None:
    page.goto((built_site / SEARCH).as_uri())
    message = page.locator(".evidence-search-status")
    expect(message).to_contain_text("could not load")
    # Where summaries and themes are found without it.
    expect(message.get_by_role("link", name="the browse pages")).to_have_attribute(
        "href", "browse/index.html"
    )
    expect(
        message.get_by_role("link", name="the findings across hubs")
    ).to_have_attribute("href", "findings.html")


@pytest.mark.parametrize(
    "address", [f"{SEARCH}?q=confidence", f"{SEARCH}?q=confidence&Region=North+West"]
)
@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 400)])
def test_search_page_passes_axe(
    page: Page, site_url: str, address: str, scheme: str, width: int
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    open_search(page, site_url, address)
    expect(page.locator(".evidence-result").first).to_be_visible()
    violations = axe_violations(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


LAYOUT_SHIFTS = """window.evidenceTestShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.evidenceTestShift += entry.value;
  }
}).observe({ type: "layout-shift", buffered: true });"""
"""Adds up the page's layout shifts not caused by the reader (its CLS)."""


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (400, 800)])
def test_results_arriving_move_nothing_on_the_page(
    browser: Browser, site_url: str, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(f"{site_url}{SEARCH}?q=teaching+assistants")
    expect(page.locator(".evidence-result").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    # Lighthouse calls a page's shift good below 0.1; nothing should move.
    assert page.evaluate("window.evidenceTestShift") < 0.01
    context.close()


def test_facets_are_drawn_and_counted_without_pagefinds_filter_files_first(
    page: Page, site_url: str
) -> None:
    """The facets' totals come from the build; Pagefind's filter files are read
    only once the first results are shown, then the counts are shown."""
    open_search(page, site_url)
    totals = page.evaluate(
        """async () => {
             const address = new URL('pagefind/evidence-facets.json',
               new URL(document.documentElement.dataset.content_root, location.href));
             return (await fetch(address)).json();
           }"""
    )
    pagefind = page.evaluate(
        """async () => {
             const root = new URL(document.documentElement.dataset.content_root, location.href);
             const module = await import(new URL('pagefind/pagefind.js?test', root).href);
             await module.options({baseUrl: root.pathname});
             return module.filters();
           }"""
    )
    assert totals["Section"]["Theme"] > 0
    assert totals == pagefind
    # A fresh page whose Pagefind filter files do not come until let through.
    held: list[Route] = []
    # (A bound method cannot be a Playwright handler: it tags the function.)
    page.context.route("**/pagefind/filter/*", lambda route: held.append(route))  # noqa: PLW0108
    page.reload()
    expect(page.locator(".evidence-facet").first).to_be_visible()
    assert count_of(page, "Section", "Theme") == totals["Section"]["Theme"]
    box = page.get_by_label("Search the findings")
    box.fill("confidence")
    box.press("Enter")
    expect(page.locator(".evidence-search-status")).to_contain_text(
        re.compile(r"\d+ results? for “confidence”")
    )
    expect(
        page.locator(".evidence-search-results .evidence-result").first
    ).to_be_visible()
    # The counts come from Pagefind's filter files, asked for once the results
    # are shown; until they come, no count is shown.
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the counts come from Pagefind's filter files"
    section = page.locator("fieldset[data-facet='Section'] .evidence-facet-count").first
    assert section.inner_text() == ""
    for route in held:
        route.continue_()
    page.context.unroute("**/pagefind/filter/*")
    assert 0 < count_of(page, "Section", "Theme") < totals["Section"]["Theme"]
