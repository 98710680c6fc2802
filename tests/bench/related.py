"""Time the related-findings computation on the varied corpus.

    python -m tests.bench.related --hubs 800 [--rounds 5]   (or nox -s bench -- related)

The records are made straight from the bench corpus's varied summaries
(:func:`.corpus.summary_parts`), as reading them would make them, so the figure
is the computation alone (:func:`hub_evidence.domain.related.related_findings`,
which a build runs once, after reading): the median wall time of ``--rounds``
runs (and its CPU time: the machine may be busy), with how many themes,
findings and related findings it handled and how varied their topics and words
are. Counting each theme's words (:func:`~hub_evidence.domain.related.theme_words`)
is done as each summary is read, in a build; its time is given apart.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from hub_evidence.domain.related import related_findings, theme_words
from hub_evidence.source.model import HubSummary, SummaryRecord, Theme, year_folder

from .corpus import summary_parts

TARGET_S = 0.5
"""The issue's bound for N=800 (issue 19)."""


def corpus_records(hubs: int) -> list[SummaryRecord]:
    """The varied corpus's summaries as records (deterministic)."""
    records = []
    for number in range(hubs):
        parts = summary_parts(number, varied=True)
        slug, year = str(parts["slug"]), str(parts["year"])
        themes = tuple(
            Theme(
                anchor=f"theme-{t}",
                title=title,
                kind=kind,
                tags=tuple(tags),
                finding=finding,
                implication=implication,
                line=None,
            )
            for t, (title, kind, tags, finding, implication) in enumerate(
                parts["themes"]  # type: ignore[arg-type]
            )
        )
        records.append(
            SummaryRecord(
                docname=f"hubs/{year_folder(year)}/{slug}/index",
                slug=slug,
                title=str(parts["hub"]),
                front_matter=HubSummary(hub=str(parts["hub"]), year=year),
                methods=(),
                sections=(),
                themes=themes,
                hub_line=None,
            )
        )
    return records


def measure(hubs: int, rounds: int) -> dict[str, float]:
    """The median time of the computation at ``hubs`` summaries, and its sizes."""
    records = corpus_records(hubs)
    times, cpu, cold = [], [], []
    related = {}
    words = {}
    for _ in range(rounds):
        start = time.perf_counter()
        words = {r.docname: theme_words(r) for r in records}
        read, read_cpu = time.perf_counter(), time.process_time()
        related = related_findings(records, words)
        cpu.append(time.process_time() - read_cpu)
        times.append(time.perf_counter() - read)
        cold.append(time.perf_counter() - start)
    themes = [t for r in records for t in r.themes]
    lists = [lst for by_anchor in related.values() for lst in by_anchor.values()]
    shown = [len(lst) for lst in lists]
    on_topic = Counter(tag for t in themes for tag in t.tags)
    used = Counter(
        w for by_anchor in words.values() for tw in by_anchor.values() for w in tw
    )
    return {
        "summaries": hubs,
        "themes": len(themes),
        "findings": sum(t.kind == "finding" for t in themes),
        "topics": len(on_topic),
        "themes_per_topic_min": min(on_topic.values()),
        "themes_per_topic_max": max(on_topic.values()),
        "distinct_words": len(used),
        "themes_per_word_median": statistics.median(used.values()),
        "themes_with_related": len(shown),
        "mean_related": statistics.fmean(shown) if shown else 0.0,
        "related_by_words": statistics.fmean(
            bool(f.words) for lst in lists for f in lst
        ),
        "related_median_s": statistics.median(times),
        "related_max_s": max(times),
        "related_median_cpu_s": statistics.median(cpu),
        "with_counting_words_median_s": statistics.median(cold),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hubs", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    figures = measure(args.hubs, args.rounds)
    for name, value in figures.items():
        print(
            f"{name:>20}: {value:.3f}"
            if isinstance(value, float)
            else f"{name:>20}: {value}"
        )
    verdict = "holds" if figures["related_median_s"] <= TARGET_S else "MISSED"
    print(f"target: median <= {TARGET_S} s at N=800: {verdict}")


if __name__ == "__main__":
    main()
