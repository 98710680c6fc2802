"""Building small sites in tests and reading their warnings."""

from __future__ import annotations

import dataclasses as dc
import gzip
import io
import os
import re
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

TESTS = Path(__file__).parent
GOOD_SUMMARY = (
    TESTS / "roots/test-summary/hubs/2023-24/northshire/index.md"
).read_text()
# Test sites are previews: every summary is read, whatever its status.
SITE_CONF = (
    'extensions = ["hub_evidence"]\nmyst_enable_extensions = ["colon_fence"]\n'
    'evidence_audience = "preview"\n'
)
SITE_INDEX = "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/*/index\n```\n"

_WARNING = re.compile(
    r"^(?:(?P<path>[^\n]*?):(?P<line>\d*):? )?(?:WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)"
    r"(?: \[(?P<type>[\w.]+)\])?$",
    re.MULTILINE,
)


@dc.dataclass(frozen=True)
class Warning:
    """One warning of a build."""

    path: str
    line: int | None
    message: str
    type: str | None

    @property
    def file(self) -> str:
        """The path relative to the hubs folder's parent, e.g. ``hubs/2023-24/x/index.md``."""
        return (
            self.path[self.path.find("hubs/") :] if "hubs/" in self.path else self.path
        )


def parse_warnings(text: str) -> list[Warning]:
    """The warnings in a build's warning stream."""
    text = strip_escape_sequences(text)
    return [
        Warning(
            m["path"] or "",
            int(m["line"]) if m["line"] else None,
            m["message"],
            m["type"],
        )
        for m in _WARNING.finditer(text)
    ]


@dc.dataclass
class Build:
    """A finished test build."""

    app: SphinxTestApp
    warnings: list[Warning]
    outdir: Path
    status: str = ""

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


def write_site(
    srcdir: Path,
    summaries: dict[str, str | bytes],
    conf: str = SITE_CONF,
    index: str = SITE_INDEX,
) -> Path:
    """Write a site with ``summaries`` ({path below the source folder: text})."""
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(conf)
    (srcdir / "index.md").write_text(index)
    for name, content in summaries.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return srcdir


def sphinx_build(srcdir: Path, outdir: Path, *options: str) -> None:
    """Run ``sphinx-build -b html -q [options] SRC OUT`` as a reader would; must pass."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            *options,
            str(srcdir),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def build(
    srcdir: Path,
    buildername: str = "html",
    parallel: int = 0,
    fresh: bool = True,
    **confoverrides: Any,
) -> Build:
    """Build ``srcdir`` (from scratch unless ``fresh`` is False) and collect warnings."""
    warning, status = StringIO(), StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        confoverrides=confoverrides or None,
        status=status,
        warning=warning,
        freshenv=fresh,
        parallel=parallel,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(
        app,
        parse_warnings(warning.getvalue()),
        Path(app.outdir),
        strip_escape_sequences(status.getvalue()),
    )


def summary_files(
    text: str | bytes, folder: str = "hubs/2023-24/northshire"
) -> dict[str, str | bytes]:
    """A summary and the appendices :data:`GOOD_SUMMARY` links to."""
    return {
        f"{folder}/index.md": text,
        f"{folder}/survey.md": "# Survey\n\nQuestions.\n",
        f"{folder}/case-study.pdf": b"%PDF-1.4\n",
    }


def build_summary(tmp_path: Path, text: str | bytes, **confoverrides: Any) -> Build:
    """Build a site holding one summary, ``hubs/2023-24/northshire/index.md``."""
    srcdir = write_site(tmp_path / "src", summary_files(text))
    return build(srcdir, **confoverrides)


def git(folder: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``folder`` as a test user (committing at ``date``); its output."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
    env |= {"GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    if date:
        env |= {"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date}
    return subprocess.run(
        ["git", *args], cwd=folder, env=env, check=True, capture_output=True, text=True
    ).stdout


PUBLIC_SUMMARY = GOOD_SUMMARY.replace("sharing: network", "sharing: public")


def site_repository(folder: Path, text: str = PUBLIC_SUMMARY) -> Path:
    """A small site with the search page, committed in a git repository of its own."""
    srcdir = write_site(
        folder,
        summary_files(text),
        index=SITE_INDEX.replace("index\n```", "index\nsearch-evidence\n```"),
    )
    (srcdir / "search-evidence.md").write_text(
        "# Search\n\n:::{evidence-search}\n:::\n"
    )
    (srcdir / ".gitignore").write_text("_build/\n")
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "The site")
    return srcdir


def build_for(srcdir: Path, audience: str = "network") -> Path:
    """Build as the publish workflow does, into ``_build/<audience>``."""
    out = srcdir / "_build" / audience
    doctrees = srcdir / "_build" / f"doctrees-{audience}"
    sphinx_build(
        srcdir, out, "-d", str(doctrees), "-D", f"evidence_audience={audience}"
    )
    return out


def every_file(out: Path, *, opened: bool = False) -> dict[str, bytes]:
    """Every file of a built site by its path; ``opened``: gzip files decompressed
    (Pagefind's index), so that the words in them can be searched."""
    contents = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if opened and data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            elif opened and data[:4] == b"PK\x03\x04":  # a Word document
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    data = b"".join(archive.read(name) for name in archive.namelist())
            contents[path.relative_to(out).as_posix()] = data
    return contents


def evidence_warnings(result: Build) -> list[tuple[int | None, str]]:
    """(line, subtype) of every ``evidence.*`` warning."""
    return [
        (w.line, w.type.removeprefix("evidence."))
        for w in result.warnings
        if w.type and w.type.startswith("evidence.")
    ]
