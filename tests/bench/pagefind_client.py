"""Our Pagefind client against the official Python wrapper, on the same records.

    python -m tests.bench.pagefind_client [--records 100] [--rounds 3] [--folder _build/bench]

The build writes the search index through Pagefind's service mode with a
client of its own (:mod:`hub_evidence.output.search.pagefind`), not through the
``pagefind.index`` wrapper that the ``pagefind`` package offers. This measures
why, with the binary both use (the ``pagefind[bin]`` wheel's): the same N
synthetic records (seeded, so every run indexes the same text) indexed

- *ours*: every record sent at once, answers read as they come;
- *wrapper, one by one*: ``await index.add_custom_record(...)`` for each record,
  as the wrapper's documentation shows it;
- *wrapper, all at once*: every ``add_custom_record`` started together
  (``asyncio.gather``), the best the wrapper's API allows.

Each is the median wall time of ``--rounds`` rounds, from starting Pagefind to
having the index's files. The wrapper reads an answer only after sleeping
0.1 s (``PagefindService._wait_for_responses``), so both of its ways take at
least 0.1 s a record. The results go to ``<folder>/pagefind-client.md``;
``docs/pagefind-client.md`` reports them.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pagefind.index import PagefindIndex

from hub_evidence.output.search.pagefind import BackgroundIndex
from hub_evidence.output.search.records import SearchRecord

from .corpus import REPOSITORY, WORDS

SEED = 22


def synthetic_records(count: int) -> list[SearchRecord]:
    """``count`` records shaped as the site's themes, the same for the same count."""
    chosen = random.Random(SEED)
    return [
        SearchRecord(
            url=f"hubs/2024-25/hub-{number // 8:04d}/index.html#theme-{number % 8}",
            title=" ".join(chosen.choices(WORDS, k=5)).capitalize(),
            content=" ".join(chosen.choices(WORDS, k=chosen.randint(40, 160))),
            meta={"hub": f"Hub {number // 8}", "year": "2024/25"},
            filters={
                "Year": ["2024/25"],
                "Region": [chosen.choice(["North West", "London", "South West"])],
                "Section": ["Theme"],
            },
        )
        for number in range(count)
    ]


def ours(records: list[SearchRecord], folder: Path) -> None:
    """The build's own client, as the build calls it."""
    BackgroundIndex(records).write(folder / "pagefind")


def wrapper_one_by_one(records: list[SearchRecord], folder: Path) -> None:
    """The wrapper as documented: one ``await`` per record."""

    async def index_all() -> None:
        config = {"output_path": str(folder / "pagefind")}
        async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
            for record in records:
                await index.add_custom_record(**_wrapper_fields(record))

    asyncio.run(index_all())


def wrapper_all_at_once(records: list[SearchRecord], folder: Path) -> None:
    """The wrapper with every record started together (``asyncio.gather``)."""

    async def index_all() -> None:
        config = {"output_path": str(folder / "pagefind")}
        async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
            await asyncio.gather(
                *(index.add_custom_record(**_wrapper_fields(r)) for r in records)
            )

    asyncio.run(index_all())


def _wrapper_fields(record: SearchRecord) -> dict[str, object]:
    fields = record.fields()
    fields.pop("sort")
    return fields


CLIENTS: dict[str, Callable[[list[SearchRecord], Path], None]] = {
    "ours": ours,
    "wrapper, one by one": wrapper_one_by_one,
    "wrapper, all at once": wrapper_all_at_once,
}


def index_summary(folder: Path) -> tuple[int, int]:
    """How many records (fragments) the index holds, and its files."""
    index = folder / "pagefind"
    fragments = len(list((index / "fragment").iterdir()))
    files = sum(1 for path in index.rglob("*") if path.is_file())
    return fragments, files


def measure(count: int, rounds: int) -> list[dict[str, object]]:
    """Each client's median seconds over ``rounds``, and what its index holds."""
    records = synthetic_records(count)
    results = []
    for name, client in CLIENTS.items():
        times = []
        for _ in range(rounds):
            with tempfile.TemporaryDirectory(prefix="pagefind-bench-") as scratch:
                start = time.perf_counter()
                client(records, Path(scratch))
                times.append(time.perf_counter() - start)
                fragments, files = index_summary(Path(scratch))
        results.append(
            {
                "client": name,
                "seconds": statistics.median(times),
                "per_record_ms": 1000 * statistics.median(times) / count,
                "fragments": fragments,
                "files": files,
            }
        )
    return results


def report(count: int, rounds: int, results: list[dict[str, object]]) -> str:
    """The results as Markdown, with the ratio against our client."""
    ours_seconds = float(results[0]["seconds"])  # type: ignore[arg-type]
    lines = [
        f"## Pagefind client: {count} records, median of {rounds} rounds",
        "",
        "| client | seconds | ms a record | × ours | records indexed | files |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in results:
        seconds = float(row["seconds"])  # type: ignore[arg-type]
        lines.append(
            f"| {row['client']} | {seconds:.2f} | {row['per_record_ms']:.1f} "
            f"| {seconds / ours_seconds:.0f} | {row['fragments']} | {row['files']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=REPOSITORY / "_build/bench")
    options = parser.parse_args()
    results = measure(options.records, options.rounds)
    text = report(options.records, options.rounds, results)
    options.folder.mkdir(parents=True, exist_ok=True)
    (options.folder / "pagefind-client.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
