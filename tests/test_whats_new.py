"""The "What's new" page: the latest changes, newest first, with what changed in
their themes, in a git repository made by the test."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from .helpers import GOOD_SUMMARY, build, evidence_warnings, git, summary_files
from .test_feeds import CONF, EASTMERE, SECOND, THIRD, committed_site

FOURTH = "2026-03-02T09:00:00+00:00"
SECOND_THEME = (
    "::::{theme} Reasoning improved\n:kind: finding\nPupils explained more.\n\n"
    ":::{implication}\nKeep going.\n:::\n::::\n"
)
TWO_THEMES = GOOD_SUMMARY.replace(
    ":::::\n\n:::{conclusion}", SECOND_THEME + ":::::\n\n:::{conclusion}"
)


def listing(result_html: str) -> list[str]:
    page = BeautifulSoup(result_html, "html.parser")
    return [
        " ".join(item.get_text(" ", strip=True).split())
        for item in page.select("ul.evidence-whats-new > li")
    ]


def test_the_page_lists_the_latest_changes_with_their_themes(tmp_path: Path) -> None:
    assert TWO_THEMES != GOOD_SUMMARY
    srcdir = committed_site(tmp_path)
    for name, text in summary_files(EASTMERE, "hubs/2023-24/eastmere").items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "Eastmere", date=SECOND)
    summary = srcdir / "hubs/2023-24/northshire/index.md"
    summary.write_text(TWO_THEMES.replace("Finding text.", "Finding text, clearer."))
    git(srcdir, "commit", "-qam", "More\n\nChange-note: A second theme", date=THIRD)
    result = build(srcdir)
    assert evidence_warnings(result) == []
    assert listing(result.html("whats-new")) == [
        "20 February 2026 : Northshire Maths Hub (2023/24) . Updated. A second theme "
        "Themes added: Reasoning improved "
        "Themes edited: Confidence with early number grew",
        "15 January 2026 : Eastmere Maths Hub (2023/24) . New summary.",
        "4 March 2025 : Northshire Maths Hub (2023/24) . New summary.",
    ]
    page = BeautifulSoup(result.html("whats-new"), "html.parser")
    links = [a["href"] for a in page.select("ul.evidence-whats-new a")]
    assert "hubs/2023-24/northshire/index.html#reasoning-improved" in links

    # A theme taken out is counted, never named.
    summary.write_text(GOOD_SUMMARY)
    git(srcdir, "commit", "-qam", "Less", date=FOURTH)
    again = build(srcdir, fresh=False)
    assert listing(again.html("whats-new"))[0] == (
        "2 March 2026 : Northshire Maths Hub (2023/24) . Updated. "
        "Themes edited: Confidence with early number grew "
        "1 theme added, edited or removed that the summary no longer has."
    )
    assert "Reasoning improved" not in again.html("whats-new")


def test_versions_readers_never_saw_are_not_listed(tmp_path: Path) -> None:
    conf = CONF.replace('evidence_audience = "preview"\n', "")
    draft = TWO_THEMES.replace("status: published", "status: draft")
    srcdir = committed_site(tmp_path, conf, draft)
    summary = srcdir / "hubs/2023-24/northshire/index.md"
    summary.write_text(GOOD_SUMMARY)  # published, with one theme
    git(srcdir, "commit", "-qam", "Published", date=SECOND)
    result = build(srcdir)
    assert listing(result.html("whats-new")) == [
        "15 January 2026 : Northshire Maths Hub (2023/24) . New summary."
    ]
    assert "Reasoning improved" not in result.html("whats-new")


def test_the_footer_links_to_the_page(tmp_path: Path) -> None:
    conf = CONF + (
        'html_theme = "pydata_sphinx_theme"\n'
        'html_theme_options = {"footer_start": ["evidence-footer-links.html"]}\n'
    )
    srcdir = committed_site(tmp_path, conf)
    (srcdir / "accessibility.md").write_text("# Accessibility\n")
    result = build(srcdir)
    page = BeautifulSoup(result.html("hubs/2023-24/northshire/index"), "html.parser")
    link = page.select_one(".evidence-footer-links").find("a", string="What's new")
    assert link["href"] == "../../../whats-new.html"
    assert "Northshire Maths Hub" in result.html("whats-new")
