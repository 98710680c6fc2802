""" "Download as Word": every summary page offers its summary as a Word document.

The document is a build output: beside the page, recorded like it (so a
withdrawn summary's document goes with its page, :mod:`tests.test_output`),
and written again only when the summary changed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from bs4 import BeautifulSoup

from hub_evidence.output.word_batch import IN_OTHER_PROCESSES_FROM, WordBatch
from hub_evidence.source.config import EvidenceConfig
from hub_evidence.source.word.writer import summary_as_word

from .helpers import build, write_site
from .test_output import (
    FOLDER,
    NETWORK_CONF,
    WORD,
    back_to_draft,
    edit,
    sentinel_summary,
)
from .views_site import SITE_INDEX, site_files

DOCUMENT = f"{FOLDER}/quillwharf-2023-24.docx"
ROOT = Path(__file__).parent.parent


def test_each_summary_page_links_its_word_document(tmp_path: Path) -> None:
    srcdir = write_site(
        tmp_path / "src", site_files() | sentinel_summary(), NETWORK_CONF, SITE_INDEX
    )
    first = build(srcdir)
    assert first.warnings == []
    page = BeautifulSoup(
        (first.outdir / FOLDER / "index.html").read_text(), "html.parser"
    )
    links = page.select("a.evidence-word-download")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Download as Word", "quillwharf-2023-24.docx")
    ]
    document = first.outdir / DOCUMENT
    word = docx.Document(io.BytesIO(document.read_bytes()))
    assert word.tables[0].rows[0].cells[1].text == f"{WORD} Maths Hub"
    written = document.stat().st_mtime_ns

    # Nothing changed: the document is not written again.
    again = build(srcdir, fresh=False)
    assert again.warnings == []
    assert document.stat().st_mtime_ns == written

    # The summary changed: the document says so.
    edit(srcdir / FOLDER / "index.md", f"{WORD} teachers found it so.", "New words.")
    edited = build(srcdir, fresh=False)
    assert edited.warnings == []
    text = "\n".join(c.text for c in docx.Document(str(document)).tables[2]._cells)
    assert "New words." in text and f"{WORD} teachers" not in text

    # Withdrawn: no document.
    back_to_draft(srcdir)
    withdrawn = build(srcdir, fresh=False)
    assert not (withdrawn.outdir / DOCUMENT).exists()


def test_many_documents_are_made_in_other_processes_as_in_the_build_s_own() -> None:
    """A first build of a large site makes its documents in a pool of other
    processes while the pages are written: each comes back to its own summary,
    the same bytes as made in the build's process; an unreadable one is None."""
    vocabularies = EvidenceConfig().vocabularies
    texts = [p.read_text() for p in sorted(ROOT.glob("hubs/*/*/index.md"))]
    texts.insert(3, "no front matter")
    assert len(texts) >= IN_OTHER_PROCESSES_FROM
    batch = WordBatch(vocabularies, {})
    batch.pending = [(f"{n}.docx", str(n), text) for n, text in enumerate(texts)]
    batch.start()
    assert batch.pooled
    made = batch.made()
    assert [name for name, _, _ in made] == [f"{n}.docx" for n in range(len(texts))]
    assert [data for _, _, data in made] == [
        summary_as_word(text, vocabularies) for text in texts
    ]
    assert made[3][2] is None and all(made[n][2] for n in (0, 1, 2, 4))
    assert not batch.pooled  # the pool is stopped once all are made


YEAR_PAGE = """---
orphan: true
---
# Summaries 2023/24

The summaries of 2023/24.
"""
VOLUME = "hubs/2023-24/summaries-2023-24.docx"


def _volume_text(path: Path) -> str:
    """All the text of a document's body, tables and field codes included."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode()


def test_each_year_is_one_word_document_of_its_summaries(tmp_path: Path) -> None:
    files = site_files() | sentinel_summary() | {"hubs/2023-24/index.md": YEAR_PAGE}
    srcdir = write_site(tmp_path / "src", files, NETWORK_CONF, SITE_INDEX)
    first = build(srcdir)
    assert first.warnings == []
    page = BeautifulSoup(
        (first.outdir / "hubs/2023-24/index.html").read_text(), "html.parser"
    )
    assert [
        (a.get_text(), a["href"]) for a in page.select(".evidence-word-download")
    ] == [("Download 2023/24 as one Word document", "summaries-2023-24.docx")]
    volume = first.outdir / VOLUME
    word = docx.Document(str(volume))
    chapters = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert chapters == [
        "Calderbrook Maths Hub",
        "Northshire Maths Hub",
        f"{WORD} Maths Hub",
    ]
    assert word.paragraphs[0].text == "Evaluator in Residence summaries 2023/24"
    assert " TOC " in _volume_text(volume)
    # Each chapter is its summary's document: a header table and a themes table each.
    header_tables = [t for t in word.tables if t.rows[0].cells[0].text == "Maths Hub"]
    assert [t.rows[0].cells[1].text for t in header_tables] == chapters
    assert (first.outdir / "hubs/2024-25/summaries-2024-25.docx").is_file()
    other_year = (first.outdir / "hubs/2024-25/summaries-2024-25.docx").stat()
    written = volume.stat().st_mtime_ns

    again = build(srcdir, fresh=False)
    assert again.warnings == []
    assert volume.stat().st_mtime_ns == written

    # Withdrawn: its chapter goes, and no word of it stays; the other year's
    # document is not written again.
    back_to_draft(srcdir)
    withdrawn = build(srcdir, fresh=False)
    assert WORD not in _volume_text(volume)
    assert [
        p.text
        for p in docx.Document(str(volume)).paragraphs
        if p.style.name == "Heading 1"
    ] == chapters[:2]
    assert (
        withdrawn.outdir / "hubs/2024-25/summaries-2024-25.docx"
    ).stat() == other_year
