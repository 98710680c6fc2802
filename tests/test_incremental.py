"""Incremental builds: a change reaches every page showing it, and nothing else."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hub_evidence.output.browse.pages import plan

from .helpers import SITE_CONF, Build, build, every_file, summary_files, write_site
from .views_site import SITE_INDEX, site_files, summary

CALDERBROOK = "hubs/2023-24/calderbrook/index"
NOT_DOCUMENTS = {"genindex.html", "search.html"}


def snapshot(result: Build) -> dict[str, int]:
    """Each document page's modification time."""
    return {
        str(path.relative_to(result.outdir)): path.stat().st_mtime_ns
        for path in result.outdir.rglob("*.html")
        if path.name not in NOT_DOCUMENTS
    }


def browse_pages(result: Build) -> set[str]:
    """The browse pages the build made (from the records, when writing)."""
    found = plan(result.app)
    assert found is not None
    return set(found.pages)


def pages_containing(result: Build, text: str, *, related: bool = False) -> set[str]:
    """The pages showing ``text``: outside the related findings under themes
    (tests/test_related.py), or, with ``related``, in them."""
    found = set()
    for path in result.outdir.rglob("*.html"):
        if path.name in NOT_DOCUMENTS:
            continue
        page = BeautifulSoup(path.read_text(), "html.parser")
        lists = page.select("details.evidence-related")
        for element in lists:
            element.extract()
        shown = " ".join(e.get_text() for e in lists) if related else page.get_text()
        if text in shown:
            found.add(str(path.relative_to(result.outdir)))
    return found


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    return write_site(tmp_path / "src", site_files(), index=SITE_INDEX)


def edit(srcdir: Path, docname: str, old: str, new: str) -> None:
    path = srcdir / f"{docname}.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def kind_counts(result: Build) -> dict[str, list[str]]:
    page = BeautifulSoup(result.html("dashboard"), "html.parser")
    return {
        tr.th.get_text(strip=True): [td.get_text() for td in tr.find_all("td")]
        for tr in page.select("table tbody tr")
    }


@pytest.mark.parametrize("parallel", [0, 2])
def test_editing_a_theme_rewrites_exactly_the_pages_showing_it(
    srcdir: Path, parallel: int
) -> None:
    first = build(srcdir, parallel=parallel)
    read_at = dict(first.app.env.all_docs)
    before = snapshot(first)
    titled_before = pages_containing(first, "Core Maths grew")
    texted_before = pages_containing(first, "Core Maths entries grew.")
    # A finding before, a process theme after: it leaves other hubs' related
    # findings, so their pages change too.
    related_before = pages_containing(first, "Core Maths grew", related=True)
    assert related_before
    assert kind_counts(first) == {"Finding": ["3", "3"], "Process": ["1", "1"]}
    edit(
        srcdir,
        CALDERBROOK,
        "::::{theme} Core Maths grew\n:kind: finding",
        "::::{theme} Core Maths doubled\n:kind: process",
    )
    edit(
        srcdir,
        CALDERBROOK,
        "Core Maths entries grew.",
        "Core Maths entries more than doubled.",
    )

    second = build(srcdir, parallel=parallel, fresh=False)
    assert second.warnings == []
    reread = {
        d for d, when in second.app.env.all_docs.items() if read_at.get(d) != when
    }
    assert reread == {CALDERBROOK}, "only the edited summary is read again"
    assert pages_containing(second, "Core Maths grew") == set()
    assert pages_containing(second, "Core Maths entries grew.") == set()
    titled = pages_containing(second, "Core Maths doubled")
    texted = pages_containing(second, "Core Maths entries more than doubled.")
    assert (titled, texted) == (titled_before, texted_before)
    assert {
        "findings.html",
        "hubs/2023-24/calderbrook/index.html",
        "browse/region/yorkshire-and-the-humber.html",
        "browse/strategic-goal/post-16.html",
        "browse/year/2023-24.html",
        "browse/tags/core-maths.html",
        "browse/hub/calderbrook.html",
    } <= titled
    assert texted == {
        "findings.html",
        "hubs/2023-24/calderbrook/index.html",
        "browse/tags/core-maths.html",
    }
    assert kind_counts(second) == {"Finding": ["2", "2"], "Process": ["2", "2"]}
    after = snapshot(second)
    rewritten = {page for page, mtime in after.items() if before.get(page) != mtime}
    assert pages_containing(second, "Core Maths doubled", related=True) == set()
    changed = titled | related_before | {"dashboard.html", "browse/index.html"}
    # Sphinx also rewrites the pages whose navigation lists a rewritten page.
    listing = {
        f"{parent}.html"
        for page in changed
        for parent in second.app.env.files_to_rebuild.get(
            page.removesuffix(".html"), ()
        )
    }
    assert rewritten <= changed | listing, "pages not showing the theme are left alone"
    assert titled | {"dashboard.html"} <= rewritten


def test_a_rebuild_with_nothing_changed_reads_and_writes_nothing(srcdir: Path) -> None:
    first = build(srcdir)
    read_at = dict(first.app.env.all_docs)
    before = snapshot(first)
    assert "browse/tags/core-maths.html" in before
    second = build(srcdir, fresh=False)
    assert dict(second.app.env.all_docs) == read_at
    assert snapshot(second) == before, "not even a browse page is written"


def test_a_browse_page_deleted_from_the_output_is_written_again(srcdir: Path) -> None:
    first = build(srcdir)
    page = first.outdir / "browse/tags/core-maths.html"
    written = page.read_bytes()
    page.unlink()
    before = snapshot(first)
    second = build(srcdir, fresh=False)
    assert "0 added, 0 changed, 0 removed" in second.status
    assert page.read_bytes() == written
    after = snapshot(second)
    assert {name for name in after if after[name] != before.get(name)} == {
        "browse/tags/core-maths.html"
    }


THEMED_CONF = SITE_CONF + (
    # The site's theme, with the options it fills in when the builder starts
    # (icon links from a shortcut, the logo's link), and the preview's banner.
    'html_theme = "pydata_sphinx_theme"\n'
    "html_theme_options = {\n"
    '    "github_url": "https://example.org/evidence",\n'
    '    "theme_logo_link": "https://example.org/",\n'
    "}\n"
)
CONFIG_CHANGED = re.compile(r"configuration has changed|config changed", re.IGNORECASE)
NOTHING_READ = "updating environment: 0 added, 0 changed, 0 removed"


def test_a_rebuild_with_nothing_changed_reports_no_configuration_change(
    tmp_path: Path,
) -> None:
    srcdir = write_site(tmp_path / "src", site_files(), THEMED_CONF, SITE_INDEX)
    first = build(srcdir)
    assert "updating environment: [new config]" in first.status
    before = snapshot(first)
    assert any(page.startswith("hubs/") for page in before)
    second = build(srcdir, fresh=False)
    assert CONFIG_CHANGED.findall(second.status) == []
    assert NOTHING_READ in second.status
    assert snapshot(second) == before, "no page is written again"
    # The theme's options are as the theme made them (its shortcut is a link).
    options = second.app.config.html_theme_options
    assert [link["url"] for link in options["icon_links"]] == [
        "https://example.org/evidence"
    ]
    assert "Preview — not for publication" in second.html("index")


def test_a_new_summary_appears_everywhere_with_no_other_edit(srcdir: Path) -> None:
    build(srcdir)
    new = summary(
        "Marchmoor Maths Hub",
        "2024/25",
        "West Midlands",
        "llme",
        theme="Work Group leads coached each other",
        finding="Leads coached each other between sessions.",
        tags="leadership",
    )
    write_site(
        srcdir, summary_files(new, folder="hubs/2024-25/marchmoor"), index=SITE_INDEX
    )
    second = build(srcdir, fresh=False)
    assert second.warnings == []
    assert {"findings.html", "browse/tags/leadership.html"} <= pages_containing(
        second, "Leads coached each other between sessions."
    )
    assert {
        "browse/strategic-goal/llme.html",
        "browse/region/west-midlands.html",
        "browse/year/2024-25.html",
    } <= pages_containing(second, "Work Group leads coached each other")
    assert (
        "Marchmoor Maths Hub, 2024/25"
        in BeautifulSoup(
            second.html("browse/method/interviews"), "html.parser"
        ).get_text()
    )
    timeline = BeautifulSoup(second.html("browse/hub/marchmoor"), "html.parser")
    assert "Work Group leads coached each other" in timeline.get_text()
    counts = BeautifulSoup(second.html("findings"), "html.parser").find(
        "section", id="counts"
    )
    west_midlands = next(
        tr
        for tr in counts.select("tbody tr")
        if tr.th.get_text(strip=True) == "West Midlands"
    )
    assert [td.get_text() for td in west_midlands.find_all("td")] == ["1", "1"]
    tags_index = BeautifulSoup(second.html("browse/tags/index"), "html.parser")
    assert "leadership" in [
        a.get_text(strip=True) for a in tags_index.select("table a")
    ]


def test_a_removed_summary_leaves_no_page_behind(srcdir: Path) -> None:
    first = build(srcdir)
    assert "browse/tags/core-maths" in browse_pages(first)
    assert (first.outdir / "browse/tags/core-maths.html").is_file()
    assert (first.outdir / "hubs/2023-24/calderbrook/index.html").is_file()
    shutil.rmtree(srcdir / "hubs/2023-24/calderbrook")
    second = build(srcdir, fresh=False)
    assert second.warnings == []
    pages = browse_pages(second)
    assert "browse/tags/core-maths" not in pages
    assert "browse/hub/calderbrook" not in pages
    # The output folder, every file of it: no page, no word of the summary.
    assert not (second.outdir / "hubs/2023-24/calderbrook").exists()
    assert not (second.outdir / "browse/tags/core-maths.html").exists()
    files = every_file(second.outdir, opened=True)
    assert "findings.html" in files
    assert [n for n, data in files.items() if b"alderbrook" in data] == []
