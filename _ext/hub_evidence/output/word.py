"""Each summary page offers its summary as a Word document ("Download as Word").

The document is a build output like the page: written beside it
(``hubs/2023-24/northshire/northshire-2023-24.docx``) for every summary the
build has a record of, and so only for summaries its audience may see (the
others are never read, :mod:`..source.audience`); the output record wants it
(:func:`word_files`), so a withdrawn summary's document is deleted with its
page. It is made from the summary's own file (:mod:`..source.word`), and only
when that file, the site's strategic goals or the exporter changed since the
document was last written (a fingerprint kept in the doctree folder): a site
of 800 summaries does not rewrite 800 documents on every build.
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
from ..source.summary_text import SummaryTextError, read_summary_text
from ..source.word.carried import FORMAT
from ..source.word.writer import TEMPLATE, word_document
from .builders import is_site_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
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
    return {_output_path(record) for record in _offered(env).values()}


def add_download_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At ``doctree-resolved``: the link in the summary's header panel."""
    record = _offered(app.env).get(docname)
    if record is None or not is_site_build(app.builder):
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


def _fingerprint(source: str, vocabularies: dict[str, dict[str, str]]) -> str:
    """What the document is made from: its file, the site's vocabularies (which
    check its front matter and name its goal), the exporter."""
    data = json.dumps([EXPORTER_VERSION, vocabularies, source], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def write_word_documents(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: write each summary's document whose inputs changed."""
    if exception is not None or not is_site_build(app.builder):
        return
    env = app.env
    config = get_config(env)
    goals = dict(config.vocabularies["strategic_goals"].terms)
    terms = {name: dict(v.terms) for name, v in sorted(config.vocabularies.items())}
    store = Path(app.doctreedir) / FINGERPRINTS
    try:
        known: dict[str, list[object]] = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    written: dict[str, list[object]] = {}
    for docname, record in sorted(_offered(env).items()):
        try:
            source = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the page's build has already said what is wrong
        fingerprint = _fingerprint(source, terms)
        name = _output_path(record)
        target = Path(app.outdir, name)
        if target.is_file() and known.get(name) == [fingerprint, target.stat().st_size]:
            written[name] = known[name]
            continue
        try:
            document = read_summary_text(source, config.vocabularies)
        except SummaryTextError:
            continue  # the page's build has already said what is wrong
        data = word_document(document, goals)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[name] = [fingerprint, len(data)]
    store.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")


def setup_word(app: Sphinx) -> None:
    """Offer every summary page's summary as a Word document."""
    app.connect("doctree-resolved", add_download_link)
    app.connect("build-finished", write_word_documents, priority=600)
