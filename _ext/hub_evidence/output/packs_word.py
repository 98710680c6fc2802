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
import re
from typing import TYPE_CHECKING, cast

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..source.word.blocks import myst_blocks
from ..source.word.volume import contents_field
from ..source.word.writer import TEMPLATE, fixed_properties, reproducible

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.text.paragraph import CT_P

    from .packs import Pack

LIST_STYLES = {"": "Normal", "bullet": "List Bullet", "number": "List Bullet"}


class _Writer:
    """Adds paragraphs and runs to a pack, as python-docx's ``add_paragraph``
    and ``add_run`` would, at a cost that does not grow with the document.

    python-docx finds a style given to a paragraph by reading every style of
    the document, each time; it places each paragraph by looking through the
    body for its section properties; and it reads a run's text a character at
    a time. Each is a fraction of a millisecond, and seconds for a pack of 800
    summaries' themes. Here each style's id is read once, a paragraph in the
    default style ("Normal") is given none, as Word writes it, paragraphs go
    straight before the section properties, and text with no tab or line break
    goes into its run in one piece.
    """

    def __init__(self, word: Document) -> None:
        self.word = word
        self.ids: dict[str, str] = {}
        self.end = word.element.body.sectPr

    def add(self, text: str = "", style: str = "Normal") -> Paragraph:
        element = cast("CT_P", OxmlElement("w:p"))
        if self.end is None:
            self.word.element.body.append(element)
        else:
            self.end.addprevious(element)
        paragraph = Paragraph(element, self.word._body)
        if text:
            self.run(paragraph, text)
        if style != "Normal":
            if style not in self.ids:
                self.ids[style] = self.word.styles[style].style_id
            element.style = self.ids[style]
        return paragraph

    @staticmethod
    def run(paragraph: Paragraph, text: str) -> Run:
        if _BREAKS.search(text):
            return paragraph.add_run(text)
        element = paragraph._p.add_r()
        element.add_t(text)
        return Run(element, paragraph)


_BREAKS = re.compile("[\t\r\n]")
"""What python-docx writes as elements of their own in a run."""


def _text(out: _Writer, text: str) -> None:
    """A theme's MyST as paragraphs (words only: no links, no pictures)."""
    for block in myst_blocks(text):
        paragraph = out.add(style=LIST_STYLES.get(block.listed, "Normal"))
        for run in block.runs:
            added = out.run(paragraph, run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None


def _title_page(out: _Writer, pack: Pack) -> None:
    out.add(f"{pack.label}: evaluation pack", style="Title")
    out.add("Evaluation pack", style="Heading 2")
    for text in pack.introduction():
        out.add(text)


def pack_document(pack: Pack) -> bytes:
    """The pack as a .docx file's bytes."""
    word = docx.Document(str(TEMPLATE))
    body = word.element.body
    for child in list(body.iterchildren()):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    out = _Writer(word)
    _title_page(out, pack)
    out.add().add_run().add_break(WD_BREAK.PAGE)
    contents_field(word, [topic.label for topic in pack.topics])
    for topic in pack.topics:
        out.add().add_run().add_break(WD_BREAK.PAGE)
        out.add(topic.label, style="Heading 1")
        out.add(topic.counts())
        for theme in topic.themes:
            out.add(theme["title"], style="Heading 2")
            kind = pack.kind_label(theme["kind"])
            out.run(out.add(), f"{kind}, {theme['year']}").italic = True
            _text(out, theme["finding"])
            out.run(out.add(), "Possible implication").bold = True
            _text(out, theme["implication"])
    fixed_properties(word, f"{pack.label}: evaluation pack")
    saved = io.BytesIO()
    word.save(saved)
    return reproducible(saved.getvalue())
