"""Wires the extension's parts into Sphinx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .audience import setup_audience
from .browse import setup_browse
from .browse_nav import setup_browse_navigation
from .config import setup_config
from .content_only import setup_content_only
from .directives.common import remember_source_lines
from .directives.sections import setup_sections
from .directives.themes import setup_themes
from .directives.views import setup_views
from .domain import EvidenceDomain, check_one_summary_per_hub_and_year, note_outdated
from .encoding import report_undecodable, use_forgiving_codec
from .exports import ExportBuilder, write_site_exports
from .frame import setup_frames
from .history import setup_history
from .hubnav import setup_hub_navigation
from .nodes import setup_nodes
from .output import setup_output
from .preview_report import setup_preview_report
from .reidentify import setup_reidentify
from .search import setup_search
from .summary import SummaryHeaderTransform, SummaryTransform, read_front_matter
from .theme import setup_theme_repairs
from .unlisted import setup_unlisted
from .views.update import fill_views, stale_view_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = Path(__file__).parent / "static"


def setup_extension(app: Sphinx) -> None:
    """Register everything with Sphinx."""
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    setup_config(app)
    setup_content_only(app)
    setup_audience(app)
    setup_output(app)
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
    setup_history(app)
    setup_preview_report(app)
    app.add_transform(SummaryTransform)
    app.add_transform(SummaryHeaderTransform)
    app.add_domain(EvidenceDomain)
    app.connect("env-get-outdated", note_outdated)
    app.connect("env-check-consistency", check_one_summary_per_hub_and_year)
    setup_unlisted(app)
    setup_reidentify(app)
    setup_browse(app)
    setup_browse_navigation(app)
    app.connect("env-updated", stale_view_pages, priority=600)
    setup_frames(app)
    app.connect("doctree-resolved", fill_views)
    app.connect("build-finished", write_site_exports)
    app.add_builder(ExportBuilder)
    app.connect("config-inited", _add_static_files)
    app.add_css_file("hub-evidence.css")


def _add_static_files(app: Sphinx, config: Config) -> None:
    # At config-inited, so the setting is the same when Sphinx compares it with
    # the last build's; a new list, as the default list is shared by every app.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]
