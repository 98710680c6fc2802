"""Readers under load while releases are published and rolled back.

The example nginx configuration (``deploy/nginx.conf``, sign-in included, as
:mod:`tests.test_nginx` runs it) serves the site to :data:`READERS` readers at
once, each on a connection it keeps open, asking for pages, theme files,
exports and search index chunks, while ``evidence publish`` switches between
two builds that differ in one theme, :data:`SWITCHES` times. Not one request
for a file both builds have may fail, and each answer is that file as one of
the two builds has it (never a mix, never half a file).

This checks correctness only. It prints how many requests were served and how
long they took (nothing is asserted about time: the machine may be busy).
"""

from __future__ import annotations

import http.client
import random
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import build_repository
from .helpers import git
from .test_cli import run
from .test_nginx import SESSION, SIGNED_IN, Served, start_nginx

READERS = 20
"""Readers asking at once, each on its own kept-alive connection."""
DURATION = 25.0
"""Seconds the readers read for (the switches are spread over them)."""
SWITCHES = 10
"""Publishes and rollbacks during the reading, in turn."""
SEED = 17
CHANGED_THEME = (
    "Teachers described growing confidence in using the rekenrek",
    "Teachers described much greater confidence in using the rekenrek",
)


@pytest.fixture(scope="module")
def changed_site(site_checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site with one theme's finding worded otherwise, committed."""
    folder = tmp_path_factory.mktemp("changed")
    checkout = folder / "site"
    subprocess.run(
        ["git", "clone", "--quiet", str(site_checkout), str(checkout)], check=True
    )
    summary = checkout / "hubs/2023-24/northshire/index.md"
    text = summary.read_text()
    assert CHANGED_THEME[0] in text
    summary.write_text(text.replace(*CHANGED_THEME))
    git(checkout, "commit", "-qam", "One theme worded otherwise")
    return build_repository(checkout, folder / "out")


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Served]:
    yield from start_nginx(tmp_path, "nginx.conf")


def files(built: Path) -> dict[str, bytes]:
    return {
        path.relative_to(built).as_posix(): path.read_bytes()
        for path in built.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }


def paths_to_read(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Pages, theme files, exports and search chunks that both builds have."""
    both = sorted(first.keys() & second.keys())
    pages = [p for p in both if p.endswith(".html")]
    static = [p for p in both if p.startswith("_static/")]
    exports = [p for p in both if p.endswith((".csv", ".json")) and "/" not in p]
    exports += [p for p in both if p.startswith("anonymised/")]
    chunks = [p for p in both if p.startswith("pagefind/")]
    for kind, found in [("pages", pages), ("static", static), ("exports", exports)]:
        assert found, kind
    assert [p for p in chunks if "/fragment/" in p], "search chunks"
    # The changed theme's page is among those that differ.
    page = "hubs/2023-24/northshire/index.html"
    assert first[page] != second[page]
    return pages + static[:40] + exports + chunks


class Reader(threading.Thread):
    """One reader: one kept-alive connection, one request after another."""

    def __init__(
        self,
        number: int,
        served: Served,
        paths: list[str],
        versions: dict[str, set[bytes]],
        stop: threading.Event,
    ) -> None:
        super().__init__(daemon=True)
        self.address = urllib.parse.urlsplit(served.site)
        self.rng = random.Random(SEED * 100 + number)
        self.paths, self.versions, self.stop = paths, versions, stop
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        host, port = self.address.hostname or "", self.address.port
        connection = http.client.HTTPConnection(host, port, timeout=60)
        headers = {"Cookie": f"{SESSION}={SIGNED_IN}"}
        while not self.stop.is_set():
            path = self.rng.choice(self.paths)
            started = time.perf_counter()
            try:
                connection.request("GET", self.address.path + path, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.failures.append(f"{path}: {error!r}")
                connection.close()
                continue
            self.latencies.append(time.perf_counter() - started)
            if response.status != 200:
                self.failures.append(f"{path}: status {response.status}")
            elif body not in self.versions[path]:
                self.failures.append(f"{path}: not as either release has it")
        connection.close()


def test_readers_are_never_broken_by_publishes_and_rollbacks_under_load(
    nginx: Served,
    built_site: Path,
    changed_site: Path,
    tmp_path: Path,
    record_property: pytest.RecordProperty,
) -> None:
    first, second = files(built_site), files(changed_site)
    paths = paths_to_read(first, second)
    versions = {path: {first[path], second[path]} for path in paths}
    target = str(nginx.target)
    assert run("publish", str(built_site), "--to", target, cwd=tmp_path).returncode == 0
    stop = threading.Event()
    readers = [Reader(n, nginx, paths, versions, stop) for n in range(READERS)]
    started = time.monotonic()
    for reader in readers:
        reader.start()
    switched = []
    try:
        for number in range(SWITCHES):
            # Spread over the reading time; a slow switch only delays the next.
            time.sleep(
                max(0.0, started + DURATION * number / SWITCHES - time.monotonic())
            )
            if number % 2 == 0:
                done = run("publish", str(changed_site), "--to", target, cwd=tmp_path)
            else:
                done = run("publish", "--rollback", "--to", target, cwd=tmp_path)
            assert done.returncode == 0, done.stderr
            switched.append((nginx.target / "current").resolve().name)
        time.sleep(max(0.0, started + DURATION - time.monotonic()))
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=120)
    took = time.monotonic() - started
    assert len(set(switched)) >= 2 and len(switched) == SWITCHES
    latencies = sorted(t for reader in readers for t in reader.latencies)
    failures = [failure for reader in readers for failure in reader.failures]
    assert latencies, "readers were served"
    percentiles = statistics.quantiles(latencies, n=100)
    report = {
        "requests": len(latencies) + len(failures),
        "per_second": round((len(latencies) + len(failures)) / took),
        "p50_ms": round(percentiles[49] * 1000, 1),
        "p95_ms": round(percentiles[94] * 1000, 1),
        "p99_ms": round(percentiles[98] * 1000, 1),
        "seconds": round(took, 1),
        "paths": len(paths),
    }
    for name, value in report.items():
        record_property(name, value)
    print(f"\nUnder load ({READERS} readers, {SWITCHES} switches): {report}")
    assert failures == [], f"{len(failures)} failed, e.g. {failures[:10]}"
