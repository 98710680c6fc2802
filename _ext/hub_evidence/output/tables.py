"""Tables built from docutils nodes, for the views and the author guide."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = str | nodes.Node | Sequence[nodes.Node]


def _entry(value: Cell) -> nodes.entry:
    if isinstance(value, str):
        return nodes.entry("", nodes.paragraph(value, value))
    if isinstance(value, nodes.Node):
        value = [value]
    # Inline nodes (links, text) need a paragraph around them in a cell.
    children = [
        nodes.paragraph("", "", node)
        if isinstance(node, nodes.Inline | nodes.Text)
        else node
        for node in value
    ]
    return nodes.entry("", *children)


def table(
    headings: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    widths: Sequence[int] | None = None,
    caption: str = "",
    classes: Sequence[str] = (),
    row_headings: bool = False,
) -> nodes.table:
    """A docutils table with a header row (and a caption, if given).

    With ``row_headings``, the first cell of each row is a heading for its row.
    """
    result = nodes.table(classes=list(classes))
    if caption:
        result += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headings))
    result += group
    for index, width in enumerate(widths or [1] * len(headings)):
        group += nodes.colspec(colwidth=width, stub=int(row_headings and index == 0))
    group += nodes.thead("", nodes.row("", *(_entry(h) for h in headings)))
    group += nodes.tbody(
        "", *(nodes.row("", *(_entry(c) for c in row)) for row in rows)
    )
    return result
