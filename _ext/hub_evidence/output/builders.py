"""Which builds make the site: the HTML builders that write pages, the search,
the exports and the Word documents (not ``singlehtml``, ``epub``, ``text``...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder

if TYPE_CHECKING:
    from sphinx.builders import Builder

SITE_BUILDERS = frozenset({"html", "dirhtml"})


def is_site_build(builder: Builder | None) -> bool:
    """Whether ``builder`` writes the site (page per document, in folders)."""
    return isinstance(builder, StandaloneHTMLBuilder) and builder.name in SITE_BUILDERS
