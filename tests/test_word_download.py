""" "Download as Word": every summary page offers its summary as a Word document.

The document is a build output: beside the page, recorded like it (so a
withdrawn summary's document goes with its page, :mod:`tests.test_output`),
and written again only when the summary changed.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from bs4 import BeautifulSoup

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
