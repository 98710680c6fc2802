"""One line for the author at the end of each build of the preview (``nox -s serve``).

The preview runs Sphinx quietly (``-q``): an author needs each problem, with its
file and line, not Sphinx's progress, MyST's configuration or "build succeeded,
1 warning.". What a quiet build leaves out is its outcome, so this says it in the
author's words: "2 problems in your summaries." or "No problems found.".

After a save, Sphinx reads again only the pages that changed (and those that
show them), and reports only their problems: the problems of other pages,
listed before, are not repeated. The line then says it is about the pages just
updated, so that "no problems" never claims more than was checked
(``evidence check`` reads every summary).

Only a quiet HTML build of the preview says it: other builds end with Sphinx's
own summary, and ``evidence check`` (the ``dummy`` builder) with its own.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..source.config import get_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def outcome(problems: int, *, every_page: bool) -> str:
    """The line for ``problems`` found, on every page or on those just updated."""
    where = "your summaries" if every_page else "the pages just updated"
    if problems == 0:
        return "No problems found." if every_page else f"No problems in {where}."
    noun = "problem" if problems == 1 else "problems"
    listed = "listed above" if problems == 1 else "each listed above"
    return f"{problems} {noun} in {where}, {listed} with its file and line."


class _PreviewReport:
    """What one build read, and its outcome when it finishes."""

    def __init__(self) -> None:
        self.every_page = True

    def note_reading(
        self, app: Sphinx, env: BuildEnvironment, docnames: list[str]
    ) -> None:
        """Remember whether this build reads every page or only the changed ones."""
        self.every_page = set(docnames) >= set(env.found_docs)

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        """Say the outcome, if this is a quiet preview build that did not fail."""
        if exception is not None or not app.quiet or app.builder.format != "html":
            return
        if get_config(app.env).audience != "preview":
            return
        # Sphinx counts the warnings it shows (not those suppressed) here; it is
        # the count its own "build succeeded, N warnings." gives.
        problems: int = app._warncount
        # Quiet builds show warnings only, on standard error: the line goes with them.
        print(outcome(problems, every_page=self.every_page), file=sys.stderr)
        sys.stderr.flush()


def setup_preview_report(app: Sphinx) -> None:
    """End each quiet preview build with its outcome in the author's words."""
    report = _PreviewReport()
    # Late, so that pages other listeners add to the reading are counted too.
    app.connect("env-before-read-docs", report.note_reading, priority=900)
    app.connect("build-finished", report.finish)
