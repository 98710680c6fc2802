"""A year's summaries in one Word document: a title page, a contents list, and
each summary as a chapter.

The national team assembles each year's evidence in one document. It is made
from the summaries' own documents (:mod:`.writer`), not from their text again:
each chapter is the summary part of its document (from the "Evaluator in
Residence Summary" heading on), under a heading naming the hub. All come from
the one template, so their styles and lists are the volume's own, and they hold
no pictures or links whose relationships would need carrying over.

The contents list is a Word table-of-contents field over the chapter headings.
Its entries are written in it as they are (so it reads well before Word updates
it), and it is marked to be updated when the document is opened.
"""

from __future__ import annotations

import copy
import io
import zipfile
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from .writer import SUMMARY_HEADING, TEMPLATE, fixed_properties, reproducible

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document
    from docx.text.paragraph import Paragraph

CONTENTS_FIELD = ' TOC \\o "1-1" \\h \\z \\u '
"""Word's table of contents of the chapter headings (level 1), linked."""


def _summary_part(data: bytes) -> list[Any]:
    """The body of a summary's document from its summary heading on (the
    heading itself, the programme's introduction and the page setup left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = parse_xml(archive.read("word/document.xml")).find(qn("w:body"))
    part: list[Any] = []  # lxml elements
    started = False
    for child in body.iterchildren():
        if child.tag == qn("w:sectPr"):
            continue
        if started:
            part.append(child)
        elif child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            started = text.strip().casefold() == SUMMARY_HEADING
    return part


def _field_run(paragraph: Paragraph, kind: str, *, dirty: bool = False) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")  # Word updates the field on opening
    paragraph.add_run()._r.append(char)


def contents_field(word: Document, headings: Sequence[str]) -> None:
    """The contents list: a table-of-contents field showing ``headings``."""
    word.add_paragraph("Contents", style="TOC Heading")
    paragraph = word.add_paragraph()
    _field_run(paragraph, "begin", dirty=True)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = CONTENTS_FIELD
    paragraph.add_run()._r.append(instruction)
    _field_run(paragraph, "separate")
    for number, heading in enumerate(headings):
        run = paragraph.add_run(heading)
        if number < len(headings) - 1:
            run.add_break()
    _field_run(paragraph, "end")


def year_document(
    title: str, introduction: str, chapters: Sequence[tuple[str, bytes]]
) -> bytes:
    """One document of ``chapters`` (each a heading and a summary's document).

    :param title: the volume's title, on its title page and in its properties.
    :param introduction: a paragraph under the title.
    """
    word = docx.Document(str(TEMPLATE))
    body = word.element.body
    for child in list(body.iterchildren()):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    word.add_paragraph(title, style="Title")
    word.add_paragraph(introduction)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    contents_field(word, [heading for heading, _ in chapters])
    for heading, data in chapters:
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        word.add_paragraph(heading, style="Heading 1")
        anchor = body.find(qn("w:sectPr"))
        for element in _summary_part(data):
            anchor.addprevious(copy.deepcopy(element))
    fixed_properties(word, title)
    out = io.BytesIO()
    word.save(out)
    return reproducible(out.getvalue())
