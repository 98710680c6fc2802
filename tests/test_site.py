"""The repository's own site: every example summary is complete and illustrative."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import REPOSITORY

SUMMARIES = sorted(REPOSITORY.glob("hubs/*/*/index.md"))


def front_matter(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text().split("---\n")[1])
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    "source", SUMMARIES, ids=lambda p: str(p.parent.relative_to(REPOSITORY / "hubs"))
)
def test_example_summary_shows_every_section_and_anchored_themes(
    preview_site: Path, source: Path
) -> None:
    page = preview_site / source.relative_to(REPOSITORY).with_suffix(".html")
    soup = BeautifulSoup(page.read_text(), "html.parser")
    sections = [s["id"] for s in soup.select("section.evidence-section")]
    assert sections[:4] == ["context", "activity", "themes", "conclusion"]
    rows = soup.select("#themes table.evidence-themes tbody tr")
    assert rows
    for row in rows:
        title = row.select_one("td:first-child .evidence-theme-title")
        anchor = title["id"]
        assert title.select_one(f'a.evidence-permalink[href="#{anchor}"]')
        assert row.select_one("td:nth-child(2) .evidence-implication").get_text(
            strip=True
        )
    assert soup.select_one(".evidence-illustrative"), (
        "every example is marked illustrative"
    )
    assert "Owned by" in soup.select_one(".evidence-ownership").get_text()


def test_examples_cover_every_feature() -> None:
    data = [front_matter(path) for path in SUMMARIES]

    def values(key: str) -> set[str]:
        found: set[str] = set()
        for item in data:
            value = item.get(key)
            found |= set(value) if isinstance(value, list) else {str(value)}
        return found

    years = [item["year"] for item in data]
    assert years.count("2023/24") == 9
    assert years.count("2024/25") >= 3
    slugs_by_year = {
        year: {p.parent.name for p in SUMMARIES if p.parent.parent.name == year}
        for year in ("2023-24", "2024-25")
    }
    assert slugs_by_year["2023-24"] & slugs_by_year["2024-25"], "one hub in both years"
    assert values("strategic_goal") >= {"primary", "secondary", "post-16", "llme"}
    assert len(values("region")) >= 7
    assert values("sharing") == {"hub", "network", "public"}
    assert values("status") == {"draft", "review", "published"}
    assert values("anonymised_use") == {"True", "False"}
    assert all(item.get("illustrative") is True for item in data)
    assert (REPOSITORY / "hubs/2023-24/northshire/index.md").is_file(), (
        "the Word example, imported by hand"
    )


def test_the_site_holds_exactly_the_published_network_summaries(
    built_site: Path,
) -> None:
    for source in SUMMARIES:
        data = front_matter(source)
        published = data["status"] == "published" and data["sharing"] != "hub"
        folder = built_site / source.parent.relative_to(REPOSITORY)
        assert folder.exists() == published, source


def test_preview_pages_say_they_are_not_for_publication(
    preview_site: Path, built_site: Path
) -> None:
    def banner(page: Path) -> bool:
        text = BeautifulSoup(page.read_text(), "html.parser").get_text()
        return "Preview — not for publication" in text

    assert banner(preview_site / "index.html")
    assert banner(preview_site / "hubs/2024-25/brackenmoor/index.html")
    assert not banner(built_site / "index.html")


def test_every_page_has_one_description_saying_what_it_is(built_site: Path) -> None:
    pages = [
        page
        for page in sorted(built_site.rglob("*.html"))
        if not page.relative_to(built_site).parts[0].startswith("_")  # the theme's
    ]
    assert len(pages) > 50
    descriptions = {}
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        tags = soup.select('head meta[name="description"]')
        assert len(tags) == 1, page
        descriptions[page.relative_to(built_site).as_posix()] = tags[0]["content"]
    assert all(0 < len(text) <= 200 for text in descriptions.values())
    # A summary's: its hub, its year and its first research question.
    data = front_matter(REPOSITORY / "hubs/2023-24/northshire/index.md")
    questions = data["research_questions"]
    assert isinstance(questions, list)
    described = descriptions["hubs/2023-24/northshire/index.html"]
    assert described.startswith(f"{data['hub']}, evaluation summary 2023/24: ")
    assert questions[0].startswith(described.split(": ", 1)[1].rstrip("…"))
    # A browse page's: its introduction; another page's: its first paragraph.
    assert "Primary" in descriptions["browse/strategic-goal/primary.html"]
    assert descriptions["index.html"] != descriptions["findings.html"]
