"""Reference tables for the author guide, generated from the code they describe.

The warnings table comes from :class:`~.warnings_.EvidenceWarning`, the
front-matter table from :class:`~.model.HubSummary`, the directive table from
the directives' ``known_options``, the settings and vocabularies from
:class:`~.config.EvidenceConfig`: the guide cannot drift from the code.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .config import EvidenceConfig, get_config
from .directives.common import EvidenceDirective
from .directives.sections import PROSE_SECTIONS, SectionDirective
from .directives.themes import ImplicationDirective, ThemeDirective, ThemesDirective
from .model import FRONT_MATTER_FIELDS, SECTION_TITLES
from .warnings_ import WARNING_TYPE, EvidenceWarning

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Cell = str | nodes.Node


def _cell(value: Cell, *, code: bool = False) -> nodes.entry:
    if isinstance(value, nodes.Node):
        return nodes.entry("", value)
    if code:
        return nodes.entry("", nodes.paragraph("", "", nodes.literal(value, value)))
    return nodes.entry("", nodes.paragraph(value, value))


def table(
    headings: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    code_columns: Sequence[int] = (0,),
    widths: Sequence[int] | None = None,
) -> nodes.table:
    """A docutils table with a header row; ``code_columns`` are set as code."""
    result = nodes.table(classes=["evidence-reference"])
    group = nodes.tgroup(cols=len(headings))
    result += group
    for width in widths or [1] * len(headings):
        group += nodes.colspec(colwidth=width)
    group += nodes.thead("", nodes.row("", *(_cell(h) for h in headings)))
    body = nodes.tbody()
    for row in rows:
        body += nodes.row(
            "",
            *(
                _cell(value, code=index in code_columns)
                for index, value in enumerate(row)
            ),
        )
    group += body
    return result


def warnings_table(config: EvidenceConfig) -> nodes.Node:
    """Every warning subtype and what it means."""
    rows = [(f"{WARNING_TYPE}.{w.subtype}", w.help) for w in EvidenceWarning]
    return table(["Warning", "What is wrong"], rows, widths=[1, 3])


def front_matter_table(config: EvidenceConfig) -> nodes.Node:
    """Every front-matter key: required or not, what it holds, an example."""
    shapes = {
        "text": "text",
        "texts": "list of text",
        "term": "one of a list",
        "terms": "one or more of a list",
        "flag": "true or false",
        "year": "academic year",
        "tags": "list of tags",
    }
    rows = []
    for name, field in FRONT_MATTER_FIELDS.items():
        meta = field.metadata
        shape = shapes[meta["kind"]]
        if meta["vocabulary"]:
            shape += f" ({config.vocabularies[meta['vocabulary']].noun}s below)"
        rows.append(
            (
                name,
                "required" if meta["required"] else "optional",
                shape,
                meta["help"],
                f"{name}: {meta['example']}",
            )
        )
    return table(
        ["Key", "Required", "Value", "Meaning", "Example"],
        rows,
        code_columns=(0, 4),
        widths=[2, 1, 2, 4, 4],
    )


def directives_table(config: EvidenceConfig) -> nodes.Node:
    """Every summary directive, what it is and its options."""
    all_sections: list[type[SectionDirective]] = [*PROSE_SECTIONS, ThemesDirective]
    sections = {d.section: d for d in all_sections}
    directives: list[tuple[str, type[EvidenceDirective]]] = [
        *((name, sections[name]) for name in SECTION_TITLES),
        ("theme", ThemeDirective),
        ("implication", ImplicationDirective),
    ]
    rows = []
    for name, directive in directives:
        known = directive.known_options
        options = "; ".join(f":{key}: {what}" for key, what in known.items())
        summary = (directive.__doc__ or "").strip().splitlines()[0]
        rows.append((name, summary, options or "none"))
    return table(["Directive", "What it is", "Options"], rows, widths=[1, 2, 3])


def settings_table(config: EvidenceConfig) -> nodes.Node:
    """Every ``evidence_*`` setting of ``conf.py``."""
    rows = [
        (f"evidence_{field.name}", field.metadata["help"])
        for field in dc.fields(EvidenceConfig)
    ]
    return table(["Setting", "What it sets"], rows, widths=[1, 3])


def vocabularies_table(config: EvidenceConfig) -> nodes.Node:
    """The site's vocabularies as configured: the keys authors may write."""
    section = nodes.container(classes=["evidence-vocabularies"])
    for name, vocabulary in config.vocabularies.items():
        title = f"{vocabulary.noun.capitalize()}s (evidence_{name})"
        section += nodes.rubric(title, title)
        section += table(
            ["Write", "Shown as"],
            list(vocabulary.terms.items()),
            widths=[1, 2],
        )
    return section


def reference_directive(
    render: Callable[[EvidenceConfig], nodes.Node],
) -> type[SphinxDirective]:
    """A content-less directive that renders one generated table."""

    class Reference(SphinxDirective):
        has_content = False

        def run(self) -> list[nodes.Node]:
            return [render(get_config(self.env))]

    Reference.__doc__ = render.__doc__
    return Reference


REFERENCES = {
    "evidence-warnings": warnings_table,
    "evidence-front-matter": front_matter_table,
    "evidence-directives": directives_table,
    "evidence-settings": settings_table,
    "evidence-vocabularies": vocabularies_table,
}


def setup_guide(app: Sphinx) -> None:
    """Register the reference-table directives."""
    for name, render in REFERENCES.items():
        app.add_directive(name, reference_directive(render))
