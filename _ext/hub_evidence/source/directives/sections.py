"""The template's prose sections: ``context``, ``activity``, ``conclusion``,
``appendices`` (and the section part of ``themes``).

Each renders as a real section with a fixed heading and a stable anchor
(``#context`` ...), so it is listed in the page's "On this page" navigation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..model import SECTION_TITLES
from ..warnings_ import EvidenceWarning, warn
from .common import EvidenceDirective, is_ignorable
from .structure import SECTION_ATTRIBUTE, is_lone_fence, lone_fence_message, tangled

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def unique_id(document: nodes.document, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` ... if the page already uses it."""
    candidate, number = wanted, 1
    while candidate in document.ids:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


class SectionDirective(EvidenceDirective):
    """A template section: a heading, an anchor and the author's prose."""

    section: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        section = self.make_section()
        self.fill(section, options)
        return [section]

    def fill(self, section: nodes.Element, options: dict[str, str]) -> None:
        """Add the content (subclasses add more)."""
        body = self.parse_body()
        if not any(not is_ignorable(node) for node in body):
            self.report(
                EvidenceWarning.EMPTY_SECTION,
                f"The `{self.section}` section is empty. Write its text between "
                f"the `:::{{{self.section}}}` line and the closing `:::`.",
            )
        section.extend(body)

    def make_section(self) -> nodes.section:
        """The section node, with its heading and anchor."""
        title = SECTION_TITLES[self.section]
        if not self.in_summary:
            self.report(
                EvidenceWarning.MISPLACED,
                f"`{self.section}` is a section of a hub summary; use it only in a "
                "`hubs/<year>/<hub>/index.md` file.",
            )
        section = nodes.section(
            classes=["evidence-section", f"evidence-{self.section}"]
        )
        section[SECTION_ATTRIBUTE] = self.section
        section["ids"] = [unique_id(self.state.document, self.section)]
        self.state.document.set_id(section)
        self.set_source_info(section)
        section += nodes.title(title, title)
        return section


class ContextDirective(SectionDirective):
    """The hub's region, the national priority, why it matters, the schools, events."""

    section = "context"


class ActivityDirective(SectionDirective):
    """What was done and how the data were collected, naming the methods."""

    section = "activity"
    known_options: ClassVar[dict[str, str]] = {
        "methods": "data-collection methods, comma-separated"
    }

    def fill(self, section: nodes.Element, options: dict[str, str]) -> None:
        methods = self.terms(
            "methods", options.get("methods", ""), self.vocabulary("methods")
        )
        if not options.get("methods"):
            self.report(
                EvidenceWarning.OPTION_VALUE,
                "Say which data-collection methods were used: add a line such as "
                "`:methods: interviews, survey` directly under `:::{activity}`.",
            )
        section["evidence_methods"] = list(methods)
        super().fill(section, options)


class ConclusionDirective(SectionDirective):
    """What the evaluation concludes."""

    section = "conclusion"


class AppendicesDirective(SectionDirective):
    """Links to other outputs: case studies, survey instruments, files."""

    section = "appendices"


class NestedSectionTransform(SphinxTransform):
    """Turn a section written inside another block into a plain block.

    A section can only sit directly in the page (or in another section); one
    written inside, say, a note would break the page's structure, so it is
    kept as a block with its heading as a rubric, and the author is told.
    """

    default_priority = 600

    def apply(self, **kwargs: object) -> None:
        for section in list(self.document.findall(nodes.section)):
            name = section.get(SECTION_ATTRIBUTE)
            if not name or isinstance(section.parent, (nodes.section, nodes.document)):
                continue
            if tangled(self.env, section.line):
                pass  # reported at the cause (see .structure.tangled)
            elif is_lone_fence(self.env, section.parent):
                message = (
                    f"The `{name}` section is inside a block without a name. "
                    + lone_fence_message(self.env, section.parent)
                )
                warn(EvidenceWarning.FENCE, message, location=section.parent)
            else:
                warn(
                    EvidenceWarning.MISPLACED,
                    f"The `{name}` section is inside another block. Move it out, so "
                    "that its `:::` lines are not inside any other directive.",
                    location=section,
                )
            block = nodes.container(
                "",
                nodes.rubric("", "", *section[0].children),
                *section[1:],
                **section.attributes,
            )
            section.replace_self(block)


PROSE_SECTIONS: tuple[type[SectionDirective], ...] = (
    ContextDirective,
    ActivityDirective,
    ConclusionDirective,
    AppendicesDirective,
)


def setup_sections(app: Sphinx) -> None:
    """Register the prose section directives."""
    for directive in PROSE_SECTIONS:
        app.add_directive(directive.section, directive)
    app.add_transform(NestedSectionTransform)
