"""Measure the evidence site against a plain MyST build of the same text.

    python -m tests.bench.run --hubs 200 [800 ...] [--folder _build/bench]

For each size N: a full build with -j 1 and with -j 2, a rebuild after one
summary's theme is edited, and a rebuild with nothing changed; wall time and
peak memory of each, for both sites, and the ratios. With two sizes or more it
also reports how the full build scales (T(large)/T(small)). Then the evidence
search of the built site (:mod:`.search`): index size, bytes fetched and time
to the first results in Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .corpus import edit_one_summary, write_corpus
from .search import measure_search

STEPS = ("full -j1", "full -j2", "edit one summary", "no change")
SEARCH_FIGURES = (
    "records",
    "index_files",
    "index_mib",
    "first_query_pagefind_kib",
    "first_query_page_kib",
    "first_results_s",
    "next_query_s",
)


def sphinx_build(site: Path, jobs: int) -> tuple[float, int]:
    """Build ``site`` (incrementally if built before); wall seconds and peak KiB."""
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(jobs),
        "-d", str(site / "_build/doctrees"), str(site), str(site / "_build/html"),
    ]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    errors = process.stderr.read() if process.stderr else ""
    if status != 0:
        raise SystemExit(f"Build of {site} failed:\n{errors}")
    return elapsed, usage.ru_maxrss


def measure(site: Path, *, plain: bool) -> dict[str, tuple[float, int]]:
    """The four steps on one site."""
    results = {}
    for jobs in (1, 2):
        shutil.rmtree(site / "_build", ignore_errors=True)
        results[f"full -j{jobs}"] = sphinx_build(site, jobs)
    edit_one_summary(site, plain=plain)
    results["edit one summary"] = sphinx_build(site, 1)
    results["no change"] = sphinx_build(site, 1)
    return results


def run(hubs: int, folder: Path) -> dict[str, object]:
    """Measure both sites at one size."""
    evidence, plain = write_corpus(folder / f"n{hubs}", hubs)
    ours = measure(evidence, plain=False)
    theirs = measure(plain, plain=True)
    return {
        "hubs": hubs,
        "search": measure_search(evidence / "_build/html"),
        "steps": {
            step: {
                "evidence_s": round(ours[step][0], 2),
                "plain_s": round(theirs[step][0], 2),
                "time_ratio": round(ours[step][0] / theirs[step][0], 2),
                "evidence_peak_mib": round(ours[step][1] / 1024),
                "plain_peak_mib": round(theirs[step][1] / 1024),
                "memory_ratio": round(ours[step][1] / theirs[step][1], 2),
            }
            for step in STEPS
        },
    }


def report(results: list[dict[str, object]]) -> str:
    """A Markdown table of the figures."""
    lines = [
        "| N | step | evidence s | plain s | time ratio | evidence MiB | plain MiB | memory ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for step, row in result["steps"].items():  # type: ignore[attr-defined]
            lines.append(
                f"| {result['hubs']} | {step} | {row['evidence_s']} | {row['plain_s']} | "
                f"{row['time_ratio']} | {row['evidence_peak_mib']} | {row['plain_peak_mib']} | "
                f"{row['memory_ratio']} |"
            )
    lines += ["", "| N | " + " | ".join(SEARCH_FIGURES) + " |"]
    lines.append("|---" * (len(SEARCH_FIGURES) + 1) + "|")
    for result in results:
        search = result["search"]
        figures = " | ".join(str(search[key]) for key in SEARCH_FIGURES)  # type: ignore[index]
        lines.append(f"| {result['hubs']} | {figures} |")
    if len(results) > 1:
        small, large = results[0], results[-1]
        for site in ("evidence_s", "plain_s"):
            ratio = large["steps"]["full -j1"][site] / small["steps"]["full -j1"][site]  # type: ignore[index]
            lines.append(
                f"\nT({large['hubs']})/T({small['hubs']}), full -j1, {site[:-2]}: {ratio:.2f}"
            )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write ``results.json`` and ``results.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--hubs", type=int, nargs="+", default=[200], help="corpus sizes"
    )
    parser.add_argument("--folder", type=Path, default=Path("_build/bench"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    results = [run(hubs, args.folder) for hubs in sorted(args.hubs)]
    table = report(results)
    (args.folder / "results.json").write_text(json.dumps(results, indent=2))
    (args.folder / "results.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
