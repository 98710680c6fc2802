"""The "at a glance" panel at the top of a summary, rendered from its record.

Built from standard docutils nodes (every value is a text node, so it is
escaped by every writer), made as sphinx-design makes a card and its badges
(:mod:`..design`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .. import wider_use
from ..design import DesignParts
from ..facets import FACETS, HUB_FOLDER, Facet
from ..vocabulary import tag_slug

if TYPE_CHECKING:
    from ..config import EvidenceConfig
    from ..model import SummaryRecord

NOT_GIVEN = "Not given"


def _text(value: str) -> nodes.paragraph:
    return nodes.paragraph(value, value)


def _field(name: str, value: str | nodes.Element) -> nodes.field:
    """One fact; an empty value reads "Not given" (its warning says why)."""
    body = value if isinstance(value, nodes.Element) else _text(value or NOT_GIVEN)
    return nodes.field(
        "",
        nodes.field_name(name, name),
        nodes.field_body("", body),
        classes=[f"evidence-fact-{nodes.make_id(name)}"],
    )


def browse_link(
    text: str, pagename: str, record: SummaryRecord
) -> addnodes.pending_xref:
    """A link to a browse page, which is made from the records when the site is
    written (not a document): the evidence domain resolves it, and warns if the
    page does not exist."""
    return addnodes.pending_xref(
        "",
        nodes.inline(text, text),
        refdomain="evidence",
        reftype="browse",
        reftarget=pagename,
        refexplicit=True,
        refwarn=True,
        refdoc=record.docname,
    )


def value_link(
    record: SummaryRecord, config: EvidenceConfig, facet: Facet, value: str
) -> addnodes.pending_xref:
    """A facet value, linked to its browse page."""
    return browse_link(
        facet.label(value, config), facet.docname(value, config.browse_dir), record
    )


def ownership_line(
    record: SummaryRecord, config: EvidenceConfig, design: DesignParts
) -> nodes.paragraph:
    """Who owns the findings, who may see them, and whether they may be reused."""
    summary = record.front_matter
    sharing = (
        config.vocabularies["sharing_levels"].label(summary.sharing)
        if summary.sharing
        else NOT_GIVEN
    )
    if summary.anonymised_use is None:
        reuse = "Anonymised use: not stated"
    elif summary.anonymised_use:
        reuse = "Anonymised use in strategic-goal evaluation: permitted"
    else:
        reuse = "Anonymised use in strategic-goal evaluation: not permitted"
    line = nodes.paragraph(classes=["evidence-ownership"])
    line += design.make_badge(f"Owned by {summary.hub or 'the hub'}", "evidence-owner")
    line += nodes.Text(" ")
    line += design.make_badge(
        f"Shared with: {sharing}", f"evidence-sharing-{summary.sharing or 'unknown'}"
    )
    line += nodes.Text(" ")
    line += design.make_badge(reuse, "evidence-reuse")
    line += nodes.Text(" ")
    if wider_use.permitted(summary):
        wider = f"{wider_use.LABEL}: yes"
    else:
        wider = f"{wider_use.LABEL}: no (ask the hub)"
    line += design.make_badge(wider, "evidence-reuse", "evidence-wider-use")
    return line


def ask_the_hub(record: SummaryRecord) -> nodes.Element:
    """How to ask the hub for wider use: its contact, and what to write.

    The contact is a ``mailto:`` link only when it is an e-mail address (any
    other text stays text); without a contact the reader is sent to the hub.
    The address and subject are written out, so they are on paper too.
    """
    summary = record.front_matter
    subject = wider_use.request_subject(summary)
    hub = summary.hub or "the hub"
    box = nodes.admonition(classes=["evidence-ask-hub", "note"])
    box += nodes.title(
        "Using these findings elsewhere", "Using these findings elsewhere"
    )
    box += _text(
        f"The findings belong to {hub}, which has not given permission for them "
        "to be used beyond this site and strategic-goal evaluation (in reports, "
        "training or other programmes, for example)."
    )
    ask = nodes.paragraph()
    address = wider_use.mail_address(summary.contact)
    if address is not None:
        ask += nodes.Text("To ask for it, e-mail ")
        ask += nodes.reference(
            address, address, refuri=wider_use.mailto(address, subject)
        )
    elif summary.contact:
        ask += nodes.Text(f"To ask for it, contact {summary.contact.strip()}")
    else:
        ask += nodes.Text(f"To ask for it, contact {hub}")
    ask += nodes.Text(" with the subject “")
    ask += nodes.inline(subject, subject, classes=["evidence-ask-subject"])
    ask += nodes.Text("”.")
    box += ask
    return box


def summary_header(
    record: SummaryRecord, config: EvidenceConfig, design: DesignParts
) -> nodes.Element:
    """The header panel of one summary: a sphinx-design card."""
    summary = record.front_matter
    vocabularies = config.vocabularies
    body: list[nodes.Node] = []
    if summary.illustrative:
        note = nodes.admonition(classes=["evidence-illustrative", "attention"])
        note += nodes.title("Illustrative example", "Illustrative example")
        note += _text(
            "This summary is invented to show how the site works. The hub, its "
            "schools, people and findings are fictional."
        )
        body.append(note)
    body.append(nodes.rubric("At a glance", "At a glance"))

    def links(facet: str, values: tuple[str, ...]) -> nodes.paragraph:
        """Each value, linked to its browse page."""
        line = nodes.paragraph()
        for index, value in enumerate(values):
            if index:
                line += nodes.Text(", ")
            line += value_link(record, config, FACETS[facet], value)
        return line

    goal: str | nodes.Element = ""
    if summary.strategic_goal:
        goal = links("strategic-goal", summary.strategic_goal)
        if summary.goal_statement:
            goal += nodes.Text(f": {summary.goal_statement}")
    elif summary.goal_statement:
        goal = summary.goal_statement
    hub: str | nodes.Element = summary.hub
    # A hub whose folder name is not a web address has no timeline (its
    # author is told how to rename the folder).
    if summary.hub and tag_slug(record.slug) == record.slug:
        hub = nodes.paragraph("", summary.hub + " (")
        hub += browse_link(
            "all years", f"{config.browse_dir}/{HUB_FOLDER}/{record.slug}", record
        )
        hub += nodes.Text(")")
    questions: str | nodes.Element = ""
    if summary.research_questions:
        questions = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        questions += [nodes.list_item("", _text(q)) for q in summary.research_questions]
    facts = nodes.field_list(classes=["evidence-facts"])
    facts += [
        _field("Maths Hub", hub),
        _field("Year", links("year", (summary.year,)) if summary.year else ""),
        _field("Region", links("region", summary.region) if summary.region else ""),
        _field("Strategic goal", goal),
        _field("Research questions", questions),
        _field("The case", summary.case),
        _field("Evaluators", ", ".join(summary.evaluators)),
        _field(
            "Data collection", links("method", record.methods) if record.methods else ""
        ),
    ]
    if summary.focus:
        focus = vocabularies["focus_areas"]
        facts += _field("Focus", ", ".join(focus.label(key) for key in summary.focus))
    if summary.tags:
        facts += _field("Tags", links("tags", summary.tags))
    status = vocabularies["statuses"].label(summary.status) if summary.status else ""
    facts += _field("Status", status)
    if summary.contact:
        facts += _field("Contact", summary.contact)
    body += [facts, ownership_line(record, config, design)]
    if not wider_use.permitted(summary):
        body.append(ask_the_hub(record))
    return design.make_card(*body, classes=("evidence-summary-header",))
