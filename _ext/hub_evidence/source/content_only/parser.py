"""MyST, for pages under the hubs folder: what is not allowed never runs.

The checks sit in MyST's own renderer, at the one place each kind of markup
becomes nodes: a directive is looked up in :data:`.allowed.ALLOWED_DIRECTIVES`
before it is created (``run_directive``), HTML is refused before it becomes a
raw node, a role before its function is called. Directives parse their content
again through the same renderer (MyST's ``MockState.nested_parse``), so a
``literalinclude`` inside a ``theme``, or inside a ``csv-table`` cell, is
refused before it runs, and before the theme captures its text for the record,
the exports and the search index. A scan of the source text could not see into
a directive whose content is not Markdown (the cells of a CSV table).

Pages elsewhere (the author guide) are parsed by MyST unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils.parsers.rst import directives
from docutils.parsers.rst.states import MarkupError
from myst_parser.config.main import TopmatterReadError, read_topmatter
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser

from ..config import get_config
from ..model import summary_path
from ..warnings_ import EvidenceWarning, warn
from .allowed import ALLOWED_DIRECTIVES, ALLOWED_ROLES, USE_MARKDOWN, directive_instead
from .folders import own_folder

if TYPE_CHECKING:
    from docutils import nodes
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
HTML_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")
PAGE_SETTINGS = ("myst", "html_meta", "substitutions")
"""Front-matter keys by which MyST lets a page change its own settings."""


class ContentOnlyRenderer(SphinxRenderer):
    """MyST's renderer, refusing what a page under the hubs folder may not run."""

    def __init__(self, parser: MarkdownIt) -> None:
        super().__init__(parser)
        self._break_lines: dict[int, tuple[SyntaxTreeNode, dict[int, int]]] = {}
        self._html_lines: set[int] = set()

    # -- where --------------------------------------------------------------------

    def _warn(self, kind: EvidenceWarning, message: str, line: int) -> None:
        docname = self.sphinx_env.docname
        warn(kind, message, location=(docname, max(line, 1)))

    def exact_line(self, token: SyntaxTreeNode) -> int:
        """The line of ``token`` itself, not only of its paragraph.

        MyST gives text in a paragraph the paragraph's first line; counting
        the line breaks before it finds the line an author should look at.
        """
        line = token_line(token, default=0)
        inline = token
        while inline.type != "inline" and inline.parent is not None:
            inline = inline.parent
        if inline.type != "inline" or inline is token:
            return line
        cached = self._break_lines.get(id(inline))
        if cached is None:
            offsets: dict[int, int] = {}
            breaks = 0
            for node in inline.walk(include_self=False):
                offsets[id(node)] = breaks
                if node.type in ("softbreak", "hardbreak"):
                    breaks += 1
            # Keep the node with its offsets, so that its id is not reused.
            cached = self._break_lines[id(inline)] = (inline, offsets)
        return line + cached[1].get(id(token), 0)

    def add_line_and_source_path(self, node: nodes.Node, token: SyntaxTreeNode) -> None:
        """Give inline nodes (links, images) their own line, for warnings."""
        super().add_line_and_source_path(node, token)
        line = self.exact_line(token)
        if line:
            node.line = line

    # -- refused markup -----------------------------------------------------------

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        """HTML could run in readers' browsers: never rendered."""
        self._refuse_html(token)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        """HTML could run in readers' browsers: never rendered."""
        self._refuse_html(token)

    def _refuse_html(self, token: SyntaxTreeNode) -> None:
        html = str(token.content or "")
        if not HTML_COMMENT.sub("", html).strip():
            return  # an HTML comment: harmless, and left out of the page
        line = self.exact_line(token)
        if line in self._html_lines:
            return  # one warning for `<b>bold</b>`, not one for each tag
        self._html_lines.add(line)
        tag = HTML_TAG.search(html)
        what = f"`<{tag.group(1).lower()}>`" if tag else "HTML"
        self._warn(
            EvidenceWarning.HTML,
            f"This HTML ({what}) is left out of the page: pages under the hubs "
            "folder may not contain HTML, which could run in readers' browsers. "
            f"Instead, {USE_MARKDOWN}.",
            line,
        )

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        """``{eval-rst}`` would bypass every check here: never run."""
        self._refuse_directive("eval-rst", token_line(token, default=0))

    def render_substitution(self, token: SyntaxTreeNode, inline: bool) -> None:
        """``{{ ... }}`` is a Jinja2 expression, run on the build machine."""
        self._warn(
            EvidenceWarning.DIRECTIVE,
            "`{{ … }}` substitutions are not allowed in pages under the hubs folder "
            "(they run code when the site is built); this one is left out. Write "
            "the text itself instead.",
            self.exact_line(token),
        )

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        """Run only the allowed roles, and give their nodes their own line."""
        name = str(token.meta.get("name", ""))
        line = self.exact_line(token)
        if name.lower() not in ALLOWED_ROLES:
            allowed = ", ".join(f"`{{{role}}}`" for role in ALLOWED_ROLES)
            self._warn(
                EvidenceWarning.ROLE,
                f"The role `{{{name}}}` is not allowed in pages under the hubs "
                f"folder, so it is left out. The roles allowed are {allowed}; "
                "otherwise write plain Markdown.",
                line,
            )
            return
        before = len(self.current_node.children)
        super().render_myst_role(token)
        for node in self.current_node.children[before:]:
            node.line = line

    def run_directive(
        self,
        name: str,
        first_line: str,
        content: str,
        position: int,
        additional_options: dict[str, str] | None = None,
        *,
        block_text: str | None = None,
    ) -> list[nodes.Element]:
        """Run a directive only if it is allowed, and without refused options."""
        allowed = ALLOWED_DIRECTIVES.get(name.strip().lower())
        if allowed is None:
            self._refuse_directive(name, position)
            return []
        for option in self._option_names(name, first_line, content, additional_options):
            if option in allowed.refused_options:
                self._warn(
                    EvidenceWarning.DIRECTIVE,
                    f"`{allowed.name}` may not use `:{option}:` in pages under the "
                    "hubs folder (it reads a file or web address), so this block "
                    f"is left out. Instead, {allowed.refused_options[option]}.",
                    position,
                )
                return []
        result: list[nodes.Element] = super().run_directive(
            name,
            first_line,
            content,
            position,
            additional_options,
            block_text=block_text,
        )
        return result

    def _option_names(
        self,
        name: str,
        first_line: str,
        content: str,
        additional_options: dict[str, str] | None,
    ) -> list[str]:
        """The options a directive block gives, read as MyST will read them."""
        directive_class, _ = directives.directive(
            name, self.language_module_rst, self.document
        )
        if directive_class is None:
            return []
        try:
            parsed = parse_directive_text(
                directive_class,
                first_line,
                content,
                validate_options=False,
                additional_options=additional_options,
            )
        except MarkupError:
            return []  # MyST reports it, and does not run the directive
        options: dict[str, Any] = parsed.options
        return [str(key).lower() for key in options]

    def _refuse_directive(self, name: str, line: int) -> None:
        self._warn(
            EvidenceWarning.DIRECTIVE,
            f"The directive `{name}` is not allowed in pages under the hubs folder, "
            "so this block is left out (nothing in it is read or shown). Instead, "
            f"{directive_instead(name.strip().lower())}.",
            line,
        )


class ContentOnlyParser(MystParser):
    """MyST's parser; pages under the hubs folder get :class:`ContentOnlyRenderer`."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        """Parse a page, with the checks if it is under the hubs folder."""
        env = document.settings.env
        hubs_dir = get_config(env).hubs_dir
        if own_folder(env.docname, hubs_dir) is None:
            super().parse(inputstring, document)
            return
        # Docutils' own switches, in case a directive is ever let through by
        # mistake: no file insertion (include, csv-table :file:), no raw HTML.
        document.settings.file_insertion_enabled = False
        document.settings.raw_enabled = False
        if summary_path(env.docname, hubs_dir) is None:
            # (A summary's front matter is checked key by key elsewhere.)
            _report_page_settings(env.docname, inputstring)
        # The site's MyST settings only: a page may not enable HTML images,
        # substitutions or its own link schemes in its front matter.
        parser = create_md_parser(env.myst_config, ContentOnlyRenderer)
        parser.options["document"] = document
        parser.render(inputstring)


def _report_page_settings(docname: str, text: str) -> None:
    """Warn about front-matter keys that would change MyST's settings."""
    try:
        topmatter = read_topmatter(text)
    except TopmatterReadError:
        return  # MyST warns about front matter it cannot read
    if not isinstance(topmatter, dict):
        return
    lines = text.splitlines()
    for key in PAGE_SETTINGS:
        if key not in topmatter:
            continue
        pattern = re.compile(rf"^['\"]?{key}['\"]?\s*:")
        line = next(
            (number for number, t in enumerate(lines, 1) if pattern.match(t)), 1
        )
        warn(
            EvidenceWarning.PAGE_SETTINGS,
            f"`{key}:` in the front matter would change how this page is read; "
            "pages under the hubs folder use the site's settings, so it is "
            "ignored. Remove it.",
            location=(docname, line),
        )
