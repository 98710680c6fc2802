"""The shipped nginx examples serve published releases: sign-in, headers, caching,
compression, search.

The server blocks of ``deploy/nginx.conf`` (the network's site, behind sign-in)
and ``deploy/nginx-public.conf`` are run as they are, except for what a test
machine needs: a loopback port instead of TLS, temporary folders, and a
stand-in identity service and login page on another loopback port.
"""

from __future__ import annotations

import dataclasses as dc
import gzip
import http.cookies
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .conftest import REPOSITORY
from .helpers import build_for, site_repository
from .test_cli import run

DEPLOY = REPOSITORY / "deploy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SESSION = "evidence_session"
SIGNED_IN, EXPIRED = "a-valid-session", "an-expired-session"


class IdentityService(http.server.BaseHTTPRequestHandler):
    """A stand-in for the intranet's identity service, on a loopback port.

    ``/check`` is what nginx's ``auth_request`` asks: 204 for a valid session
    cookie, 401 for none or an expired one. ``/login`` signs the reader in (sets
    the cookie) and sends them back to ``next``, as a real login page would.
    """

    checked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/check":
            cookies = http.cookies.SimpleCookie(self.headers.get("Cookie", ""))
            session = cookies[SESSION].value if SESSION in cookies else ""
            self.checked.append(self.headers.get("X-Original-URI", ""))
            self.send_response(204 if session == SIGNED_IN else 401)
            self.end_headers()
        elif url.path == "/login":
            back = urllib.parse.parse_qs(url.query)["next"][0]
            self.send_response(302)
            self.send_header("Set-Cookie", f"{SESSION}={SIGNED_IN}; Path=/; HttpOnly")
            self.send_header("Location", back)
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class IdentityServer(http.server.ThreadingHTTPServer):
    """The stand-in identity service's server: nginx asks it once per request,
    so it accepts as many at once as a test's readers make (not 5, the default)."""

    request_queue_size = 128
    daemon_threads = True


@dc.dataclass(frozen=True)
class Served:
    """nginx serving the example: its address, the publish folder, sign-in."""

    site: str
    target: Path
    login: str
    """The stand-in login page's address."""

    def get(
        self, path: str = "", session: str | None = SIGNED_IN, **headers: str
    ) -> Response:
        """Ask for a page (signed in unless ``session`` is None); no redirects followed."""
        if session:
            headers["Cookie"] = f"{SESSION}={session}"
        request = urllib.request.Request(self.site + path, headers=headers)
        try:
            with NO_REDIRECTS.open(request) as response:
                return Response(
                    response.status, dict(response.headers), response.read()
                )
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def browser_context(self, browser: Browser) -> BrowserContext:
        """A fresh browser profile, signed in."""
        context = browser.new_context()
        context.add_cookies([{"name": SESSION, "value": SIGNED_IN, "url": self.site}])
        return context


class Response(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


NO_REDIRECTS = urllib.request.build_opener(_NoRedirects)


def server_block(name: str, root: Path, port: int, identity: int) -> str:
    """``deploy/<name>`` on a loopback port, serving ``root``, asking ``identity``."""
    text = (DEPLOY / name).read_text()
    text = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    text = re.sub(r"\n\s*ssl_certificate(_key)?\s+[^;]+;", "", text)
    text = re.sub(r"root /srv/www[^;]*;", f"root {root};", text)
    text = text.replace("http://127.0.0.1:9180/", f"http://127.0.0.1:{identity}/")
    text = text.replace(
        "https://login.example.org/", f"http://127.0.0.1:{identity}/login"
    )
    return text.replace(
        "/etc/nginx/snippets/evidence-headers.conf",
        str(DEPLOY / "evidence-headers.conf"),
    )


def start_nginx(tmp_path: Path, name: str) -> Iterator[Served]:
    """nginx with the example ``deploy/<name>``, and the stand-in identity service."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).is_file():
        pytest.fail(
            "nginx is not installed: run `apt-get install nginx` (nox -s tests does)."
        )
    target, www = tmp_path / "srv/evidence", tmp_path / "www"
    target.mkdir(parents=True)
    www.mkdir()
    (www / "evidence").symlink_to(target / "current")
    identity = IdentityServer(("127.0.0.1", 0), IdentityService)
    threading.Thread(target=identity.serve_forever, daemon=True).start()
    identity_port = identity.server_address[1]
    port = free_port()
    temp = "".join(
        f"{kind}_temp_path {tmp_path}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Started as root, nginx's workers would not be able to read the test's files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    # The http {} of Debian's nginx.conf, as far as the site depends on it.
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n"
        f"gzip on;\naccess_log off;\n{temp}"
        f"{server_block(name, www, port, identity_port)}\n}}\n"
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
        identity.shutdown()
        pytest.fail(
            f"nginx did not start: {process.stderr.read() if process.stderr else ''}"
        )
    yield Served(
        f"http://127.0.0.1:{port}/evidence/",
        target,
        f"http://127.0.0.1:{identity_port}/login",
    )
    process.terminate()
    process.wait()
    identity.shutdown()


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Served]:
    """nginx with the network site's example configuration (sign-in on)."""
    yield from start_nginx(tmp_path, "nginx.conf")


def test_nginx_serves_each_release_with_its_headers(
    nginx: Served, built_site: Path, tmp_path: Path
) -> None:
    assert (
        run(
            "publish", str(built_site), "--to", str(nginx.target), cwd=tmp_path
        ).returncode
        == 0
    )
    status, headers, body = nginx.get()
    assert status == 200 and "Maths Hubs evidence base" in body.decode()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "private, no-cache"
    css = next((built_site / "_static").glob("*.css")).name
    status, headers, _ = nginx.get(f"_static/{css}")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=604800"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # A mistyped address gets the site's own "page not found" page.
    missing = nginx.get("hubs/no/such/page.html")
    assert missing.status == 404 and "Page not found" in missing.text
    # A new release is served as soon as it is published, the old one after rollback.
    second = build_for(site_repository(tmp_path / "second"))
    assert (
        run("publish", str(second), "--to", str(nginx.target), cwd=tmp_path).returncode
        == 0
    )
    assert "Test site" in nginx.get().text
    assert (
        run("publish", "--rollback", "--to", str(nginx.target), cwd=tmp_path).returncode
        == 0
    )
    assert "Test site" not in nginx.get().text


def test_only_signed_in_readers_get_pages_search_and_documents(
    nginx: Served, built_site: Path
) -> None:
    install(nginx.target, built_site)
    download = next(built_site.glob("_downloads/*/*.pdf")).relative_to(built_site)
    chunk = next(built_site.glob("pagefind/fragment/*")).relative_to(built_site)
    paths = ["", "hubs/2023-24/northshire/index.html", str(download), str(chunk)]
    paths += ["themes.csv", "evidence.json", "pagefind/pagefind.js"]
    for path in paths:
        for session in (None, EXPIRED):
            response = nginx.get(path, session=session)
            assert response.status == 302, (path, session)
            location = response.headers["Location"]
            assert location.startswith(f"{nginx.login}?next=http://"), location
            assert location.endswith(f"/evidence/{path}")
            assert b"Northshire" not in response.body
        assert nginx.get(path).status == 200, path
    assert f"/evidence/{download}" in IdentityService.checked
    # What is behind sign-in is kept by the reader's browser only.
    for path in (download, chunk):
        assert (
            nginx.get(str(path)).headers["Cache-Control"] == "private, max-age=604800"
        )
    # The build's records and other dotfiles are not served.
    for dotfile in (".evidence-build.json", ".buildinfo"):
        assert (built_site / dotfile).is_file()
        assert nginx.get(dotfile).status == 404
    # The exports, with their types.
    assert nginx.get("themes.csv").headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        nginx.get("evidence.json")
        .headers["Content-Type"]
        .startswith("application/json")
    )


def test_a_release_s_search_files_are_never_paired_with_another_s(
    nginx: Served, built_site: Path
) -> None:
    """Files named by their contents may be kept; those whose names stay from
    release to release (and the entry naming the release's chunks) are asked
    for again every time, so an old entry never meets new chunks."""
    install(nginx.target, built_site)
    search = built_site / "pagefind"
    named_by_contents = [
        next(search.glob("pagefind.*.pf_meta")),
        *(next((search / kind).iterdir()) for kind in ("index", "filter", "fragment")),
    ]
    same_names = [
        search / name
        for name in ("pagefind-entry.json", "pagefind.js", "pagefind-worker.js")
    ]
    same_names += [*search.glob("wasm.*.pagefind"), *search.glob("pagefind-ui.*")]
    assert len(same_names) >= 6
    for path, cached in [
        *((p, "private, max-age=604800") for p in named_by_contents),
        *((p, "private, no-cache") for p in same_names),
    ]:
        response = nginx.get(path.relative_to(built_site).as_posix())
        assert response.status == 200, path
        assert response.headers["Cache-Control"] == cached, path


def test_text_is_sent_compressed(nginx: Served, built_site: Path) -> None:
    install(nginx.target, built_site)
    scripts = ["_static/" + p.name for p in (built_site / "_static").glob("*.js")]
    sheets = ["_static/" + p.name for p in (built_site / "_static").glob("*.css")]
    assert scripts and sheets
    for path in ["", *scripts[:3], *sheets[:3], "evidence.json", "themes.csv"]:
        response = nginx.get(path, **{"Accept-Encoding": "gzip"})
        assert response.headers.get("Content-Encoding") == "gzip", path
        assert gzip.decompress(response.body) == (
            (built_site / (path or "index.html")).read_bytes()
        ), path


def test_a_reader_signs_in_and_comes_back_to_the_search(
    nginx: Served, built_site: Path, browser: Browser
) -> None:
    install(nginx.target, built_site)
    page = browser.new_context().new_page()  # not signed in
    page.goto(f"{nginx.site}search-evidence.html?q=transition+records")
    # Sent to the login page, which sends the reader back, signed in.
    page.wait_for_url(re.compile(r"/evidence/search-evidence\.html\?q=transition"))
    first = page.locator(".evidence-result").first
    expect(first).to_be_visible()
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"severnside/index\.html[^#]*#transition-records"))
    assert any(url.startswith("/evidence/pagefind/") for url in IdentityService.checked)
    page.context.close()


def test_the_public_example_serves_a_public_build_without_sign_in(
    tmp_path: Path,
) -> None:
    public = build_for(site_repository(tmp_path / "site"), "public")
    served = start_nginx(tmp_path / "nginx", "nginx-public.conf")
    nginx = next(served)
    try:
        assert (
            run("publish", str(public), "--to", str(nginx.target), "--audience",
                "public", cwd=tmp_path).returncode
            == 0
        )  # fmt: skip
        response = nginx.get(session=None)
        assert response.status == 200 and "Test site" in response.text
        assert response.headers["Cache-Control"] == "no-cache"
        download = next(public.glob("_downloads/*/*")).relative_to(public)
        response = nginx.get(str(download), session=None)
        assert response.status == 200
        assert response.headers["Cache-Control"] == "public, max-age=604800"
        assert nginx.get(".evidence-build.json", session=None).status == 404
        # The search: content-named files kept, the entry asked for again.
        meta = next(public.glob("pagefind/pagefind.*.pf_meta")).relative_to(public)
        response = nginx.get(str(meta), session=None)
        assert response.headers["Cache-Control"] == "public, max-age=604800"
        response = nginx.get("pagefind/pagefind-entry.json", session=None)
        assert response.headers["Cache-Control"] == "no-cache"
    finally:
        next(served, None)


def install(target: Path, site: Path) -> None:
    """Serve ``site`` as the current release (what publishing does, in one link)."""
    (target / "current").symlink_to(site)


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
    # Sphinx's search address, sent on to the evidence search.
    "site search": ("search.html?q=confidence", "search-evidence"),
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


def policy_page(nginx: Served, browser: Browser) -> tuple[Page, list[str]]:
    """A page in a fresh profile, and the list of what the policy refuses on it.

    Chromium says so both in the console and with a ``securitypolicyviolation``
    event; both are listened for.
    """
    page = nginx.browser_context(browser).new_page()
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
    nginx: Served, built_site: Path
) -> None:
    install(nginx.target, built_site)
    policy = directives(nginx.get().headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["default-src"] == ["'self'"]


@pytest.mark.parametrize("build", ["built_site", "preview_site"])
def test_every_kind_of_page_loads_under_the_example_policy(
    nginx: Served,
    browser: Browser,
    build: str,
    request: pytest.FixtureRequest,
) -> None:
    site = nginx.site
    install(nginx.target, request.getfixturevalue(build))
    page, refused = policy_page(nginx, browser)
    for kind, (address, name) in POLICY_PAGES.items():
        page.goto(site + address, wait_until="networkidle")
        page.wait_for_url(re.compile(rf"/{re.escape(name)}\.html|/no/such/"))
        page.wait_for_load_state("networkidle")
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
    nginx: Served, built_site: Path, browser: Browser
) -> None:
    site = nginx.site
    install(nginx.target, built_site)
    page, refused = policy_page(nginx, browser)
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


def test_the_navigation_bar_search_finds_guide_pages_under_the_example_policy(
    nginx: Served, built_site: Path, browser: Browser
) -> None:
    site = nginx.site
    install(nginx.target, built_site)
    page, refused = policy_page(nginx, browser)
    page.goto(f"{site}docs/index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_focused()
    field.fill("symbolic link")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search-evidence\.html\?q=symbolic\+link$"))
    guide = page.locator(".evidence-search-guide .evidence-result")
    expect(guide.first).to_contain_text("Guide and site pages")
    page.wait_for_load_state("networkidle")
    assert refused == []
    page.context.close()


def test_the_evidence_search_leads_to_the_theme_under_the_example_policy(
    nginx: Served, built_site: Path, browser: Browser
) -> None:
    site = nginx.site
    install(nginx.target, built_site)
    page, refused = policy_page(nginx, browser)
    page.goto(f"{site}search-evidence.html?q=transition+records")
    first = page.locator(".evidence-result").first
    expect(first).to_be_visible()
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"severnside/index\.html[^#]*#transition-records"))
    expect(page.locator("#transition-records-arrived-too-late")).to_be_in_viewport()
    # The words searched for are marked on the page (Sphinx's highlighter).
    expect(page.locator("span.highlighted").first).to_have_text(
        re.compile("transition|records", re.IGNORECASE)
    )
    assert refused == []
    page.context.close()
