"""What every cross-hub view shares: the records it reads, its links.

A view is two functions: ``data(spec, records, config)`` picks and orders what
the page shows, as plain tuples, and ``render(data, links, config)`` turns
that into nodes. Incremental builds compare ``data`` between builds, so a page
is rewritten exactly when what it shows has changed.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import NoUri

from ...source.viewspec import ViewSpec

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ...source.config import EvidenceConfig


@dc.dataclass(frozen=True)
class View:
    """A view's two halves."""

    data: Callable[[ViewSpec, Any, EvidenceConfig], Any]
    """Given the records, or with ``changes`` the latest changes (None
    without a history)."""
    render: Callable[[Any, Links, EvidenceConfig], list[nodes.Node]]
    changes: bool = False
    """Whether it shows the latest changes (:func:`..changes.latest_changes`),
    which depend on the history as well as the records."""


class Links:
    """Links from the page being written to summaries, themes and browse pages."""

    def __init__(self, builder: Builder, docname: str) -> None:
        self.builder = builder
        self.docname = docname

    def uri(self, target: str, anchor: str = "") -> str | None:
        """The relative address of ``target`` (None where the builder has none)."""
        try:
            uri = self.builder.get_relative_uri(self.docname, target)
        except NoUri:
            return None
        return f"{uri}#{anchor}" if anchor else uri

    def to(self, text: str, target: str, anchor: str = "") -> nodes.Node:
        """A link with ``text`` (plain text where the builder cannot link)."""
        uri = self.uri(target, anchor)
        if uri is None:
            return nodes.Text(text)
        return nodes.reference(text, text, internal=True, refuri=uri)


def paragraphs(text: str, **attributes: Any) -> list[nodes.paragraph]:
    """Plain text, split into paragraphs at blank lines."""
    return [
        nodes.paragraph(part, part.strip(), **attributes)
        for part in text.split("\n\n")
        if part.strip()
    ]


def empty(what: str) -> list[nodes.Node]:
    """What a view shows when nothing matches."""
    text = f"No {what} yet."
    return [nodes.paragraph(text, text, classes=["evidence-empty"])]
