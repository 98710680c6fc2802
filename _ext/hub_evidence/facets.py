"""The facets findings are compared by, and declarative queries over them.

A facet (strategic goal, region, year, hub, tag, kind, focus, method) says
which values a summary and each of its themes have. A :class:`Query` selects
by facet values, AND across facets and OR within one, with no code in it.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .vocabulary import tag_slug

if TYPE_CHECKING:
    from .config import EvidenceConfig
    from .model import SummaryRecord, Theme


MAX_SLUG = 80
"""The longest browse page name."""


@dc.dataclass(frozen=True)
class Facet:
    """One way of slicing the evidence base."""

    name: str
    """The option name (``:region:``) and the browse folder (``browse/region/``)."""
    noun: str
    """One value, in words ("region")."""
    title: str
    """All values, as a page title ("Regions")."""
    vocabulary: str | None
    """The configured vocabulary its values come from, if any."""
    of_summary: Callable[[SummaryRecord], Iterable[str]]
    of_theme: Callable[[SummaryRecord, Theme], Iterable[str]] | None = None
    """A theme's own values; None if a theme has its summary's values."""
    browse: bool = True
    """Whether each value has a browse page."""

    def summary_values(self, record: SummaryRecord) -> tuple[str, ...]:
        """The summary's values of this facet."""
        return tuple(self.of_summary(record))

    def theme_values(self, record: SummaryRecord, theme: Theme) -> tuple[str, ...]:
        """One theme's values (its summary's, unless the facet is the theme's own)."""
        if self.of_theme is None:
            return self.summary_values(record)
        return tuple(self.of_theme(record, theme))

    def label(self, value: str, config: EvidenceConfig) -> str:
        """How a value is shown to readers."""
        if self.vocabulary:
            return config.vocabularies[self.vocabulary].label(value)
        return value

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


def _all_tags(record: SummaryRecord) -> list[str]:
    tags = list(record.front_matter.tags)
    for theme in record.themes:
        tags.extend(theme.tags)
    return list(dict.fromkeys(tags))


FACETS: dict[str, Facet] = {
    facet.name: facet
    for facet in (
        Facet(
            "strategic-goal",
            "strategic goal",
            "Strategic goals",
            "strategic_goals",
            lambda r: r.front_matter.strategic_goal,
        ),
        Facet(
            "region", "region", "Regions", "regions", lambda r: r.front_matter.region
        ),
        Facet(
            "year",
            "year",
            "Years",
            None,
            lambda r: (r.front_matter.year,) if r.front_matter.year else (),
        ),
        Facet(
            "method",
            "data-collection method",
            "Data-collection methods",
            "methods",
            lambda r: r.methods,
        ),
        Facet(
            "tags",
            "tag",
            "Tags",
            None,
            _all_tags,
            # A theme has its own tags only: the summary's describe the summary.
            lambda r, t: t.tags,
        ),
        Facet(
            "kind",
            "kind of theme",
            "Kinds of theme",
            "theme_kinds",
            lambda r: dict.fromkeys(t.kind for t in r.themes),
            lambda r, t: (t.kind,),
            browse=False,
        ),
        Facet(
            "focus",
            "focus area",
            "Focus areas",
            "focus_areas",
            lambda r: r.front_matter.focus,
            browse=False,
        ),
        Facet(
            "hub",
            "hub",
            "Hubs",
            None,
            # A hub is asked for by its folder name or its name, in any case.
            lambda r: (r.slug.casefold(), r.front_matter.hub.casefold()),
            browse=False,
        ),
    )
}
"""Every facet, by option name; the browse pages come in this order."""


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
