"""Fuzzed summaries: whatever an author writes, the build warns and never crashes.

Hypothesis writes front matter (the good one, the good one with keys changed or
dropped, random keys, types, unicode, huge values, or not YAML at all),
directive options and bodies (markup, fences, braces) into a summary; the
build must finish, and every ``evidence.*`` warning must say where (file and
line).

Whether a fuzzed summary is valid is mostly for the extension to decide, but
one thing is decided here, from what was written and nothing else: a summary
whose front matter lacks a required key of the authoring contract (the key
absent, or with no value), or is not a YAML mapping of keys at all, is *not a
valid summary*, and must give at least one located ``evidence.front_matter``
or ``evidence.missing_key`` warning. The good summary, unchanged, gives none.
"""

from __future__ import annotations

import dataclasses as dc
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from .helpers import GOOD_SUMMARY, build, evidence_warnings, summary_files, write_site

REQUIRED = ["hub", "year", "region", "strategic_goal", "research_questions", "case",
            "evaluators", "status", "sharing", "anonymised_use"]  # fmt: skip
"""The front-matter keys every summary must give a value (the authoring contract)."""
KEYS = [*REQUIRED, "focus", "tags", "contact", "illustrative", "goal_statement"]
FRONT_START = GOOD_SUMMARY.index("---\n") + 4
FRONT_END = GOOD_SUMMARY.index("\n---\n", FRONT_START) + 1
GOOD_FRONT = GOOD_SUMMARY[FRONT_START:FRONT_END]
GOOD_DATA: dict[str, Any] = yaml.safe_load(GOOD_FRONT)
assert set(REQUIRED) <= GOOD_DATA.keys()
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


def missing_keys(front: str) -> frozenset[str]:
    """The required keys that ``front`` (front matter as written) gives no value:
    all of them if it is not a YAML mapping. (Where a ``---`` line inside
    ``front`` ends the front matter early, the build reads a part of it, which
    lacks these keys too.)
    """
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return frozenset(REQUIRED)
    if not isinstance(data, dict):
        return frozenset(REQUIRED)
    return frozenset(key for key in REQUIRED if data.get(key) in (None, "", []))


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    how = draw(st.sampled_from(["good", "changed", "random", "not-yaml"]))
    if how == "good":
        return GOOD_FRONT
    if how == "not-yaml":
        return draw(TEXT)  # often not YAML at all
    data: dict[Any, Any] = dict(GOOD_DATA) if how == "changed" else {}
    for key in draw(st.lists(st.sampled_from(KEYS) | TEXT, max_size=8)):
        data[key] = draw(VALUES)
    for key in draw(st.lists(st.sampled_from(REQUIRED), max_size=2)):
        data.pop(key, None)
    return yaml.safe_dump(data, allow_unicode=True)


@dc.dataclass(frozen=True)
class Fuzzed:
    """A fuzzed summary and the required keys its front matter lacks."""

    text: str
    missing: frozenset[str]


@st.composite
def summary(draw: st.DrawFn) -> Fuzzed:
    front = draw(front_matter())
    text = GOOD_SUMMARY[:FRONT_START] + front + GOOD_SUMMARY[FRONT_END:]
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
    return Fuzzed(text, missing_keys(front))


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


GOOD = Fuzzed(GOOD_SUMMARY, frozenset())
NO_YEAR = Fuzzed(GOOD_SUMMARY.replace("year: 2023/24\n", ""), frozenset({"year"}))
NOT_A_MAPPING = Fuzzed(
    GOOD_SUMMARY[:FRONT_START] + "just a sentence\n" + GOOD_SUMMARY[FRONT_END:],
    frozenset(REQUIRED),
)


@settings(settings.get_profile(os.environ.get("EVIDENCE_FUZZ", "suite")))
@given(summary())
@example(GOOD)
@example(NO_YEAR)
@example(NOT_A_MAPPING)
def test_any_summary_gives_located_warnings_never_a_crash(fuzzed: Fuzzed) -> None:
    event("not a valid summary" if fuzzed.missing else "may be valid")
    with tempfile.TemporaryDirectory() as folder:
        srcdir = write_site(Path(folder) / "src", summary_files(fuzzed.text))
        result = build(srcdir)  # raises if the build crashes
    for warning in result.warnings:
        assert "Traceback" not in warning.message
        assert "exception" not in warning.message.lower(), warning
        if warning.type and warning.type.startswith("evidence."):
            assert warning.path.endswith(".md"), warning
            assert warning.line, warning
    if fuzzed.missing:
        # Not a valid summary: the build must say so, in the summary, on a line.
        said = [
            w
            for w in result.warnings
            if w.file == "hubs/2023-24/northshire/index.md"
            and w.line
            and w.type in {"evidence.front_matter", "evidence.missing_key"}
        ]
        assert said, (sorted(fuzzed.missing), result.warnings)
    if fuzzed.text == GOOD_SUMMARY:
        assert evidence_warnings(result) == []
