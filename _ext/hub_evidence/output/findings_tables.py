"""Findings tables readers can sort, filter and download: the script's loading.

Every findings table (``table.evidence-findings``), on a page of the site or
a browse page made from the records, is complete without JavaScript. Where a
page has one, ``hub-evidence-findings-table.js`` adds a sort button to each
column heading, a box that filters the rows by typing, and "Download these
rows (CSV)", which writes the rows shown with the exports' guard against
spreadsheet formulas (:data:`.exports.FORMULA_STARTS`). The script is loaded
on those pages only, so no other page pays for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

SCRIPT = "hub-evidence-findings-table.js"

_FINDINGS_TABLE = re.compile(r'<table class="[^"]*\bevidence-findings\b')
"""A findings table as the HTML translator writes it: browse pages are not
documents (they have no doctree), so the page's body is what is looked at."""


def add_findings_table_script(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, object],
    doctree: nodes.document | None,
) -> None:
    """Load the script on the pages with a findings table, and only there."""
    body = context.get("body")
    if isinstance(body, str) and _FINDINGS_TABLE.search(body):
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_findings_tables(app: Sphinx) -> None:
    """Load the script where it is needed."""
    app.connect("html-page-context", add_findings_table_script)
