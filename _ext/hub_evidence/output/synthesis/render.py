"""A synthesis page as a document: headings, tables and lists, no raw HTML.

The tables are docutils tables (:func:`..tables.table`): a caption, a header
row, and the hub (or topic group) as each row's heading, written by the
builder's own translator, which puts each in a region that scrolls on its own
on a narrow screen. :func:`translator` adds what that translator does not
write, as it writes each cell: ``scope`` on header cells, and each body cell's
column heading (``data-label``).

Nothing on an anonymised page links to a summary: its entries have no page
to link to (:mod:`.content`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import new_document
from sphinx.writers.html5 import HTML5Translator

from ...source.directives.sections import unique_id
from ..tables import table
from ..views.base import Links, paragraphs

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from .content import Entry, Part, SynthesisPage

KIND_LABELS = {"finding": "Finding", "process": "Process"}
EMPTY = "—"
"""A matrix cell with no theme."""


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _section(document: nodes.document, title: str) -> nodes.section:
    anchor = unique_id(document, nodes.make_id(title) or "section")
    node = nodes.section(ids=[anchor], names=[nodes.fully_normalize_name(title)])
    document.ids[anchor] = node
    node += nodes.title(title, title)
    return node


def _title(entry: Entry, links: Links) -> nodes.Node:
    if not entry.docname:
        return nodes.Text(entry.title)
    return links.to(entry.title, entry.docname, entry.anchor)


def _side_by_side(page: SynthesisPage, part: Part, links: Links) -> nodes.table:
    """The themes of one recurring part, one row each."""
    headings = ["Year", "Theme", "Kind", "Finding", "Implication"]
    if not page.anonymised:
        headings.insert(0, "Hub")
    rows = []
    for entry in part.entries:
        row: list[str | nodes.Node] = [
            entry.year,
            _title(entry, links),
            KIND_LABELS.get(entry.kind, entry.kind),
            entry.finding,
            entry.implication,
        ]
        if not page.anonymised:
            row.insert(0, entry.hub)
        rows.append(row)
    caption = (
        f"{part.label}: {_counted(len(part.entries), 'theme', 'themes')} from "
        f"{part.hubs} hubs"
    )
    return table(
        headings,
        rows,
        widths=[2, 1, 3, 1, 4, 4] if not page.anonymised else [1, 3, 1, 4, 4],
        caption=caption,
        classes=["evidence-synthesis"],
        row_headings=not page.anonymised,
    )


def _counts(page: SynthesisPage) -> nodes.bullet_list:
    counts = page.counts
    lines = [
        _counted(counts.hubs, "hub", "hubs"),
        _counted(counts.years, "year", "years"),
        _counted(counts.findings, "finding", "findings"),
        _counted(counts.process, "process theme", "process themes"),
    ]
    listing = nodes.bullet_list(classes=["evidence-synthesis-counts"])
    for line in lines:
        listing += nodes.list_item("", nodes.paragraph(line, line))
    return listing


def _implications(page: SynthesisPage) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    for part in page.parts:
        items = [e for e in part.entries if e.implication]
        if not items:
            continue
        heading = nodes.paragraph()
        heading += nodes.strong(part.label, part.label)
        listing = nodes.bullet_list()
        for entry in items:
            text = entry.implication
            if entry.hub:
                text += f" ({entry.hub}, {entry.year})"
            listing += nodes.list_item("", nodes.paragraph(text, text))
        found += [heading, listing]
    if not found:
        found += paragraphs("No implications yet.")
    return found


def _cell(entries: tuple[Entry, ...], links: Links, years: bool) -> list[nodes.Node]:
    if not entries:
        return [nodes.Text(EMPTY)]
    listing = nodes.bullet_list()
    for entry in entries:
        line = nodes.paragraph()
        line += _title(entry, links)
        if years:
            line += nodes.Text(f" ({entry.year})")
        listing += nodes.list_item("", line)
    return [listing]


def _matrix(page: SynthesisPage, links: Links) -> nodes.Node:
    if page.matrix is None:
        counted = "topic group" if page.by == "topic" else "strategic goal"
        return table(
            [counted.capitalize(), "Findings", "Process themes", "Summaries"],
            [
                [g.group, str(g.findings), str(g.process), str(g.summaries)]
                for g in page.groups
            ],
            widths=[3, 1, 1, 1],
            caption=f"Themes by {counted}",
            classes=["evidence-synthesis-matrix"],
            row_headings=True,
        )
    matrix = page.matrix
    years = page.counts.years > 1
    columns = "topic group" if page.by == "topic" else "strategic goal"
    return table(
        ["Hub", *matrix.columns],
        [
            [hub, *(_cell(cell, links, years) for cell in cells)]
            for hub, cells in matrix.rows
        ],
        caption=f"Each hub's themes by {columns}",
        classes=["evidence-synthesis-matrix"],
        row_headings=True,
    )


def page_doctree(builder: Builder, page: SynthesisPage) -> nodes.document:
    """The page as a document, its links relative to the page."""
    document = new_document(page.pagename, builder.docsettings)  # type: ignore[attr-defined]
    links = Links(builder, page.pagename)
    body = _section(document, page.title)
    body += paragraphs(page.intro)
    body += _counts(page)
    noun = page.by
    recurring = _section(
        document, "Recurring topics" if noun == "topic" else "Strategic goals"
    )
    recurring += paragraphs(
        f"Each {noun} with findings from two or more hubs, its themes side by side."
    )
    for part in page.recurring:
        recurring += _side_by_side(page, part, links)
    if not page.recurring:
        recurring += paragraphs(f"No {noun} has findings from two or more hubs yet.")
    single = [part.label for part in page.parts if not part.recurs]
    if single:
        text = f"From one hub so far: {', '.join(single)}."
        recurring += paragraphs(text)
    body += recurring
    implications = _section(document, f"Implications by {noun}")
    implications += _implications(page)
    body += implications
    counted = "topic group" if noun == "topic" else "strategic goal"
    matrix = _section(
        document, f"Evidence by {counted}" if page.anonymised else "Themes by hub"
    )
    matrix += _matrix(page, links)
    body += matrix
    document += body
    for grid in document.findall(nodes.table):
        # A captioned table needs an anchor (its caption's permalink).
        anchor = unique_id(document, nodes.make_id(grid[0].astext()) or "table")
        grid["ids"] = [anchor]
        document.ids[anchor] = grid
    for cell in document.findall(nodes.entry):
        if cell.astext() == EMPTY:
            cell["classes"].append("evidence-synthesis-empty")
    return document


class _ScopedCells(HTML5Translator):
    """Header cells with ``scope``, and each body cell labelled with its
    column's heading (``data-label``), which a narrow screen shows above it, as
    it shows a row at a time."""

    _headings: list[str]

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        super().visit_tgroup(node)
        head = node.next_node(nodes.thead)
        row = head.next_node(nodes.row) if head else None
        self._headings = [entry.astext() for entry in row.children] if row else []

    def visit_entry(self, node: nodes.entry) -> None:
        row = node.parent
        column: int = row.column  # type: ignore[union-attr]
        super().visit_entry(node)
        start = self.body[-1]  # the cell's start tag, as docutils wrote it last
        if start.startswith("<th"):
            scope = "col" if isinstance(row.parent, nodes.thead) else "row"
            self.body[-1] = f'<th scope="{scope}"{start[3:]}'
        elif column < len(self._headings):
            label = self.attval(self._headings[column])
            self.body[-1] = f'<td data-label="{label}"{start[3:]}'


_SCOPED: dict[type, type[HTML5Translator]] = {}


def translator(builder: Builder) -> type[HTML5Translator]:
    """The builder's own translator, writing ``scope`` and ``data-label``."""
    base = builder.get_translator_class()
    if base not in _SCOPED:
        _SCOPED[base] = type("ScopedTranslator", (_ScopedCells, base), {})
    return _SCOPED[base]
