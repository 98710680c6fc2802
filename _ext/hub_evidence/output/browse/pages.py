"""Browse pages: one per strategic goal, region, year, tag and method, and one
timeline per hub, made from the records when the site is written.

They are not documents: like Sphinx's general index, they are written through
``html-collect-pages`` from the records in the domain, which hold only the
summaries of this build's audience. So a build never writes into the source
tree, and builds for different audiences of one checkout do not disturb each
other. The index pages above them (``browse/index.md``, and ``index.md`` in
each facet's folder) are ordinary committed pages.

A browse page has no place in a toctree, so its frame is given explicitly
(:mod:`.navigation`): its breadcrumbs lead to its facet's index, its sidebar
and navigation bar are those of that index, and previous/next lead to the
neighbouring values of the same facet.

Pages are written one at a time in the builder's ``finish()``. Each page's
inputs (what its views show, its title and intro, its frame) are summed up in
a digest; only pages whose digest changed, or whose file is missing, are
written, so an unchanged site writes no browse page.

Like Sphinx's general index, they are not in the site's search indexes: both
searches find the summaries and themes the pages list.
"""

from __future__ import annotations

import dataclasses as dc
import html
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from docutils import nodes
from docutils.utils import new_document
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ...domain.store import documents_changed, get_domain
from ...source.config import get_config
from ...source.directives.sections import unique_id
from ...source.facets import FACETS, HUB_FOLDER, Facet, Query, hub_names
from ...source.nodes import aggregate
from ...source.viewspec import ViewSpec
from ...source.warnings_ import EvidenceWarning, warn
from ...state import build_state
from ..builders import is_site_build
from ..packs import goal_downloads
from ..page_digests import DigestFile, code_digest, linked, sha256
from ..unfinished import earlier_build_unfinished
from ..views import VIEWS
from ..views.base import paragraphs
from ..views.update import fill_placeholders

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from ...source.config import EvidenceConfig
    from ...source.model import SummaryRecord

BROWSE_FACETS = [facet for facet in FACETS.values() if facet.browse]
INTROS = {
    "strategic-goal": "Summaries and themes from hubs working on the strategic goal "
    "“{label}”.",
    "region": "Summaries and themes from hubs in the {label} region.",
    "year": "Summaries and themes from the {label} academic year.",
    "method": "Summaries whose evidence was collected by {lower}.",
    "tags": "Summaries and themes tagged “{label}”.",
}
# How a value's page lists its themes: a tag's page (usually short) in full;
# the others by title only, each a link to the theme in its summary; a
# strategic goal's in one table (the findings page's overview links to it, and
# readers sort, filter and download it whole), a region's and a year's one
# table per goal; a method's page not at all (a method is the summary's, not
# its themes').
THEMES: dict[str, tuple[str | None, bool] | None] = {
    "strategic-goal": (None, True),
    "region": ("strategic-goal", True),
    "year": ("strategic-goal", True),
    "method": None,
    "tags": (None, False),
}


@dc.dataclass(frozen=True)
class BrowsePage:
    """One page made from the records: its text, its views, its place."""

    pagename: str
    title: str
    intro: str
    sections: tuple[tuple[str, ViewSpec], ...]
    """(heading, view); an empty heading puts the view under the intro."""
    parent: str
    """Its facet's index page (a document): its place in the navigation."""
    previous: str | None = None
    following: str | None = None
    files: tuple[tuple[str, str], ...] = ()
    """(words, path from the site's root) of the files it links to last: a
    strategic goal's evaluation pack and anonymised themes, where they exist."""

    @property
    def query(self) -> Query:
        """The summaries the page is about (every view on it asks the same)."""
        return self.sections[0][1].query


def _values(
    facet: Facet, records: Iterable[SummaryRecord], config: EvidenceConfig
) -> list[str]:
    """The values with a page: all of a vocabulary, or those in use."""
    if facet.vocabulary:
        values = list(config.vocabularies[facet.vocabulary].terms)
    else:
        found = {value for record in records for value in facet.summary_values(record)}
        values = sorted(found, reverse=facet.name == "year")
    return [value for value in values if facet.slug(value)]


def value_page(facet: Facet, value: str, config: EvidenceConfig) -> BrowsePage:
    """The page of one value: its summaries, then its themes."""
    label = facet.label(value, config)
    query = Query(((facet.name, (value,)),))
    sections = [("Summaries", ViewSpec("catalogue", query))]
    themes = THEMES[facet.name]
    if themes is not None:
        group_by, brief = themes
        sections.append(
            ("Themes", ViewSpec("findings", query, group_by=group_by, brief=brief))
        )
    return BrowsePage(
        facet.docname(value, config.browse_dir),
        label,
        INTROS[facet.name].format(label=label, lower=label.lower()),
        tuple(sections),
        f"{config.browse_dir}/{facet.name}/index",
    )


def timeline_page(slug: str, name: str, config: EvidenceConfig) -> BrowsePage:
    """One hub's summaries across the years."""
    query = Query((("hub", (slug.casefold(),)),))
    return BrowsePage(
        f"{config.browse_dir}/{HUB_FOLDER}/{slug}",
        name,
        f"Each year's summary of {name}, oldest first, with its themes.",
        (("", ViewSpec("timeline", query)),),
        f"{config.browse_dir}/{HUB_FOLDER}/index",
    )


def browse_pages(
    records: list[SummaryRecord], config: EvidenceConfig
) -> dict[str, BrowsePage]:
    """Every browse page for these records, by page name, in navigation order."""
    pages: list[BrowsePage] = []
    for facet in BROWSE_FACETS:
        values = _values(facet, records, config)
        pages += linked([value_page(facet, value, config) for value in values])
    hubs = hub_names(records)
    pages += linked([timeline_page(slug, name, config) for slug, name in hubs.items()])
    made = {page.pagename: page for page in pages}
    goal = FACETS["strategic-goal"]
    for value, files in goal_downloads(records, config).items():
        name = goal.docname(value, config.browse_dir)
        if name in made:
            made[name] = dc.replace(made[name], files=files)
    return made


def make_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """At ``env-updated``: the browse pages of the records read (links to them
    are resolved against these, :mod:`...domain.store`)."""
    records = list(get_domain(env).summaries.values())
    build_state(env).browse_pages = browse_pages(records, get_config(env))


# -- the page itself ------------------------------------------------------------


def page_doctree(
    builder: Builder, page: BrowsePage, records: list[SummaryRecord]
) -> nodes.document:
    """The page as a document: title, intro, then each view, filled in."""
    document = new_document(page.pagename, builder.docsettings)  # type: ignore[attr-defined]

    def section(title: str) -> nodes.section:
        anchor = unique_id(document, nodes.make_id(title) or "section")
        node = nodes.section(ids=[anchor], names=[nodes.fully_normalize_name(title)])
        document.ids[anchor] = node
        node += nodes.title(title, title)
        return node

    body = section(page.title)
    body += paragraphs(page.intro)
    for heading, spec in page.sections:
        placeholder = aggregate()
        placeholder["spec"] = spec
        if heading:
            part = section(heading)
            part += placeholder
            body += part
        else:
            body += placeholder
    if page.files and is_site_build(builder):  # the builds that write the files
        body += _files_section(section(FILES_HEADING), builder, page)
    document += body
    fill_placeholders(builder, document, page.pagename, records)
    return document


FILES_HEADING = "For strategic-goal evaluation"


def _files_section(
    part: nodes.section, builder: Builder, page: BrowsePage
) -> nodes.section:
    """The links to the page's files (:attr:`BrowsePage.files`)."""
    part += paragraphs(
        "The themes of these summaries whose hubs agreed to anonymised use, "
        "without the name of any hub, its region or people: for evaluating the "
        "strategic goal, not for identifying a hub."
    )
    here = builder.get_target_uri(page.pagename)
    items = nodes.bullet_list(classes=["evidence-goal-files"])
    for words, path in page.files:
        link = nodes.reference(words, words, refuri=relative_uri(here, path))
        items += nodes.list_item("", nodes.paragraph("", "", link))
    part += items
    return part


def page_html(
    builder: StandaloneHTMLBuilder,
    document: nodes.document,
    translator: type[HTML5Translator] | None = None,
) -> str:
    """The page's body in HTML, written by the builder's own translator (or
    ``translator``, made from it)."""
    pagename = document["source"]
    builder.secnumbers = {}
    builder.fignumbers = {}
    builder.imgpath = relative_uri(builder.get_target_uri(pagename), "_images")
    builder.dlpath = relative_uri(builder.get_target_uri(pagename), "_downloads")
    builder.current_docname = pagename
    if translator is None:
        visitor = builder.create_translator(document, builder)
    else:
        visitor = translator(document, builder)
    document.walkabout(visitor)
    return "".join(visitor.fragment)  # type: ignore[attr-defined]


def _link(builder: Builder, pagename: str, target: str, title: str) -> dict[str, str]:
    return {
        "link": builder.get_relative_uri(pagename, target),
        "title": html.escape(title),
    }


class FramedPage(Protocol):
    """A page made from the records with its frame given explicitly: a
    browse page, or a synthesis page (:mod:`..synthesis.pages`)."""

    @property
    def pagename(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def parent(self) -> str: ...
    @property
    def previous(self) -> str | None: ...
    @property
    def following(self) -> str | None: ...


PARENT = "evidence_parent"
"""In a page's template context: the document whose navigation it takes."""


def page_context(
    builder: StandaloneHTMLBuilder,
    page: FramedPage,
    pages: Mapping[str, FramedPage],
    body: str,
    relations: dict[str, list[str | None]] | None = None,
) -> dict[str, Any]:
    """The template context of one page (what ``get_doc_context`` gives a document)."""
    pagename = page.pagename
    parents = [
        _link(builder, pagename, docname, title)
        for docname, title in ancestors(builder.env, page.parent, relations)
    ]
    neighbours = {
        key: _link(builder, pagename, other, pages[other].title)
        if other is not None and other in pages
        else None
        for key, other in (("prev", page.previous), ("next", page.following))
    }
    return {
        PARENT: page.parent,
        "parents": parents,
        **neighbours,
        "title": html.escape(page.title),
        "meta": None,
        "body": body,
        "metatags": "",
        "sourcename": "",
        "toc": "",
        "display_toc": False,
        "page_source_suffix": "",
    }


def ancestors(
    env: BuildEnvironment,
    parent: str,
    relations: dict[str, list[str | None]] | None = None,
) -> list[tuple[str, str]]:
    """The page's breadcrumbs: (docname, title) from the top, the root left out."""
    relations = env.collect_relations() if relations is None else relations
    chain: list[str] = []
    docname: str | None = parent
    while docname and docname not in chain:
        chain.append(docname)
        docname = relations.get(docname, [None])[0]
    if chain and chain[-1] == env.config.root_doc:
        chain.pop()
    return [(name, _title(env, name)) for name in reversed(chain)]


def _title(env: BuildEnvironment, docname: str | None) -> str:
    node = env.titles.get(docname) if docname else None
    return node.astext() if node is not None else ""


# -- which pages to write -------------------------------------------------------


def frame_of(
    env: BuildEnvironment, parent: str, relations: dict[str, list[str | None]]
) -> tuple[Any, ...]:
    """What around a page under ``parent`` can change: its frame (as
    :mod:`..frame`), the same for every page of a facet."""
    root = env.config.root_doc
    top = ancestors(env, parent, relations)

    def children(docname: str) -> tuple[tuple[str, str], ...]:
        return tuple(
            (child, _title(env, child))
            for child in env.toctree_includes.get(docname, ())
        )

    return (
        top,
        children(root),
        [children(docname) for docname, _ in top],
        children(parent),
    )


def records_shown(
    pages: Iterable[BrowsePage], records: list[SummaryRecord]
) -> dict[str, list[SummaryRecord]]:
    """The records each page's views may show: those its query selects.

    Found in one pass over the records (an index of the values asked for), not
    one pass per page: a page's views then look at its own summaries only, and
    still filter them as they always do.
    """
    pages = list(pages)
    facets = {name for page in pages for name, _ in page.query.filters}
    index: dict[tuple[str, str], list[SummaryRecord]] = defaultdict(list)
    for record in records:
        for name in facets:
            for value in set(FACETS[name].summary_values(record)):
                index[name, value].append(record)
    shown = {}
    for page in pages:
        if len(page.query.filters) != 1:
            shown[page.pagename] = [r for r in records if page.query.matches_summary(r)]
            continue
        ((name, values),) = page.query.filters
        chosen = {id(r): r for value in values for r in index.get((name, value), ())}
        shown[page.pagename] = list(chosen.values())
    return shown


class Digest(NamedTuple):
    """What a written page depends on, summed up twice."""

    inputs: str
    """The records its views select (each record's digest) and what it shares
    with other pages: the same inputs give the same page."""
    shown: str
    """What its views show, and what it shares with other pages: only a change
    here makes the page be written again."""


def fingerprint(
    page: BrowsePage,
    records: list[SummaryRecord],
    config: EvidenceConfig,
    around: tuple[Any, ...],
) -> str:
    """A digest of everything the written page shows: ``around`` is what it
    shares with others (the build's settings, its frame, its neighbours)."""
    shown = [VIEWS[spec.view].data(spec, records, config) for _, spec in page.sections]
    return sha256((around, page, shown))


DIGESTS = DigestFile("evidence-browse-pages.json")
"""In the doctree folder: each browse page's digest when it was last written."""


@dc.dataclass
class Plan:
    """This build's browse pages, and which of them to write."""

    pages: dict[str, BrowsePage]
    digests: dict[str, Digest]
    stale: list[str]
    settings: str


def plan_pages(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``: which pages this build has, and which it writes.

    The digests of the pages about to be written are forgotten first, so a
    build stopped while writing leaves them to be written again. A build that
    read no document reuses the last digests, unless the last build stopped
    before it got here: it may have read documents that change the pages.
    """
    if not isinstance(builder, StandaloneHTMLBuilder) or builder.format != "html":
        return
    env = app.env
    pages = dict(build_state(env).browse_pages or {})
    for docname in sorted(pages.keys() & env.found_docs):
        warn(
            EvidenceWarning.CONFIG,
            f"`{env.doc2path(docname, False)}` is a page of its own where the site "
            f"makes the browse page `{docname}`, so the browse page is left out; "
            "`evidence_browse_dir` should name a folder that holds only the browse "
            "index pages.",
            location=(docname, 1),
        )
        del pages[docname]
    config = get_config(env)
    build_info = getattr(builder, "build_info", None)
    # The audience (the preview banner), the vocabularies' labels, the theme,
    # the code that makes the pages...
    settings = sha256(
        (builder.name, getattr(build_info, "config_hash", ""), config, code_digest())
    )
    known, known_settings = DIGESTS.read(app, lambda value: Digest(*map(str, value)))
    if (
        not documents_changed(env)
        and not earlier_build_unfinished(app)
        and settings == known_settings
        and known.keys() == pages.keys()
    ):
        # What pages show and where they sit come from the documents read.
        digests = known
    else:
        digests = _digests(env, pages, config, settings, known)
    stale = [
        name
        for name, digest in digests.items()
        if name not in known
        or known[name].shown != digest.shown
        or not Path(builder.get_outfilename(name)).is_file()
    ]
    DIGESTS.write(app, {n: d for n, d in digests.items() if n not in stale}, settings)
    build_state(app).browse_plan = Plan(pages, digests, stale, settings)


def _digests(
    env: BuildEnvironment,
    pages: dict[str, BrowsePage],
    config: EvidenceConfig,
    settings: str,
    known: dict[str, Digest],
) -> dict[str, Digest]:
    """Each page's digests, with what pages share made once; what a page shows
    (:func:`fingerprint`) is made again only when its inputs changed, since
    making it costs as much as the page's views."""
    hub_frames = {
        f"{config.browse_dir}/{HUB_FOLDER}/{slug}": hub
        for slug, hub in build_state(env).hub_pages.items()
    }
    relations = env.collect_relations()
    frames = {
        parent: frame_of(env, parent, relations)
        for parent in {page.parent for page in pages.values()}
    }
    records = list(get_domain(env).summaries.values())
    record_digests = {id(record): sha256(record) for record in records}
    shown = records_shown(pages.values(), records)
    digests = {}
    for name, page in pages.items():
        around = (
            settings,
            frames[page.parent],
            hub_frames.get(name),
            [pages[n].title for n in (page.previous, page.following) if n in pages],
        )
        inputs = sha256((around, page, [record_digests[id(r)] for r in shown[name]]))
        if name in known and known[name].inputs == inputs:
            digests[name] = known[name]
        else:
            digests[name] = Digest(
                inputs, fingerprint(page, shown[name], config, around)
            )
    return digests


def plan(app: Sphinx) -> Plan | None:
    """This build's browse pages (None before writing, or for other builders)."""
    return build_state(app).browse_plan


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """At ``html-collect-pages``: the pages to write, made one at a time."""
    found = plan(app)
    builder = app.builder
    if found is None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    stale = [found.pages[name] for name in found.stale]
    shown = records_shown(stale, list(get_domain(app.env).summaries.values()))
    relations = app.env.collect_relations()
    for page in stale:
        name = page.pagename
        document = page_doctree(builder, page, shown[name])
        body = page_html(builder, document)
        context = page_context(builder, page, found.pages, body, relations)
        yield name, context, "page.html"


def save_digests(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: every page is written; remember their digests."""
    found = plan(app)
    if found is None or exception is not None:
        return
    DIGESTS.write(app, found.digests, found.settings)


def setup_browse(app: Sphinx) -> None:
    """Make the browse pages from the records, when the site is written."""
    app.connect("env-updated", make_pages)
    # Before the output record counts the files this build may write (100).
    app.connect("write-started", plan_pages, priority=50)
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", save_digests)
