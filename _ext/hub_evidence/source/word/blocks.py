"""A section's MyST as Word paragraphs: text, bold, italic, bullet and numbered lists.

Readers see the words, never markup: a role shows its title (``{download}`Case
study <case.pdf>``` shows "Case study"), a link its text, inline code its
content. Blocks beyond paragraphs and lists (a table, a figure, a code block)
are shown as their source text, as one paragraph: what the hub sees in Word is
what the summary says, and the record carried in the document keeps the MyST.
"""

from __future__ import annotations

import dataclasses as dc
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.myst_role import myst_role_plugin

_PARSER = MarkdownIt("commonmark").use(myst_role_plugin)
_ROLE_TITLE = re.compile(r"^(?P<title>.*?)\s*<[^<>]*>$", re.DOTALL)


@dc.dataclass(frozen=True)
class Run:
    """Words with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dc.dataclass(frozen=True)
class Block:
    """One paragraph: its runs, and the list it is an item of, if any."""

    runs: tuple[Run, ...]
    listed: str = ""
    """``bullet``, ``number`` or empty."""


def _role_text(token: Token) -> str:
    title = _ROLE_TITLE.match(token.content)
    return title["title"] if title else token.content


def _runs(inline: Token) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = False
    for child in inline.children or []:
        text = ""
        if child.type in {"strong_open", "strong_close"}:
            bold = child.type == "strong_open"
        elif child.type in {"em_open", "em_close"}:
            italic = child.type == "em_open"
        elif child.type in {"softbreak", "hardbreak"}:
            text = " "
        elif child.type == "myst_role":
            text = _role_text(child)
        elif child.type == "image":
            text = child.content
        else:  # text, code, inline HTML: their words
            text = child.content
        if not text:
            continue
        if runs and (runs[-1].bold, runs[-1].italic) == (bold, italic):
            runs[-1] = Run(runs[-1].text + text, bold, italic)
        else:
            runs.append(Run(text, bold, italic))
    return tuple(run for run in runs if run.text)


def _blocks(node: SyntaxTreeNode, lines: list[str], listed: str) -> list[Block]:
    if node.type == "paragraph" and node.children:
        return [Block(_runs(node.children[0].token), listed)]  # type: ignore[arg-type]
    if node.type in {"bullet_list", "ordered_list"}:
        kind = "bullet" if node.type == "bullet_list" else "number"
        return [
            block
            for item in node.children
            for child in item.children
            for block in _blocks(child, lines, kind)
        ]
    if node.map is None:
        return []
    start, end = node.map
    source = " ".join(line.strip() for line in lines[start:end] if line.strip())
    return [Block((Run(source),), listed)] if source else []


def myst_blocks(text: str) -> list[Block]:
    """The paragraphs ``text`` (a section's MyST) shows in Word, in order."""
    tree = SyntaxTreeNode(_PARSER.parse(text))
    lines = text.splitlines()
    return [block for node in tree.children for block in _blocks(node, lines, "")]
