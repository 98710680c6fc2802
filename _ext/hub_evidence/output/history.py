"""Each page's "Last updated" date, from the repository's history, its edit links,
and, on a summary, how to cite it.

One ``git log`` at the start of the build gives the date of the last commit of
every source file (so two builds of one commit give the same dates). Pages
then show that date, and links to edit their source or suggest a change
(``evidence_edit_url`` and ``evidence_suggest_url``, with ``{path}`` for the
file's path in the repository). Generated pages (browse) have neither.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..domain.store import get_domain
from ..source.config import get_config
from ..state import build_state

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from ..source.model import SummaryRecord


def last_commits(folder: Path) -> dict[str, str]:
    """The ISO date of the last commit of each file under ``folder`` (relative paths).

    Empty if ``folder`` is not in a git repository (a downloaded copy).
    """
    try:
        log = subprocess.run(
            ["git", "-C", str(folder), "log", "--relative", "--name-only",
             "--no-renames", "--format=%x00%cI", "--", "."],
            capture_output=True, text=True, check=True, encoding="utf-8",
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    for entry in log.split("\0")[1:]:
        date, *paths = entry.strip("\n").split("\n")
        for path in paths:
            if path:
                dates.setdefault(path, date)  # newest first: keep the first seen
    return dates


def read_history(app: Sphinx) -> None:
    """At the start of the build: the dates of every file."""
    build_state(app).history = last_commits(Path(app.srcdir))


def page_date(app: Sphinx, pagename: str) -> str | None:
    """The ISO date of the last commit of a page's source, if known."""
    path = Path(app.env.doc2path(pagename, base=False)).as_posix()
    return build_state(app).history.get(path)


def page_source_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give a page written by an author its date and edit links (for the template)."""
    env = app.env
    config = get_config(env)
    if pagename not in env.found_docs:
        return
    path = Path(env.doc2path(pagename, base=False)).as_posix()
    date = page_date(app, pagename)
    if date:
        context["evidence_last_updated"] = _long_date(date)
    if config.edit_url:
        context["evidence_edit_url"] = config.edit_url.format(path=path)
    if config.suggest_url:
        context["evidence_suggest_url"] = config.suggest_url.format(path=path)
    record = get_domain(env).summaries.get(pagename)
    if record is not None:
        context["evidence_citation"] = citation(app, record, date)


def citation(app: Sphinx, record: SummaryRecord, date: str | None) -> str:
    """How to cite a summary: hub, year, title, stable address, last updated."""
    front = record.front_matter
    address = app.builder.get_target_uri(record.docname)
    if app.config.html_baseurl:
        address = urljoin(app.config.html_baseurl.rstrip("/") + "/", address)
    updated = f" Last updated {_long_date(date)}." if date else ""
    return (
        f"{front.hub or record.title} ({front.year}). {record.title}: Evaluator in "
        f"Residence evaluation summary {front.year}. {app.config.project}. "
        f"{address}.{updated}"
    )


def _long_date(iso: str) -> str:
    when = datetime.fromisoformat(iso)
    return f"{when.day} {when:%B %Y}"


def setup_history(app: Sphinx) -> None:
    """Read the history once per build; add the links to every page."""
    app.connect("builder-inited", read_history)
    app.connect("html-page-context", page_source_links)
