"""What the evidence search indexes: one record per theme, section and appendix.

Every record links to its exact place (a theme's anchor, a section's anchor,
an appendix page or file) and carries the facets of its summary, named for
readers; a theme also has its own kind and tags. Records are built from the
summaries' records in the environment, so only the article text is indexed:
no navigation, no permalink symbols.
"""

from __future__ import annotations

import dataclasses as dc
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, cast

from ...domain.store import get_domain
from ...source.config import get_config
from ...source.facets import FACETS, in_order
from ...source.model import SECTION_TITLES
from ...source.wider_use import LABEL as WIDER_USE
from ...source.wider_use import facet_value as wider_use

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ...source.config import EvidenceConfig
    from ...source.model import Passage, SummaryRecord, Theme

SUMMARY_FACETS = tuple(
    FACETS[name] for name in ("year", "region", "strategic-goal", "hub")
)
"""The facets every record has from its summary, as the search page shows them."""
GOAL = FACETS["strategic-goal"]
SECTION = "Section"
"""The one filter that is not a facet: where in a summary a record is."""
KIND, TAG = FACETS["kind"].filter_name, FACETS["tags"].filter_name
FILTERS = (
    *(facet.filter_name for facet in SUMMARY_FACETS),
    SECTION,
    KIND,
    TAG,
    WIDER_USE,
)
"""The filters of the search page, in the order it shows them (named by the
facets' descriptions: ``Year``, ``Region``, ``Strategic goal`` ..., and
whether the hub permits wider use, ``Yes`` or ``No``)."""
NEWEST_FIRST = tuple(
    facet.filter_name
    for facet in (*SUMMARY_FACETS, FACETS["kind"], FACETS["tags"])
    if facet.newest_first
)
"""The filters whose values the search page lists newest first (``Year``)."""

INDEX_DIR, SITE_INDEX_DIR = "pagefind", "pagefind-site"
"""Where the evidence's index and the site pages' (:mod:`.site_pages`) are written
in the built site."""
FACET_TOTALS = PurePosixPath("evidence-facets.json")
"""Beside the evidence's index: how many records have each filter value (what
Pagefind's ``filters()`` gives), so the search page draws its facets without
reading Pagefind's filter files (:func:`facet_totals`)."""
OVERVIEW, THEME, APPENDIX = "Overview", "Theme", "Appendix"
SECTIONS = {
    "context": SECTION_TITLES["context"],
    "activity": SECTION_TITLES["activity"],
    "conclusion": SECTION_TITLES["conclusion"],
    "appendices": APPENDIX,
}
"""The ``Section`` facet's value for each prose section."""


@dc.dataclass(frozen=True)
class SearchRecord:
    """One result the search can return."""

    url: str
    """Relative to the site's root, with the anchor: ``hubs/.../index.html#x``."""
    title: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]

    def fields(self) -> dict[str, Any]:
        """The record as Pagefind's ``AddRecord`` takes it."""
        return {
            "url": self.url,
            "content": self.content,
            "language": "en",
            "meta": {"title": self.title, **self.meta},
            "filters": self.filters,
            "sort": None,
        }


def search_records(builder: Builder) -> list[SearchRecord]:
    """Every record of the site, summaries newest year first."""
    env = builder.env
    config = get_config(env)
    domain = get_domain(env)
    summaries = {
        record.docname: _Summary(record, builder, config)
        for record in in_order(domain.summaries.values())
    }
    records = [record for summary in summaries.values() for record in summary.records()]
    for docname, page in sorted(domain.appendix_pages.items()):
        if page.summary in summaries:
            url = builder.get_target_uri(docname)
            records.append(
                summaries[page.summary].record(url, page.title, page.text, APPENDIX)
            )
    return records


class _Summary:
    """The records of one summary."""

    def __init__(
        self, summary: SummaryRecord, builder: Builder, config: EvidenceConfig
    ) -> None:
        self.summary = summary
        self.builder = builder
        self.config = config
        self.page = builder.get_target_uri(summary.docname)
        self.filters = {
            **{
                facet.filter_name: list(facet.shown_values(summary, config))
                for facet in SUMMARY_FACETS
            },
            WIDER_USE: [wider_use(summary.front_matter)],
        }
        front = summary.front_matter
        self.meta = {
            "hub": ", ".join(FACETS["hub"].shown_values(summary, config)),
            "year": front.year,
            "goal": ", ".join(GOAL.shown_values(summary, config)),
        }

    def records(self) -> Iterator[SearchRecord]:
        """The overview, each theme, each prose section, each appendix file."""
        yield self._overview()
        for theme in self.summary.themes:
            yield self._theme(theme)
        for passage in self.summary.passages:
            yield self._passage(passage)
        yield from self._downloads()

    def record(
        self,
        url: str,
        title: str,
        content: str,
        section: str,
        *,
        theme: Theme | None = None,
    ) -> SearchRecord:
        """A record with the summary's facets; a theme's has its kind and tags."""
        meta = {**self.meta, "section": section}
        filters = {**self.filters, SECTION: [section]}
        tags = FACETS["tags"]
        if theme is None:
            values = self.summary.front_matter.tags
        else:
            kind = FACETS["kind"].label(theme.kind, self.config) if theme.kind else ""
            meta["kind"] = kind
            filters[KIND] = [kind] if kind else []
            values = theme.tags
        filters[TAG] = [tags.label(tag, self.config) for tag in values]
        return SearchRecord(url, title, content, meta, filters)

    def _overview(self) -> SearchRecord:
        front = self.summary.front_matter
        text = [
            self.summary.title,
            front.goal_statement,
            *front.research_questions,
            front.case,
            *front.evaluators,
            *self.topic_names(front.tags),
        ]
        return self.record(self.page, self.summary.title, _join(text), OVERVIEW)

    def _theme(self, theme: Theme) -> SearchRecord:
        return self.record(
            f"{self.page}#{theme.anchor}",
            theme.title,
            # The tags are the author's words for the topic, and a topic's
            # label and other names (synonyms) are the readers': findable too.
            _join(
                [
                    theme.title,
                    theme.finding,
                    theme.implication,
                    *(tag.replace("-", " ") for tag in theme.tags),
                    *self.topic_names(theme.tags),
                ]
            ),
            THEME,
            theme=theme,
        )

    def topic_names(self, tags: tuple[str, ...]) -> list[str]:
        """The labels and synonyms of the tags' topics (none without topics)."""
        topics = self.config.topic_vocabulary
        if topics is None:
            return []
        return list(dict.fromkeys(name for tag in tags for name in topics.names(tag)))

    def _passage(self, passage: Passage) -> SearchRecord:
        section = SECTIONS[passage.section]
        return self.record(
            f"{self.page}#{passage.anchor}",
            SECTION_TITLES[passage.section],
            passage.text,
            section,
        )

    def _downloads(self) -> Iterator[SearchRecord]:
        env = self.builder.env
        for download in self.summary.downloads:
            filename, _ = env.relfn2path(download.target, self.summary.docname)
            # Sphinx 9 keys the files by Path, earlier versions by str.
            files = cast("dict[Any, tuple[set[str], str]]", env.dlfiles)
            found = files.get(Path(filename)) or files.get(str(filename))
            if found:
                url = f"_downloads/{PurePosixPath(found[1])}"
                yield self.record(url, download.title, download.title, APPENDIX)


def _join(texts: list[str]) -> str:
    return " ".join(text for text in texts if text)


def facet_totals(records: Iterable[SearchRecord]) -> dict[PurePosixPath, bytes]:
    """:data:`FACET_TOTALS` for ``records``: each filter's values and how many
    records have each, as Pagefind counts them (a record once per value).

    Pagefind keeps a file per filter (134 KiB in all at 800 summaries) and
    reads them all to give these numbers; the search page needs them before
    anything is typed, and Pagefind's files only to count the results of a
    search, so it reads them after showing the first results.
    """
    totals: dict[str, Counter[str]] = {}
    for record in records:
        for name, values in record.filters.items():
            totals.setdefault(name, Counter()).update(set(values))
    text = json.dumps(
        {name: dict(sorted(counts.items())) for name, counts in totals.items()},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return {FACET_TOTALS: text.encode()}
