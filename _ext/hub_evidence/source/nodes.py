"""Doctree nodes of a summary, and their HTML.

The nodes subclass standard docutils nodes, so every builder without a visitor
of its own renders them as their base (Sphinx looks visitors up along the
class hierarchy); only HTML gets the richer markup below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

    from .model import Implication, Theme


class theme(nodes.container):  # noqa: N801  (docutils names nodes in lower case)
    """A theme while it is parsed; it becomes a row of the themes table."""


class implication(nodes.container):  # noqa: N801
    """A theme's possible implication (the right-hand column).

    Attribute ``evidence_implication``: the :class:`~.model.Implication` its
    directive read, which the theme around it puts into its record.
    """

    @property
    def implication(self) -> Implication:
        """What the ``implication`` directive read (its text, for the record)."""
        return cast("Implication", self["evidence_implication"])


class theme_title(nodes.paragraph):  # noqa: N801
    """A theme's title: the anchored heading of its row.

    Attributes: ``ids`` (the anchor) and ``evidence_theme``, the
    :class:`~.model.Theme` its directive made, which the summary's record holds
    as it is (the record never reads a theme back from the rendered nodes).
    """

    @property
    def theme(self) -> Theme:
        """The theme as its directive made it."""
        return cast("Theme", self["evidence_theme"])


def visit_theme_title(self: HTML5Translator, node: theme_title) -> None:
    level = min(self.section_level + 1, 6)
    self.body.append(self.starttag(node, f"h{level}", "", CLASS="evidence-theme-title"))


def depart_theme_title(self: HTML5Translator, node: theme_title) -> None:
    level = min(self.section_level + 1, 6)
    if node["ids"]:
        anchor = node["ids"][0]
        title = self.encode(node.astext())
        self.body.append(
            f'<a class="evidence-permalink" href="#{anchor}">'
            '<span aria-hidden="true">#</span>'
            '<span class="evidence-visually-hidden">'
            f"Link to the theme “{title}”</span></a>"
        )
    self.body.append(f"</h{level}>\n")


class aggregate(nodes.General, nodes.Element):  # noqa: N801
    """A cross-hub view, filled in from the records when the page is written.

    Attribute ``spec``: the :class:`~.views.base.ViewSpec` saying what to show.
    """


class related_placeholder(nodes.General, nodes.Element):  # noqa: N801
    """Where a theme's related findings go: filled in from the records when
    the page is written (:mod:`..output.related`), or removed if it has none.

    Attribute ``anchor``: the theme's anchor.
    """


def div(*children: nodes.Node, classes: Sequence[str]) -> nodes.container:
    """A plain block (``<div>``), without docutils' ``container`` class.

    sphinx-design renders ``is_div`` containers without the ``container`` class,
    which Bootstrap (pydata-sphinx-theme) would otherwise style as a page-width
    container, breaking card and grid layouts.
    """
    return nodes.container("", *children, is_div=True, classes=list(classes))


def setup_nodes(app: Sphinx) -> None:
    """Register the nodes; HTML visitors only, others fall back to the base class."""
    app.add_node(theme)
    app.add_node(implication)
    app.add_node(theme_title, html=(visit_theme_title, depart_theme_title))
    app.add_node(aggregate)  # always replaced before a page is written
    app.add_node(related_placeholder)  # the same
