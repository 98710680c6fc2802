"""A parallel build (really parallel) equals a serial one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.builders import Builder

from hub_evidence.domain.store import get_domain

from .helpers import GOOD_SUMMARY, Build, build, summary_files, write_site
from .views_site import BROWSE_INDEXES, DASHBOARD_PAGE, FINDINGS_PAGE, SITE_INDEX

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
    """Every file of a build's output, by its path in the output folder."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
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
    files |= BROWSE_INDEXES
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
    serial_files, parallel_files = outputs(serial.outdir), outputs(parallel.outdir)
    differing = sorted(
        name
        for name in serial_files.keys() | parallel_files.keys()
        if serial_files.get(name) != parallel_files.get(name)
    )
    assert not differing, f"differ between serial and parallel: {differing}"
    # Every kind of output is compared: pages, both search indices, exports,
    # appendix files, static assets.
    assert {
        "findings.html",
        "browse/region/london.html",
        "browse/hub/hub-007.html",
        "hubs/2023-24/hub-007/index.html",
        "hubs/2023-24/hub-007/survey.html",
        "evidence.json",
    } <= serial_files.keys()
    for kind in (
        "pagefind/filter/",
        "pagefind-site/index/",
        "_downloads/",
        "_static/",
        "anonymised/",
    ):
        assert any(name.startswith(kind) for name in serial_files), kind
