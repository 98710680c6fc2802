"""Fixtures for tests in a real headless Chromium (Debian's, driven by Playwright).

Playwright never downloads a browser here: it drives Debian's ``chromium``, or
the browser that ``EVIDENCE_CHROMIUM`` names (:func:`chromium_path`).
The built site is served on the loopback interface under a sub-path, as the
intranet serves it, and every request the page makes is recorded.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

SUB_PATH = "/evidence/"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


CHROMIUM_SETTING = "EVIDENCE_CHROMIUM"
"""The environment variable naming the browser the tests drive, if not Debian's."""
PLAYWRIGHTS_OWN = "playwright"
"""``EVIDENCE_CHROMIUM=playwright``: the Chromium ``playwright install`` downloads."""


def chromium_path() -> str:
    """The Chromium the tests drive: the one ``EVIDENCE_CHROMIUM`` names, else Debian's.

    One setting, so the tests run where Debian's browser is not the one to use
    (Ubuntu's ``chromium`` is a snap, which a CI job cannot run): a path or a
    command, or ``playwright`` for Playwright's own browser where it can be
    downloaded. Without it, Debian's binary (the real one, not the shell
    wrapper, if present).
    """
    setting = os.environ.get(CHROMIUM_SETTING, "").strip()
    chosen = _playwrights_chromium() if setting == PLAYWRIGHTS_OWN else setting
    if chosen:
        found = shutil.which(chosen)
        if found is None and setting == PLAYWRIGHTS_OWN:
            pytest.fail(
                f"{CHROMIUM_SETTING}={setting}, but Playwright's Chromium is not at "
                f"{chosen}: run `playwright install chromium` where it can download "
                "one, or unset the setting for Debian's (`apt-get install chromium`)."
            )
        if found is None:
            pytest.fail(
                f"{CHROMIUM_SETTING}={chosen} names no browser that can be run: set it "
                "to the path of a Chromium (or `playwright`, for the one "
                "`playwright install chromium` downloads), or unset it for "
                "Debian's (`apt-get install chromium`)."
            )
        return found
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "Chromium is not installed: run `apt-get install chromium` (nox -s tests "
        f"does), or set {CHROMIUM_SETTING} to the path of another Chromium."
    )


@functools.cache
def _playwrights_chromium() -> str:
    """Where Playwright keeps its own Chromium (whether downloaded or not).

    Asked in a thread of its own: callers may be inside ``sync_playwright()``
    already, and Playwright's synchronous API cannot be started twice in one.
    """

    def ask() -> str:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path

    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(ask).result()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``SUB_PATH`` only; everything else is a 404."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """``directory`` served at http://127.0.0.1:<port>/evidence/ while in the block."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served at http://127.0.0.1:<port>/evidence/."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def preview_url(preview_site: Path) -> Iterator[str]:
    """The preview build (drafts, banner), served like :func:`site_url`."""
    with served(preview_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page (own context: no cookies or storage shared between tests)."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page (WCAG 2.0-2.2 A/AA and best practice)."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations
