"""The evidence search: a Pagefind index written by the build, and its page.

At ``build-finished`` the HTML builders index every summary's themes,
sections and appendices (:mod:`.records`) into ``<outdir>/pagefind/``
(:mod:`.pagefind`), so a plain ``sphinx-build -b html`` yields the whole
searchable site. The index is written again only when its records change.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.display import progress_message

from ..domain import documents_changed
from ..warnings_ import EvidenceWarning, warn
from .page import setup_search_page
from .pagefind import PagefindError, write_index
from .records import search_records

if TYPE_CHECKING:
    from sphinx.application import Sphinx


INDEX_DIR = "pagefind"
STAMP = "evidence-search.sha256"
"""In the doctree folder: the digest of the records last indexed."""


def write_search_index(app: Sphinx, exception: Exception | None) -> None:
    """Index the records into the built site, unless they are unchanged."""
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    if builder.name not in {"html", "dirhtml"}:
        return
    output = Path(app.outdir) / INDEX_DIR
    if not documents_changed(app.env) and (output / "pagefind.js").is_file():
        return
    records = search_records(builder)
    payload = json.dumps(
        [version("pagefind"), *(r.fields() for r in records)], sort_keys=True
    )
    digest = hashlib.sha256(payload.encode()).hexdigest()
    stamp = Path(app.doctreedir) / STAMP
    if (output / "pagefind.js").is_file() and _read(stamp) == digest:
        return
    with progress_message(f"indexing {len(records)} search records"):
        try:
            write_index(records, output)
        except PagefindError as error:
            warn(
                EvidenceWarning.SEARCH,
                f"The evidence search could not be built. {error}",
                location=(None, None),  # about the build, not a file
            )
            return
    stamp.write_text(digest, encoding="utf-8")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def setup_search(app: Sphinx) -> None:
    """Register the search page and the index writer."""
    setup_search_page(app)
    app.connect("build-finished", write_search_index)
