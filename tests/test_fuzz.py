"""Fuzzed summaries: whatever an author writes, the build warns and never crashes.

Hypothesis writes front matter (random keys, types, unicode, huge values, or not
YAML at all), directive options and bodies (markup, fences, braces) into a
summary; the build must finish, and every ``evidence.*`` warning must say
where (file and line).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import GOOD_SUMMARY, build, summary_files, write_site

KEYS = ["hub", "year", "region", "strategic_goal", "research_questions", "case",
        "evaluators", "focus", "tags", "status", "sharing", "anonymised_use",
        "contact", "illustrative", "goal_statement"]  # fmt: skip
MARKUP = st.sampled_from(
    [":::", "::::{theme}", "{download}`x <y.pdf>`", "`", "*", "#", "\n", "{", "}",
     "---", ":kind:", "é", "“", "\u202e", "\x00", "𝔼", "<script>", "[a](b.md)"]
)  # fmt: skip
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.lists(MARKUP, max_size=8).map("".join)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=3)
    ),
    max_leaves=8,
) | st.text(max_size=5).map(lambda s: s * 5000)  # a huge value


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(KEYS) | TEXT, max_size=8))
        data: dict[Any, Any] = {key: draw(VALUES) for key in keys}
        return yaml.safe_dump(data, allow_unicode=True)
    return draw(TEXT)  # often not YAML at all


@st.composite
def summary(draw: st.DrawFn) -> str:
    text = GOOD_SUMMARY
    start = text.index("---\n") + 4
    end = text.index("\n---\n", start) + 1
    text = text[:start] + draw(front_matter()) + text[end:]
    replacements = {
        ":kind: finding": f":kind: {draw(TEXT)}".replace("\n", " "),
        ":tags: confidence": f":{draw(TEXT)}: {draw(TEXT)}".replace("\n", " "),
        "Finding text.": draw(TEXT),
        "Prose.": draw(TEXT),
        "What the hub might do about it.": draw(TEXT),
        "Confidence with early number grew": draw(TEXT).replace("\n", " "),
    }
    for old, new in replacements.items():
        if draw(st.booleans()):
            text = text.replace(old, new, 1)
    return text


# The test suite runs a fixed sample (the same examples every run, so CI is
# repeatable); EVIDENCE_FUZZ=explore runs many new ones, to look for more bugs.
settings.register_profile(
    "suite",
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore", parent=settings.get_profile("suite"), max_examples=300, derandomize=False
)


@settings(settings.get_profile(os.environ.get("EVIDENCE_FUZZ", "suite")))
@given(summary())
def test_any_summary_gives_located_warnings_never_a_crash(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        srcdir = write_site(Path(folder) / "src", summary_files(text))
        result = build(srcdir)  # raises if the build crashes
        for warning in result.warnings:
            assert "Traceback" not in warning.message
            assert "exception" not in warning.message.lower(), warning
            if warning.type and warning.type.startswith("evidence."):
                assert warning.path.endswith(".md"), warning
                assert warning.line, warning
