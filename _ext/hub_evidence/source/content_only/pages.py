"""Which files under the hubs folder are pages: Markdown files of their folder.

Sphinx reads every source file it finds under the hubs folder, following
symbolic links, and chooses the parser by the file's suffix. A page that is a
symbolic link to a file outside its folder (``notes.md`` ->
``/home/runner/.ssh/...``) would be published whole; a page in another format
(``notes.rst``) would be parsed by a parser that runs ``include`` and ``raw``.
Both are added to ``exclude_patterns`` at ``config-inited``, as the audience's
left-out summaries are, so Sphinx never reads them and nothing of them reaches
any output.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..warnings_ import EvidenceWarning, warn
from .folders import folder_name, reaches_outside

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config

MARKDOWN = ".md"


def page_suffixes(app: Sphinx, config: Config) -> set[str]:
    """The file suffixes Sphinx reads as pages (``.md``, ``.rst`` ...)."""
    configured: Any = config.source_suffix
    if isinstance(configured, str):
        configured = [configured]
    return {str(suffix) for suffix in configured} | set(app.registry.source_suffix)


def _files(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, through symbolic links, as Sphinx finds them."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath, name)


def _escape(path: str) -> str:
    """``path`` as an ``exclude_patterns`` pattern that matches itself.

    (``[`` becomes ``[\\[]``, which Sphinx's patterns read as ``[`` or ``\\``:
    ``[[]`` would match ``[`` only, but makes Python warn of a nested set.)
    """
    escapes = {"*": "[*]", "?": "[?]", "[": "[\\[]"}
    return "".join(escapes.get(c, c) for c in path)


def leave_out_unsafe_pages(app: Sphinx, config: Config) -> None:
    """Exclude pages under the hubs folder that are links out, or not Markdown."""
    hubs_dir = str(config.evidence_hubs_dir)
    srcdir = Path(app.srcdir)
    hubs = srcdir / hubs_dir
    if not hubs.is_dir():
        return
    suffixes = page_suffixes(app, config)
    left_out: list[str] = []
    for path in _files(hubs):
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is None:
            continue
        relative = path.relative_to(srcdir).as_posix()
        docname = relative.removesuffix(suffix)
        refusal = _refusal(srcdir, hubs_dir, docname, path, suffix)
        if refusal:
            warn(*refusal, location=f"{path}:1")
            left_out.append(_escape(relative))
    if left_out:
        config.exclude_patterns = [*config.exclude_patterns, *left_out]


def _refusal(
    srcdir: Path, hubs_dir: str, docname: str, path: Path, suffix: str
) -> tuple[EvidenceWarning, str] | None:
    """Why the page at ``path`` is left out, or None if it is not."""
    folder = folder_name(hubs_dir, docname)
    try:
        outside, _ = reaches_outside(srcdir, hubs_dir, docname, path.name)
    except (OSError, ValueError):
        outside = True
    if outside:
        return EvidenceWarning.OUTSIDE_FILE, (
            f"This page is a symbolic link (a shortcut) to a file outside its "
            f"folder (`{folder}`), so it is left out of the site. Copy the page "
            "itself into the folder instead."
        )
    if suffix != MARKDOWN:
        return EvidenceWarning.NOT_MARKDOWN, (
            f"Pages under the hubs folder are Markdown (`{MARKDOWN}`) files; this "
            f"`{suffix}` page is left out of the site. Write it in Markdown and "
            f"save it as `{path.name.removesuffix(suffix)}{MARKDOWN}`."
        )
    return None
