"""Atom feeds of new and updated summaries, and "Updates to this page".

Every test site here is a git repository made by the test: the dates come from
its commits.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from .helpers import (
    GOOD_SUMMARY,
    SITE_CONF,
    build,
    every_file,
    evidence_warnings,
    git,
    summary_files,
    write_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas/atom.rng")))
"""RFC 4287, Appendix B, in RELAX NG's XML syntax."""
CONF = (
    SITE_CONF
    + 'html_baseurl = "https://intranet.example.org/evidence/"\n'
    + 'project = "Maths Hubs evidence base"\n'
)
THEMED = (
    'html_theme = "pydata_sphinx_theme"\n'
    "html_theme_options = {\n"
    '    "article_footer_items": ["evidence-page-source.html"],\n'
    '    "footer_start": ["evidence-footer-links.html"],\n'
    "}\n"
)
"""The site's theme, with the templates that show dates and links."""
FIRST = "2025-03-04T10:00:00+00:00"
SECOND = "2026-01-15T09:00:00+00:00"
THIRD = "2026-02-20T09:00:00+00:00"
EASTMERE = (
    GOOD_SUMMARY.replace("Northshire", "Eastmere")
    .replace("strategic_goal: primary", "strategic_goal: secondary")
    .replace("tags: [mastering-number, early-years]", "tags: [reasoning]")
    .replace("Finding text.", "Pupils wrote 5 < 6 & 7 > 2, as text.")
)


def committed_site(tmp_path: Path, conf: str = CONF, text: str = GOOD_SUMMARY) -> Path:
    srcdir = write_site(tmp_path / "src", summary_files(text), conf=conf)
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "The site", date=FIRST)
    return srcdir


def feeds(outdir: Path) -> dict[str, etree._ElementTree]:
    """Every feed of a built site, parsed, each checked against RFC 4287."""
    found = {}
    for path in sorted((outdir / "feeds").rglob("*.atom")):
        tree = etree.parse(str(path))
        assert SCHEMA.validate(tree), (path, SCHEMA.error_log)
        root = tree.getroot()
        # The RFC's two rules that its grammar leaves to Schematron.
        for entry in root.iter(f"{ATOM}entry"):
            assert (
                root.find(f"{ATOM}author") is not None
                or entry.find(f"{ATOM}author") is not None
            )
            assert (
                entry.find(f"{ATOM}content") is not None
                or entry.find(f"{ATOM}link[@rel='alternate']") is not None
            )
        found[path.relative_to(outdir).as_posix()] = tree
    return found


def entries(tree: etree._ElementTree) -> list[dict[str, str]]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "published": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
        }
        for entry in tree.getroot().iter(f"{ATOM}entry")
    ]


@pytest.mark.parametrize("fresh", [True, False], ids=["fresh", "incremental"])
def test_the_feeds_validate_and_gain_an_entry_when_a_summary_is_added(
    tmp_path: Path, fresh: bool
) -> None:
    srcdir = committed_site(tmp_path)
    first = build(srcdir)
    assert evidence_warnings(first) == []
    before = feeds(first.outdir)
    assert {
        "feeds/all.atom",
        "feeds/hub/northshire.atom",
        "feeds/strategic-goal/primary.atom",
        "feeds/strategic-goal/secondary.atom",  # a goal's feed, even with no entry
        "feeds/tags/confidence.atom",
    } <= before.keys()
    assert "feeds/region/north-west.atom" not in before  # only goals, tags, hubs
    (northshire,) = entries(before["feeds/all.atom"])
    assert northshire["published"] == northshire["updated"] == FIRST
    assert northshire["title"] == "Northshire Maths Hub (2023/24)"
    assert northshire["id"].startswith("urn:uuid:")
    assert northshire["link"] == "../hubs/2023-24/northshire/index.html"
    root = before["feeds/all.atom"].getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == (
        "https://intranet.example.org/evidence/feeds/all.atom"
    )
    assert root.findtext(f"{ATOM}updated") == FIRST

    for name, text in summary_files(EASTMERE, "hubs/2023-24/eastmere").items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "Eastmere's summary", date=SECOND)
    after = feeds(build(srcdir, fresh=fresh).outdir)
    site = entries(after["feeds/all.atom"])
    assert [e["title"] for e in site] == [
        "Eastmere Maths Hub (2023/24)",
        "Northshire Maths Hub (2023/24)",
    ]
    assert site[0]["published"] == site[0]["updated"] == SECOND
    assert site[1] == northshire  # the same entry, the same id
    assert after["feeds/all.atom"].getroot().findtext(f"{ATOM}updated") == SECOND
    assert [e["title"] for e in entries(after["feeds/hub/eastmere.atom"])] == [
        "Eastmere Maths Hub (2023/24)"
    ]
    assert len(entries(after["feeds/strategic-goal/secondary.atom"])) == 1
    assert len(entries(after["feeds/strategic-goal/primary.atom"])) == 1
    assert len(entries(after["feeds/tags/reasoning.atom"])) == 1


def test_an_entry_is_dated_from_when_its_summary_was_published(tmp_path: Path) -> None:
    # The network build: a draft is not in it at all.
    conf = CONF.replace('evidence_audience = "preview"\n', "") + THEMED
    srcdir = committed_site(
        tmp_path, conf, GOOD_SUMMARY.replace("status: published", "status: draft")
    )
    draft = feeds(build(srcdir).outdir)
    assert entries(draft["feeds/all.atom"]) == []
    assert draft["feeds/all.atom"].getroot().findtext(f"{ATOM}updated") == FIRST

    summary = srcdir / "hubs/2023-24/northshire/index.md"
    summary.write_text(GOOD_SUMMARY)
    git(srcdir, "commit", "-qam", "Published", date=SECOND)
    summary.write_text(GOOD_SUMMARY.replace("Finding text.", "Finding text, again."))
    message = "Reworded the finding\n\nChange-note: The finding says what grew"
    git(srcdir, "commit", "-qam", message, date=THIRD)
    result = build(srcdir)
    (entry,) = entries(feeds(result.outdir)["feeds/all.atom"])
    assert (entry["published"], entry["updated"]) == (SECOND, THIRD)
    assert entry["summary"] == "The finding says what grew"

    page = BeautifulSoup(result.html("hubs/2023-24/northshire/index"), "html.parser")
    updates = [
        li.get_text(" ", strip=True) for li in page.select(".evidence-updates li")
    ]
    assert updates == [
        "20 February 2026 : The finding says what grew",
        "15 January 2026",
        "4 March 2025",
    ]
    assert page.select_one(".evidence-updates time")["datetime"] == THIRD


def test_a_change_note_in_the_front_matter_is_the_newest_updates(
    tmp_path: Path,
) -> None:
    srcdir = committed_site(tmp_path, CONF + THEMED)
    summary = srcdir / "hubs/2023-24/northshire/index.md"
    summary.write_text(
        GOOD_SUMMARY.replace(
            "anonymised_use: true ",
            "change_note: Added the survey\nanonymised_use: true ",
        )
    )
    git(srcdir, "commit", "-qam", "Survey", date=SECOND)
    result = build(srcdir)
    assert evidence_warnings(result) == []
    page = BeautifulSoup(result.html("hubs/2023-24/northshire/index"), "html.parser")
    updates = [
        li.get_text(" ", strip=True) for li in page.select(".evidence-updates li")
    ]
    assert updates == ["15 January 2026 : Added the survey", "4 March 2025"]
    (entry,) = entries(feeds(result.outdir)["feeds/all.atom"])
    assert entry["summary"] == "Added the survey"


def test_author_text_is_only_text_in_a_feed(tmp_path: Path) -> None:
    srcdir = committed_site(tmp_path, text=EASTMERE)
    result = build(srcdir)
    (feed,) = [
        tree for name, tree in feeds(result.outdir).items() if name == "feeds/all.atom"
    ]
    (content,) = feed.getroot().iter(f"{ATOM}content")
    assert content.get("type") == "xhtml"
    (div,) = content
    tags = [element.tag for element in div.iter()]
    assert tags == [f"{XHTML}div", f"{XHTML}h2", f"{XHTML}p"]
    assert div.findtext(f"{XHTML}h2") == "Confidence with early number grew"
    assert "5 < 6 & 7 > 2" in div.findtext(f"{XHTML}p")


def test_pages_advertise_their_feeds(tmp_path: Path) -> None:
    srcdir = committed_site(tmp_path, CONF + THEMED)
    (srcdir / "accessibility.md").write_text("# Accessibility\n")
    result = build(srcdir)

    def advertised(page: str) -> dict[str, str]:
        soup = BeautifulSoup(result.html(page), "html.parser")
        links = soup.head.select('link[rel="alternate"][type="application/atom+xml"]')
        return {link["title"]: link["href"] for link in links}

    site = {
        "Maths Hubs evidence base: new and updated summaries": "../../../feeds/all.atom"
    }
    assert advertised("hubs/2023-24/northshire/index") == site | {
        "Maths Hubs evidence base: Northshire Maths Hub": "../../../feeds/hub/northshire.atom"
    }
    assert advertised("browse/tags/confidence") == {
        "Maths Hubs evidence base: new and updated summaries": "../../feeds/all.atom",
        "Maths Hubs evidence base: confidence": "../../feeds/tags/confidence.atom",
    }
    assert advertised("browse/region/north-west") == {
        "Maths Hubs evidence base: new and updated summaries": "../../feeds/all.atom"
    }
    assert advertised("index") == {
        "Maths Hubs evidence base: new and updated summaries": "feeds/all.atom"
    }
    # And visibly: the site's in the footer, a page's own under its text.
    for page, own in [
        ("index", None),
        ("hubs/2023-24/northshire/index", "../../../feeds/hub/northshire.atom"),
        ("browse/tags/confidence", "../../feeds/tags/confidence.atom"),
    ]:
        soup = BeautifulSoup(result.html(page), "html.parser")
        footer = soup.select_one(".evidence-footer-links")
        link = footer.find("a", string="Atom feed of new and updated summaries")
        assert link["href"].endswith("feeds/all.atom"), page
        follow = soup.find("a", string="Follow updates (Atom feed)")
        assert (follow["href"] if follow else None) == own, page


def test_outside_git_there_are_no_feeds(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=CONF)
    result = build(srcdir)
    assert not (result.outdir / "feeds").exists()
    assert "application/atom+xml" not in result.html("hubs/2023-24/northshire/index")
    page = BeautifulSoup(result.html("hubs/2023-24/northshire/index"), "html.parser")
    assert page.select(".evidence-updates") == []


def test_an_unchanged_rebuild_writes_no_feed(tmp_path: Path) -> None:
    srcdir = committed_site(tmp_path)
    first = build(srcdir)
    times = {
        path: path.stat().st_mtime_ns
        for path in (first.outdir / "feeds").rglob("*.atom")
    }
    assert times
    build(srcdir, fresh=False)
    assert {path: path.stat().st_mtime_ns for path in times} == times


def test_a_withdrawn_summary_leaves_the_feeds_and_the_rebuild_equals_a_fresh_one(
    tmp_path: Path,
) -> None:
    conf = CONF.replace('evidence_audience = "preview"\n', "")
    srcdir = committed_site(tmp_path, conf)
    for name, text in summary_files(EASTMERE, "hubs/2023-24/eastmere").items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    (srcdir / ".gitignore").write_text("_build/\n")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "Eastmere", date=SECOND)
    first = build(srcdir)
    traced = [n for n, data in every_file(first.outdir).items() if b"Eastmere" in data]
    assert "feeds/all.atom" in traced and "whats-new.html" in traced

    summary = srcdir / "hubs/2023-24/eastmere/index.md"
    summary.write_text(EASTMERE.replace("status: published", "status: draft"))
    git(srcdir, "commit", "-qam", "Back to draft", date=THIRD)
    again = build(srcdir, fresh=False)
    rebuilt = every_file(again.outdir)
    assert [n for n, data in rebuilt.items() if b"Eastmere" in data] == []
    assert "feeds/hub/eastmere.atom" not in rebuilt
    copy = tmp_path / "fresh"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    fresh = every_file(build(copy).outdir)
    assert sorted(rebuilt.keys() ^ fresh.keys()) == []
    assert sorted(n for n in fresh if rebuilt[n] != fresh[n]) == []
