"""Each summary page offers its summary as a Word document ("Download as Word").

The document is a build output like the page: written beside it
(``hubs/2023-24/northshire/northshire-2023-24.docx``) for every summary the
build has a record of, and so only for summaries its audience may see (the
others are never read, :mod:`..source.audience`); the output record wants it
(:func:`word_files`), so a withdrawn summary's document is deleted with its
page. It is made from the summary's own file (:mod:`..source.word`), and only
when that file, the site's strategic goals or the exporter changed since the
document was last written (a fingerprint kept in the doctree folder): a site
of 800 summaries does not rewrite 800 documents on every build. Each year's
page offers its summaries as one document too, made from theirs. How they are
made beside the build's other work is :mod:`.word_batch`'s.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..domain.store import get_domain
from ..source.config import get_config
from ..source.model import year_folder
from ..source.word.carried import FORMAT
from ..source.word.writer import TEMPLATE
from ..state import build_state
from .builders import is_site_build
from .word_batch import Volume, WordBatch

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..source.model import SummaryRecord

FINGERPRINTS = "evidence-word-fingerprints.json"
"""In the doctree folder: each document's fingerprint and size, when written."""
LINK_TEXT = "Download as Word"
EXPORTER_VERSION = f"{FORMAT}:{hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()}"
"""What a document depends on besides its summary: the record's format, the template."""


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
    batch = WordBatch(config.vocabularies, known)
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
    """At ``build-finished``, before the search index is waited for: write the
    documents started at ``write-started``, and each year's, beside it."""
    batch = build_state(app).word_documents
    if batch is None:
        return
    if exception is not None:
        batch.abandon()
        return
    volumes = [
        Volume(
            name,
            records[0].front_matter.year,
            any(r.front_matter.illustrative for r in records),
            [(r.front_matter.hub, _output_path(r)) for r in records],
        )
        for name, records in sorted(_years(app.env).items())
    ]
    batch.write(Path(app.outdir), _fingerprints(app), volumes)


def wait_for_word_documents(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``, before the output is recorded: the documents written."""
    state = build_state(app)
    batch, state.word_documents = state.word_documents, None
    if batch is not None:
        batch.wait()


def _fingerprints(app: Sphinx) -> Path:
    return Path(app.doctreedir) / FINGERPRINTS


def setup_word(app: Sphinx) -> None:
    """Offer every summary page's summary as a Word document."""
    app.connect("doctree-resolved", add_download_link)
    app.connect("doctree-resolved", add_year_download_link)
    app.connect("write-started", start_word_documents)
    app.connect("build-finished", write_word_documents, priority=400)
    app.connect("build-finished", wait_for_word_documents, priority=600)
