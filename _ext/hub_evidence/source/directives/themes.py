"""The themes table: ``themes`` holds ``theme`` directives, each with an implication.

``themes`` renders as a section whose table has one row per theme: the theme
(anchored title, kind, tags, finding) on the left and its possible implication
on the right, under the template's two column headings. A ``theme`` or an
``implication`` written elsewhere is still rendered, as a block, with a warning.

Each ``theme`` makes its :class:`~.model.Theme` once, from its options and
content (with the text each ``implication`` inside it read), and hangs it on
its title node; the summary's record takes it from there as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from .. import nodes as evidence_nodes
from ..config import get_config
from ..design import design_parts
from ..facets import FACETS
from ..model import THEMES_TABLE_HEADINGS, Implication, Theme
from ..placeholders import FINDING_PLACEHOLDER, THEME_TITLE_PLACEHOLDER, is_placeholder
from ..warnings_ import EvidenceWarning
from .common import EvidenceDirective, is_ignorable
from .sections import SectionDirective, unique_id
from .structure import is_lone_fence, lone_fence_message, tangled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ANCHOR_LENGTH = 60


class ThemesDirective(SectionDirective):
    """The themes table: one theme per finding or process theme."""

    section = "themes"

    def fill(self, section: nodes.Element, options: dict[str, str]) -> None:
        with self.flags(in_themes=True, in_theme=False):
            body = self.parse_body()
        themes = [node for node in body if isinstance(node, evidence_nodes.theme)]
        before: list[nodes.Node] = []
        after: list[nodes.Node] = []
        seen_theme = False
        for node in body:
            if isinstance(node, evidence_nodes.theme):
                seen_theme = True
                continue
            if seen_theme and not is_ignorable(node):
                self.stray(node)
                after.append(node)
            else:
                before.append(node)
        section.extend(before)
        if themes:
            section += themes_table(themes)
        else:
            self.report(
                EvidenceWarning.NO_THEMES,
                "The `themes` section has no theme. Add at least one "
                "`::::{theme} Short title` block, each with its `:::{implication}`.",
            )
        section.extend(after)

    def stray(self, node: nodes.Node) -> None:
        """Report text between or after the themes (unless the blocks are tangled)."""
        if tangled(self.env, node.line):
            return  # reported at the cause
        if isinstance(node, nodes.Element) and is_lone_fence(self.env, node):
            self.report(
                EvidenceWarning.FENCE,
                "This block inside `themes` has no name. "
                + lone_fence_message(self.env, node),
                node.line,
            )
            return
        self.report(
            EvidenceWarning.STRAY_CONTENT,
            "This text is inside `themes` but not inside a `theme`, so it is "
            "shown below the table. Move it into a theme (or its implication), "
            "or above the first theme.",
            node.line,
        )


def themes_table(themes: list[evidence_nodes.theme]) -> nodes.table:
    """The template's table: one row per theme, implications on the right."""
    table = nodes.table(classes=["evidence-themes"])
    group = nodes.tgroup(cols=2)
    table += group
    group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=1)]
    head_row = nodes.row()
    for heading in THEMES_TABLE_HEADINGS:
        head_row += nodes.entry("", nodes.paragraph(heading, heading))
    group += nodes.thead("", head_row)
    body = nodes.tbody()
    group += body
    for theme in themes:
        row = nodes.row(classes=theme["classes"])
        implications = [
            n for n in theme.children if isinstance(n, evidence_nodes.implication)
        ]
        finding = [
            n for n in theme.children if not isinstance(n, evidence_nodes.implication)
        ]
        row += nodes.entry("", *finding)
        row += nodes.entry("", *implications)
        row.source, row.line = theme.source, theme.line
        body += row
    return table


class ThemeDirective(EvidenceDirective):
    """One theme (a row): a short title, what was found, and its implication."""

    optional_arguments = 1
    final_argument_whitespace = True
    known_options: ClassVar[dict[str, str]] = {
        "kind": "`finding` or `process`",
        "tags": "tags, comma-separated",
        "name": "an anchor to use instead of the one made from the title",
    }

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        in_themes = self.flag("in_themes")
        kind = self.kind(options)
        tags = self.topic_tags(self.tags("tags", options.get("tags", "")))
        title = self.arguments[0].strip() if self.arguments else ""
        self.check_title(title)
        with self.flags(in_themes=False, in_theme=True):
            body = self.parse_body(title)
        implications = [n for n in body if isinstance(n, evidence_nodes.implication)]
        finding = [n for n in body if not isinstance(n, evidence_nodes.implication)]
        if not self.tangled_inside:
            self.check_finding(title, finding)
        if not implications and not self.tangled_inside:
            self.report(
                EvidenceWarning.NO_IMPLICATION,
                f"The theme “{title or 'without a title'}” has no implication. Add "
                "a `:::{implication}` block inside the theme, before its closing "
                "`::::`, saying what the hub might do about it.",
            )
        heading = self.title_node(
            Theme(
                anchor=self.anchor(title, options.get("name", "")),
                title=title,
                kind=kind,
                tags=tags,
                finding="\n\n".join(n.astext() for n in finding if not is_ignorable(n)),
                implication="\n\n".join(n.implication.text for n in implications),
                line=self.get_source_info()[1],
            )
        )
        theme = evidence_nodes.theme(
            classes=["evidence-theme", f"evidence-kind-{kind}"]
        )
        self.set_source_info(theme)
        theme += heading
        theme += self.meta_line(kind, tags)
        theme.extend(finding)
        theme += evidence_nodes.related_placeholder(anchor=heading.theme.anchor)
        theme.extend(implications)
        if not in_themes and not tangled(self.env, self.lineno):
            self.report(
                EvidenceWarning.MISPLACED,
                "This theme is not inside the `themes` section, so it is not in the "
                "themes table. Move it between the `:::::{themes}` line and its "
                "closing `:::::`.",
            )
        return [theme]

    def check_title(self, title: str) -> None:
        """Warn about a missing title, or the template's placeholder left in."""
        if not title:
            self.report(
                EvidenceWarning.THEME_TITLE,
                "This theme has no title. Write a short title after `{theme}`, "
                "e.g. `::::{theme} Confidence with early number grew`.",
            )
        elif is_placeholder(title, THEME_TITLE_PLACEHOLDER):
            self.report(
                EvidenceWarning.PLACEHOLDER,
                f"This theme's title is still the template's “{title}”. Replace it "
                "with a short title saying what was found, e.g. "
                "`::::{theme} Confidence with early number grew`.",
            )

    def check_finding(self, title: str, finding: Sequence[nodes.Node]) -> None:
        """Warn about a theme without a finding, or with the placeholder's."""
        text = " ".join(n.astext() for n in finding if not is_ignorable(n)).strip()
        named = title and not is_placeholder(title, THEME_TITLE_PLACEHOLDER)
        name = f"The theme “{title}”" if named else "This theme"
        where = (
            "under the theme's title (and its `:kind:` and `:tags:` lines), before "
            "its `:::{implication}`"
        )
        if not text:
            self.report(
                EvidenceWarning.NO_FINDING,
                f"{name} has no finding. Write what was found (for a process theme, "
                f"what was learnt about the process) {where}; the implication "
                "alone is not a theme.",
            )
        elif is_placeholder(text, FINDING_PLACEHOLDER):
            self.report(
                EvidenceWarning.PLACEHOLDER,
                f"{name} still has the template's text “{text}” as its finding. "
                f"Replace it with what was found, {where}.",
            )

    def kind(self, options: dict[str, str]) -> str:
        """The ``:kind:`` key (``finding`` if not given or not known)."""
        kinds = self.vocabulary("theme_kinds")
        if "kind" not in options:
            return next(iter(kinds.terms))
        key = kinds.lookup(options["kind"])
        if key is None:
            self.report(
                EvidenceWarning.VOCABULARY,
                kinds.unknown(options["kind"], "`:kind:`"),
                self.option_line("kind"),
            )
            return next(iter(kinds.terms))
        return key

    def title_node(self, theme: Theme) -> evidence_nodes.theme_title:
        """The anchored title, carrying the theme as the record will hold it."""
        node = evidence_nodes.theme_title(theme.title, theme.title or "Untitled theme")
        node["ids"] = [theme.anchor]
        self.state.document.set_id(node)
        self.set_source_info(node)
        node["evidence_theme"] = theme
        return node

    def anchor(self, title: str, name: str) -> str:
        """A stable anchor: ``:name:`` if given, else made from the title."""
        document = self.state.document
        wanted = nodes.make_id(name) if name else nodes.make_id(title)
        if name and wanted != name:
            self.report(
                EvidenceWarning.OPTION_VALUE,
                f"`:name: {name}` is not a usable anchor; using `{wanted}`. Use "
                "lowercase letters, digits and hyphens.",
                self.option_line("name"),
            )
        if len(wanted) > ANCHOR_LENGTH:
            wanted = wanted[:ANCHOR_LENGTH].rsplit("-", 1)[0]
        if not wanted:
            wanted = "theme"
        taken = document.ids.get(wanted)
        if isinstance(taken, evidence_nodes.theme_title):
            self.report(
                EvidenceWarning.THEME_TITLE,
                f"Two themes would have the same link `#{wanted}`. Give each theme "
                "its own title (or a different `:name:`).",
            )
        return unique_id(document, wanted)

    def meta_line(self, kind: str, tags: tuple[str, ...]) -> nodes.paragraph:
        """The kind and tag badges under the title."""
        line = nodes.paragraph(classes=["evidence-theme-meta"])
        label = self.vocabulary("theme_kinds").label(kind)
        design = design_parts(self.env)
        line += design.make_badge(label, "evidence-kind", f"evidence-kind-{kind}")
        config = get_config(self.env)
        for tag in tags:
            line += nodes.Text(" ")
            line += design.make_badge(FACETS["tags"].label(tag, config), "evidence-tag")
        return line


class ImplicationDirective(EvidenceDirective):
    """What the hub might do about the theme (the right-hand column)."""

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        in_theme = self.flag("in_theme")
        node = evidence_nodes.implication(classes=["evidence-implication"])
        self.set_source_info(node)
        with self.flags(in_theme=False, in_themes=False):
            body = self.parse_body()
        if not any(not is_ignorable(n) for n in body):
            self.report(
                EvidenceWarning.EMPTY_SECTION,
                "This implication is empty. Write what the hub might do between "
                "`:::{implication}` and its closing `:::`.",
            )
        if not in_theme and not tangled(self.env, self.lineno):
            self.report(
                EvidenceWarning.MISPLACED,
                "This implication is not inside a theme. Move it inside the "
                "`::::{theme}` it belongs to, before the theme's closing `::::`.",
            )
            node += nodes.rubric("Possible implication", "Possible implication")
        node.extend(body)
        node["evidence_implication"] = Implication(node.astext())
        return [node]


def setup_themes(app: Sphinx) -> None:
    """Register ``themes``, ``theme`` and ``implication``."""
    app.add_directive("themes", ThemesDirective)
    app.add_directive("theme", ThemeDirective)
    app.add_directive("implication", ImplicationDirective)
