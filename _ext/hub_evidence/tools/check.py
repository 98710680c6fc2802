"""``evidence check`` and ``export``: the build's own reading, without the HTML.

It reads the whole site with Sphinx's ``dummy`` builder, so every message is
exactly the one the build gives, and reports those located in the paths asked
for (all of them by default).
"""

from __future__ import annotations

import dataclasses as dc
import os
import re
import tempfile
from pathlib import Path

# "<path>:<line>: WARNING: ..." (the line may be missing).
_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d*):? (?:WARNING|ERROR|CRITICAL):")


@dc.dataclass(frozen=True)
class Report:
    """One message of the build, and the file it is about (if any)."""

    text: str
    path: Path | None


class _Collector:
    """A stream that keeps each message Sphinx writes to it (one write each)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def write(self, text: str) -> int:
        if text.strip():
            self.messages.append(text.rstrip("\n"))
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding a ``conf.py``."""
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file():
            return folder
    return None


def run_checks(project: Path, jobs: int = 1) -> list[Report]:
    """Read the site at ``project`` and return every warning, in order."""
    # Every summary, drafts and hub-only ones included, is checked.
    return run_sphinx(project, "dummy", {"evidence_audience": "preview"}, jobs=jobs)


def run_sphinx(
    project: Path,
    builder: str,
    overrides: dict[str, str],
    outdir: Path | None = None,
    jobs: int = 1,
) -> list[Report]:
    """Build the site at ``project`` with ``builder``; every warning, in order."""
    # Imported here: the commands that only write files start without Sphinx.
    from sphinx.application import Sphinx  # noqa: PLC0415
    from sphinx.util.console import nocolor  # noqa: PLC0415
    from sphinx.util.docutils import (  # noqa: PLC0415
        docutils_namespace,
        patch_docutils,
    )

    collector = _Collector()
    nocolor()
    with (
        tempfile.TemporaryDirectory(prefix="evidence-") as scratch,
        patch_docutils(project),
        docutils_namespace(),
    ):
        app = Sphinx(
            srcdir=project,
            confdir=project,
            outdir=outdir or Path(scratch) / "out",
            doctreedir=Path(scratch) / "doctrees",
            buildername=builder,
            confoverrides=overrides,
            status=None,
            warning=collector,  # type: ignore[arg-type]
            freshenv=True,
            keep_going=True,
            parallel=jobs,
        )
        app.build(force_all=True)
    reports = []
    for message in collector.messages:
        match = _LOCATED.match(message)
        path = Path(match["path"]) if match and match["path"] != "<unknown>" else None
        reports.append(Report(message, path))
    return reports


def select(reports: list[Report], paths: list[Path]) -> list[Report]:
    """The reports about files in ``paths`` (files or folders); all if none given."""
    if not paths:
        return reports
    wanted = [path.resolve() for path in paths]
    return [
        report
        for report in reports
        if report.path is not None
        and any(report.path == w or w in report.path.parents for w in wanted)
    ]


def shorten(report: Report, base: Path) -> str:
    """The message with its path relative to ``base`` when that is shorter."""
    if report.path is None:
        return report.text
    try:
        relative = os.path.relpath(report.path, base)
    except ValueError:
        return report.text
    return relative + report.text[len(str(report.path)) :]
