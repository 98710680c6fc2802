"""A summary as its author writes it: front matter and the sections' MyST text.

:class:`SummaryDocument` is the one shape of a summary's file: the writer of
``index.md`` (:mod:`..tools.summary_file`) takes it, and the Word export and
import (:mod:`.word`) give and take it. :func:`read_summary_text` reads it
back from an ``index.md`` without Sphinx (the ``evidence`` command must start
without the extension), by the colon fences of the template's directives: the
sections' text is kept as written, but for MyST comments (``%`` lines), which
are notes to the author and never leave the repository.
"""

from __future__ import annotations

import dataclasses as dc
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .frontmatter import (
    FrontMatterError,
    check_front_matter,
    parse_front_matter,
    split_front_matter,
)
from .model import HubSummary

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

_OPENING = re.compile(r"^(?P<fence>:{3,})\{(?P<name>[a-z-]+)\}\s*(?P<argument>.*)$")
_CLOSING = re.compile(r"^(?P<fence>:{3,})\s*$")
_OPTION = re.compile(r"^:(?P<key>[a-z-]+):\s*(?P<value>.*)$")
PROSE_SECTIONS = ("context", "activity", "conclusion", "appendices")


@dc.dataclass(frozen=True)
class ThemeText:
    """One theme as written: its title, options, finding and implication (MyST)."""

    title: str = ""
    kind: str = "finding"
    tags: tuple[str, ...] = ()
    finding: str = ""
    implication: str = ""


@dc.dataclass(frozen=True)
class SummaryDocument:
    """A summary's file: the front matter and the template's sections, as MyST.

    An empty section is one not written yet (it gets its prompt when written
    for an author); ``appendices`` is None when the summary has none.
    """

    front_matter: HubSummary
    context: str = ""
    methods: tuple[str, ...] = ()
    activity: str = ""
    themes: tuple[ThemeText, ...] = ()
    conclusion: str = ""
    appendices: str | None = ""
    unknown: Mapping[str, str] = dc.field(default_factory=dict)
    """Front-matter keys whose value could not be found, each with a note to
    the author written after the key (``region:  # NOT IN THE DOCUMENT ...``)."""


@dc.dataclass
class _Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: list[str]


class SummaryTextError(Exception):
    """The file cannot be read as a summary; the message says why."""


def _directives(lines: list[str]) -> list[_Directive]:
    """The colon-fenced directives at this level, each with its own lines."""
    found: list[_Directive] = []
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index].strip())
        index += 1
        if opening is None:
            continue
        width = len(opening["fence"])
        options: dict[str, str] = {}
        while index < len(lines) and (option := _OPTION.match(lines[index].strip())):
            options[option["key"]] = option["value"].strip()
            index += 1
        body: list[str] = []
        while index < len(lines):
            closing = _CLOSING.match(lines[index].strip())
            index += 1
            if closing is not None and len(closing["fence"]) >= width:
                break
            body.append(lines[index - 1])
        found.append(_Directive(opening["name"], opening["argument"], options, body))
    return found


def _text(lines: list[str]) -> str:
    """A section's MyST, without comment lines (notes that stay in the repository)."""
    kept = [line for line in lines if not line.lstrip().startswith("%")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _listed(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _theme(directive: _Directive) -> ThemeText:
    implication = next(
        (d for d in _directives(directive.body) if d.name == "implication"), None
    )
    finding = directive.body
    if implication is not None:
        start = next(
            i
            for i, line in enumerate(directive.body)
            if (m := _OPENING.match(line.strip())) and m["name"] == "implication"
        )
        finding = directive.body[:start]
    return ThemeText(
        title=directive.argument.strip(),
        kind=directive.options.get("kind", "finding") or "finding",
        tags=_listed(directive.options.get("tags", "")),
        finding=_text(finding),
        implication=_text(implication.body) if implication else "",
    )


NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0, and so a Word document, cannot hold."""


def read_summary_text(
    text: str, vocabularies: Mapping[str, Vocabulary]
) -> SummaryDocument:
    """The summary written in ``text`` (an ``index.md``), front matter checked.

    Characters a Word document cannot hold (control characters other than
    tabs and line ends; the site warns about them on the page) are left out.

    :raises SummaryTextError: if the front matter cannot be read at all.
    """
    text = NOT_IN_XML.sub("", text)
    try:
        block = split_front_matter(text)
        if block is None:
            raise SummaryTextError("It has no front matter (the `---` lines on top).")
        summary, _ = check_front_matter(parse_front_matter(block), vocabularies, None)
    except FrontMatterError as error:
        raise SummaryTextError(str(error)) from None
    body = text.splitlines()[block.line_count :]
    sections = {d.name: d for d in _directives(body)}
    themes = sections.get("themes")
    activity = sections.get("activity")
    appendices = sections.get("appendices")
    return SummaryDocument(
        summary,
        context=_text(sections["context"].body) if "context" in sections else "",
        methods=_listed(activity.options.get("methods", "")) if activity else (),
        activity=_text(activity.body) if activity else "",
        themes=tuple(
            _theme(d)
            for d in _directives(themes.body if themes else [])
            if d.name == "theme"
        ),
        conclusion=_text(sections["conclusion"].body)
        if "conclusion" in sections
        else "",
        appendices=_text(appendices.body) if appendices else None,
    )
