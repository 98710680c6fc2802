"""Reading and checking a summary's front matter, with the line of every key.

Pure functions (no Sphinx): the build, ``evidence check`` and the Word import
all report the same :class:`Problem` objects.
"""

from __future__ import annotations

import dataclasses as dc
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import yaml

from .model import (
    FRONT_MATTER_FIELDS,
    PASSTHROUGH_KEYS,
    YEAR_PATTERN,
    HubSummary,
)
from .vocabulary import bad_tag_message, or_list, split_list, suggest, tag_slug
from .warnings_ import EvidenceWarning

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

FENCE = re.compile(r"^-{3,}[ \t]*$")

# What can go wrong while turning YAML text into Python values.
_YAML_ERRORS = (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError)


@dc.dataclass(frozen=True)
class Problem:
    """An author's mistake, with the 1-based line of the file it is on."""

    kind: EvidenceWarning
    message: str
    line: int | None


@dc.dataclass(frozen=True)
class FrontMatterBlock:
    """The YAML between the ``---`` lines at the top of a file."""

    text: str
    first_line: int
    """1-based line of the file holding the block's first YAML line."""
    line_count: int
    """Lines from the opening ``---`` to the closing one, both included."""


@dc.dataclass
class FrontMatter:
    """Parsed front matter: the values and where each key is written."""

    data: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]
    duplicates: list[Problem]
    """Keys given twice (YAML keeps the last value)."""


class FrontMatterError(Exception):
    """The front matter cannot be read at all."""

    def __init__(self, problem: Problem, unreadable_lines: int) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.unreadable_lines = unreadable_lines
        """How many lines at the top of the file MyST should not read as YAML."""


def split_front_matter(text: str) -> FrontMatterBlock | None:
    """The front-matter block at the very top of ``text`` (as MyST reads it).

    :raises FrontMatterError: if the block is opened but never closed.
    """
    lines = text.splitlines()
    if not lines or not FENCE.match(lines[0]):
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == lines[0].rstrip():
            return FrontMatterBlock("\n".join(lines[1:index]), 2, index + 1)
    raise FrontMatterError(
        Problem(
            EvidenceWarning.FRONT_MATTER,
            "The front matter starts with `---` on line 1 but never ends: add a "
            "line with just `---` after the last key.",
            1,
        ),
        unreadable_lines=1,
    )


def _load(text: str) -> tuple[yaml.Node | None, Any]:
    """The YAML node tree (for lines) and the values it holds."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def parse_front_matter(block: FrontMatterBlock) -> FrontMatter:
    """Load the block's YAML, keeping the line of each top-level key and item.

    :raises FrontMatterError: if it is not valid YAML, or not a set of keys.
    """
    try:
        root, data = _load(block.text)
    except _YAML_ERRORS as error:
        mark = getattr(error, "problem_mark", None)
        line = block.first_line + mark.line if mark is not None else 1
        what = getattr(error, "problem", None) or "it cannot be read"
        raise FrontMatterError(
            Problem(
                EvidenceWarning.FRONT_MATTER,
                f"The front matter is not valid YAML ({what}). Check this line: "
                "each key is followed by `: ` and its value, list items start "
                "with `- `, and a value that contains `: ` or starts with a "
                "symbol must be put in quotes.",
                line,
            ),
            block.line_count,
        ) from None
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise FrontMatterError(
            Problem(
                EvidenceWarning.FRONT_MATTER,
                "The front matter must be a set of `key: value` lines, such as "
                "`hub: Northshire Maths Hub`.",
                block.first_line,
            ),
            block.line_count,
        )
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    duplicates: list[Problem] = []
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = block.first_line + key_node.start_mark.line
        if key in key_lines:
            duplicates.append(
                Problem(
                    EvidenceWarning.DUPLICATE_KEY,
                    f"`{key}` is given twice in the front matter (lines "
                    f"{key_lines[key]} and {line}); only the last one is used. "
                    "Delete one of them.",
                    line,
                )
            )
        key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [
                block.first_line + n.start_mark.line for n in value_node.value
            ]
    return FrontMatter(
        {str(k): v for k, v in data.items()}, key_lines, item_lines, duplicates
    )


class _InvalidValueError(Exception):
    def __init__(self, kind: EvidenceWarning, message: str, line: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line


@dc.dataclass
class _Checker:
    """Checks one front matter against the fields of :class:`HubSummary`."""

    front: FrontMatter
    vocabularies: Mapping[str, Vocabulary]
    year_folder: str | None
    problems: list[Problem] = dc.field(init=False)

    def __post_init__(self) -> None:
        self.problems = list(self.front.duplicates)

    def report(self, kind: EvidenceWarning, message: str, line: int | None) -> None:
        self.problems.append(Problem(kind, message, line))

    def check(self) -> HubSummary:
        values: dict[str, Any] = {}
        for key, key_line in self.front.key_lines.items():
            if key not in FRONT_MATTER_FIELDS and key not in PASSTHROUGH_KEYS:
                near = suggest(key, FRONT_MATTER_FIELDS)
                hint = f" Did you mean `{near}`?" if near else ""
                self.report(
                    EvidenceWarning.UNKNOWN_KEY,
                    f"`{key}` is not a front-matter key the site knows.{hint} "
                    f"The keys are {or_list(FRONT_MATTER_FIELDS)}.",
                    key_line,
                )
        for name, field in FRONT_MATTER_FIELDS.items():
            value = self.front.data.get(name)
            line = self.front.key_lines.get(name)
            if value in (None, "", []):
                if field.metadata["required"]:
                    self._missing(
                        name, field, present=name in self.front.data, line=line
                    )
                continue
            try:
                values[name] = self._convert(name, field, value, line)
            except _InvalidValueError as invalid:
                self.report(invalid.kind, invalid.message, invalid.line or line)
        return HubSummary(**values)

    def _missing(
        self, name: str, field: dc.Field[Any], *, present: bool, line: int | None
    ) -> None:
        example = field.metadata["example"]
        what = field.metadata["help"][0].lower() + field.metadata["help"][1:].rstrip(
            "."
        )
        if present:
            message = (
                f"`{name}` has no value. Write it after `{name}:`, e.g. "
                f"`{name}: {example}` ({what})."
            )
        else:
            message = (
                f"The front matter has no `{name}` ({what}). Add a line such as "
                f"`{name}: {example}` between the `---` lines."
            )
        self.report(EvidenceWarning.MISSING_KEY, message, line or 1)

    def _item_line(self, name: str, index: int) -> int | None:
        lines = self.front.item_lines.get(name, [])
        return lines[index] if index < len(lines) else None

    def _convert(
        self, name: str, field: dc.Field[Any], value: Any, line: int | None
    ) -> Any:
        kind = field.metadata["kind"]
        if kind == "text":
            return _text(name, value)
        if kind == "flag":
            return _flag(name, value)
        if kind == "year":
            return self._year(value)
        vocabulary = self.vocabularies.get(field.metadata["vocabulary"] or "")
        if kind == "term":
            assert vocabulary is not None
            if isinstance(value, (list, dict)):
                raise _InvalidValueError(
                    EvidenceWarning.WRONG_TYPE,
                    f"`{name}` takes one value: {vocabulary.describe()}.",
                )
            return self._term(name, vocabulary, _text(name, value), line)
        return self._list(name, kind, vocabulary, value, line)

    def _list(
        self,
        name: str,
        kind: str,
        vocabulary: Vocabulary | None,
        value: Any,
        line: int | None,
    ) -> tuple[str, ...]:
        """A list field; each bad item is reported, the good ones kept."""
        if isinstance(value, list):
            items = [(item, self._item_line(name, i)) for i, item in enumerate(value)]
        elif kind == "texts":
            items = [(value, line)]
        else:  # a comma-separated text is a list too
            items = [(part, line) for part in split_list(_text(name, value))]
        kept: list[str] = []
        for item, item_line in items:
            try:
                text = _text(name, item, item_line)
                if kind == "tags":
                    text = self._tag(name, text, item_line)
                elif vocabulary is not None:
                    text = self._term(name, vocabulary, text, item_line)
            except _InvalidValueError as invalid:
                self.report(invalid.kind, invalid.message, invalid.line or line)
            else:
                kept.append(text)
        return tuple(dict.fromkeys(item for item in kept if item))

    def _term(
        self, name: str, vocabulary: Vocabulary, value: str, line: int | None
    ) -> str:
        key = vocabulary.lookup(value)
        if key is None:
            raise _InvalidValueError(
                EvidenceWarning.VOCABULARY, vocabulary.unknown(value, f"`{name}`"), line
            )
        return key

    def _tag(self, name: str, value: str, line: int | None) -> str:
        message = bad_tag_message(value, f"`{name}`")
        if message:
            self.report(
                EvidenceWarning.TAG, message, line or self.front.key_lines.get(name)
            )
        return tag_slug(value)

    def _year(self, value: Any) -> str:
        text = str(value).strip()
        match = YEAR_PATTERN.match(
            text.replace("-", "/", 1) if re.fullmatch(r"\d{4}-\d{2}", text) else text
        )
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise _InvalidValueError(
                EvidenceWarning.YEAR,
                f"`year: {text}` is not an academic year written like `2023/24` "
                "(the start year, a slash, and the last two digits of the next year).",
            )
        year = f"{match[1]}/{match[2]}"
        if text != year:
            raise _InvalidValueError(
                EvidenceWarning.YEAR,
                f"Write the year with a slash: `year: {year}` (not `{text}`).",
            )
        if self.year_folder is not None and year.replace("/", "-") != self.year_folder:
            raise _InvalidValueError(
                EvidenceWarning.YEAR,
                f"The summary is in the folder `{self.year_folder}` but says "
                f"`year: {year}`. Correct the year, or move the hub's folder into "
                f"`{year.replace('/', '-')}`, so that they match.",
            )
        return year


def _text(name: str, value: Any, line: int | None = None) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        shape = (
            "a list"
            if isinstance(value, list)
            else "a set of keys"
            if isinstance(value, dict)
            else f"`{value}`"
        )
        raise _InvalidValueError(
            EvidenceWarning.WRONG_TYPE,
            f"`{name}` should be text, but it is {shape}. Write the text after "
            f"`{name}:` (in quotes if it contains `: `).",
            line,
        )
    text = str(value).strip()
    if not text:
        raise _InvalidValueError(
            EvidenceWarning.WRONG_TYPE, f"An entry in `{name}` is empty.", line
        )
    return text


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    words = {"true": True, "yes": True, "false": False, "no": False}
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise _InvalidValueError(
        EvidenceWarning.WRONG_TYPE,
        f"`{name}` should be `true` or `false`, not `{value}`.",
    )


def check_front_matter(
    front: FrontMatter,
    vocabularies: Mapping[str, Vocabulary],
    year_folder: str | None,
) -> tuple[HubSummary, list[Problem]]:
    """The valid part of ``front`` as a :class:`HubSummary`, and every problem.

    :param year_folder: the folder the summary is in (``2023-24``), checked
        against ``year``; None to skip that check.
    """
    checker = _Checker(front, vocabularies, year_folder)
    summary = checker.check()
    return summary, checker.problems
