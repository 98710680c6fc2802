"""What a cross-hub view on a page asks for: set by its directive when the page
is read, kept in the domain, and shown by :mod:`..output.views` when written."""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING

from .facets import Query

if TYPE_CHECKING:
    from .model import SummaryRecord


@dc.dataclass(frozen=True)
class ViewSpec:
    """What one cross-hub view on a page shows (set by its directive's options)."""

    view: str
    query: Query = dc.field(default_factory=Query)
    group_by: str | None = None
    anonymise: bool = False
    brief: bool = False
    """Findings: titles only, without the finding and implication texts."""
    facet: str | None = None
    """For charts and facet indexes: the facet counted."""
    key: str = ""
    """Unique on its page (for element ids)."""
    newest: int = 0
    """Catalogues: only this many summaries, the newest (0: every one)."""

    def depends_on(self, record: SummaryRecord) -> bool:
        """Whether what the view shows can change with ``record``.

        An anonymised view depends on every summary: any hub's name, or any
        summary's text, can decide whether one of its themes may be shown.
        """
        return self.anonymise or self.query.matches_summary(record)
