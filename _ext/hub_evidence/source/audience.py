"""Who a build is for, and which summaries it may therefore contain.

``evidence_audience`` is ``network`` (the intranet: published summaries shared
with the network or the public), ``public`` (published and public only) or
``preview`` (everything, for reviewers, with a banner on every page).

The choice is made once, at ``config-inited``, before Sphinx looks for
documents: the folder of every summary outside the audience is added to
``exclude_patterns``, so Sphinx never reads it. Nothing of it can then reach
any output (pages, sources, search indices, views, downloads), and the
doctrees, which record the settings, are kept out of the output folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import docname_join

from .config import EvidenceConfig, get_config
from .content_only.folders import reaches_outside
from .frontmatter import (
    FrontMatterBlock,
    FrontMatterError,
    check_front_matter,
    parse_front_matter,
    split_front_matter,
)
from .model import YEAR_FOLDER_PATTERN, HubSummary
from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx import addnodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

AUDIENCES = {
    "network": "the Maths Hubs network (the intranet)",
    "public": "the public",
    "preview": "reviewers of a change (everything, drafts included)",
}
SHARED_WITH = {"network": ("network", "public"), "public": ("public",)}
"""For each published audience, the sharing levels it may see."""

PREVIEW_BANNER = (
    "Preview — not for publication. This build shows every summary, drafts and "
    "hub-only summaries included."
)


def admits(audience: str, summary: HubSummary) -> bool:
    """Whether a summary may be in a build for ``audience``."""
    return visible_to(audience, summary.status, summary.sharing)


def visible_to(audience: str, status: str, sharing: str) -> bool:
    """Whether a summary with this status and sharing level (vocabulary keys)
    may be in a build for ``audience``."""
    if audience == "preview":
        return True
    return status == "published" and sharing in SHARED_WITH[audience]


def leave_out_summaries(app: Sphinx, config: Config) -> None:
    """Exclude every summary folder outside the audience; mark preview builds."""
    audience = config.evidence_audience
    if audience == "preview":
        if config.html_theme == "pydata_sphinx_theme":
            # The theme's banner, at the top of every page.
            options = dict(config.html_theme_options or {})
            options.setdefault("announcement", PREVIEW_BANNER)
            config.html_theme_options = options
        else:
            app.connect("html-page-context", _preview_banner)
        return
    evidence = EvidenceConfig.from_sphinx(config)
    left_out: list[str] = []
    hubs = Path(app.srcdir, evidence.hubs_dir)
    years = sorted(p for p in hubs.iterdir() if p.is_dir()) if hubs.is_dir() else []
    for year in years:
        summaries = sorted(year.glob("*/index.md"))
        out = [
            path.parent
            for path in summaries
            # A summary that is a link out of its folder is never read (it is
            # left out with a warning of its own, content_only.pages).
            if _links_out(app.srcdir, evidence.hubs_dir, path)
            or not visible_to(audience, *_status_and_sharing(path, evidence, audience))
        ]
        # A year with nothing to show is left out whole (its index too).
        folders = [year] if summaries and len(out) == len(summaries) else out
        left_out += [folder.relative_to(app.srcdir).as_posix() for folder in folders]
    if left_out:
        config.exclude_patterns = [*config.exclude_patterns, *left_out]


def _links_out(srcdir: str | Path, hubs_dir: str, path: Path) -> bool:
    docname = path.relative_to(srcdir).with_suffix("").as_posix()
    return reaches_outside(srcdir, hubs_dir, docname, path.name)[0]


_SIMPLE_KEY = re.compile(r"^(status|sharing):[ \t]*([^\s#'\"]+)[ \t]*(?:#.*)?$", re.M)
"""A top-level ``status: published`` line (nothing else can start a line so)."""


def _status_and_sharing(
    path: Path, evidence: EvidenceConfig, audience: str
) -> tuple[str, str]:
    """A summary's status and sharing keys ("" where they cannot be read).

    Both keys written plainly, once each, are read from their lines; anything
    else is read by the full front-matter check, which also says what is wrong.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        block = split_front_matter(text)
    except FrontMatterError:
        block = None
    if block is not None:
        found = _SIMPLE_KEY.findall(block.text)
        values = dict(found)
        if len(found) == len(values) == 2:
            status = evidence.vocabularies["statuses"].lookup(values["status"])
            sharing = evidence.vocabularies["sharing_levels"].lookup(values["sharing"])
            if status and sharing:
                return status, sharing
    summary, line = _checked(block, evidence, path.parent.parent.name)
    unreadable = [key for key in ("status", "sharing") if not getattr(summary, key)]
    if unreadable:
        missing = " and ".join(f"`{key}`" for key in unreadable)
        warn(
            EvidenceWarning.AUDIENCE,
            f"This summary is left out of the {audience} build: its {missing} "
            "could not be read, so it cannot be told whether it may be published. "
            "Correct the front matter (a preview build shows every problem).",
            location=f"{path}:{line(unreadable[0])}",
        )
    return summary.status, summary.sharing


def _checked(
    block: FrontMatterBlock | None, evidence: EvidenceConfig, folder: str
) -> tuple[HubSummary, Callable[[str], int]]:
    """The checked front matter, and the line of each key (1 if unknown)."""
    try:
        front = parse_front_matter(block) if block else None
    except FrontMatterError:
        front = None
    if front is None:
        return HubSummary(), lambda key: 1
    year_folder = folder if YEAR_FOLDER_PATTERN.match(folder) else None
    summary = check_front_matter(front, evidence.vocabularies, year_folder)[0]
    return summary, lambda key: front.key_lines.get(key, 1)


def _preview_banner(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: object,
) -> None:
    """Other themes: the banner above each page's text."""
    if "body" in context:
        banner = f'<p class="evidence-preview-banner" role="note">{PREVIEW_BANNER}</p>'
        context["body"] = banner + context["body"]


def keep_doctrees_out_of_output(app: Sphinx, config: Config) -> None:
    """Move the doctrees beside the output folder if they would be inside it.

    ``sphinx-build -b html SRC OUT`` keeps them in ``OUT/.doctrees`` by
    default; they hold the settings and every page read, so they must not be
    published with the site. ``app.doctreedir`` is Sphinx's own setting (``-d``),
    read when the environment is loaded and the builder made, both after
    ``config-inited``; the new folder is named for the output folder, so each
    output folder still has a doctree folder of its own.
    """
    outdir, doctreedir = Path(app.outdir).resolve(), Path(app.doctreedir).resolve()
    if doctreedir.is_relative_to(outdir):
        app.doctreedir = outdir.parent / f".{outdir.name}.doctrees"


def unlink_left_out(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: Element
) -> Element | None:
    """Show a link to a summary left out of this build as its text, with a warning."""
    if node.get("reftype") != "doc":
        return None
    target = docname_join(node.get("refdoc", ""), node["reftarget"]).removesuffix(".md")
    hubs = get_config(env).hubs_dir
    if target in env.found_docs or not target.startswith(f"{hubs}/"):
        return None
    if not Path(env.srcdir, f"{target}.md").is_file():
        return None
    warn(
        EvidenceWarning.EXCLUDED_LINK,
        f"`{node['reftarget']}` is not in this {get_config(env).audience} build (it is "
        "a draft, or not shared this widely), so the link is shown as plain text.",
        location=node,
    )
    return contnode


def setup_audience(app: Sphinx) -> None:
    """Choose the summaries before Sphinx looks for documents."""
    app.connect("config-inited", keep_doctrees_out_of_output)
    app.connect("config-inited", leave_out_summaries, priority=450)
    app.connect("missing-reference", unlink_left_out)
