"""The site's search: Pagefind indexes written by the build, and its page.

The HTML builders index every summary's themes, sections and appendices
(:mod:`.records`), and, apart, the guide and the site's other pages
(:mod:`.site_pages`), with Pagefind (:mod:`.pagefind`): it starts when Sphinx
starts writing pages and works beside it; at ``build-finished`` each index is
written into its folder of the built site (``pagefind/``, ``pagefind-site/``).
So a plain ``sphinx-build -b html`` yields the whole searchable site. An index
is made again only when its records change, or when the last build stopped
before it finished (it may have stopped while writing an index): the stamp that
says which records an index holds is removed before the index is written, and
written again only once it is. The search page merges the two (:mod:`.page`);
Sphinx's own search is off (:mod:`.site_search`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.display import progress_message

from ...domain.store import documents_changed
from ...source.warnings_ import EvidenceWarning, warn
from ...state import build_state
from ..builders import is_site_build
from ..unfinished import earlier_build_unfinished
from .page import setup_search_page
from .pagefind import BackgroundIndex, PagefindError
from .records import (
    INDEX_DIR,
    SITE_INDEX_DIR,
    SearchRecord,
    facet_totals,
    search_records,
)
from .site_pages import site_page_records
from .site_search import setup_site_search

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

INDEXES: dict[str, Callable[[Builder], list[SearchRecord]]] = {
    INDEX_DIR: search_records,
    SITE_INDEX_DIR: site_page_records,
}
"""Each index's folder in the built site, and what it holds."""
BESIDE: dict[str, Callable[[list[SearchRecord]], dict[PurePosixPath, bytes]]] = {
    INDEX_DIR: facet_totals,
}
"""What an index's folder holds besides the index, made from the same records."""
STAMP = "{}.sha256"
"""In the doctree folder, for each index: the digest of the records last indexed."""


def start_search_index(app: Sphinx, builder: Builder) -> None:
    """Start indexing the records, unless they are unchanged (``write-started``).

    The environment is complete once writing starts, so Pagefind makes the
    indexes while Sphinx writes the pages.
    """
    if not is_site_build(builder):
        return
    pending = []
    unfinished = earlier_build_unfinished(app)
    for folder, records_of in INDEXES.items():
        output = Path(app.outdir) / folder
        # Whether the index is as the last build wrote it, once it finished.
        trusted = not unfinished and (output / "pagefind.js").is_file()
        if trusted and not documents_changed(app.env):
            continue
        records = records_of(builder)
        payload = json.dumps(
            [version("pagefind"), *(r.fields() for r in records)], sort_keys=True
        )
        digest = hashlib.sha256(payload.encode()).hexdigest()
        if trusted and _read(_stamp(app, folder)) == digest:
            continue
        logger.info(f"indexing {len(records)} search records ({folder}/)")
        beside = BESIDE[folder](records) if folder in BESIDE else None
        pending.append((folder, BackgroundIndex(records, beside), digest))
    build_state(app).search_index = pending


def write_search_index(app: Sphinx, exception: Exception | None) -> None:
    """Write the indexes started at ``write-started`` into the built site."""
    state = build_state(app)
    pending, state.search_index = state.search_index, []
    for number, (folder, index, digest) in enumerate(pending):
        if exception is not None:
            index.abandon()
            continue
        # The stamp vouches only for an index written to the end.
        stamp = _stamp(app, folder)
        stamp.unlink(missing_ok=True)
        with progress_message(f"writing the search index ({folder}/)"):
            try:
                index.write(Path(app.outdir) / folder)
            except PagefindError as error:
                warn(
                    EvidenceWarning.SEARCH,
                    f"The search could not be built. {error}",
                    location=(None, None),  # about the build, not a file
                )
                # What stops one index stops the others: said once.
                for _, other, _ in pending[number + 1 :]:
                    other.abandon()
                return
        staging = stamp.with_name(f"{stamp.name}.new")
        staging.write_text(digest, encoding="utf-8")
        staging.replace(stamp)


def _stamp(app: Sphinx, folder: str) -> Path:
    return Path(app.doctreedir) / STAMP.format(folder)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def setup_search(app: Sphinx) -> None:
    """Register the search page and the index writer."""
    setup_search_page(app)
    setup_site_search(app)
    app.connect("write-started", start_search_index)
    app.connect("build-finished", write_search_index)
