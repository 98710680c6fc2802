"""A summary as its author edits it, and the one writer of its MyST file.

``evidence new`` (a summary to fill in), ``evidence import-docx`` (a Word
document's summary) and the benchmark's synthetic corpus all write a summary's
``index.md``; they build a :class:`SummaryDocument` and call
:func:`summary_markdown`, so the file's layout (front-matter keys in the
model's order, quoting, fences, the prompts in what is not written yet) is
decided here once.

The front matter is written from :class:`~.model.HubSummary`'s fields. For an
author (``guidance=True``) every key is written, under a comment saying what
to write (the model's help text and the site's vocabularies), and every part
not written yet carries the template's prompt as MyST comments (``%`` lines,
never shown on the page), which the checks then report as still empty.
"""

from __future__ import annotations

import dataclasses as dc
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import yaml

from ..source.config import EvidenceConfig
from ..source.model import FRONT_MATTER_FIELDS
from ..source.placeholders import (
    ACTIVITY_GUIDANCE,
    APPENDICES_GUIDANCE,
    CONCLUSION_PROMPT,
    CONTEXT_GUIDANCE,
    FINDING_PLACEHOLDER,
    IMPLICATION_PROMPT,
    THEME_TITLE_PLACEHOLDER,
    THEMES_GUIDANCE,
)
from ..source.summary_text import SummaryDocument, ThemeText

if TYPE_CHECKING:
    from ..source.vocabulary import Vocabulary

STARTING_VALUES: dict[str, tuple[str, str]] = {
    "status": ("draft", "Leave it as draft until the hub has agreed the summary."),
    "sharing": ("hub", "Agree it with the hub; hub is the safe choice until then."),
    "anonymised_use": ("false", "Write true only once the hub agrees."),
    "wider_use": ("false", "Write true only once the hub agrees."),
    "illustrative": (
        "false",
        "Write false for a real summary (true only for an invented example).",
    ),
}
"""The value a new summary starts with for the keys where a wrong guess would
share too much, and what the author should decide (keys of ``HubSummary``)."""

_PLAIN = re.compile(r"[A-Za-z0-9][^:#\[\]{},\"\n]*(?<!\s)")
"""Text YAML reads back as written, in a key's value or a ``[list]``'s item."""
_LINE_WIDTH = 88
"""A list longer than this on one line is written one item a line."""


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: as written if YAML reads it back so, else quoted."""
    if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML too


def _choices(vocabulary: Vocabulary, several: bool) -> str:
    keys = list(vocabulary.terms)
    listed = ", ".join(keys[:-1]) + f" or {keys[-1]}" if len(keys) > 1 else keys[0]
    if several:
        return f"Write one or more of: {listed} (several as a list: [a, b])."
    return f"Write one of: {listed}."


def _what_to_write(field: dc.Field[Any], vocabularies: Mapping[str, Vocabulary]) -> str:
    """The comment line above a front-matter key: its meaning, then what to write."""
    meta = field.metadata
    vocabulary = vocabularies.get(meta["vocabulary"] or "")
    words = [meta["help"]]
    if not meta["required"] and field.name not in STARTING_VALUES:
        words.append("Optional: leave it empty if there is none.")
    if vocabulary is not None:
        words.append(_choices(vocabulary, several=meta["kind"] == "terms"))
    elif meta["kind"] != "flag":
        words.append(f"For example: {meta['example']}")
    if field.name in STARTING_VALUES:
        words.append(STARTING_VALUES[field.name][1])
    elif meta["kind"] == "flag":
        words.append("Write true or false.")
    return "# " + " ".join(words)


def _item_text(item: str) -> str:
    """A list's item: as :func:`yaml_text`, quoted where ``[a, b]`` reads it otherwise.

    (PyYAML reads ``[Why?]`` as a mapping key, not the text ``Why?``.)
    """
    text = yaml_text(item)
    try:
        if yaml.safe_load(f"[{text}]") == [item]:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(item, ensure_ascii=False)


def _list_text(name: str, items: tuple[str, ...]) -> str:
    """A list: on the key's line if it fits (``[a, b]``), else one item a line."""
    one_line = f"[{', '.join(_item_text(item.strip()) for item in items)}]"
    if len(name) + 2 + len(one_line) <= _LINE_WIDTH:
        return one_line
    return "".join(f"\n  - {yaml_text(item.strip())}" for item in items)


def _value_text(name: str, field: dc.Field[Any], value: Any) -> str:
    """The YAML after ``name:`` for the model's value (empty for none)."""
    kind = field.metadata["kind"]
    if value in ("", (), None):
        return ""
    if kind == "flag":
        return "true" if value else "false"
    if isinstance(value, tuple):
        if kind == "terms" and len(value) == 1:
            return yaml_text(value[0].strip())  # one region, one goal: no list
        return _list_text(name, value)
    return str(value) if kind == "year" else yaml_text(str(value).strip())


def front_matter_markdown(
    document: SummaryDocument,
    vocabularies: Mapping[str, Vocabulary] | None,
    *,
    guidance: bool,
) -> str:
    """The front matter between its ``---`` lines, keys in the model's order.

    With ``guidance``, every key is written, under what to write, and a key
    without a value gets its starting value (:data:`STARTING_VALUES`), or none;
    without, only the keys with a value.
    """
    lines = ["---"]
    for name, field in FRONT_MATTER_FIELDS.items():
        value = _value_text(name, field, getattr(document.front_matter, name))
        if not value and guidance:
            value = STARTING_VALUES.get(name, ("", ""))[0]
        note = document.unknown.get(name)
        if not value and not guidance and note is None:
            continue
        if guidance:
            lines.append(_what_to_write(field, vocabularies or {}))
        joint = "" if not value or value[0].isspace() else " "
        comment = f"  # {note}" if note else ""
        lines.append(f"{name}:{joint}{value}{comment}")
    return "\n".join([*lines, "---"])


def _comments(*lines: str) -> str:
    return "\n".join(f"% {line}" for line in lines)


def _section(name: str, text: str, prompt: str, options: str = "") -> str:
    body = "\n".join(part for part in (options, text or prompt) if part)
    return f":::{{{name}}}\n{body}\n:::\n"


def _theme(theme: ThemeText) -> str:
    # A theme not written yet shows where its tags go; a written one keeps its own.
    tags = (
        [f":tags: {', '.join(theme.tags)}".rstrip()]
        if theme.tags or not theme.title
        else []
    )
    return "\n".join(
        [
            f"::::{{theme}} {theme.title or THEME_TITLE_PLACEHOLDER}",
            f":kind: {theme.kind}",
            *tags,
            theme.finding or _comments(FINDING_PLACEHOLDER),
            "",
            ":::{implication}",
            theme.implication or _comments(IMPLICATION_PROMPT),
            ":::",
            "::::",
        ]
    )


def summary_markdown(
    document: SummaryDocument,
    vocabularies: Mapping[str, Vocabulary] | None = None,
    *,
    guidance: bool = True,
) -> str:
    """The summary's ``index.md``: front matter, title, the template's sections.

    :param vocabularies: the site's (for the comments above the keys); the
        defaults if not given.
    :param guidance: write it for an author to fill in (see the module's text).
    """
    if vocabularies is None and guidance:
        vocabularies = EvidenceConfig().vocabularies  # the defaults
    themes = document.themes or (ThemeText(),)
    themes_prompt = "" if document.themes else _comments(*THEMES_GUIDANCE) + "\n\n"
    methods = ":methods:" + (f" {', '.join(document.methods)}" * bool(document.methods))
    parts = [
        front_matter_markdown(document, vocabularies, guidance=guidance) + "\n",
        f"# {document.front_matter.hub}\n",
        _section("context", document.context, _comments(*CONTEXT_GUIDANCE)),
        _section("activity", document.activity, _comments(*ACTIVITY_GUIDANCE), methods),
        f":::::{{themes}}\n{themes_prompt}"
        + "\n\n".join(_theme(theme) for theme in themes)
        + "\n:::::\n",
        _section("conclusion", document.conclusion, _comments(CONCLUSION_PROMPT)),
    ]
    if document.appendices is not None:
        prompt = _comments(*APPENDICES_GUIDANCE)
        parts.append(_section("appendices", document.appendices, prompt))
    return "\n".join(parts)
