"""Reference tables for the author guide, generated from the code they describe.

The warnings table comes from :class:`~.warnings_.EvidenceWarning`, the
front-matter table from :class:`~.model.HubSummary`, the directive tables from
the directives' ``known_options``, the settings and vocabularies from
:class:`~.config.EvidenceConfig`, what may be written under the hubs folder from
:mod:`..source.content_only.allowed`.

The tables are Markdown, written into the reference pages (``docs/reference/``)
between marker comments by ``nox -s guide`` (``python -m hub_evidence.tools.guide``),
so that they read the same in the repository as on the site. The site build
never writes them (a build writes only its output), and a test fails when a
committed table differs from what this module makes: the guide cannot drift
from the code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..source.config import EvidenceConfig, setting_fields
from ..source.content_only.allowed import ALLOWED_DIRECTIVES, ALLOWED_ROLES, REFUSED
from ..source.directives.common import EvidenceDirective
from ..source.directives.sections import PROSE_SECTIONS, SectionDirective
from ..source.directives.themes import (
    ImplicationDirective,
    ThemeDirective,
    ThemesDirective,
)
from ..source.directives.views import VIEW_DIRECTIVES
from ..source.facets import FACETS
from ..source.model import FRONT_MATTER_FIELDS, SECTION_TITLES
from ..source.vocabulary import VOCABULARIES
from ..source.warnings_ import WARNING_TYPE, EvidenceWarning
from .siteconf import SettingsError, read_settings

REFERENCE_DIR = Path("docs/reference")
"""Where the reference pages are, from the repository's folder."""

START = (
    "<!-- generated: {name} (`nox -s guide` writes what follows; do not edit it) -->"
)
END = "<!-- end of generated: {name} -->"
_GENERATED = re.compile(
    r"(?P<start><!-- generated: (?P<name>[\w-]+) .*?-->\n)"
    r"(?P<body>.*?)"
    r"(?P<end><!-- end of generated: (?P=name) -->)",
    re.DOTALL,
)


def code(text: str) -> str:
    """``text`` as a Markdown code span (with enough backquotes around it)."""
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{padding}{text}{padding}{ticks}"


def table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown (pipe) table; each cell is Markdown already."""

    def line(cells: Sequence[str]) -> str:
        text = (" ".join(cell.split()).replace("|", r"\|") for cell in cells)
        return "| " + " | ".join(text) + " |"

    assert all(len(row) == len(headings) for row in rows), headings
    divider = "| " + " | ".join("---" for _ in headings) + " |"
    return "\n".join([line(headings), divider, *(line(row) for row in rows)])


def warnings_table(config: EvidenceConfig) -> str:
    """Every warning subtype and what it means."""
    rows = [(code(f"{WARNING_TYPE}.{w.subtype}"), w.help) for w in EvidenceWarning]
    return table(["Warning", "What is wrong"], rows)


FIELD_SHAPES = {
    "text": "text",
    "texts": "list of text",
    "term": "one of a list",
    "terms": "one or more of a list",
    "flag": "true or false",
    "year": "academic year",
    "tags": "list of tags",
}
"""How each kind of front-matter value is written, in words."""


def front_matter_table(config: EvidenceConfig) -> str:
    """Every front-matter key: required or not, what it holds, an example."""
    rows = []
    for name, field in FRONT_MATTER_FIELDS.items():
        meta = field.metadata
        shape = FIELD_SHAPES[meta["kind"]]
        if meta["vocabulary"]:
            nouns = VOCABULARIES[meta["vocabulary"]].plural
            shape += f" (the [{nouns}](vocabularies.md))"
        rows.append(
            (
                code(name),
                "required" if meta["required"] else "optional",
                shape,
                meta["help"],
                code(f"{name}: {meta['example']}"),
            )
        )
    return table(["Key", "Required", "Value", "Meaning", "Example"], rows)


def _options(options: dict[str, str]) -> str:
    return "; ".join(f"{code(f':{key}:')} {what}" for key, what in options.items())


def _summary_line(directive: type) -> str:
    return (directive.__doc__ or "").strip().splitlines()[0]


def directives_table(config: EvidenceConfig) -> str:
    """Every summary directive, what it is and its options."""
    all_sections: list[type[SectionDirective]] = [*PROSE_SECTIONS, ThemesDirective]
    sections = {d.section: d for d in all_sections}
    directives: list[tuple[str, type[EvidenceDirective]]] = [
        *((name, sections[name]) for name in SECTION_TITLES),
        ("theme", ThemeDirective),
        ("implication", ImplicationDirective),
    ]
    rows = [
        (code(name), _summary_line(d), _options(d.known_options) or "none")
        for name, d in directives
    ]
    return table(["Directive", "What it is", "Options"], rows)


def views_table(config: EvidenceConfig) -> str:
    """The cross-hub view directives, what they show and their own options."""
    rows = [
        (code(name), _summary_line(d), _options(d.extra_options) or "only the filters")
        for name, d in VIEW_DIRECTIVES.items()
    ]
    return table(["Directive", "What it shows", "Its own options"], rows)


def filters_table(config: EvidenceConfig) -> str:
    """The filter options every cross-hub view takes."""
    rows = []
    for name, facet in FACETS.items():
        if facet.vocabulary:
            values = f"keys of {code(f'evidence_{facet.vocabulary}')}"
        else:
            values = facet.values
        rows.append((code(f":{name}:"), f"{facet.filter_name}: {values}"))
    return table(["Option", "Selects by"], rows)


def allowed_directives_table(config: EvidenceConfig) -> str:
    """Every directive allowed in pages under the hubs folder."""
    rows = [
        (
            code(name),
            allowed.what,
            ", ".join(code(f":{option}:") for option in allowed.refused_options)
            or "none",
        )
        for name, allowed in ALLOWED_DIRECTIVES.items()
    ]
    return table(["Directive", "What it is for", "Options it may not use"], rows)


def allowed_roles_table(config: EvidenceConfig) -> str:
    """Every role allowed in pages under the hubs folder."""
    rows = [(code(f"{{{name}}}"), what) for name, what in ALLOWED_ROLES.items()]
    return table(["Role", "What it is for"], rows)


def instead_table(config: EvidenceConfig) -> str:
    """What is refused under the hubs folder, and what to write instead."""
    return table(["Instead of", "Write"], REFUSED)


def settings_table(config: EvidenceConfig) -> str:
    """Every ``evidence_*`` setting of ``conf.py``."""
    rows = [
        (code(f"evidence_{field.name}"), field.metadata["help"])
        for field in setting_fields()
    ]
    return table(["Setting", "What it sets"], rows)


def vocabularies_tables(config: EvidenceConfig) -> str:
    """The default vocabularies: the words authors may write, and their labels."""
    parts = []
    for name, vocabulary in config.vocabularies.items():
        rows = [
            (
                code(key),
                ", ".join(code(word) for word in vocabulary.synonyms.get(key, ())),
                label,
            )
            for key, label in vocabulary.terms.items()
        ]
        parts += [
            f"## {VOCABULARIES[name].plural.capitalize()}",
            f"Set by {code(f'evidence_{name}')} in `conf.py`; the words under "
            "“Instead of” are suggested when an author writes them "
            "(`evidence_synonyms`).",
            table(["Write", "Instead of", "Shown as"], rows),
        ]
    return "\n\n".join(parts)


GENERATED: dict[str, Callable[[EvidenceConfig], str]] = {
    "warnings": warnings_table,
    "front-matter": front_matter_table,
    "directives": directives_table,
    "view-directives": views_table,
    "filters": filters_table,
    "allowed-directives": allowed_directives_table,
    "allowed-roles": allowed_roles_table,
    "instead": instead_table,
    "settings": settings_table,
    "vocabularies": vocabularies_tables,
}
"""Each generated part of the guide, by the name its markers give."""


class UnknownTableError(ValueError):
    """A page's markers name a table this module does not make."""


def with_tables(text: str, config: EvidenceConfig | None = None) -> str:
    """``text`` (a reference page) with every generated part as the code makes it."""
    config = config or EvidenceConfig()

    def fill(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in GENERATED:
            raise UnknownTableError(f"No generated table is called `{name}`.")
        body = GENERATED[name](config)
        return f"{START.format(name=name)}\n\n{body}\n\n{END.format(name=name)}"

    return _GENERATED.sub(fill, text)


def generated_names(text: str) -> list[str]:
    """The names of the generated parts of a page, in order."""
    return [match["name"] for match in _GENERATED.finditer(text)]


def update_pages(folder: Path, config: EvidenceConfig | None = None) -> list[Path]:
    """Rewrite the generated parts of every page in ``folder``; the pages changed."""
    changed = []
    for page in sorted(folder.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        new = with_tables(text, config)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m hub_evidence.tools.guide [FOLDER]``: write the reference tables."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else REFERENCE_DIR
    if not folder.is_dir():
        print(f"No folder {folder}: run this in the repository's folder.")
        return 2
    try:
        # The site's own vocabularies (its conf.py's), as its build checks them.
        settings = read_settings(Path.cwd())
    except SettingsError as error:
        print(error)
        return 2
    changed = update_pages(folder, settings)
    for page in changed:
        print(f"updated {page}")
    if not changed:
        print(f"The tables in {folder} are as the code makes them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
