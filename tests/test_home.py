"""The home page: the search, the newest summaries, what changed recently and the
strategic goals' counts, made from the records (and the history) like every
cross-hub page, and kept right by rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect

from .helpers import build, evidence_warnings, git, summary_files, write_site
from .views_site import SITE_INDEX, site_files, summary

HOME = """# Evidence base

```{evidence-search-field}
```

## Newest summaries

```{hub-catalogue}
:newest: 2
```

## Findings by strategic goal

```{facet-index}
:facet: strategic-goal
```

```{toctree}

everything
```
"""
"""A home page as the site's own (index.md): the search, the newest
summaries, the goals with their counts. Its toctree names a page, as the
site's does, not a pattern of pages: a page with a pattern is read again
whenever a page is added, which would hide whether the views alone keep the
home page right."""

EVERYTHING = SITE_INDEX.replace("# Test site", "# Everything")

SEARCH_PAGE = "# Search the evidence\n\n```{evidence-search}\n```\n"


def home(srcdir: Path, fresh: bool = True) -> BeautifulSoup:
    result = build(srcdir, fresh=fresh)
    assert result.warnings == []
    return BeautifulSoup(result.html("index"), "html.parser")


def newest(page: BeautifulSoup) -> list[str]:
    return [
        card.select_one(".sd-card-title").get_text(strip=True)
        for card in page.select(".evidence-card")
    ]


def goal_counts(page: BeautifulSoup) -> dict[str, list[str]]:
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
        for row in page.select("table.evidence-counts tbody tr")
    }


def home_files() -> dict[str, str | bytes]:
    return site_files() | {"everything.md": EVERYTHING}


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    return write_site(tmp_path / "src", home_files(), index=HOME)


def test_the_home_page_shows_the_newest_summaries_and_each_goals_counts(
    srcdir: Path,
) -> None:
    page = home(srcdir)
    # Newest year first, then by hub; only as many as asked.
    assert newest(page) == [
        "Fenmarsh Maths Hub, 2024/25",
        "Northshire Maths Hub, 2024/25",
    ]
    first = page.select_one(".evidence-card")
    assert first.select_one("a")["href"] == "hubs/2024-25/fenmarsh/index.html"
    assert first.select_one(".evidence-card-question").get_text() == "How has ... ?"
    assert "Secondary" in first.select_one(".evidence-card-facets").get_text()
    assert goal_counts(page) == {
        "Primary": ["2", "2"],
        "Secondary": ["1", "1"],
        "Post-16": ["1", "1"],
        "LLME (local leaders of mathematics education)": ["0", "0"],
    }
    links = {a.get_text(strip=True): a["href"] for a in page.select("table a")}
    assert links["Primary"] == "browse/strategic-goal/primary.html"


def test_a_new_summary_reaches_the_home_page_with_no_other_edit(srcdir: Path) -> None:
    first = build(srcdir)
    read_at = first.app.env.all_docs["index"]
    assert "Marchmoor Maths Hub, 2025/26" not in newest(
        BeautifulSoup(first.html("index"), "html.parser")
    )
    new = summary("Marchmoor Maths Hub", "2025/26", "West Midlands", "llme")
    for name, content in summary_files(new, folder="hubs/2025-26/marchmoor").items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    second = build(srcdir, fresh=False)

    assert second.warnings == []
    # The home page is not read again: what it shows is filled in when written.
    assert second.app.env.all_docs["index"] == read_at
    after = BeautifulSoup(second.html("index"), "html.parser")
    assert newest(after) == [
        "Marchmoor Maths Hub, 2025/26",
        "Fenmarsh Maths Hub, 2024/25",
    ]
    counts = goal_counts(after)
    assert counts["LLME (local leaders of mathematics education)"] == ["1", "1"]
    assert counts["Primary"] == ["2", "2"]


def test_an_edited_summary_changes_its_card_on_the_home_page(srcdir: Path) -> None:
    """Only the summary is read again; the home page is written again because
    what it shows has changed (a page whose navigation changes is rewritten
    anyway, as when a summary is added: this is the views' own doing)."""
    first = build(srcdir)
    read_at = dict(first.app.env.all_docs)
    path = srcdir / "hubs/2024-25/fenmarsh/index.md"
    text = path.read_text()
    assert "How has ... ?" in text
    path.write_text(text.replace("How has ... ?", "Did non-specialists gain?"))

    second = build(srcdir, fresh=False)

    assert second.warnings == []
    reread = {d for d, t in second.app.env.all_docs.items() if read_at.get(d) != t}
    assert reread == {"hubs/2024-25/fenmarsh/index"}
    card = BeautifulSoup(second.html("index"), "html.parser").select_one(
        ".evidence-card"
    )
    assert card.select_one(".evidence-card-question").get_text() == (
        "Did non-specialists gain?"
    )


def test_the_search_field_sends_the_words_to_the_search_page(tmp_path: Path) -> None:
    without = BeautifulSoup(
        build(write_site(tmp_path / "a", home_files(), index=HOME)).html("index"),
        "html.parser",
    )
    files = home_files() | {"search-evidence.md": SEARCH_PAGE}
    files["more/deep/page.md"] = (
        "---\norphan: true\n---\n# Deep\n\n```{evidence-search-field}\n```\n"
    )
    result = build(write_site(tmp_path / "b", files, index=HOME))
    assert evidence_warnings(result) == []
    with_page = BeautifulSoup(result.html("index"), "html.parser")
    deep = BeautifulSoup(result.html("more/deep/page"), "html.parser")
    # A plain form: the words go to the search page as ?q=..., JavaScript or not.
    form = with_page.select_one("form.evidence-search-field")
    assert (form["action"], form["method"]) == ("search-evidence.html", "get")
    assert form.select_one("input")["name"] == "q"
    label = form.select_one("label")
    assert label["for"] == form.select_one("input")["id"]
    assert deep.select_one("form.evidence-search-field")["action"] == (
        "../../search-evidence.html"
    )
    # Without a search page, Sphinx's own address (which leads on to it).
    assert without.select_one("form.evidence-search-field")["action"] == "search.html"


def test_a_newest_that_is_not_a_number_is_warned_about(tmp_path: Path) -> None:
    page = HOME.replace(":newest: 2", ":newest: three")
    result = build(write_site(tmp_path / "src", home_files(), index=page))
    assert evidence_warnings(result) == [(9, "option_value")]
    assert "`:newest: 3`" in result.warnings[0].message
    # Every summary is shown instead.
    assert (
        len(BeautifulSoup(result.html("index"), "html.parser").select(".evidence-card"))
        == 4
    )


RECENT_HOME = HOME.replace(
    "## Findings by strategic goal",
    "## Recently changed\n\n```{recently-changed}\n```\n\n## Findings by strategic goal",
)
FIRST = "2025-03-04T10:00:00+00:00"
SECOND = "2026-01-15T09:00:00+00:00"


def recently_changed(page: BeautifulSoup) -> list[str]:
    return [
        " ".join(item.get_text(" ", strip=True).split())
        for item in page.select("ul.evidence-recent > li")
    ]


def test_recently_changed_shows_the_newest_of_whats_new(tmp_path: Path) -> None:
    """The newest three of What's new (the same words and order), linked; then
    What's new and the site's feed. A commit that changes no source, as when an
    edit already built is committed, still reaches it, though nothing is read
    again."""
    srcdir = write_site(tmp_path / "src", home_files(), index=RECENT_HOME)
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "The site", date=FIRST)
    first = build(srcdir)
    assert first.warnings == []
    page = BeautifulSoup(first.html("index"), "html.parser")
    whats_new = BeautifulSoup(first.html("whats-new"), "html.parser")
    listed = [
        " ".join(a.get_text(" ", strip=True).split())
        for a in whats_new.select("ul.evidence-whats-new > li > p > a")
    ]
    assert len(listed) == 4
    assert recently_changed(page) == [
        f"{hub.replace(' (', ', ').rstrip(')')} : new summary, 4 March 2025"
        for hub in listed[:3]
    ]
    links = [a["href"] for a in page.select("ul.evidence-recent a")]
    assert links[0].startswith("hubs/") and links[0].endswith("/index.html")
    more = {
        a.get_text(strip=True): a["href"]
        for a in page.select("#recently-changed > p a")
    }
    assert more == {
        "What's new": "whats-new.html",
        "site's Atom feed": "feeds/all.atom",
    }

    path = srcdir / "hubs/2023-24/northshire/index.md"
    path.write_text(path.read_text().replace("Finding text.", "Finding, clearer."))
    second = build(srcdir, fresh=False)
    assert second.warnings == []
    # Not committed yet: not a change readers are told of.
    assert recently_changed(BeautifulSoup(second.html("index"), "html.parser")) == (
        recently_changed(page)
    )
    read_at = dict(second.app.env.all_docs)
    git(srcdir, "commit", "-qam", "Clearer", date=SECOND)

    third = build(srcdir, fresh=False)

    assert third.warnings == []
    assert dict(third.app.env.all_docs) == read_at  # nothing read again
    after = recently_changed(BeautifulSoup(third.html("index"), "html.parser"))
    assert after[0] == "Northshire Maths Hub, 2023/24 : updated, 15 January 2026"
    assert after[1:] == recently_changed(page)[:2]


def test_without_a_history_nothing_changed_is_known(srcdir: Path) -> None:
    (srcdir / "index.md").write_text(RECENT_HOME)
    result = build(srcdir)
    assert result.warnings == []
    block = BeautifulSoup(result.html("index"), "html.parser").select_one(
        "#recently-changed"
    )
    assert "No changes are known" in block.get_text()
    assert block.select("ul") == []
    # No link to a What's new page there is not.
    assert not (result.outdir / "whats-new.html").exists()
    assert block.select("a[href*='whats-new']") == []


def test_a_recently_changed_newest_that_is_not_a_number_is_warned_about(
    srcdir: Path,
) -> None:
    text = RECENT_HOME.replace(
        "```{recently-changed}\n", "```{recently-changed}\n:newest: three\n"
    )
    (srcdir / "index.md").write_text(text)
    result = build(srcdir)
    line = text.splitlines().index(":newest: three") + 1
    assert evidence_warnings(result) == [(line, "option_value")]
    assert "`:newest: 3`" in result.warnings[0].message


# -- in the browser ----------------------------------------------------------------


def test_the_home_search_works_without_javascript(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "index.html")
        field = page.get_by_role("searchbox", name="Search the findings")
        field.fill("teaching assistants")
        field.press("Enter")
        page.wait_for_url("**/search-evidence.html?q=teaching+assistants")
    finally:
        context.close()


def test_the_home_search_shows_results(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "index.html")
        page.get_by_role("searchbox", name="Search the findings").fill("confidence")
        page.locator("form.evidence-search-field button").click()
        expect(page.locator(".evidence-result").first).to_be_visible()
    finally:
        context.close()
