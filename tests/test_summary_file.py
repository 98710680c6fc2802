"""The one writer of a summary's file: what it writes reads back as the same summary."""

from __future__ import annotations

import pytest

from hub_evidence.source.config import EvidenceConfig
from hub_evidence.source.frontmatter import (
    check_front_matter,
    parse_front_matter,
    split_front_matter,
)
from hub_evidence.source.model import HubSummary
from hub_evidence.tools.summary_file import SummaryDocument, summary_markdown

AWKWARD = HubSummary(
    hub="Hub: the “North” (illustrative)",
    year="2025/26",
    region=("North West", "London"),
    strategic_goal=("primary",),
    goal_statement="#1 goal, with commas: and colons",
    research_questions=("Why?", "What, then?", "- a dash first", "yes"),
    case='Six schools "in quotes" & more',
    evaluators=("A. Evaluator", "[B] Writer", "O'Neil?"),
    focus=("local",),
    tags=("early-years",),
    status="review",
    sharing="network",
    anonymised_use=True,
    wider_use=True,
    contact="lead@example.org",
    illustrative=False,
)
"""Values that YAML reads otherwise if written as they are."""


@pytest.mark.parametrize("guidance", [True, False])
def test_the_front_matter_reads_back_as_the_summary_written(guidance: bool) -> None:
    text = summary_markdown(SummaryDocument(AWKWARD), guidance=guidance)
    block = split_front_matter(text)
    assert block is not None
    summary, problems = check_front_matter(
        parse_front_matter(block), EvidenceConfig().vocabularies, "2025-26"
    )
    assert problems == []
    assert summary == AWKWARD
