"""The facets findings are compared by: each described once, and queries over them.

A facet (strategic goal, region, year, hub, tag, kind, focus, method) says
which values a summary and each of its themes have. :data:`FACETS` is the one
description of each: its name in options, browse folders and addresses
(``strategic-goal``), its front-matter key (``strategic_goal``), its words
("strategic goal", "strategic goals", from its vocabulary's description), its
vocabulary (``strategic_goals``, whose terms a site sets in ``conf.py``),
whether a theme has its own values and whether it has browse pages. The
front-matter model, the view options, the search filters, the exports, the
guide's tables and ``evidence new`` all take these from here.

A :class:`Query` selects by facet values, AND across facets and OR within one,
with no code in it.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .vocabulary import VOCABULARIES, tag_slug

if TYPE_CHECKING:
    from .config import EvidenceConfig
    from .model import SummaryRecord, Theme


MAX_SLUG = 80
"""The longest browse page name."""


@dc.dataclass(frozen=True)
class Facet:
    """One way of slicing the evidence base."""

    name: str
    """The option name (``:region:``), the browse folder (``browse/region/``) and
    the ``evidence new`` option (``--region``)."""
    key: str | None = None
    """The front-matter key that holds a summary's values, if any."""
    vocabulary: str | None = None
    """The configured vocabulary its values come from, if any (a key of
    :data:`~.vocabulary.VOCABULARIES` and of ``config.vocabularies``)."""
    words: tuple[str, str] | None = None
    """One value and all values in words, for a facet without a vocabulary
    (a facet with one says it as its vocabulary does)."""
    values: str = ""
    """What its values are, for the guide, for a facet without a vocabulary."""
    of_summary: Callable[[SummaryRecord], Iterable[str]] | None = None
    """A summary's values; None for the values under its front-matter key."""
    of_theme: Callable[[SummaryRecord, Theme], Iterable[str]] | None = None
    """A theme's own values; None if a theme has its summary's values."""
    shown: Callable[[SummaryRecord], Iterable[str]] | None = None
    """A summary's values as readers see them, where they are not the values'
    labels (a hub is asked for by its folder too, but shown by its name)."""
    browse: bool = True
    """Whether each value has a browse page."""
    newest_first: bool = False
    """Whether its values are listed in reverse order (years, newest first)."""
    topics: bool = False
    """Whether its values are topics: labelled by the site's topics file
    (:mod:`.topics`), when it has one."""

    @property
    def noun(self) -> str:
        """One value, in words ("strategic goal")."""
        if self.vocabulary:
            return VOCABULARIES[self.vocabulary].noun
        assert self.words is not None, self.name
        return self.words[0]

    @property
    def plural(self) -> str:
        """All values, in words ("strategic goals")."""
        if self.vocabulary:
            return VOCABULARIES[self.vocabulary].plural
        assert self.words is not None, self.name
        return self.words[1]

    @property
    def title(self) -> str:
        """All values, as a page title ("Strategic goals")."""
        return _sentence(self.plural)

    @property
    def filter_name(self) -> str:
        """Its name in the evidence search's filters and address ("Strategic goal")."""
        return _sentence(self.noun)

    def summary_values(self, record: SummaryRecord) -> tuple[str, ...]:
        """The summary's values of this facet."""
        if self.of_summary is not None:
            return tuple(self.of_summary(record))
        assert self.key is not None, self.name
        value: str | tuple[str, ...] = getattr(record.front_matter, self.key)
        return (value,) if isinstance(value, str) else tuple(value)

    def theme_values(self, record: SummaryRecord, theme: Theme) -> tuple[str, ...]:
        """One theme's values (its summary's, unless the facet is the theme's own)."""
        if self.of_theme is None:
            return self.summary_values(record)
        return tuple(self.of_theme(record, theme))

    def shown_values(
        self, record: SummaryRecord, config: EvidenceConfig
    ) -> tuple[str, ...]:
        """The summary's values as readers see them (labels, in its order)."""
        if self.shown is not None:
            return tuple(self.shown(record))
        return tuple(self.label(v, config) for v in self.summary_values(record) if v)

    def label(self, value: str, config: EvidenceConfig) -> str:
        """How a value is shown to readers."""
        if self.vocabulary:
            return config.vocabularies[self.vocabulary].label(value)
        if self.topics and config.topic_vocabulary is not None:
            return config.topic_vocabulary.label(value)
        return value

    def group(self, value: str, config: EvidenceConfig) -> str:
        """The broader topic a value belongs to ("" for a facet without groups)."""
        if self.topics and config.topic_vocabulary is not None:
            return config.topic_vocabulary.group_label(value)
        return ""

    def slug(self, value: str) -> str:
        """The value's browse page name: ``North West`` -> ``north-west``.

        A very long value is cut, with a digest to keep it unique, so the file
        name stays within what file systems allow.
        """
        slug = tag_slug(value.replace("/", "-"))
        if len(slug) <= MAX_SLUG:
            return slug
        digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
        return f"{slug[: MAX_SLUG - 9].rstrip('-')}-{digest}"

    def docname(self, value: str, browse_dir: str) -> str:
        """The browse page of one value."""
        return f"{browse_dir}/{self.name}/{self.slug(value)}"


def _sentence(words: str) -> str:
    """``data-collection methods`` -> ``Data-collection methods`` (rest kept)."""
    return words[:1].upper() + words[1:]


def _all_tags(record: SummaryRecord) -> list[str]:
    tags = list(record.front_matter.tags)
    for theme in record.themes:
        tags.extend(theme.tags)
    return list(dict.fromkeys(tags))


FACETS: dict[str, Facet] = {
    facet.name: facet
    for facet in (
        Facet("strategic-goal", key="strategic_goal", vocabulary="strategic_goals"),
        Facet("region", key="region", vocabulary="regions"),
        Facet(
            "year",
            key="year",
            words=("year", "years"),
            values="academic years, like 2023/24",
            of_summary=lambda r: (r.front_matter.year,) if r.front_matter.year else (),
            newest_first=True,
        ),
        Facet("method", vocabulary="methods", of_summary=lambda r: r.methods),
        Facet(
            "tags",
            key="tags",
            words=("tag", "tags"),
            values="tags",
            of_summary=_all_tags,
            # A theme has its own tags only: the summary's describe the summary.
            of_theme=lambda r, t: t.tags,
            topics=True,
        ),
        Facet(
            "kind",
            vocabulary="theme_kinds",
            of_summary=lambda r: dict.fromkeys(t.kind for t in r.themes),
            of_theme=lambda r, t: (t.kind,),
            browse=False,
        ),
        Facet("focus", key="focus", vocabulary="focus_areas", browse=False),
        Facet(
            "hub",
            key="hub",
            words=("hub", "hubs"),
            values="hub folder names or hub names",
            # A hub is asked for by its folder name or its name, in any case.
            of_summary=lambda r: (r.slug.casefold(), r.front_matter.hub.casefold()),
            shown=lambda r: (r.front_matter.hub or r.title,),
            browse=False,
        ),
    )
}
"""Every facet, by option name; the browse pages come in this order."""

BY_KEY: dict[str, Facet] = {f.key: f for f in FACETS.values() if f.key}
"""The facets that are front-matter keys, by key (``strategic_goal``)."""


def vocabulary_of(key: str) -> str | None:
    """The vocabulary a front-matter key's values come from, if it is a facet's."""
    facet = BY_KEY.get(key)
    return facet.vocabulary if facet else None


@dc.dataclass(frozen=True)
class Query:
    """A declarative selection: ``((facet, (value, ...)), ...)``, AND across facets."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def matches_summary(self, record: SummaryRecord) -> bool:
        """Whether a summary has, for every facet asked, one of the values asked."""
        return all(
            set(FACETS[name].summary_values(record)) & set(values)
            for name, values in self.filters
        )

    def matches_theme(self, record: SummaryRecord, theme: Theme) -> bool:
        """Whether one theme matches (by its own values, or its summary's)."""
        return all(
            set(FACETS[name].theme_values(record, theme)) & set(values)
            for name, values in self.filters
        )


HUB_FOLDER = "hub"
"""The folder (under ``evidence_browse_dir``) of the hubs' timelines."""


def hub_names(records: Iterable[SummaryRecord]) -> dict[str, str]:
    """Each hub with a timeline (folder name: the hub's newest name), by name."""
    hubs: dict[str, str] = {}
    for record in reversed(in_order(records)):  # the newest name of each hub wins
        if tag_slug(record.slug) == record.slug:  # others are warned about
            hubs[record.slug] = record.front_matter.hub or record.title
    return dict(sorted(hubs.items(), key=lambda item: item[1].casefold()))


def in_order(records: Iterable[SummaryRecord]) -> list[SummaryRecord]:
    """Newest year first, then by hub name: the order every listing uses."""
    by_name = sorted(records, key=lambda r: (r.front_matter.hub.casefold(), r.docname))
    return sorted(by_name, key=lambda r: r.front_matter.year, reverse=True)
