"""A summary as a Word document in the programme's template (``template.docx``).

The template's own layout is filled, never rebuilt: the header table (hub,
strategic goal, research questions, case), the context table, the text under
"Activity and data collection", one row of the themes table per theme (its
title in bold, "Process:" before a process theme's, then the finding; the
implication beside it), the conclusion's table, and the appendices as a list.
This is the layout ``evidence import-docx`` reads, so an export is its inverse.

The files are reproducible: fixed document properties and zip times, so the
same summary always gives the same bytes (two builds stay byte-identical).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..summary_text import SummaryTextError, read_summary_text
from .blocks import Block, Run, myst_blocks
from .carried import carry

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docx.document import Document
    from docx.table import _Cell

    from ..summary_text import SummaryDocument
    from ..vocabulary import Vocabulary

TEMPLATE = Path(__file__).with_name("template.docx")
"""The programme's Evaluator in Residence summary template, as issued."""
SUMMARY_HEADING = "evaluator in residence summary"
ILLUSTRATIVE = " (illustrative example)"
PROCESS = "Process: "
FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)
"""The documents' created and modified times: a build's files never vary."""
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_STYLES = {"": "Normal", "bullet": "List Bullet", "number": "List Number"}


CORE_PROPERTY_LIMIT = 255
"""The most characters Word (and python-docx) take in a document property."""


def _write(paragraph: Paragraph, block: Block) -> None:
    paragraph.style = _STYLES[block.listed]
    for run in block.runs:
        added = paragraph.add_run(run.text)
        if run.bold:
            added.bold = True
        if run.italic:
            added.italic = True


def _fill(cell: _Cell, blocks: list[Block]) -> None:
    """The cell's paragraphs replaced by ``blocks`` (one empty paragraph if none)."""
    first, *rest = cell.paragraphs
    for paragraph in rest:
        cell._tc.remove(paragraph._p)
    for run in list(first.runs):
        first._p.remove(run._r)
    if not blocks:
        return
    _write(first, blocks[0])
    for block in blocks[1:]:
        _write(cell.add_paragraph(), block)


def _replace(slot: Paragraph, blocks: list[Block]) -> None:
    """``blocks`` written where ``slot`` (an empty paragraph or a prompt) was."""
    for block in blocks:
        _write(slot.insert_paragraph_before(), block)
    slot._p.getparent().remove(slot._p)


def _summary_part(word: Document) -> list[Paragraph | Table]:
    """The template's paragraphs and tables after its "Evaluator in Residence
    Summary" heading (the introduction before it is the programme's)."""
    items: list[Paragraph | Table] = []
    started = False
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl" and started:
            items.append(Table(child, word))
        elif tag == "p":
            paragraph = Paragraph(child, word)
            if started:
                items.append(paragraph)
            started = started or paragraph.text.strip().casefold() == SUMMARY_HEADING
    return items


def _header(table: Table, document: SummaryDocument, goals: Mapping[str, str]) -> None:
    front = document.front_matter
    labels = ", ".join(goals.get(goal, goal) for goal in front.strategic_goal)
    goal = f"{labels}: {front.goal_statement}" if labels else front.goal_statement
    text = {
        "maths hub": front.hub + (ILLUSTRATIVE if front.illustrative else ""),
        "strategic goal": goal.strip(),
        "what is the case?": front.case,
    }
    for row in table.rows:
        label = row.cells[0].text.strip().casefold()
        if label.startswith("research question"):
            questions = [Block((Run(q),), "bullet") for q in front.research_questions]
            _fill(row.cells[-1], questions)
        elif label in text:
            _fill(row.cells[-1], [Block((Run(text[label]),))] if text[label] else [])


def _themes(table: Table, document: SummaryDocument) -> None:
    for row in list(table.rows)[1:]:
        table._tbl.remove(row._tr)
    for theme in document.themes:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        title = (PROCESS if theme.kind == "process" else "") + theme.title
        heading = [Block((Run(title, bold=True),))] if title.strip() else []
        _fill(cells[0], heading + myst_blocks(theme.finding))
        _fill(cells[-1], myst_blocks(theme.implication))


def _sections(
    word: Document, document: SummaryDocument, goals: Mapping[str, str]
) -> None:
    items = _summary_part(word)
    tables = [item for item in items if isinstance(item, Table)]
    header, context, themes, conclusion = tables[:4]
    _header(header, document, goals)
    _fill(context.rows[0].cells[-1], myst_blocks(document.context))
    _themes(themes, document)
    _fill(conclusion.rows[0].cells[0], myst_blocks(document.conclusion))
    paragraphs = [item for item in items if isinstance(item, Paragraph)]
    activity = next(
        p for p in paragraphs if p.text.strip().casefold().startswith("activity")
    )
    after = paragraphs[paragraphs.index(activity) + 1]
    _replace(after, myst_blocks(document.activity))
    appendices = next(
        p for p in paragraphs if p.text.strip().casefold().startswith("appendices")
    )
    _replace(
        paragraphs[paragraphs.index(appendices) + 1],
        myst_blocks(document.appendices or ""),
    )


def reproducible(data: bytes) -> bytes:
    """The same zip with fixed times and attributes (python-docx stamps the clock)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def fixed_properties(word: Document, title: str) -> None:
    """The document's title, and properties that never vary (no clock, no user)."""
    properties = word.core_properties
    properties.title = title[:CORE_PROPERTY_LIMIT]
    properties.author = properties.last_modified_by = "Maths Hubs evidence site"
    properties.created = properties.modified = FIXED_TIME.replace(tzinfo=None)
    properties.revision = 1


def word_document(document: SummaryDocument, goal_labels: Mapping[str, str]) -> bytes:
    """The summary as a .docx file's bytes, its record carried inside.

    :param goal_labels: the site's strategic goals (key: label), for the header.
    """
    word = docx.Document(str(TEMPLATE))
    _sections(word, document, goal_labels)
    front = document.front_matter
    fixed_properties(word, f"{front.hub} {front.year}: Evaluator in Residence summary")
    carry(word, document)
    out = io.BytesIO()
    word.save(out)
    return reproducible(out.getvalue())


def summary_as_word(text: str, vocabularies: Mapping[str, Vocabulary]) -> bytes | None:
    """The Word document of the summary written in ``text`` (an ``index.md``),
    or None if its front matter cannot be read (its page says what is wrong).

    Made from plain values only, so that a build can run it in another process.
    """
    try:
        document = read_summary_text(text, vocabularies)
    except SummaryTextError:
        return None
    return word_document(document, vocabularies["strategic_goals"].terms)
