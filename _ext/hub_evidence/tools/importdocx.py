"""``evidence import-docx``: a filled Evaluator in Residence Word template as a summary.

The document is read with python-docx, in order: the template's introduction
(everything before the "Evaluator in Residence Summary" heading) is dropped;
the header table becomes the front matter; the context table, the "Activity
and data collection" text, each row of the themes table (a theme and its
implication), the conclusion and the appendices become the sections. Lists,
bold and italic are kept, text is kept as written (curly quotes, symbols), the
template's own guidance ("To include:" prompts) is dropped, and images are
saved beside the page. What cannot be mapped with confidence is left marked
in the front matter and reported, and the summary is written as a draft.

A document exported from the site (``evidence export-docx``, "Download as
Word") carries its summary's record: it is read the same way, each theme's
bold first paragraph being its title, and what the hub did not edit comes
back from the record (:mod:`.wordmerge`); it replaces its own summary, and
the import says what changed.
"""

from __future__ import annotations

import dataclasses as dc
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..source.config import EvidenceConfig
from ..source.model import HubSummary, year_folder
from ..source.placeholders import CONTEXT_PROMPTS
from ..source.summary_text import SummaryDocument, ThemeText
from ..source.word.carried import carried
from ..source.word.writer import word_document
from .scaffold import (
    YEAR_PAGE_NOTE,
    NewSummary,
    ScaffoldError,
    check_year,
    create_year_page,
    hubs_folder,
    new_summary_path,
    write_new_file,
)
from .summary_file import summary_markdown
from .wordmerge import REPLACED, merged_summary, replace_summary

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docx.document import Document

    from ..source.vocabulary import Vocabulary

SUMMARY_HEADING = "evaluator in residence summary"
GUIDANCE = {
    "to include:",
    "appendices to include:",
    "any other outputs",
    *(prompt.casefold() for prompt in CONTEXT_PROMPTS),
    "engagement with the mh (historical)",
}
"""The template's own prompts (compared without case), never an author's text."""
SECTIONS = ("activity", "conclusion", "appendices")
"""The sections written as text under a heading (the others are tables)."""
WEB_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif"})
"""The image formats saved beside the page (others cannot be shown, or run code)."""
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>{}|])")
_TITLE_WORDS = 10


IMAGES_NOT_SAVED = (
    "Images in the document were not saved: put them in the folder and add them "
    "with ![description](file.png)."
)


class DocumentError(Exception):
    """The document cannot be imported; the message says why."""


@dc.dataclass
class Imported:
    """A summary read from a document, and what could not be mapped."""

    front: dict[str, str] = dc.field(default_factory=dict)
    context: list[str] = dc.field(default_factory=list)
    activity: list[str] = dc.field(default_factory=list)
    themes: list[tuple[str, str, list[str], list[str]]] = dc.field(default_factory=list)
    """(title, kind, finding blocks, implication blocks) per row."""
    conclusion: list[str] = dc.field(default_factory=list)
    appendices: list[str] = dc.field(default_factory=list)
    illustrative: bool = False
    """Whether the hub's name says the document is an illustrative example."""
    unmapped: list[str] = dc.field(default_factory=list)
    images: dict[str, bytes] = dc.field(default_factory=dict)
    carried: SummaryDocument | None = None
    """The record a document exported from the site carries (:mod:`..source.word`)."""
    exported: Imported | None = None
    """What the document said when it was exported (its carried record, read
    back as its visible text is read): where the visible text still says the
    same, the carried record is taken; where it differs, the hub edited it."""


def _is_guidance(text: str) -> bool:
    return text.strip().casefold().rstrip(".") in {g.rstrip(".") for g in GUIDANCE}


class _Reader:
    def __init__(self, document: Document, goals: Vocabulary, *, titled: bool) -> None:
        self.document = document
        self.goals = goals
        """The site's strategic goals, which the header's goal is looked up in."""
        self.titled = titled
        """Whether a theme's first paragraph, all bold, is its title (as the
        site's export writes it)."""
        self.result = Imported()

    # -- text ----------------------------------------------------------------

    def inline(self, paragraph: Paragraph) -> str:
        """A paragraph's text as MyST, with bold, italic and images."""
        parts: list[str] = []
        for run in paragraph.runs:
            text = _MARKDOWN_SPECIAL.sub(r"\\\1", run.text)
            parts.extend(self.image(blip) for blip in run.element.findall(".//{*}blip"))
            if text.strip() and run.bold:
                text = f"**{text.strip()}** " if text.endswith(" ") else f"**{text}**"
            elif text.strip() and run.italic:
                text = f"*{text.strip()}* " if text.endswith(" ") else f"*{text}*"
            parts.append(text)
        return "".join(parts).strip()

    def image(self, blip: object) -> str:
        rid = blip.get(  # type: ignore[attr-defined]
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
        )
        part = self.document.part.related_parts.get(rid)
        if part is None:
            return ""
        suffix = Path(part.partname).suffix.lower()
        if suffix not in WEB_IMAGES:
            self.result.unmapped.append(
                f"An image saved as {suffix or 'an unknown format'} (which web "
                "browsers do not show) was left out: save it as PNG or JPEG, put it "
                "in the folder and add it with ![description](file.png)."
            )
            return ""
        name = f"image-{len(self.result.images) + 1}{suffix}"
        self.result.images[name] = part.blob
        return f"![Image {len(self.result.images)} from the document]({name})"

    def blocks(self, paragraphs: list[Paragraph]) -> list[str]:
        """Paragraphs as MyST blocks: lists joined, guidance dropped."""
        blocks: list[str] = []
        for paragraph in paragraphs:
            text = self.inline(paragraph)
            if not text or _is_guidance(paragraph.text):
                continue
            style = paragraph.style.name.casefold() if paragraph.style else ""
            if "list" in style or (
                paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
            ):
                marker = "1." if "number" in style else "-"
                if (
                    blocks
                    and blocks[-1].startswith(("- ", "1. "))
                    and blocks[-1][0] == marker[0]
                ):
                    blocks[-1] += f"\n{marker} {text}"
                    continue
                blocks.append(f"{marker} {text}")
            else:
                blocks.append(text)
        return blocks

    # -- structure -------------------------------------------------------------

    def body(self) -> Iterator[Paragraph | Table]:
        """The document's paragraphs and tables, from the summary heading on."""
        started = False
        for child in self.document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            item: Paragraph | Table
            if tag == "p":
                item = Paragraph(child, self.document)
                if item.text.strip().casefold() == SUMMARY_HEADING:
                    started = True
                    continue
            elif tag == "tbl":
                item = Table(child, self.document)
            else:
                continue
            if started:
                yield item

    def read(self) -> Imported:
        section = None
        loose: list[Paragraph] = []
        for item in self.body():
            if isinstance(item, Table):
                self.table(item, section)
                continue
            heading = item.text.strip().casefold()
            is_heading = item.style is not None and item.style.name.startswith(
                "Heading"
            )
            if is_heading or heading.startswith("appendices"):
                # "Appendices to include:" is a plain paragraph in the template.
                self.flush(section, loose)
                loose = []
                section = next(
                    (name for name in SECTIONS if heading.startswith(name)), heading
                )
            else:
                loose.append(item)
        self.flush(section, loose)
        return self.result

    def flush(self, section: str | None, paragraphs: list[Paragraph]) -> None:
        blocks = self.blocks(paragraphs)
        if section in SECTIONS:
            getattr(self.result, section).extend(blocks)
        elif blocks:
            self.result.unmapped.append(
                f"{len(blocks)} paragraph(s) under “{section}” were not in any section "
                "of the template; they are not imported."
            )

    def table(self, table: Table, section: str | None) -> None:
        first = table.rows[0].cells[0].text.strip().casefold()
        if first == "maths hub":
            self.header(table)
        elif first == "context":
            self.result.context = self.blocks(table.rows[0].cells[-1].paragraphs)
        elif first.startswith("themes"):
            self.themes(table)
        elif section == "conclusion":
            for row in table.rows:
                self.result.conclusion += self.blocks(row.cells[0].paragraphs)

    def header(self, table: Table) -> None:
        for row in table.rows:
            label = row.cells[0].text.strip().casefold()
            cell = row.cells[-1]
            text = cell.text.strip()
            if label == "maths hub":
                self.result.illustrative = "illustrative" in text.casefold()
                self.result.front["hub"] = re.sub(r"\s*\(.*?\)\s*$", "", text)
            elif label == "strategic goal":
                self.goal(text)
            elif label.startswith("research question"):
                questions = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
                self.result.front["research_questions"] = "\n".join(questions)
            elif label.startswith("what is the case"):
                self.result.front["case"] = " ".join(text.split())

    def goal(self, text: str) -> None:
        name, _, statement = text.partition(":")
        keys = [self.goals.lookup(part.strip()) for part in name.split(",")]
        key = None if None in keys else ", ".join(k for k in keys if k)
        if key is None:
            self.result.unmapped.append(
                f"The strategic goal “{text}” is not one the site knows: write "
                f"`strategic_goal:` ({self.goals.describe()})."
            )
            statement = text
        else:
            self.result.front["strategic_goal"] = key
        statement = statement.strip()
        self.result.front["goal_statement"] = statement[:1].upper() + statement[1:]

    def themes(self, table: Table) -> None:
        for row in table.rows[1:]:
            finding = self.blocks(row.cells[0].paragraphs)
            implication = (
                self.blocks(row.cells[-1].paragraphs) if len(row.cells) > 1 else []
            )
            if not finding and not implication:
                continue  # an empty row of the template
            kind = "finding"
            title = _bold_title(finding) if self.titled else None
            if title is not None:
                finding = finding[1:]
                kind = "process" if re.match(r"(?i)^process\s*:\s*", title) else kind
                title = re.sub(r"(?i)^process\s*:\s*", "", title)
                self.result.themes.append((title, kind, finding, implication))
                continue
            if finding and re.match(r"(?i)^process\s*:\s*", finding[0]):
                kind = "process"
                finding[0] = re.sub(r"(?i)^process\s*:\s*", "", finding[0])
                finding[0] = finding[0][:1].upper() + finding[0][1:]
            self.result.themes.append((_title(finding), kind, finding, implication))


def _bold_title(finding: list[str]) -> str | None:
    """The theme's title, if its first paragraph is all bold (as exported)."""
    if not finding or "\n" in finding[0]:
        return None
    match = re.fullmatch(r"\*\*(?P<title>[^*]+)\*\*", finding[0])
    return re.sub(r"\\(.)", r"\1", match["title"]).strip() if match else None


def _title(finding: list[str]) -> str:
    """A theme title from its finding's first sentence (the template has none)."""
    if not finding:
        return "Untitled theme"
    first = re.split(r"(?<=[.!?])\s", finding[0].replace("**", ""), maxsplit=1)[0]
    words = first.rstrip(".").split()
    return " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")


def read_document(
    path: Path, vocabularies: Mapping[str, Vocabulary] | None = None
) -> Imported:
    """Read a filled template, with the site's vocabularies (the defaults if none)."""
    vocabularies = vocabularies or EvidenceConfig().vocabularies
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds for a bad file
        raise DocumentError(
            f"{path} could not be read as a Word document: {error}"
        ) from error
    goals = vocabularies["strategic_goals"]
    record = carried(document)
    result = _Reader(document, goals, titled=record is not None).read()
    if record is not None:
        exported = word_document(record, dict(goals.terms))
        result.carried = record
        result.exported = _Reader(
            docx.Document(io.BytesIO(exported)), goals, titled=True
        ).read()
    if "hub" not in result.front:
        raise DocumentError(
            f"{path} has no “Maths Hub” table: is it a filled Evaluator in Residence "
            "template?"
        )
    sections = {
        "context": result.context,
        "activity": result.activity,
        "themes": result.themes,
        "conclusion": result.conclusion,
    }
    for name, blocks in sections.items():
        if not blocks:
            result.unmapped.append(
                f"The document has no {name}: write it in the summary."
            )
    return result


NOT_IN_THE_DOCUMENT = "NOT IN THE DOCUMENT: write it"
"""The note after a front-matter key the template has no place for."""


def summary_document(imported: Imported, year: str) -> SummaryDocument:
    """The imported summary, a draft: what the template has no place for is marked.

    A document exported from the site gives back its summary, with the hub's
    edits (:func:`.wordmerge.merged_summary`).
    """
    if imported.carried is not None:
        return merged_summary(imported, year)
    front = imported.front
    goal = front.get("strategic_goal", "")
    questions = tuple(front.get("research_questions", "").splitlines())
    unknown = {
        "region": f"{NOT_IN_THE_DOCUMENT} (e.g. North West)",
        "strategic_goal": "" if goal else NOT_IN_THE_DOCUMENT,
        "research_questions": "" if questions else NOT_IN_THE_DOCUMENT,
        "case": "" if front.get("case") else NOT_IN_THE_DOCUMENT,
        "evaluators": NOT_IN_THE_DOCUMENT,
    }
    return SummaryDocument(
        HubSummary(
            hub=front["hub"],
            year=year,
            strategic_goal=tuple(goal.split(", ")) if goal else (),
            goal_statement=front.get("goal_statement", ""),
            research_questions=questions,
            case=front.get("case", ""),
            illustrative=imported.illustrative,
        ),
        context="\n\n".join(imported.context),
        activity="\n\n".join(imported.activity),
        themes=tuple(
            ThemeText(title, kind, (), "\n\n".join(finding), "\n\n".join(implication))
            for title, kind, finding, implication in imported.themes
        ),
        conclusion="\n\n".join(imported.conclusion),
        appendices="\n\n".join(imported.appendices) or None,
        unknown={key: note for key, note in unknown.items() if note},
    )


def summary_text(
    imported: Imported,
    year: str,
    vocabularies: Mapping[str, Vocabulary] | None = None,
) -> str:
    """The imported summary's MyST text (a draft).

    An exported document's summary is written as a summary, not as a form to
    fill in: it has every value, and its file is then compared line by line
    with the one in the repository.
    """
    document = summary_document(imported, year)
    guidance = imported.carried is None
    return summary_markdown(document, vocabularies, guidance=guidance)


def _hub_name(imported: Imported, path: Path) -> str:
    """The document's hub name, refused if the template's row was left empty."""
    hub = imported.front["hub"].strip()
    if not hub or not NewSummary(hub, "").slug:
        shown = f" (it says “{hub}”)" if hub else ""
        raise DocumentError(
            f"{path} has no hub name in its “Maths Hub” row{shown}: write the hub's "
            "name there in Word, like Northshire Maths Hub, save it and import it "
            "again. Nothing was written."
        )
    return hub


def import_document(
    path: Path,
    year: str,
    project: Path,
    hubs_dir: str = "hubs",
    vocabularies: Mapping[str, Vocabulary] | None = None,
) -> tuple[Path, list[str]]:
    """Write the summary (and its images); its path and what to check by hand.

    Everything is checked before anything is written: a document without a hub
    name, a summary that exists, or a file in the way is refused, so an import
    only ever adds ``hubs/<year>/<hub>/`` files (and the year's page if the
    year has none) and never writes over one.
    """
    try:
        check_year(year)
        imported = read_document(path, vocabularies)
        hub = _hub_name(imported, path)
        new = NewSummary(hub, year)
        existing = (
            hubs_folder(project, hubs_dir) / year_folder(year) / new.slug / "index.md"
        )
        if imported.carried is not None and existing.is_file():
            text = summary_text(imported, year, vocabularies)
            after = summary_document(imported, year)
            changed = replace_summary(existing, after, text, vocabularies)
            images = [IMAGES_NOT_SAVED] if imported.images else []
            return existing, [*changed, *imported.unmapped, *images]
        target = new_summary_path(new, project, hubs_dir)
        folder = target.parent
        in_the_way = [folder / name for name in imported.images]
        in_the_way = [path for path in in_the_way if path.exists()]
        if in_the_way:
            raise DocumentError(
                f"{in_the_way[0]} already exists, and the document's images would be "
                "saved under that name: move it away first. Nothing was written."
            )
        text = summary_text(imported, year, vocabularies)
        year_page = create_year_page(project, hubs_dir, year)
        write_new_file(target, text)
        for name, blob in imported.images.items():
            write_new_file(folder / name, blob)
    except ScaffoldError as error:
        raise DocumentError(str(error)) from None
    report = [
        "The region, the evaluators and the data-collection methods are not in the "
        "template: fill them in (marked NOT IN THE DOCUMENT).",
        "Theme titles were made from each finding's first sentence: shorten them.",
        *imported.unmapped,
    ]
    if imported.carried is not None:
        report = [REPLACED, *imported.unmapped]
    if imported.appendices:
        report.append(
            "Appendices are listed as text: save the files in the folder and link them."
        )
    if year_page is not None:
        report.append(
            YEAR_PAGE_NOTE.format(path=year_page.relative_to(project), year=year)
        )
    return target, report
