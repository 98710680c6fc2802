"""The evidence search: a Pagefind index written by the build, and its page.

The HTML builders index every summary's themes, sections and appendices
(:mod:`.records`) with Pagefind (:mod:`.pagefind`): it starts when Sphinx
starts writing pages and works beside it; at ``build-finished`` the index is
written into ``<outdir>/pagefind/``. So a plain ``sphinx-build -b html`` yields
the whole searchable site. The index is made again only when its records change,
or when the last build stopped before it finished (it may have stopped while
writing the index): the stamp that says which records the index holds is
removed before the index is written, and written again only once it is.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.display import progress_message

from ...domain.store import documents_changed
from ...source.warnings_ import EvidenceWarning, warn
from ...state import build_state
from ..unfinished import earlier_build_unfinished
from .page import setup_search_page
from .pagefind import BackgroundIndex, PagefindError
from .records import search_records

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)


INDEX_DIR = "pagefind"
STAMP = "evidence-search.sha256"
"""In the doctree folder: the digest of the records last indexed."""


def start_search_index(app: Sphinx, builder: Builder) -> None:
    """Start indexing the records, unless they are unchanged (``write-started``).

    The environment is complete once writing starts, so Pagefind makes the
    index while Sphinx writes the pages.
    """
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    if builder.name not in {"html", "dirhtml"}:
        return
    output = Path(app.outdir) / INDEX_DIR
    # Whether the index is as the last build wrote it, once it finished.
    trusted = not earlier_build_unfinished(app) and (output / "pagefind.js").is_file()
    if trusted and not documents_changed(app.env):
        return
    records = search_records(builder)
    payload = json.dumps(
        [version("pagefind"), *(r.fields() for r in records)], sort_keys=True
    )
    digest = hashlib.sha256(payload.encode()).hexdigest()
    if trusted and _read(_stamp(app)) == digest:
        return
    logger.info(f"indexing {len(records)} search records while pages are written")
    build_state(app).search_index = (BackgroundIndex(records), digest)


def write_search_index(app: Sphinx, exception: Exception | None) -> None:
    """Write the index started at ``write-started`` into the built site."""
    state = build_state(app)
    pending, state.search_index = state.search_index, None
    if pending is None:
        return
    index, digest = pending
    if exception is not None:
        index.abandon()
        return
    # The stamp vouches only for an index written to the end.
    _stamp(app).unlink(missing_ok=True)
    with progress_message("writing the search index"):
        try:
            index.write(Path(app.outdir) / INDEX_DIR)
        except PagefindError as error:
            warn(
                EvidenceWarning.SEARCH,
                f"The evidence search could not be built. {error}",
                location=(None, None),  # about the build, not a file
            )
            return
    stamp = _stamp(app)
    staging = stamp.with_name(f"{stamp.name}.new")
    staging.write_text(digest, encoding="utf-8")
    staging.replace(stamp)


def _stamp(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STAMP


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def setup_search(app: Sphinx) -> None:
    """Register the search page and the index writer."""
    setup_search_page(app)
    app.connect("write-started", start_search_index)
    app.connect("build-finished", write_search_index)
