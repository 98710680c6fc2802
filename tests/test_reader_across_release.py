"""A reader's open search page keeps working when a new release is published.

Pagefind names its index, fragment and filter chunks by their contents, so the
next release's chunks have other names and the open page's Pagefind would ask
for files that are no longer served. ``evidence-search.js`` checks which
release is served before each search and loads that release's Pagefind when it
changed. Here the example nginx configuration serves the site, as the
intranet does, and the page is opened on one release; the next release (one
theme reworded, one summary withdrawn) is published, then rolled back, while
the page stays open. Every response the page gets is recorded: none may fail.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Response, expect

from .conftest import build_repository
from .helpers import git
from .test_cli import run
from .test_nginx import Served, start_nginx

CHANGED_SUMMARY = "hubs/2023-24/northshire/index.md"
THEME = "Mixed-age classes struggled with timetabling"
OLD_THEME_TEXT = (
    "Mixed-age classes found the daily 15-minute sessions hard to timetable."
)
NEW_WORDS = "staggered lunchtime rota"
NEW_THEME_TEXT = (
    f"{OLD_THEME_TEXT} Two schools solved it with a {NEW_WORDS} (illustrative)."
)
WITHDRAWN_SUMMARY = "hubs/2023-24/pennine-vale/index.md"
WITHDRAWN_WORD = "unbriefed"
"""A word only the withdrawn summary has."""


@pytest.fixture(scope="module")
def next_release(site_checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's next release: one theme reworded, one summary withdrawn
    (set back to review), committed and built as for publishing."""
    checkout = tmp_path_factory.mktemp("next") / "site"
    shutil.copytree(site_checkout, checkout, symlinks=True)
    summary = checkout / CHANGED_SUMMARY
    text = summary.read_text()
    assert OLD_THEME_TEXT in text and NEW_WORDS not in text
    summary.write_text(text.replace(OLD_THEME_TEXT, NEW_THEME_TEXT))
    withdrawn = checkout / WITHDRAWN_SUMMARY
    text = withdrawn.read_text()
    assert "status: published" in text and WITHDRAWN_WORD in text.lower()
    withdrawn.write_text(text.replace("status: published", "status: review"))
    git(checkout, "commit", "--quiet", "--all", "--message", "The next release")
    return build_repository(checkout, checkout.parent / "out")


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Served]:
    """nginx with the network site's example configuration (sign-in on)."""
    yield from start_nginx(tmp_path, "nginx.conf")


def chunks(site: Path) -> set[str]:
    """The names of a build's Pagefind index, filter and fragment chunks."""
    return {
        path.relative_to(site).as_posix()
        for kind in ("index", "filter", "fragment")
        for path in (site / "pagefind" / kind).iterdir()
    }


def publish(served: Served, *arguments: str) -> None:
    result = run(
        "publish", *arguments, "--to", str(served.target), cwd=served.target.parent
    )
    assert result.returncode == 0, result.stderr


def search(page: Page, words: str) -> None:
    """Types ``words`` into the open search page's box, as a reader does."""
    box = page.locator("[data-evidence-search] input[type=search]")
    box.fill("")
    box.press_sequentially(words)
    expect(page.locator(".evidence-search-status")).to_contain_text(
        re.compile(rf"(\d+ results?|No results) for “{re.escape(words)}”")
    )


def not_aborted(request: Request, failed: list[str]) -> None:
    """Note a request that failed, but not one the page let go of: the guide's
    index, read after the results are shown, is still loading when a result
    is opened (a release's missing file is a 404, noted apart)."""
    if request.failure != "net::ERR_ABORTED":
        failed.append(f"{request.failure} {request.url}")


def test_an_open_search_page_keeps_working_across_a_publish_and_a_rollback(
    nginx: Served, built_site: Path, next_release: Path, browser: Browser
) -> None:
    # The next release's index has chunks of other names: the old ones are gone
    # from what is served, which is what broke open pages.
    assert chunks(built_site) - chunks(next_release)
    assert (built_site / "pagefind/pagefind-entry.json").read_bytes() != (
        next_release / "pagefind/pagefind-entry.json"
    ).read_bytes()

    publish(nginx, str(built_site))
    page = nginx.browser_context(browser).new_page()
    failed: list[str] = []

    def record(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", record)
    page.on("requestfailed", lambda r: not_aborted(r, failed))
    page.goto(f"{nginx.site}search-evidence.html")
    expect(page.locator(".evidence-search-status")).to_contain_text("Type a word")
    results = page.locator(".evidence-search-results .evidence-result")

    search(page, "timetabling")
    expect(results.filter(has_text=THEME)).not_to_have_count(0)
    expect(results.filter(has_text=NEW_WORDS)).to_have_count(0)
    search(page, WITHDRAWN_WORD)
    expect(results.filter(has_text="Pennine Vale")).not_to_have_count(0)

    publish(nginx, str(next_release))
    # The same page, not reloaded: the new release's words are found ...
    search(page, NEW_WORDS)
    expect(results.filter(has_text=THEME)).not_to_have_count(0)
    expect(page.locator(".evidence-search-status")).to_contain_text(
        f"1 result for “{NEW_WORDS}”"
    )
    # ... a summary withdrawn by it is not ...
    search(page, WITHDRAWN_WORD)
    expect(results).to_have_count(0)
    # ... and the facets are the new release's.
    search(page, "timetabling")
    expect(results.filter(has_text=NEW_WORDS)).not_to_have_count(0)

    # Back to the first release: its words again, and the withdrawn summary.
    publish(nginx, "--rollback")
    search(page, NEW_WORDS)
    expect(results).to_have_count(0)
    search(page, WITHDRAWN_WORD)
    expect(results.filter(has_text="Pennine Vale")).not_to_have_count(0)

    # Forward again, then a result opened and its hub's document downloaded.
    publish(nginx, str(next_release))
    search(page, NEW_WORDS)
    results.first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"northshire/index\.html[^#]*#"))
    expect(page.get_by_text(NEW_WORDS)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Case study")).click()
    assert download.value.failure() is None
    # The exports are the new release's too.
    themes = page.request.get(f"{nginx.site}themes.csv")
    assert themes.ok and NEW_WORDS in themes.text()

    assert failed == []
    page.context.close()


def test_results_shown_before_a_publish_are_checked_before_they_are_used(
    nginx: Served, built_site: Path, next_release: Path, browser: Browser
) -> None:
    publish(nginx, str(built_site))
    page = nginx.browser_context(browser).new_page()
    failed: list[str] = []
    page.on(
        "response",
        lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("requestfailed", lambda r: not_aborted(r, failed))
    page.goto(f"{nginx.site}search-evidence.html")
    status = page.locator(".evidence-search-status")
    expect(status).to_contain_text("Type a word")
    results = page.locator(".evidence-search-results .evidence-result")

    # A withdrawn summary's result, shown before the publish, is not opened after it.
    search(page, WITHDRAWN_WORD)
    expect(results.filter(has_text="Pennine Vale")).not_to_have_count(0)
    publish(nginx, str(next_release))
    results.first.locator("h3 a").click()
    expect(status).to_contain_text("no longer in it")
    expect(results).to_have_count(0)
    assert page.url.split("?")[0].endswith("/search-evidence.html")

    # "Show more" of a search made before the publish shows the served release's.
    search(page, "teachers")
    shown = results.count()
    more = page.get_by_role("button", name=re.compile("show more", re.IGNORECASE))
    expect(more).to_be_visible()
    publish(nginx, "--rollback")
    more.click()
    expect(results.nth(shown)).to_be_visible()
    expect(results.filter(has_text=NEW_WORDS)).to_have_count(0)
    # The focus is on the first result added, as after any "Show more".
    expect(results.nth(shown).locator("h3 a")).to_be_focused()

    assert failed == []
    page.context.close()


def test_a_search_that_reads_a_file_gone_with_a_release_is_run_again(
    nginx: Served, built_site: Path, next_release: Path, browser: Browser
) -> None:
    """The release changes between the page's check and the files a search
    reads (here the check is answered with the old release's entry, once): the
    requests for the old files fail, which cannot be helped, and the search is
    run again on the served release's Pagefind."""
    publish(nginx, str(built_site))
    page = nginx.browser_context(browser).new_page()
    failed: list[str] = []
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 else None,
    )
    page.goto(f"{nginx.site}search-evidence.html")
    expect(page.locator(".evidence-search-status")).to_contain_text("Type a word")
    publish(nginx, str(next_release))
    old_entry = (built_site / "pagefind/pagefind-entry.json").read_text()
    page.route(
        "**/pagefind/pagefind-entry.json",  # the page's check (Pagefind adds ?ts=)
        lambda route: route.fulfill(body=old_entry, content_type="application/json"),
        times=1,
    )
    search(page, WITHDRAWN_WORD)
    expect(page.locator(".evidence-search-status")).to_contain_text("No results")
    # The search read files of the old release, which are gone ...
    gone = chunks(built_site) - chunks(next_release)
    assert failed
    assert {url.split("/evidence/")[1] for url in failed} <= gone, failed
    # ... and was run again, on the served release's Pagefind.
    served = json.loads((next_release / "pagefind/pagefind-entry.json").read_text())
    assert any(
        "/pagefind/pagefind.js?release=" in url
        and served["languages"]["en"]["hash"] in url
        for url in asked
    ), asked
    page.context.close()
