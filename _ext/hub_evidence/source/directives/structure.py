"""How a summary's blocks nest: colon counts, blocks left open, lone colon lines.

MyST reads colon fences the way Markdown reads code fences: a block opened by
``:::::{themes}`` ends at the first line of at least five colons and nothing
else, and one that never meets such a line runs on to the end of the block
around it (or of the file). So one missing ``:::`` line, or a ``theme`` written
with as many colons as the ``themes`` around it, silently moves whole sections
into the wrong place; what the reader and the checks then see is far from the
line the author got wrong. These checks look for the shapes such slips leave
(a section inside a section, a theme inside a theme, an inner block with as
many colons as the one around it, a nameless block opened by a colon line) and
report them at the line to change, in the author's words.

Each evidence directive, while its content is parsed, is on a stack of *open
blocks* kept with the document being read (see :func:`opened`), so an inner
directive knows the block around it and its colons.
"""

from __future__ import annotations

import dataclasses as dc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .. import nodes as evidence_nodes
from ..warnings_ import EvidenceWarning

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

SOURCE_LINES_KEY = "evidence:source_lines"
"""The lines of the document being read (set at ``source-read``)."""
OPEN_BLOCKS_KEY = "evidence:open_blocks"
BLOCKS_KEY = "evidence:blocks"
"""Every evidence block read so far in the document, by its opening line."""
TROUBLE_KEY = "evidence:fence_trouble"
"""The first line at which a block was found open or wrongly nested."""
REPORTED_KEY = "evidence:structure_reported"
"""The lines already given a message about how blocks nest."""
SECTION_ATTRIBUTE = "evidence_section"
"""Node attribute naming which template section a section node is."""

TEMPLATE_COLONS = {
    "context": 3,
    "activity": 3,
    "themes": 5,
    "theme": 4,
    "implication": 3,
    "conclusion": 3,
    "appendices": 3,
}
"""How many colons each block opens with in the template."""
MIN_COLONS = 3
"""The fewest colons a block can open with."""
NESTED_IN = {"theme": "themes", "implication": "theme"}
"""The block each inner block belongs in."""

_LONE_FENCE = re.compile(r"^\s*(:{3,})\s*$")
_OPENING_FENCE = re.compile(r"^\s*(:{3,})\{([^}\s]+)\}")
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")


@dc.dataclass
class Block:
    """Where an evidence directive is in the source: its lines and colons."""

    name: str
    line: int
    colons: int | None
    """Colons of its opening line (None if it is not a colon fence)."""
    end: int
    """The last line of its content."""
    closed: bool
    """Whether the line after its content closes it (a line of enough colons).

    A block that ran on to the end of the block around it also looks closed
    (the outer block's closing line follows); see :func:`swallowed`.
    """


def read_block(
    env: BuildEnvironment, name: str, line: int, block_text: str, phantom: int
) -> Block:
    """The block of directive ``name`` opened on ``line``, with its span.

    MyST gives a colon-fence directive ``block_text`` as its opening line, its
    content, and the opening colons again; ``phantom`` is 1 if MyST put a blank
    line before the content that is not in the file.
    """
    colons = fence_colons(env, name, line)
    end = line + max(len(block_text.splitlines()) - 2 - phantom, 0)
    after = lone_fence_colons(env, end + 1)
    closed = colons is not None and after is not None and after >= colons
    block = Block(name, line, colons, end, closed)
    document: Any = env.current_document
    blocks: dict[int, Block] = document.get(BLOCKS_KEY) or {}
    blocks[line] = block
    document[BLOCKS_KEY] = blocks
    return block


def block_at(env: BuildEnvironment, line: int | None) -> Block | None:
    """The evidence block opened on ``line``, if one was read."""
    blocks: dict[int, Block] = env.current_document.get(BLOCKS_KEY) or {}
    return blocks.get(line) if line is not None else None


def source_lines(env: BuildEnvironment) -> list[str]:
    """The lines of the document being read (empty if unknown)."""
    lines: list[str] = env.current_document.get(SOURCE_LINES_KEY) or []
    return lines


def fence_colons(env: BuildEnvironment, name: str, line: int) -> int | None:
    """The colons opening ``{name}`` on ``line`` (1-based), if it is written there."""
    lines = source_lines(env)
    if not 1 <= line <= len(lines):
        return None
    match = re.match(rf"^\s*(:{{3,}})\{{{re.escape(name)}\}}", lines[line - 1])
    return len(match[1]) if match else None


def lone_fence_colons(env: BuildEnvironment, line: int | None) -> int | None:
    """The colons of ``line`` if it holds nothing but colons (a closing line)."""
    lines = source_lines(env)
    if line is None or not 1 <= line <= len(lines):
        return None
    match = _LONE_FENCE.match(lines[line - 1])
    return len(match[1]) if match else None


def open_blocks(env: BuildEnvironment) -> list[Block]:
    """The evidence blocks around the directive being run, outermost first."""
    blocks: list[Block] = env.current_document.get(OPEN_BLOCKS_KEY) or []
    return blocks


@contextmanager
def opened(env: BuildEnvironment, block: Block) -> Iterator[None]:
    """Keep ``block`` on the stack of open blocks while its content is parsed."""
    document: Any = env.current_document
    blocks = [*open_blocks(env), block]
    saved = document.get(OPEN_BLOCKS_KEY)
    document[OPEN_BLOCKS_KEY] = blocks
    try:
        yield
    finally:
        document[OPEN_BLOCKS_KEY] = saved


def note_trouble(env: BuildEnvironment, line: int) -> None:
    """Remember that the blocks are tangled from ``line`` on (see :func:`tangled`)."""
    document: Any = env.current_document
    first = document.get(TROUBLE_KEY)
    document[TROUBLE_KEY] = line if first is None else min(first, line)


def first_at_line(env: BuildEnvironment, line: int) -> bool:
    """True the first time it is asked about ``line``: one nesting message a line.

    A theme with as many colons as both the ``themes`` around it and the
    ``implication`` inside it is one mistake, on one line.
    """
    document: Any = env.current_document
    reported: set[int] = document.get(REPORTED_KEY) or set()
    document[REPORTED_KEY] = reported | {line}
    return line not in reported


def tangled(env: BuildEnvironment, line: int | None) -> bool:
    """Whether ``line`` comes after the line of a block found open or wrongly nested.

    What follows such a mistake is read in the wrong block, so the messages it
    would give ("not inside a theme", "inside another block") point away from
    the cause; the one message at the cause is enough until it is fixed.
    """
    first: int | None = env.current_document.get(TROUBLE_KEY)
    return first is not None and line is not None and line > first


def troubled(env: BuildEnvironment, block: Block) -> bool:
    """Whether a block was found open or wrongly nested inside ``block``.

    Then what ``block`` holds is not what the author wrote in it (its theme's
    implication may have landed outside it), so checks of its content wait.
    """
    first: int | None = env.current_document.get(TROUBLE_KEY)
    return first is not None and block.line <= first <= block.end


def fence(colons: int, name: str | None = None) -> str:
    """``::::{theme}`` (or a closing ``::::``) as code in a message."""
    return f"`{':' * colons}{{{name}}}`" if name else f"`{':' * colons}`"


def _colons(count: int) -> str:
    return f"{count} colon" + ("" if count == 1 else "s")


# -- an inner block with too few colons -------------------------------------------


@dc.dataclass(frozen=True)
class Problem:
    """A message for the author, and the line it belongs to."""

    kind: EvidenceWarning
    message: str
    line: int


def nesting_problem(outer: Block, inner: Block) -> Problem | None:
    """The problem if ``inner`` opens with as many colons as ``outer``, or more.

    The message goes to the line the author should change: the inner block's,
    unless it has the template's colons and the outer block has not.
    """
    if NESTED_IN.get(inner.name) != outer.name:
        return None
    if outer.colons is None or inner.colons is None or inner.colons < outer.colons:
        return None
    inner_usual = inner.colons == TEMPLATE_COLONS[inner.name]
    outer_usual = outer.colons == TEMPLATE_COLONS[outer.name]
    rule = (
        "A block inside another needs fewer colons than the block around it: "
        "otherwise the inner block's closing line also closes the outer one, and "
        "what follows lands in the wrong place."
    )
    fixes = [
        f"{fence(TEMPLATE_COLONS[block.name], block.name)} (closed by "
        f"{fence(TEMPLATE_COLONS[block.name])})"
        for block in (outer, inner)
        if block.colons != TEMPLATE_COLONS[block.name]
    ]
    advice = f"Write {' and '.join(fixes)}, as in the template."
    if inner_usual and not outer_usual:
        compare = "as many as" if inner.colons == outer.colons else "fewer than"
        message = (
            f"This {label(outer.name)} opens with {_colons(outer.colons)}, "
            f"{compare} the {label(inner.name)} inside it (line {inner.line}). "
            f"{rule} {advice}"
        )
        return Problem(EvidenceWarning.FENCE, message, outer.line)
    compare = "as many as" if inner.colons == outer.colons else "more than"
    message = (
        f"This {label(inner.name)} opens with {_colons(inner.colons)}, {compare} "
        f"the {label(outer.name)} around it (line {outer.line}, "
        f"{_colons(outer.colons)}). {rule} {advice}"
    )
    return Problem(EvidenceWarning.FENCE, message, inner.line)


def inner_fence_problems(env: BuildEnvironment, block: Block) -> list[Problem]:
    """Other directives (a ``note``, a ``figure``) with too many colons in ``block``.

    The block's own lines hold no line of colons long enough to close it (it
    would have ended there), so a directive inside it opened with as many colons
    cannot be closed inside it either: the line meant to close the inner one
    closes the block. Template blocks are left to :func:`nesting_problem` and
    :func:`not_closed_problem`; lines in code blocks are not directives.
    """
    if block.colons is None:
        return []
    problems = []
    in_code = False
    lines = source_lines(env)
    for number in range(block.line + 1, min(block.end, len(lines)) + 1):
        text = lines[number - 1]
        if _CODE_FENCE.match(text):
            in_code = not in_code
        match = None if in_code else _OPENING_FENCE.match(text)
        if not match or match[2] in TEMPLATE_COLONS:
            continue
        written, name = len(match[1]), match[2]
        if written < block.colons:
            continue
        if block.colons > MIN_COLONS:
            fewer = block.colons - 1
            fix = f"write {fence(fewer, name)}, closed by {fence(fewer)}"
        else:
            more = written + 1
            fix = (
                f"give the {block.name} more colons: write "
                f"{fence(more, block.name)}, closed by {fence(more)}"
            )
        message = (
            f"This `{name}` opens with {_colons(written)}, "
            f"{'as many as' if written == block.colons else 'more than'} the "
            f"{label(block.name)} around it (line {block.line}), so its closing line "
            f"also closes the {block.name}. If it belongs in the {block.name}, {fix}; "
            f"if not, close the {block.name} before it."
        )
        problems.append(Problem(EvidenceWarning.FENCE, message, number))
    return problems


def label(name: str) -> str:
    """```theme```, ```implication``` or ```themes` section``, for a message."""
    return f"`{name}`" if name in NESTED_IN else f"`{name}` section"


# -- a block left open ------------------------------------------------------------


def swallowed(
    env: BuildEnvironment, block: Block, body: Sequence[nodes.Node]
) -> list[nodes.Element]:
    """The template blocks that ``block`` ran on over because it was not closed.

    A section holding a section, a theme holding a theme (or a section), an
    implication holding a theme or an implication, when ``block`` has no closing
    line of its own (it ran to the end of the file) or an inner block ran to its
    very end (the inner block's closing line closed ``block`` instead). A block
    written inside another on purpose, each closed, is not listed: that is
    another mistake, with messages of its own. Only the outermost are listed.
    """
    found: list[nodes.Element] = []

    def visit(node: nodes.Node) -> None:
        if not isinstance(node, nodes.Element):
            return
        if cannot_hold(block.name, node_name(node)):
            found.append(node)
            return
        for child in node.children:
            visit(child)

    for node in body:
        visit(node)
    if any(runs_over(block, block_at(env, node.line)) for node in found):
        return found
    return []


def node_name(node: nodes.Element) -> str:
    """The template block a node was made by (``""`` for any other node)."""
    if node.get(SECTION_ATTRIBUTE):
        return str(node[SECTION_ATTRIBUTE])
    if isinstance(node, evidence_nodes.theme):
        return "theme"
    if isinstance(node, evidence_nodes.implication):
        return "implication"
    return ""


def cannot_hold(outer: str, inner: str) -> bool:
    """Whether a ``outer`` block can never hold a ``inner`` block."""
    if inner in TEMPLATE_COLONS and inner not in NESTED_IN:
        return True  # a section holds no section, and nothing else holds one
    if inner == "theme":
        return outer in ("theme", "implication")
    return inner == "implication" and outer == "implication"


def runs_over(outer: Block, inner: Block | None) -> bool:
    """Whether ``outer`` holds ``inner`` only because ``outer`` was not closed.

    Either ``outer`` has no closing line (it ran to the end of the file or of
    the block around it), or ``inner`` ran to the very end of ``outer``: the line
    meant to close ``inner`` closed ``outer`` instead.
    """
    if inner is None or outer.colons is None or inner.colons is None:
        return False
    if not cannot_hold(outer.name, inner.name):
        return False
    return inner.end == outer.end or not outer.closed


def _title(node: nodes.Element) -> str:
    titles = [
        child.theme.title
        for child in node.children
        if isinstance(child, evidence_nodes.theme_title)
    ]
    return titles[0] if titles else ""


def describe(lost: Sequence[nodes.Element]) -> str:
    """``the `activity` and `themes` sections``, ``the theme “A”``, for a message."""
    sections = [f"`{n[SECTION_ATTRIBUTE]}`" for n in lost if n.get(SECTION_ATTRIBUTE)]
    themes = [
        f"“{_title(n)}”" if _title(n) else "without a title"
        for n in lost
        if isinstance(n, evidence_nodes.theme)
    ]
    implications = [n for n in lost if isinstance(n, evidence_nodes.implication)]
    parts = []
    if sections:
        plural = "s" if len(sections) > 1 else ""
        parts.append(f"the {and_list(sections)} section{plural}")
    if themes:
        parts.append(
            ("the themes " if len(themes) > 1 else "the theme ") + and_list(themes)
        )
    if implications:
        parts.append("an implication" if len(implications) == 1 else "implications")
    return and_list(parts)


def what(name: str, title: str = "") -> str:
    """``The `context` section``, ``The theme “Title”`` or ``This implication``."""
    if name == "theme":
        return f"The theme “{title}”" if title else "This theme"
    if name == "implication":
        return "This implication"
    return f"The `{name}` section"


def and_list(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def not_closed_problem(
    env: BuildEnvironment,
    block: Block,
    title: str,
    body: Sequence[nodes.Node],
) -> Problem | None:
    """The problem if ``block`` ran on over other template blocks."""
    if block.colons is None:
        return None
    lost = swallowed(env, block, body)
    if not lost:
        return None
    colons = block.colons
    subject = what(block.name, title)
    names = describe(lost)
    lines = source_lines(env)
    last = max((n for n, text in enumerate(lines, start=1) if text.strip()), default=0)
    runs = "to the end of the file " if block.end >= last else ""
    short = closing_too_short(env, colons, body)
    if short is not None:
        line, written = short
        message = (
            f"{subject} opens with {_colons(colons)} but is closed on line {line} "
            f"with {fence(written)}: a block closes only at a line of at least as "
            f"many colons as it opened with, so it runs on {runs}and swallows "
            f"{names}. Write {fence(colons)} on line {line}, or open it with "
            f"{fence(written, block.name)}."
        )
        return Problem(EvidenceWarning.NOT_CLOSED, message, block.line)
    first = lost[0]
    where = f" (line {first.line})" if first.line else ""
    ends = f"the {block.name} " + ("end" if block.name == "themes" else "ends")
    message = (
        f"{subject} is not closed, so it runs on {runs}and swallows {names}. Add a "
        f"{fence(colons)} line where {ends}, before {describe([first])}{where}."
    )
    return Problem(EvidenceWarning.NOT_CLOSED, message, block.line)


def closing_too_short(
    env: BuildEnvironment, colons: int, body: Sequence[nodes.Node]
) -> tuple[int, int] | None:
    """(line, colons) of a lone colon line, too short to close the block, in it.

    MyST reads such a line as the start of a block without a name; its first one
    in the block's own content is most likely the closing line the author meant.
    """
    for node in body:
        if isinstance(node, nodes.container) and is_lone_fence(env, node):
            written = lone_fence_colons(env, node.line)
            if written is not None and written < colons and node.line is not None:
                return node.line, written
    return None


# -- a lone colon line ---------------------------------------------------------------


def is_lone_fence(env: BuildEnvironment, node: nodes.Node) -> bool:
    """Whether ``node`` is a nameless block opened by a line of colons only."""
    return (
        isinstance(node, nodes.container)
        and bool(node.get("is_div"))
        and not node["classes"]
        and lone_fence_colons(env, node.line) is not None
    )


def lone_fence_message(env: BuildEnvironment, node: nodes.Element) -> str:
    """Why a nameless block opened by a lone colon line holds what it holds."""
    colons = lone_fence_colons(env, node.line) or 3
    return (
        f"The {fence(colons)} line on line {node.line} closes nothing, so it opens "
        "a new block without a name, which runs on to the next line of as many "
        f"colons. Delete it if it is one {fence(colons)} line too many; if it was "
        "meant to close a block, that block opened with more colons: write as many "
        "here as on its opening line."
    )
