"""An evaluation pack as a Word document (:mod:`.packs`).

A title page saying what the pack is and is not, a contents list (the same
Word field as a year's document, :mod:`..source.word.volume`), then a
Heading 1 per topic with its counts, and each of its themes under a Heading 2.
It is made in the programme's template, from the anonymised themes alone, with
the fixed properties and zip times of every document the site writes, so the
same themes always give the same bytes, and nothing in it (its properties
included) names a hub.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from ..source.word.blocks import myst_blocks
from ..source.word.volume import contents_field
from ..source.word.writer import TEMPLATE, fixed_properties, reproducible

if TYPE_CHECKING:
    from docx.document import Document

    from .packs import Pack

LIST_STYLES = {"": "Normal", "bullet": "List Bullet", "number": "List Bullet"}


def _text(word: Document, text: str) -> None:
    """A theme's MyST as paragraphs (words only: no links, no pictures)."""
    for block in myst_blocks(text):
        paragraph = word.add_paragraph(style=LIST_STYLES.get(block.listed, "Normal"))
        for run in block.runs:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None


def _title_page(word: Document, pack: Pack) -> None:
    word.add_paragraph(f"{pack.label}: evaluation pack", style="Title")
    word.add_paragraph("Evaluation pack", style="Heading 2")
    for text in pack.introduction():
        word.add_paragraph(text)


def pack_document(pack: Pack) -> bytes:
    """The pack as a .docx file's bytes."""
    word = docx.Document(str(TEMPLATE))
    body = word.element.body
    for child in list(body.iterchildren()):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _title_page(word, pack)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    contents_field(word, [topic.label for topic in pack.topics])
    for topic in pack.topics:
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        word.add_paragraph(topic.label, style="Heading 1")
        word.add_paragraph(topic.counts())
        for theme in topic.themes:
            word.add_paragraph(theme["title"], style="Heading 2")
            kind = pack.kind_label(theme["kind"])
            word.add_paragraph().add_run(f"{kind}, {theme['year']}").italic = True
            _text(word, theme["finding"])
            word.add_paragraph().add_run("Possible implication").bold = True
            _text(word, theme["implication"])
    fixed_properties(word, f"{pack.label}: evaluation pack")
    out = io.BytesIO()
    word.save(out)
    return reproducible(out.getvalue())
