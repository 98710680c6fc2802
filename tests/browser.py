"""Fixtures for tests in a real headless Chromium (Debian's, driven by Playwright).

Playwright never downloads a browser here: it drives ``/usr/bin/chromium``.
The built site is served on the loopback interface under a sub-path, as the
intranet serves it, and every request the page makes is recorded.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
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


def chromium_path() -> str:
    """Debian's Chromium binary (the real one, not the shell wrapper, if present)."""
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "Chromium is not installed: run `apt-get install chromium` (nox -s tests does)."
    )


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
