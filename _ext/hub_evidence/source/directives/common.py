"""What every evidence directive shares: option checking, placement, warnings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..config import get_config
from ..model import summary_path
from ..vocabulary import bad_tag_message, split_list, suggest, tag_slug
from ..warnings_ import EvidenceWarning, warn
from .structure import (
    SOURCE_LINES_KEY,
    Block,
    Problem,
    first_at_line,
    inner_fence_problems,
    nesting_problem,
    not_closed_problem,
    note_trouble,
    open_blocks,
    opened,
    read_block,
    runs_over,
    source_lines,
    troubled,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..vocabulary import Vocabulary


class AnyOption(dict[str, Callable[[str | None], Any]]):
    """An option spec that lets every option through to our own checks.

    Docutils and MyST reject an unknown option with a generic error (and MyST
    drops the option silently on a warning of its own); letting them all
    through means :meth:`EvidenceDirective.checked_options` can explain the
    mistake in the author's words, with a "did you mean".
    """

    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        return directives.unchanged

    def __bool__(self) -> bool:
        return True


class EvidenceDirective(SphinxDirective):
    """Base of the summary directives."""

    has_content = True
    option_spec = AnyOption()  # type: ignore[assignment]
    known_options: ClassVar[dict[str, str]] = {}
    """Option name -> what it takes, for messages and the reference."""
    block: Block | None = None
    """Where the directive is in the source (set when its content is parsed)."""

    # -- where the directive is ------------------------------------------------

    @property
    def in_summary(self) -> bool:
        """Whether this document is a hub summary (``hubs/<year>/<hub>/index``)."""
        return summary_path(self.env.docname, get_config(self.env).hubs_dir) is not None

    def flag(self, name: str) -> bool:
        """Whether the parse is currently inside the directive that set ``name``."""
        return bool(self.env.current_document.get(f"evidence:{name}"))

    @contextmanager
    def flags(self, **values: bool) -> Iterator[None]:
        """Set nesting flags (e.g. ``in_themes``) while parsing the content."""
        document = self.env.current_document
        saved: dict[str, Any] = {
            name: document.get(f"evidence:{name}") for name in values
        }
        for name, value in values.items():
            document[f"evidence:{name}"] = value
        try:
            yield
        finally:
            for name, value in saved.items():
                document[f"evidence:{name}"] = value

    # -- reporting -------------------------------------------------------------

    def report(
        self, kind: EvidenceWarning, message: str, line: int | None = None
    ) -> None:
        """Warn at ``line`` of this file (the directive's first line by default)."""
        warn(kind, message, location=(self.env.docname, line or self.lineno))

    def option_line(self, name: str) -> int:
        """The line an option is written on (options follow the directive line)."""
        pattern = re.compile(rf"^\s*:{re.escape(name)}:")
        for offset, text in enumerate(self.block_text.splitlines()):
            if pattern.match(text):
                return self.lineno + offset
        return self.lineno

    # -- content ---------------------------------------------------------------

    def parse_body(self, title: str = "") -> list[nodes.Node]:
        """The directive's content as nodes (headings inside become rubrics).

        On the way, checks how the block nests (see :mod:`.structure`): whether
        it has fewer colons than the block around it, and whether it was closed
        before the next section or theme (``title`` names a theme in messages).
        """
        phantom = self._phantom_line()
        block = read_block(self.env, self.name, self.lineno, self.block_text, phantom)
        self.block = block
        around = open_blocks(self.env)
        if around:
            self.report_structure(nesting_problem(around[-1], block))
            if runs_over(around[-1], block):
                # The block around this one will say it was not closed; what
                # is read from here on is in the wrong place (see tangled()).
                note_trouble(self.env, around[-1].line)
        for problem in inner_fence_problems(self.env, block):
            self.report_structure(problem)
        holder = nodes.Element()
        with opened(self.env, block):
            self.state.nested_parse(self.content, self.content_offset - phantom, holder)
        body = list(holder.children)
        self.report_structure(not_closed_problem(self.env, block, title, body))
        return body

    @property
    def tangled_inside(self) -> bool:
        """Whether this block's content was read wrongly (`structure.troubled`)."""
        return self.block is not None and troubled(self.env, self.block)

    def report_structure(self, problem: Problem | None) -> None:
        """Report a nesting problem, once per line, and note that blocks are tangled."""
        if problem is not None and first_at_line(self.env, problem.line):
            note_trouble(self.env, problem.line)
            self.report(problem.kind, problem.message, problem.line)

    def _phantom_line(self) -> int:
        """1 if MyST counted a blank line before the content that is not there.

        When a colon-fence directive's content starts with a nested colon fence
        (``:::::{themes}`` then ``::::{theme}`` on the next line, as the
        template is written), MyST prepends a newline to tell it from an
        options block, and then counts it as a line: every line inside would be
        reported one too low. The source tells whether the line is real.
        """
        lines = source_lines(self.env)
        after = self.lineno  # 0-based index of the line after the directive line
        if self.content and after < len(lines) and lines[after].startswith(":::"):
            return (
                1
                if self.content_offset > 0 and self.content[0] == lines[after].strip()
                else 0
            )
        return 0

    # -- options ---------------------------------------------------------------

    def checked_options(self) -> dict[str, str]:
        """The known options, warning about each unknown one."""
        known: dict[str, str] = {}
        for name, value in self.options.items():
            if name in self.known_options:
                known[name] = (value or "").strip()
                continue
            near = suggest(name, self.known_options)
            hint = f" Did you mean `:{near}:`?" if near else ""
            allowed = ", ".join(f"`:{o}:`" for o in self.known_options) or "no options"
            self.report(
                EvidenceWarning.UNKNOWN_OPTION,
                f"`:{name}:` is not an option of `{self.name}`.{hint} "
                f"It takes {allowed}; this option is ignored.",
                self.option_line(name),
            )
        return known

    def terms(self, name: str, value: str, vocabulary: Vocabulary) -> tuple[str, ...]:
        """A comma-separated option as vocabulary keys, warning about unknown ones."""
        keys: list[str] = []
        for item in split_list(value):
            key = vocabulary.lookup(item)
            if key is None:
                self.report(
                    EvidenceWarning.VOCABULARY,
                    vocabulary.unknown(item, f"`:{name}:`"),
                    self.option_line(name),
                )
            else:
                keys.append(key)
        return tuple(dict.fromkeys(keys))

    def tags(self, name: str, value: str) -> tuple[str, ...]:
        """A comma-separated list of tags, warning about badly written ones."""
        slugs: list[str] = []
        for item in split_list(value):
            message = bad_tag_message(item, f"`:{name}:`")
            if message:
                self.report(EvidenceWarning.TAG, message, self.option_line(name))
            if tag_slug(item):
                slugs.append(tag_slug(item))
        return tuple(dict.fromkeys(slugs))

    def topic_tags(self, tags: tuple[str, ...], name: str = "tags") -> tuple[str, ...]:
        """The tags as topics, if the site has a topics file: each one not a
        current topic is warned about at the ``:<name>:`` line (a synonym is
        kept as its topic's key)."""
        topics = get_config(self.env).topic_vocabulary
        if topics is None:
            return tags
        kept = []
        for tag in tags:
            checked = topics.check_tag(tag, f"`:{name}:`")
            if checked.problem is not None:
                self.report(*checked.problem, self.option_line(name))
            kept.append(checked.key)
        return tuple(dict.fromkeys(kept))

    def vocabulary(self, name: str) -> Vocabulary:
        """One of the site's configured vocabularies (``regions``, ``methods`` ...)."""
        return get_config(self.env).vocabularies[name]


def remember_source_lines(app: Sphinx, docname: str, source: list[str]) -> None:
    """Keep the lines of the document being read (see ``_phantom_line``)."""
    app.env.current_document[SOURCE_LINES_KEY] = source[0].splitlines()


def is_ignorable(node: nodes.Node) -> bool:
    """Nodes that carry no text for readers (comments, targets, messages)."""
    return isinstance(node, (nodes.comment, nodes.target, nodes.system_message))
