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
from .content_only.allowed import ALLOWED_DIRECTIVES, ALLOWED_ROLES, REFUSED
from .directives.common import EvidenceDirective
from .directives.sections import PROSE_SECTIONS, SectionDirective
from .directives.themes import ImplicationDirective, ThemeDirective, ThemesDirective
from .directives.views import VIEW_DIRECTIVES
from .facets import FACETS
from .model import FRONT_MATTER_FIELDS, SECTION_TITLES
from .tables import Cell, table
from .warnings_ import WARNING_TYPE, EvidenceWarning

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def reference_table(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    code_columns: Sequence[int] = (0,),
    widths: Sequence[int] | None = None,
) -> nodes.table:
    """A reference table; the cells of ``code_columns`` are set as code."""
    cells: list[list[Cell]] = [
        [nodes.literal(v, v) if i in code_columns else v for i, v in enumerate(row)]
        for row in rows
    ]
    return table(headings, cells, widths=widths, classes=["evidence-reference"])


def warnings_table(config: EvidenceConfig) -> nodes.Node:
    """Every warning subtype and what it means."""
    rows = [(f"{WARNING_TYPE}.{w.subtype}", w.help) for w in EvidenceWarning]
    return reference_table(["Warning", "What is wrong"], rows, widths=[1, 3])


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
    return reference_table(
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
    return reference_table(
        ["Directive", "What it is", "Options"], rows, widths=[1, 2, 3]
    )


def views_table(config: EvidenceConfig) -> nodes.Node:
    """The cross-hub view directives, what they show and their own options."""
    rows = []
    for name, directive in VIEW_DIRECTIVES.items():
        own = directive.extra_options
        options = "; ".join(f":{key}: {what}" for key, what in own.items())
        summary = (directive.__doc__ or "").strip().splitlines()[0]
        rows.append((name, summary, options or "only the filters"))
    return reference_table(
        ["Directive", "What it shows", "Its own options"], rows, widths=[1, 2, 2]
    )


def filters_table(config: EvidenceConfig) -> nodes.Node:
    """The filter options every cross-hub view takes."""
    rows = []
    for name, facet in FACETS.items():
        if facet.vocabulary:
            values = f"keys of evidence_{facet.vocabulary}"
        else:
            values = {
                "year": "academic years, like 2023/24",
                "tags": "tags",
                "hub": "hub folder names or hub names",
            }[name]
        rows.append((name, f"{facet.noun.capitalize()}: {values}"))
    return reference_table(["Option", "Selects by"], rows, widths=[1, 3])


def allowed_directives_table(config: EvidenceConfig) -> nodes.Node:
    """Every directive allowed in pages under the hubs folder."""
    rows = [
        (
            name,
            allowed.what,
            ", ".join(f":{option}:" for option in allowed.refused_options) or "none",
        )
        for name, allowed in ALLOWED_DIRECTIVES.items()
    ]
    return reference_table(
        ["Directive", "What it is for", "Options it may not use"],
        rows,
        code_columns=(0,),
        widths=[1, 3, 2],
    )


def allowed_roles_table(config: EvidenceConfig) -> nodes.Node:
    """Every role allowed in pages under the hubs folder."""
    rows = [(f"{{{name}}}", what) for name, what in ALLOWED_ROLES.items()]
    return reference_table(["Role", "What it is for"], rows, widths=[1, 3])


def instead_table(config: EvidenceConfig) -> nodes.Node:
    """What is refused under the hubs folder, and what to write instead."""
    rows = [[_markdown_code(text) for text in row] for row in REFUSED]
    return table(
        ["Instead of", "Write"],
        rows,
        widths=[2, 3],
        classes=["evidence-reference"],
    )


def _markdown_code(text: str) -> nodes.paragraph:
    """``text`` with its single-backquoted parts set as code."""
    paragraph = nodes.paragraph()
    for number, part in enumerate(_split_code(text)):
        paragraph += nodes.literal(part, part) if number % 2 else nodes.Text(part)
    return paragraph


def _split_code(text: str) -> list[str]:
    """Split at code spans (`` `x` `` or ``` ``x`` ```): odd items are code."""
    parts: list[str] = []
    rest = text
    while True:
        start = rest.find("`")
        if start < 0:
            break
        ticks = len(rest[start:]) - len(rest[start:].lstrip("`"))
        end = rest.find("`" * ticks, start + ticks)
        if end < 0:
            break
        parts += [rest[:start], rest[start + ticks : end].strip()]
        rest = rest[end + ticks :]
    return [*parts, rest]


def settings_table(config: EvidenceConfig) -> nodes.Node:
    """Every ``evidence_*`` setting of ``conf.py`` (code in the help set as code)."""
    rows: list[list[Cell]] = [
        [
            nodes.literal(f"evidence_{field.name}", f"evidence_{field.name}"),
            _markdown_code(field.metadata["help"]),
        ]
        for field in dc.fields(EvidenceConfig)
    ]
    return table(
        ["Setting", "What it sets"],
        rows,
        widths=[1, 3],
        classes=["evidence-reference"],
    )


def vocabularies_table(config: EvidenceConfig) -> nodes.Node:
    """The site's vocabularies as configured: the keys authors may write."""
    section = nodes.container(classes=["evidence-vocabularies"])
    for name, vocabulary in config.vocabularies.items():
        title = f"{vocabulary.noun.capitalize()}s (evidence_{name})"
        section += nodes.rubric(title, title)
        section += reference_table(
            ["Write", "Instead of", "Shown as"],
            [
                (key, ", ".join(vocabulary.synonyms.get(key, ())), label)
                for key, label in vocabulary.terms.items()
            ],
            widths=[2, 3, 3],
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
    "evidence-view-directives": views_table,
    "evidence-filters": filters_table,
    "evidence-allowed-directives": allowed_directives_table,
    "evidence-allowed-roles": allowed_roles_table,
    "evidence-instead": instead_table,
    "evidence-settings": settings_table,
    "evidence-vocabularies": vocabularies_table,
}


def setup_guide(app: Sphinx) -> None:
    """Register the reference-table directives."""
    for name, render in REFERENCES.items():
        app.add_directive(name, reference_directive(render))
