"""Each summary page offers its summary as a Word document ("Download as Word").

The document is a build output like the page: written beside it
(``hubs/2023-24/northshire/northshire-2023-24.docx``) for every summary the
build has a record of, and so only for summaries its audience may see (the
others are never read, :mod:`..source.audience`); the output record wants it
(:func:`word_files`), so a withdrawn summary's document is deleted with its
page. It is made from the summary's own file (:mod:`..source.word`), and only
when that file, the site's strategic goals or the exporter changed since the
document was last written (a fingerprint kept in the doctree folder): a site
of 800 summaries does not rewrite 800 documents on every build. Those to
make are started when Sphinx starts writing pages, in other processes when
there are many (:class:`WordBatch`), so that a first build makes them while the
pages are written, not after.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..domain.store import get_domain
from ..source.config import get_config
from ..source.model import year_folder
from ..source.word.carried import FORMAT
from ..source.word.volume import year_document
from ..source.word.writer import TEMPLATE, summary_as_word
from ..state import build_state
from .builders import is_site_build

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..source.model import SummaryRecord
    from ..source.vocabulary import Vocabulary

FINGERPRINTS = "evidence-word-fingerprints.json"
"""In the doctree folder: each document's fingerprint and size, when written."""
LINK_TEXT = "Download as Word"
EXPORTER_VERSION = f"{FORMAT}:{hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()}"
"""What a document depends on besides its summary: the record's format, the template."""
IN_OTHER_PROCESSES_FROM = 8
"""Fewer documents than this are made in the build's own process: starting
another Python costs about as much as making eight."""


def document_name(record: SummaryRecord) -> str:
    """The document's file name: ``northshire-2023-24.docx``."""
    return f"{record.slug}-{year_folder(record.front_matter.year)}.docx"


def _output_path(record: SummaryRecord) -> str:
    folder = record.docname.rpartition("/")[0]
    return f"{folder}/{document_name(record)}"


def year_document_path(record: SummaryRecord) -> str:
    """Where its year's document is: beside the year's page,
    ``hubs/2023-24/summaries-2023-24.docx``."""
    folder = record.docname.rsplit("/", 2)[0]
    return f"{folder}/summaries-{year_folder(record.front_matter.year)}.docx"


def _years(env: BuildEnvironment) -> dict[str, list[SummaryRecord]]:
    """The summaries offered, by their year's document, in the order of its
    chapters (by hub name, as the year's page lists them)."""
    years: dict[str, list[SummaryRecord]] = {}
    for record in _offered(env).values():
        years.setdefault(year_document_path(record), []).append(record)
    for records in years.values():
        records.sort(key=lambda r: (r.front_matter.hub.casefold(), r.docname))
    return years


def _offered(env: BuildEnvironment) -> dict[str, SummaryRecord]:
    """The summaries offered as Word documents, by docname: all the build has
    a record of, but those whose page had something refused (the document is
    made from the summary's file, which still holds it)."""
    domain = get_domain(env)
    return {
        docname: record
        for docname, record in domain.summaries.items()
        if docname not in domain.refused
    }


def word_files(env: BuildEnvironment) -> set[str]:
    """The documents a build writes (output-relative paths)."""
    return {_output_path(record) for record in _offered(env).values()} | set(
        _years(env)
    )


def add_download_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At ``doctree-resolved``: the link in the summary's header panel."""
    domain = get_domain(app.env)
    record = domain.summaries.get(docname)
    if record is None or docname in domain.refused or not is_site_build(app.builder):
        return
    for header in doctree.findall(nodes.container):
        if "evidence-summary-header" not in header["classes"]:
            continue
        first = header.children[0] if header.children else None
        body = first if isinstance(first, nodes.Element) else header
        name = document_name(record)
        # Beside the page: a summary is always its folder's index page.
        link = nodes.reference(
            "", LINK_TEXT, refuri=name, classes=["evidence-word-download"]
        )
        body += nodes.paragraph(
            "",
            "",
            link,
            nodes.Text(" (the summary in the Evaluator in Residence template)"),
        )
        return


def add_year_download_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At ``doctree-resolved``: on a year's page, the link to its document."""
    folder, _, leaf = docname.rpartition("/")
    if leaf != "index" or folder.rpartition("/")[0] != get_config(app.env).hubs_dir:
        return
    records = [
        record
        for record in _offered(app.env).values()
        if record.docname.startswith(f"{folder}/")
    ]
    section = doctree.next_node(nodes.section)
    if not records or section is None or not is_site_build(app.builder):
        return
    year = records[0].front_matter.year
    many = f"all {len(records)} summaries" if len(records) > 1 else "its summary"
    link = nodes.reference(
        "",
        f"Download {year} as one Word document",
        # Beside the page: a year's page is its folder's index page.
        refuri=year_document_path(records[0]).rpartition("/")[2],
        classes=["evidence-word-download"],
    )
    paragraph = nodes.paragraph(
        "", "", link, nodes.Text(f" ({many}, with a contents list)")
    )
    first = section.next_node(nodes.paragraph)
    where = (
        section.index(first) + 1
        if first is not None and first.parent is section
        else len(section)
    )
    section.insert(where, paragraph)


def _fingerprint(source: str, vocabularies: dict[str, dict[str, str]]) -> str:
    """What the document is made from: its file, the site's vocabularies (which
    check its front matter and name its goal), the exporter."""
    data = json.dumps([EXPORTER_VERSION, vocabularies, source], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class WordBatch:
    """The documents a build makes, from ``write-started`` to ``build-finished``.

    With many to make, they are made by a pool of other processes (one fewer
    than the machine's cores: Sphinx writes the pages on the other) while the
    pages are written; with few, in this process once the pages are written.
    """

    def __init__(self, vocabularies: Mapping[str, Vocabulary]) -> None:
        self.vocabularies = vocabularies
        self.known: dict[str, list[object]] = {}
        """Each document's fingerprint and size when the last build wrote it."""
        self.kept: dict[str, list[object]] = {}
        """Each unchanged summary document's fingerprint and size."""
        self.pending: list[tuple[str, str, str]] = []
        """Each document to make: its path, fingerprint and summary's text."""
        self._pool: ProcessPoolExecutor | None = None
        self._made: list[Future[bytes | None]] = []

    def start(self) -> None:
        """Start making the pending documents in other processes, if many."""
        if len(self.pending) < IN_OTHER_PROCESSES_FROM:
            return
        # Spawned, not forked: the build's process holds threads (the search
        # index's) that a fork would copy in an unknown state.
        self._pool = ProcessPoolExecutor(
            max_workers=max(1, (os.cpu_count() or 1) - 1),
            mp_context=get_context("spawn"),
        )
        self._made = [
            self._pool.submit(summary_as_word, text, self.vocabularies)
            for _, _, text in self.pending
        ]

    @property
    def pooled(self) -> bool:
        """Whether other processes are making the documents."""
        return self._pool is not None

    def made(self) -> Iterator[tuple[str, str, bytes | None]]:
        """Each pending document's path, fingerprint and bytes (None: unreadable)."""
        try:
            for number, (name, fingerprint, text) in enumerate(self.pending):
                yield name, fingerprint, self._result(number, text)
        finally:
            self.abandon()

    def _result(self, number: int, text: str) -> bytes | None:
        if self._pool is not None:
            try:
                return self._made[number].result()
            except BrokenProcessPool:
                pass  # a worker was killed: made here instead
        return summary_as_word(text, self.vocabularies)

    def abandon(self) -> None:
        """Stop the pool, dropping what it has not made."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def start_word_documents(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``: start making each document whose inputs changed."""
    if not is_site_build(builder):
        return
    env = app.env
    config = get_config(env)
    terms = {name: dict(v.terms) for name, v in sorted(config.vocabularies.items())}
    try:
        known = json.loads(_fingerprints(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    batch = WordBatch(config.vocabularies)
    batch.known = known
    for docname, record in sorted(_offered(env).items()):
        try:
            text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the page's build has already said what is wrong
        fingerprint = _fingerprint(text, terms)
        name = _output_path(record)
        target = Path(app.outdir, name)
        if target.is_file() and known.get(name) == [fingerprint, target.stat().st_size]:
            batch.kept[name] = known[name]
        else:
            batch.pending.append((name, fingerprint, text))
    batch.start()
    build_state(app).word_documents = batch


def write_word_documents(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: write the documents started at ``write-started``."""
    state = build_state(app)
    batch, state.word_documents = state.word_documents, None
    if batch is None:
        return
    if exception is not None:
        batch.abandon()
        return
    written = dict(batch.kept)
    for name, fingerprint, data in batch.made():
        if data is None:
            continue  # the page's build has already said what is wrong
        target = Path(app.outdir, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[name] = [fingerprint, len(data)]
    _write_year_documents(app, written, batch.known)
    _fingerprints(app).write_text(json.dumps(written, sort_keys=True), encoding="utf-8")


def _write_year_documents(
    app: Sphinx, written: dict[str, list[object]], known: dict[str, list[object]]
) -> None:
    """Each year's document whose summaries' documents changed, from them."""
    for name, records in sorted(_years(app.env).items()):
        chapters = [r for r in records if _output_path(r) in written]
        if not chapters:
            continue
        year = chapters[0].front_matter.year
        title = f"Evaluator in Residence summaries {year}"
        inputs = [EXPORTER_VERSION, title]
        inputs += [[_output_path(r), written[_output_path(r)]] for r in chapters]
        fingerprint = hashlib.sha256(json.dumps(inputs).encode()).hexdigest()
        target = Path(app.outdir, name)
        if target.is_file() and known.get(name) == [fingerprint, target.stat().st_size]:
            written[name] = known[name]
            continue
        data = year_document(
            title,
            _introduction(chapters),
            [
                (r.front_matter.hub, Path(app.outdir, _output_path(r)).read_bytes())
                for r in chapters
            ],
        )
        target.write_bytes(data)
        written[name] = [fingerprint, len(data)]


def _introduction(records: list[SummaryRecord]) -> str:
    year = records[0].front_matter.year
    text = (
        f"The {len(records)} Evaluator in Residence summaries of {year} on this "
        "site, one chapter for each hub. Each hub owns its findings: check a "
        "summary's sharing before using them."
    )
    if any(r.front_matter.illustrative for r in records):
        text += (
            " Summaries marked “illustrative example” are invented to show how "
            "the site works; they are not real evaluation results."
        )
    return text


def _fingerprints(app: Sphinx) -> Path:
    return Path(app.doctreedir) / FINGERPRINTS


def setup_word(app: Sphinx) -> None:
    """Offer every summary page's summary as a Word document."""
    app.connect("doctree-resolved", add_download_link)
    app.connect("doctree-resolved", add_year_download_link)
    app.connect("write-started", start_word_documents)
    app.connect("build-finished", write_word_documents, priority=600)
