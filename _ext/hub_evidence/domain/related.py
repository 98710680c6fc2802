"""Related findings: for each theme, the findings of other hubs that bear on it.

Made from the records alone (pure functions, no Sphinx), so the same records
always give the same lists, whichever process or order read them.

**The score** of a finding *B* for a theme *A* (both themes of the site's
summaries; *B* of kind ``finding``, from another hub) is

    score(A, B) = sum of idf(t) over the topics t that A and B share
                  + WORD_WEIGHT x cosine(A, B)

- ``idf(t) = log(N / n_t)``: N is the number of themes on the site and n_t the
  number tagged with topic t, so a rare topic counts for more than one that
  half the site uses (a topic on every theme counts for nothing).
- ``cosine(A, B)`` compares the themes' words (title and finding text): words
  in lower case, stop words and words shorter than three letters left out,
  each word weighted by ``(1 + log(count in the theme)) x idf(word)``, with
  ``idf(word) = log(N / themes using it)``; 1 for the same words in the same
  proportions, 0 for no word in common. Only *telling* words count: those in
  at least two themes (a word in one theme matches nothing), in fewer than all
  of them, and in no more than ``max(COMMON_WORDS_AT_LEAST, COMMON_WORDS_SHARE
  x N)`` themes (a word used almost everywhere says little about what a theme
  is about); and of those, each theme's ``TELLING_WORDS`` weighing most (its
  vector is those, scaled to length 1).
- A finding is shown only if its score is at least ``MIN_SCORE``; at most
  ``LIMIT`` are shown, highest score first; equal scores are ordered by year
  (newest first), then hub name, then the theme's anchor. Why it is shown: the
  topics shared (rarest first) and up to ``SHOWN_WORDS`` shared words (those
  adding most to the cosine).

**Candidates** are found through inverted indexes (word -> findings, set of
topics -> findings): a finding sharing neither a topic nor a telling word with
a theme is never looked at, so the cost grows with how much themes share, not
with the square of the site. Findings with the same topics score the same on
topics, so a finding with no telling word in common is taken from its topic
set's list, kept in tie-break order, without being compared word by word.

Each theme's words are counted once, when its summary is read
(:func:`theme_words`, kept in the domain); the ranking runs once per build
after reading, in the main process. ``python -m tests.bench.related`` times it.
"""

from __future__ import annotations

import dataclasses as dc
import heapq
import math
import re
from collections import Counter, defaultdict
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ..source.model import SummaryRecord, Theme

LIMIT = 5
"""At most this many related findings under a theme."""
MIN_SCORE = 1.0
"""Below this score a finding is not related enough to show."""
WORD_WEIGHT = 4.0
"""How much the words' similarity (0 to 1) counts against a shared topic's idf."""
COMMON_WORDS_SHARE = 0.05
COMMON_WORDS_AT_LEAST = 10
"""A word in more themes than max(10, 5% of them) is not a telling word."""
TELLING_WORDS = 6
"""A theme's words are its six most telling (highest weight) ones."""
SHOWN_WORDS = 3
"""How many of the shared words are named as the reason ("similar words")."""
FINDING = "finding"

_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_STOP_WORDS = """
    a about above across after again against all almost also although always am
    among an and another any are around as at be because been before being
    below between both but by can could did do does doing done down during each
    either else even ever every few for from further had has have having he her
    here hers him his how however i if in into is it its itself just least less
    like made make many may me might more most much must my neither no nor not
    now of off often on once one only or other others our ours out over own per
    rather same several she should since so some still such than that the their
    theirs them then there these they this those though through throughout thus
    to too towards under until up upon us very via was we well were what when
    where whether which while who whom whose why will with within without would
    yet you your
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
"""Words that say nothing about what a finding is about."""


class RelatedFinding(NamedTuple):
    """A finding of another hub shown under a theme, and why (a named tuple:
    thousands are made in a build, and kept in the domain)."""

    docname: str
    """The summary holding the finding."""
    anchor: str
    hub: str
    year: str
    title: str
    topics: tuple[str, ...]
    """The topics (keys) the two themes share, rarest first."""
    words: tuple[str, ...]
    """The shared words that weigh most in their similarity."""
    score: float


ThemeWords = dict[str, int]
"""A theme's words, each with how many times it is used."""


@dc.dataclass(slots=True)
class _Theme:
    """A theme as the score sees it (made once per build, never changed)."""

    docname: str
    anchor: str
    slug: str
    hub: str
    year: str
    title: str
    finding: bool
    topics: frozenset[str]
    weights: dict[str, float]
    """Its telling words' weights, the vector of unit length."""


def _tie_break_order(themes: list[_Theme]) -> list[int]:
    """The themes (indexes) in tie-break order: year newest first, then hub
    name, then anchor (and the summary, should a hub have two in a year).
    Python's sort is stable, also in reverse, so the second sort keeps the
    first's order among themes of the same year."""
    order = sorted(
        range(len(themes)),
        key=lambda i: (themes[i].hub.casefold(), themes[i].anchor, themes[i].docname),
    )
    return sorted(order, key=lambda i: themes[i].year, reverse=True)


def words_of(text: str) -> list[str]:
    """The words of ``text`` that count: lower case, no stop word, three letters
    or more."""
    return [word for word in _WORD.findall(text.casefold()) if word not in STOP_WORDS]


class _Indexes:
    """The inverted indexes of the site's findings, built once.

    A set of topics is held as an integer, one bit per topic, so that the
    topics two themes share is one ``&`` and its score one look-up.
    """

    def __init__(self, themes: list[_Theme]) -> None:
        self.themes = themes
        self.topic_idf = _idf(len(themes), (t.topics for t in themes))
        self.bit = {t: 1 << i for i, t in enumerate(sorted(self.topic_idf))}
        self.masks = [self.mask(t.topics) for t in themes]
        self.slugs = [t.slug for t in themes]
        self.at = _tie_break_order(themes)
        """The themes in tie-break order."""
        self.ranks = [0] * len(themes)
        """Each theme's place in that order (an integer compares fastest)."""
        for rank, i in enumerate(self.at):
            self.ranks[i] = rank
        self.scores: dict[int, float] = {}
        self.names: dict[int, tuple[str, ...]] = {}
        self.by_word: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        by_topics: defaultdict[int, list[int]] = defaultdict(list)
        for i, theme in enumerate(themes):
            if theme.finding:
                for word, weight in theme.weights.items():
                    self.by_word[word].append((i, weight))
                if theme.topics:
                    by_topics[self.masks[i]].append(self.ranks[i])
        self.by_topics = {mask: sorted(found) for mask, found in by_topics.items()}
        """The findings with each set of topics, in tie-break order (ranks)."""
        self.levels: dict[int, list[tuple[float, list[int]]]] = {}
        """For a theme's topics: the findings sharing some, by score, best first."""

    def mask(self, topics: Iterable[str]) -> int:
        """The topics as bits."""
        mask = 0
        for topic in topics:
            mask |= self.bit[topic]
        return mask

    def named(self, shared: int) -> tuple[str, ...]:
        """The topics (keys) of ``shared``, rarest first (then by key)."""
        topics = self.names.get(shared)
        if topics is None:
            idf = self.topic_idf
            topics = self.names[shared] = tuple(
                sorted(
                    (t for t in idf if self.bit[t] & shared), key=lambda t: (-idf[t], t)
                )
            )
        return topics

    def topic_score(self, shared: int) -> float:
        """The shared topics' idf, added up in one order (the same sum each time)."""
        score = self.scores.get(shared)
        if score is None:
            score = self.scores[shared] = sum(
                idf for t, idf in sorted(self.topic_idf.items()) if self.bit[t] & shared
            )
        return score

    def best(self, i: int) -> list[tuple[float, int, int]]:
        """The findings related to theme ``i``: (-score, rank, index), best first."""
        similar: dict[int, float] = {}
        get = similar.get
        for word, weight in self.themes[i].weights.items():
            for other, other_weight in self.by_word[word]:
                similar[other] = get(other, 0.0) + weight * other_weight
        scored = self._by_words(i, similar)
        scored.extend(self._by_topics_only(i, similar))
        return heapq.nsmallest(LIMIT, scored)

    def _by_words(
        self, i: int, similar: dict[int, float]
    ) -> list[tuple[float, int, int]]:
        """The findings sharing telling words with theme ``i`` (their cosines
        in ``similar``) that score enough."""
        masks, slugs, ranks, scores = self.masks, self.slugs, self.ranks, self.scores
        mask, slug = masks[i], slugs[i]
        # Most share no topic: then the words alone must reach the minimum.
        least = MIN_SCORE / WORD_WEIGHT
        scored = []
        for other, cosine in similar.items():
            shared = mask & masks[other]
            if shared:
                topics = scores.get(shared)
                if topics is None:
                    topics = self.topic_score(shared)
                score = topics + WORD_WEIGHT * cosine
                if score < MIN_SCORE:
                    continue
            elif cosine < least:
                continue
            else:
                score = WORD_WEIGHT * cosine
            if slugs[other] != slug:
                scored.append((-score, ranks[other], other))
        return scored

    def _by_topics_only(
        self, i: int, similar: dict[int, float]
    ) -> list[tuple[float, int, int]]:
        """The best findings sharing topics but no telling word with theme ``i``:
        of each score, best first, the first in tie-break order (:meth:`_levels`),
        until there are enough."""
        slugs, at, slug = self.slugs, self.at, self.slugs[i]
        found: list[tuple[float, int, int]] = []
        for score, alike in self._levels(self.masks[i]):
            for rank in alike:
                other = at[rank]
                if other not in similar and slugs[other] != slug:
                    found.append((-score, rank, other))
                    if len(found) >= LIMIT:
                        return found
        return found

    def _levels(self, mask: int) -> list[tuple[float, list[int]]]:
        """The findings sharing topics with ``mask``, by score, in tie-break order.

        Findings sharing topics but no telling word with a theme score what
        their topics score: so for each score (best first, from ``MIN_SCORE``)
        the findings scoring it, merged in tie-break order, are all that is
        needed to take the best of them. The same for every theme with the
        same topics, so made once for them.
        """
        levels = self.levels.get(mask)
        if levels is None:
            by_score: defaultdict[float, list[list[int]]]
            by_score = defaultdict(list)
            for topics, found in self.by_topics.items():
                if topics & mask:
                    by_score[round(self.topic_score(topics & mask), 9)].append(found)
            levels = self.levels[mask] = [
                (score, sorted(chain.from_iterable(by_score[score])))
                for score in sorted(by_score, reverse=True)
                if score >= MIN_SCORE
            ]
        return levels


def related_findings(
    records: Iterable[SummaryRecord],
    words: Mapping[str, Mapping[str, ThemeWords]] | None = None,
) -> dict[str, dict[str, tuple[RelatedFinding, ...]]]:
    """For each summary (docname) and each of its themes (anchor) that has any,
    the related findings of other hubs, best first (module docstring).

    ``words``: each summary's :func:`theme_words`, if already known (the
    domain keeps them from reading); those not given are made here.
    """
    indexes = _Indexes(_themes(sorted(records, key=lambda r: r.docname), words or {}))
    related: dict[str, dict[str, tuple[RelatedFinding, ...]]] = {}
    for i, theme in enumerate(indexes.themes):
        shown = tuple(
            _shown(indexes, i, other, -score) for score, _, other in indexes.best(i)
        )
        if shown:
            related.setdefault(theme.docname, {})[theme.anchor] = shown
    return related


def theme_words(record: SummaryRecord) -> dict[str, ThemeWords]:
    """Each theme's words (title and finding) counted, by anchor.

    Made once per summary as it is read, so that a build ranks related
    findings without reading every theme's text again.
    """
    return {
        theme.anchor: dict(Counter(words_of(f"{theme.title}\n{theme.finding}")))
        for theme in record.themes
    }


def _themes(
    records: list[SummaryRecord], known: Mapping[str, Mapping[str, ThemeWords]]
) -> list[_Theme]:
    """Every theme of the records, with its telling words weighted."""
    flat: list[tuple[SummaryRecord, Theme, Mapping[str, int]]] = []
    for record in records:
        by_anchor = known.get(record.docname)
        if by_anchor is None:
            by_anchor = theme_words(record)
        flat.extend(
            (record, theme, by_anchor.get(theme.anchor, {})) for theme in record.themes
        )
    total = len(flat)
    used = Counter(chain.from_iterable(counted for _, _, counted in flat))
    most = max(COMMON_WORDS_AT_LEAST, COMMON_WORDS_SHARE * total)
    # A word in every theme (idf 0) tells nothing either, as on a site of two.
    idf = {
        w: math.log(total / n) for w, n in used.items() if 2 <= n <= most and n < total
    }
    # How much a word used n times in a theme counts: 1 + log(n).
    most_used = max((n for _, _, words in flat for n in words.values()), default=1)
    tf = [0.0, *(1 + math.log(n) for n in range(1, most_used + 1))]
    themes = []
    for record, theme, words in flat:
        weighted = [(idf[w] * tf[n], w) for w, n in words.items() if w in idf]
        kept = sorted(weighted, reverse=True)[:TELLING_WORDS]
        norm = math.sqrt(sum(weight * weight for weight, _ in kept))
        summary = record.front_matter
        hub = summary.hub or record.title
        themes.append(
            _Theme(
                docname=record.docname,
                anchor=theme.anchor,
                slug=record.slug,
                hub=hub,
                year=summary.year,
                title=theme.title,
                finding=theme.kind == FINDING,
                topics=frozenset(theme.tags),
                weights={w: weight / norm for weight, w in kept},
            )
        )
    return themes


def _idf(total: int, sets: Iterable[Iterable[str]]) -> dict[str, float]:
    """``log(total / how many of the sets hold it)``, for everything in them."""
    return {
        item: math.log(total / n)
        for item, n in Counter(chain.from_iterable(sets)).items()
    }


def _shown(indexes: _Indexes, i: int, other: int, score: float) -> RelatedFinding:
    """What the page shows of theme ``other`` under theme ``i``, with why."""
    theme, found = indexes.themes[i], indexes.themes[other]
    shared = theme.weights.keys() & found.weights.keys()
    words: tuple[str, ...] = ()
    if shared:
        mine, theirs = theme.weights, found.weights
        ranked = sorted((-mine[w] * theirs[w], w) for w in shared)
        words = tuple(w for _, w in ranked[:SHOWN_WORDS])
    return RelatedFinding(
        found.docname,
        found.anchor,
        found.hub,
        found.year,
        found.title,
        indexes.named(indexes.masks[i] & indexes.masks[other]),
        words,
        round(score, 6),
    )
