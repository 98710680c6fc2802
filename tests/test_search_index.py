"""The search index the build writes: its records, and when it is written."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import hub_evidence.search.pagefind
from hub_evidence.search.records import FILTERS, SearchRecord, search_records

from .helpers import GOOD_SUMMARY, build, summary_files, write_site

SEARCH_PAGE = "# Search\n\n:::{evidence-search}\nFind findings.\n:::\n"


def site(tmp_path: Path, summary: str = GOOD_SUMMARY) -> Path:
    files = {**summary_files(summary), "search-evidence.md": SEARCH_PAGE}
    index = (
        "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/*/index\nsearch-evidence\n```\n"
    )
    return write_site(tmp_path / "src", files, index=index)


def indexed(outdir: Path) -> list[dict[str, object]]:
    """What Pagefind stored of every record (its fragments)."""
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in sorted((outdir / "pagefind/fragment").iterdir())
    ]


def by_url(records: list[SearchRecord]) -> dict[str, SearchRecord]:
    return {record.url: record for record in records}


def test_a_plain_build_writes_a_complete_index(tmp_path: Path) -> None:
    result = build(site(tmp_path))
    assert result.warnings == []
    assert (result.outdir / "pagefind/pagefind.js").is_file()
    urls = {fragment["url"] for fragment in indexed(result.outdir)}
    page = "hubs/2023-24/northshire/index.html"
    assert urls == {
        page,
        f"{page}#confidence-with-early-number-grew",
        f"{page}#context",
        f"{page}#activity",
        f"{page}#conclusion",
        f"{page}#appendices",
        "hubs/2023-24/northshire/survey.html",
        next(url for url in urls if url.endswith("/case-study.pdf")),
    }
    download = next(url for url in urls if url.endswith("/case-study.pdf"))
    assert (result.outdir / download).read_bytes() == b"%PDF-1.4\n"


def test_records_carry_the_facets_by_name(tmp_path: Path) -> None:
    result = build(site(tmp_path))
    records = by_url(search_records(result.app.builder))
    theme = records[
        "hubs/2023-24/northshire/index.html#confidence-with-early-number-grew"
    ]
    assert theme.title == "Confidence with early number grew"
    assert theme.filters == {
        "Year": ["2023/24"],
        "Region": ["North West"],
        "Strategic goal": ["Primary"],
        "Hub": ["Northshire Maths Hub"],
        "Section": ["Theme"],
        "Kind of theme": ["Finding"],
        "Tag": ["confidence"],
    }
    assert set(theme.filters) <= set(FILTERS)
    assert theme.meta == {
        "hub": "Northshire Maths Hub",
        "year": "2023/24",
        "goal": "Primary",
        "section": "Theme",
        "kind": "Finding",
    }
    assert "Finding text." in theme.content
    assert "What the hub might do about it." in theme.content
    context = records["hubs/2023-24/northshire/index.html#context"]
    assert context.content == "Prose, any MyST."
    assert context.filters["Section"] == ["Context"]
    # Summary-wide records have the summary's tags, and no kind.
    assert context.filters["Tag"] == ["mastering-number", "early-years"]
    assert "Kind of theme" not in context.filters
    survey = records["hubs/2023-24/northshire/survey.html"]
    assert (survey.title, survey.filters["Section"]) == ("Survey", ["Appendix"])


def test_only_article_text_is_indexed(tmp_path: Path) -> None:
    result = build(site(tmp_path))
    for fragment in indexed(result.outdir):
        content = str(fragment["content"])
        assert "¶" not in content and "#" not in content
        # Nothing from the page's navigation or footer.
        assert "Test site" not in content and "Sphinx" not in content


def test_the_index_is_written_again_only_when_its_records_change(
    tmp_path: Path,
) -> None:
    srcdir = site(tmp_path)
    entry = build(srcdir).outdir / "pagefind/pagefind-entry.json"
    written = entry.stat().st_mtime_ns
    (srcdir / "search-evidence.md").write_text(SEARCH_PAGE + "\nMore words.\n")
    build(srcdir, fresh=False)
    assert entry.stat().st_mtime_ns == written
    summary = srcdir / "hubs/2023-24/northshire/index.md"
    summary.write_text(summary.read_text().replace("Finding text.", "Zeppelins."))
    result = build(srcdir, fresh=False)
    assert entry.stat().st_mtime_ns != written
    assert any("Zeppelins" in str(f["content"]) for f in indexed(result.outdir))
    assert not any("Finding text" in str(f["content"]) for f in indexed(result.outdir))


def test_without_pagefind_the_build_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_evidence.search.pagefind, "get_executable", lambda: None)
    result = build(site(tmp_path))
    [warning] = result.warnings
    assert warning.type == "evidence.search"
    assert "pip install" in warning.message
    assert not (result.outdir / "pagefind").exists()


def test_other_builders_leave_the_search_out(tmp_path: Path) -> None:
    result = build(site(tmp_path), "text")
    assert result.warnings == []
    assert not (result.outdir / "pagefind").exists()
    assert (
        (result.outdir / "search-evidence.txt")
        .read_text()
        .strip()
        .endswith("Find findings.")
    )
