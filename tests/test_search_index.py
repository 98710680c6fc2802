"""The search index the build writes: its records, and when it is written."""

from __future__ import annotations

import dataclasses as dc
import gzip
import json
import shutil
from pathlib import Path
from typing import Any, cast

import pytest

import hub_evidence.output.search.pagefind
from hub_evidence.output.search.pagefind import BackgroundIndex, PagefindError
from hub_evidence.output.search.records import FILTERS, SearchRecord, search_records

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
        "Wider use permitted": ["No"],
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
    monkeypatch.setattr(
        hub_evidence.output.search.pagefind, "get_executable", lambda: None
    )
    result = build(site(tmp_path))
    [warning] = result.warnings
    assert warning.type == "evidence.search"
    assert "pip install" in warning.message
    assert not (result.outdir / "pagefind").exists()


def write_index(records: list[SearchRecord], output: Path) -> None:
    """Index ``records`` into ``output`` at once, as a build does."""
    BackgroundIndex(records).write(output)


def numbered_records(count: int) -> list[SearchRecord]:
    """Distinct records, each long enough that all of them overfill a pipe."""
    return [
        SearchRecord(
            f"page-{number}.html#theme-{number}",
            f"Theme {number}",
            f"Marker{number} " + "teachers met in work groups " * 40,
            {"hub": f"Hub {number}"},
            {"Tag": [f"tag-{number % 7}"], "Year": ["2023/24"]},
        )
        for number in range(count)
    ]


def test_every_record_is_indexed_when_all_are_sent_at_once(tmp_path: Path) -> None:
    # Every request is written before the first answer is waited for: some
    # 1.8 MB of requests and 250 kB of answers, far more than a pipe holds.
    records = numbered_records(1200)
    write_index(records, tmp_path / "pagefind")
    stored = {str(fragment["url"]): fragment for fragment in indexed(tmp_path)}
    assert len(stored) == len(records)
    for record in records:
        fragment = stored[record.url]
        assert fragment["meta"] == {"title": record.title, **record.meta}
        assert fragment["filters"] == record.filters
        assert str(fragment["content"]).startswith(record.content.split()[0])


def test_a_record_pagefind_refuses_is_named(tmp_path: Path) -> None:
    records = numbered_records(300)
    write_index(records, tmp_path / "pagefind")
    bad = SearchRecord(
        "hubs/bad/index.html#theme", "Bad", "Text.", {}, cast(Any, {"Tag": "one"})
    )
    records.insert(150, bad)
    with pytest.raises(PagefindError) as raised:
        write_index(records, tmp_path / "pagefind")
    message = str(raised.value)
    assert "the search record for `hubs/bad/index.html#theme`" in message
    assert "expected a sequence" in message  # Pagefind's own reason
    assert not (tmp_path / "pagefind").exists(), "no stale index is left"


def files(folder: Path) -> dict[Path, bytes]:
    return {
        p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_writing_the_index_again_writes_only_what_changed(tmp_path: Path) -> None:
    output = tmp_path / "pagefind"
    records = numbered_records(40)
    write_index(records, output)
    (output / "filter/en_stale.pf_filter").write_bytes(b"old")
    (output / "playground").mkdir()
    (output / "playground/old.html").write_text("old")
    written = {path: path.stat().st_mtime_ns for path in output.rglob("*")}
    records[7] = dc.replace(records[7], content="Zeppelins over the work group.")
    write_index(records, output)
    after = {path: path.stat().st_mtime_ns for path in output.rglob("*")}
    assert not (output / "filter/en_stale.pf_filter").exists()
    assert not (output / "playground").exists()
    # The same files, byte for byte, as a fresh index of the same records.
    fresh = tmp_path / "fresh"
    write_index(records, fresh)
    assert files(output) == files(fresh)
    stored = {str(f["url"]): str(f["content"]) for f in indexed(tmp_path)}
    assert stored[records[7].url].startswith("Zeppelins")
    assert len(stored) == len(records)
    # The unchanged records' fragments were not written again.
    kept = [path for path in after if path in written and after[path] == written[path]]
    assert len([path for path in kept if path.parent.name == "fragment"]) == 39


def test_pagefind_stopping_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stops = shutil.which("true")
    assert stops is not None
    monkeypatch.setattr(
        hub_evidence.output.search.pagefind, "get_executable", lambda: Path(stops)
    )
    with pytest.raises(PagefindError, match="Pagefind stopped unexpectedly"):
        write_index(numbered_records(300), tmp_path / "pagefind")


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
