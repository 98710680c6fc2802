"""The summary header, the catalogue's cards and the badges are sphinx-design's.

They are made like the grid, card and badge sphinx-design itself makes
(:mod:`hub_evidence.source.design`), never from copies of its class names, so
a release that renames a class restyles them as it restyles its own.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from .helpers import (
    GOOD_SUMMARY,
    SITE_INDEX,
    Build,
    build,
    sphinx_build,
    summary_files,
    write_site,
)

EXTENSION = Path(__file__).parent.parent / "_ext"

INDEX = (
    SITE_INDEX
    + """
## Our catalogue

```{hub-catalogue}
```

## Made by sphinx-design

::::{grid} 1 1 2 3
:gutter: 3

:::{grid-item-card} An author's card
Text {bdg}`Badge`
:::
::::
"""
)
"""The catalogue, and what an author gets from sphinx-design for the same grid
(one column, two from medium screens, three from large ones) and card."""

SUMMARY = "hubs/2023-24/northshire/index"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = tmp_path_factory.mktemp("design") / "src"
    return build(write_site(srcdir, summary_files(GOOD_SUMMARY), index=INDEX))


def page(site: Build, docname: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(docname), "html.parser")


def child(element: Tag, name: str, number: int = 0) -> Tag:
    """The ``number``-th child element named ``name``."""
    found = element.find_all(name, recursive=False)
    assert len(found) > number, (name, element)
    return found[number]


def theirs(tag: Tag) -> set[str]:
    """The classes of ``tag`` that are not the site's own (``evidence-*``)."""
    classes = tag.get("class") or []
    assert classes, tag.name
    return {name for name in classes if not name.startswith("evidence-")}


def grid_parts(grid: Tag, text: Tag) -> dict[str, set[str]]:
    """The classes of a grid, its row, first column, that column's card, the
    card's body and title, and of ``text``, a paragraph of the card's text."""
    row = child(grid, "div")
    column = child(row, "div")
    card = child(column, "div")
    body = child(card, "div")
    parts = [grid, row, column, card, body, child(body, "div"), text]
    names = ("grid", "row", "column", "card", "body", "title", "text")
    return {name: theirs(tag) for name, tag in zip(names, parts, strict=True)}


def made_by_sphinx_design(site: Build) -> dict[str, set[str]]:
    """The parts of the grid sphinx-design made for the author."""
    grid = child(page(site, "index").find("section", id="made-by-sphinx-design"), "div")
    [text] = [p for p in grid.find_all("p") if p.get_text().startswith("Text")]
    return grid_parts(grid, text)


def test_builds_cleanly(site: Build) -> None:
    assert site.warnings == []


def test_catalogue_is_the_grid_and_cards_sphinx_design_makes(site: Build) -> None:
    ours = child(page(site, "index").find("section", id="our-catalogue"), "div")
    assert "evidence-catalogue" in ours["class"]
    # The question is the card's text; the other lines are the site's own.
    question = ours.select_one(".evidence-card-question")
    assert question is not None
    assert grid_parts(ours, question) == made_by_sphinx_design(site)


def test_header_is_the_card_sphinx_design_makes(site: Build) -> None:
    made = made_by_sphinx_design(site)
    header = page(site, SUMMARY).select_one(".evidence-summary-header")
    assert header is not None
    body = child(header, "div")
    assert (theirs(header), theirs(body)) == (made["card"], made["body"])


def test_badges_are_the_badges_sphinx_design_makes(site: Build) -> None:
    made = page(site, "index").find("span", string="Badge")
    assert made is not None
    summary = page(site, SUMMARY)
    badges = summary.select(".evidence-ownership span, .evidence-theme-meta span")
    assert len(badges) >= 4  # three about ownership, the theme's kind and tag
    assert {frozenset(theirs(badge)) for badge in badges} == {frozenset(theirs(made))}


def test_sphinx_designs_stylesheet_is_in_the_output_wherever_it_is(
    tmp_path: Path,
) -> None:
    """Also when the output folder is outside the sources (sphinx-design before
    0.8 keeps its stylesheet in a folder of the output)."""
    srcdir = write_site(tmp_path / "src", summary_files(GOOD_SUMMARY))
    sphinx_build(srcdir, tmp_path / "elsewhere")
    html = (tmp_path / "elsewhere/index.html").read_text()
    sheets = re.findall(r'href="(_static/sphinx-design[^"?]*)', html)
    assert sheets
    assert all((tmp_path / "elsewhere" / sheet).is_file() for sheet in sheets)


SD_CLASS = re.compile(r"(?:^|\s)sd-[a-z]")


def test_no_sphinx_design_class_name_is_copied_into_python() -> None:
    """No string in the extension's Python names a sphinx-design class."""
    sources = sorted(EXTENSION.rglob("*.py"))
    assert sources
    copied = [
        f"{path.relative_to(EXTENSION)}:{node.lineno}: {node.value!r}"
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and SD_CLASS.search(node.value)
    ]
    assert copied == []
