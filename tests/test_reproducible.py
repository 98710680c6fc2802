"""Two clean builds of one commit are byte-identical, wherever they are made."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from .conftest import NOT_SOURCE
from .helpers import sphinx_build


def digests(site: Path) -> dict[str, str]:
    """Every file of a built site, by its path, with the sha256 of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file()
    }


def test_a_second_clean_build_elsewhere_is_byte_identical(
    built_site: Path, site_checkout: Path, tmp_path: Path
) -> None:
    # Another checkout of the same commit (history included, for "Last
    # updated"), another output folder, one process instead of two.
    checkout = tmp_path / "another-checkout"
    shutil.copytree(site_checkout, checkout, ignore=NOT_SOURCE, symlinks=True)
    again = tmp_path / "html"
    sphinx_build(checkout, again, "-j", "1", "-d", str(tmp_path / "doctrees"))

    first, second = digests(built_site), digests(again)
    differing = sorted(
        p for p in first.keys() | second.keys() if first.get(p) != second.get(p)
    )
    assert differing == []
    # The comparison covers pages, both search indices, the exports and feeds.
    kinds = {
        "hubs/2023-24/northshire/index.html",
        "evidence.json",
        "feeds/all.atom",  # dated from the history, which the copy keeps
        "whats-new.html",
    }
    assert kinds <= first.keys()
    assert any(p.startswith("pagefind/filter/") for p in first)
    assert any(p.startswith("pagefind-site/index/") for p in first)
    assert any(p.startswith("anonymised/") for p in first)
    assert any(p.endswith("-pack.docx") for p in first)  # the evaluation packs
