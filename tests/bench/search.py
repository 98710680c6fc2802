"""The evidence search at scale: index size, bytes and time for a first query.

The built site is served under a sub-path, as the intranet serves it, and the
search page is opened in a fresh headless Chromium (empty cache) with a query
in its address; a second query is then typed on the warm page.
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from ..browser import CHROMIUM_ARGS, chromium_path, served

FIRST_QUERY = "fluency reasoning"
NEXT_QUERY = "transition"


def _wait_for_results(page: Page, query: str) -> None:
    page.wait_for_function(
        "q => document.querySelector('.evidence-search-status')"
        ".textContent.includes('for “' + q + '”')",
        arg=query,
        timeout=120_000,
    )


def measure_search(html: Path) -> dict[str, float]:
    """Figures for the search of the site built in ``html``."""
    index = [path for path in (html / "pagefind").rglob("*") if path.is_file()]
    fetched = {"pagefind": 0, "all": 0}

    def count(request: object) -> None:
        size = request.sizes()["responseBodySize"]  # type: ignore[attr-defined]
        fetched["all"] += size
        if "/pagefind/" in request.url:  # type: ignore[attr-defined]
            fetched["pagefind"] += size

    with served(html) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        page = browser.new_context().new_page()
        page.on("requestfinished", count)
        start = time.perf_counter()
        page.goto(f"{site}search-evidence.html?q={FIRST_QUERY}")
        _wait_for_results(page, FIRST_QUERY)
        first = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        first_bytes = dict(fetched)
        box = page.get_by_label("Search the findings")
        start = time.perf_counter()
        box.fill(NEXT_QUERY)
        box.press("Enter")
        _wait_for_results(page, NEXT_QUERY)
        following = time.perf_counter() - start
        browser.close()
    return {
        "records": len(list((html / "pagefind/fragment").iterdir())),
        "index_files": len(index),
        "index_mib": round(sum(p.stat().st_size for p in index) / 2**20, 2),
        "first_query_pagefind_kib": round(first_bytes["pagefind"] / 1024),
        "first_query_page_kib": round(first_bytes["all"] / 1024),
        "first_results_s": round(first, 2),
        "next_query_s": round(following, 3),
    }
