"""The site as readers get it: Lighthouse on each kind of page, and the typed search.

    python -m tests.bench.web --hubs 800 [--runs 3] [--corpus varied uniform]
        [--lighthouse-on varied] [--pages summary findings ...] [--no-lighthouse]

A benchmark, not a test: it measures and reports, and fails only when it cannot
measure. For each size N and each corpus (:mod:`.corpus`: *varied* text, or
the build bench's *uniform* text, whose every query matches nearly every
record), the evidence site is built, installed as the current release and
served by nginx with the example configuration (``deploy/nginx.conf``: sign-in,
security headers, caching and gzip as the intranet has them; the helpers of
``tests/test_nginx.py`` start it on a loopback port, with their stand-in
identity service). Then:

- Lighthouse (npm, pinned, installed into ``<folder>/lighthouse``), desktop and
  mobile, on one page of each kind (the largest of its kind, the worst case),
  the median of ``--runs`` runs, against the targets below;
- the typed search in Chromium: from the last keystroke (the page's debounce
  included) to the results on the page, for the first query of a fresh page
  and for further queries on the warm page; and the bytes transferred from
  opening the page to the first results, beyond the page and the theme.

Lighthouse runs on the corpora of ``--lighthouse-on`` only (by default the
first of ``--corpus``: the pages' weight hardly depends on the words; about
20 s a run, and ``--runs`` desktop and mobile runs of each of 16 kinds). The
section is written into ``<folder>/results.md`` (replacing an earlier web
section, keeping the build bench's tables) and ``<folder>/results-web.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from ..browser import CHROMIUM_ARGS, chromium_path
from ..test_nginx import SESSION, SIGNED_IN, Served, install, start_nginx
from .corpus import VARIED_WORDS, write_corpus
from .run import sphinx_build

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
DESKTOP_TARGETS = {
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
MOBILE_TARGETS = {"summary": {"performance": 90}}
"""Mobile targets by page kind (other kinds are reported without one)."""
SEARCH_TARGETS = {"warm_ms": 300, "first_ms": 1000, "beyond_kib": 300}
METRICS = {
    "first-contentful-paint": "FCP s",
    "largest-contentful-paint": "LCP s",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
    "total-byte-weight": "KiB",
}
QUERIES = {
    "uniform": ["fluency", "teachers", "reasoning lesson", "observation", "network"],
    "varied": [
        "fluency",
        "teachers",
        "reasoning lesson",
        *VARIED_WORDS[150:1800:800],
        f"{VARIED_WORDS[90]} {VARIED_WORDS[120]}",
    ],
}
"""Queries typed, per corpus: the first on a fresh page, the rest on the warm
page. In the varied corpus the words run from frequent (rank 40) to rare
(rank 1750), so that queries match many records, some or few."""
PAGE_KINDS = {
    "home": "index.html",
    "summary": "hubs/*/*/index.html",
    "appendix page": "hubs/*/*/survey.html",
    "year list": "hubs/*/index.html",
    "findings": "findings.html",
    "dashboard": "dashboard.html",
    "browse: strategic goal": "browse/strategic-goal/*.html",
    "browse: region": "browse/region/*.html",
    "browse: year": "browse/year/*.html",
    "browse: method": "browse/method/*.html",
    "browse: tag": "browse/tags/*.html",
    "browse: hub timeline": "browse/hub/*.html",
    "browse index": "browse/index.html",
    "synthesis: strategic goal": "synthesis/*.html",
    "synthesis: topic": "synthesis/topic/*.html",
    "synthesis: anonymised": "synthesis/anonymised/*.html",
    "search": "search-evidence.html",
    "guide page": "docs/writing.html",
    "404": "404.html",
    "gap map": "gap-map.html",
    "gap map: a goal's findings": "gap-map/*.html",
}
"""A pattern for each kind of page; the largest page it matches is measured
(for the browse and synthesis kinds, value pages only, not the kind's own
index). The page
not found is opened as ``404.html`` (status 200): Lighthouse refuses to
measure a page answered with 404, as nginx answers a mistyped address."""
MARKER = "<!-- web bench -->"

TIMING = """
window.evidenceBench = {
  lastKey: 0, rendered: 0, query: null, status: "", shifts: [],
};
new PerformanceObserver((list) => {
  for (const shift of list.getEntries()) {
    if (shift.hadRecentInput) continue;
    const nodes = shift.sources.map((source) => source.node
      ? `${source.node.nodeName.toLowerCase()}.${source.node.className}` : "?");
    window.evidenceBench.shifts.push([shift.value, nodes.join(" ")]);
  }
}).observe({ type: "layout-shift", buffered: true });
document.addEventListener("keydown", () => {
  window.evidenceBench.lastKey = performance.now();
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const bench = window.evidenceBench;
  const status = document.querySelector(".evidence-search-status");
  const root = document.querySelector("[data-evidence-search]") || document.body;
  new MutationObserver(() => {
    const text = status ? status.textContent : "";
    if (bench.query && !bench.rendered && text.includes("“" + bench.query + "”")) {
      bench.rendered = performance.now();
      bench.status = text;
    }
  }).observe(root, { subtree: true, childList: true, characterData: true });
});
"""
"""Records, in the page's own clock, the last keystroke and the moment the
status says the results for the query are shown (the page writes it once
they are on the page); and each layout shift not caused by typing, with what
moved (Lighthouse 12.2's own audit of shifts fails on this Chromium)."""


def build(folder: Path, hubs: int, corpus: str, jobs: int) -> Path:
    """The evidence site of ``hubs`` summaries of ``corpus`` text, built."""
    evidence, _ = write_corpus(
        folder / f"n{hubs}-{corpus}", hubs, varied=corpus == "varied"
    )
    seconds, _ = sphinx_build(evidence, jobs)
    print(f"N={hubs} {corpus}: built in {seconds:.0f} s", flush=True)
    return evidence / "_build/html"


def served(html: Path, scratch: Path) -> Iterator[Served]:
    """``html`` as the current release behind the example nginx configuration."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    nginx = start_nginx(scratch, "nginx.conf")
    site = next(nginx)
    install(site.target, html.resolve())
    try:
        yield site
    finally:
        next(nginx, None)


def pages(html: Path) -> dict[str, str]:
    """The address (under the site) of the page measured for each kind."""
    chosen = {}
    for kind, pattern in PAGE_KINDS.items():
        found = [
            path
            for path in html.glob(pattern)
            if not (
                kind.startswith(("browse:", "synthesis:")) and path.name == "index.html"
            )
        ]
        if found:
            largest = max(found, key=lambda p: (p.stat().st_size, str(p)))
            chosen[kind] = largest.relative_to(html).as_posix()
    return chosen


def lighthouse_binary(folder: Path) -> Path:
    """Lighthouse, installed (pinned) into the bench's folder on first use."""
    home = folder / "lighthouse"
    binary = home / "node_modules/.bin/lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            raise SystemExit("Lighthouse installs from npm: `apt-get install npm`.")
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "i", "-E", LIGHTHOUSE], cwd=home, check=True)
    return binary


@contextlib.contextmanager
def signed_in_chromium(site: Served, profile: Path) -> Iterator[int]:
    """A headless Chromium signed in to ``site``; its DevTools port, for Lighthouse.

    Lighthouse's ``--extra-headers`` would send the session cookie from the
    page only, not from the search's Web Worker (whose requests would then be
    sent to sign in): the browser holds the cookie instead, as a reader's does.
    A fresh profile each time: Lighthouse resets the cache between runs, not
    the site's local storage (where the theme keeps the reader's colour mode).
    """
    shutil.rmtree(profile, ignore_errors=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    browser = subprocess.Popen(
        [chromium_path(), "--headless=new", "--no-sandbox", "--disable-gpu",
         "--no-first-run", f"--user-data-dir={profile}",
         f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with sync_playwright() as playwright:
            for _ in range(100):
                try:
                    cdp = playwright.chromium.connect_over_cdp(
                        f"http://127.0.0.1:{port}"
                    )
                    break
                except Exception:  # not listening yet
                    time.sleep(0.1)
            else:
                raise SystemExit("Chromium did not start for Lighthouse.")
            cdp.contexts[0].add_cookies(
                [{"name": SESSION, "value": SIGNED_IN, "url": site.site}]
            )
        yield port
    finally:
        browser.terminate()
        browser.wait()


def lighthouse(site: Served, binary: Path, address: str, form: str) -> dict[str, Any]:
    """One Lighthouse run (``form``: desktop or mobile) in a fresh Chromium
    profile, signed in; its JSON report."""
    home = binary.parents[2]
    out, url = home / "last.json", site.site + address
    out.unlink(missing_ok=True)
    with signed_in_chromium(site, home / "profile") as port:
        command = [
            str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
            "--only-categories=" + ",".join(CATEGORIES), f"--port={port}",
            *(["--preset=desktop"] if form == "desktop" else []),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"Lighthouse failed on {url} ({form}):\n{done.stderr}")
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def _median(values: list[int]) -> float:
    """The median, as a whole number when it is one (three runs: always)."""
    middle = statistics.median(values)
    return int(middle) if middle == int(middle) else middle


def summarise(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Median scores of the runs; metrics of the median-performance run; what
    failed (audits below full marks outside performance, and console errors)."""
    scores = {
        name: [
            None if r["categories"][name]["score"] is None
            else round(100 * r["categories"][name]["score"])
            for r in reports
        ]
        for name in CATEGORIES
    }  # fmt: skip
    performance = [s if s is not None else -1 for s in scores["performance"]]
    middle = reports[performance.index(sorted(performance)[len(performance) // 2])]
    metrics = {}
    for audit, label in METRICS.items():
        value = middle["audits"][audit].get("numericValue")
        if value is not None:
            value = {
                "FCP s": value / 1000, "LCP s": value / 1000, "KiB": value / 1024
            }.get(label, value)  # fmt: skip
            metrics[label] = round(value, 3 if label == "CLS" else 1)
    failed: set[str] = set()
    for report in reports:
        for name in CATEGORIES[1:]:
            for ref in report["categories"][name]["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    failed.add(f"{name}: {ref['id']}")
    console = middle["audits"].get("errors-in-console", {}).get("details") or {}

    return {
        "scores": {
            name: None if None in values else _median(values)  # type: ignore[arg-type]
            for name, values in scores.items()
        },
        "runs": scores,
        "metrics": metrics,
        "failed": sorted(failed),
        "console_errors": sorted(
            {
                str(item.get("description", ""))[:160]
                for item in console.get("items", [])
            }
        ),
        "warnings": middle.get("runWarnings", []),
    }


def verdicts(kind: str, form: str, scores: dict[str, Any]) -> list[str]:
    """met/MISSED for each target of the kind of page in the form factor."""
    targets = DESKTOP_TARGETS if form == "desktop" else MOBILE_TARGETS.get(kind, {})
    return [
        f"{name} ≥ {target}: " + ("met" if (scores[name] or 0) >= target else "MISSED")
        for name, target in targets.items()
    ]


def measure_pages(
    site: Served, html: Path, folder: Path, runs: int, only: list[str] | None
) -> dict[str, Any]:
    """Lighthouse on each kind of page, desktop and mobile."""
    binary = lighthouse_binary(folder)
    results: dict[str, Any] = {}
    for kind, address in pages(html).items():
        if not only or kind in only:
            results[kind] = {"address": address} | lighthouse_page(
                site, binary, address, runs=runs, kind=kind
            )
    return results


def lighthouse_page(
    site: Served, binary: Path, address: str, *, runs: int, kind: str
) -> dict[str, Any]:
    """Lighthouse on one page, ``runs`` times desktop and as many mobile."""
    measured: dict[str, Any] = {}
    for form in ("desktop", "mobile"):
        reports = []
        for number in range(runs):
            start = time.perf_counter()
            reports.append(lighthouse(site, binary, address, form))
            print(
                f"  {kind} {form} run {number + 1}/{runs}: "
                f"{time.perf_counter() - start:.0f} s",
                flush=True,
            )
        summary = summarise(reports)
        summary["verdicts"] = verdicts(kind, form, summary["scores"])
        measured[form] = summary
    print(f"{kind}: {measured['desktop']['scores']} "
          f"mobile {measured['mobile']['scores']}", flush=True)  # fmt: skip
    return measured


def _type(page: Page, query: str) -> float:
    """Type ``query`` into the search box; ms from the last keystroke to results."""
    box = page.locator("[data-evidence-search] input[type=search]")
    if box.input_value():
        box.fill("")
        page.wait_for_function(
            "() => !document.querySelector('.evidence-search-status')"
            ".textContent.includes('”')",
            timeout=60_000,
        )
    page.evaluate(
        "q => Object.assign(window.evidenceBench, {query: q, rendered: 0})", query
    )
    box.press_sequentially(query, delay=60)  # a quick typist
    page.wait_for_function("() => window.evidenceBench.rendered > 0", timeout=120_000)
    bench = page.evaluate("window.evidenceBench")
    print(f"    “{query}”: {bench['status']}", flush=True)
    return float(bench["rendered"] - bench["lastKey"])


def _static_of(browser: Browser, site: Served, address: str) -> set[str]:
    """The theme's files: what ``address`` loads from ``_static/``."""
    context = site.browser_context(browser)
    page = context.new_page()
    seen: set[str] = set()
    page.on("requestfinished", lambda r: seen.add(r.url.split("?")[0]))
    page.goto(site.site + address, wait_until="networkidle")
    context.close()
    return {url for url in seen if "/_static/" in url}


def measure_typing(site: Served, queries: list[str]) -> dict[str, Any]:
    """The typed search in Chromium: first query on a fresh page, then warm."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        theme = _static_of(browser, site, "index.html")
        context = site.browser_context(browser)
        page = context.new_page()
        page.add_init_script(TIMING)
        fetched: list[tuple[str, int, float]] = []

        def count(request: Any) -> None:
            sizes = request.sizes()
            timing = request.timing  # ms: since the epoch, then since the start
            fetched.append((
                request.url.split("?")[0],
                sizes["responseBodySize"] + sizes["responseHeadersSize"],
                timing["startTime"] + max(timing["responseEnd"], 0),
            ))  # fmt: skip

        page.on("requestfinished", count)
        start = time.perf_counter()
        page.goto(site.site + "search-evidence.html", wait_until="networkidle")
        ready = time.perf_counter() - start
        first = _type(page, queries[0])
        # What came before the results were shown; then what the page reads
        # just after them (facet counts, the guide's index), a second later.
        shown = page.evaluate("performance.timeOrigin + window.evidenceBench.rendered")
        page.wait_for_timeout(1000)
        first_bytes = [item for item in fetched if item[2] <= shown]
        after_bytes = list(fetched)
        shifts = page.evaluate("window.evidenceBench.shifts")
        warm = [_type(page, query) for query in queries[1:]]
        browser.close()
    page_url = site.site + "search-evidence.html"
    total = sum(size for _, size, _ in first_bytes)
    own = sum(size for url, size, _ in first_bytes if url == page_url or url in theme)
    pagefind = sum(size for url, size, _ in first_bytes if "/pagefind/" in url)
    then = sum(size for _, size, _ in after_bytes) - total
    return {
        "queries": queries,
        "ready_s": round(ready, 2),
        "first_ms": round(first),
        "warm_ms": round(statistics.median(warm)),
        "warm_max_ms": round(max(warm)),
        "warm_each_ms": [round(w) for w in warm],
        "total_kib": round(total / 1024),
        "page_and_theme_kib": round(own / 1024),
        "beyond_kib": round((total - own) / 1024),
        "pagefind_kib": round(pagefind / 1024),
        "then_kib": round(then / 1024),
        "requests": len(first_bytes),
        "layout_shift": round(sum(value for value, _ in shifts), 3),
        "shifted": sorted({nodes for value, nodes in shifts if value > 0.01}),
    }


def search_verdicts(figures: dict[str, Any]) -> list[str]:
    """met/MISSED for the typed search's targets."""
    return [
        f"{name} ≤ {target}: " + ("met" if figures[name] <= target else "MISSED")
        for name, target in SEARCH_TARGETS.items()
    ]


def report(results: list[dict[str, Any]], runs: int) -> str:
    """The web section of ``results.md``."""
    lines = [
        MARKER,
        "## Web: Lighthouse and the typed search (nginx, example configuration)",
        "",
        f"Lighthouse {LIGHTHOUSE.split('@')[1]}, median of {runs} run(s); "
        "desktop targets: performance ≥ 95, accessibility, best practices and SEO "
        "100; mobile: performance ≥ 90 for summaries. Perf/A11y/BP/SEO scores; "
        "metrics of the median-performance run.",
        "",
        "Load average (1 min) when each corpus was measured: "
        + ", ".join(
            f"N={r['hubs']} {r['corpus']} {r['load_average']:.1f}" for r in results
        )
        + " (2 cores: above 2, other work slowed the measurements).",
        "",
        "| N | corpus | page kind | form | perf | a11y | BP | SEO | FCP s | LCP s "
        "| TBT ms | CLS | KiB | targets | page |",
        "|---" * 15 + "|",
    ]
    notes: dict[str, list[str]] = {}
    measured_count = 0
    for result in results:
        for kind, measured in (result.get("pages") or {}).items():
            for form in ("desktop", "mobile"):
                figures = measured[form]
                measured_count += 1
                s, m = figures["scores"], figures["metrics"]
                lines.append(
                    f"| {result['hubs']} | {result['corpus']} | {kind} | {form} | "
                    + " | ".join(str(s[name]) for name in CATEGORIES)
                    + " | "
                    + " | ".join(str(m.get(label, "")) for label in METRICS.values())
                    + f" | {'; '.join(figures['verdicts'])} | {measured['address']} |"
                )
                for item in (
                    figures["failed"]
                    + [f"console: {error}" for error in figures["console_errors"]]
                    + [f"warning: {w}" for w in figures["warnings"]]
                ):
                    where = f"N={result['hubs']} {result['corpus']} {kind} ({form})"
                    notes.setdefault(" ".join(item.split()), []).append(where)
    if notes:
        lines += ["", "Below full marks (audits outside performance) and errors:", ""]
        lines += [
            f"- {item}: "
            + ("every page" if len(where) == measured_count else "; ".join(where))
            for item, where in notes.items()
        ]
    keys = ("first_ms", "warm_ms", "warm_max_ms", "ready_s", "total_kib",
            "page_and_theme_kib", "beyond_kib", "pagefind_kib", "then_kib",
            "layout_shift")  # fmt: skip
    lines += [
        "",
        "Typed search: ms from the last keystroke (debounce included) to the "
        "results on the page; first query on a fresh page, median (and largest) of "
        "the next ones on the warm page; KiB transferred (headers and gzip bodies) "
        "from opening the page to the first results, and how much of it is not the "
        "page and theme (the theme: what the home page loads from `_static/`), "
        "then what the page reads in the second after them (the facets' counts, "
        "the guide's index); "
        "the layout shifts until then (1280 × 720), and what moved.",
        "",
        "| N | corpus | " + " | ".join(keys) + " | targets | moved | queries |",
        "|---" * (len(keys) + 5) + "|",
    ]
    for result in results:
        typing = result["search"]
        lines.append(
            f"| {result['hubs']} | {result['corpus']} | "
            + " | ".join(str(typing[key]) for key in keys)
            + f" | {'; '.join(typing['verdicts'])} | "
            + ", ".join(typing["shifted"])
            + " | "
            + ", ".join(f"“{q}”" for q in typing["queries"])
            + " |"
        )
    return "\n".join(lines) + "\n"


def write_report(folder: Path, section: str) -> None:
    """Put ``section`` into ``results.md`` in place of an earlier web section."""
    results = folder / "results.md"
    text = results.read_text() if results.exists() else ""
    kept = text.split(MARKER)[0].rstrip()
    results.write_text((kept + "\n\n" if kept else "") + section)


def main() -> None:
    """Build, serve, measure, and write the web section of the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs", type=int, nargs="+", default=[200])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs")
    parser.add_argument(
        "--corpus", nargs="+", choices=["varied", "uniform"],
        default=["varied", "uniform"], help="corpora the search is measured on",
    )  # fmt: skip
    parser.add_argument(
        "--lighthouse-on", nargs="*", choices=["varied", "uniform"],
        help="corpora Lighthouse runs on (default: the first of --corpus; "
        "none given: no Lighthouse)",
    )  # fmt: skip
    parser.add_argument(
        "--pages", nargs="+", choices=list(PAGE_KINDS), help="only these page kinds"
    )
    parser.add_argument("--jobs", type=int, default=1, help="sphinx-build -j")
    parser.add_argument("--folder", type=Path, default=Path("_build/bench"))
    args = parser.parse_args()
    if args.lighthouse_on is None:
        args.lighthouse_on = args.corpus[:1]
    folder = args.folder.resolve()
    web = folder / "web"
    results = []
    for hubs in sorted(args.hubs):
        for corpus in args.corpus:
            html = build(web, hubs, corpus, args.jobs)
            result: dict[str, Any] = {
                "hubs": hubs,
                "corpus": corpus,
                "load_average": os.getloadavg()[0],  # a busy machine scores lower
            }
            for site in served(html, web / "nginx"):
                search = measure_typing(site, QUERIES[corpus])
                search["verdicts"] = search_verdicts(search)
                result["search"] = search
                print(f"N={hubs} {corpus} search: {search}", flush=True)
                if corpus in args.lighthouse_on:
                    result["pages"] = measure_pages(
                        site, html, folder, args.runs, args.pages
                    )
            results.append(result)
    section = report(results, args.runs)
    (folder / "results-web.json").write_text(json.dumps(results, indent=2))
    write_report(folder, section)
    print(section)


if __name__ == "__main__":
    main()
