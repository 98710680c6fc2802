"""Related findings: the score and ranking (hand-made records), and the pages.

The unit tests work the expected scores out by hand from the score in
:mod:`hub_evidence.domain.related`: shared topics' ``log(N / n_t)`` plus
``WORD_WEIGHT`` times the cosine of the themes' telling words. Every title and
finding below is made of words used once on the site (so not telling) unless
a test shares a word on purpose.
"""

from __future__ import annotations

import csv
import math
import random
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from hub_evidence.domain import related
from hub_evidence.domain.related import related_findings, words_of
from hub_evidence.source.model import HubSummary, SummaryRecord, Theme

from .browser import axe_violations
from .helpers import Build, build, summary_files, write_site
from .test_narrow import MEASURE
from .views_site import summary

_UNIQUE = iter(f"w{n:04d}x" for n in range(10_000))


def unique_words(count: int = 3) -> str:
    """Words no other theme uses (``w0001x`` ...): telling nothing."""
    return " ".join(next(_UNIQUE) for _ in range(count))


def record(
    hub: str,
    *themes: Theme,
    year: str = "2023/24",
) -> SummaryRecord:
    """A summary of ``hub`` (its slug the hub's name in lower case)."""
    slug = hub.lower()
    return SummaryRecord(
        docname=f"hubs/{year.replace('/', '-')}/{slug}/index",
        slug=slug,
        title=f"{hub} Maths Hub",
        front_matter=HubSummary(hub=f"{hub} Maths Hub", year=year),
        methods=(),
        sections=(),
        themes=themes,
        hub_line=None,
    )


def theme(anchor: str, *tags: str, words: str = "", kind: str = "finding") -> Theme:
    """A theme whose title and finding are unique words, plus ``words``."""
    return Theme(
        anchor=anchor,
        title=unique_words(),
        kind=kind,
        tags=tags,
        finding=f"{unique_words()} {words}",
        implication="",
        line=None,
    )


def fillers(count: int) -> list[SummaryRecord]:
    """Summaries sharing nothing with anything (they make N larger)."""
    return [record(f"Filler{i}", theme(f"f{i}", f"alone-{i}")) for i in range(count)]


def shown(records: list[SummaryRecord], docname: str, anchor: str) -> list[str]:
    """The anchors shown under a theme, in order."""
    lists = related_findings(records).get(docname, {})
    return [finding.anchor for finding in lists.get(anchor, ())]


def test_scores_and_order_worked_out_by_hand() -> None:
    # N = 10 themes. Topic "rare" on 2 (idf log 5 = 1.609), "common" on 5
    # (idf log 2 = 0.693), "fluency" (a word) in two themes.
    aire = record("Aire", theme("a", "rare", "common", words="fluency"))
    records = [
        aire,
        # common + words alike: 0.693 + 4 x 1 = 4.693
        record("Beck", theme("b", "common", words="fluency")),
        # rare only: 1.609
        record("Cray", theme("c", "rare")),
        # common only: 0.693, below the minimum (1.0): not shown
        record("Dale", theme("d", "common")),
        record("Esk", theme("e", "common")),
        record("Fell", theme("f", "common")),
        *fillers(4),
    ]
    lists = related_findings(records)[aire.docname]["a"]
    assert [f.anchor for f in lists] == ["b", "c"]
    assert lists[0].score == pytest.approx(math.log(2) + 4)
    assert lists[1].score == pytest.approx(math.log(5))
    assert lists[0].topics == ("common",)
    assert lists[0].words == ("fluency",)
    assert lists[1].topics == ("rare",)
    assert lists[1].words == ()
    assert (lists[0].hub, lists[0].year) == ("Beck Maths Hub", "2023/24")
    assert lists[0].docname == "hubs/2023-24/beck/index"


def test_shared_topics_are_named_rarest_first() -> None:
    # N = 10: "rare" on 2 themes, "common" on 4.
    aire = record("Aire", theme("a", "common", "rare"))
    records = [
        aire,
        record("Beck", theme("b", "common", "rare")),
        record("Cray", theme("c", "common")),
        record("Dale", theme("d", "common")),
        *fillers(6),
    ]
    (beck,) = [
        f for f in related_findings(records)[aire.docname]["a"] if f.anchor == "b"
    ]
    assert beck.topics == ("rare", "common")
    assert beck.score == pytest.approx(math.log(10 / 2) + math.log(10 / 4))


def test_equal_scores_go_newest_year_first_then_hub_then_anchor() -> None:
    aire = record("Aire", theme("a", "rare"))
    records = [
        aire,
        record("Beck", theme("z", "rare"), year="2022/23"),
        record("Dale", theme("y", "rare")),
        record("Cray", theme("x2", "rare"), theme("x1", "rare")),
        *fillers(30),
    ]
    expected = ["x1", "x2", "y", "z"]  # 2023/24: Cray (x1, x2), Dale; then 2022/23
    assert shown(records, aire.docname, "a") == expected
    for seed in range(5):  # whatever order the records come in
        shuffled = records.copy()
        random.Random(seed).shuffle(shuffled)
        assert shown(shuffled, aire.docname, "a") == expected


def test_at_most_five_the_first_in_order() -> None:
    aire = record("Aire", theme("a", "rare"))
    others = [record(f"Hub{i}", theme(f"t{i}", "rare")) for i in range(8)]
    records = [aire, *others, *fillers(60)]
    assert shown(records, aire.docname, "a") == ["t0", "t1", "t2", "t3", "t4"]


def test_never_a_finding_of_the_same_hub_in_any_year() -> None:
    aire = record("Aire", theme("a", "rare", words="subitising"))
    records = [
        aire,
        record("Aire", theme("same", "rare", words="subitising"), year="2022/23"),
        record("Beck", theme("other", "rare", words="subitising")),
        *fillers(10),
    ]
    assert shown(records, aire.docname, "a") == ["other"]


def test_only_findings_are_shown_though_every_theme_gets_them() -> None:
    aire = record("Aire", theme("a", "rare", kind="process"))
    records = [
        aire,
        record("Beck", theme("process", "rare", kind="process")),
        record("Cray", theme("finding", "rare")),
        *fillers(10),
    ]
    assert shown(records, aire.docname, "a") == ["finding"]
    assert shown(records, "hubs/2023-24/cray/index", "finding") == []


def test_below_the_minimum_nothing_is_shown() -> None:
    # N = 4: a topic on 2 of 4 themes scores log 2 = 0.69 < 1.
    aire = record("Aire", theme("a", "shared"))
    records = [aire, record("Beck", theme("b", "shared")), *fillers(2)]
    assert aire.docname not in related_findings(records)


def test_tiny_sites_a_word_in_every_theme_tells_nothing() -> None:
    assert related_findings([]) == {}
    assert related_findings([record("Aire", theme("a", words="fractions"))]) == {}
    two = [
        record("Aire", theme("a", words="fractions")),
        record("Beck", theme("b", words="fractions")),
    ]
    assert related_findings(two) == {}


def test_words_are_lower_case_without_stop_words_or_short_ones() -> None:
    assert words_of("The teachers’ use of the 100-square, and TAs in Y7") == [
        "teachers",
        "use",
        "square",
        "tas",
    ]


def test_candidates_come_only_through_shared_topics_and_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no minimum, a finding sharing nothing is still never shown: it is
    never a candidate (comparing every pair would show it, with score 0)."""
    monkeypatch.setattr(related, "MIN_SCORE", -1.0)
    aire = record("Aire", theme("a", "rare"))
    records = [
        aire,
        record("Beck", theme("b", "rare")),
        record("Cray", theme("c", words="teachers")),
        record("Dale", theme("d", words="teachers")),
        *fillers(3),
    ]
    assert shown(records, aire.docname, "a") == ["b"]
    assert shown(records, "hubs/2023-24/cray/index", "c") == ["d"]


# Build tests: a site of summaries of one theme each (views_site.summary).

EARLY = "early-number"
FILLERS = {  # tag: title, sharing no word with another theme
    "leadership": "Leaders met termly",
    "assessment": "Marking policy changed",
    "rural": "Villages pooled training",
    "coastal": "Seaside schools recruited",
    "fluency": "Recall drills shortened",
    "reasoning": "Explanations lengthened",
}
COASTAL = ["hubs/2023-24/filler-3/index", "hubs/2023-24/filler-6/index"]
"""Two fillers on one topic: each shown on the other's page, all along."""
AIRE = "hubs/2023-24/aire/index"
DALE = "hubs/2023-24/dale/index"
RURAL = "hubs/2023-24/filler-2/index"  # the filler tagged "rural"
INDEX = "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/*/index\n```\n"


def one_theme(hub: str, tags: str, title: str) -> str:
    return summary(
        f"{hub} Maths Hub",
        "2023/24",
        "North West",
        "primary",
        tags=tags,
        theme=title,
        finding=f"{title}.",
    )


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    files = summary_files(
        one_theme("Aire", EARLY, "Reception counted aloud daily"), folder(AIRE)
    )
    for i, (tag, title) in enumerate(FILLERS.items()):
        text = one_theme(f"Filler {i}", tag, title)
        files |= summary_files(text, f"hubs/2023-24/filler-{i}")
    text = one_theme("Filler 6", "coastal", "Harbour towns shared tutors")
    files |= summary_files(text, folder(COASTAL[1]))
    return write_site(tmp_path / "src", files, index=INDEX)


def folder(docname: str) -> str:
    return docname.removesuffix("/index")


def related_under(result: Build, docname: str) -> list[str]:
    """The related findings' links on a summary page (all its themes)."""
    page = BeautifulSoup(result.html(docname), "html.parser")
    return [a["href"] for a in page.select("details.evidence-related li a")]


def written(result: Build) -> dict[str, int]:
    """Each summary page's modification time."""
    return {
        str(p.relative_to(result.outdir)): p.stat().st_mtime_ns
        for p in result.outdir.glob("hubs/*/*/index.html")
    }


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {page for page, mtime in after.items() if before.get(page) != mtime}


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_new_edited_or_removed_finding_changes_other_hubs_pages(
    srcdir: Path, parallel: int
) -> None:
    first = build(srcdir, parallel=parallel)
    assert first.warnings == []
    assert related_under(first, AIRE) == []
    assert related_under(first, COASTAL[0]) == [
        "../filler-6/index.html#harbour-towns-shared-tutors"
    ]
    # An unchanged rebuild writes no summary page.
    before = written(first)
    again = build(srcdir, parallel=parallel, fresh=False)
    assert rewritten(before, written(again)) == set()

    # A new summary with a finding on Aire's topic: shown under Aire's theme,
    # with no edit of Aire's summary.
    text = one_theme("Dale", EARLY, "Counting songs helped number sense")
    write_site(srcdir, summary_files(text, folder(DALE)), index=INDEX)
    added = build(srcdir, parallel=parallel, fresh=False)
    assert related_under(added, AIRE) == [
        "../dale/index.html#counting-songs-helped-number-sense"
    ]
    page = BeautifulSoup(added.html(AIRE), "html.parser")
    details = page.select_one("details.evidence-related")
    assert details is not None
    assert "Dale Maths Hub, 2023/24" in details.get_text()
    assert "Shared topics: early-number" in details.get_text()
    assert related_under(added, RURAL) == []

    # Its title edited, and a theme on a topic of its own added: Aire's page
    # follows; the pair on another topic shows the same (though every score
    # moved, with one theme more on the site), so theirs are not written again.
    edit(srcdir / f"{DALE}.md", "Counting songs helped", "Counting rhymes helped")
    edit(srcdir / f"{DALE}.md", "::::\n:::::", ANOTHER_THEME + "::::\n:::::")
    before = written(added)
    edited = build(srcdir, parallel=parallel, fresh=False)
    assert related_under(edited, AIRE) == [
        "../dale/index.html#counting-rhymes-helped-number-sense"
    ]
    assert rewritten(before, written(edited)) == {
        "hubs/2023-24/aire/index.html",
        "hubs/2023-24/dale/index.html",
    }

    # Its topic changed: it leaves Aire's page for the rural filler's, and no
    # other summary page is written again.
    edit(srcdir / f"{DALE}.md", f":tags: {EARLY}", ":tags: rural")
    before = written(edited)
    retagged = build(srcdir, parallel=parallel, fresh=False)
    assert related_under(retagged, AIRE) == []
    assert related_under(retagged, RURAL) == [
        "../dale/index.html#counting-rhymes-helped-number-sense"
    ]
    assert rewritten(before, written(retagged)) == {
        "hubs/2023-24/aire/index.html",
        "hubs/2023-24/dale/index.html",
        "hubs/2023-24/filler-2/index.html",
    }

    # Removed: gone from every page.
    shutil.rmtree(srcdir / folder(DALE))
    removed = build(srcdir, parallel=parallel, fresh=False)
    assert related_under(removed, RURAL) == []
    assert related_under(removed, AIRE) == []
    fresh = build(srcdir, parallel=parallel)
    for docname in (AIRE, RURAL):
        assert removed.html(docname) == fresh.html(docname)


ANOTHER_THEME = """::::

::::{theme} Governors wanted briefings
:kind: finding
:tags: governance

Governors wanted briefings.

:::{implication}
Brief them.
:::
"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# In a real browser: the example site's summary page, its lists opened.

SUMMARY = "hubs/2023-24/northshire/index.html"
OPEN_ALL = """() => {
  const lists = [...document.querySelectorAll("details.evidence-related")];
  lists.forEach((details) => { details.open = true; });
  return lists.length;
}"""


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 320)])
def test_opened_related_findings_pass_axe_and_fit_the_screen(
    browser: Browser, site_url: str, scheme: str, width: int
) -> None:
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(site_url + SUMMARY)
        assert page.evaluate(OPEN_ALL) >= 2
        assert page.locator("details.evidence-related li a").first.is_visible()
        assert [
            (v["id"], [(n["target"], n.get("failureSummary")) for n in v["nodes"]])
            for v in axe_violations(page)
        ] == []
        assert page.evaluate(MEASURE)["problems"] == []
    finally:
        context.close()


def test_a_related_finding_opens_by_keyboard_and_leads_to_its_theme(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + SUMMARY)
    toggle = page.locator("summary.evidence-related-summary").first
    expect(toggle).to_have_accessible_name(
        re.compile(r"^Related findings? from other hubs \(\d\) to the theme “.+”$")
    )
    toggle.focus()
    page.keyboard.press("Enter")
    link = page.locator("details.evidence-related li a").first
    expect(link).to_be_visible()
    target = link.get_attribute("href")
    assert target is not None and "#" in target
    link.click()
    anchor = target.split("#")[1]
    expect(page.locator(f"tr:has(#{anchor})")).to_be_in_viewport()
    assert not page.url.endswith(SUMMARY)


def test_related_findings_are_not_printed(page: Page, site_url: str) -> None:
    page.goto(site_url + SUMMARY)
    page.evaluate(OPEN_ALL)
    related = page.locator("details.evidence-related")
    expect(related.first).to_be_visible()
    page.emulate_media(media="print")
    assert related.count() >= 2
    for i in range(related.count()):
        expect(related.nth(i)).to_be_hidden()


GUIDE = Path(__file__).parent.parent / "docs" / "cross-hub.md"
GUIDE_LIST = [
    ("Calderbrook Maths Hub", "Students valued learning why methods work"),
    ("Pennine Vale Maths Hub", "Teaching assistants often led the sessions"),
    ("Severnside Maths Hub", "Shared representations eased the start of Year 7"),
    ("Fenmarsh Maths Hub", "Confidence rose faster than practice changed"),
    ("Severnside Maths Hub", "Pupils' self-belief dipped in the first half-term"),
]
"""The list the guide's worked example walks through, in its order."""


def test_the_guide_s_worked_example_is_what_the_site_shows(built_site: Path) -> None:
    """The guide's example (docs/cross-hub.md) says what the example site shows:
    its count of themes, each topic's count, and Northshire's list in order."""
    text = re.sub(r"\s+", " ", GUIDE.read_text(encoding="utf-8"))
    example = text[text.index("For example, when this was written") :]
    with (built_site / "themes.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    said_total = re.search(r"the example site had (\d+) themes", example)
    assert said_total is not None and int(said_total[1]) == len(rows)
    said_topics = re.findall(r"([A-Z][\w ]+?) \((?:on )?(\d+) themes", example)
    assert len(said_topics) == 3
    for label, count in said_topics:
        tagged = [row for row in rows if label in row["tag_labels"].split("; ")]
        assert len(tagged) == int(count), label
    page = BeautifulSoup(
        (built_site / "hubs/2023-24/northshire/index.html").read_text("utf-8"),
        "html.parser",
    )
    first = page.select_one("details.evidence-related")
    assert first is not None
    assert "Confidence with early number grew" in first.summary.get_text()
    shown = [
        (re.search(r"\((.*), \d{4}/\d\d\)", item.p.get_text())[1], item.a.get_text())
        for item in first.select("li")
    ]
    assert shown == GUIDE_LIST
    for hub, _ in GUIDE_LIST:
        assert hub.removesuffix(" Maths Hub") in example
    for _, title in GUIDE_LIST[3:]:
        assert title in example
