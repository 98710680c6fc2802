"""Synthesis pages: what each shows, kept right by incremental builds, and the
anonymised form that names no hub.

The expectations about the example content are worked out here from the
sources (front matter, theme lines, ``hubs/topics.yaml``), not by calling the
code that makes the pages.
"""

from __future__ import annotations

import dataclasses as dc
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from hub_evidence.output.browse import pages as browse_pages

from .conftest import REPOSITORY
from .helpers import GOOD_SUMMARY, Build, build, every_file, summary_files, write_site
from .test_anonymised import KEPT, NAMES, named_summary
from .views_site import site_files, summary

SYNTHESIS_INDEX = (REPOSITORY / "synthesis/index.md").read_text(encoding="utf-8")
TOPICS = yaml.safe_load((REPOSITORY / "hubs/topics.yaml").read_text(encoding="utf-8"))
GOAL_LABELS = {
    "primary": "Primary",
    "secondary": "Secondary",
    "post-16": "Post-16",
    "llme": "LLME (local leaders of mathematics education)",
}


# -- the example content, read independently ------------------------------------


@dc.dataclass(frozen=True)
class SourceTheme:
    title: str
    kind: str
    tags: tuple[str, ...]


@dc.dataclass(frozen=True)
class SourceSummary:
    path: str
    front: dict[str, object]
    themes: tuple[SourceTheme, ...]

    @property
    def slug(self) -> str:
        return self.path.split("/")[2]

    @property
    def goals(self) -> list[str]:
        goals = self.front["strategic_goal"]
        return [goals] if isinstance(goals, str) else list(goals)  # type: ignore[arg-type]

    @property
    def shown(self) -> bool:
        """In the network audience (the site's published build)."""
        front = self.front
        return front["status"] == "published" and front["sharing"] != "hub"


def source_summaries() -> list[SourceSummary]:
    found = []
    for path in sorted((REPOSITORY / "hubs").glob("*/*/index.md")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        themes = []
        lines = text.splitlines()
        for number, line in enumerate(lines):
            if match := re.match(r"^:+\{theme\} (.+)$", line):
                options = {}
                for option in lines[number + 1 : number + 6]:
                    if m := re.match(r"^:(\w+): (.*)$", option):
                        options[m[1]] = m[2]
                tags = tuple(t.strip() for t in options.get("tags", "").split(","))
                themes.append(
                    SourceTheme(match[1], options["kind"], tuple(t for t in tags if t))
                )
        found.append(
            SourceSummary(path.relative_to(REPOSITORY).as_posix(), front, tuple(themes))
        )
    assert len(found) >= 10
    return found


def label(tag: str) -> str:
    topic = TOPICS["topics"].get(tag)
    return topic["label"] if topic else tag


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def counts_list(summaries: list[tuple[SourceSummary, SourceTheme]]) -> list[str]:
    kinds = [theme.kind for _, theme in summaries]
    return [
        plural(len({s.slug for s, _ in summaries}), "hub", "hubs"),
        plural(len({s.front["year"] for s, _ in summaries}), "year", "years"),
        plural(kinds.count("finding"), "finding", "findings"),
        plural(kinds.count("process"), "process theme", "process themes"),
    ]


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
    )


def recurring_tables(soup: BeautifulSoup) -> dict[str, Tag]:
    section = soup.find("section", id="recurring-topics") or soup.find(
        "section", id="strategic-goals"
    )
    assert isinstance(section, Tag)
    for link in section.select("caption a.headerlink"):
        link.extract()
    return {
        table.caption.get_text(" ", strip=True): table
        for table in section.find_all("table")
    }


def rows(table: Tag) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]


def test_a_goal_page_puts_recurring_topics_side_by_side(built_site: Path) -> None:
    shown = [s for s in source_summaries() if s.shown and "primary" in s.goals]
    themed = [(s, t) for s in shown for t in s.themes]
    assert themed
    by_topic: dict[str, list[tuple[SourceSummary, SourceTheme]]] = defaultdict(list)
    for summary_, theme in themed:
        for tag in theme.tags or ("",):
            by_topic[label(tag) if tag else "No topic"].append((summary_, theme))
    recurring = {
        topic: pairs
        for topic, pairs in by_topic.items()
        if len({s.slug for s, _ in pairs}) >= 2
    }
    assert len(recurring) >= 2, "the example content has recurring topics"

    soup = page(built_site, "synthesis/primary")
    assert soup.title is not None
    assert soup.title.get_text().startswith("Synthesis: Primary")
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag)
    assert str(description["content"]).startswith(
        "What the hubs working on the strategic goal “Primary” found"
    )
    counts = soup.select_one("ul.evidence-synthesis-counts")
    assert counts is not None
    assert [li.get_text(strip=True) for li in counts.find_all("li")] == counts_list(
        themed
    )
    tables = recurring_tables(soup)
    expected = {
        f"{topic}: {plural(len(pairs), 'theme', 'themes')} from "
        f"{len({s.slug for s, _ in pairs})} hubs": pairs
        for topic, pairs in recurring.items()
    }
    assert set(tables) == set(expected)
    for caption, pairs in expected.items():
        found = rows(tables[caption])
        assert sorted((r[0], r[1], r[2]) for r in found) == sorted(
            (str(s.front["hub"]), str(s.front["year"]), t.title) for s, t in pairs
        )
        # Each title links to its theme on its summary's page.
        links = {
            a.get_text(strip=True): a["href"]
            for a in tables[caption].select("tbody a[href]")
        }
        for summary_, theme in pairs:
            target = summary_.path.removeprefix("hubs/").removesuffix(".md")
            assert re.fullmatch(
                rf"\.\./hubs/{re.escape(target)}\.html#[\w-]+", links[theme.title]
            )
    # The matrix: one row per hub, each with its themes' titles.
    matrix = soup.select_one("table.evidence-synthesis-matrix")
    assert matrix is not None
    assert matrix.caption is not None
    assert [th.get("scope") for th in matrix.select("thead th")] == ["col"] * len(
        matrix.select("thead th")
    )
    hubs = sorted({str(s.front["hub"]) for s in shown}, key=str.casefold)
    assert [tr.th.get_text(strip=True) for tr in matrix.select("tbody tr")] == hubs
    assert {th.get("scope") for th in matrix.select("tbody th")} == {"row"}
    # A narrow screen labels each cell with its column's heading.
    for table in [matrix, *tables.values()]:
        headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for tr in table.select("tbody tr"):
            cells = tr.find_all(["th", "td"], recursive=False)
            assert [c.get("data-label") for c in cells[1:]] == headings[1:]
    empty = [td for td in matrix.select("tbody td") if td.get_text(strip=True) == "—"]
    assert empty, "some hub has no theme in some topic group"
    assert all("evidence-synthesis-empty" in td["class"] for td in empty)
    text = matrix.get_text(" ")
    assert all(theme.title in text for _, theme in themed)
    # Implications are gathered under every topic, recurring or not.
    implications = soup.find("section", id="implications-by-topic")
    assert isinstance(implications, Tag)
    headings = [strong.get_text() for strong in implications.find_all("strong")]
    assert set(recurring) <= set(headings)


def test_a_topic_page_puts_each_goals_findings_side_by_side(built_site: Path) -> None:
    themed = [
        (s, t)
        for s in source_summaries()
        if s.shown
        for t in s.themes
        if "confidence" in t.tags
    ]
    assert themed
    by_goal: dict[str, list[tuple[SourceSummary, SourceTheme]]] = defaultdict(list)
    for summary_, theme in themed:
        for goal in summary_.goals:
            by_goal[GOAL_LABELS[goal]].append((summary_, theme))
    recurring = {
        goal: pairs
        for goal, pairs in by_goal.items()
        if len({s.slug for s, _ in pairs}) >= 2
    }
    assert recurring

    soup = page(built_site, "synthesis/topic/confidence")
    assert soup.title is not None
    assert soup.title.get_text().startswith("Synthesis: Confidence")
    counts = soup.select_one("ul.evidence-synthesis-counts")
    assert counts is not None
    assert [li.get_text(strip=True) for li in counts.find_all("li")] == counts_list(
        themed
    )
    tables = recurring_tables(soup)
    assert set(tables) == {
        f"{goal}: {plural(len(pairs), 'theme', 'themes')} from "
        f"{len({s.slug for s, _ in pairs})} hubs"
        for goal, pairs in recurring.items()
    }
    index = page(built_site, "synthesis/index")
    listed = {
        a.get_text(strip=True) for a in index.select("ul.evidence-synthesis-index a")
    }
    assert {"Primary", "Confidence", GOAL_LABELS["llme"]} <= listed


# -- the anonymised form ----------------------------------------------------------


def sentinels() -> set[str]:
    """Every hub name, folder, region, evaluator and case of the sources."""
    words: set[str] = set()
    for summary_ in source_summaries():
        front = summary_.front
        words |= {str(front["hub"]), summary_.slug, str(front.get("case", "")).strip()}
        for key in ("region", "evaluators"):
            value = front.get(key) or []
            words |= {value} if isinstance(value, str) else set(value)  # type: ignore[arg-type]
    return {word for word in words if word}


@pytest.mark.parametrize("which", ["built_site", "preview_site"])
def test_the_anonymised_pages_name_no_hub_anywhere(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    words = sentinels()
    assert len(words) > 30
    summaries = {
        s.path.removeprefix("hubs/").removesuffix(".md") for s in source_summaries()
    }
    anonymised = sorted((site / "synthesis/anonymised").rglob("*.html"))
    names = {path.relative_to(site).as_posix() for path in anonymised}
    assert {
        *(f"synthesis/anonymised/{goal}.html" for goal in GOAL_LABELS),
        "synthesis/anonymised/topic/confidence.html",
    } <= names
    for path in anonymised:
        name = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        for word in words:
            assert word.casefold() not in text.casefold(), (name, word)
        for href in re.findall(r'(?:href|src)="([^"]*)"', text):
            assert not any(s in href for s in summaries), (name, href)
            assert "browse/hub/" not in href, (name, href)
        assert "evidence-synthesis-counts" in text, name
    # Not in any search index: no record of theirs can tie a theme to a hub.
    for file, data in every_file(site, opened=True).items():
        if file.startswith(("pagefind", "search")) or file.endswith(".js"):
            assert b"synthesis/anonymised" not in data, file
            assert b"Anonymised synthesis" not in data, file


def test_the_anonymised_page_holds_the_exports_themes_in_its_order(
    built_site: Path,
) -> None:
    consenting = [
        s
        for s in source_summaries()
        if s.shown and "primary" in s.goals and s.front["anonymised_use"]
    ]
    refusing = [
        s
        for s in source_summaries()
        if "primary" in s.goals and not s.front["anonymised_use"]
    ]
    soup = page(built_site, "synthesis/anonymised/primary")
    text = soup.get_text(" ")
    themed = [(s, t) for s in consenting for t in s.themes]
    assert themed
    counts = soup.select_one("ul.evidence-synthesis-counts")
    assert counts is not None
    assert [li.get_text(strip=True) for li in counts.find_all("li")] == counts_list(
        themed
    )
    for summary_ in refusing:
        for theme in summary_.themes:
            assert theme.title not in text
    export = json.loads((built_site / "anonymised/primary.json").read_text())
    order = [theme["title"] for theme in export["themes"]]
    tables = recurring_tables(soup)
    assert tables
    for table in tables.values():
        assert [th.get_text(strip=True) for th in table.select("thead th")] == [
            "Year",
            "Theme",
            "Kind",
            "Finding",
            "Implication",
        ]
        titles = [row[1] for row in rows(table)]
        assert titles == sorted(titles, key=order.index)
        assert not table.select("a[href]")


def test_a_theme_the_lint_flags_is_left_out_with_a_warning(tmp_path: Path) -> None:
    other = (
        GOOD_SUMMARY.replace("Northshire Maths Hub", "Westmere Maths Hub")
        .replace("Confidence with early number grew", "Teachers felt surer")
        .replace("Finding text.", "Teachers felt surer of number work.")
    )
    files = {
        **summary_files(named_summary()),
        **summary_files(other, "hubs/2023-24/westmere"),
        "synthesis/index.md": SYNTHESIS_INDEX.replace("../docs/synthesis", "index"),
    }
    index = (
        "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/*/index\nsynthesis/index\n```\n"
    )
    srcdir = write_site(tmp_path / "src", files, index=index)
    result = build(srcdir)
    flagged = [w for w in result.warnings if w.type == "evidence.reidentifying"]
    assert len(flagged) == 5
    assert all("anonymised synthesis pages" in w.message for w in flagged)
    for name in (
        "synthesis/anonymised/primary",
        "synthesis/anonymised/topic/confidence",
    ):
        soup = page(result.outdir, name)
        text = soup.get_text(" ")
        for word in (*NAMES, "Westmere", "Northshire", "northshire"):
            assert word not in text, (name, word)
        (table,) = recurring_tables(soup).values()
        assert sorted(row[1] for row in rows(table)) == sorted(
            [*KEPT, "Teachers felt surer"]
        ), name
    # The named page has them all.
    named = page(result.outdir, "synthesis/primary").get_text(" ")
    assert "The Year 2 teacher led the sessions" in named


# -- incremental, parallel, audience ----------------------------------------------

SYNTHESIS_SITE_INDEX = (
    "# Test site\n\n```{toctree}\n\nhubs/index\nfindings\ndashboard\n"
    "browse/index\nsynthesis/index\n```\n"
)
"""The summaries under a page of their own, as on the site: a new summary
changes that page's navigation, not every page's navigation bar."""
HUBS_INDEX = "# Summaries\n\n```{toctree}\n:glob:\n\n*/*/index\n```\n"
POST_16 = "synthesis/post-16.html"
CORE_MATHS = "synthesis/topic/core-maths.html"
ANONYMISED_POST_16 = "synthesis/anonymised/post-16.html"
ANONYMISED_CORE_MATHS = "synthesis/anonymised/topic/core-maths.html"
CHANGED = {POST_16, CORE_MATHS, ANONYMISED_POST_16, ANONYMISED_CORE_MATHS}
NEW_FOLDER = "hubs/2024-25/marchmoor"


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    files = site_files() | {
        "hubs/index.md": HUBS_INDEX,
        "synthesis/index.md": SYNTHESIS_INDEX.replace(
            "{doc}`the guide <../docs/synthesis>`", "the guide"
        ),
    }
    return write_site(tmp_path / "src", files, index=SYNTHESIS_SITE_INDEX)


def synthesis_files(result: Build) -> dict[str, bytes]:
    return {
        name: data
        for name, data in every_file(result.outdir).items()
        if name.startswith("synthesis/")
    }


def written_since(result: Build, before: dict[str, int]) -> set[str]:
    return {
        name
        for name, mtime in mtimes(result).items()
        if before.get(name) != mtime and name != "synthesis/index.html"
    }


def mtimes(result: Build) -> dict[str, int]:
    return {
        path.relative_to(result.outdir).as_posix(): path.stat().st_mtime_ns
        for path in (result.outdir / "synthesis").rglob("*.html")
    }


def text_of(result: Build, name: str) -> str:
    return BeautifulSoup(
        (result.outdir / name).read_text(encoding="utf-8"), "html.parser"
    ).get_text(" ")


def new_summary(finding: str) -> str:
    return summary(
        "Marchmoor Maths Hub",
        "2024/25",
        "West Midlands",
        "post-16",
        theme="Core Maths stayed popular",
        finding=finding,
        tags="core-maths",
    )


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_new_edited_or_removed_summary_changes_exactly_its_pages(
    srcdir: Path, parallel: int
) -> None:
    first = build(srcdir, parallel=parallel)
    assert first.warnings == []
    before = synthesis_files(first)
    assert set(before) >= CHANGED
    assert "Core Maths stayed popular" not in text_of(first, POST_16)
    assert "No topic has findings from two or more hubs" in text_of(first, POST_16)

    # Adding a summary: its goal's and its topic's pages, and the anonymised form.
    at = mtimes(first)
    write_site(
        srcdir,
        summary_files(new_summary("Core Maths entries held up."), NEW_FOLDER),
        index=SYNTHESIS_SITE_INDEX,
    )
    added = build(srcdir, parallel=parallel, fresh=False)
    assert added.warnings == []
    for name in CHANGED:
        text = text_of(added, name)
        assert "Core Maths stayed popular" in text, name
        assert "Core Maths entries held up." in text, name
        assert "Core Maths grew" in text, name
    recurring = page(added.outdir, POST_16.removesuffix(".html"))
    assert list(recurring_tables(recurring)) == ["core-maths: 2 themes from 2 hubs"]
    assert "Marchmoor Maths Hub" in text_of(added, POST_16)
    for name in (ANONYMISED_POST_16, ANONYMISED_CORE_MATHS):
        assert "Marchmoor" not in text_of(added, name)
    assert written_since(added, at) == CHANGED

    # Editing it.
    at = mtimes(added)
    write_site(
        srcdir,
        summary_files(new_summary("Core Maths entries rose again."), NEW_FOLDER),
        index=SYNTHESIS_SITE_INDEX,
    )
    edited = build(srcdir, parallel=parallel, fresh=False)
    for name in CHANGED:
        assert "Core Maths entries rose again." in text_of(edited, name)
        assert "Core Maths entries held up." not in text_of(edited, name)
    assert written_since(edited, at) == CHANGED

    # Nothing changed: nothing written.
    at = mtimes(edited)
    again = build(srcdir, parallel=parallel, fresh=False)
    assert written_since(again, at) == set()

    # A page deleted from the output is written again, and only it.
    (again.outdir / CORE_MATHS).unlink()
    at = mtimes(again)
    rewritten = build(srcdir, parallel=parallel, fresh=False)
    assert written_since(rewritten, at) == {CORE_MATHS}

    # Removing it: the pages are as before it was added.
    shutil.rmtree(srcdir / NEW_FOLDER)
    removed = build(srcdir, parallel=parallel, fresh=False)
    assert synthesis_files(removed) == before


def test_new_code_writes_every_page_again(
    srcdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site built by an earlier release of the extension: its pages are
    written again, as a fresh build would write them."""
    first = build(srcdir)
    at = mtimes(first)
    monkeypatch.setattr(browse_pages, "code_digest", lambda: "a later release")
    again = build(srcdir, fresh=False)
    assert written_since(again, at) == set(at) - {"synthesis/index.html"} != set()


def test_serial_and_parallel_builds_write_the_same_pages(
    srcdir: Path, tmp_path: Path
) -> None:
    serial = synthesis_files(build(srcdir))
    copy = shutil.copytree(srcdir, tmp_path / "copy")
    parallel = synthesis_files(build(copy, parallel=2))
    assert len(serial) > 5
    assert serial == parallel


def test_only_summaries_the_audience_may_see_are_synthesised(srcdir: Path) -> None:
    draft = new_summary("A draft finding about Core Maths.").replace(
        "status: published", "status: draft"
    )
    assert "status: draft" in draft
    write_site(srcdir, summary_files(draft, NEW_FOLDER), index=SYNTHESIS_SITE_INDEX)
    preview = build(srcdir)
    assert "A draft finding about Core Maths." in text_of(preview, CORE_MATHS)
    network = build(srcdir, evidence_audience="network")
    for name, data in synthesis_files(network).items():
        assert b"A draft finding" not in data, name
        assert b"Marchmoor" not in data, name


# -- the guide's worked example -----------------------------------------------------

GUIDE = REPOSITORY / "docs/synthesis.md"


def test_the_guides_worked_example_is_what_the_pages_show(built_site: Path) -> None:
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    goal = page(built_site, "synthesis/primary")
    counts = ", ".join(
        li.get_text(strip=True) for li in goal.select("ul.evidence-synthesis-counts li")
    )
    assert f"Its counts read **{counts}**" in guide
    tables = recurring_tables(goal)
    first = next(iter(tables))
    assert f"Its first recurring topic is “{first}”" in guide
    for hub, year, title, *_ in rows(tables[first]):
        assert f"{hub}, {year}: “{title}”" in guide
    topic = recurring_tables(page(built_site, "synthesis/topic/confidence"))
    assert topic
    for caption in topic:
        assert f"“{caption}”" in guide
