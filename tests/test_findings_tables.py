"""The findings page at scale: an overview of the strategic goals, each goal's
themes on its own page in one table that readers sort, filter and download.

Read on the example site (built once per session) and, for cells a spreadsheet
would run as formulas, on a small site of its own, in a real Chromium.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from hub_evidence.output.exports import _cell, csv_text

from .browser import axe_violations, served
from .helpers import sphinx_build, summary_files, write_site
from .views_site import BROWSE_INDEXES, SITE_INDEX, summary

GOALS = {  # key: label, as the vocabulary gives them
    "primary": "Primary",
    "secondary": "Secondary",
    "post-16": "Post-16",
    "llme": "LLME (local leaders of mathematics education)",
}
OLD_ANCHORS = {  # the ids of the findings page's tables, one per goal, before
    "primary": "primary",
    "secondary": "secondary",
    "post-16": "post-16",
    "llme": "llme-local-leaders-of-mathematics-education",
}
GOAL_PAGE = "browse/strategic-goal/primary.html"
TABLE = "table.evidence-findings"


def read(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def records(site: Path) -> list[dict[str, Any]]:
    """The summaries the build holds, as its export gives them."""
    summaries: list[dict[str, Any]] = json.loads(
        (site / "evidence.json").read_text(encoding="utf-8")
    )["summaries"]
    assert summaries
    return summaries


# -- the overview and the goals' pages (HTML as built) ---------------------------


def test_the_overview_counts_each_goals_summaries_and_themes(built_site: Path) -> None:
    summaries = records(built_site)
    rows = read(built_site, "findings.html").select("table.evidence-counts tbody tr")
    shown = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr("td")]
        for tr in rows
    }
    expected = {
        label: [
            str(sum(key in s["strategic_goal"] for s in summaries)),
            str(sum(len(s["themes"]) for s in summaries if key in s["strategic_goal"])),
        ]
        for key, label in GOALS.items()
    }
    assert shown == expected
    assert all(int(themes) > 0 for _, themes in expected.values())
    links = {tr.th.get_text(strip=True): tr.th.a["href"] for tr in rows}
    assert links == {
        label: f"browse/strategic-goal/{key}.html" for key, label in GOALS.items()
    }
    # The overview holds no theme: it is small whatever the number of summaries.
    assert not read(built_site, "findings.html").select(TABLE)


def test_each_goals_page_holds_exactly_its_goals_themes(built_site: Path) -> None:
    summaries = records(built_site)
    for key in GOALS:
        page = read(built_site, f"browse/strategic-goal/{key}.html")
        tables = page.select(f"section#themes {TABLE}")
        assert len(tables) == 1, "one table of all the goal's themes"
        links = [
            a["href"].removeprefix("../../")
            for a in tables[0].select("tbody .evidence-finding-title a")
        ]
        expected = [
            theme["url"]
            for s in summaries
            if key in s["strategic_goal"]
            for theme in s["themes"]
        ]
        assert expected
        assert sorted(links) == sorted(expected), key


def test_the_script_is_loaded_only_where_there_is_a_findings_table(
    built_site: Path,
) -> None:
    def loads(page: str) -> bool:
        return bool(read(built_site, page).select('script[src*="findings-table.js"]'))

    assert loads(GOAL_PAGE)
    assert loads("browse/tags/confidence.html")
    assert not loads("findings.html")
    assert not loads("index.html")
    assert not loads("hubs/2023-24/northshire/index.html")


# -- in the browser ----------------------------------------------------------------


def column_texts(page: Page, column: int) -> list[str]:
    """What the shown rows say in one column, in the order shown (as sorted by)."""
    return page.locator(f"{TABLE} tbody tr:not([hidden])").evaluate_all(
        """(rows, column) => rows.map((row) => {
            const cell = row.cells[column];
            const title = cell.querySelector('.evidence-finding-title');
            return (title || cell).textContent.replace(/\\s+/g, ' ').trim();
        })""",
        column,
    )


def shown_rows(page: Page) -> list[list[str]]:
    """Each shown row's cells as the reader sees them, in the order shown."""
    return page.locator(f"{TABLE} tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map((row) => [...row.cells].map((cell) => cell.innerText.trim()))"
    )


def sort_key(text: str) -> tuple[Any, ...]:
    """Roughly the page's order: case and accents aside, numbers by value."""
    return tuple(
        int(part) if part.isdigit() else part.casefold()
        for part in re.split(r"(\d+)", text)
    )


def row_ids(page: Page) -> list[str]:
    """Which themes are shown, in the order shown (each by its link)."""
    return page.locator(
        f"{TABLE} tbody tr:not([hidden]) td:first-child a"
    ).evaluate_all("links => links.map((a) => a.getAttribute('href'))")


def test_each_column_sorts_both_ways_stably_with_aria_sort(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + GOAL_PAGE)
    headings = page.locator(f"{TABLE} thead th")
    names = [n.strip(" ↕") for n in headings.all_inner_texts()]
    assert names == ["Theme", "Hub", "Year", "Kind"]
    rows = row_ids(page)
    original = [column_texts(page, c) for c in range(len(names))]
    assert len(rows) > 3
    assert len(set(original[2])) > 1, "more than one year, to sort by"
    expect(page.locator(f"{TABLE} th[aria-sort]")).to_have_count(0)
    for column, heading in enumerate(headings.all()):
        texts = original[column]
        for direction in ("ascending", "descending", "ascending"):
            heading.get_by_role("button").click()
            expect(heading).to_have_attribute("aria-sort", direction)
            expect(page.locator(f"{TABLE} th[aria-sort]")).to_have_count(1)
            # Rows that say the same in the column keep the page's order.
            order = sorted(
                range(len(rows)),
                key=lambda i: sort_key(texts[i]),
                reverse=direction == "descending",
            )
            assert row_ids(page) == [rows[i] for i in order], (names[column], direction)


def test_typing_shows_only_the_rows_holding_every_word(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + GOAL_PAGE)
    everything = shown_rows(page)
    total = len(everything)
    status = page.get_by_role("status")
    expect(status).to_have_text(f"{total} of {total} themes shown")
    box = page.get_by_label("Filter themes")
    for typed in ("CONFIDENCE", "northshire 2023/24", "finding lasted", "zzz"):
        box.fill(typed)
        words = typed.casefold().split()
        expected = [
            row
            for row in everything
            if all(w in " ".join(row).casefold() for w in words)
        ]
        assert shown_rows(page) == expected, typed
        expect(status).to_have_text(f"{len(expected)} of {total} themes shown")
    assert any("confidence" in " ".join(row).casefold() for row in everything)
    box.fill("")
    assert shown_rows(page) == everything


def download(page: Page) -> list[list[str]]:
    """The rows of "Download these rows (CSV)", as a spreadsheet reads them."""
    with page.expect_download() as started:
        page.get_by_role("button", name="Download these rows (CSV)").click()
    text = Path(started.value.path()).read_text(encoding="utf-8")
    assert started.value.suggested_filename.endswith(".csv")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_csv_holds_exactly_the_rows_shown_in_their_order(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + GOAL_PAGE)
    total = len(shown_rows(page))
    page.get_by_label("Filter themes").fill("finding")
    page.get_by_role("button", name="Year").click()
    page.get_by_role("button", name="Year").click()  # newest first
    shown = shown_rows(page)
    assert 1 < len(shown) < total
    assert download(page) == [["Theme", "Hub", "Year", "Kind"], *shown]


TRICKY = [
    "=SUM(A1:A2)",
    "+44 20 7946 0000",
    "-1 point",
    "@leads",
    "\tTabbed",
    "\rReturned",
    "'Quoted already",
    "Plain, with a comma",
    'Said "yes"',
    "Two\nlines",
    "Carriage\r\nreturn",
    " =spaced",
    "",
    "=",
    "Ünïcödé “quotes”",
]


def test_the_csv_guard_is_the_exports_guard(page: Page, site_url: str) -> None:
    page.goto(site_url + GOAL_PAGE)
    script = "window.hubEvidenceFindingsCsv"
    guarded = page.evaluate(f"cells => cells.map({script}.guardCell)", TRICKY)
    assert guarded == [_cell(cell) for cell in TRICKY]
    assert [g for g, c in zip(guarded, TRICKY, strict=True) if g != c]
    pairs = [list(pair) for pair in itertools.pairwise(TRICKY)]
    text = page.evaluate(f"rows => {script}.csvText(rows)", [["one", "two"], *pairs])
    # A spreadsheet reads back each cell, guarded, whatever it holds.
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed == [["one", "two"], *[[_cell(c) for c in pair] for pair in pairs]]
    # Written as the exports write theirs, but for a lone carriage return,
    # which Python 3.11's csv module leaves unquoted (a reader then splits the
    # row there); the script quotes it.
    plain = [p for p in pairs if not any(re.search("\r(?!\n)", c) for c in p)]
    assert len(plain) > len(pairs) // 2
    text = page.evaluate(f"rows => {script}.csvText(rows)", [["one", "two"], *plain])
    assert text == csv_text([dict(zip(("one", "two"), p, strict=True)) for p in plain],
                        ("one", "two"))  # fmt: skip


@pytest.mark.parametrize(("goal", "anchor"), OLD_ANCHORS.items())
def test_the_findings_pages_old_anchors_lead_to_the_goals_themes(
    page: Page, site_url: str, goal: str, anchor: str
) -> None:
    page.goto(f"{site_url}findings.html#{anchor}")
    target = page.locator(":target")
    expect(target).to_be_in_viewport()
    link = target.get_by_role("link", name=GOALS[goal], exact=True)
    link.click()
    page.wait_for_url(f"{site_url}browse/strategic-goal/{goal}.html")
    expect(page.locator(f"section#themes {TABLE}")).to_have_count(1)


def test_without_javascript_the_table_is_complete(
    browser: Browser, built_site: Path, site_url: str
) -> None:
    rows = read(built_site, GOAL_PAGE).select(f"{TABLE} tbody tr")
    assert rows
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + GOAL_PAGE)
    expect(page.locator(f"{TABLE} tbody tr")).to_have_count(len(rows))
    for row in page.locator(f"{TABLE} tbody tr").all():
        expect(row).to_be_visible()
    expect(page.locator(".evidence-table-tools")).to_have_count(0)
    context.close()


def test_sorting_filtering_and_downloading_work_from_the_keyboard(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + GOAL_PAGE)
    box = page.get_by_label("Filter themes")
    for _ in range(200):
        page.keyboard.press("Tab")
        if box.evaluate("box => box === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the filter box")
    page.keyboard.type("finding")
    shown = shown_rows(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Download these rows (CSV)")).to_be_focused()
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    text = Path(started.value.path()).read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text, newline="")))[1:] == shown
    page.keyboard.press("Tab")  # the first heading's sort button
    theme = page.locator(f"{TABLE} thead th").first
    expect(theme.get_by_role("button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(theme).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Space")
    expect(theme).to_have_attribute("aria-sort", "descending")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_sorted_and_filtered_table_passes_axe(
    browser: Browser, site_url: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + GOAL_PAGE)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    page.get_by_label("Filter themes").fill("finding")
    page.get_by_role("button", name="Hub").click()
    page.get_by_role("button", name="Hub").focus()
    assert axe_violations(page) == []
    context.close()


# -- cells a spreadsheet would run as formulas, on a site of their own -------------

FORMULA_TITLES = {
    "northshire": "=SUM(A1:A2) pupils, counted",
    "fenmarsh": "+44 schools joined",
    "calderbrook": '@leads said "again"',
}


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Three primary summaries whose themes' titles start as formulas do."""
    folder = tmp_path_factory.mktemp("formulas")
    files: dict[str, str | bytes] = dict(BROWSE_INDEXES)
    for slug, title in FORMULA_TITLES.items():
        text = summary(
            f"{slug.capitalize()} Maths Hub",
            "2023/24",
            "North West",
            "primary",
            theme=title,
            finding=f"-{len(title)} points, then more.",
        )
        files |= summary_files(text, folder=f"hubs/2023-24/{slug}")
    sphinx_build(
        write_site(
            folder / "src", files, index=SITE_INDEX.replace("findings\ndashboard\n", "")
        ),
        folder / "html",
        "-W",
    )
    with served(folder / "html") as url:
        yield url


@pytest.mark.parametrize(
    ("page_path", "columns"),
    [
        (GOAL_PAGE, ["Theme", "Hub", "Year", "Kind"]),
        # A tag's page: each theme in full, a paragraph each for title and text.
        (
            "browse/tags/confidence.html",
            ["Theme", "Possible implication", "Hub", "Year", "Kind"],
        ),
    ],
)
def test_the_downloaded_csv_guards_cells_as_the_exports_do(
    page: Page, formula_site: str, page_path: str, columns: list[str]
) -> None:
    page.goto(formula_site + page_path)
    page.get_by_role("button", name="Theme").click()
    shown = shown_rows(page)
    assert sorted(row[0].split("\n")[0] for row in shown) == sorted(
        FORMULA_TITLES.values()
    )
    assert download(page) == [columns, *[[_cell(c) for c in row] for row in shown]]
    assert all(row[0].startswith("'") for row in download(page)[1:])
