"""Measure the evidence site against plain Sphinx builds of the same text.

    python -m tests.bench.run --hubs 800 [--rounds 5] [--parallel] [--folder _build/bench]

Three sites hold the same summaries: the evidence site; *plain*, the same text
as plain MyST with pydata-sphinx-theme's defaults; and *floor*, the fastest
plain Sphinx build of that text (alabaster, no sidebars). For each size N and
each round, every site in turn (the order rotates between rounds, so a busy
moment of the machine does not fall on one site only) does a full build with
``-j 1`` (and ``-j 2`` with ``--parallel``), a rebuild after one summary's
theme is edited, and a rebuild with nothing changed. The report gives the
median wall time and peak memory of each step, the ratios against both
comparators, and the targets against the floor. Then the evidence search of
the built site (:mod:`.search`): index size, bytes fetched and time to the
first results in Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .corpus import edit_one_summary, write_corpus
from .search import measure_search

SITES = ("evidence", "plain", "floor")
TARGETS = {"full -j1": 2.5, "edit one summary": 1.5, "no change": 1.3}
"""Largest time ratio of the evidence site to the floor, per step."""
SEARCH_FIGURES = (
    "records",
    "index_files",
    "index_mib",
    "first_query_pagefind_kib",
    "first_query_page_kib",
    "first_results_s",
    "next_query_s",
)
FLOOR_CONF = """\
project = "Plain Sphinx floor"
extensions = ["myst_parser"]
html_theme = "alabaster"
html_sidebars = {"**": []}
exclude_patterns = ["_build"]
"""


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


def write_floor(plain: Path) -> Path:
    """The plain site's text under the fastest theme and settings."""
    floor = plain.with_name("floor")
    shutil.rmtree(floor, ignore_errors=True)
    shutil.copytree(plain, floor, ignore=shutil.ignore_patterns("_build"))
    (floor / "conf.py").write_text(FLOOR_CONF)
    return floor


def steps(parallel: bool) -> list[str]:
    """The steps measured, in the order they run."""
    return [
        "full -j1",
        *(["full -j2"] if parallel else []),
        "edit one summary",
        "no change",
    ]


def one_round(
    site: Path, *, plain: bool, parallel: bool
) -> dict[str, tuple[float, int]]:
    """Every step once on one site (the edit is a new one each round)."""
    results = {}
    for jobs in (2, 1) if parallel else (1,):  # -j1 last: the edits build on it
        shutil.rmtree(site / "_build", ignore_errors=True)
        results[f"full -j{jobs}"] = sphinx_build(site, jobs)
    edit_one_summary(site, plain=plain)
    results["edit one summary"] = sphinx_build(site, 1)
    results["no change"] = sphinx_build(site, 1)
    return results


def run(hubs: int, folder: Path, rounds: int, parallel: bool) -> dict[str, object]:
    """Measure the three sites at one size; medians over the rounds."""
    evidence, plain = write_corpus(folder / f"n{hubs}", hubs)
    sites = {"evidence": evidence, "plain": plain, "floor": write_floor(plain)}
    samples: dict[str, dict[str, list[tuple[float, int]]]] = {
        name: {step: [] for step in steps(parallel)} for name in SITES
    }
    for number in range(rounds):
        order = SITES[number % 3 :] + SITES[: number % 3]
        for name in order:
            measured = one_round(
                sites[name], plain=name != "evidence", parallel=parallel
            )
            for step, sample in measured.items():
                samples[name][step].append(sample)
            print(
                f"N={hubs} round {number + 1}/{rounds} {name}: {measured}", flush=True
            )
    table: dict[str, dict[str, float]] = {}
    for step in steps(parallel):
        row: dict[str, float] = {}
        for name in SITES:
            row[f"{name}_s"] = round(
                statistics.median(s[0] for s in samples[name][step]), 2
            )
            row[f"{name}_mib"] = round(max(s[1] for s in samples[name][step]) / 1024)
        row["vs_plain"] = round(row["evidence_s"] / row["plain_s"], 2)
        row["vs_floor"] = round(row["evidence_s"] / row["floor_s"], 2)
        table[step] = row
    return {
        "hubs": hubs,
        "rounds": rounds,
        "search": measure_search(evidence / "_build/html"),
        "steps": table,
    }


def report(results: list[dict[str, object]]) -> str:
    """Markdown tables of the figures."""
    lines = [
        "| N | step | evidence s | plain s | floor s | ÷ plain | ÷ floor | target ÷ floor "
        "| evidence MiB | plain MiB | floor MiB |",
        "|---" * 11 + "|",
    ]
    for result in results:
        for step, row in result["steps"].items():  # type: ignore[attr-defined]
            target = TARGETS.get(step)
            verdict = (
                ""
                if target is None
                else f"≤ {target}: "
                + ("met" if row["vs_floor"] <= target else "MISSED")
            )
            lines.append(
                f"| {result['hubs']} | {step} | {row['evidence_s']} | {row['plain_s']} | "
                f"{row['floor_s']} | {row['vs_plain']} | {row['vs_floor']} | {verdict} | "
                f"{row['evidence_mib']} | {row['plain_mib']} | {row['floor_mib']} |"
            )
    lines.append(
        f"\nMedians of {results[0]['rounds']} rounds; memory is the largest peak."
    )
    lines += ["", "| N | " + " | ".join(SEARCH_FIGURES) + " |"]
    lines.append("|---" * (len(SEARCH_FIGURES) + 1) + "|")
    for result in results:
        search = result["search"]
        figures = " | ".join(str(search[key]) for key in SEARCH_FIGURES)  # type: ignore[index]
        lines.append(f"| {result['hubs']} | {figures} |")
    if len(results) > 1:
        small, large = results[0], results[-1]
        for site in SITES:
            key = f"{site}_s"
            ratio = large["steps"]["full -j1"][key] / small["steps"]["full -j1"][key]  # type: ignore[index]
            lines.append(
                f"\nT({large['hubs']})/T({small['hubs']}), full -j1, {site}: {ratio:.2f}"
            )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write ``results.json`` and ``results.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--hubs", type=int, nargs="+", default=[200], help="corpus sizes"
    )
    parser.add_argument("--rounds", type=int, default=5, help="runs of each step")
    parser.add_argument(
        "--parallel", action="store_true", help="also time full builds with -j 2"
    )
    parser.add_argument("--folder", type=Path, default=Path("_build/bench"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    results = [
        run(hubs, args.folder, args.rounds, args.parallel) for hubs in sorted(args.hubs)
    ]
    table = report(results)
    (args.folder / "results.json").write_text(json.dumps(results, indent=2))
    (args.folder / "results.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
