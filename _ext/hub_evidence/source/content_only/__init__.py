"""Summaries are content, not code: what an author may write under the hubs folder.

:mod:`.allowed` lists the directives and roles allowed there (and what to write
instead of the rest), :mod:`.parser` refuses everything else before it runs,
:mod:`.folders` keeps each page to the files of its own folder, and
:mod:`.pages` keeps pages that link out of their folder (or are not Markdown)
out of the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .folders import FilesOutsideTransform
from .pages import leave_out_unsafe_pages
from .parser import ContentOnlyParser

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_content_only(app: Sphinx) -> None:
    """Parse pages with the checks; drop what reaches outside a page's folder.

    Call after MyST is set up: the parser replaces MyST's for ``.md`` files.
    """
    app.add_source_parser(ContentOnlyParser, override=True)
    app.add_transform(FilesOutsideTransform)
    # After the settings are checked (400), before the audience is chosen (450).
    app.connect("config-inited", leave_out_unsafe_pages, priority=420)
