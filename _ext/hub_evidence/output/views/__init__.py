"""Cross-hub views: findings tables, hub catalogues, timelines, counts, the
latest changes, and the evidence gap map."""

from __future__ import annotations

from ...source.viewspec import ViewSpec
from . import (
    catalogue,
    counts,
    findings,
    gap_map,
    recent,
    synthesis_index,
    timeline,
)
from .base import View

VIEWS: dict[str, View] = {
    "findings": findings.VIEW,
    "catalogue": catalogue.VIEW,
    "timeline": timeline.VIEW,
    "chart": counts.CHART,
    "facet-index": counts.INDEX,
    "recent": recent.VIEW,
    "gap-map": gap_map.VIEW,
    "gap-map-list": gap_map.LISTS,
    "synthesis-index": synthesis_index.VIEW,
}

__all__ = ["VIEWS", "View", "ViewSpec"]
