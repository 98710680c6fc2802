"""The evidence gap map: strategic goals by topic group, and the lists behind it.

The counts are checked against the summaries' own text, read here with YAML
and a pattern (not through the extension), so the gap map and the test can
only agree by both being right.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from .conftest import REPOSITORY
from .helpers import GOOD_SUMMARY, SITE_CONF, Build, build, summary_files, write_site
from .views_site import SITE_INDEX, site_files, summary

GOALS = {
    "primary": "Primary",
    "secondary": "Secondary",
    "post-16": "Post-16",
    "llme": "LLME (local leaders of mathematics education)",
}
"""The strategic goals' default labels (the site's vocabulary)."""
NO_TOPIC = "No topic"
THEME = re.compile(r"^:{3,}\{theme\}[ \t]*(.*)\n((?::[\w-]+:.*\n)*)", re.MULTILINE)
OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$", re.MULTILINE)
CELL = re.compile(r"^(\d+) findings?(\d+) hubs?$")

Counts = dict[tuple[str, str], tuple[int, int]]


# -- reading what the sources say, and what the page shows ----------------------


def example_expectation(
    audience: tuple[str, ...] = ("network", "public"),
) -> dict[str, Counts]:
    """For "" (all years) and each year: (goal label, group label) -> (findings,
    hubs), from the example summaries and topics file as written."""
    topics = yaml.safe_load((REPOSITORY / "hubs/topics.yaml").read_text())
    groups = topics["groups"]
    group_of = {key: groups[t["group"]] for key, t in topics["topics"].items()}
    found: dict[str, dict[tuple[str, str], set[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(set)
    )
    hubs: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(
        lambda: defaultdict(set)
    )
    summaries = sorted((REPOSITORY / "hubs").glob("*/*/index.md"))
    assert len(summaries) > 5
    for path in summaries:
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        if front["status"] != "published" or front["sharing"] not in audience:
            continue
        goals = front["strategic_goal"]
        goals = [goals] if isinstance(goals, str) else goals
        for title, options in THEME.findall(text):
            values = dict(OPTION.findall(options))
            if values.get("kind") != "finding":
                continue
            tags = [t.strip() for t in values.get("tags", "").split(",") if t.strip()]
            columns = {group_of[tag] for tag in tags if tag in group_of} or {NO_TOPIC}
            for goal in goals:
                for column in columns:
                    for year in ("", str(front["year"])):
                        cell = (GOALS[goal], column)
                        found[year][cell].add((path.parent.name, title.strip()))
                        hubs[year][cell].add(path.parent.name)
    return {
        year: {
            cell: (len(found[year][cell]), len(hubs[year][cell]))
            for cell in found[year]
        }
        for year in found
    }


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def map_tables(soup: BeautifulSoup) -> dict[str, Tag]:
    """Each table of the map by its year ("" for all years)."""
    tables = soup.select("table.evidence-gap-map")
    assert tables
    return {
        re.sub(r".*, (?:in )?", "", t.caption.get_text()).replace("all years", ""): t
        for t in tables
    }


def cells(table: Tag) -> dict[tuple[str, str], str]:
    """(row heading, column heading) -> the cell's text, gaps included."""
    columns = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    shown = {}
    for row in table.select("tbody tr"):
        goal = row.th.get_text(strip=True)
        for column, td in zip(columns, row.find_all("td"), strict=True):
            shown[goal, column] = td.get_text(strip=True)
    return shown


def counts(table: Tag) -> Counts:
    """The non-empty cells' (findings, hubs); every other cell must say "gap"."""
    result = {}
    for cell, text in cells(table).items():
        if text == "gap":
            continue
        match = CELL.match(text)
        assert match, text
        result[cell] = (int(match[1]), int(match[2]))
    return result


# -- the example site ------------------------------------------------------------


def test_the_example_sites_counts_are_its_summaries_findings(built_site: Path) -> None:
    expected = example_expectation()
    tables = map_tables(page(built_site, "gap-map.html"))
    assert sorted(tables) == sorted(expected) == ["", "2023/24", "2024/25"]
    for year, table in tables.items():
        assert counts(table) == expected[year], year
        # Every goal a row, every group and "No topic" a column, gaps said.
        shown = cells(table)
        assert {goal for goal, _ in shown} == set(GOALS.values())
        assert NO_TOPIC in {column for _, column in shown}
        assert "gap" in shown.values()
    # The headers say which way they read, and the table says what it is.
    table = tables[""]
    assert {th["scope"] for th in table.select("thead th")} == {"col"}
    assert [th["scope"] for th in table.select("tbody th")] == ["row"] * len(GOALS)
    assert table.caption.get_text() == (
        "Findings by strategic goal and topic group, all years"
    )


def test_each_cell_links_to_the_list_of_its_findings(built_site: Path) -> None:
    soup = page(built_site, "gap-map.html")
    links = [
        (cell, a["href"])
        for table in map_tables(soup).values()
        for cell in table.select("td")
        for a in cell.select("a")
    ]
    assert len(links) > 20
    for cell, href in links:
        target, anchor = href.split("#")
        assert target.startswith("gap-map/"), href
        listing = page(built_site, target)
        found = listing.find(id=anchor)
        assert found is not None, href
        match = CELL.match(cell.get_text(strip=True))
        assert match, cell
        findings, hubs = match.groups()
        if found.name == "table":  # one year's findings
            rows = found.select("tbody tr")
            assert len(rows) == int(findings), href
            assert len({r.select("td")[1].get_text() for r in rows}) == int(hubs)
            for link in found.select("tbody a"):
                path, _, theme = link["href"].partition("#")
                summary_page = (built_site / target).parent / path
                assert summary_page.is_file(), link["href"]
                if theme:
                    assert page(summary_page.parent, summary_page.name).find(id=theme)
        else:  # all years: the group's counts, then its years' tables
            plural = "finding" if findings == "1" else "findings"
            assert f"{findings} {plural} from {hubs} hub" in found.get_text(), href
    # Without JavaScript: the lists are in the page as written.
    primary = page(built_site, "gap-map/primary.html")
    assert primary.h1.get_text(strip=True).rstrip("#¶") == "Gap map: Primary"
    # Its place: under the gap map, whose entry the navigation bar marks.
    crumbs = [a.get_text(strip=True) for a in primary.select(".bd-breadcrumbs a")]
    assert crumbs[-1] == "Evidence gap map"
    marked = primary.select_one(".bd-header .nav-item.current a, .bd-header a.active")
    assert marked is not None and marked.get_text(strip=True) == "Gap map"


def test_the_lists_have_no_feed_of_their_own(built_site: Path) -> None:
    feeds = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.atom")]
    assert "feeds/strategic-goal/primary.atom" in feeds
    assert [feed for feed in feeds if "gap-map" in feed] == []


def test_the_guides_worked_example_is_true(built_site: Path) -> None:
    guide = (REPOSITORY / "docs/cross-hub.md").read_text(encoding="utf-8")
    cited = re.findall(
        r"the \*\*(.+?)\*\* row's \*\*(.+?)\*\* cell says \*\*(\d+) findings from "
        r"(\d+) hubs\*\*",
        guide,
    )
    assert cited
    shown = counts(map_tables(page(built_site, "gap-map.html"))[""])
    for goal, column, findings, hubs in cited:
        assert shown[goal, column] == (int(findings), int(hubs))


# -- small sites -----------------------------------------------------------------

TOPICS = textwrap.dedent(
    """\
    groups:
      pupil-learning: Pupil learning
      teacher-development: Teacher development
      curriculum: Curriculum
    topics:
      mastering-number:
        label: Mastering Number
        scope: Use for the Mastering Number programme.
        group: pupil-learning
      early-years:
        label: Early years
        scope: Use for Nursery and Reception.
        group: pupil-learning
      confidence:
        label: Confidence
        scope: Use for confidence.
        group: pupil-learning
      non-specialists:
        label: Non-specialist teachers
        scope: Use for teachers who are not maths specialists.
        group: teacher-development
      leadership:
        label: Leadership
        scope: Use for leading.
        group: teacher-development
      core-maths:
        label: Core Maths
        scope: Use for Core Maths.
        group: curriculum
    """
)
GAP_MAP_PAGE = "# Evidence gap map\n\n```{gap-map}\n```\n"
INDEX = SITE_INDEX.replace("browse/index\n", "browse/index\ngap-map\n")
MARCHMOOR = "hubs/2024-25/marchmoor"


def gap_site(srcdir: Path, topics: bool = True) -> Path:
    files = {**site_files(), "gap-map.md": GAP_MAP_PAGE}
    if topics:
        files["hubs/topics.yaml"] = TOPICS
    return write_site(srcdir, files, index=INDEX)


def shown_map(result: Build, year: str = "") -> Counts:
    return counts(map_tables(page(result.outdir, "gap-map.html"))[year])


def marchmoor(tags: str = "confidence", theme: str = "Leads coached") -> str:
    return summary(
        "Marchmoor Maths Hub",
        "2024/25",
        "West Midlands",
        "primary",
        theme=theme,
        finding="Leads coached each other between sessions.",
        tags=tags,
    )


def written(result: Build) -> dict[str, int]:
    """The gap map's pages and their modification times."""
    return {
        path.relative_to(result.outdir).as_posix(): path.stat().st_mtime_ns
        for path in [
            result.outdir / "gap-map.html",
            *(result.outdir / "gap-map").glob("*.html"),
        ]
    }


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_new_edited_or_removed_finding_changes_the_counts_incrementally(
    tmp_path: Path, parallel: int
) -> None:
    srcdir = gap_site(tmp_path / "src")
    first = build(srcdir, parallel=parallel)
    assert first.warnings == []
    primary = ("Primary", "Pupil learning")
    teachers = ("Primary", "Teacher development")
    # Northshire's two years; Fenmarsh's theme is a process theme, not counted.
    assert shown_map(first) == {
        primary: (2, 1),
        ("Post-16", "Curriculum"): (1, 1),
    }
    assert shown_map(first, "2024/25") == {primary: (1, 1)}

    write_site(srcdir, summary_files(marchmoor(), folder=MARCHMOOR), index=INDEX)
    added = build(srcdir, parallel=parallel, fresh=False)
    assert added.warnings == []
    assert shown_map(added)[primary] == (3, 2)
    assert shown_map(added, "2024/25")[primary] == (2, 2)
    listing = page(added.outdir, "gap-map/primary.html")
    year = listing.find(id="cell-pupil-learning-2024-25")
    assert "Leads coached" in year.get_text()

    index = srcdir / MARCHMOOR / "index.md"
    index.write_text(marchmoor(tags="leadership"))
    edited = build(srcdir, parallel=parallel, fresh=False)
    assert shown_map(edited)[primary] == (2, 1)
    assert shown_map(edited)[teachers] == (1, 1)
    listing = page(edited.outdir, "gap-map/primary.html")
    assert (
        "Leads coached" in listing.find(id="cell-teacher-development").parent.get_text()
    )
    assert (
        listing.find(id="cell-pupil-learning-2024-25").get_text().count("Leads coached")
        == 0
    )

    shutil.rmtree(srcdir / MARCHMOOR)
    removed = build(srcdir, parallel=parallel, fresh=False)
    assert shown_map(removed) == shown_map(first)
    assert "Marchmoor" not in (removed.outdir / "gap-map/primary.html").read_text()


def test_an_unchanged_rebuild_writes_no_gap_map_page(tmp_path: Path) -> None:
    srcdir = gap_site(tmp_path / "src")
    first = build(srcdir)
    before = written(first)
    assert set(before) == {
        "gap-map.html",
        *(f"gap-map/{goal}.html" for goal in GOALS),
    }
    second = build(srcdir, fresh=False)
    assert written(second) == before
    # An edit to a post-16 finding's words: only its goal's list changes.
    calderbrook = srcdir / "hubs/2023-24/calderbrook/index.md"
    calderbrook.write_text(
        calderbrook.read_text().replace("Core Maths entries grew.", "Entries rose.")
    )
    third = build(srcdir, fresh=False)
    after = written(third)
    assert {name for name in after if after[name] != before[name]} == {
        "gap-map/post-16.html"
    }


def test_a_summary_outside_the_audience_is_not_counted(tmp_path: Path) -> None:
    draft = (
        GOOD_SUMMARY.replace("Northshire Maths Hub", "Draftwick Maths Hub")
        .replace("status: published", "status: draft")
        .replace("Confidence with early number grew", "Drafted confidence")
    )
    files = {
        **summary_files(GOOD_SUMMARY),
        **summary_files(draft, folder="hubs/2023-24/draftwick"),
        "hubs/topics.yaml": TOPICS,
        "gap-map.md": GAP_MAP_PAGE,
    }
    index = SITE_INDEX.replace("hubs/*/*/index\n", "hubs/*/*/index\ngap-map\n")
    conf = SITE_CONF.replace('evidence_audience = "preview"\n', "")
    srcdir = write_site(tmp_path / "src", files, conf, index)
    network = build(srcdir)
    assert shown_map(network) == {("Primary", "Pupil learning"): (1, 1)}
    for path in written(network):
        assert "Draftwick" not in (network.outdir / path).read_text(), path
        assert "Drafted" not in (network.outdir / path).read_text(), path
    preview = build(srcdir, evidence_audience="preview")
    assert shown_map(preview) == {("Primary", "Pupil learning"): (2, 2)}


def test_without_topic_groups_each_tag_is_a_column(tmp_path: Path) -> None:
    result = build(gap_site(tmp_path / "src", topics=False))
    assert result.warnings == []
    table = map_tables(page(result.outdir, "gap-map.html"))[""]
    assert table.caption.get_text() == "Findings by strategic goal and tag, all years"
    columns = [th.get_text() for th in table.select("thead th")]
    # The tags of findings (not of Fenmarsh's process theme), then "No topic".
    assert columns == ["Strategic goal", "confidence", "core-maths", "early-years",
                       NO_TOPIC]  # fmt: skip
    assert shown_map(result) == {
        ("Primary", "confidence"): (2, 1),
        ("Primary", "early-years"): (1, 1),
        ("Post-16", "core-maths"): (1, 1),
    }


def test_the_lists_are_pages_of_their_own_in_a_dirhtml_build(tmp_path: Path) -> None:
    result = build(gap_site(tmp_path / "src"), buildername="dirhtml")
    assert result.warnings == []
    soup = page(result.outdir, "gap-map/index.html")
    hrefs = [a["href"] for a in soup.select("table.evidence-gap-map td a")]
    assert "primary/#cell-pupil-learning" in hrefs
    listing = page(result.outdir, "gap-map/primary/index.html")
    assert listing.find(id="cell-pupil-learning") is not None
    assert listing.select_one("td a")["href"] == (
        "../../hubs/2024-25/northshire/#confidence-lasted"
    )
