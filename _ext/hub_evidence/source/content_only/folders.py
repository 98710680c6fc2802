"""Which files a page under the hubs folder may use: those of its own folder.

A summary may link, show and offer for download the files beside it (its
appendices, its figures), and nothing else: not a file reached with ``../``,
not one reached through a symbolic link, not a picture on another web site
(which every reader's browser would fetch). Sphinx copies images into
``_images`` and downloads into ``_downloads`` at ``doctree-read``, so
:class:`FilesOutsideTransform` drops the nodes that reach out before that.
(A page that is itself a symbolic link out of its folder is never read:
:mod:`.pages`.)
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..config import get_config
from ..warnings_ import EvidenceWarning
from .allowed import FILE_INSTEAD, IMAGE_INSTEAD, USE_MARKDOWN
from .refused import refuse

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", "ftps"})
"""Link schemes a reader's browser follows without running anything."""


def own_folder(docname: str, hubs_dir: str) -> tuple[str, bool] | None:
    """The folder whose files a page under the hubs folder may use.

    For a page in a hub's folder (``hubs/<year>/<hub>/...``) it is the hub's
    folder, subfolders included: the summary and its appendix pages share
    their files. For a year page or the hubs folder's own page it is the
    page's folder only, not the hubs' folders below it (a draft's files among
    them). Returns ``(folder relative to the source folder, subfolders too)``,
    or None for a page outside the hubs folder.
    """
    prefix = hubs_dir.split("/")
    parts = docname.split("/")
    if parts[: len(prefix)] != prefix or len(parts) <= len(prefix):
        return None
    if len(parts) >= len(prefix) + 3:
        return "/".join(parts[: len(prefix) + 2]), True
    return "/".join(parts[:-1]), False


def is_hubs_page(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is a page under the hubs folder."""
    return own_folder(docname, get_config(env).hubs_dir) is not None


def _is_inside(real: Path, root: Path, subfolders: bool) -> bool:
    if subfolders:
        return real != root and real.is_relative_to(root)
    return real.parent == root


def reaches_outside(
    srcdir: str | os.PathLike[str], hubs_dir: str, docname: str, target: str
) -> tuple[bool, bool]:
    """Whether ``target``, as written in ``docname``, is outside the page's folder.

    Symbolic links are followed (a link in the folder to ``/etc`` is outside),
    and a target written as ``/x`` is, as Sphinx reads it, in the source folder.
    Returns ``(outside, through a symbolic link)``.
    """
    where = own_folder(docname, hubs_dir)
    if where is None:
        return False, False
    folder, subfolders = where
    srcdir = Path(os.path.realpath(srcdir))
    root = srcdir / folder
    page_folder = srcdir / docname.rpartition("/")[0]
    written = (
        srcdir / target.lstrip("/") if target.startswith("/") else page_folder / target
    )
    lexical = Path(os.path.normpath(written))
    paths = [lexical]
    if target.endswith(".*"):
        # Sphinx picks the image ``figure.*`` among the files that match.
        paths += list(lexical.parent.glob(lexical.name))
    for path in paths:
        if not _is_inside(Path(os.path.realpath(path)), root, subfolders):
            return True, _is_inside(lexical, root, subfolders)
    return False, False


def folder_name(hubs_dir: str, docname: str) -> str:
    """The page's own folder as authors see it, e.g. ``hubs/2023-24/north/``."""
    where = own_folder(docname, hubs_dir)
    return f"{where[0]}/" if where else ""


def _line(node: nodes.Node) -> int:
    """The line of ``node`` or of the nearest enclosing node that has one."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return current.line
        current = current.parent
    return 1


class FilesOutsideTransform(SphinxTransform):
    """Drop images, downloads and links that reach outside the page's folder."""

    # Before SummaryRecordTransform (710) records the appendices' downloads, and
    # before doctree-read, when Sphinx copies images and downloads.
    default_priority = 690

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        if not is_hubs_page(self.env, docname):
            return
        for image in list(self.document.findall(nodes.image)):
            self._check_image(docname, image)
        for download in list(self.document.findall(addnodes.download_reference)):
            self._check_download(docname, download)
        for reference in list(self.document.findall(nodes.reference)):
            self._check_link(docname, reference)
        for raw in list(self.document.findall(nodes.raw)):
            # Never made from a hubs page (the parser refuses HTML): a safety net.
            refuse(
                self.env,
                EvidenceWarning.HTML,
                f"This block would put raw HTML into the page; it is left out. "
                f"Instead, {USE_MARKDOWN}.",
                location=(docname, _line(raw)),
            )
            raw.parent.remove(raw)

    def _check_image(self, docname: str, image: nodes.image) -> None:
        uri = str(image.get("uri", ""))
        where = (docname, _line(image))
        if URL_SCHEME.match(uri) or uri.startswith("//"):
            refuse(
                self.env,
                EvidenceWarning.REMOTE_FILE,
                f"The image `{uri[:80]}` is not a file in this summary's folder, so "
                "every reader's browser would fetch it from elsewhere; it is left "
                f"out. Instead, {IMAGE_INSTEAD}.",
                location=where,
            )
        elif self._outside(docname, uri, "image", where):
            pass
        else:
            return
        image.parent.remove(image)

    def _check_download(
        self, docname: str, download: addnodes.download_reference
    ) -> None:
        target = str(download.get("reftarget", ""))
        if "://" in target:  # a link to the web, which Sphinx does not fetch
            return
        if self._outside(docname, target, "file", (docname, _line(download))):
            download.replace_self(nodes.inline(download.astext(), download.astext()))

    def _check_link(self, docname: str, reference: nodes.reference) -> None:
        uri = str(reference.get("refuri", ""))
        scheme = URL_SCHEME.match(uri)
        if scheme is None or scheme.group(0)[:-1].lower() in SAFE_LINK_SCHEMES:
            return
        refuse(
            self.env,
            EvidenceWarning.SCRIPT_LINK,
            f"The link to `{uri[:80]}` is not a web address (`https://…`) or a "
            "page of the site, and could run code in the reader's browser; it is "
            "left out (its text is shown as plain text). Link to a web page or to a "
            "page of the site.",
            location=(docname, _line(reference)),
        )
        text = reference.astext()
        if text.strip() == uri.strip():  # (a card's hidden link text is its address)
            reference.parent.remove(reference)
        else:
            reference.replace_self(nodes.inline(text, text))

    def _outside(
        self, docname: str, target: str, what: str, where: tuple[str, int]
    ) -> bool:
        hubs_dir = get_config(self.env).hubs_dir
        try:
            outside, linked = reaches_outside(
                self.env.srcdir, hubs_dir, docname, target
            )
        except (OSError, ValueError):  # a path the system cannot even look up
            outside, linked = True, False
        if not outside:
            return False
        how = (
            "is a symbolic link (a shortcut) to a file outside it"
            if linked
            else "is outside it"
        )
        instead = IMAGE_INSTEAD if what == "image" else FILE_INSTEAD
        refuse(
            self.env,
            EvidenceWarning.OUTSIDE_FILE,
            f"The {what} `{target[:80]}` {how}: a page may only use the files in "
            f"its own folder (`{folder_name(hubs_dir, docname)}`). Nothing of it "
            f"is published. Instead, {instead}.",
            location=where,
        )
        return True
