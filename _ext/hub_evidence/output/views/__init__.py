"""Cross-hub views: findings tables, hub catalogues, timelines, counts, and
the latest changes."""

from __future__ import annotations

from ...source.viewspec import ViewSpec
from . import catalogue, counts, findings, recent, synthesis_index, timeline
from .base import View

VIEWS: dict[str, View] = {
    "findings": findings.VIEW,
    "catalogue": catalogue.VIEW,
    "timeline": timeline.VIEW,
    "chart": counts.CHART,
    "facet-index": counts.INDEX,
    "recent": recent.VIEW,
    "synthesis-index": synthesis_index.VIEW,
}

__all__ = ["VIEWS", "View", "ViewSpec"]
