"""What an HTML build leaves in its output folder: exactly a fresh build's files.

Sphinx never deletes a file it wrote before, so without help a summary that is
withdrawn, deleted, renamed or moved would stay in the folder as its page, its
downloads and its images. Each build therefore records, in the folder's build
record (``.evidence-build.json``), every file it may have written; when it
finishes it deletes the files an earlier build recorded that this one does not
want, and records what is left with each file's digest. ``evidence publish``
refuses a folder whose files differ from that record (:func:`unrecorded_files`),
so a stale or hand-edited folder is never published.

The record is updated before any page is written, so a build that is killed
leaves a record naming everything it may have written, and the next build
still removes what it should. Only files a build recorded are ever deleted
(or, in a folder Sphinx built before records listed files, any file: that
folder is Sphinx's output as a whole), so pointing a build at a folder that
holds other things never deletes them; they are reported instead.
"""

from __future__ import annotations

import contextlib
import dataclasses as dc
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from ..source.checkout import Checkout, checkout
from ..source.config import get_config
from ..state import build_state
from .browse.pages import plan
from .builders import is_site_build
from .exports import export_names
from .feeds import site_feeds
from .packs import pack_files
from .search.records import INDEX_DIR, SITE_INDEX_DIR
from .whats_new import whats_new_pages
from .word import word_files

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

BUILD_RECORD = ".evidence-build.json"
WHOLE_FOLDERS = ("_static", INDEX_DIR, SITE_INDEX_DIR)
"""Folders whose files are all the build's: the theme's and the extension's
assets, copied by every build, and the search indexes, which their writer keeps
exactly (:mod:`.search.pagefind`)."""
SPHINX_LEFTOVERS = (".buildinfo.bak", "searchindex.js", "searchindex.js.tmp")
"""Files Sphinx writes on the side, or wrote before the site turned its search
off, which a fresh build does not have."""


class Stat(NamedTuple):
    """What tells whether a file changed since it was last digested."""

    size: int
    mtime_ns: int


def read_build_record(outdir: Path) -> dict[str, Any] | None:
    """What the build that wrote ``outdir`` recorded, if anything."""
    try:
        data = json.loads((outdir / BUILD_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def recorded_files(record: dict[str, Any]) -> dict[str, str | None]:
    """The files a record lists, with their digests.

    A build that has not finished lists the files it may write, some with no
    digest (None).
    """
    files = record.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        name: digest if isinstance(digest, str) else None
        for name, digest in files.items()
        if isinstance(name, str)
    }


def scan(folder: Path) -> dict[str, Stat]:
    """Every file under ``folder`` by relative POSIX path (links not followed:
    a link, even to a folder, is listed as a file)."""
    found: dict[str, Stat] = {}

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{name}/")
                else:
                    info = entry.stat(follow_symlinks=False)
                    found[name] = Stat(info.st_size, info.st_mtime_ns)

    if folder.is_dir():
        walk(str(folder), "")
    found.pop(BUILD_RECORD, None)
    return found


@dc.dataclass
class OutputState:
    """What one build knows of its output folder (on the application)."""

    source: Checkout
    """The commit the sources are at, and what differs from it."""
    recorded: dict[str, str | None]
    """Every file an earlier build recorded (and may have written)."""
    known: dict[str, tuple[Stat, str]]
    """The digest of each file when it had that size and time (a cache)."""
    pages: set[str] = dc.field(default_factory=set)
    """Pages that are not documents (the index, the search page, 404...)."""


DIGESTS = "evidence-output-digests.json"
"""In the doctree folder: the digests of the output folder's files, by size
and time, so that a build digests only the files it wrote. Kept out of the
output folder, which must be the same on every machine."""


def _state(app: Sphinx) -> OutputState | None:
    return build_state(app).output


def _write_record(
    app: Sphinx, state: OutputState, warnings: int | None, files: dict[str, str | None]
) -> None:
    record = {
        "audience": app.config.evidence_audience,
        "warnings": warnings,
        "source": dc.asdict(state.source),
        "files": dict(sorted(files.items())),
    }
    outdir = Path(app.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    staging = outdir / f"{BUILD_RECORD}.new"
    staging.write_text(json.dumps(record, indent=0), encoding="utf-8")
    staging.replace(outdir / BUILD_RECORD)


def _read_digests(app: Sphinx) -> dict[str, tuple[Stat, str]]:
    try:
        data = json.loads(Path(app.doctreedir, DIGESTS).read_text(encoding="utf-8"))
        if data["outdir"] != str(app.outdir):
            return {}
        return {
            name: (Stat(size, mtime_ns), digest)
            for name, (size, mtime_ns, digest) in data["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_digests(app: Sphinx, known: dict[str, tuple[Stat, str]]) -> None:
    files = {name: [*stat, digest] for name, (stat, digest) in known.items()}
    data = {"outdir": str(app.outdir), "files": files}
    Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
    Path(app.doctreedir, DIGESTS).write_text(json.dumps(data), encoding="utf-8")


def start_output(app: Sphinx) -> None:
    """At ``builder-inited``: remember what earlier builds wrote; mark unfinished."""
    if not is_site_build(app.builder):
        return
    outdir = Path(app.outdir)
    record = read_build_record(outdir) or {}
    recorded = recorded_files(record)
    if "files" not in record and (outdir / ".buildinfo").is_file():
        # Built before records listed files: the folder is Sphinx's output.
        recorded = dict.fromkeys(scan(outdir))
    source = checkout(Path(app.srcdir), ignore=(outdir, Path(app.doctreedir)))
    state = OutputState(source, recorded, _read_digests(app))
    build_state(app).output = state
    _write_record(app, state, None, recorded)


def note_written_pages(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Remember each page written that is not a document (``html-page-context``).

    Such pages (the general index, the search page, the 404 page) are written
    by every build, in the main process.
    """
    state = _state(app)
    if state is not None and pagename not in app.env.found_docs:
        state.pages.add(pagename)


def record_pending_writes(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``: record every file this build may write, first.

    A build killed while writing then leaves a record that still names them.
    """
    state = _state(app)
    if state is None:
        return
    new = wanted_files(app, builder) - state.recorded.keys()
    if new:
        state.recorded.update(dict.fromkeys(new))
        _write_record(app, state, None, state.recorded)


def wanted_files(app: Sphinx, builder: Builder) -> set[str]:
    """The files a fresh build of the same sources writes, but for whole folders."""
    assert isinstance(builder, StandaloneHTMLBuilder)
    env, config = app.env, app.config
    prefix = len(str(app.outdir)) + 1
    pages = set(env.found_docs)
    if (state := _state(app)) is not None:
        pages |= state.pages
    # Every browse page, written by this build or kept from an earlier one.
    if (browse := plan(app)) is not None:
        pages |= browse.pages.keys()
    pages |= set(whats_new_pages(app))  # written or kept, as a browse page
    # (From the state: the synthesis pages' module loads the theme, which the
    # `evidence` commands that import this one must not.)
    if (synthesis := build_state(app).synthesis_plan) is not None:
        pages |= set(synthesis.names)  # written or kept, as a browse page
    files = {str(builder.get_outfilename(page))[prefix:] for page in pages}
    if builder.copysource and config.html_copy_source:
        for docname in env.found_docs:
            source = docname + Path(env.doc2path(docname, False)).suffix
            if not source.endswith(config.html_sourcelink_suffix):
                source += config.html_sourcelink_suffix
            files.add(f"_sources/{source}")
    files |= {f"_images/{name}" for _, name in env.images.values()}
    files |= {f"_downloads/{name}" for _, name in env.dlfiles.values()}
    files |= {".buildinfo", "objects.inv", *export_names(get_config(env))}
    files |= word_files(env)
    files |= pack_files(env)
    files |= site_feeds(app).keys()
    if builder.search:
        files.add(builder.searchindex_filename)
    for extra in config.html_extra_path:
        files |= scan(Path(app.confdir, extra)).keys()
    return {name.replace(os.sep, "/") for name in files}


def finish_output(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: delete what this build does not want; record the rest."""
    state = _state(app)
    if state is None or exception is not None:
        return
    outdir = Path(app.outdir)
    present = scan(outdir)
    wanted = wanted_files(app, app.builder) | {
        name for name in present if name.split("/", 1)[0] in WHOLE_FOLDERS
    }
    stale = (state.recorded.keys() | set(SPHINX_LEFTOVERS)) & (present.keys() - wanted)
    _delete(outdir, stale)
    strays = sorted(present.keys() - wanted - stale)
    if strays:
        logger.info(
            f"{outdir} holds {len(strays)} file(s) this build did not write "
            f"({some_of(strays)}); `evidence publish` refuses the folder until they "
            "are removed."
        )
    known: dict[str, tuple[Stat, str]] = {}
    for name in present.keys() & wanted:
        stat, digest = state.known.get(name, (None, ""))
        if stat != present[name]:  # written since it was last digested
            digest = _digest(outdir / name)
        known[name] = (present[name], digest)
    _write_digests(app, known)
    files: dict[str, str | None] = {name: digest for name, (_, digest) in known.items()}
    warnings = getattr(app, "_warncount", None)  # Sphinx counts only there
    _write_record(app, state, warnings, files)


def _delete(outdir: Path, names: Iterable[str]) -> None:
    """Delete files, and the folders they leave empty."""
    folders: set[Path] = set()
    for name in names:
        path = outdir / name
        path.unlink(missing_ok=True)
        folders.update(path.parents)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder.is_relative_to(outdir) and folder != outdir:
            with contextlib.suppress(OSError):  # not empty
                folder.rmdir()


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def some_of(names: list[str], count: int = 3) -> str:
    """The first few names, and how many more there are."""
    more = f" and {len(names) - count} more" if len(names) > count else ""
    return ", ".join(names[:count]) + more


def unrecorded_files(built: Path) -> tuple[list[str], list[str], list[str]]:
    """How ``built`` differs from its record: files added, missing and changed.

    Every file is read and digested again: a file changed since the build is
    found whatever its size and time.
    """
    files = recorded_files(read_build_record(built) or {})
    present = scan(built)
    added = sorted(present.keys() - files.keys())
    missing = sorted(files.keys() - present.keys())
    changed = sorted(
        name
        for name in present.keys() & files.keys()
        if (built / name).is_symlink() or _digest(built / name) != files[name]
    )
    return added, missing, changed


def setup_output(app: Sphinx) -> None:
    """Keep each HTML build's output folder equal to a fresh build's."""
    app.connect("builder-inited", start_output, priority=600)
    app.connect("html-page-context", note_written_pages)
    app.connect("write-started", record_pending_writes, priority=100)
    # After the search index and the exports are written (priority 500).
    app.connect("build-finished", finish_output, priority=900)
