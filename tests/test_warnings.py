"""Every author mistake is a located, typed, suppressible ``evidence.*`` warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub_evidence.source.warnings_ import EvidenceWarning

from .helpers import GOOD_SUMMARY, build, build_summary, summary_files, write_site
from .test_content_only import CASES as CONTENT_CASES
from .test_content_only import PAGES as CONTENT_PAGES
from .test_mistakes import CASES as MISTAKE_CASES

THEMES_BLOCK = GOOD_SUMMARY[
    GOOD_SUMMARY.index(":::::{themes}") : GOOD_SUMMARY.index(":::{conclusion}")
]
THEME_BLOCK = THEMES_BLOCK[
    THEMES_BLOCK.index("::::{theme}") : THEMES_BLOCK.index(":::::\n")
]
CONCLUSION = ":::{conclusion}\nProse.\n:::\n"
APPENDICES = GOOD_SUMMARY[GOOD_SUMMARY.index(":::{appendices}") :]


def changed(old: str, new: str, text: str = GOOD_SUMMARY) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (id, summary text, expected [(line, subtype)], words the first message must contain)
CASES = [
    ("empty-file", "", [(1, "front_matter")], "empty"),
    (
        "no-front-matter",
        GOOD_SUMMARY[GOOD_SUMMARY.index("# Northshire") :],
        [(1, "front_matter")],
        "no front matter",
    ),
    (
        "malformed-yaml",
        changed("region: North West", "region: [North West"),
        [(5, "front_matter")],
        "not valid YAML",
    ),
    (
        "front-matter-not-keys",
        "---\n- a list\n---\n" + GOOD_SUMMARY[GOOD_SUMMARY.index("# Northshire") :],
        [(2, "front_matter")],
        "key: value",
    ),
    (
        "front-matter-never-closed",
        changed(
            "anonymised_use: true               # may findings be used, anonymised, in strategic-goal evaluation\n---\n",
            "anonymised_use: true\n",
        ),
        [(1, "front_matter")],
        "never ends",
    ),
    (
        "missing-key",
        changed("region: North West\n", ""),
        [(1, "missing_key")],
        "no `region`",
    ),
    (
        "empty-value",
        changed("case: Six primary schools in two coastal towns ...", "case:"),
        [(8, "missing_key")],
        "`case` has no value",
    ),
    (
        "unknown-key",
        changed("strategic_goal:", "strategic_goals:"),
        [(5, "unknown_key"), (1, "missing_key")],
        "Did you mean `strategic_goal`?",
    ),
    (
        "duplicate-key",
        changed("year: 2023/24\n", "year: 2023/24\nhub: Another Maths Hub\n"),
        [(4, "duplicate_key")],
        "given twice",
    ),
    (
        "unknown-region",
        changed("region: North West", "region: North Wset"),
        [(4, "vocabulary")],
        "Did you mean `North West`?",
    ),
    (
        "unknown-region-in-list",
        changed("region: North West", "region:\n  - London\n  - Mars"),
        [(6, "vocabulary")],
        "`Mars` is not a region",
    ),
    (
        "unknown-goal",
        changed("strategic_goal: primary ", "strategic_goal: primry "),
        [(5, "vocabulary")],
        "Did you mean `primary`?",
    ),
    (
        "unknown-status",
        changed("status: published", "status: publish"),
        [(12, "vocabulary")],
        "Did you mean `published`?",
    ),
    (
        "unknown-sharing",
        changed("sharing: network", "sharing: everyone"),
        [(13, "vocabulary")],
        "`hub`, `network` or `public`",
    ),
    (
        "unknown-focus",
        changed(
            "focus: [strategic-goal, local, tsm]", "focus: [strategic-goal, locale]"
        ),
        [(10, "vocabulary")],
        "Did you mean `local`?",
    ),
    (
        "questions-not-a-list",
        changed("research_questions:\n  - How has ... ?", "research_questions: {a: b}"),
        [(6, "wrong_type")],
        "should be text",
    ),
    (
        "flag-not-true-or-false",
        changed("anonymised_use: true", "anonymised_use: maybe"),
        [(14, "wrong_type")],
        "`true` or `false`",
    ),
    (
        "year-not-academic",
        changed("year: 2023/24", "year: 2023"),
        [(3, "year")],
        "like `2023/24`",
    ),
    (
        "year-with-hyphen",
        changed("year: 2023/24", "year: 2023-24"),
        [(3, "year")],
        "`year: 2023/24`",
    ),
    (
        "year-not-consecutive",
        changed("year: 2023/24", "year: 2023/25"),
        [(3, "year")],
        "like `2023/24`",
    ),
    (
        "year-not-the-folder",
        changed("year: 2023/24", "year: 2024/25"),
        [(3, "year")],
        "folder `2023-24`",
    ),
    (
        "tag-not-a-slug",
        changed("tags: [mastering-number, early-years]", "tags: [Mastering Number]"),
        [(11, "tag")],
        "`mastering-number`",
    ),
    ("no-title", changed("# Northshire Maths Hub\n", ""), [(1, "title")], "no title"),
    (
        "missing-section",
        changed(CONCLUSION, ""),
        [(41, "missing_section")],
        "no `conclusion` section",
    ),
    (
        "duplicate-section",
        GOOD_SUMMARY + "\n:::{context}\nAgain.\n:::\n",
        [(49, "duplicate_section")],
        "given twice",
    ),
    (
        "sections-out-of-order",
        changed(CONCLUSION + "\n" + APPENDICES, APPENDICES + "\n" + CONCLUSION),
        [(45, "section_order")],
        "template's order",
    ),
    (
        "empty-section",
        changed(":::{context}\nProse, any MyST.\n:::", ":::{context}\n:::"),
        [(19, "empty_section")],
        "is empty",
    ),
    (
        "section-inside-a-block",
        changed(CONCLUSION, "::::{note}\nA note.\n\n" + CONCLUSION + "::::\n"),
        [(43, "misplaced")],
        "inside another block",
    ),
    (
        "theme-outside-themes",
        GOOD_SUMMARY + "\n" + THEME_BLOCK.replace("Confidence", "Stray"),
        [(49, "misplaced")],
        "not inside the `themes`",
    ),
    (
        "implication-outside-theme",
        GOOD_SUMMARY + "\n:::{implication}\nLost?\n:::\n",
        [(49, "misplaced")],
        "not inside a theme",
    ),
    (
        "theme-without-implication",
        changed(":::{implication}\nWhat the hub might do about it.\n:::\n", ""),
        [(29, "no_implication")],
        "has no implication",
    ),
    (
        "empty-implication",
        changed("What the hub might do about it.\n", ""),
        [(34, "empty_section")],
        "implication is empty",
    ),
    (
        "themes-without-theme",
        changed(THEMES_BLOCK, ":::::{themes}\nJust prose.\n:::::\n\n"),
        [(28, "no_themes")],
        "no theme",
    ),
    (
        "theme-without-title",
        changed("::::{theme} Confidence with early number grew", "::::{theme}"),
        [(29, "theme_title")],
        "no title",
    ),
    (
        "two-themes-one-title",
        changed(THEME_BLOCK, THEME_BLOCK + THEME_BLOCK),
        [(38, "theme_title")],
        "same link",
    ),
    (
        "text-between-themes",
        changed(THEME_BLOCK, THEME_BLOCK + "\nA stray paragraph.\n\n"),
        [(39, "stray_content")],
        "not inside a `theme`",
    ),
    (
        "unknown-option",
        changed(":kind: finding", ":knd: finding"),
        [(30, "unknown_option")],
        "Did you mean `:kind:`?",
    ),
    (
        "unknown-kind",
        changed(":kind: finding", ":kind: findng"),
        [(30, "vocabulary")],
        "Did you mean `finding`?",
    ),
    (
        "unknown-method",
        changed(":methods: interviews, survey", ":methods: interviews, surveys"),
        [(24, "vocabulary")],
        "Did you mean `survey`?",
    ),
    (
        "no-methods",
        changed(":methods: interviews, survey, lesson-observation\n", ""),
        [(23, "option_value")],
        ":methods:",
    ),
    (
        "bad-theme-name",
        changed(":kind: finding", ":kind: finding\n:name: Not An Anchor"),
        [(31, "option_value")],
        "not a usable anchor",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_mistake_gives_located_typed_warning(
    tmp_path: Path, text: str, expected: list[tuple[int, str]], words: str
) -> None:
    result = build_summary(tmp_path, text)
    got = [(w.line, w.type) for w in result.warnings]
    assert got == [(line, f"evidence.{subtype}") for line, subtype in expected], (
        result.warnings
    )
    assert all(w.file == "hubs/2023-24/northshire/index.md" for w in result.warnings)
    assert words in result.warnings[0].message


@pytest.mark.parametrize(
    ("text", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_warning_can_be_suppressed(
    tmp_path: Path, text: str, expected: list[tuple[int, str]]
) -> None:
    subtypes = sorted({f"evidence.{subtype}" for _, subtype in expected})
    result = build_summary(tmp_path, text, suppress_warnings=subtypes)
    assert result.warnings == []


def test_wrong_encoding_is_reported_on_its_line(tmp_path: Path) -> None:
    text = GOOD_SUMMARY.encode().replace(
        b"Prose, any MyST.", b"Caf\xe9 and \x93quotes\x94"
    )
    result = build_summary(tmp_path, text)
    assert [(w.line, w.type) for w in result.warnings] == [(20, "evidence.encoding")]
    assert "UTF-8" in result.warnings[0].message


def test_summary_outside_a_year_folder(tmp_path: Path) -> None:
    srcdir = write_site(
        tmp_path / "src", summary_files(GOOD_SUMMARY, folder="hubs/2023/northshire")
    )
    result = build(srcdir)
    assert [(w.file, w.line, w.type) for w in result.warnings] == [
        ("hubs/2023/northshire/index.md", 1, "evidence.location")
    ]


def test_one_summary_per_hub_per_year(tmp_path: Path) -> None:
    files = summary_files(GOOD_SUMMARY) | summary_files(
        GOOD_SUMMARY, folder="hubs/2023-24/northshire-again"
    )
    result = build(write_site(tmp_path / "src", files))
    assert [(w.file, w.line, w.type) for w in result.warnings] == [
        ("hubs/2023-24/northshire-again/index.md", 2, "evidence.duplicate_hub"),
        ("hubs/2023-24/northshire/index.md", 2, "evidence.duplicate_hub"),
    ]
    assert "`hubs/2023-24/northshire/index`" in result.warnings[0].message
    assert "`hubs/2023-24/northshire-again/index`" in result.warnings[1].message


def test_summary_directives_outside_a_summary(tmp_path: Path) -> None:
    notes = "---\norphan: true\n---\n# Notes\n\n:::{context}\nText.\n:::\n"
    srcdir = write_site(
        tmp_path / "src", summary_files(GOOD_SUMMARY) | {"notes.md": notes}
    )
    result = build(srcdir)
    assert [(w.file, w.line, w.type) for w in result.warnings] == [
        (str(srcdir / "notes.md"), 6, "evidence.misplaced")
    ]


def test_every_subtype_is_exercised() -> None:
    tested = {subtype for case in CASES for _, subtype in case[2]}
    tested |= {"encoding", "location", "duplicate_hub", "misplaced", "config"}
    # Exercised in test_new_year.py.
    tested |= {"not_listed"}
    # Exercised in test_audience.py and test_search_index.py.
    tested |= {"audience", "excluded_link", "reidentifying", "search"}
    # Exercised in test_content_only.py.
    tested |= {case.subtype for case in CONTENT_CASES}
    tested |= {subtype for _, _, found in CONTENT_PAGES for _, subtype in found}
    # Exercised in test_topics.py.
    tested |= {"tag_unknown", "tag_synonym", "tag_retired", "topics_file"}
    # Exercised in test_mistakes.py.
    tested |= {subtype for case in MISTAKE_CASES for _, subtype in case[2]}
    assert {w.subtype for w in EvidenceWarning} == tested
