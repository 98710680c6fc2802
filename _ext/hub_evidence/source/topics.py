"""The site's topics: the words a summary and its themes are tagged with.

Tags were free words, and drifted (``non-specialists`` in one summary,
``non-specialist-teachers`` in the next), so the findings of one topic were
split across browse pages. A site that has a topic file (``evidence_topics``,
by default ``hubs/topics.yaml``) names each topic once: its key (what authors
write), its label (what readers see), a scope note ("use for ..."), its group
(a broader topic, such as "Teacher development"), other names it is known by
(which help search find it, but are not written as tags), and, when it is
retired, the topic that replaces it. The file is content, edited by pull
request like a summary, so every mistake in it is a message with its line,
never a traceback.

This module is pure (no Sphinx): the build reads the file once at start-up
(:func:`~.config.setup_config`), the tag checks of summaries and themes ask
:meth:`TopicVocabulary.check_tag`, and the facets, browse pages, search and
exports take labels and groups from the one :class:`TopicVocabulary`.
"""

from __future__ import annotations

import dataclasses as dc
import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import yaml

from .frontmatter import Problem
from .vocabulary import TAG_PATTERN, or_list, tag_slug
from .warnings_ import EvidenceWarning

TOPIC_FIELDS = {
    "label": "what readers see, e.g. `Non-specialist teachers`",
    "scope": "when to use the topic, e.g. `Use for findings about ...`",
    "group": "the key of its group, from `groups:`",
    "synonyms": "other names for the topic, which help search find it",
    "replaced_by": "the topic to write instead, when this one is retired",
}
"""Each field a topic may have, and what it holds (for messages and the guide)."""
REQUIRED = ("label", "scope", "group")
TOP_KEYS = ("groups", "topics")

# What can go wrong while turning YAML text into nodes.
_YAML_ERRORS = (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError)


@dc.dataclass(frozen=True)
class Topic:
    """One topic of the vocabulary."""

    key: str
    """What authors write in ``tags`` and ``:tags:`` (and its browse page name)."""
    label: str
    """What readers see."""
    scope: str
    """When to use it ("Use for ...")."""
    group: str
    """The key of its group (a broader topic)."""
    synonyms: tuple[str, ...] = ()
    """Other names for it: search finds the topic by them; a tag must not be one."""
    replaced_by: str | None = None
    """The topic to write instead, if this one is retired."""
    line: int = dc.field(default=0, compare=False, repr=False)
    """Its line in the topics file (not part of what it is: moving it changes
    nothing a reader sees)."""

    @property
    def retired(self) -> bool:
        """Whether authors should write another topic instead."""
        return self.replaced_by is not None


class TagCheck(NamedTuple):
    """What a tag is, checked against the vocabulary."""

    key: str
    """The tag to keep: the topic's key (a synonym becomes its topic's)."""
    problem: tuple[EvidenceWarning, str] | None
    """The warning, if the tag is not a current topic's key."""


@dc.dataclass(frozen=True)
class TopicVocabulary:
    """Every topic of a site, by key, and the groups they belong to."""

    path: str
    """The topics file as authors know it (``hubs/topics.yaml``)."""
    groups: Mapping[str, str]
    """Group key -> label, in the file's order."""
    topics: Mapping[str, Topic]
    """Topic key -> topic, in the file's order."""

    def get(self, key: str) -> Topic | None:
        """The topic ``key`` names, or None."""
        return self.topics.get(key)

    def label(self, key: str) -> str:
        """What readers see for a tag (the tag itself if it is not a topic)."""
        topic = self.topics.get(key)
        return topic.label if topic else key

    def group_label(self, key: str) -> str:
        """The label of the group a tag's topic belongs to ("" if none)."""
        topic = self.topics.get(key)
        return self.groups.get(topic.group, "") if topic else ""

    def in_groups(self) -> list[tuple[str, list[Topic]]]:
        """(group label, its topics) in the file's order, for listings."""
        grouped: dict[str, list[Topic]] = {key: [] for key in self.groups}
        for topic in self.topics.values():
            grouped.setdefault(topic.group, []).append(topic)
        return [
            (self.groups.get(key, "Other topics"), topics)
            for key, topics in grouped.items()
            if topics
        ]

    def names(self, key: str) -> tuple[str, ...]:
        """Every name of a tag's topic, for search: label and synonyms."""
        topic = self.topics.get(key)
        return (topic.label, *topic.synonyms) if topic else ()

    def current(self, key: str) -> Topic | None:
        """The topic to write for ``key``: itself, or the end of its replacements."""
        topic = self.topics.get(key)
        seen: set[str] = set()
        while topic is not None and topic.replaced_by and topic.key not in seen:
            seen.add(topic.key)
            topic = self.topics.get(topic.replaced_by)
        return topic

    def named_by(self, tag: str) -> Topic | None:
        """The topic whose label or synonym ``tag`` is (written as a tag)."""
        for topic in self.topics.values():
            names = (topic.label, *topic.synonyms)
            if tag != topic.key and tag in {tag_slug(name) for name in names}:
                return topic
        return None

    def suggest(self, value: str) -> Topic | None:
        """The topic closest to ``value`` (by key, label or synonym), if any is
        close enough: ``non-specialist-staff`` -> ``non-specialists``."""
        names: dict[str, str] = {}
        for topic in self.topics.values():
            if topic.retired:
                continue
            for name in (topic.key, topic.label, *topic.synonyms):
                names.setdefault(tag_slug(name), topic.key)
        close = difflib.get_close_matches(tag_slug(value), list(names), 1, 0.6)
        return self.topics[names[close[0]]] if close else None

    def check_tag(self, tag: str, where: str) -> TagCheck:
        """Whether ``tag`` (written in ``where``) is a current topic, and if not,
        the message that says what to write instead."""
        topic = self.topics.get(tag)
        if topic is not None and not topic.retired:
            return TagCheck(tag, None)
        if topic is not None:
            instead = self.current(tag)
            if instead is None or instead.retired:  # a broken file: said there
                return TagCheck(tag, None)
            return TagCheck(
                tag,
                (
                    EvidenceWarning.TAG_RETIRED,
                    f"The topic `{tag}` (“{topic.label}”) in {where} is retired: "
                    f"write `{instead.key}` (“{instead.label}”) instead.",
                ),
            )
        named = self.named_by(tag)
        if named is not None:
            named = self.current(named.key) or named
            return TagCheck(
                named.key,
                (
                    EvidenceWarning.TAG_SYNONYM,
                    f"`{tag}` in {where} is another name for the topic "
                    f"`{named.key}` (“{named.label}”). Tags are written as the "
                    f"topic's key: write `{named.key}` instead.",
                ),
            )
        near = self.suggest(tag)
        hint = (
            f" Did you mean `{near.key}` (“{near.label}”: {near.scope.rstrip('.')})?"
            if near
            else ""
        )
        return TagCheck(
            tag,
            (
                EvidenceWarning.TAG_UNKNOWN,
                f"`{tag}` in {where} is not a topic of `{self.path}`.{hint} Write "
                "one of the topics the author guide lists; if none fits, ask for a "
                f"new topic to be added to `{self.path}` in the same pull request.",
            ),
        )


# -- reading the file -----------------------------------------------------------


def read_topics(file: Path, shown: str) -> tuple[TopicVocabulary | None, list[Problem]]:
    """The topics of ``file`` (None if there is none), and every mistake in it.

    :param shown: the file's name in messages (``hubs/topics.yaml``).
    """
    if not file.is_file():
        return None, []
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return _empty(shown), [
            Problem(
                EvidenceWarning.TOPICS_FILE,
                f"`{shown}` is not saved as UTF-8 text. Save it as UTF-8 (your "
                "editor's “Save with encoding” menu).",
                1,
            )
        ]
    return parse_topics(text, shown)


def _empty(shown: str) -> TopicVocabulary:
    return TopicVocabulary(shown, {}, {})


def parse_topics(text: str, shown: str) -> tuple[TopicVocabulary, list[Problem]]:
    """The topics in ``text``, and every mistake with its (1-based) line.

    A topic with mistakes is kept as well as it can be read, so the summaries
    that use it are not warned about as well.
    """
    reader = _Reader(shown)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except _YAML_ERRORS as error:
        mark = getattr(error, "problem_mark", None)
        what = getattr(error, "problem", None) or "it cannot be read"
        reader.report(
            f"`{shown}` is not valid YAML ({what}). Check this line: each key is "
            "followed by `: ` and its value, each level is indented by two more "
            "spaces, and a value that contains `: ` must be put in quotes.",
            mark.line + 1 if mark is not None else 1,
        )
        return _empty(shown), reader.problems
    return reader.read(root), reader.problems


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _text(node: yaml.Node) -> str | None:
    """A scalar's text (None for a list, a mapping or an empty value)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        return None
    return str(node.value).strip() or None


@dc.dataclass
class _Reader:
    shown: str
    problems: list[Problem] = dc.field(default_factory=list)
    replacement_lines: dict[str, int] = dc.field(default_factory=dict)
    """The line of each topic's ``replaced_by:``."""

    def report(self, message: str, line: int) -> None:
        self.problems.append(Problem(EvidenceWarning.TOPICS_FILE, message, line))

    def pairs(
        self, node: yaml.MappingNode, what: str
    ) -> list[tuple[str, yaml.Node, int]]:
        """The (key, value, line) of a mapping, each key given twice reported."""
        seen: dict[str, int] = {}
        pairs: list[tuple[str, yaml.Node, int]] = []
        for key_node, value_node in node.value:
            key = _text(key_node) or ""
            line = _line(key_node)
            if key in seen:
                self.report(
                    f"{what} `{key}` is given twice in `{self.shown}` (lines "
                    f"{seen[key]} and {line}). Keep one of them.",
                    line,
                )
                continue
            seen[key] = line
            pairs.append((key, value_node, line))
        return pairs

    def read(self, root: yaml.Node | None) -> TopicVocabulary:
        if not isinstance(root, yaml.MappingNode):
            self.report(
                f"`{self.shown}` must have a `groups:` part and a `topics:` part (see "
                "the author guide's page on topics for an example).",
                _line(root) if root is not None else 1,
            )
            return _empty(self.shown)
        parts: dict[str, tuple[yaml.Node, int]] = {}
        for key, value, line in self.pairs(root, "The part"):
            if key not in TOP_KEYS:
                self.report(
                    f"`{key}:` is not a part of `{self.shown}`: it has "
                    f"{or_list(TOP_KEYS)} only. Indent a topic under `topics:`.",
                    line,
                )
                continue
            parts[key] = (value, line)
        for key in TOP_KEYS:
            if key not in parts:
                self.report(
                    f"`{self.shown}` has no `{key}:` part. Add it (see the author "
                    "guide's page on topics for an example).",
                    1,
                )
        groups = self.groups(*parts["groups"]) if "groups" in parts else {}
        topics = self.topics(*parts["topics"], groups) if "topics" in parts else {}
        self.check_replacements(topics)
        return TopicVocabulary(self.shown, groups, topics)

    def groups(self, node: yaml.Node, line: int) -> dict[str, str]:
        if not isinstance(node, yaml.MappingNode):
            self.report(
                "`groups:` must list each group as `key: Label` on a line of its "
                "own, indented, e.g. `  teacher-development: Teacher development`.",
                line,
            )
            return {}
        groups: dict[str, str] = {}
        for key, value, key_line in self.pairs(node, "The group"):
            self.check_key(key, "group", key_line)
            label = _text(value)
            if label is None:
                self.report(
                    f"The group `{key}` has no label. Write it after the key, e.g. "
                    f"`{key}: Teacher development`.",
                    key_line,
                )
            groups[key] = label or key
        return groups

    def topics(
        self, node: yaml.Node, line: int, groups: dict[str, str]
    ) -> dict[str, Topic]:
        if not isinstance(node, yaml.MappingNode):
            self.report(
                "`topics:` must list each topic by its key, with its `label:`, "
                "`scope:` and `group:` indented under it.",
                line,
            )
            return {}
        return {
            key: self.topic(key, value, key_line, groups)
            for key, value, key_line in self.pairs(node, "The topic")
        }

    def check_key(self, key: str, what: str, line: int) -> None:
        if not TAG_PATTERN.match(key):
            self.report(
                f"The {what} key `{key}` should be lowercase words joined by "
                f"hyphens: write `{tag_slug(key) or 'my-' + what}`.",
                line,
            )

    def topic(
        self, key: str, node: yaml.Node, line: int, groups: dict[str, str]
    ) -> Topic:
        self.check_key(key, "topic", line)
        if not isinstance(node, yaml.MappingNode):
            self.report(
                f"The topic `{key}` must have its `label:`, `scope:` and `group:` "
                "on lines of their own, indented under it.",
                line,
            )
            return Topic(key, key, "", "", line=line)
        fields: dict[str, tuple[yaml.Node, int]] = {}
        for name, value, field_line in self.pairs(node, f"In `{key}`, the field"):
            if name not in TOPIC_FIELDS:
                near = difflib.get_close_matches(name, list(TOPIC_FIELDS), 1, 0.6)
                hint = f" Did you mean `{near[0]}`?" if near else ""
                self.report(
                    f"`{name}:` is not a field of a topic (in `{key}`).{hint} A "
                    f"topic has {or_list(TOPIC_FIELDS)}.",
                    field_line,
                )
                continue
            fields[name] = (value, field_line)
        values: dict[str, str] = {}
        for name in REQUIRED:
            text = _text(fields[name][0]) if name in fields else None
            if text is None:
                self.report(
                    f"The topic `{key}` has no `{name}:` ({TOPIC_FIELDS[name]}). "
                    f"Add it, indented under `{key}:`.",
                    fields[name][1] if name in fields else line,
                )
            values[name] = text or ""
        group = values["group"]
        if group and group not in groups:
            near = difflib.get_close_matches(group, list(groups), 1, 0.6)
            hint = f" Did you mean `{near[0]}`?" if near else ""
            self.report(
                f"The topic `{key}` has `group: {group}`, which is not a group of "
                f"`groups:`.{hint} The groups are {or_list(groups)}.",
                fields["group"][1],
            )
        return Topic(
            key,
            values["label"] or key,
            values["scope"],
            group,
            self.synonyms(key, fields.get("synonyms")),
            self.replacement(key, fields.get("replaced_by")),
            line,
        )

    def synonyms(
        self, key: str, field: tuple[yaml.Node, int] | None
    ) -> tuple[str, ...]:
        if field is None:
            return ()
        node, line = field
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        words: list[str] = []
        for item in items:
            word = _text(item)
            if word is None:
                self.report(
                    f"The synonyms of `{key}` must be words, written as a list: "
                    "`synonyms: [other name, another name]`.",
                    _line(item) if isinstance(node, yaml.SequenceNode) else line,
                )
                continue
            words.append(word)
        return tuple(words)

    def replacement(self, key: str, field: tuple[yaml.Node, int] | None) -> str | None:
        if field is None:
            return None
        node, line = field
        self.replacement_lines[key] = line
        value = _text(node)
        if value is None:
            self.report(
                f"`replaced_by:` of `{key}` has no topic. Write the key of the topic "
                f"that replaces `{key}`, or delete the line.",
                line,
            )
        return value

    def check_replacements(self, topics: dict[str, Topic]) -> None:
        """Each replacement exists and is not retired itself."""
        for topic in list(topics.values()):
            target = topic.replaced_by
            if target is None:
                continue
            line = self.replacement_lines.get(topic.key, topic.line)
            replacement = topics.get(target)
            if replacement is None or target == topic.key:
                near = _suggest_current(target, topics, topic.key)
                hint = f" Did you mean `{near}`?" if near else ""
                self.report(
                    f"The topic `{topic.key}` has `replaced_by: {target}`, which is "
                    f"not another topic of `{self.shown}`.{hint} Write the key of a "
                    "topic that is not retired.",
                    line,
                )
                topics[topic.key] = dc.replace(topic, replaced_by=None)
            elif replacement.retired:
                end = TopicVocabulary(self.shown, {}, topics).current(topic.key)
                instead = (
                    f"write `replaced_by: {end.key}`"
                    if end is not None and not end.retired and end.key != topic.key
                    else "replace it by a topic that is not retired"
                )
                self.report(
                    f"The topic `{topic.key}` is replaced by `{target}`, which is "
                    f"retired itself (replaced by `{replacement.replaced_by}`): "
                    f"{instead}, so that authors are sent straight to a topic "
                    "they can use.",
                    line,
                )


def _suggest_current(value: str, topics: Mapping[str, Topic], own: str) -> str | None:
    keys = [k for k, t in topics.items() if not t.retired and k != own]
    close = difflib.get_close_matches(value, keys, 1, 0.6)
    return close[0] if close else None
