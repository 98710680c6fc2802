"""Writing the synthesis pages: made from the records when the site is written.

Like the browse pages (:mod:`..browse.pages`, whose helpers this reuses), they
are not documents: they are written through ``html-collect-pages`` from the
records in the domain, which hold only the summaries of this build's audience,
so a build never writes into the source tree. Their frame is given explicitly:
their breadcrumbs lead to ``synthesis/index`` (a committed page, in the site's
navigation bar), their sidebar and navigation bar are that page's, and
previous/next lead to the neighbouring pages of the same kind.

What a page shows (:mod:`.content`) is cheap to make, so it is made for every
page in every build and summed up, with the page's frame and the build's
settings, in a digest: only pages whose digest changed, or whose file is
missing, are written, so an unchanged site writes no synthesis page.

A site has them when it has the page that lists them, ``synthesis/index``
(the example site does; small test sites need not).

They are not in the site's search indexes (which are made from documents):
the search finds the summaries and themes they list, and an anonymised page
must leave no record that could tie its themes to a hub.
"""

from __future__ import annotations

import dataclasses as dc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder

from ...domain.store import documents_changed, get_domain
from ...source.config import get_config
from ...state import build_state
from ..browse.pages import frame_of, page_context, page_html, plan
from ..page_digests import DigestFile, sha256
from ..unfinished import earlier_build_unfinished
from .content import INDEX, SynthesisPage
from .render import page_doctree, translator
from .site import synthesis_pages

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

DIGESTS = DigestFile("evidence-synthesis-pages.json")
"""In the doctree folder: each synthesis page's digest when it was last written."""


@dc.dataclass
class SynthesisPlan:
    """This build's synthesis pages, and which of them to write."""

    names: tuple[str, ...]
    """Every synthesis page of the build, written now or kept."""
    pages: dict[str, SynthesisPage]
    """What they show (none when nothing changed since they were written)."""
    digests: dict[str, str]
    stale: list[str]
    settings: str


def plan_synthesis(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``, after the browse pages' plan (whose settings digest
    this shares): this build's synthesis pages, and which of them to write.

    The digests of the pages about to be written are forgotten first, so a
    build stopped while writing leaves them to be written again. A build that
    read no document, with the same settings, keeps every page as it is
    (unless one was deleted from the output): what the pages show and where
    they sit come from the documents read.
    """
    browse = plan(app)
    if browse is None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    env = app.env
    if INDEX not in env.found_docs:
        return  # a site without the page listing them has none
    settings = browse.settings
    known, known_settings = DIGESTS.read(app, str)
    if earlier_build_unfinished(app):
        known = {}
    elif (
        known
        and not documents_changed(env)
        and settings == known_settings
        and all(Path(builder.get_outfilename(name)).is_file() for name in known)
    ):
        found = SynthesisPlan(tuple(known), {}, known, [], settings)
        build_state(app).synthesis_plan = found
        return
    records = list(get_domain(env).summaries.values())
    pages = {
        name: page
        for name, page in synthesis_pages(records, get_config(env)).items()
        if name not in env.found_docs
    }
    relations = env.collect_relations()
    frames = {
        parent: frame_of(env, parent, relations)
        for parent in {page.parent for page in pages.values()}
    }
    digests = {
        name: sha256(
            (
                settings,
                frames[page.parent],
                [pages[n].title for n in (page.previous, page.following) if n in pages],
                page,
            )
        )
        for name, page in pages.items()
    }
    stale = [
        name
        for name, digest in digests.items()
        if known.get(name) != digest
        or not Path(builder.get_outfilename(name)).is_file()
    ]
    DIGESTS.write(app, {n: d for n, d in digests.items() if n not in stale}, settings)
    build_state(app).synthesis_plan = SynthesisPlan(
        tuple(pages), pages, digests, stale, settings
    )


def synthesis_plan(app: Sphinx) -> SynthesisPlan | None:
    """This build's synthesis pages (None before writing, or for other builders)."""
    return build_state(app).synthesis_plan


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """At ``html-collect-pages``: the pages to write, made one at a time."""
    found = synthesis_plan(app)
    builder = app.builder
    if found is None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    relations = app.env.collect_relations()
    for name in found.stale:
        page = found.pages[name]
        body = page_html(builder, page_doctree(builder, page), translator(builder))
        yield (
            name,
            page_context(builder, page, found.pages, body, relations),
            "page.html",
        )


def save_digests(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: every page is written; remember their digests."""
    found = synthesis_plan(app)
    if found is not None and exception is None:
        DIGESTS.write(app, found.digests, found.settings)


def setup_synthesis(app: Sphinx) -> None:
    """Make the synthesis pages from the records, when the site is written."""
    # After the browse pages are planned (50), before the output record counts
    # the files this build may write (100).
    app.connect("write-started", plan_synthesis, priority=55)
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", save_digests)
