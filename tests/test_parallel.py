"""A parallel build (really parallel) equals a serial one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.builders import Builder

from hub_evidence.domain import get_domain

from .helpers import GOOD_SUMMARY, Build, build, summary_files, write_site
from .views_site import DASHBOARD_PAGE, FINDINGS_PAGE, SITE_INDEX

REGIONS = ["North East", "North West", "London", "South West", "East Midlands"]
GOALS = ["primary", "secondary", "post-16", "llme"]


def corpus(size: int) -> dict[str, str | bytes]:
    """``size`` distinct summaries in the authoring contract."""
    files: dict[str, str | bytes] = {}
    for number in range(size):
        text = (
            GOOD_SUMMARY.replace("Northshire Maths Hub", f"Hub {number:03d}")
            .replace("region: North West", f"region: {REGIONS[number % len(REGIONS)]}")
            .replace(
                "strategic_goal: primary",
                f"strategic_goal: {GOALS[number % len(GOALS)]}",
            )
            .replace("Confidence with early number grew", f"Theme of hub {number}")
        )
        files |= summary_files(text, folder=f"hubs/2023-24/hub-{number:03d}")
    return files


def outputs(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*.html"))
    }


def test_parallel_build_equals_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = corpus(24) | summary_files(
        GOOD_SUMMARY.replace("Northshire", "Broken")
        .replace("region: North West", "region: Mars")
        .replace(":kind: finding", ":knd: finding"),
        folder="hubs/2023-24/broken",
    )
    calls: list[int] = []
    read_parallel = Builder._read_parallel

    def spy(self: Builder, docnames: list[str], nproc: int) -> None:
        calls.append(nproc)
        read_parallel(self, docnames, nproc)

    files["findings.md"] = FINDINGS_PAGE
    files["dashboard.md"] = DASHBOARD_PAGE
    monkeypatch.setattr(Builder, "_read_parallel", spy)
    serial = build(write_site(tmp_path / "serial", files, index=SITE_INDEX))
    assert calls == []
    parallel = build(
        write_site(tmp_path / "parallel", files, index=SITE_INDEX), parallel=2
    )
    assert calls == [2], "the parallel build did not read in parallel"

    def located(result: Build) -> list[tuple[str, int | None, str, str | None]]:
        return sorted((w.file, w.line, w.message, w.type) for w in result.warnings)

    assert located(serial) == located(parallel)
    assert [(w.file, w.line, w.type) for w in serial.warnings] == [
        ("hubs/2023-24/broken/index.md", 4, "evidence.vocabulary"),
        ("hubs/2023-24/broken/index.md", 30, "evidence.unknown_option"),
    ]
    assert (
        get_domain(serial.app.env).summaries == get_domain(parallel.app.env).summaries
    )
    assert len(get_domain(parallel.app.env).summaries) == 25
    serial_pages, parallel_pages = outputs(serial.outdir), outputs(parallel.outdir)
    assert serial_pages.keys() == parallel_pages.keys()
    assert {
        "findings.html",
        "browse/region/london.html",
        "browse/hub/hub-007.html",
    } <= serial_pages.keys()
    for name, content in serial_pages.items():
        assert content == parallel_pages[name], name
