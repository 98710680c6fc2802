"""sphinx-design's grid, card and badge, for the nodes the site makes itself.

The summary header, the catalogue's cards and the themes' badges are made from
records, not written by authors as directives, so they cannot simply be
sphinx-design directives. Copying sphinx-design's CSS class names into our
nodes instead would unstyle them, silently, when a release renames one. So
sphinx-design's own directives and role are run once per build on a fixed
example (:data:`EXAMPLE`: a grid holding a card, a badge in the card's text),
and each part the site makes is made like the part sphinx-design made there:
the same node class and attributes, the same classes, with ours added. Whatever
release is installed, a card is a card as that release makes it.
"""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx.errors import ExtensionError

from ..state import build_state

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

EXAMPLE = """\
.. grid:: 1 1 2 3
   :gutter: 3

   .. grid-item-card:: Title

      Text :bdg:`Badge`
"""
"""What sphinx-design makes the parts from: the catalogue's grid (one column,
two from medium screens, three from large ones), a card in it, a badge."""


def _like(
    example: nodes.Element, *children: nodes.Node, classes: tuple[str, ...] = ()
) -> nodes.Element:
    """A new node made as ``example`` was (class, attributes and classes), with
    ``children`` and our ``classes`` added."""
    node = type(example)()
    for name, value in example.attributes.items():
        if name not in ("ids", "names", "dupnames", "backrefs", "source"):
            node[name] = list(value) if isinstance(value, list) else value
    node["classes"] = [*example["classes"], *classes]
    node.extend(children)
    return node


@dc.dataclass(frozen=True)
class DesignParts:
    """The parts of :data:`EXAMPLE` as the installed sphinx-design made them."""

    grid: nodes.Element
    row: nodes.Element
    column: nodes.Element
    card: nodes.Element
    card_body: nodes.Element
    card_title: nodes.Element
    card_paragraph: nodes.Element
    badge: nodes.Element

    def make_grid(self, columns: list[nodes.Element], *classes: str) -> nodes.Element:
        """A responsive grid of ``columns`` (each from :meth:`make_column`)."""
        return _like(self.grid, _like(self.row, *columns), classes=classes)

    def make_column(self, card: nodes.Element) -> nodes.Element:
        """One place in a grid, holding a card."""
        return _like(self.column, card)

    def make_card(
        self,
        *body: nodes.Node,
        title: nodes.Node | None = None,
        classes: tuple[str, ...] = (),
    ) -> nodes.Element:
        """A card: ``title`` (if given) then ``body`` in the card's body."""
        # Here, not on top: sphinx-design's module loads Sphinx's application,
        # which the `evidence` commands that only write files must not need.
        from sphinx_design.shared import PassthroughTextElement  # noqa: PLC0415

        heading = []
        if title is not None:
            # A link must be in a text element (as sphinx-design's titles are).
            text = PassthroughTextElement("", "", title)
            heading.append(_like(self.card_title, text))
        return _like(self.card, _like(self.card_body, *heading, *body), classes=classes)

    def make_card_text(self, text: str, *classes: str) -> nodes.paragraph:
        """A paragraph of a card's text."""
        paragraph = nodes.paragraph(text, text)
        paragraph["classes"] = [*self.card_paragraph["classes"], *classes]
        return paragraph

    def make_badge(self, text: str, *classes: str) -> nodes.Element:
        """A badge (sphinx-design's ``bdg`` role, without a colour)."""
        return _like(self.badge, nodes.Text(text), classes=classes)


def design_parts(env: BuildEnvironment) -> DesignParts:
    """sphinx-design's parts, made once per run of Sphinx (before any parallel
    reader or writer starts, each of them makes its own only if it must)."""
    state = build_state(env)
    if state.design_parts is None:
        state.design_parts = _make_parts(env)
    return state.design_parts


def _make_parts(env: BuildEnvironment) -> DesignParts:
    """Run sphinx-design on :data:`EXAMPLE` and keep each part."""
    settings = get_default_settings(Parser)
    settings.env = env
    settings.report_level = settings.halt_level = 5  # a problem is raised below
    document = new_document("<sphinx-design example>", settings)
    Parser().parse(EXAMPLE, document)
    found = {
        node["design_component"]: node
        for node in document.findall(nodes.Element)
        if node.get("design_component")
    }
    wanted = ("grid-container", "grid-row", "grid-item", "card", "card-body")
    missing = [name for name in (*wanted, "card-title") if name not in found]
    badges = [
        node
        for node in document.findall(nodes.inline)
        if node.astext() == "Badge" and node["classes"]
    ]
    texts = [
        node
        for node in found.get("card-body", document).children
        if isinstance(node, nodes.paragraph)
    ]
    if missing or not badges or not texts:
        raise ExtensionError(
            "sphinx-design no longer makes the grid, card and badge the site's "
            f"pages are made like (missing: {', '.join(missing) or 'badge'}); "
            "check its release notes and hub_evidence.source.design.EXAMPLE."
        )
    return DesignParts(
        grid=found["grid-container"],
        row=found["grid-row"],
        column=found["grid-item"],
        card=found["card"],
        card_body=found["card-body"],
        card_title=found["card-title"],
        card_paragraph=texts[0],
        badge=badges[0],
    )
