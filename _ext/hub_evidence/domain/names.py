"""The words of a text that name someone or somewhere: people, schools, places.

An anonymised theme must not say where it comes from, and the words that give
it away are names. Two kinds of recogniser find them:

- **patterns** (:func:`patterns`), which need nothing but the text: a title
  and a name ("Mrs Okafor", "Mr. J. Patel"), a school's, college's or
  trust's name ("Hillside Primary", "St Anne's C of E Primary", "Castleford
  Sixth Form College"), a named Maths Hub, an email address;
- **known names** (:class:`Names`), given elsewhere (a summary's evaluators,
  its case and context, the hubs and regions of the catalogue).

Both are linear in the length of the text and cheap where it names nothing,
which is most of it: a regular expression finds the few places worth a
closer look (a title, "St", a word a school's name ends with, a capitalised
word that starts a known name), and only the words around them are looked at
one by one. The cost of known names does not grow with how many there are (a
catalogue has every hub's).

These are heuristics for English prose, tuned to miss few names at the cost
of an occasional ordinary word taken for one; :mod:`.lexicon` lists the
capitalised words that are not names. The author guide says what they cannot
catch.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from .lexicon import (
    ABBREVIATIONS,
    BREAKERS,
    CONNECTORS,
    HEADS,
    NOT_IDENTIFYING,
    SAINTS,
    SCHOOL_WORDS,
    TITLES,
    is_proper,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

PERSON = "a person"
SCHOOL = "a school, college or trust"
HUB = "a Maths Hub"
EMAIL = "an email or school web address"

_LETTERS = r"\w'\u2019&-"
_TOKEN = re.compile(rf"\w[{_LETTERS}]*")
_CAPITALISED = re.compile(rf"(?<!\w)[A-Z\u00c0-\u00d6\u00d8-\u00de][{_LETTERS}]*")
_LOWERCASE = re.compile(rf"(?<!\w)[a-z\u00df-\u00f6\u00f8-\u00ff][{_LETTERS}]*")
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|[-&]+)$")
_ENDINGS = ("'", "\u2019", "'s", "\u2019s", "-", "&")


def _either(words: Iterable[str]) -> str:
    """A regular expression for any of ``words`` (the longest tried first)."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_CUE = re.compile(
    rf"(?<!\w)(?:(?P<title>{_either(TITLES)})|(?P<saint>{_either(SAINTS)})|"
    rf"(?P<head>{_either(HEADS)}))(?:['\u2019]s?)?(?![{_LETTERS}])"
)
"""Where a name may be: a title, "St", a word a school's name ends with."""
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SCHOOL_SITE = re.compile(r"\b(?:[\w-]+\.)+sch\.uk\b", re.IGNORECASE)
_SKIPPED = frozenset(' \t\r\n"\u201c\u2018([*_')
"""What can come between a sentence's end and its first word."""


def key(token: str) -> str:
    """A word without its possessive ending: ``Anne's`` -> ``Anne``."""
    if token.endswith(_ENDINGS):
        return _POSSESSIVE.sub("", token) or token
    return token


class Word(NamedTuple):
    """One word of a text, where it is, and how it is joined to the word before."""

    text: str
    key: str
    """The word without a possessive ending."""
    start: int
    end: int
    initial: bool
    """It starts the text, a sentence or a paragraph."""
    attached: bool
    """Only spaces (or an abbreviation's full stop) part it from the word before,
    so the two can belong to one name."""

    @property
    def capitalised(self) -> bool:
        """Written with a capital, as a name is (``Okafor``, ``KS2``, ``O'Brien``)."""
        return self.text[:1].isupper()

    @property
    def proper(self) -> bool:
        """It can be a name (:func:`.lexicon.is_proper`)."""
        return is_proper(self.text, self.key)


def starts_sentence(text: str, position: int) -> bool:
    """Whether the word at ``position`` starts the text, a sentence or a paragraph."""
    index, newlines = position, 0
    while index > 0 and text[index - 1] in _SKIPPED:
        index -= 1
        newlines += text[index] == "\n"
    if index == 0 or newlines >= 2 or text[index - 1] in "!?":
        return True
    if text[index - 1] != ".":
        return False
    before = index - 1
    while before > 0 and (text[before - 1].isalnum() or text[before - 1] in "'-"):
        before -= 1
    previous = text[before : index - 1]
    return not (previous in ABBREVIATIONS or len(previous) == 1)


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text`` (between ``start`` and ``end``), in order."""
    found: list[Word] = []
    previous: Word | None = None
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        token, begin = match.group(), match.start()
        if previous is None:
            initial, attached = starts_sentence(text, begin), False
        else:
            gap = text[previous.end : begin]
            if gap == " ":
                initial, attached = False, True
            else:
                mark = gap.strip()
                abbreviated = mark == "." and (
                    previous.key in ABBREVIATIONS or len(previous.key) == 1
                )
                paragraph = gap.count("\n") >= 2
                initial = paragraph or (
                    not abbreviated and any(end_mark in mark for end_mark in ".!?")
                )
                attached = not paragraph and (not mark or abbreviated)
        previous = Word(token, key(token), begin, match.end(), initial, attached)
        found.append(previous)
    return found


def key_of(name: str) -> str:
    """A name as :class:`Names` looks it up: its words' keys, spaced."""
    return " ".join(word.key for word in words(name))


class Mention(NamedTuple):
    """Where a text names something, and what kind of thing."""

    start: int
    end: int
    what: str


# -- patterns --------------------------------------------------------------------


def _person_end(found: list[Word], title: int) -> int | None:
    """Where the name after the title ``found[title]`` ends (``Mr J. Patel``)."""
    last = title
    for after in found[title + 1 : title + 5]:
        if not (after.attached and after.capitalised) or after.key in BREAKERS:
            break
        last += 1
    return last if last > title and len(found[last].key) > 1 else None


def _name_before(found: list[Word], index: int) -> int | None:
    """Where the capitalised name that ends just before ``found[index]`` starts."""
    start = None
    position = index
    while position > 0 and found[position].attached and not found[position].initial:
        word = found[position - 1]
        if word.capitalised and word.key not in BREAKERS:
            start = position - 1
        elif not (
            word.text in CONNECTORS
            and word.attached
            and position >= 2
            and found[position - 2].capitalised
        ):
            break
        position -= 1
    return start


def _starts_name(found: list[Word], index: int) -> bool:
    word = found[index]
    after = found[index + 1] if index + 1 < len(found) else None
    return (
        word.proper
        or (word.key in SAINTS and after is not None and after.attached)
        or (word.key == "Our" and after is not None and after.key == "Lady")
    )


def _school_start(found: list[Word], head: int) -> int | None:
    """Where the name of the school whose name ends with ``found[head]`` starts."""
    word = found[head]
    before = HEADS.get(word.key, "")
    if before == "" or (
        before is not None
        and (head == 0 or found[head - 1].key != before or not word.attached)
    ):
        return None
    # Back over the kind of school (``C of E Primary``), then over its name.
    position = head
    while (
        position > 0
        and found[position].attached
        and not found[position].initial
        and found[position - 1].key.lower() in SCHOOL_WORDS
    ):
        position -= 1
    start = _name_before(found, position)
    if start is None:
        return None
    # Before "schools" in lower case, a sentence's first word is more often a
    # verb ("Encourage schools to ...") than a name.
    if not any(
        w.proper and (word.capitalised or not w.initial) for w in found[start:position]
    ):
        return None
    while not _starts_name(found, start):
        start += 1  # not "The" nor "Teachers of"
    return start


def _may_end_school(text: str, cue: re.Match[str]) -> bool:
    """Whether the word before a school word could end a school's name (a cheap
    look, before the words are looked at one by one)."""
    before = text[max(0, cue.start() - 40) : cue.start()]
    if not before[-1:].isspace():
        return False  # "(School", or the text's first word
    previous = before.rstrip().rsplit(None, 1)[-1:] or [""]
    word = previous[0].rstrip(".")
    required = HEADS.get(key(cue["head"]))
    if required is not None:
        return word == required
    return word[:1].isupper() or word.lower() in SCHOOL_WORDS or word in CONNECTORS


def patterns(text: str) -> list[Mention]:
    """Every person, school, college, trust, Maths Hub and address ``text`` names."""
    # Looked for only where they can be: trying at every word is slow.
    mentions = [
        Mention(m.start(), m.end(), EMAIL)
        for pattern, mark in ((_EMAIL, "@"), (_SCHOOL_SITE, "sch.uk"))
        if mark in text.lower()
        for m in pattern.finditer(text)
    ]
    for cue in _CUE.finditer(text):
        if cue["title"]:
            found = words(text, cue.start(), cue.end() + 80)
            last = _person_end(found, 0)
            if last is not None:
                mentions.append(Mention(found[0].start, found[last].end, PERSON))
        elif cue["saint"]:
            found = words(text, cue.start(), cue.end() + 40)
            name = found[1] if len(found) > 1 else None
            if name and name.attached and name.capitalised and name.key not in BREAKERS:
                mentions.append(Mention(found[0].start, name.end, SCHOOL))
        elif _may_end_school(text, cue):
            found = words(text, _word_start(text, cue.start() - 160), cue.end())
            start = _school_start(found, len(found) - 1)
            if start is not None:
                what = HUB if cue["head"].startswith("Hub") else SCHOOL
                mentions.append(Mention(found[start].start, cue.end(), what))
    return mentions


def _word_start(text: str, position: int) -> int:
    """The start of the first word at or after ``position`` (0 if before the text)."""
    if position <= 0:
        return 0
    space = text.find(" ", position)
    return space + 1 if space != -1 else position


# -- known names -------------------------------------------------------------------


class Names:
    """Names to look for, each with what it names (``""``: nothing identifying).

    Every name starts with a capital. Only where a capitalised word starts a
    name are the words after it looked at, longest name first, so the cost
    does not grow with the number of names.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.names = {name: what for name, what in names.items() if name[:1].isupper()}
        self.longest = max((name.count(" ") + 1 for name in self.names), default=1)
        self.firsts = frozenset(name.split(" ")[0] for name in self.names)
        self.reach = max((len(name) for name in self.names), default=0) + 8 * (
            self.longest
        )
        """How far, in characters, the words of the longest name can reach."""

    def mentions(
        self, text: str, capitalised: list[re.Match[str]] | None = None
    ) -> list[Mention]:
        """Where ``text`` has one of the names (the longest at each word).

        ``capitalised``: the text's capitalised words, if already found.
        """
        mentions = []
        if capitalised is None:
            capitalised = list(_CAPITALISED.finditer(text))
        for match in capitalised:
            if key(match.group()) not in self.firsts:
                continue
            found = words(text, match.start(), match.start() + self.reach)
            for size in range(min(self.longest, len(found)), 0, -1):
                run = found[:size]
                if any(not part.attached for part in run[1:]):
                    continue
                what = self.names.get(" ".join(part.key for part in run))
                if what is not None:
                    mentions.append(Mention(match.start(), run[-1].end, what))
                    break
        return mentions


NOT_IDENTIFYING_NAMES = Names({key_of(name): "" for name in NOT_IDENTIFYING})


def _runs(found: list[Word], keep: list[bool]) -> set[str]:
    """Each word kept, and each run of kept words one name could span."""
    names = set()
    run: list[Word] = []
    for word, kept in zip(found, keep, strict=True):
        if run and (not kept or not word.attached):
            names.add(" ".join(w.key for w in run))
            run = []
        if kept:
            run.append(word)
            names.add(word.key)
    if run:
        names.add(" ".join(w.key for w in run))
    return names


def person_names(name: str) -> set[str]:
    """A person's name as written (``R. Okafor``, ``Jane Hollis``) and each name
    in it (``Okafor``); of ``Jane Hollis, hub lead (jane@example.org)``, the
    name only."""
    names = set()
    for part in re.split(r"[,;()/<>]|\s[-\u2013\u2014]\s|\S+@\S+", name):
        found = [word for word in words(part) if word.key not in TITLES]
        if found and all(word.capitalised for word in found):
            names |= {word.key for word in found if word.proper}
            names.add(" ".join(word.key for word in found))
    return names


def lowercase_words(text: str) -> set[str]:
    """The words ``text`` writes in lower case (``teachers``)."""
    return {key(word) for word in set(_LOWERCASE.findall(text))}


def proper_names(text: str, lowercase: set[str]) -> set[str]:
    """The names a passage gives (``Seaview``, ``Port Ellis``).

    Capitalised words that start no sentence, are no ordinary word and that
    the summary never writes in lower case ("Teachers" at the start of a list
    item is "teachers" elsewhere), alone and in runs.
    """
    names: set[str] = set()
    run: list[re.Match[str]] = []
    for match in _CAPITALISED.finditer(text):
        token = match.group()
        word = key(token)
        if not (
            is_proper(token, word)
            and word.lower() not in lowercase
            and not starts_sentence(text, match.start())
        ):
            continue
        names.add(word)
        gap = text[run[-1].end() : match.start()] if run else "\n\n"
        if gap.isspace() and gap.count("\n") < 2:
            run.append(match)
        else:
            run = [match]
        if len(run) > 1:
            names.add(" ".join(key(m.group()) for m in run))
    return names


def names_in(text: str, mentions: list[Mention]) -> set[str]:
    """The names in the people and schools ``text`` names, as :func:`patterns`
    found them (``Bramble Lane`` and ``Bramble`` in ``Bramble Lane Infants``,
    ``Okafor`` in ``Mrs Okafor``)."""
    names = set()
    for mention in mentions:
        if mention.what != EMAIL:
            found = words(text, mention.start, mention.end)
            names |= _runs(found, [word.proper for word in found])
    return names


def named(
    text: str, *known: Names, found: list[Mention] | None = None
) -> list[tuple[str, str]]:
    """What ``text`` names that can identify it: (the words, what they name).

    Each place is reported once, by the longest name found there; at the same
    words, a known name comes before a pattern's guess, and the first of
    ``known`` before the others. ``found``: the text's :func:`patterns`, if
    already found.
    """
    capitalised = list(_CAPITALISED.finditer(text))
    ranked = [
        (mention, rank)
        for rank, names in enumerate((NOT_IDENTIFYING_NAMES, *known))
        for mention in names.mentions(text, capitalised)
    ]
    patterned = patterns(text) if found is None else found
    ranked += [(mention, len(known) + 1) for mention in patterned]
    ranked.sort(key=lambda item: (item[0].start, -item[0].end, item[1]))
    result: list[tuple[str, str]] = []
    covered = -1
    for mention, _ in ranked:
        if mention.end <= covered:
            continue  # inside a longer name already reported (or a national body)
        covered = mention.end
        if mention.what:
            result.append((text[mention.start : mention.end], mention.what))
    return result
