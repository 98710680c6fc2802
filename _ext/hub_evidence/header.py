"""The "at a glance" panel at the top of a summary, rendered from its record.

Built from standard docutils nodes (every value is a text node, so it is
escaped by every writer), styled as a sphinx-design card in HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from .config import EvidenceConfig
    from .model import SummaryRecord

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


def badge(text: str, *classes: str) -> nodes.inline:
    """A sphinx-design style badge."""
    return nodes.inline(text, text, classes=["sd-badge", *classes])


def ownership_line(record: SummaryRecord, config: EvidenceConfig) -> nodes.paragraph:
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
    line += badge(f"Owned by {summary.hub or 'the hub'}", "evidence-owner")
    line += nodes.Text(" ")
    line += badge(
        f"Shared with: {sharing}", f"evidence-sharing-{summary.sharing or 'unknown'}"
    )
    line += nodes.Text(" ")
    line += badge(reuse, "evidence-reuse")
    return line


def summary_header(record: SummaryRecord, config: EvidenceConfig) -> nodes.container:
    """The header panel of one summary."""
    summary = record.front_matter
    vocabularies = config.vocabularies
    header = nodes.container(
        classes=["evidence-summary-header", "sd-card", "sd-shadow-sm"]
    )
    body = nodes.container(classes=["sd-card-body"])
    header += body
    if summary.illustrative:
        note = nodes.admonition(classes=["evidence-illustrative", "attention"])
        note += nodes.title("Illustrative example", "Illustrative example")
        note += _text(
            "This summary is invented to show how the site works. The hub, its "
            "schools, people and findings are fictional."
        )
        body += note
    body += nodes.rubric("At a glance", "At a glance")

    def labels(vocabulary: str, keys: tuple[str, ...]) -> str:
        return ", ".join(vocabularies[vocabulary].label(key) for key in keys)

    goal = labels("strategic_goals", summary.strategic_goal)
    if summary.goal_statement:
        goal = f"{goal}: {summary.goal_statement}" if goal else summary.goal_statement
    questions: str | nodes.Element = ""
    if summary.research_questions:
        questions = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        questions += [nodes.list_item("", _text(q)) for q in summary.research_questions]
    facts = nodes.field_list(classes=["evidence-facts"])
    facts += [
        _field("Maths Hub", summary.hub),
        _field("Year", summary.year),
        _field("Region", labels("regions", summary.region)),
        _field("Strategic goal", goal),
        _field("Research questions", questions),
        _field("The case", summary.case),
        _field("Evaluators", ", ".join(summary.evaluators)),
        _field("Data collection", labels("methods", record.methods)),
    ]
    if summary.focus:
        facts += _field("Focus", labels("focus_areas", summary.focus))
    if summary.tags:
        facts += _field("Tags", ", ".join(summary.tags))
    facts += _field(
        "Status", labels("statuses", (summary.status,)) if summary.status else ""
    )
    if summary.contact:
        facts += _field("Contact", summary.contact)
    body += facts
    body += ownership_line(record, config)
    return header
