"""Summaries that no toctree reaches: our own located warning, instead of Sphinx's.

A summary is listed on the site by its year's page (``hubs/<year>/index.md``,
whose hidden toctree takes ``*/index``), which the Summaries page lists in turn.
Without that page, Sphinx says only "document isn't included in any toctree",
with no line and nothing about what to do, and the summary is missing from the
Summaries page. So summaries in a year's folder are marked ``orphan`` for
Sphinx's own check (the way sphinx-notfound-page marks its page; nothing else
reads the mark) and checked here instead, at ``env-check-consistency``, with
the same rule as Sphinx's (no toctree and no ``include`` takes the document)
and a message saying which year page to add. Every other page keeps Sphinx's
warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import get_config
from .model import YEAR_FOLDER_PATTERN, summary_path
from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _year_folder(docname: str, hubs_dir: str) -> str | None:
    """The year folder of a summary in one (``2025-26``), or None if not such."""
    where = summary_path(docname, hubs_dir)
    if where is None or not YEAR_FOLDER_PATTERN.match(where.year_folder):
        return None
    return where.year_folder


def leave_the_toctree_check_to_us(app: Sphinx, doctree: nodes.document) -> None:
    """At ``doctree-read``: Sphinx's own check skips a summary (we check it)."""
    env = app.env
    docname = env.current_document.docname
    if _year_folder(docname, get_config(env).hubs_dir) is not None:
        env.metadata[docname]["orphan"] = True


def check_summaries_are_listed(app: Sphinx, env: BuildEnvironment) -> None:
    """At ``env-check-consistency``: warn about each summary no toctree takes."""
    hubs_dir = get_config(env).hubs_dir
    included = set().union(*env.included.values())
    for docname in sorted(env.all_docs):
        folder = _year_folder(docname, hubs_dir)
        if folder is None or docname in env.files_to_rebuild or docname in included:
            continue
        year_page = f"{hubs_dir}/{folder}/index"
        year = folder.replace("-", "/")
        if year_page in env.all_docs:
            message = (
                f"This summary is not listed on the site: its year page "
                f"`{year_page}.md` does not list it. Put back at the end of that "
                "page its hidden list of the year's summaries: a `toctree` block "
                "with the options `:glob:` and `:hidden:` and the line `*/index`."
            )
        else:
            message = (
                f"This summary is not listed on the site, because {year} has no "
                f"year page. Add `{year_page}.md` (a year page) — `evidence new "
                f"--year {year}` makes one — so the summary is listed."
            )
        warn(EvidenceWarning.NOT_LISTED, message, location=(docname, 1))


def setup_unlisted(app: Sphinx) -> None:
    """Check summaries' listing ourselves, after Sphinx's other collectors."""
    app.connect("doctree-read", leave_the_toctree_check_to_us)
    app.connect("env-check-consistency", check_summaries_are_listed)
