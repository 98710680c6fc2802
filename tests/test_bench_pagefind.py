"""The Pagefind client bench (``nox -s bench -- pagefind``) still measures what
docs/pagefind-client.md reports: each client indexes every record, the same
index, so the times compare like with like. Timings are not tested."""

from __future__ import annotations

from pathlib import Path

from .bench.pagefind_client import CLIENTS, measure, report, synthetic_records


def test_every_client_indexes_every_record() -> None:
    results = measure(3, rounds=1)
    assert [row["client"] for row in results] == list(CLIENTS)
    assert results[0]["client"] == "ours"  # the ratios are against it
    assert {row["fragments"] for row in results} == {3}
    assert len({row["files"] for row in results}) == 1
    table = report(3, 1, results)
    assert table.count("\n| ") == len(CLIENTS) + 1


def test_the_records_are_the_same_each_run() -> None:
    assert synthetic_records(5) == synthetic_records(5)
    assert len({record.url for record in synthetic_records(50)}) == 50


def test_the_guide_reports_the_bench_command() -> None:
    guide = (Path(__file__).parent.parent / "docs/pagefind-client.md").read_text()
    assert "nox -s bench -- pagefind" in guide
