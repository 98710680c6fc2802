"""The template's placeholder texts and prompts: what an author is given to replace.

``evidence new`` writes a theme whose title asks for one, and whose finding is
a comment saying what to write; each section not written yet holds the
template's prompt as comments (:mod:`..tools.summary_file` writes them). An author
who keeps the title, or turns the comment into text, has not written the theme
yet; the checks recognise these texts (see :mod:`.directives.themes`).
``tests/test_mistakes.py`` checks that ``evidence new`` still writes them.
"""

from __future__ import annotations

import re

THEME_TITLE_PLACEHOLDER = "Write the theme's title here"
"""The title of the theme ``evidence new`` writes."""
FINDING_PLACEHOLDER = (
    "The finding (or, for a process theme, what was learnt about the process)."
)
"""The finding of that theme (a comment there, ``% The finding ...``)."""

CONTEXT_PROMPTS = (
    "Brief overview of hub region and current activity/capacity in areas of focus",
    "How does the area of focus relate to a national priority?",
    "Why is the focus important and interesting to the hub?",
    "The teacher/school profile",
    "Engagement with the Maths Hub (historical)",
    "Events to be aware of during the period of data collection",
)
"""The template's "To include:" prompts for the context."""
CONTEXT_GUIDANCE = (
    "Replace these comment lines (starting with %) with the context. To include:",
    *(f"- {prompt}" for prompt in CONTEXT_PROMPTS),
)
"""The comment lines of a context not written yet."""
ACTIVITY_GUIDANCE = (
    "What was done, when, and how the data were collected. List the methods on the",
    "line above (their names are in the author guide), e.g. interviews, survey.",
)
"""The comment lines of an activity not written yet."""
THEMES_GUIDANCE = (
    "One theme per finding or process theme, each with its possible implication.",
    "Copy the whole theme block (from ::::{theme} to ::::) for each further theme.",
)
"""The comment lines above the one theme of a summary with none written yet."""
IMPLICATION_PROMPT = "What the hub might do about it."
"""The comment in an implication not written yet."""
CONCLUSION_PROMPT = "What the evaluation concludes."
"""The comment in a conclusion not written yet."""
APPENDICES_GUIDANCE = (
    "Links to other outputs, e.g. {download}`Case study (PDF) <case-study.pdf>`,",
    "with the files saved in this folder. Delete this section if there are none.",
)
"""The comment lines of the appendices, until the author lists them or deletes
the section."""


def _plain(text: str) -> str:
    """Compare ignoring case, spacing, curly quotes and a leading ``%``."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lstrip("% ")
    return " ".join(re.findall(r"[\w']+", text.casefold()))


def is_placeholder(text: str, placeholder: str) -> bool:
    """Whether ``text`` is ``placeholder``, however it was retyped."""
    return _plain(text) == _plain(placeholder)
