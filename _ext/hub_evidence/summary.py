"""Reading one hub summary: front matter, structure checks, the record, the header.

``source-read`` checks the front matter (with the line of every key) before
MyST sees it; :class:`SummaryTransform` checks the sections and gathers the
:class:`~.model.SummaryRecord`, which the domain (:mod:`.domain`) stores for the
cross-hub views; :class:`SummaryHeaderTransform` renders the header panel from
the record.
"""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .config import get_config
from .directives.sections import unique_id
from .directives.structure import SECTION_ATTRIBUTE
from .frontmatter import (
    FrontMatterError,
    Problem,
    check_front_matter,
    parse_front_matter,
    split_front_matter,
)
from .header import summary_header
from .model import (
    REQUIRED_SECTIONS,
    SECTION_TITLES,
    YEAR_FOLDER_PATTERN,
    Download,
    HubSummary,
    Passage,
    SummaryPath,
    SummaryRecord,
    Theme,
    summary_path,
)
from .nodes import theme_title
from .vocabulary import or_list, tag_slug
from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FRONT_MATTER_KEY = "evidence:front_matter"
RECORD_KEY = "evidence:record"
TEMPLATE_ORDER = list(SECTION_TITLES)


@dc.dataclass(frozen=True)
class ReadFrontMatter:
    """What ``source-read`` learnt of a summary's front matter."""

    summary: HubSummary
    hub_line: int | None
    empty: bool


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Check a summary's front matter and keep it for the rest of the reading."""
    where = summary_path(docname, get_config(app.env).hubs_dir)
    if where is None:
        return
    summary, hub_line, problems = _front_matter(app, where, source)
    for problem in problems:
        warn(problem.kind, problem.message, location=(docname, problem.line))
    app.env.current_document[FRONT_MATTER_KEY] = ReadFrontMatter(
        summary, hub_line, empty=not source[0].strip()
    )


def _front_matter(
    app: Sphinx, where: SummaryPath, source: list[str]
) -> tuple[HubSummary, int | None, list[Problem]]:
    problems: list[Problem] = []
    folder: str | None = where.year_folder
    if not YEAR_FOLDER_PATTERN.match(where.year_folder):
        problems.append(
            Problem(
                EvidenceWarning.LOCATION,
                f"The folder `{where.year_folder}` should be named after the academic "
                "year, like `2023-24`, so that the summary is "
                "`hubs/2023-24/<hub>/index.md`.",
                1,
            )
        )
        folder = None
    if tag_slug(where.slug) != where.slug:
        problems.append(
            Problem(
                EvidenceWarning.LOCATION,
                f"The hub's folder `{where.slug}` should be named in lowercase "
                f"words joined by hyphens, like `{tag_slug(where.slug) or 'north'}`"
                ": the name is part of the page's web address and links the hub's "
                "years.",
                1,
            )
        )
    if not source[0].strip():
        problems.append(
            Problem(
                EvidenceWarning.FRONT_MATTER,
                "This summary is empty. Start from the template in the author guide "
                "(front matter between `---` lines, then the sections).",
                1,
            )
        )
        return HubSummary(), None, problems
    try:
        block = split_front_matter(source[0])
        if block is None:
            problems.append(
                Problem(
                    EvidenceWarning.FRONT_MATTER,
                    "This summary has no front matter. Its first line must be `---`, "
                    "followed by the keys (`hub:`, `year:`, `region:` ...) and another "
                    "`---` line.",
                    1,
                )
            )
            return HubSummary(), None, problems
        front = parse_front_matter(block)
    except FrontMatterError as error:
        _hide_from_myst(source, error.unreadable_lines)
        return HubSummary(), None, [*problems, error.problem]
    summary, checked = check_front_matter(
        front, get_config(app.env).vocabularies, folder
    )
    return summary, front.key_lines.get("hub"), problems + checked


def _hide_from_myst(source: list[str], lines: int) -> None:
    """Blank out front matter we could not read, so MyST does not warn again.

    The lines are emptied, not removed, so every line number stays the same.
    """
    rest = source[0].split("\n")[lines:]
    source[0] = "\n".join([""] * lines + rest)


class SummaryTransform(SphinxTransform):
    """Check a summary's sections and gather its record (stored by the domain)."""

    default_priority = 700  # before the domains collect (850)

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        where = summary_path(docname, get_config(self.env).hubs_dir)
        front: ReadFrontMatter | None = self.env.current_document.get(FRONT_MATTER_KEY)
        if where is None or front is None:
            return
        title = self._title()
        if title is None:
            if not front.empty:
                warn(
                    EvidenceWarning.TITLE,
                    "The summary has no title. Add the hub's name as a heading "
                    "after the front matter: "
                    f"`# {front.summary.hub or 'Northshire Maths Hub'}`.",
                    location=(docname, 1),
                )
            title = self._add_title(front.summary.hub or where.slug)
        toctree = self._appendix_toctree(docname)
        if toctree is not None:
            page: nodes.Element = title.parent
            page += toctree
        if front.empty:
            return
        self.env.current_document[RECORD_KEY] = SummaryRecord(
            docname=docname,
            slug=where.slug,
            title=title.astext(),
            front_matter=front.summary,
            methods=self._methods(),
            sections=self._check_sections(),
            themes=tuple(_theme(node) for node in self.document.findall(theme_title)),
            hub_line=front.hub_line,
            passages=self._passages(),
            downloads=self._downloads(),
        )

    def _title(self) -> nodes.title | None:
        """The page's own title (its first top-level heading), if it has one."""
        for node in self.document.children:
            if isinstance(node, nodes.section) and not node.get(SECTION_ATTRIBUTE):
                title = node[0]
                return title if isinstance(title, nodes.title) else None
        return None

    def _add_title(self, text: str) -> nodes.title:
        """Give a page without a heading one, so it can be found in the navigation."""
        section = nodes.section(
            ids=[unique_id(self.document, nodes.make_id(text) or "summary")]
        )
        title = nodes.title(text, text)
        section += title
        start = self._top_index()
        content = self.document.children[start:]
        del self.document[start:]
        section.extend(content)
        self.document += section
        self.document.set_id(section)
        return title

    def _top_index(self) -> int:
        index = self.document.first_child_not_matching_class(
            nodes.PreBibliographic  # type: ignore[arg-type]  # a mixin class
        )
        return len(self.document) if index is None else index

    def _sections(self) -> list[nodes.Element]:
        return [
            node
            for node in self.document.findall(nodes.Element)
            if node.get(SECTION_ATTRIBUTE)
        ]

    def _methods(self) -> tuple[str, ...]:
        methods: list[str] = []
        for node in self._sections():
            methods.extend(node.get("evidence_methods", []))
        return tuple(dict.fromkeys(methods))

    def _passages(self) -> tuple[Passage, ...]:
        """Each prose section's text (the themes are searched one by one)."""
        return tuple(
            Passage(
                node[SECTION_ATTRIBUTE],
                node["ids"][0],
                " ".join(" ".join(child.astext() for child in node[1:]).split()),
            )
            for node in self._sections()
            if node[SECTION_ATTRIBUTE] != "themes"
        )

    def _downloads(self) -> tuple[Download, ...]:
        return tuple(
            Download(" ".join(ref.astext().split()), ref["reftarget"])
            for node in self._sections()
            if node[SECTION_ATTRIBUTE] == "appendices"
            for ref in node.findall(addnodes.download_reference)
        )

    def _check_sections(self) -> tuple[str, ...]:
        """Warn about missing, repeated and out-of-order sections."""
        docname = self.env.docname
        seen: dict[str, nodes.Element] = {}
        last_rank = -1
        for node in self._sections():
            name = node[SECTION_ATTRIBUTE]
            if name in seen:
                warn(
                    EvidenceWarning.DUPLICATE_SECTION,
                    f"The `{name}` section is given twice (first on line "
                    f"{seen[name].line}). Merge the two into one.",
                    location=node,
                )
                continue
            seen[name] = node
            rank = TEMPLATE_ORDER.index(name)
            if rank < last_rank:
                warn(
                    EvidenceWarning.SECTION_ORDER,
                    f"The `{name}` section comes after a section that follows it in "
                    f"the template. Put the sections in the template's order: "
                    f"{or_list(TEMPLATE_ORDER).replace(' or ', ' and ')}.",
                    location=node,
                )
            last_rank = max(last_rank, rank)
        for name in REQUIRED_SECTIONS:
            if name not in seen:
                later = [
                    seen[n]
                    for n in TEMPLATE_ORDER[TEMPLATE_ORDER.index(name) :]
                    if n in seen
                ]
                line = later[0].line if later else None
                warn(
                    EvidenceWarning.MISSING_SECTION,
                    f"The summary has no `{name}` section "
                    f"({SECTION_TITLES[name]}). Add a `:::{{{name}}}` block"
                    + (" before this line." if later else " after the other sections."),
                    location=(docname, line or self._last_line()),
                )
        return tuple(seen)

    def _last_line(self) -> int:
        lines = [n.line for n in self.document.findall(nodes.Element) if n.line]
        return max(lines, default=1)

    def _appendix_toctree(self, docname: str) -> nodes.compound | None:
        """A hidden toctree of the other pages in the hub's folder (appendices)."""
        folder = docname.rsplit("/", 1)[0] + "/"
        pages = sorted(
            name
            for name in self.env.found_docs
            if name.startswith(folder)
            and "/" not in name[len(folder) :]
            and name != docname
        )
        if not pages:
            return None
        toctree = addnodes.toctree(
            parent=docname,
            entries=[(None, page) for page in pages],
            includefiles=pages,
            maxdepth=-1,
            caption=None,
            glob=True,  # so Sphinx re-reads the summary when a page is added or removed
            hidden=True,
            includehidden=False,
            numbered=0,
            titlesonly=False,
        )
        return nodes.compound("", toctree, classes=["toctree-wrapper"])


def _theme(node: theme_title) -> Theme:
    return Theme(
        anchor=node["ids"][0],
        title=node["evidence_title"],
        kind=node["evidence_kind"],
        tags=tuple(node["evidence_tags"]),
        finding=node["evidence_finding"],
        implication=node["evidence_implication"],
        line=node.line,
    )


class SummaryHeaderTransform(SphinxTransform):
    """Put the header panel, rendered from the record, under the summary's title."""

    # After smart quotes (855), so front-matter values are shown exactly as
    # written; before doctree-read (880), when the page's contents are collected.
    default_priority = 870

    def apply(self, **kwargs: object) -> None:
        record: SummaryRecord | None = self.env.current_document.get(RECORD_KEY)
        if record is None:
            return
        page = next(
            node
            for node in self.document.children
            if isinstance(node, nodes.section) and not node.get(SECTION_ATTRIBUTE)
        )
        page.insert(1, summary_header(record, get_config(self.env)))
