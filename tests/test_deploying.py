"""The maintainer's guide (``docs/deploying.md``) works as written.

Every command of its shell blocks is run, in order, in a sandbox: ``sudo`` is
dropped, the server's folders (``/srv``, ``/etc/nginx``, ``/etc/ssl``) are
folders of the test's, and the repository is a committed copy of this one. The
commands that change the machine itself (its packages, users and services) are
not run; each is listed below with the reason, and the guide may not hold any
other command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPOSITORY

GUIDE = REPOSITORY / "docs/deploying.md"
NOT_RUN = {
    "apt-get install": "installs packages on this machine (.ci/run installs nginx so)",
    "useradd": "adds a user to this machine",
    "chown evidence:": "needs that user",
    "pip install --user nox": "installs for that user (.ci/run installs nox so)",
    "systemctl reload nginx": "needs the machine's nginx service; nginx -t checks "
    "the same files, and tests/test_nginx.py serves them",
}
"""Commands of the guide that are not run here, and why."""
SERVER_FOLDERS = ("/srv/", "/etc/nginx/", "/etc/ssl/")


def guide_commands() -> list[str]:
    """Every command in the guide's ``sh`` blocks, in order."""
    blocks = re.findall(r"^```sh\n(.*?)^```", GUIDE.read_text(), re.M | re.S)
    return [
        line.strip()
        for block in blocks
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


class Server:
    """A server's folders under ``root``, and how to run a command there."""

    def __init__(self, root: Path, checkout: Path) -> None:
        self.root, self.checkout = root, checkout
        self.published: list[str] = []
        nginx = root / "etc/nginx"
        for folder in ("sites-available", "sites-enabled", "snippets"):
            (nginx / folder).mkdir(parents=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (nginx / "nginx.conf").write_text(
            f"{user}pid {root}/nginx.pid;\nerror_log {root}/error.log;\nevents {{}}\n"
            "http {\ninclude /etc/nginx/mime.types;\ngzip on;\n"
            f"include {nginx}/sites-enabled/*;\n}}\n"
        )
        for name in ("intranet.example.org", "www.example.org"):
            self._certificate(name)

    def _certificate(self, name: str) -> None:
        """A certificate and key where the example server blocks expect them."""
        certificate = self.root / f"etc/ssl/certs/{name}.pem"
        key = self.root / f"etc/ssl/private/{name}.key"
        certificate.parent.mkdir(parents=True, exist_ok=True)
        key.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", f"/CN={name}", "-keyout", str(key), "-out", str(certificate)],
            check=True, capture_output=True,
        )  # fmt: skip

    def here(self, text: str) -> str:
        """``text`` with the server's folders moved under the sandbox."""
        for folder in SERVER_FOLDERS:
            text = re.sub(rf"(?<![\w.-]){folder}", f"{self.root}{folder}", text)
        return text

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        """Run one command of the guide as the guide means it."""
        words = self.here(command).removeprefix("sudo ").split()
        if words[:2] == ["nginx", "-t"]:
            self._rebase_configuration()
            conf = self.root / "etc/nginx/nginx.conf"
            words += ["-p", str(self.root), "-c", str(conf)]
        if words[:1] == ["nox"]:
            # The tools are this environment's (already installed): no new one.
            words = [
                sys.executable,
                "-m",
                "nox",
                "--no-venv",
                "--no-install",
                *words[1:],
            ]
        bin_folder = str(Path(sys.executable).parent)
        env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
        return subprocess.run(
            words,
            cwd=self.checkout,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def _rebase_configuration(self) -> None:
        """The copied server blocks name the server's folders: point them here."""
        for path in (self.root / "etc/nginx/sites-available").iterdir():
            path.write_text(self.here(path.read_text()))


@pytest.fixture
def server(tmp_path: Path, site_checkout: Path) -> Server:
    return Server(tmp_path / "server", site_checkout)


def test_every_command_of_the_guide_is_run_or_is_said_why_not(
    server: Server,
) -> None:
    commands = guide_commands()
    assert len(commands) > 10
    ran = []
    for command in commands:
        if any(skipped in command for skipped in NOT_RUN):
            continue
        if "rollback" in command:
            # Something to roll back to: a second release of the network site.
            assert server.run("nox -s publish -- /srv/evidence").returncode == 0
        result = server.run(command)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        ran.append(command)
    # Each command the guide does not run is one the guide holds.
    for skipped in NOT_RUN:
        assert any(skipped in command for command in commands), skipped
    assert {
        "nox -s releases -- /srv/evidence",
        "nox -s rollback -- /srv/evidence",
    } <= set(ran)
    assert sum(c == "sudo nginx -t" for c in ran) == 2
    # The guide's folders, as the web server sees them.
    srv = server.root / "srv"
    assert (srv / "www/evidence/index.html").is_file()
    assert (srv / "www-public/evidence/index.html").is_file()
    network = json.loads((srv / "evidence/history.json").read_text())
    public = json.loads((srv / "evidence-public/history.json").read_text())
    assert (network["audience"], public["audience"]) == ("network", "public")
    # The public site holds only what is shared with the public.
    assert not (srv / "www-public/evidence/hubs/2023-24/northshire").exists()
    assert (srv / "www/evidence/hubs/2023-24/northshire/index.html").is_file()
