"""Wires the extension's parts into Sphinx."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import sphinx_design.extension

from .domain.reidentify import setup_reidentify
from .domain.store import (
    EvidenceDomain,
    check_one_summary_per_hub_and_year,
    note_outdated,
)
from .output.browse.gap_map import setup_gap_map_pages
from .output.browse.navigation import setup_browse_navigation
from .output.browse.pages import setup_browse
from .output.description import setup_description
from .output.exports import ExportBuilder, write_site_exports
from .output.feeds import setup_feeds
from .output.findings_tables import setup_findings_tables
from .output.frame import setup_frames
from .output.history import setup_history
from .output.hubnav import setup_hub_navigation
from .output.packs import setup_packs
from .output.preview_report import setup_preview_report
from .output.record import setup_output
from .output.related import setup_related
from .output.search import setup_search
from .output.search_field import setup_search_field
from .output.synthesis.pages import setup_synthesis
from .output.theme import setup_theme_repairs
from .output.unfinished import setup_unfinished
from .output.views.update import fill_views, stale_view_pages
from .output.whats_new import setup_whats_new
from .output.word import setup_word
from .source.audience import setup_audience
from .source.config import setup_config
from .source.content_only import setup_content_only
from .source.directives.common import remember_source_lines
from .source.directives.sections import setup_sections
from .source.directives.themes import setup_themes
from .source.directives.views import setup_views
from .source.encoding import report_undecodable, use_forgiving_codec
from .source.nodes import setup_nodes
from .source.summary.page import SummaryHeaderTransform, SummaryPageTransform
from .source.summary.reading import read_front_matter
from .source.summary.record import SummaryRecordTransform
from .source.unlisted import setup_unlisted
from .state import start_build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = Path(__file__).parent / "output" / "static"


def setup_extension(app: Sphinx) -> None:
    """Register everything with Sphinx."""
    start_build_state(app)
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    setup_config(app)
    setup_content_only(app)
    setup_audience(app)
    setup_output(app)
    setup_unfinished(app)
    setup_word(app)
    app.connect("builder-inited", use_forgiving_codec)
    app.connect("source-read", report_undecodable)
    app.connect("source-read", read_front_matter)
    app.connect("source-read", remember_source_lines)
    setup_nodes(app)
    setup_sections(app)
    setup_themes(app)
    setup_views(app)
    setup_theme_repairs(app)
    setup_hub_navigation(app)
    setup_search(app)
    setup_search_field(app)
    setup_findings_tables(app)
    setup_history(app)
    setup_feeds(app)
    setup_whats_new(app)
    setup_preview_report(app)
    app.add_transform(SummaryPageTransform)
    app.add_transform(SummaryRecordTransform)
    app.add_transform(SummaryHeaderTransform)
    app.add_domain(EvidenceDomain)
    app.connect("env-get-outdated", note_outdated)
    app.connect("env-check-consistency", check_one_summary_per_hub_and_year)
    setup_unlisted(app)
    setup_reidentify(app)
    setup_browse(app)
    setup_gap_map_pages(app)
    setup_browse_navigation(app)
    setup_synthesis(app)
    app.connect("env-updated", stale_view_pages, priority=600)
    setup_frames(app)
    setup_description(app)
    app.connect("doctree-resolved", fill_views)
    setup_related(app)
    app.connect("build-finished", write_site_exports)
    setup_packs(app)
    app.add_builder(ExportBuilder)
    # After Sphinx has checked the setting (800): sphinx-design before 0.8
    # keeps its folder in the output, which that check refuses.
    app.connect("config-inited", _add_static_files, priority=900)
    # After sphinx-design has added its folder (builder-inited, 500).
    app.connect("builder-inited", _keep_static_folders_once, priority=900)
    app.add_css_file("hub-evidence.css")


def _add_static_files(app: Sphinx, config: Config) -> None:
    """Our static folder, and sphinx-design's, in ``html_static_path``.

    At ``config-inited``, so that the setting is the same when Sphinx compares
    it with the last build's (it saved it after ``builder-inited``, when
    sphinx-design adds its folder); a new list, as the default list is shared
    by every application.
    """
    folders = [str(STATIC_DIR), _design_static_folder(app)]
    new = [folder for folder in folders if folder not in config.html_static_path]
    config.html_static_path = [*config.html_static_path, *new]


def _design_static_folder(app: Sphinx) -> str:
    """The folder sphinx-design adds to ``html_static_path`` at ``builder-inited``."""
    folder = getattr(sphinx_design.extension, "STATIC_DIR", None)
    if folder is None:
        # sphinx-design before 0.8: a folder of the output; named from the
        # configuration's folder when it is in it, so that the setting (and
        # .buildinfo) is the same wherever the sources are. (Sphinx copies
        # nothing from a static folder named with "..".)
        folder = Path(app.outdir, "_sphinx_design_static").absolute()
        with contextlib.suppress(ValueError):
            return folder.relative_to(Path(app.confdir).absolute()).as_posix()
    return str(folder)


def _keep_static_folders_once(app: Sphinx) -> None:
    """Undo sphinx-design's second copy of its folder (added at config-inited).

    sphinx-design adds its folder whatever is there: the setting is left as it
    was at ``config-inited``, so that the next build finds it unchanged.
    """
    folders = app.config.html_static_path
    # The first entry for each folder, however it is written.
    seen: set[Path] = set()
    once = []
    for folder in folders:
        where = Path(app.confdir, folder).resolve()
        if where not in seen:
            seen.add(where)
            once.append(folder)
    if once != folders:
        folders[:] = once
