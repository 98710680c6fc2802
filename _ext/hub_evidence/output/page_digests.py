"""What the pages made from the records share: their digests, kept between
builds, and their order.

The browse pages (:mod:`.browse.pages`) and the synthesis pages
(:mod:`.synthesis.pages`) are written only when their digest changed. Each
kind keeps its pages' digests in one file of the doctree folder, with the
output folder and builder they were written for and the build's settings, so
that another output folder, builder or setting starts again.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sphinx.application import Sphinx

D = TypeVar("D")


class Linkable(Protocol):
    """A page read in order: a dataclass with ``previous`` and ``following``."""

    __dataclass_fields__: ClassVar[dict[str, dc.Field[Any]]]

    @property
    def pagename(self) -> str: ...


P = TypeVar("P", bound=Linkable)


def sha256(value: object) -> str:
    """A digest of ``value``'s repr (the same in every process for records,
    which are frozen dataclasses, and for the tuples and strings around them)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


@cache
def code_digest() -> str:
    """A digest of the extension's code and page templates: a page made from
    the records is written again when the code that makes it changes, as a
    fresh build would write it."""
    package = Path(__file__).parents[1]
    files = sorted(
        path
        for suffix in ("py", "html")
        for path in package.rglob(f"*.{suffix}")
        if "__pycache__" not in path.parts
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dc.dataclass(frozen=True)
class DigestFile:
    """One kind of pages' digests, in the doctree folder."""

    name: str

    def path(self, app: Sphinx) -> Path:
        return Path(app.doctreedir, self.name)

    def read(self, app: Sphinx, parse: Callable[[Any], D]) -> tuple[dict[str, D], str]:
        """The digests of the pages last written (each read with ``parse``),
        and of the settings they had; none when they were written elsewhere."""
        try:
            data = json.loads(self.path(app).read_text(encoding="utf-8"))
            if data["outdir"] != str(app.outdir) or data["builder"] != app.builder.name:
                return {}, ""
            pages = {str(name): parse(value) for name, value in data["pages"].items()}
            return pages, str(data["settings"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}, ""

    def write(self, app: Sphinx, digests: Mapping[str, object], settings: str) -> None:
        """Remember the digests of the pages written (or about to be kept)."""
        data = {
            "outdir": str(app.outdir),
            "builder": app.builder.name,
            "settings": settings,
            "pages": digests,
        }
        Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
        self.path(app).write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


def linked(pages: list[P]) -> list[P]:
    """Pages of one kind (dataclasses with ``pagename``, ``previous`` and
    ``following``), each with its neighbours as previous and next."""
    names = [page.pagename for page in pages]
    return [
        dc.replace(
            page,
            previous=names[index - 1] if index else None,
            following=names[index + 1] if index + 1 < len(names) else None,
        )
        for index, page in enumerate(pages)
    ]
