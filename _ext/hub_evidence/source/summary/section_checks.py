"""Checking a summary's sections: all the template's, once each, in its order.

A section's directive cannot see the others, so these checks run over the
whole page once it is read (from :mod:`.record`, whose record lists the
sections found).
"""

from __future__ import annotations

from docutils import nodes

from ..directives.structure import SECTION_ATTRIBUTE
from ..model import REQUIRED_SECTIONS, SECTION_TITLES
from ..vocabulary import or_list
from ..warnings_ import EvidenceWarning, warn

TEMPLATE_ORDER = list(SECTION_TITLES)


def template_sections(document: nodes.document) -> list[nodes.Element]:
    """The page's template sections (``context`` ...), in page order."""
    return [
        node for node in document.findall(nodes.Element) if node.get(SECTION_ATTRIBUTE)
    ]


def check_sections(document: nodes.document, docname: str) -> tuple[str, ...]:
    """Warn about missing, repeated and out-of-order sections; the ones present."""
    seen: dict[str, nodes.Element] = {}
    last_rank = -1
    for node in template_sections(document):
        name = node[SECTION_ATTRIBUTE]
        if name in seen:
            warn(
                EvidenceWarning.DUPLICATE_SECTION,
                f"The `{name}` section is given twice (first on line "
                f"{seen[name].line}). Merge the two into one.",
                location=node,
            )
            continue
        seen[name] = node
        rank = TEMPLATE_ORDER.index(name)
        if rank < last_rank:
            warn(
                EvidenceWarning.SECTION_ORDER,
                f"The `{name}` section comes after a section that follows it in "
                f"the template. Put the sections in the template's order: "
                f"{or_list(TEMPLATE_ORDER).replace(' or ', ' and ')}.",
                location=node,
            )
        last_rank = max(last_rank, rank)
    for name in REQUIRED_SECTIONS:
        if name not in seen:
            later = [
                seen[n]
                for n in TEMPLATE_ORDER[TEMPLATE_ORDER.index(name) :]
                if n in seen
            ]
            line = later[0].line if later else None
            warn(
                EvidenceWarning.MISSING_SECTION,
                f"The summary has no `{name}` section "
                f"({SECTION_TITLES[name]}). Add a `:::{{{name}}}` block"
                + (" before this line." if later else " after the other sections."),
                location=(docname, line or _last_line(document)),
            )
    return tuple(seen)


def _last_line(document: nodes.document) -> int:
    lines = [n.line for n in document.findall(nodes.Element) if n.line]
    return max(lines, default=1)
