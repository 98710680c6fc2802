"""``evidence export-docx``: a summary as a Word document in the programme's template.

Export then import gives back the same summary (every example, and summaries
generated from a subset of MyST: paragraphs, bold, italic, bullet and numbered
lists, theme titles and tags); an edit made in Word arrives, and the import
says what changed; governance never comes from a document; the files are the
same bytes every time, and open in python-docx and in LibreOffice.
"""

from __future__ import annotations

import dataclasses as dc
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.table import Table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from hub_evidence.source.config import EvidenceConfig
from hub_evidence.source.model import THEMES_TABLE_HEADINGS, HubSummary
from hub_evidence.source.summary_text import (
    SummaryDocument,
    ThemeText,
    read_summary_text,
)
from hub_evidence.source.word.carried import NAMESPACE
from hub_evidence.source.word.volume import year_document
from hub_evidence.source.word.writer import FIXED_TIME, word_document
from hub_evidence.tools.importdocx import (
    import_document,
    read_document,
    summary_document,
)

from .test_cli import run

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted(ROOT.glob("hubs/*/*/index.md"))
VOCABULARIES = EvidenceConfig().vocabularies
GOALS = dict(VOCABULARIES["strategic_goals"].terms)
DRAFT = {
    "status": "draft",
    "sharing": "hub",
    "anonymised_use": False,
    "wider_use": False,
}


def without_governance(document: SummaryDocument) -> SummaryDocument:
    front = dc.replace(document.front_matter, **DRAFT)  # type: ignore[arg-type]
    return dc.replace(document, front_matter=front)


def summary(path: Path) -> SummaryDocument:
    return read_summary_text(path.read_text(encoding="utf-8"), VOCABULARIES)


def test_every_example_comes_back_the_same(tmp_path: Path) -> None:
    assert len(EXAMPLES) >= 10
    out = tmp_path / "word"
    result = run("export-docx", str(ROOT / "hubs"), "--to", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == len(EXAMPLES)
    for index in EXAMPLES:
        name = f"{index.parent.name}-{index.parent.parent.name}.docx"
        original = summary(index)
        site = tmp_path / name
        target, _ = import_document(
            out / name, original.front_matter.year, site, "hubs", VOCABULARIES
        )
        back = summary(target)
        assert back == without_governance(original), index
        assert back.themes and all(t.title for t in back.themes), index


def test_the_document_is_the_template_filled(tmp_path: Path) -> None:
    original = summary(ROOT / "hubs/2023-24/northshire/index.md")
    word = docx.Document(io.BytesIO(word_document(original, GOALS)))
    tables = word.tables
    assert [t.rows[0].cells[0].text for t in tables[:2]] == ["Maths Hub", "Context"]
    header = {row.cells[0].text: row.cells[1].text for row in tables[0].rows}
    assert header["Maths Hub"] == "Northshire Maths Hub (illustrative example)"
    assert header["Strategic Goal"].startswith("Primary: Introduce, embed")
    themes = tables[2]
    assert tuple(c.text for c in themes.rows[0].cells) == THEMES_TABLE_HEADINGS
    assert len(themes.rows) == 1 + len(original.themes) == 4
    first = themes.rows[1].cells[0].paragraphs[0]
    assert first.text == "Confidence with early number grew"
    assert all(run.bold for run in first.runs)
    assert themes.rows[3].cells[0].paragraphs[0].text.startswith("Process: ")
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-3:] == [
        "Evaluator in Residence Summary",
        "Activity and data collection",
        "Conclusion",
    ]
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert "Case study: Seaview Primary School (PDF)" in bullets
    assert "Spring: Work Group observations" in bullets
    assert isinstance(tables[3], Table) and tables[3].rows[0].cells[0].text.startswith(
        "The Work Group increased"
    )


def test_the_files_are_reproducible() -> None:
    original = summary(ROOT / "hubs/2023-24/northshire/index.md")
    data = word_document(original, GOALS)
    assert data == word_document(original, GOALS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert infos
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.created == properties.modified == FIXED_TIME


def _site_with(tmp_path: Path, index: Path) -> Path:
    site = tmp_path / "site"
    folder = site / "hubs" / index.parent.parent.name / index.parent.name
    shutil.copytree(index.parent, folder)
    return site


def test_edits_in_word_arrive_and_the_rest_comes_back(tmp_path: Path) -> None:
    index = ROOT / "hubs/2023-24/northshire/index.md"
    site = _site_with(tmp_path, index)
    original = summary(index)
    exported = tmp_path / "northshire.docx"
    exported.write_bytes(word_document(original, GOALS))
    word = docx.Document(str(exported))
    context = word.tables[1].rows[0].cells[1].paragraphs[0]
    context.runs[0].text = "Northshire is a rural hub with a long coast."
    for extra in context.runs[1:]:
        extra.text = ""
    case = word.tables[0].rows[3].cells[1].paragraphs[0]
    case.runs[0].text = "Six coastal primary schools."
    implication = word.tables[2].rows[2].cells[1].paragraphs[0]
    implication.runs[0].text = "Ask schools how they timetable it."
    row = word.tables[2].add_row().cells
    row[0].paragraphs[0].add_run("Parents asked for number games").bold = True
    row[0].add_paragraph("Parents asked the schools for games to play at home.")
    row[1].paragraphs[0].add_run("Send home a number game each half term.")
    word.save(str(exported))

    target, report = import_document(exported, "2023/24", site, "hubs", VOCABULARIES)
    back = summary(target)
    assert back.context.startswith("Northshire is a rural hub with a long coast.\n\n")
    assert back.activity == original.activity  # unedited: its MyST, line breaks kept
    assert back.front_matter.case == "Six coastal primary schools."
    assert back.front_matter.region == original.front_matter.region
    assert back.themes[1] == dc.replace(
        original.themes[1], implication="Ask schools how they timetable it."
    )  # edited: its title and tags kept
    assert back.themes[::2] == original.themes[::2]  # unedited: as they were
    assert back.themes[3] == ThemeText(
        "Parents asked for number games",
        "finding",
        (),
        "Parents asked the schools for games to play at home.",
        "Send home a number game each half term.",
    )
    assert back.front_matter.tags == original.front_matter.tags
    assert report[:4] == [
        "The case changed.",
        "The context changed.",
        "The theme “Mixed-age classes struggled with timetabling” changed.",
        "New theme: “Parents asked for number games”.",
    ]
    assert "draft shared with the hub" in report[4]


def test_governance_never_comes_from_a_document(tmp_path: Path) -> None:
    index = ROOT / "hubs/2023-24/northshire/index.md"
    original = summary(index)
    assert original.front_matter.status == "published"
    exported = tmp_path / "northshire.docx"
    exported.write_bytes(word_document(original, GOALS))
    # Someone writes governance into the carried record by hand.
    with zipfile.ZipFile(exported) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    carried = [name for name, data in parts.items() if NAMESPACE.encode() in data]
    assert carried
    for name in carried:
        if name.endswith("itemProps2.xml"):
            continue
        text = parts[name].decode()
        start, end = text.index("{"), text.rindex("}") + 1
        data = json.loads(text[start:end].replace("&quot;", '"'))
        data["front_matter"] |= {"status": "published", "sharing": "public"}
        parts[name] = (text[:start] + json.dumps(data) + text[end:]).encode()
    with zipfile.ZipFile(exported, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    imported = read_document(exported)
    front = summary_document(imported, "2023/24").front_matter
    assert (front.status, front.sharing, front.anonymised_use) == (
        "draft",
        "hub",
        False,
    )


def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, (
        "LibreOffice's soffice was not found: install Debian's "
        "libreoffice-writer-nogui (apt-get install -y libreoffice-writer-nogui)."
    )
    return soffice


def _convert(document: Path, to: str, out: Path) -> Path:
    """``document`` converted by headless LibreOffice (``to``: pdf, docx...)."""
    profile = f"-env:UserInstallation=file://{out}/profile"
    command = [_soffice(), profile, "--headless", "--convert-to", to]
    result = subprocess.run(
        [*command, "--outdir", str(out), str(document)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    converted = out / f"{document.stem}.{to.split(':', maxsplit=1)[0]}"
    assert converted.is_file(), result.stdout + result.stderr
    return converted


def test_libreoffice_opens_the_documents_and_saves_them_back(tmp_path: Path) -> None:
    original = summary(ROOT / "hubs/2023-24/severnside/index.md")
    document = tmp_path / "severnside.docx"
    document.write_bytes(word_document(original, GOALS))
    pdf = _convert(document, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    # Saved again by a word processor, as a hub would: the record survives.
    saved = _convert(document, "docx:MS Word 2007 XML", tmp_path / "saved")
    assert saved.read_bytes() != document.read_bytes()
    back = summary_document(read_document(saved), "2023/24")
    assert back == without_governance(original)


def test_libreoffice_opens_a_year_s_document(tmp_path: Path) -> None:
    """A year's summaries in one document, with its contents field, open: each
    chapter is in the PDF, listed in the contents on the page after the title."""
    chapters = [
        (path.parent.name, word_document(summary(path), GOALS))
        for path in EXAMPLES
        if path.parent.parent.name == "2023-24"
    ]
    assert len(chapters) > 1
    volume = tmp_path / "volume.docx"
    volume.write_bytes(year_document("Summaries 2023/24", "All of them.", chapters))
    pdf = PdfReader(_convert(volume, "pdf", tmp_path / "pdf"))
    contents = pdf.pages[1].extract_text()
    assert contents.splitlines() == ["Contents", *(name for name, _ in chapters)]
    text = "\n".join(page.extract_text() for page in pdf.pages[2:])
    assert all(name in text for name, _ in chapters)


# -- summaries generated from a subset of MyST ---------------------------------

WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
PLAIN = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    parts = draw(st.lists(PLAIN, min_size=1, max_size=3))
    marks = draw(
        st.lists(
            st.sampled_from(["", "**", "*"]), min_size=len(parts), max_size=len(parts)
        )
    )
    text = " ".join(f"{m}{p}{m}" for p, m in zip(parts, marks, strict=True))
    return text[:1].upper() + text[1:] if text[0].isalpha() else text


@st.composite
def prose(draw: st.DrawFn) -> str:
    blocks = []
    for kind in draw(
        st.lists(st.sampled_from(["p", "-", "1."]), min_size=1, max_size=3)
    ):
        if kind == "p":
            blocks.append(draw(sentence()))
        else:
            items = draw(st.lists(sentence(), min_size=1, max_size=3))
            blocks.append("\n".join(f"{kind} {item}" for item in items))
    return "\n\n".join(blocks)


TITLE = PLAIN.map(lambda t: t[:1].upper() + t[1:])
THEME = st.builds(
    ThemeText,
    title=TITLE,
    kind=st.sampled_from(["finding", "process"]),
    tags=st.lists(WORD, max_size=3, unique=True).map(tuple),
    finding=prose(),
    implication=prose(),
)


@st.composite
def generated(draw: st.DrawFn) -> SummaryDocument:
    front = HubSummary(
        hub=draw(TITLE) + " Maths Hub",
        year="2024/25",
        region=("North West",),
        strategic_goal=(draw(st.sampled_from(sorted(GOALS))),),
        goal_statement=draw(TITLE),
        research_questions=tuple(
            draw(st.lists(TITLE.map(lambda t: t + "?"), min_size=1, max_size=2))
        ),
        case=draw(TITLE),
        evaluators=("A. Evaluator",),
        tags=tuple(draw(st.lists(WORD, max_size=3, unique=True))),
        **DRAFT,  # type: ignore[arg-type]
    )
    return SummaryDocument(
        front,
        context=draw(prose()),
        methods=("interviews",),
        activity=draw(prose()),
        themes=tuple(
            draw(st.lists(THEME, min_size=1, max_size=3, unique_by=lambda t: t.title))
        ),
        conclusion=draw(prose()),
        appendices=draw(st.none() | prose()),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(original=generated())
def test_generated_summaries_come_back_the_same(
    tmp_path: Path, original: SummaryDocument
) -> None:
    path = tmp_path / "generated.docx"
    path.write_bytes(word_document(original, GOALS))
    back = summary_document(read_document(path), "2024/25")
    assert back == original
