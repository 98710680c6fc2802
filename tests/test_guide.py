"""The author guide's examples are real: together they build as a clean summary."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from hub_evidence.domain.store import get_domain
from hub_evidence.source.model import FRONT_MATTER_FIELDS, SECTION_TITLES
from hub_evidence.source.warnings_ import EvidenceWarning
from hub_evidence.tools.guide import GENERATED, generated_names, with_tables
from hub_evidence.tools.siteconf import read_settings

from .helpers import build, summary_files, write_site
from .views_site import SITE_INDEX, site_files

SNIPPETS = sorted((Path(__file__).parent.parent / "docs/snippets").glob("[0-9]-*.md"))
GUIDE = Path(__file__).parent.parent / "docs"


def test_the_guide_snippets_make_a_summary_without_warnings(tmp_path: Path) -> None:
    assert [p.name[0] for p in SNIPPETS] == list("123456")
    text = "\n".join(p.read_text() for p in SNIPPETS)
    result = build(
        write_site(tmp_path / "src", summary_files(text, folder="hubs/2023-24/example"))
    )
    assert result.warnings == []
    record = get_domain(result.app.env).summaries["hubs/2023-24/example/index"]
    assert record.sections == tuple(SECTION_TITLES)
    assert [t.kind for t in record.themes] == ["finding", "process"]
    soup = BeautifulSoup(result.html("hubs/2023-24/example/index"), "html.parser")
    assert soup.select_one("#confidence-with-early-number-grew") is not None


def test_every_snippet_is_shown_in_the_guide() -> None:
    guide = "".join(page.read_text() for page in GUIDE.glob("*.md"))
    for snippet in (GUIDE / "snippets").glob("*.md"):
        assert f"snippets/{snippet.name}" in guide


def test_the_warnings_table_lists_every_subtype(built_site: Path) -> None:
    soup = BeautifulSoup(
        (built_site / "docs/reference/warnings.html").read_text(), "html.parser"
    )
    listed = [
        row.find("td").get_text(strip=True) for row in soup.select("table tbody tr")
    ]
    assert listed == [f"evidence.{w.subtype}" for w in EvidenceWarning]


def test_the_cross_hub_example_builds_cleanly(tmp_path: Path) -> None:
    files = site_files()
    files["topic.md"] = (GUIDE / "snippets/views.md").read_text()
    index = SITE_INDEX.replace("findings\n", "findings\ntopic\n")
    result = build(write_site(tmp_path / "src", files, index=index))
    assert result.warnings == []
    page = BeautifulSoup(result.html("topic"), "html.parser")
    assert page.select("svg.evidence-chart")
    assert page.select("ol.evidence-timeline")


REFERENCE_PAGES = sorted((GUIDE / "reference").glob("*.md"))


def test_the_reference_pages_hold_the_tables_the_code_makes() -> None:
    """The tables are written into the pages (readable in the repository), and
    exactly as the code makes them now: `nox -s guide` rewrites them."""
    named = [
        name for page in REFERENCE_PAGES for name in generated_names(page.read_text())
    ]
    assert sorted(named) == sorted(GENERATED), "every table is in one page, once"
    settings = read_settings(GUIDE.parent)  # the site's, as `nox -s guide` reads
    for page in REFERENCE_PAGES:
        text = page.read_text()
        assert with_tables(text, settings) == text, (
            f"{page.relative_to(GUIDE.parent)} is not as the code makes it: "
            "run `nox -s guide` and commit the pages it changes."
        )
        for name in generated_names(text):
            assert "| --- |" in text.split(f"generated: {name} ", 1)[1], name


def test_the_reference_pages_spell_plurals_and_dashes_right(built_site: Path) -> None:
    pages = {
        page.stem: BeautifulSoup(
            (built_site / f"docs/reference/{page.stem}.html").read_text(),
            "html.parser",
        )
        for page in REFERENCE_PAGES
    }
    assert pages
    for name, soup in pages.items():
        text = soup.get_text()
        assert "statuss" not in text.casefold(), name
    assert "Statuses" in [
        h.get_text().strip("#¶ ") for h in pages["vocabularies"].find_all("h2")
    ]
    assert "the statuses" in pages["front-matter"].get_text()
    # `---` in a sentence of the guide is code, never turned into a dash.
    row = next(
        tr
        for tr in pages["warnings"].select("table tbody tr")
        if tr.find("td").get_text(strip=True) == "evidence.front_matter"
    )
    assert [code.get_text() for code in row.select("code")] == [
        "evidence.front_matter",
        "---",
    ]
    assert "\u2014" not in row.get_text()


def test_every_front_matter_example_can_be_copied_as_it_is() -> None:
    """The reference's examples (also in the messages) are valid front matter."""
    assert FRONT_MATTER_FIELDS
    for name, field in FRONT_MATTER_FIELDS.items():
        example = field.metadata["example"]
        value = yaml.safe_load(f"{name}: {example}")[name]
        if field.metadata["kind"] in ("texts", "terms", "tags") and "[" in example:
            assert isinstance(value, list), name
