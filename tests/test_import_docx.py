"""``evidence import-docx``: the programme's Word template, filled, becomes a summary.

The documents are the shared illustrative example and variants of the blank
template filled here with python-docx (prompts kept, extra empty rows,
several paragraphs and lists in a cell, formatting, an image, a missing
section), as evaluators fill it in Word.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import docx
from bs4 import BeautifulSoup

from .helpers import SITE_CONF, build, evidence_warnings
from .test_cli import run
from .test_new_year import BROWSE_PAGES, files_in, listed_site

DOCUMENTS = Path(__file__).parent / "documents"
EXAMPLE = DOCUMENTS / "northshire-2023-24.docx"
TEMPLATE = DOCUMENTS / "evaluator-in-residence-summary-template.docx"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def empty_site(tmp_path: Path) -> Path:
    """A site without summaries, laid out as the repository's (by year pages)."""
    return listed_site(tmp_path / "site")


def fill_in_what_was_not_in_the_document(path: Path) -> None:
    """What the author adds after importing: region, evaluators, methods."""
    text = path.read_text()
    text = text.replace(
        "region:  # NOT IN THE DOCUMENT: write it (e.g. North West)",
        "region: North West",
    )
    text = text.replace(
        "evaluators:  # NOT IN THE DOCUMENT: write it", "evaluators: [R. Okafor]"
    )
    text = text.replace(":methods:\n", ":methods: interviews, survey\n")
    path.write_text(text)


def test_the_example_imports_into_a_summary_that_builds(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    result = run("import-docx", str(EXAMPLE), "--year", "2023/24", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hubs/2023-24/northshire/index.md\n"
    assert "region, the evaluators and the data-collection methods" in result.stderr
    summary = site / "hubs/2023-24/northshire/index.md"
    text = summary.read_text()
    assert "status: draft" in text and "illustrative: true" in text
    assert "To include" not in text and "Evaluator in Residence programme" not in text
    # Unmapped values are reported by the checks until the author fills them in.
    unfinished = run("check", cwd=site)
    assert unfinished.returncode == 1
    assert "`region` has no value" in unfinished.stdout
    fill_in_what_was_not_in_the_document(summary)
    built = build(site)
    assert evidence_warnings(built) == []
    page = BeautifulSoup(built.html("hubs/2023-24/northshire/index"), "html.parser")
    rows = [
        (
            row.select_one(".evidence-kind").get_text(),
            row.select("td")[0].select("p")[-1].get_text(" ", strip=True),
            row.select("td")[1].get_text(" ", strip=True),
        )
        for row in page.select("table.evidence-themes tbody tr")
    ]
    assert rows == [
        (
            "Finding",
            "Teachers described growing confidence in using the rekenrek and ten-frames "
            "to make number structure visible.",
            "Share short video clips of classroom practice across the hub’s Reception "
            "network.",
        ),
        (
            "Finding",
            "Mixed-age classes found the daily 15-minute sessions hard to timetable.",
            "Develop a timetabling guide with schools that have solved this.",
        ),
        (
            "Process",
            "Teachers valued the Work Group lead visiting their own classroom more than "
            "the central sessions.",
            "Protect funded time for in-school visits in next year’s Work Group design.",
        ),
    ]
    activity = page.select_one("#activity")
    assert [li.get_text() for li in activity.select("li")] == [
        "Autumn: baseline interviews",
        "Spring: Work Group observations",
        "Summer: follow-up interviews and survey",
    ]


def variant(tmp_path: Path) -> Path:
    """The blank template filled as an evaluator might, with its prompts kept."""
    document = docx.Document(str(TEMPLATE))
    header, context, themes, _conclusion = document.tables
    for row, value in zip(
        header.rows,
        [
            "Westfold Maths Hub",
            "Secondary: develop teaching for mastery",
            "How do departments sustain the approach?",
            "Four secondary schools",
        ],
        strict=True,
    ):
        row.cells[1].text = value
    cell = context.rows[0].cells[1]  # the "To include:" prompts stay
    cell.add_paragraph("Westfold is an urban hub with “mixed” engagement — 45%.")
    second = cell.add_paragraph("Departments ")
    second.add_run("changed").bold = True
    second.add_run(" their ")
    second.add_run("planning").italic = True
    second.add_run(" cycles.")
    activity = document.add_paragraph("Interviews with six heads of department.")
    themes._tbl.addprevious(activity._p)
    # Row 1: several paragraphs and a list; row 2 left empty; row 3 a process theme.
    first, _empty, third, _also_empty = themes.rows[1:]
    first.cells[0].text = "Planning time was protected in two schools."
    first.cells[0].add_paragraph("Elsewhere it was lost to cover.")
    first.cells[0].add_paragraph("Cover for absence", style="List Bullet")
    first.cells[0].add_paragraph("Exam preparation", style="List Bullet")
    first.cells[1].text = "Agree protected time with headteachers."
    third.cells[0].text = "Process: joint observation opened conversations."
    third.cells[1].paragraphs[0].add_run().add_picture(io.BytesIO(PNG))
    third.cells[1].add_paragraph("Keep observations in the design.")
    path = tmp_path / "westfold.docx"
    document.save(str(path))
    return path


def test_a_varied_template_keeps_text_drops_prompts_and_reports_gaps(
    tmp_path: Path,
) -> None:
    site = empty_site(tmp_path)
    result = run("import-docx", str(variant(tmp_path)), "--year", "2024/25", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "The document has no conclusion" in result.stderr
    folder = site / "hubs/2024-25/westfold"
    text = (folder / "index.md").read_text()
    assert "To include" not in text and "national priority" not in text
    assert "Westfold is an urban hub with “mixed” engagement — 45%." in text
    assert "Departments **changed** their *planning* cycles." in text
    assert (
        "Planning time was protected in two schools.\n\nElsewhere it was lost" in text
    )
    assert "- Cover for absence\n- Exam preparation" in text
    assert text.count("::::{theme}") == 2, "the empty rows are skipped"
    assert ":kind: process\nJoint observation opened conversations." in text
    assert "strategic_goal: secondary" in text
    assert (folder / "image-1.png").read_bytes() == PNG
    assert "![Image 1 from the document](image-1.png)" in text
    # Each theme keeps its own implication: the text, and the image before it.
    assert re.findall(r":::\{implication\}\n(.*?)\n:::\n", text, re.DOTALL) == [
        "Agree protected time with headteachers.",
        "![Image 1 from the document](image-1.png)\n\nKeep observations in the design.",
    ]
    fill_in_what_was_not_in_the_document(folder / "index.md")
    built = build(site)
    # Only the gap the report named remains: the conclusion.
    assert [subtype for _, subtype in evidence_warnings(built)] == ["empty_section"]
    assert "`conclusion`" in built.warnings[0].message
    assert any(built.outdir.glob("_images/image-1*.png"))
    page = BeautifulSoup(built.html("hubs/2024-25/westfold/index"), "html.parser")
    implications = [
        row.select("td")[1] for row in page.select("table.evidence-themes tbody tr")
    ]
    assert [cell.get_text(" ", strip=True) for cell in implications] == [
        "Agree protected time with headteachers.",
        "Keep observations in the design.",
    ]
    image = implications[1].select_one("img")
    assert image is not None
    assert image["alt"] == "Image 1 from the document"


def test_a_document_that_is_not_the_template_is_refused(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    other = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear colleague")
    document.save(str(other))
    result = run("import-docx", str(other), "--year", "2024/25", cwd=site)
    assert result.returncode == 1
    assert "no “Maths Hub” table" in result.stderr
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    result = run("import-docx", str(broken), "--year", "2024/25", cwd=site)
    assert result.returncode == 1
    assert "could not be read as a Word document" in result.stderr


def test_a_blank_template_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    before = files_in(site)
    result = run("import-docx", str(TEMPLATE), "--year", "2026/27", cwd=site)
    assert (result.returncode, result.stdout) == (1, "")
    assert "has no hub name in its “Maths Hub” row" in result.stderr
    assert "Nothing was written" in result.stderr
    assert files_in(site) == before
    # A name that is only the template's words is no hub name either.
    document = docx.Document(str(TEMPLATE))
    document.tables[0].rows[0].cells[1].text = "Maths Hub (illustrative)"
    named = tmp_path / "unnamed.docx"
    document.save(str(named))
    result = run("import-docx", str(named), "--year", "2026/27", cwd=site)
    assert result.returncode == 1
    assert "(it says “Maths Hub”)" in result.stderr
    assert files_in(site) == before


def test_an_import_in_a_new_year_makes_its_year_page(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    result = run("import-docx", str(EXAMPLE), "--year", "2025/26", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Created the year page hubs/2025-26/index.md" in result.stderr
    site_pages = {"conf.py", "index.md", "hubs/index.md", *BROWSE_PAGES}
    assert sorted(set(files_in(site)) - site_pages) == [
        "hubs/2025-26/index.md",
        "hubs/2025-26/northshire/index.md",
    ]
    text = (site / "hubs/2025-26/northshire/index.md").read_text()
    assert "\nillustrative: true\n" in text and "\ncontact:\n" in text
    fill_in_what_was_not_in_the_document(site / "hubs/2025-26/northshire/index.md")
    built = build(site)
    assert built.warnings == []
    page = BeautifulSoup(built.html("hubs/2025-26/index"), "html.parser")
    assert page.select_one("a[href='northshire/index.html']") is not None


def test_an_import_never_writes_over_a_file(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    summary = site / "hubs/2024-25/westfold/index.md"
    summary.parent.mkdir(parents=True)
    summary.write_text("The author's own summary.")
    before = files_in(site)
    result = run("import-docx", str(variant(tmp_path)), "--year", "2024/25", cwd=site)
    assert result.returncode == 1
    assert f"{summary} already exists" in result.stderr
    assert files_in(site) == before, "not even the year page"
    # A file of the author's where the document's image would be saved.
    summary.unlink()
    (summary.parent / "image-1.png").write_bytes(b"the author's own picture")
    before = files_in(site)
    result = run("import-docx", str(variant(tmp_path)), "--year", "2024/25", cwd=site)
    assert result.returncode == 1
    assert f"{summary.parent / 'image-1.png'} already exists" in result.stderr
    assert files_in(site) == before


def test_an_import_writes_only_into_the_site_s_folder_of_summaries(
    tmp_path: Path,
) -> None:
    site = empty_site(tmp_path)
    (site / "conf.py").write_text(
        (site / "conf.py").read_text() + 'evidence_hubs_dir = "summaries"\n'
    )
    result = run("import-docx", str(EXAMPLE), "--year", "2025/26", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "summaries/2025-26/northshire/index.md\n"
    assert (site / "summaries/2025-26/index.md").is_file()
    before = files_in(tmp_path)
    for outside in ("../elsewhere", "/tmp", "."):
        result = run(
            "import-docx", str(EXAMPLE), "--year", "2024/25", "--hubs-dir", outside,
            cwd=site,
        )  # fmt: skip
        assert result.returncode == 1, outside
        assert "is not a folder inside the site" in result.stderr
    assert files_in(tmp_path) == before


def test_the_strategic_goal_is_looked_up_in_the_site_s_own_goals(
    tmp_path: Path,
) -> None:
    """A site that names its goals in ``conf.py`` gets its own key, not a default."""
    goals = '{"ks3-ks4": "Secondary", "primary": "Primary"}'
    site = listed_site(
        tmp_path / "site", conf=SITE_CONF + f"evidence_strategic_goals = {goals}\n"
    )
    result = run("import-docx", str(variant(tmp_path)), "--year", "2024/25", cwd=site)
    assert result.returncode == 0, result.stderr
    text = (site / "hubs/2024-25/westfold/index.md").read_text()
    assert "\nstrategic_goal: ks3-ks4\n" in text
    assert "Write one or more of: ks3-ks4 or primary (several" in text
