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
from playwright.sync_api import Browser, expect

from .conftest import REPOSITORY
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
    second = tmp_path / "second"
    shutil.copytree(built_site, second)
    index = second / "index.html"
    index.write_text(index.read_text().replace("evidence base", "evidence base, again"))
    assert (
        run("publish", str(second), "--to", str(target), cwd=tmp_path).returncode == 0
    )
    assert "evidence base, again" in get(site)[2]
    assert (
        run("publish", "--rollback", "--to", str(target), cwd=tmp_path).returncode == 0
    )
    assert "evidence base, again" not in get(site)[2]


def test_search_works_under_the_example_security_policy(
    nginx: tuple[str, Path], built_site: Path, browser: Browser, tmp_path: Path
) -> None:
    site, target = nginx
    run("publish", str(built_site), "--to", str(target), cwd=tmp_path)
    page = browser.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security" in m.text else None,
    )
    page.goto(f"{site}search-evidence.html?q=teaching+assistants")
    expect(page.locator(".evidence-result").first).to_be_visible()
    assert blocked == []
    page.close()
