"""Mistakes an evaluator makes, each reported at its cause, in words that say what
to write: a block left open, colons that do not nest, a theme not yet written, a
word for a method (or goal, or region) that the site calls something else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hub_evidence.source.config import EvidenceConfig
from hub_evidence.source.placeholders import (
    FINDING_PLACEHOLDER,
    THEME_TITLE_PLACEHOLDER,
)
from hub_evidence.source.vocabulary import METHODS, Vocabulary
from hub_evidence.tools.guide import settings_table, vocabularies_tables
from hub_evidence.tools.scaffold import NewSummary, summary_text

from .helpers import (
    GOOD_SUMMARY,
    SITE_CONF,
    build,
    build_summary,
    parse_warnings,
    summary_files,
    write_site,
)
from .test_cli import run

THEME = GOOD_SUMMARY[
    GOOD_SUMMARY.index("::::{theme}") : GOOD_SUMMARY.index("::::\n:::::\n") + 5
]
TWO_THEMES = GOOD_SUMMARY.replace(
    THEME, THEME + "\n" + THEME.replace("Confidence with early number grew", "Later")
)


def changed(old: str, new: str, text: str = GOOD_SUMMARY) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def colons(themes: int, theme: int, implication: int, text: str = GOOD_SUMMARY) -> str:
    """The summary with its themes written with these numbers of colons."""
    text = changed(":::::{themes}", ":" * themes + "{themes}", text)
    text = changed("::::{theme}", ":" * theme + "{theme}", text)
    text = changed(":::{implication}", ":" * implication + "{implication}", text)
    return changed(
        "What the hub might do about it.\n:::\n::::\n:::::\n",
        "What the hub might do about it.\n"
        + "".join(":" * n + "\n" for n in (implication, theme, themes)),
        text,
    )


# (id, summary text, expected [(line, subtype)], words the first message must contain)
CASES = [
    (
        "section-not-closed",
        changed("Prose, any MyST.\n:::\n", "Prose, any MyST.\n"),
        [(19, "not_closed")],
        "The `context` section is not closed, so it runs on and swallows the "
        "`activity` section. Add a `:::` line where the context ends, before the "
        "`activity` section (line 22).",
    ),
    (
        "section-not-closed-before-themes",
        changed("Prose.\n:::\n\n:::::{themes}", "Prose.\n\n:::::{themes}"),
        [(23, "not_closed")],
        "The `activity` section is not closed, so it runs on and swallows the "
        "`themes` section.",
    ),
    (
        "themes-not-closed",
        changed("::::\n:::::\n", "::::\n"),
        [(28, "not_closed")],
        "runs on to the end of the file and swallows the `conclusion` and "
        "`appendices` sections. Add a `:::::` line where the themes end",
    ),
    (
        "theme-not-closed",
        changed("::::\n\n::::{theme} Later", "\n::::{theme} Later", TWO_THEMES),
        [(29, "not_closed")],
        "The theme “Confidence with early number grew” is not closed, so it runs on "
        "and swallows the theme “Later”. Add a `::::` line where the theme ends",
    ),
    (
        "implication-not-closed",
        changed(
            ":::::\n\n:::{conclusion}",
            ":::::\n\n:::{implication}\nLost?\n\n:::{conclusion}",
        ),
        [(40, "not_closed"), (40, "misplaced")],
        "This implication is not closed, so it runs on and swallows the "
        "`conclusion` section.",
    ),
    (
        "closed-with-too-few-colons",
        changed(":::{conclusion}", "::::{conclusion}"),
        [(40, "not_closed")],
        "The `conclusion` section opens with 4 colons but is closed on line 42 with "
        "`:::`",
    ),
    (
        "theme-with-three-colons",
        colons(5, 3, 3),
        [(29, "fence")],
        "This `theme` opens with 3 colons, as many as the `implication` inside it "
        "(line 34).",
    ),
    (
        "themes-and-theme-with-three-colons",
        colons(3, 3, 3),
        [(29, "fence")],
        "This `theme` opens with 3 colons, as many as the `themes` section around it "
        "(line 28, 3 colons). A block inside another needs fewer colons than the "
        "block around it: otherwise the inner block's closing line also closes the "
        "outer one, and what follows lands in the wrong place. Write `:::::{themes}` "
        "(closed by `:::::`) and `::::{theme}` (closed by `::::`), as in the "
        "template.",
    ),
    (
        "themes-with-four-colons",
        colons(4, 4, 3),
        [(28, "fence")],
        "This `themes` section opens with 4 colons, as many as the `theme` inside it "
        "(line 29).",
    ),
    (
        "implication-with-four-colons",
        colons(5, 4, 4),
        [(34, "fence")],
        "This `implication` opens with 4 colons, as many as the `theme` around it",
    ),
    (
        "note-with-as-many-colons-as-the-context",
        changed(
            "Prose, any MyST.\n:::\n",
            "Prose.\n\n:::{note}\nA note.\n:::\n\nMore.\n:::\n",
        ),
        [(22, "fence")],
        "This `note` opens with 3 colons, as many as the `context` section around it "
        "(line 19), so its closing line also closes the context. If it belongs in "
        "the context, give the context more colons: write `::::{context}`, closed by "
        "`::::`; if not, close the context before it.",
    ),
    (
        "note-with-as-many-colons-as-the-theme",
        changed("Finding text.\n", "Finding text.\n\n::::{note}\nA note.\n::::\n"),
        [(34, "fence")],
        "If it belongs in the theme, write `:::{note}`, closed by `:::`",
    ),
    (
        "one-closing-line-too-many",
        changed("Prose, any MyST.\n:::\n", "Prose, any MyST.\n:::\n:::\n"),
        [(22, "fence")],
        "The `:::` line on line 22 closes nothing",
    ),
    (
        "theme-without-finding",
        changed("Finding text.\n", ""),
        [(29, "no_finding")],
        "The theme “Confidence with early number grew” has no finding.",
    ),
    (
        "theme-title-placeholder",
        changed("Confidence with early number grew", THEME_TITLE_PLACEHOLDER),
        [(29, "placeholder")],
        "This theme's title is still the template's",
    ),
    (
        "finding-placeholder",
        changed("Finding text.", FINDING_PLACEHOLDER),
        [(29, "placeholder")],
        "still has the template's text",
    ),
    (
        "method-synonym",
        changed(":methods: interviews, survey", ":methods: interviews, questionnaire"),
        [(24, "vocabulary")],
        "`questionnaire` is not a data-collection method the site knows (in "
        "`:methods:`). Did you mean `survey`?",
    ),
    (
        "misspelt-synonym",
        changed(":methods: interviews, survey", ":methods: interviews, questionaires"),
        [(24, "vocabulary")],
        "Did you mean `survey`?",
    ),
    (
        "goal-synonym",
        changed("strategic_goal: primary ", "strategic_goal: sixth form "),
        [(5, "vocabulary")],
        "Did you mean `post-16`?",
    ),
    (
        "region-synonym",
        changed("region: North West", "region: Yorkshire"),
        [(4, "vocabulary")],
        "Did you mean `Yorkshire and the Humber`?",
    ),
]
STRUCTURE = [case for case in CASES if case[2][0][1] in ("not_closed", "fence")]


def sphinx_build_w(srcdir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -W --keep-going``, as the site is built."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
         *options, str(srcdir), str(srcdir / "_build")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_mistake_fails_the_build_with_a_located_warning(
    tmp_path: Path, text: str, expected: list[tuple[int, str]], words: str
) -> None:
    srcdir = write_site(tmp_path / "src", summary_files(text))
    result = sphinx_build_w(srcdir)
    assert result.returncode != 0
    warnings = parse_warnings(result.stderr)
    assert [(w.file, w.line, w.type) for w in warnings] == [
        ("hubs/2023-24/northshire/index.md", line, f"evidence.{subtype}")
        for line, subtype in expected
    ], result.stderr
    assert words in warnings[0].message
    subtypes = ",".join(sorted({f"evidence.{subtype}" for _, subtype in expected}))
    suppressed = sphinx_build_w(srcdir, "-E", "-D", f"suppress_warnings={subtypes}")
    # A quiet preview build ends with its outcome (preview_report), nothing else.
    assert (suppressed.returncode, suppressed.stderr) == (0, "No problems found.\n")


def test_check_reports_each_structure_mistake(tmp_path: Path) -> None:
    """``evidence check`` says what is wrong instead of "No problems found"."""
    assert STRUCTURE
    files: dict[str, str | bytes] = {}
    for name, text, _, _ in STRUCTURE:
        files |= summary_files(
            text.replace("Northshire", name.capitalize()), folder=f"hubs/2023-24/{name}"
        )
    site = write_site(tmp_path / "site", files)
    result = run("check", cwd=site)
    assert result.returncode == 1
    assert "No problems found" not in result.stderr
    reported = {
        (line.split(":")[0], int(line.split(":")[1]), line.rsplit("[", 1)[1])
        for line in result.stdout.splitlines()
    }
    expected = {
        (f"hubs/2023-24/{name}/index.md", line, f"evidence.{subtype}]")
        for name, _, found, _ in STRUCTURE
        for line, subtype in found
    }
    assert reported == expected, result.stdout


# -- blocks written on purpose are not "not closed" --------------------------------


def test_a_good_summary_with_more_colons_than_the_template_is_fine(
    tmp_path: Path,
) -> None:
    """Fences only need to nest: seven, six and four colons are as good as 5-4-3."""
    result = build_summary(tmp_path, colons(7, 6, 4))
    assert result.warnings == []


def test_colons_in_a_code_block_are_not_a_directive(tmp_path: Path) -> None:
    example = "Prose.\n\n```\n:::{note}\nAn example.\n```\n:::\n"
    result = build_summary(tmp_path, changed("Prose, any MyST.\n:::\n", example))
    assert result.warnings == []


def test_a_theme_written_inside_another_is_not_called_unclosed(
    tmp_path: Path,
) -> None:
    """Both closed, with colons that nest: a theme in a theme is misplaced, not open."""
    outer = "::::::{theme} Outer\n:kind: finding\nOuter finding.\n\n"
    implication = "\n:::{implication}\nOuter implication.\n:::\n::::::\n"
    text = changed(THEME, outer + THEME + implication)
    text = changed(":::::{themes}", ":::::::{themes}", text)
    text = changed("::::::\n:::::\n", "::::::\n:::::::\n", text)
    result = build_summary(tmp_path, text)
    assert [(w.line, w.type) for w in result.warnings] == [
        (33, "evidence.misplaced")
    ], result.warnings
    assert "not inside the `themes` section" in result.warnings[0].message


# -- synonyms ------------------------------------------------------------------------


def test_a_synonym_is_suggested_but_not_accepted() -> None:
    methods = Vocabulary("method", METHODS, {"survey": ["questionnaire", "QA"]})
    assert methods.lookup("questionnaire") is None
    assert methods.suggest("Questionnaire") == "survey"
    assert methods.suggest("questionaire") == "survey"  # misspelt synonym
    assert methods.suggest("QA") == "survey"
    # A short synonym is not a candidate for misspellings: it would match too much.
    assert methods.suggest("QAZ") is None


def test_every_default_synonym_suggests_its_key_and_is_not_a_term() -> None:
    """A default synonym that is already a key or label would never be suggested."""
    vocabularies = EvidenceConfig().vocabularies
    pairs = [
        (vocabulary, key, word)
        for vocabulary in vocabularies.values()
        for key, words in vocabulary.synonyms.items()
        for word in words
    ]
    assert {v.noun for v, _, _ in pairs} == {v.noun for v in vocabularies.values()} - {
        "kind of theme"
    }
    for vocabulary, key, word in pairs:
        assert vocabulary.lookup(word) is None, word
        assert vocabulary.suggest(word) == key, word


def test_synonyms_of_a_key_the_vocabulary_lacks_are_dropped() -> None:
    methods = Vocabulary("method", {"interviews": "Interviews"}, {"survey": ["poll"]})
    assert methods.suggest("poll") is None


def test_synonyms_can_be_set_in_conf(tmp_path: Path) -> None:
    conf = SITE_CONF + 'evidence_synonyms = {"methods": {"survey": "poll"}}\n'
    text = changed(":methods: interviews, survey", ":methods: poll, questionnaire")
    result = build(write_site(tmp_path / "src", summary_files(text), conf=conf))
    assert [(w.line, w.type) for w in result.warnings] == [
        (24, "evidence.vocabulary")
    ] * 2
    assert "Did you mean `survey`?" in result.warnings[0].message
    # The setting replaces the defaults: `questionnaire` is no longer suggested.
    assert "Did you mean" not in result.warnings[1].message


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ('["questionnaire"]', "must be a dict"),
        ('{"method": {"survey": ["poll"]}}', "`method`, which is not a vocabulary"),
        ('{"methods": {"survey": [1]}}', "as text"),
        ('{"methods": {"surveys": ["poll"]}}', "`evidence_methods` does not have"),
    ],
)
def test_a_bad_synonyms_setting_is_reported(
    tmp_path: Path, setting: str, words: str
) -> None:
    conf = SITE_CONF + f"evidence_synonyms = {setting}\n"
    result = build(write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=conf))
    assert [(w.type, w.path.endswith("conf.py"), w.line) for w in result.warnings] == [
        ("evidence.config", True, SITE_CONF.count("\n") + 1)
    ]
    assert words in result.warnings[0].message


def test_the_reference_lists_the_setting_and_the_synonyms() -> None:
    config = EvidenceConfig()
    assert "`evidence_synonyms`" in settings_table(config)
    rows = vocabularies_tables(config).splitlines()
    assert (
        "| `survey` | `surveys`, `questionnaire`, `questionnaires`, `online survey`, "
        "`online questionnaire` | Survey |"
    ) in rows


# -- placeholders ----------------------------------------------------------------------


def test_evidence_new_writes_the_placeholders_the_checks_know() -> None:
    text = summary_text(NewSummary(hub="Westfold Maths Hub", year="2024/25"))
    assert f"::::{{theme}} {THEME_TITLE_PLACEHOLDER}\n" in text
    assert f"% {FINDING_PLACEHOLDER}\n" in text
