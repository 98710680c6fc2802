"""Anonymised means anonymised: a theme that names its source goes into no
anonymised output, and its author is told where it is and what to write.

The recognisers are checked on a table of realistic sentences, each with the
words it must be caught by (or none); the guide's own table of examples is
checked too. Then whole builds: the anonymised export (JSON and CSV) and an
anonymised findings table leave out every theme the lint flags, with the
warning shown or silenced, in full and incremental builds.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from hub_evidence.domain import reidentify
from hub_evidence.domain.names import EMAIL, HUB, PERSON, SCHOOL
from hub_evidence.domain.reidentify import (
    WHAT_NAMES,
    Catalogue,
    anonymisable_themes,
    identifying_names,
)
from hub_evidence.source.config import EvidenceConfig
from hub_evidence.source.model import HubSummary, Passage, SummaryRecord, Theme

from .helpers import GOOD_SUMMARY, Build, build, summary_files, write_site

GUIDE_EXAMPLES = Path(__file__).parent.parent / "docs/snippets/reidentifying.md"

PLACE = WHAT_NAMES["place"]
EVALUATOR = WHAT_NAMES["evaluator"]
REGION = WHAT_NAMES["region"]
OWN = WHAT_NAMES["own"]
OTHER = WHAT_NAMES["other"]
NAMED = WHAT_NAMES["named"]


def record(
    themes: list[str],
    *,
    hub: str = "Northshire Maths Hub",
    docname: str = "hubs/2023-24/northshire/index",
    anonymised: bool = True,
) -> SummaryRecord:
    """A summary like the guide describes: its case names two towns, its
    activity a school, its evaluator is R. Okafor, its contact Jane Hollis."""
    return SummaryRecord(
        docname=docname,
        slug=docname.split("/")[-2],
        title=hub,
        front_matter=HubSummary(
            hub=hub,
            year="2023/24",
            region=("North West",),
            strategic_goal=("primary",),
            case="Six primary schools in two coastal towns, Seaview and Port Ellis.",
            evaluators=("R. Okafor",),
            contact="Jane Hollis, hub lead (jane.hollis@example.org)",
            anonymised_use=anonymised,
        ),
        methods=("interviews",),
        sections=("context", "activity", "themes", "conclusion"),
        themes=tuple(
            Theme(f"theme-{n}", text, "finding", (), "Finding text.", "Do it.", n)
            for n, text in enumerate(themes, start=1)
        ),
        hub_line=2,
        passages=(
            Passage(
                "context",
                "context",
                "Northshire is a rural hub area. The schools sit along the coast "
                "near the Ashcombe estuary, and most teachers are early-career. "
                "Teachers said the Work Group in Key Stage 1 helped.",
            ),
            Passage(
                "activity",
                "activity",
                "The evaluator interviewed staff at Brookside Infants in June.",
            ),
        ),
    )


def found_in(sentence: str) -> list[tuple[str, str]]:
    """What the lint finds in a theme titled ``sentence`` of :func:`record`."""
    summary = record([sentence])
    other = record(
        ["Another theme."],
        hub="Eastmere Maths Hub",
        docname="hubs/2023-24/eastmere/index",
    )
    catalogue = Catalogue.of([summary, other], EvidenceConfig())
    [(_, found)] = identifying_names(summary, catalogue)
    return found


# fmt: off
NAMING = [
    # People: a title and a name.
    ("Mrs Okafor, the Year 2 teacher, led every session.", "Mrs Okafor", PERSON),
    ("Mr. J. Patel saw the biggest change.", "Mr. J. Patel", PERSON),
    ("Sessions went best in Miss Carter's class.", "Miss Carter's", PERSON),
    ("Ms Green and the TA planned together.", "Ms Green", PERSON),
    ("Mx Rowe observed two lessons.", "Mx Rowe", PERSON),
    ("The headteacher, Dr Amira Shah, protected the time.", "Dr Amira Shah", PERSON),
    ("Advice from Prof. Lee shaped the tasks.", "Prof. Lee", PERSON),
    # The summary's own evaluators and contact, without a title.
    ("Okafor's visits were valued most.", "Okafor's", EVALUATOR),
    ("Teachers asked R. Okafor for examples.", "R. Okafor", EVALUATOR),
    ("Jane Hollis kept the log going.", "Jane Hollis", EVALUATOR),
    ("Write to jane.hollis@example.org for the guide.", "jane.hollis@example.org", EMAIL),
    # Schools and colleges of every kind, named nowhere else in the summary.
    ("Teachers at Bramble Lane Infants valued the visits.", "Bramble Lane Infants", SCHOOL),
    ("Hillside Primary timetabled it first.", "Hillside Primary", SCHOOL),
    ("Kingsmead High joined in the spring.", "Kingsmead High", SCHOOL),
    ("St Anne's C of E Primary ran it daily.", "St Anne's C of E Primary", SCHOOL),
    ("St Mary's CofE Juniors kept going.", "St Mary's CofE Juniors", SCHOOL),
    ("Pupils at Our Lady of Lourdes RC Primary gained most.", "Our Lady of Lourdes RC Primary", SCHOOL),
    ("Castleford Sixth Form College students grew surer.", "Castleford Sixth Form College", SCHOOL),
    ("Ashby Grammar School set by attainment.", "Ashby Grammar School", SCHOOL),
    ("Three schools of the Riverside Learning Trust took part.", "Riverside Learning Trust", SCHOOL),
    ("Westfield Academy gave the most time.", "Westfield Academy", SCHOOL),
    ("The Meadows Federation shared one lead.", "Meadows Federation", SCHOOL),
    ("Holy Trinity Church of England Primary joined late.", "Holy Trinity Church of England Primary", SCHOOL),
    ("Leaders at St Bede's Catholic College agreed.", "St Bede's Catholic College", SCHOOL),
    ("Teachers said the Hillside primary school team helped.", "Hillside primary school", SCHOOL),
    ("Sessions at St Anne's ran after school.", "St Anne's", SCHOOL),
    ("See www.hillside.sch.uk for the plan.", "www.hillside.sch.uk", EMAIL),
    # Places the case and context name.
    ("Schools in Port Ellis joined first.", "Port Ellis", PLACE),
    ("Seaview's teachers valued the visits.", "Seaview's", PLACE),
    ("Schools near Ashcombe struggled to release staff.", "Ashcombe", PLACE),
    # A school the summary names elsewhere (its activity), named in part.
    ("Staff at Brookside gave up lunchtimes.", "Brookside", NAMED),
    # Regions.
    ("Leaders across the North West asked for more.", "North West", REGION),
    ("Unlike schools in London, these had no specialist.", "London", REGION),
    ("Schools in Yorkshire and the Humber were slower.", "Yorkshire and the Humber", REGION),
    # Its own hub and others.
    ("Northshire's Work Group leads planned together.", "Northshire's", OWN),
    ("The Northshire Maths Hub lead visited.", "Northshire Maths Hub", OWN),
    ("Unlike Eastmere, the hub ran sessions after school.", "Eastmere", OTHER),
    ("Leads met the Eastmere Maths Hub team.", "Eastmere Maths Hub", OTHER),
    ("Leads met the Westmere Maths Hub team.", "Westmere Maths Hub", HUB),
]

# fmt: on

NOT_NAMING = [
    "Confidence with early number grew",
    "Year 2 teachers grew in confidence across Key Stage 2.",
    "The Maths Hub ran Teaching for Mastery Work Groups with the NCETM.",
    "Ofsted inspected one school in March, and staff left in September.",
    "Primary teachers valued Mastering Number; Secondary leads did not.",
    "Secondary schools and sixth-form colleges joined in Year 12.",
    "Two Rural Primary Schools Struggled With Timetabling",
    "Encourage schools to protect time for the Work Group.",
    "Church of England and Catholic primary schools took part.",
    "Teachers used Oak National Academy lessons for homework.",
    "Core Maths students in FE colleges grew surer in GCSE resits.",
    "In September, Reception teachers began; by December, KS1 followed.",
    "Mastery Specialists in partner schools led the sessions.",
    "Members of the Chartered College of Teaching read more research.",
    "Heads of department held the key.",
    "Multi-academy trusts supported their schools' leads.",
    "Teachers from other subjects (SKTM) gained confidence.",
    "Post-16 students and LLME leads met twice.",
    "Teachers said the evaluator's visits helped.",
    "The hub's coastal schools sat far apart.",
    "Pupils in the north of the county travelled furthest.",
    "Teaching assistants in Year 6 ran the sessions before Christmas.",
    "Most schools in the trust joined; the federation did not.",
    "One Key Stage 3 lead and two Mastery Specialists left at Easter.",
]


@pytest.mark.parametrize(("sentence", "words", "what"), NAMING)
def test_the_lint_finds_what_a_theme_names(
    sentence: str, words: str, what: str
) -> None:
    assert (words, what) in found_in(sentence)


@pytest.mark.parametrize("sentence", NOT_NAMING)
def test_ordinary_capitalised_words_are_no_names(sentence: str) -> None:
    assert found_in(sentence) == []


def guide_examples() -> list[tuple[str, str, str]]:
    lines = GUIDE_EXAMPLES.read_text(encoding="utf-8").splitlines()[2:]
    return [
        tuple(cell.strip() for cell in line.strip("|").split("|"))  # type: ignore[misc]
        for line in lines
    ]


def test_the_guide_examples_are_caught_and_their_rewordings_are_not() -> None:
    examples = guide_examples()
    assert len(examples) > 5
    for written, what, instead in examples:
        assert what in [found for _, found in found_in(written)], written
        assert found_in(instead) == [], instead


def test_only_consenting_summaries_and_unflagged_themes_are_anonymisable() -> None:
    consenting = record(["Hillside Primary led it.", "Confidence grew."])
    refusing = record(
        ["Confidence grew there too."],
        hub="Eastmere Maths Hub",
        docname="hubs/2023-24/eastmere/index",
        anonymised=False,
    )
    allowed = anonymisable_themes([consenting, refusing], EvidenceConfig())
    assert {d: [t.title for t in ts] for d, ts in allowed.items()} == {
        consenting.docname: ["Confidence grew."]
    }


# -- whole builds ------------------------------------------------------------------

THEMES = {
    # title: finding (the first five each name something identifying)
    "The Year 2 teacher led the sessions": "Mrs Okafor, the Year 2 teacher, led them.",
    "Infants gave time": "Bramble Lane Infants gave the most time.",
    "Church schools kept going": "St Anne's C of E Primary kept going all year.",
    "Secondary colleagues came to watch": "Staff from Kingsmead High watched.",
    "One town joined first": "Schools in Seaview joined first.",
    "Confidence with early number grew": "Finding text.",
    "Visits were valued most": "Teachers valued in-school visits most.",
}
NAMES = ("Okafor", "Bramble", "Anne", "Kingsmead", "Seaview")
"""Words of the names above, as an output would hold them."""
KEPT = ("Confidence with early number grew", "Visits were valued most")
FINDINGS_PAGE = "# Findings\n\n## Anonymised\n\n```{findings}\n:anonymise:\n```\n"
INDEX = "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/*/index\nfindings\n```\n"


def named_summary() -> str:
    """The contract's summary with the themes above; its case names its towns."""
    block = GOOD_SUMMARY[
        GOOD_SUMMARY.index("::::{theme}") : GOOD_SUMMARY.index(
            ":::::\n\n:::{conclusion"
        )
    ]
    themes = "\n".join(
        block.replace("Confidence with early number grew", title).replace(
            "Finding text.", finding
        )
        for title, finding in THEMES.items()
    )
    return (
        GOOD_SUMMARY.replace(block, themes)
        .replace(
            "case: Six primary schools in two coastal towns ...",
            "case: Six primary schools in two coastal towns, Seaview and Port Ellis.",
        )
        .replace("Prose, any MyST.", "Most teachers in the six schools are new.")
    )


def theme_lines(text: str) -> dict[str, int]:
    return {
        line.removeprefix("::::{theme} "): number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.startswith("::::{theme} ")
    }


def site(srcdir: Path) -> Path:
    refusing = (
        GOOD_SUMMARY.replace("Northshire Maths Hub", "Southdale Maths Hub")
        .replace("anonymised_use: true", "anonymised_use: false")
        .replace("Confidence with early number grew", "Southdale kept its own counsel")
    )
    files = {
        **summary_files(named_summary()),
        **summary_files(refusing, "hubs/2023-24/southdale"),
        "findings.md": FINDINGS_PAGE,
    }
    return write_site(srcdir, files, index=INDEX)


def anonymised_outputs(result: Build) -> dict[str, str]:
    """Every anonymised file (an evaluation pack's Word file: all its parts),
    and the anonymised findings table's text."""
    files = {
        str(path.relative_to(result.outdir)): path.read_text(encoding="utf-8")
        for path in sorted((result.outdir / "anonymised").iterdir())
        if path.suffix != ".docx"
    }
    for path in sorted((result.outdir / "anonymised").glob("*.docx")):
        with zipfile.ZipFile(path) as archive:
            files[str(path.relative_to(result.outdir))] = "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
            )
    page = BeautifulSoup(result.html("findings"), "html.parser")
    table = page.find("section", id="anonymised")
    assert table is not None
    files["findings.html#anonymised"] = table.get_text(" ")
    return files


def assert_anonymised(result: Build) -> None:
    """No name in any anonymised output; the other themes are all there."""
    outputs = anonymised_outputs(result)
    assert len(outputs) == 10  # four goals in JSON and CSV, the schema, the table
    for name, text in outputs.items():
        for word in NAMES:
            assert word not in text, (name, word)
    primary = json.loads(outputs["anonymised/primary.json"])
    assert sorted(t["title"] for t in primary["themes"]) == sorted(KEPT)
    rows = csv.DictReader(io.StringIO(outputs["anonymised/primary.csv"]))
    assert sorted(row["title"] for row in rows) == sorted(KEPT)
    table = outputs["findings.html#anonymised"]
    assert all(title in table for title in KEPT)
    assert "Southdale" not in table  # its hub has not agreed to anonymised use


def test_a_theme_naming_its_source_is_left_out_of_every_anonymised_output(
    tmp_path: Path,
) -> None:
    result = build(site(tmp_path / "src"))
    lines = theme_lines(named_summary())
    flagged = [title for title in THEMES if title not in KEPT]
    assert [(w.file, w.line, w.type) for w in result.warnings] == [
        ("hubs/2023-24/northshire/index.md", lines[title], "evidence.reidentifying")
        for title in flagged
    ]
    messages = [w.message for w in result.warnings]
    for title, word, what in zip(
        flagged,
        ("Mrs Okafor", "Bramble Lane Infants", "St Anne's C of E Primary",
         "Kingsmead High", "Seaview"),
        (PERSON, SCHOOL, SCHOOL, SCHOOL, PLACE),
        strict=True,
    ):  # fmt: skip
        message = next(m for m in messages if f"“{title}”" in m)
        assert f"{what} (“{word}”)" in message
        assert "left out of the anonymised export" in message
    assert_anonymised(result)


def test_a_silenced_warning_still_leaves_the_theme_out(tmp_path: Path) -> None:
    result = build(site(tmp_path / "src"), suppress_warnings=["evidence.reidentifying"])
    assert result.warnings == []
    assert_anonymised(result)


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_exclusion_holds_in_incremental_builds(
    tmp_path: Path, parallel: int
) -> None:
    """A hub renamed makes a theme of another summary name a hub: that
    summary is not read again, yet its theme leaves the export and the table
    (a table of primary themes, though the renamed hub's summary is a
    secondary one, which the table does not show)."""
    theme = "Leads visited Westmere to see the model"
    text = GOOD_SUMMARY.replace("Confidence with early number grew", theme)
    page = FINDINGS_PAGE.replace(":anonymise:", ":anonymise:\n:strategic-goal: primary")
    fenmarsh = GOOD_SUMMARY.replace("Northshire Maths Hub", "Fenmarsh Maths Hub")
    fenmarsh = fenmarsh.replace("strategic_goal: primary", "strategic_goal: secondary")
    srcdir = write_site(
        tmp_path / "src",
        {
            **summary_files(text),
            **summary_files(fenmarsh, "hubs/2023-24/fenmarsh"),
            "findings.md": page,
        },
        index=INDEX,
    )

    def shown(result: Build) -> tuple[bool, bool]:
        outputs = anonymised_outputs(result)
        return (
            theme in outputs["anonymised/primary.json"],
            theme in outputs["findings.html#anonymised"],
        )

    assert shown(build(srcdir, parallel=parallel)) == (True, True)
    path = srcdir / "hubs/2023-24/fenmarsh/index.md"
    path.write_text(
        path.read_text().replace("Fenmarsh Maths Hub", "Westmere Maths Hub")
    )
    result = build(srcdir, parallel=parallel, fresh=False)
    assert [(w.file, w.type) for w in result.warnings] == [
        ("hubs/2023-24/northshire/index.md", "evidence.reidentifying")
    ]
    assert shown(result) == (False, False)
    # Another edit of that summary: nothing warns again, and the theme stays out.
    path.write_text(path.read_text().replace("Finding text.", "Other text."))
    result = build(srcdir, parallel=parallel, fresh=False)
    assert result.warnings == []
    assert shown(result) == (False, False)


def test_an_incremental_build_checks_only_the_summaries_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each summary keeps its verdict: an edit of one checks that one alone, and
    the exports and tables of the others use what was found before."""
    srcdir = site(tmp_path / "src")
    build(srcdir)
    checked: list[str] = []
    check = reidentify.identifying_names

    def spy(record: SummaryRecord, catalogue: reidentify.Catalogue) -> Any:
        checked.append(record.docname)
        return check(record, catalogue)

    monkeypatch.setattr(reidentify, "identifying_names", spy)
    southdale = srcdir / "hubs/2023-24/southdale/index.md"
    southdale.write_text(southdale.read_text().replace("Prose", "More prose"))
    # Southdale has not agreed to anonymised use: nothing is checked at all.
    result = build(srcdir, fresh=False)
    assert checked == []
    assert_anonymised(result)
    northshire = srcdir / "hubs/2023-24/northshire/index.md"
    northshire.write_text(northshire.read_text().replace("Prose", "Other prose"))
    result = build(srcdir, fresh=False)
    assert checked == ["hubs/2023-24/northshire/index"]
    assert_anonymised(result)
