"""A build that did not finish: the next one writes the whole site again.

Sphinx saves its environment once it has read the sources, before it writes a
page, and its next build writes a page only when the page's source is newer
than the page. It also writes ``.buildinfo`` before reading when the settings
changed. So a build stopped after it saved the environment (killed, out of
memory, the machine switched off, an error) leaves pages that the next build
takes for up to date although they were never written again: pages whose
views, frame or navigation changed while their source did not (their
fingerprints are saved with the environment), pages whose settings changed, a
page cut off halfway. The extension's own bookkeeping would trust what it
finds in the same way: the exports, the search index and the browse pages'
digests are made again only when a document was read.

So each site build marks its doctree folder as unfinished when it starts
(``builder-inited``), before it writes anything, and removes the mark when
everything is written (``build-finished``, last, and only if the build did not
fail). A build that finds the mark of an earlier one writes every page, the
exports and the search index again, and works out again which browse pages
changed (:mod:`.browse.pages`; those being written when the build stopped
had their digests forgotten first), whatever it reads: what it leaves is what
a fresh build leaves. Only that build pays for it.

A build's output is never publishable before it finishes either way: its
record says it is unfinished until the end (:mod:`.record`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..state import build_state
from .builders import is_site_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

MARK = "evidence-build-unfinished"
"""In the doctree folder while a site build runs, and after one that stopped."""


def _mark(app: Sphinx) -> Path:
    return Path(app.doctreedir, MARK)


def mark_unfinished(app: Sphinx) -> None:
    """At ``builder-inited``: note an earlier build that stopped; mark this one."""
    if not is_site_build(app.builder):
        return
    mark = _mark(app)
    state = build_state(app)
    state.earlier_build_unfinished = mark.is_file()
    if state.earlier_build_unfinished:
        logger.info(
            "the last build of this site stopped before it finished: "
            "every page is written again"
        )
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text(f"{os.getpid()}\n", encoding="utf-8")


def earlier_build_unfinished(owner: Sphinx | BuildEnvironment) -> bool:
    """Whether the last build of this site stopped before it finished, so that
    nothing in its output may be taken as written."""
    return build_state(owner).earlier_build_unfinished


def write_every_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At ``env-updated``: after an unfinished build, every document's page."""
    return sorted(env.found_docs) if earlier_build_unfinished(app) else []


def mark_finished(app: Sphinx, exception: Exception | None) -> None:
    """At the very end of ``build-finished``: everything is written."""
    if exception is None and is_site_build(app.builder):
        _mark(app).unlink(missing_ok=True)


def setup_unfinished(app: Sphinx) -> None:
    """Mark each site build unfinished until it is; write everything after one."""
    # Before anything is written: the output's record (600), .buildinfo (after).
    app.connect("builder-inited", mark_unfinished, priority=100)
    app.connect("env-updated", write_every_page)
    # After everything: the search index and exports (500), the record (900).
    app.connect("build-finished", mark_finished, priority=1000)
