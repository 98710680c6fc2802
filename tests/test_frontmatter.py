"""Reading and checking front matter, without Sphinx."""

from __future__ import annotations

import pytest

from hub_evidence.source.config import EvidenceConfig
from hub_evidence.source.frontmatter import (
    FrontMatterError,
    check_front_matter,
    parse_front_matter,
    split_front_matter,
)
from hub_evidence.source.model import HubSummary
from hub_evidence.source.warnings_ import EvidenceWarning

from .helpers import GOOD_SUMMARY

VOCABULARIES = EvidenceConfig().vocabularies


def check(
    text: str, folder: str | None = "2023-24"
) -> tuple[HubSummary, list[tuple[int | None, str]]]:
    block = split_front_matter(text)
    assert block is not None
    summary, problems = check_front_matter(
        parse_front_matter(block), VOCABULARIES, folder
    )
    return summary, [(p.line, p.kind.subtype) for p in problems]


def test_the_contract_example_is_valid() -> None:
    summary, problems = check(GOOD_SUMMARY)
    assert problems == []
    assert summary == HubSummary(
        hub="Northshire Maths Hub",
        year="2023/24",
        region=("North West",),
        strategic_goal=("primary",),
        research_questions=("How has ... ?",),
        case="Six primary schools in two coastal towns ...",
        evaluators=("A. Evaluator",),
        focus=("strategic-goal", "local", "tsm"),
        tags=("mastering-number", "early-years"),
        status="published",
        sharing="network",
        anonymised_use=True,
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("region: north west", ("North West",)),
        ("region: North West, London", ("North West", "London")),
        ("region: [yorkshire-and-the-humber]", ("Yorkshire and the Humber",)),
        ("strategic_goal: Post 16", ("post-16",)),
        ("strategic_goal: LLME (local leaders of mathematics education)", ("llme",)),
    ],
)
def test_terms_are_matched_by_key_or_label_in_any_case(
    line: str, expected: tuple[str, ...]
) -> None:
    key = line.split(":", maxsplit=1)[0]
    text = GOOD_SUMMARY.replace(
        next(x for x in GOOD_SUMMARY.splitlines() if x.startswith(key + ":")), line
    )
    summary, problems = check(text)
    assert problems == []
    assert getattr(summary, key) == expected


@pytest.mark.parametrize(
    ("word", "value"), [("yes", True), ("'False'", False), ("no", False)]
)
def test_flags_accept_yes_and_no(word: str, value: bool) -> None:
    summary, problems = check(
        GOOD_SUMMARY.replace("anonymised_use: true", f"anonymised_use: {word}")
    )
    assert (summary.anonymised_use, problems) == (value, [])


def test_a_single_question_may_be_written_without_a_list() -> None:
    text = GOOD_SUMMARY.replace(
        "research_questions:\n  - How has ... ?", "research_questions: Why?"
    )
    summary, problems = check(text)
    assert (summary.research_questions, problems) == (("Why?",), [])


def test_invalid_values_are_left_out_but_valid_ones_kept() -> None:
    text = GOOD_SUMMARY.replace("region: North West", "region: [North West, Atlantis]")
    summary, problems = check(text)
    assert summary.region == ("North West",)
    assert summary.hub == "Northshire Maths Hub"
    assert problems == [(4, "vocabulary")]


def test_item_lines_point_at_the_item() -> None:
    text = GOOD_SUMMARY.replace(
        "evaluators: [A. Evaluator]", "evaluators:\n  - A. Evaluator\n  - [nested]"
    )
    _, problems = check(text)
    assert problems == [(11, "wrong_type")]


def test_passthrough_keys_for_sphinx_and_myst_are_accepted() -> None:
    _, problems = check(
        GOOD_SUMMARY.replace("---\nhub:", "---\norphan: true\ntocdepth: 2\nhub:", 1)
    )
    assert problems == []


def test_no_front_matter_is_none() -> None:
    assert split_front_matter("# Title\n\n---\nhub: x\n---\n") is None


def test_unclosed_front_matter_names_the_fix() -> None:
    with pytest.raises(FrontMatterError) as error:
        split_front_matter("---\nhub: x\n")
    assert error.value.problem.kind is EvidenceWarning.FRONT_MATTER
    assert error.value.unreadable_lines == 1


def test_year_folder_check_can_be_skipped() -> None:
    _, problems = check(
        GOOD_SUMMARY.replace("year: 2023/24", "year: 2030/31"), folder=None
    )
    assert problems == []
