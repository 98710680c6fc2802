"""The shipped nginx example serves published releases: headers, caching, search.

The server block of ``deploy/nginx.conf`` is run as it is, except for what a
test machine needs: a loopback port instead of TLS, and temporary folders.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import REPOSITORY
from .helpers import build_for, site_repository
from .test_cli import run

DEPLOY = REPOSITORY / "deploy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_block(root: Path, port: int) -> str:
    """``deploy/nginx.conf`` on a loopback port, serving ``root``."""
    text = (DEPLOY / "nginx.conf").read_text()
    text = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    text = re.sub(r"\n\s*ssl_certificate(_key)?\s+[^;]+;", "", text)
    text = text.replace("root /srv/www;", f"root {root};")
    return text.replace(
        "/etc/nginx/snippets/evidence-headers.conf",
        str(DEPLOY / "evidence-headers.conf"),
    )


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """nginx with the example configuration; yields its address and publish folder."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).is_file():
        pytest.fail(
            "nginx is not installed: run `apt-get install nginx` (nox -s tests does)."
        )
    target, www = tmp_path / "srv/evidence", tmp_path / "www"
    target.mkdir(parents=True)
    www.mkdir()
    (www / "evidence").symlink_to(target / "current")
    port = free_port()
    temp = "".join(
        f"{kind}_temp_path {tmp_path}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Started as root, nginx's workers would not be able to read the test's files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temp}"
        f"{server_block(www, port)}\n}}\n"
    )
    process = subprocess.Popen(
        [
            binary,
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-g",
            "daemon off;",
        ],
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(
            f"nginx did not start: {process.stderr.read() if process.stderr else ''}"
        )
    yield f"http://127.0.0.1:{port}/evidence/", target
    process.terminate()
    process.wait()


def get(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url) as response:
        return response.status, dict(response.headers), response.read().decode()


def test_nginx_serves_each_release_with_its_headers(
    nginx: tuple[str, Path], built_site: Path, tmp_path: Path
) -> None:
    site, target = nginx
    assert (
        run("publish", str(built_site), "--to", str(target), cwd=tmp_path).returncode
        == 0
    )
    status, headers, body = get(site)
    assert status == 200 and "Maths Hubs evidence base" in body
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-cache"
    css = next((built_site / "_static").glob("*.css")).name
    status, headers, _ = get(f"{site}_static/{css}")
    assert status == 200 and "max-age=604800" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    # A mistyped address gets the site's own "page not found" page.
    try:
        get(f"{site}hubs/no/such/page.html")
    except urllib.error.HTTPError as error:
        assert error.code == 404
        assert "Page not found" in error.read().decode()
    else:
        pytest.fail("a missing page was served")
    # A new release is served as soon as it is published, the old one after rollback.
    second = build_for(site_repository(tmp_path / "second"))
    assert (
        run("publish", str(second), "--to", str(target), cwd=tmp_path).returncode == 0
    )
    assert "Test site" in get(site)[2]
    assert (
        run("publish", "--rollback", "--to", str(target), cwd=tmp_path).returncode == 0
    )
    assert "Test site" not in get(site)[2]


POLICY_PAGES = {
    "home page": ("index.html", "index"),
    "list of summaries": ("hubs/index.html", "hubs/index"),
    "summary": ("hubs/2023-24/northshire/index.html", "hubs/2023-24/northshire/index"),
    "appendix page": (
        "hubs/2023-24/northshire/survey.html",
        "hubs/2023-24/northshire/survey",
    ),
    "browse page": ("browse/region/north-west.html", "browse/region/north-west"),
    "findings": ("findings.html", "findings"),
    "overview": ("dashboard.html", "dashboard"),
    "evidence search": (
        "search-evidence.html?q=teaching+assistants",
        "search-evidence",
    ),
    "site search": ("search.html?q=confidence", "search"),
    "index": ("genindex.html", "genindex"),
    "author guide": ("docs/index.html", "docs/index"),
    "page not found": ("hubs/no/such/page.html", "404"),
}
"""A page of each kind as readers open it, and the name the theme knows it by."""

REFUSALS = """document.addEventListener("securitypolicyviolation", (event) =>
  evidenceTestRefused(`${event.violatedDirective} refused ${event.blockedURI} ` +
    `in ${event.sourceFile}:${event.lineNumber}`));"""
"""Reports each thing the security policy refuses (run before the page's own)."""


THEME_AT_BODY = """new MutationObserver((records, observer) => {
  if (!document.body) return;
  window.evidenceTestThemeAtBody = document.documentElement.dataset.theme;
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });"""
"""Notes the page's colour theme when its body first appears."""


def install(target: Path, site: Path) -> None:
    """Serve ``site`` as the current release (what publishing does, in one link)."""
    (target / "current").symlink_to(site)


def policy_page(browser: Browser) -> tuple[Page, list[str]]:
    """A page in a fresh profile, and the list of what the policy refuses on it.

    Chromium says so both in the console and with a ``securitypolicyviolation``
    event; both are listened for.
    """
    page = browser.new_context().new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security" in m.text else None,
    )

    def report(text: str) -> None:
        # Not refused.append: Playwright marks the function, a built-in cannot be.
        refused.append(text)

    page.expose_function("evidenceTestRefused", report)
    page.add_init_script(REFUSALS)
    return page, refused


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header, directive by directive."""
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_the_example_policy_runs_scripts_from_files_only(
    nginx: tuple[str, Path], built_site: Path
) -> None:
    site, target = nginx
    install(target, built_site)
    policy = directives(get(site)[1]["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["default-src"] == ["'self'"]


@pytest.mark.parametrize("build", ["built_site", "preview_site"])
def test_every_kind_of_page_loads_under_the_example_policy(
    nginx: tuple[str, Path],
    browser: Browser,
    build: str,
    request: pytest.FixtureRequest,
) -> None:
    site, target = nginx
    install(target, request.getfixturevalue(build))
    page, refused = policy_page(browser)
    for kind, (address, name) in POLICY_PAGES.items():
        page.goto(site + address, wait_until="networkidle")
        # The theme's script ran: it turns a fresh profile's mode into a theme.
        expect(page.locator("html"), kind).to_have_attribute("data-theme", "light")
        # The page's own settings, as the theme set them inline before.
        assert page.evaluate("DOCUMENTATION_OPTIONS.pagename") == name, kind
        assert page.evaluate("DOCUMENTATION_OPTIONS.search_as_you_type") is False
        if build == "preview_site":
            expect(page.locator(".bd-header-announcement"), kind).to_contain_text(
                "Preview"
            )
        assert refused == [], kind
    page.context.close()


def test_the_colour_mode_is_kept_under_the_example_policy(
    nginx: tuple[str, Path], built_site: Path, browser: Browser
) -> None:
    site, target = nginx
    install(target, built_site)
    page, refused = policy_page(browser)
    page.goto(f"{site}hubs/index.html")
    root = page.locator("html")
    expect(root).to_have_attribute("data-theme", "light")
    page.locator("#pst-header").get_by_role("button", name="Color mode").click()
    page.locator("#pst-header").get_by_role("button", name="Dark").click()
    expect(root).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(root).to_have_attribute("data-mode", "dark")
    expect(root).to_have_attribute("data-theme", "dark")
    # Set before the page's body is read, so never shown in the other mode first.
    page.add_init_script(THEME_AT_BODY)
    page.goto(f"{site}findings.html")
    assert page.evaluate("window.evidenceTestThemeAtBody") == "dark"
    assert refused == []
    page.context.close()


def test_the_site_search_finds_pages_under_the_example_policy(
    nginx: tuple[str, Path], built_site: Path, browser: Browser
) -> None:
    site, target = nginx
    install(target, built_site)
    page, refused = policy_page(browser)
    page.goto(f"{site}search.html?q=confidence")
    # Once every result is shown with its summary (each read from its page).
    expect(page.locator("#search-results p.search-summary")).to_contain_text(
        re.compile(r"Search finished, found (one page|\d+ pages)")
    )
    expect(page.locator("#search-results ul.search li").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert refused == []
    page.context.close()


def test_the_evidence_search_leads_to_the_theme_under_the_example_policy(
    nginx: tuple[str, Path], built_site: Path, browser: Browser
) -> None:
    site, target = nginx
    install(target, built_site)
    page, refused = policy_page(browser)
    page.goto(f"{site}search-evidence.html?q=transition+records")
    first = page.locator(".evidence-result").first
    expect(first).to_be_visible()
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"severnside/index\.html[^#]*#transition-records"))
    expect(page.locator("#transition-records-arrived-too-late")).to_be_in_viewport()
    # The words searched for are marked on the page (hub-evidence-highlight.js).
    expect(page.locator("span.highlighted").first).to_have_text(
        re.compile("transition|records", re.IGNORECASE)
    )
    assert refused == []
    page.context.close()
