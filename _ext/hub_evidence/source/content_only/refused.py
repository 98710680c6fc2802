"""Which pages had something left out because it was not content.

A page with something refused (HTML, a directive or role not allowed, a file
outside its folder...) is shown without it; anything made from the page's
file itself rather than from what the page shows (the summary as a Word
document, :mod:`...output.word`) is not made at all, so what was refused
reaches no output file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..warnings_ import Location

REFUSED_KEY = "evidence:refused"
"""Set in the document being read when something of it was refused."""


def refuse(
    env: BuildEnvironment, kind: EvidenceWarning, message: str, *, location: Location
) -> None:
    """Warn that something of the page being read is left out, and note it."""
    env.current_document[REFUSED_KEY] = True
    warn(kind, message, location=location)
