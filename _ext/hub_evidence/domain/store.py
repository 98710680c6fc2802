"""The records of every summary, kept in the build environment.

Like ``sphinx.ext.todo``, records are stored per document, dropped when the
document is re-read (``clear_doc``) and merged from parallel readers
(``merge_domaindata``), so cross-hub views never see a stale or missing one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.domains import Domain
from sphinx.util import docname_join
from sphinx.util.nodes import make_refnode

from ..source.config import get_config
from ..source.content_only.refused import REFUSED_KEY
from ..source.model import AppendixPage, appendix_summary
from ..source.nodes import aggregate
from ..source.summary.record import RECORD_KEY
from ..source.warnings_ import EvidenceWarning, warn
from ..state import build_state
from .related import theme_words

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.nodes import Element
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..source.model import SummaryRecord
    from ..source.viewspec import ViewSpec
    from .related import RelatedFinding, ThemeWords


class Fingerprint(NamedTuple):
    """What a page's views showed when it was last written."""

    digest: str
    depends: frozenset[str]
    """The summaries (docnames) its views selected."""


class EvidenceDomain(Domain):
    """Per docname: each summary's record, and the cross-hub views on each page."""

    name = "evidence"
    label = "Evidence base"
    initial_data: ClassVar[dict[str, Any]] = {
        "summaries": {},
        "views": {},
        "fingerprints": {},
        "changed": set(),
        "appendix_pages": {},
        "frames": {},
        "links": {},
        "refused": {},
        "catalogue": None,
        "topics": None,
        "theme_words": {},
        "related": None,
    }
    data_version = 11
    dangling_warnings: ClassVar[dict[str, str]] = {
        "browse": "the site links to the browse page `%(target)s`, which it does "
        "not make: please report this to the site's maintainers",
    }

    @property
    def summaries(self) -> dict[str, SummaryRecord]:
        """Records by docname."""
        summaries: dict[str, SummaryRecord] = self.data["summaries"]
        return summaries

    @property
    def refused(self) -> dict[str, bool]:
        """The pages something of which was left out as not content
        (:mod:`..source.content_only.refused`)."""
        refused: dict[str, bool] = self.data["refused"]
        return refused

    @property
    def views(self) -> dict[str, tuple[ViewSpec, ...]]:
        """The cross-hub views on each page that has any."""
        views: dict[str, tuple[ViewSpec, ...]] = self.data["views"]
        return views

    @property
    def appendix_pages(self) -> dict[str, AppendixPage]:
        """The pages beside a summary in its folder, for search."""
        pages: dict[str, AppendixPage] = self.data["appendix_pages"]
        return pages

    @property
    def fingerprints(self) -> dict[str, Fingerprint]:
        """What each page's views showed when it was last written (views.update)."""
        fingerprints: dict[str, Fingerprint] = self.data["fingerprints"]
        return fingerprints

    @property
    def frames(self) -> dict[str, str]:
        """The digest of each page's frame when last written (:mod:`..output.frame`)."""
        frames: dict[str, str] = self.data["frames"]
        return frames

    @property
    def links(self) -> dict[str, tuple[str, ...]]:
        """The pages each page links to (their titles: :mod:`..output.frame`)."""
        links: dict[str, tuple[str, ...]] = self.data["links"]
        return links

    @property
    def catalogue(self) -> frozenset[str] | None:
        """The hubs whose names the last re-identification check looked for
        (:mod:`.reidentify`; None before the first check)."""
        hubs: frozenset[str] | None = self.data["catalogue"]
        return hubs

    @catalogue.setter
    def catalogue(self, hubs: frozenset[str]) -> None:
        self.data["catalogue"] = hubs

    @property
    def topics(self) -> str | None:
        """A digest of the topics the summaries were last read with (None before
        the first build)."""
        topics: str | None = self.data.get("topics")
        return topics

    @topics.setter
    def topics(self, digest: str) -> None:
        self.data["topics"] = digest

    @property
    def theme_words(self) -> dict[str, dict[str, ThemeWords]]:
        """Each summary's themes' words, counted when read (:mod:`.related`)."""
        words: dict[str, dict[str, ThemeWords]] = self.data["theme_words"]
        return words

    @property
    def related(self) -> dict[str, dict[str, tuple[RelatedFinding, ...]]] | None:
        """The related findings each summary's page showed when last written, by
        theme anchor (:mod:`..output.related`; None before the first build)."""
        related: dict[str, dict[str, tuple[RelatedFinding, ...]]] | None
        related = self.data.get("related")
        return related

    @related.setter
    def related(self, shown: dict[str, dict[str, tuple[RelatedFinding, ...]]]) -> None:
        self.data["related"] = shown

    @property
    def changed(self) -> set[str]:
        """Documents read again or removed since the views were last checked."""
        changed: set[str] = self.data["changed"]
        return changed

    def process_doc(
        self, env: BuildEnvironment, docname: str, document: nodes.document
    ) -> None:
        record: SummaryRecord | None = env.current_document.get(RECORD_KEY)
        if record is not None:
            self.summaries[docname] = record
            self.theme_words[docname] = theme_words(record)
        if env.current_document.get(REFUSED_KEY):
            self.refused[docname] = True
        specs = tuple(node["spec"] for node in document.findall(aggregate))
        if specs:
            self.views[docname] = specs
        targets = sorted(
            {_link_target(node) for node in document.findall(pending_xref)}
        )
        if targets and targets[0] == "":
            targets.pop(0)
        if targets:
            self.links[docname] = tuple(targets)
        summary = appendix_summary(docname, get_config(env).hubs_dir)
        if summary is not None:
            title = next(document.findall(nodes.title), None)
            self.appendix_pages[docname] = AppendixPage(
                summary,
                title.astext() if title else docname.rpartition("/")[2],
                " ".join(document.astext().split()),
            )

    def clear_doc(self, docname: str) -> None:
        for data in (
            self.summaries,
            self.views,
            self.fingerprints,
            self.appendix_pages,
            self.links,
            self.refused,
            self.theme_words,
        ):
            data.pop(docname, None)
        self.changed.add(docname)

    def resolve_xref(  # noqa: PLR0917  (Sphinx's signature)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """A link to a browse page (``browse``): made from the records, not a
        document. A page that does not exist is left to Sphinx's warning."""
        if typ != "browse":
            return None
        # The browse pages are made from this domain's records after reading.
        if target not in (build_state(env).browse_pages or {}) and (
            target not in env.found_docs
        ):
            return None
        return make_refnode(builder, fromdocname, target, "", contnode)

    def resolve_any_xref(  # noqa: PLR0917  (Sphinx's signature)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.changed.update(docnames)
        for docname in docnames:
            for key in (
                "summaries",
                "views",
                "appendix_pages",
                "links",
                "refused",
                "theme_words",
            ):
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]


def _link_target(node: pending_xref) -> str:
    """The page a link to a page points to ("" for other references)."""
    if node.get("refdomain") == "doc":  # MyST's links to pages
        return str(node["reftarget"])
    if node.get("reftype") == "doc":  # {doc}`...`
        target = docname_join(node.get("refdoc", ""), node["reftarget"])
        return target.removesuffix(".md")
    return ""


def note_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: Set[str],
    changed: Set[str],
    removed: Set[str],
) -> list[str]:
    """At ``env-get-outdated``: whether this build reads or removes any document,
    and the summaries to read again because the topics file changed."""
    again = _outdated_by_topics(env, added | changed | removed)
    build_state(app).documents_changed = bool(added or changed or removed or again)
    return again


def _outdated_by_topics(env: BuildEnvironment, reading: Set[str]) -> list[str]:
    """Every summary not read anyway, if the topics changed since it was read.

    A summary's page shows its tags' labels, and its warnings (and those of a
    view's ``:tags:``) depend on the topics, so an edit of the topics file (or
    adding or removing it) reads those pages again; what views and browse pages
    show follows from the records and the settings, which hold the topics.
    """
    domain = get_domain(env)
    digest = hashlib.sha256(repr(get_config(env).topic_vocabulary).encode()).hexdigest()
    if domain.topics == digest:
        return []
    known = domain.topics
    domain.topics = digest
    if known is None:  # the first build: every document is read anyway
        return []
    # The pages with views too: a view's `:tags:` are checked against the topics.
    return sorted((set(domain.summaries) | set(domain.views)) - set(reading))


def documents_changed(env: BuildEnvironment) -> bool:
    """Whether this build read or removed any document (so records may differ)."""
    return build_state(env).documents_changed


def get_domain(env: BuildEnvironment) -> EvidenceDomain:
    """The evidence domain of this build."""
    domain = env.domains["evidence"]
    assert isinstance(domain, EvidenceDomain)
    return domain


def check_one_summary_per_hub_and_year(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn when a hub has two summaries for the same year (different folders)."""
    by_hub: defaultdict[tuple[str, str], list[SummaryRecord]] = defaultdict(list)
    for docname in sorted(get_domain(env).summaries):
        record = get_domain(env).summaries[docname]
        summary = record.front_matter
        if summary.hub and summary.year:
            by_hub[(summary.year, summary.hub.casefold())].append(record)
    for records in by_hub.values():
        for record in records if len(records) > 1 else ():
            others = ", ".join(f"`{r.docname}`" for r in records if r is not record)
            warn(
                EvidenceWarning.DUPLICATE_HUB,
                f"{record.front_matter.hub} also has a summary for "
                f"{record.front_matter.year} in {others}. A hub has one summary "
                "per year: merge them, or correct the hub's name.",
                location=(record.docname, record.hub_line),
            )
