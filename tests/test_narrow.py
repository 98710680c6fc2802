"""Every kind of page reads well at every width, from a small phone to a desktop.

One headless Chromium (the session's) opens one page of each kind at 320,
400, 768 and 1280 px and measures what a reader would see: the page never
scrolls sideways (a table may scroll inside its own region, which must then
be reachable from the keyboard), nothing sticks out past the screen's edge,
no label of a summary's "At a glance" panel is broken inside a word, and the
navigation bar's title overlaps none of its buttons.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import Browser, Page, expect

from .test_browser import axe_in_mode, tab_through, wait_for_the_evidence_search

WIDTHS = [320, 400, 768, 1280]
NARROW = 640
"""Below this width (40rem) tables are read a row at a time, each cell labelled."""

PAGE_KINDS = {
    "home": "index.html",
    "summary": "hubs/2023-24/northshire/index.html",
    "appendix page": "hubs/2023-24/northshire/survey.html",
    "year list": "hubs/2023-24/index.html",
    "list of years": "hubs/index.html",
    "findings": "findings.html",
    "findings of a goal": "browse/strategic-goal/primary.html",
    "dashboard": "dashboard.html",
    "browse index": "browse/index.html",
    "browse: a facet's values": "browse/tags/index.html",
    "browse: region": "browse/region/north-west.html",
    "browse: year": "browse/year/2023-24.html",
    "browse: method": "browse/method/interviews.html",
    "browse: tag": "browse/tags/teaching-assistants.html",
    "browse: hub timeline": "browse/hub/northshire.html",
    "search": "search-evidence.html?q=teaching+assistants",
    "guide page": "docs/writing.html",
    "guide reference": "docs/reference/warnings.html",
    "404": "404.html",
    "what's new": "whats-new.html",
    "gap map": "gap-map.html",
    "gap map: a goal's findings": "gap-map/primary.html",
    "synthesis: goal": "synthesis/primary.html",
    "synthesis: topic": "synthesis/topic/confidence.html",
    "synthesis: anonymised": "synthesis/anonymised/primary.html",
}
"""One page of each kind (tests/bench/web.py measures the same kinds)."""

MEASURE = """() => {
  const width = window.innerWidth;
  const problems = [];
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.checkVisibility({
      visibilityProperty: true, opacityProperty: true });
  };
  // A region that scrolls sideways on its own (a wide table's container).
  const scrolls = (element) => {
    const overflow = getComputedStyle(element).overflowX;
    return overflow === "auto" || overflow === "scroll";
  };
  const clipped = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + [...element.classList].slice(0, 3).map((c) => "." + c).join("");

  // 1. The page itself never scrolls sideways.
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.push(`the page is ${page} px wide, the screen ${width}`);

  // 2. Nothing sticks out past the screen's edge (unless inside a region
  //    that scrolls or clips it), and every scrolling region can be reached
  //    from the keyboard.
  for (const element of document.body.querySelectorAll("*")) {
    if (!shown(element)) continue;
    const box = element.getBoundingClientRect();
    if ((box.right > width + 1 || box.left < -1) && !clipped(element)) {
      problems.push(`${name(element)} runs from ${Math.round(box.left)} to `
        + `${Math.round(box.right)} px, past the screen's edge`);
    }
    if (scrolls(element) && element.scrollWidth > element.clientWidth + 1
        && element.tabIndex < 0) {
      problems.push(`${name(element)} scrolls sideways but cannot be reached `
        + "with the keyboard");
    }
  }

  // 3. No label of the summary's panel is broken inside a word.
  const labels = [...document.querySelectorAll(
    ".evidence-summary-header dl.evidence-facts > dt")];
  for (const label of labels) {
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const word of text.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()]
          .filter((box) => box.width > 0).map((box) => Math.round(box.top)));
        if (lines.size > 1) {
          problems.push(`the label “${label.textContent.trim()}” is broken `
            + `inside the word “${word[0]}”`);
        }
      }
    }
  }

  // 4. The navigation bar's title overlaps none of its buttons or links.
  const header = document.querySelector(".bd-header");
  const brand = header && header.querySelector(".navbar-brand");
  let controls = 0;
  if (brand) {
    const range = document.createRange();
    range.selectNodeContents(brand);
    const title = [...range.getClientRects()].filter((box) => box.width > 0);
    for (const control of header.querySelectorAll(
        "button, a, input, form, .search-button-field")) {
      if (!shown(control) || brand.contains(control) || control.contains(brand)) {
        continue;
      }
      controls += 1;
      const box = control.getBoundingClientRect();
      for (const part of title) {
        if (part.left < box.right - 1 && box.left < part.right - 1
            && part.top < box.bottom - 1 && box.top < part.bottom - 1) {
          problems.push(`the title “${brand.textContent.trim()}” overlaps `
            + `${name(control)}`);
          break;
        }
      }
    }
  }
  return { problems, labels: labels.length, controls };
}"""

TABLE_LABELS = """() => {
  // Each cell of a table read a row at a time: the label shown before it
  // (CSS content), and its column's heading.
  const found = [];
  for (const table of document.querySelectorAll(
      "table.evidence-findings, table.evidence-themes")) {
    const headings = [...table.querySelectorAll("thead th")].map(
      (th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.cells].forEach((cell, index) => {
        const label = getComputedStyle(cell, "::before").content;
        found.push({
          table: table.className, column: index, heading: headings[index],
          label: label === "none" ? "" : label.replace(/^"|"$/g, ""),
        });
      });
    }
  }
  return found;
}"""

THEMES_PAIRED = """() => [...document.querySelectorAll("table.evidence-themes tbody tr")]
  .map((row) => {
    const [theme, implication] = [...row.cells].map((c) => c.getBoundingClientRect());
    return { theme: [theme.left, theme.top, theme.bottom],
             implication: [implication.left, implication.top, implication.bottom],
             row: [row.getBoundingClientRect().top, row.getBoundingClientRect().bottom] };
  })"""


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    if "search-evidence.html" in url:
        wait_for_the_evidence_search(page, url)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_kind_of_page_fits_the_screen(
    browser: Browser, site_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    measured: dict[str, Any] = {}
    try:
        for kind, path in PAGE_KINDS.items():
            open_page(page, site_url + path)
            measured[kind] = page.evaluate(MEASURE)
            if measured[kind]["problems"]:
                problems[f"{kind} ({path})"] = measured[kind]["problems"]
    finally:
        context.close()
    # The checks looked at something: the summary's labels, the bar's buttons.
    assert measured["summary"]["labels"] >= 8
    assert all(m["controls"] for m in measured.values() if m is not measured["404"])
    assert problems == {}


@pytest.mark.parametrize("width", [320, NARROW - 1, NARROW + 128])
def test_tables_keep_each_cell_beside_its_label(
    browser: Browser, site_url: str, width: int
) -> None:
    """Narrow, a findings or themes table is read one row at a time, each cell
    but the first (the theme) labelled with its column's heading; wide, it is
    a table again."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        cells = []
        for path in (PAGE_KINDS["summary"], PAGE_KINDS["findings of a goal"]):
            open_page(page, site_url + path)
            cells += page.evaluate(TABLE_LABELS)
        open_page(page, site_url + PAGE_KINDS["summary"])
        rows = page.evaluate(THEMES_PAIRED)
    finally:
        context.close()
    assert {c["table"].split()[0] for c in cells} == {
        "evidence-themes",
        "evidence-findings",
    }
    assert rows
    if width < NARROW:
        # Every cell says which column it is, but the theme, the row's heading.
        wrong = [
            c for c in cells if c["label"] != (c["heading"] if c["column"] else "")
        ]
        assert wrong == []
        # Each implication under its theme, inside the theme's row.
        for row in rows:
            assert row["implication"][0] == pytest.approx(row["theme"][0], abs=1)
            assert row["implication"][1] >= row["theme"][2] - 1
            assert row["row"][0] - 1 <= row["theme"][1]
            assert row["implication"][2] <= row["row"][1] + 1
    else:
        assert {c["label"] for c in cells} == {""}
        # Each implication beside its theme.
        for row in rows:
            assert row["implication"][0] > row["theme"][0]
            assert row["implication"][1] == pytest.approx(row["theme"][1], abs=1)


COUNTS = """() => [...document.querySelectorAll("table.evidence-counts")].map(
  (table) => {
    // A table of counts: whether its region scrolls, where its caption is, and
    // each cell's label (CSS content) beside its column's heading.
    const region = table.closest(".pst-scrollable-table-container");
    const caption = table.caption && table.caption.getBoundingClientRect();
    const headings = [...table.querySelectorAll("thead th")].map(
      (th) => th.textContent.trim());
    const cells = [...table.querySelectorAll("tbody tr")].flatMap(
      (row) => [...row.cells].map((cell, index) => {
        const label = getComputedStyle(cell, "::before").content;
        return { column: index, heading: headings[index],
                 label: label === "none" ? "" : label.replace(/^"|"$/g, ""),
                 right: cell.getBoundingClientRect().right };
      }));
    return { scrolls: region.scrollWidth > region.clientWidth + 1,
             caption: caption && [caption.left, caption.right], cells };
  })"""

COUNTS_PAGES = ["home", "findings", "dashboard", "browse: a facet's values"]
"""The pages with tables of counts (output/views/counts.py)."""


@pytest.mark.parametrize("width", [320, NARROW + 128])
def test_tables_of_counts_fit_the_screen_with_their_captions(
    browser: Browser, site_url: str, width: int
) -> None:
    """Narrow, a table of counts is read a row at a time, each count beside
    its column's heading, so nothing scrolls and its caption is on the screen;
    wide, it is a table again."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        tables = []
        for kind in COUNTS_PAGES:
            open_page(page, site_url + PAGE_KINDS[kind])
            tables += page.evaluate(COUNTS)
    finally:
        context.close()
    cells = [cell for t in tables for cell in t["cells"]]
    captions = [t["caption"] for t in tables if t["caption"]]
    assert len(tables) >= len(COUNTS_PAGES)
    assert cells
    assert len(captions) >= 4  # the dashboard's
    assert [t for t in tables if t["scrolls"]] == []
    assert all(left >= 0 and right <= width for left, right in captions), captions
    assert all(cell["right"] <= width for cell in cells)
    if width < NARROW:
        wrong = [
            c for c in cells if c["label"] != (c["heading"] if c["column"] else "")
        ]
        assert wrong == []
    else:
        assert {c["label"] for c in cells} == {""}


AN_AUTHORS_WIDE_TABLE = """() => {
  // A captioned table of the dashboard made an ordinary one (as an author may
  // write in a summary) with a cell too wide for a phone.
  const table = [...document.querySelectorAll("table.evidence-counts")]
    .find((t) => t.caption);
  table.classList.remove("evidence-counts");
  table.querySelector("tbody td").textContent = "x".repeat(60);
  return table.caption.textContent;
}"""

SCROLL_CUE = """() => {
  const region = document.querySelector(".pst-scrollable-table-container:has(> table:not(.evidence-counts))");
  region.scrollLeft = region.scrollWidth;
  const caption = region.querySelector("caption").getBoundingClientRect();
  const style = getComputedStyle(region);
  return {
    scrolls: region.scrollWidth > region.clientWidth + 1,
    scrolled: region.scrollLeft,
    hint: getComputedStyle(region, "::before").content,
    shadows: style.backgroundImage,
    caption: [caption.left, caption.right],
    focused: document.activeElement === region,
    ring: [style.outlineStyle, parseFloat(style.outlineWidth)],
  };
}"""


def test_a_table_that_scrolls_says_so_and_keeps_its_caption_in_view(
    browser: Browser, site_url: str
) -> None:
    """At 320 px, a table too wide for the screen scrolls in its own region,
    which shows that it does (a line saying so, shadows at the edges with
    more), takes the keyboard's focus with a visible ring, and keeps its
    caption on the screen when scrolled to its end."""
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        open_page(page, site_url + PAGE_KINDS["dashboard"])
        caption = page.evaluate(AN_AUTHORS_WIDE_TABLE)
        region = page.locator(
            ".pst-scrollable-table-container:has(> table:not(.evidence-counts))"
        )
        # The theme's script makes a region that overflows focusable.
        expect(region).to_have_attribute("tabindex", "0")
        for _ in range(300):
            page.keyboard.press("Tab")
            if region.evaluate("r => r === document.activeElement"):
                break
        cue = page.evaluate(SCROLL_CUE)
    finally:
        context.close()
    assert caption
    assert cue["scrolls"] and cue["scrolled"] > 0
    assert "Scroll sideways" in cue["hint"]
    assert cue["shadows"].count("gradient") == 4
    assert cue["caption"][0] >= 0 and cue["caption"][1] <= 320, cue
    assert cue["focused"]
    assert cue["ring"][0] != "none" and cue["ring"][1] >= 2


NARROW_LAYOUTS = ["home", "summary", "findings of a goal", "browse: hub timeline"]
"""The pages whose layout changes most on a phone (test_browser.py runs axe on
every page at 400 px and above)."""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", NARROW_LAYOUTS)
def test_the_narrow_layouts_pass_axe(
    browser: Browser, site_url: str, kind: str, scheme: str
) -> None:
    assert axe_in_mode(browser, site_url + PAGE_KINDS[kind], scheme, 320) == []


@pytest.mark.parametrize(
    ("kind", "part"),
    [
        ("findings of a goal", "table.evidence-findings"),
        ("summary", "table.evidence-themes"),
        ("browse: hub timeline", "ol.evidence-timeline"),
        ("home", ".evidence-catalogue"),
        ("synthesis: goal", "table.evidence-synthesis-matrix tbody"),
    ],
)
def test_the_narrow_layouts_work_from_the_keyboard_alone(
    browser: Browser, site_url: str, kind: str, part: str
) -> None:
    """At 320 px, Tab reaches every link and button of the part, in order, each
    shown with its focus ring and on the screen."""
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        open_page(page, site_url + PAGE_KINDS[kind])
        # What Tab can reach: a closed list's toggle, not the links inside it.
        reachable = "a:visible, button:visible, summary:visible"
        wanted = page.locator(part).first.locator(reachable).count()
        focused = tab_through(page, part)
        on_screen = page.evaluate("() => window.innerWidth")
    finally:
        context.close()
    assert wanted
    assert len(focused) == wanted
    assert all(f["ring"] and f["shown"] for f in focused), focused
    assert all(f["left"] >= 0 and f["right"] <= on_screen for f in focused), focused


SHIFTS = """() => new Promise((done) => {
  // Every layout shift since the page started, once its fonts have loaded
  // (an icon font arriving late is what moved pages before).
  document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
    const moved = [];
    new PerformanceObserver((list) => {
      for (const shift of list.getEntries()) {
        if (shift.hadRecentInput) continue;
        moved.push({ value: shift.value, what: shift.sources.map((source) =>
          source.node ? (source.node.className || source.node.nodeName) : "?") });
      }
    }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => done(moved), 100);
  })));
})"""


@pytest.mark.parametrize("width", [400, 1280])
def test_no_page_moves_while_it_loads(
    browser: Browser, site_url: str, width: int
) -> None:
    """Nothing a reader sees jumps once shown (Lighthouse's layout shift, CLS).

    The breadcrumbs' separators are icons from a font that arrives after the
    text: unless their width is fixed, a trail that just fits on one line
    wraps first and the whole page jumps up when the font arrives.
    """
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    moved: dict[str, Any] = {}
    try:
        for kind, path in PAGE_KINDS.items():
            open_page(page, site_url + path)
            shifts = page.evaluate(SHIFTS)
            if sum(shift["value"] for shift in shifts) >= 0.01:
                moved[f"{kind} ({path})"] = shifts
    finally:
        context.close()
    assert moved == {}


def test_the_page_kinds_are_those_the_web_bench_measures() -> None:
    """A new kind of page in the bench is a kind of page to fit on a phone."""
    from .bench.web import PAGE_KINDS as BENCH_KINDS  # noqa: PLC0415

    ours = {re.sub(r"\?.*", "", path) for path in PAGE_KINDS.values()}
    for kind, pattern in BENCH_KINDS.items():
        regex = re.compile(re.escape(pattern).replace(r"\*", "[^/]+") + "$")
        assert any(regex.match(path) for path in ours), kind


class _SlowSidebar(http.server.SimpleHTTPRequestHandler):
    """Serves the site, sending one page's secondary sidebar half a second
    after the rest of the page before it (as a long page arrives)."""

    slow: ClassVar[str] = ""
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        if self.path != "/" + self.slow:
            super().do_GET()
            return
        html = (Path(self.directory) / self.slow).read_bytes()
        cut = html.index(b'<div id="pst-secondary-sidebar"')
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(html[:cut])
        self.wfile.flush()
        time.sleep(0.5)
        self.wfile.write(html[cut:])

    def log_message(self, *args: object) -> None:
        pass


def test_the_article_keeps_its_width_until_its_contents_sidebar_arrives(
    browser: Browser, built_site: Path
) -> None:
    """On a wide screen, a page whose "On this page" sidebar comes late (a long
    summary on a slow network) shows its article at its final width at once,
    rather than narrowing it, and moving the page, when the sidebar comes."""
    _SlowSidebar.slow = PAGE_KINDS["summary"]
    handler = functools.partial(_SlowSidebar, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/{_SlowSidebar.slow}")
        shifts = page.evaluate(SHIFTS)
        assert page.locator("#pst-secondary-sidebar").is_visible()
    finally:
        context.close()
        server.shutdown()
    assert sum(shift["value"] for shift in shifts) < 0.01, shifts
