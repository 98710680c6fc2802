"""Directives that place a cross-hub view on a page.

``findings``, ``hub-catalogue``, ``hub-timeline``, ``evidence-chart``,
``facet-index``, ``recently-changed`` and ``gap-map`` select summaries and themes with
declarative options, one per facet (``:region: North West, London`` means
either region; several options must all match), and leave a placeholder filled
in when the page is written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from ..facets import FACETS, Query
from ..model import YEAR_PATTERN
from ..nodes import aggregate
from ..viewspec import ViewSpec
from ..vocabulary import split_list, suggest
from ..warnings_ import EvidenceWarning
from .common import EvidenceDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FILTER_OPTIONS = {
    name: f"only evidence with one of these {facet.noun} values, comma-separated"
    for name, facet in FACETS.items()
}
GROUPS = ("hub", *(name for name in FACETS if name != "hub"))


class ViewDirective(EvidenceDirective):
    """Base: parse the filter options into a :class:`~.facets.Query`."""

    has_content = False
    view: ClassVar[str]
    extra_options: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.known_options = {**cls.extra_options, **FILTER_OPTIONS}

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        query = Query(
            tuple(
                (name, values)
                for name in FACETS
                if name in options
                and (values := self.filter_values(name, options[name]))
            )
        )
        node = aggregate()
        self.set_source_info(node)
        node["spec"] = self.spec(query, options)
        return [node]

    def spec(self, query: Query, options: dict[str, str]) -> ViewSpec:
        """The view's spec (subclasses read their own options)."""
        return ViewSpec(self.view, query)

    def filter_values(self, name: str, text: str) -> tuple[str, ...]:
        """An option's values, in the form the records hold them."""
        facet = FACETS[name]
        if facet.vocabulary:
            return self.terms(name, text, self.vocabulary(facet.vocabulary))
        if name == "tags":
            return self.topic_tags(self.tags(name, text), name)
        if name == "hub":
            return tuple(value.casefold() for value in split_list(text))
        years = []
        for value in split_list(text):
            year = value.replace("-", "/")
            if YEAR_PATTERN.match(year):
                years.append(year)
            else:
                self.report(
                    EvidenceWarning.OPTION_VALUE,
                    f"`{value}` in `:year:` is not an academic year; write it like "
                    "`2023/24`.",
                    self.option_line(name),
                )
        return tuple(years)

    def choice(self, name: str, value: str, allowed: tuple[str, ...]) -> str | None:
        """One of ``allowed``, or None with a warning."""
        if value in allowed:
            return value
        near = suggest(value, allowed)
        hint = f" Did you mean `{near}`?" if near else ""
        self.report(
            EvidenceWarning.OPTION_VALUE,
            f"`:{name}: {value}` is not possible.{hint} Use one of "
            + ", ".join(f"`{a}`" for a in allowed)
            + ".",
            self.option_line(name),
        )
        return None

    def newest(self, options: dict[str, str], things: str, otherwise: str) -> int:
        """``:newest:``, a whole number of ``things`` above 0; 0 (not given, or
        with a warning that ends saying what is shown ``otherwise``)."""
        text = options.get("newest")
        if text is None:
            return 0
        if re.fullmatch(r"[0-9]+", text) and int(text) > 0:
            return int(text)
        self.report(
            EvidenceWarning.OPTION_VALUE,
            f"`:newest: {text}` is not a number of {things}; write a whole "
            f"number such as `:newest: 3`. {otherwise}",
            self.option_line("newest"),
        )
        return 0

    def required(self, name: str, options: dict[str, str]) -> str | None:
        """A required option's value, or None with a warning."""
        if options.get(name):
            return options[name]
        self.report(
            EvidenceWarning.OPTION_VALUE,
            f"`{self.name}` needs a `:{name}:` option.",
        )
        return None


class FindingsDirective(ViewDirective):
    """A table of the themes across hubs, with implication, hub, year and kind."""

    view = "findings"
    extra_options: ClassVar[dict[str, str]] = {
        "group-by": "one table per " + ", ".join(GROUPS),
        "anonymise": "show only the themes that may be used anonymised, without "
        "their hub",
        "titles-only": "show each theme's title, not its text and implication",
    }

    def spec(self, query: Query, options: dict[str, str]) -> ViewSpec:
        anonymise = "anonymise" in options
        group_by = None
        if "group-by" in options:
            group_by = self.choice("group-by", options["group-by"], GROUPS)
        if anonymise and group_by == "hub":
            self.report(
                EvidenceWarning.OPTION_VALUE,
                "An anonymised table cannot be grouped by hub; it is not grouped.",
                self.option_line("group-by"),
            )
            group_by = None
        return ViewSpec(
            self.view,
            query,
            group_by=group_by,
            anonymise=anonymise,
            brief="titles-only" in options,
        )


class CatalogueDirective(ViewDirective):
    """Cards for the summaries selected: hub, year, region, goal, question, themes."""

    view = "catalogue"
    extra_options: ClassVar[dict[str, str]] = {
        "newest": "show only this many summaries, the newest (a whole number)"
    }

    def spec(self, query: Query, options: dict[str, str]) -> ViewSpec:
        newest = self.newest(options, "summaries", "Every summary is shown.")
        return ViewSpec(self.view, query, newest=newest)


class TimelineDirective(ViewDirective):
    """One hub's summaries across the years, side by side (needs ``:hub:``)."""

    view = "timeline"

    def spec(self, query: Query, options: dict[str, str]) -> ViewSpec:
        self.required("hub", options)
        return ViewSpec(self.view, query)


class CountsDirective(ViewDirective):
    """Base of the two count views, which count by one facet."""

    facet_option: ClassVar[str]
    facets: ClassVar[tuple[str, ...]] = tuple(name for name in FACETS if name != "hub")

    def spec(self, query: Query, options: dict[str, str]) -> ViewSpec:
        value = self.required(self.facet_option, options)
        facet = self.choice(self.facet_option, value, self.facets) if value else None
        key = re.sub(r"\W+", "-", f"{facet}-{self.env.new_serialno('evidence-view')}")
        return ViewSpec(self.view, query, facet=facet or "strategic-goal", key=key)


class ChartDirective(CountsDirective):
    """A bar chart of summaries and themes per value of a facet, and its table."""

    view = "chart"
    facet_option = "by"
    extra_options: ClassVar[dict[str, str]] = {"by": "the facet to count by"}


class FacetIndexDirective(CountsDirective):
    """A table of a facet's values, each linked to its browse page, with counts.

    ``:facet: hub`` lists the hubs, each linked to its timeline.
    """

    view = "facet-index"
    facet_option = "facet"
    facets: ClassVar[tuple[str, ...]] = (*CountsDirective.facets, "hub")
    extra_options: ClassVar[dict[str, str]] = {
        "facet": "the facet to list (`hub`: the hubs, each linked to its timeline)"
    }


class RecentDirective(ViewDirective):
    """The newest changes to the summaries, as "What's new" lists them."""

    view = "recent"
    extra_options: ClassVar[dict[str, str]] = {
        "newest": "show this many of the latest changes (a whole number; 3 if not "
        "given)"
    }

    def spec(self, query: Query, options: dict[str, str]) -> ViewSpec:
        newest = self.newest(options, "changes", "The newest 3 are shown.")
        return ViewSpec(self.view, query, newest=newest)


class GapMapDirective(ViewDirective):
    """The evidence gap map: findings by strategic goal and topic group."""

    view = "gap-map"


class SynthesisIndexDirective(ViewDirective):
    """A list of the synthesis pages, with the themes and hubs behind each.

    Each strategic goal's page and each topic's, then each goal's anonymised
    form (:mod:`...output.synthesis`).
    """

    view = "synthesis-index"


VIEW_DIRECTIVES: dict[str, type[ViewDirective]] = {
    "findings": FindingsDirective,
    "hub-catalogue": CatalogueDirective,
    "hub-timeline": TimelineDirective,
    "evidence-chart": ChartDirective,
    "facet-index": FacetIndexDirective,
    "recently-changed": RecentDirective,
    "gap-map": GapMapDirective,
    "synthesis-index": SynthesisIndexDirective,
}


def setup_views(app: Sphinx) -> None:
    """Register the cross-hub view directives."""
    for name, directive in VIEW_DIRECTIVES.items():
        app.add_directive(name, directive)
