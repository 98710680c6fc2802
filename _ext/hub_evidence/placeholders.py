"""The template's placeholder texts: what an author is given to replace.

``evidence new`` writes a theme whose title asks for one, and whose finding is
a comment saying what to write. An author who keeps the title, or turns the
comment into text, has not written the theme yet; the checks recognise these
texts (see :mod:`.directives.themes`). ``tests/test_mistakes.py`` checks that
``evidence new`` still writes them.
"""

from __future__ import annotations

import re

THEME_TITLE_PLACEHOLDER = "Write the theme's title here"
"""The title of the theme ``evidence new`` writes."""
FINDING_PLACEHOLDER = (
    "The finding (or, for a process theme, what was learnt about the process)."
)
"""The finding of that theme (a comment there, ``% The finding ...``)."""


def _plain(text: str) -> str:
    """Compare ignoring case, spacing, curly quotes and a leading ``%``."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lstrip("% ")
    return " ".join(re.findall(r"[\w']+", text.casefold()))


def is_placeholder(text: str, placeholder: str) -> bool:
    """Whether ``text`` is ``placeholder``, however it was retyped."""
    return _plain(text) == _plain(placeholder)
