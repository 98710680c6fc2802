"""Tables built from docutils nodes, for the views and the author guide."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = str | nodes.Node | Sequence[nodes.Node]


def _entry(value: Cell, classes: Sequence[str] = ()) -> nodes.entry:
    if isinstance(value, str):
        return nodes.entry("", nodes.paragraph(value, value), classes=list(classes))
    if isinstance(value, nodes.Node):
        value = [value]
    # Inline nodes (links, text) need a paragraph around them in a cell.
    children = [
        nodes.paragraph("", "", node)
        if isinstance(node, nodes.Inline | nodes.Text)
        else node
        for node in value
    ]
    return nodes.entry("", *children, classes=list(classes))


def column_class(heading: str) -> str:
    """The class of a column's cells, named after its heading.

    On a narrow screen a table is read one row at a time, and the style sheet
    labels each cell with its column's heading by this class.
    """
    return f"evidence-column-{nodes.make_id(heading)}"


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
    Each cell of the body has its column's :func:`column_class`.
    """
    result = nodes.table(classes=list(classes))
    if caption:
        result += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headings))
    result += group
    for index, width in enumerate(widths or [1] * len(headings)):
        group += nodes.colspec(colwidth=width, stub=int(row_headings and index == 0))
    group += nodes.thead("", nodes.row("", *(_entry(h) for h in headings)))
    columns = [[column_class(heading)] for heading in headings]
    group += nodes.tbody(
        "",
        *(
            nodes.row("", *(_entry(c, k) for c, k in zip(row, columns, strict=True)))
            for row in rows
        ),
    )
    return result
