"""Strategic-goal evaluation packs: made from the anonymised export's themes
alone, grouped by topic with counts, identifying nothing, written only when the
lint is clean for their goal and only when their themes changed.

The sentinel summary's hub name, folder, region, evaluator, contact and case
words are unusual words found nowhere else: none of them may appear anywhere
in a pack (every part of the Word file, its properties included, and the CSV).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from hub_evidence.output import packs
from hub_evidence.output.exports import _cell
from hub_evidence.output.packs import NO_TOPIC, TOPIC
from hub_evidence.output.record import read_build_record, recorded_files
from hub_evidence.source.config import get_config
from hub_evidence.state import build_state

from .helpers import GOOD_SUMMARY, Build, build, summary_files, write_site

SENTINEL = (
    GOOD_SUMMARY.replace("Northshire Maths Hub", "Quillbrook Maths Hub")
    .replace("region: North West", "region: South West")
    .replace("evaluators: [A. Evaluator]", "evaluators: [Z. Vantongeren]")
    .replace(
        "case: Six primary schools in two coastal towns ...",
        "case: Eleven schools around Harrowgate Fen\ncontact: Philippa Drummondsey",
    )
    .replace(
        "::::{theme} Confidence with early number grew\n:kind: finding\n"
        ":tags: confidence\nFinding text.",
        "::::{theme} Reasoning talk grew in lessons\n:kind: finding\n"
        ":tags: confidence, reasoning\n@all staff noticed more talk.",
    )
    .replace(
        ":::::\n\n:::{conclusion}",
        "::::{theme} Release time was hard to arrange\n:kind: process\n"
        ":tags: reasoning\n"
        "Cover was scarce in the spring term.\n\n:::{implication}\n"
        "Plan release time a term ahead.\n:::\n::::\n"
        "::::{theme} Leaders kept the sessions short\n:kind: finding\n"
        "Short sessions fitted the timetable.\n\n:::{implication}\n"
        "Keep them short.\n:::\n::::\n:::::\n\n:::{conclusion}",
    )
)
"""A consenting primary summary whose identifying values are all unusual words."""
IDENTIFYING = (
    "Quillbrook",
    "South West",
    "Vantongeren",
    "Philippa",
    "Drummondsey",
    "Harrowgate",
    "Eleven schools",
    "hubs/2023-24",
    "Northshire",
    "Eastmere",
    "North West",
    "A. Evaluator",
    "survey.html",
    "case-study",
)
"""Every identifying value of the site's summaries (the sentinel's, and the
other hubs' names, folders, regions and evaluators)."""
FLAGGED = (
    GOOD_SUMMARY.replace("Northshire Maths Hub", "Eastmere Maths Hub")
    .replace("strategic_goal: primary", "strategic_goal: secondary")
    .replace("Confidence with early number grew", "Mrs Okafor led every session")
    .replace(
        ":::::\n\n:::{conclusion}",
        "::::{theme} Planning together helped\n:kind: finding\nShared plans.\n\n"
        ":::{implication}\nPlan together.\n:::\n::::\n:::::\n\n:::{conclusion}",
    )
)
"""A consenting secondary summary with a clean theme and one that names a teacher."""


def site(srcdir: Path) -> Path:
    return write_site(
        srcdir,
        {
            **summary_files(GOOD_SUMMARY),
            **summary_files(SENTINEL, "hubs/2023-24/quillbrook"),
            **summary_files(FLAGGED, "hubs/2023-24/eastmere"),
        },
    )


def pack_files(result: Build) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in sorted((result.outdir / "anonymised").glob("*-pack.*"))
    }


def docx_text(data: bytes) -> str:
    """Every part of a Word file (document, properties, styles...), as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )


def test_a_pack_per_clean_goal_grouped_by_topic_with_counts(tmp_path: Path) -> None:
    result = build(site(tmp_path / "src"))
    # Only the lint's warning about Eastmere's theme, which says the pack is not made.
    assert [(w.file, w.type) for w in result.warnings] == [
        ("hubs/2023-24/eastmere/index.md", "evidence.reidentifying")
    ]
    assert "evaluation pack of the strategic goal “Secondary” is not written" in (
        result.warnings[0].message
    )
    # Primary has a pack; secondary's theme was flagged; the others have no themes.
    assert set(pack_files(result)) == {"primary-pack.docx", "primary-pack.csv"}

    config = get_config(result.app.env)
    confidence, reasoning = (
        TOPIC.label(t, config) for t in ("confidence", "reasoning")
    )
    word = docx.Document(str(result.outdir / "anonymised/primary-pack.docx"))
    paragraphs = word.paragraphs
    headings = [
        (p.text, paragraphs[n + 1].text)
        for n, p in enumerate(paragraphs)
        if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == [
        (confidence, "2 findings, from 2 summaries."),
        (reasoning, "1 finding and 1 process theme, from 1 summary."),
        (NO_TOPIC, "1 finding, from 1 summary."),
    ]
    assert paragraphs[0].style is not None and paragraphs[0].style.name == "Title"
    assert "Evaluation pack" in [p.text for p in paragraphs[:3]]
    text = "\n".join(p.text for p in paragraphs)
    for phrase in ("anonymised use", "owned by the hubs", "Possible implication"):
        assert phrase in text
    assert word.core_properties.title == "Primary: evaluation pack"

    exported = json.loads((result.outdir / "anonymised/primary.json").read_text())
    themes = exported["themes"]
    assert len(themes) == 4
    rows = list(
        csv.DictReader(io.StringIO(pack_files(result)["primary-pack.csv"].decode()))
    )
    assert next(iter(rows[0])) == "topics"
    assert [{k: v for k, v in row.items() if k != "topics"} for row in rows] == [
        {key: _cell(value) for key, value in theme.items()} for theme in themes
    ]
    # The exports' guard: the finding that starts with "@" is not a formula.
    assert any(row["finding"] == "'@all staff noticed more talk." for row in rows)
    topics = {row["title"]: row["topics"] for row in rows}
    assert topics["Reasoning talk grew in lessons"] == f"{confidence}; {reasoning}"
    assert topics["Release time was hard to arrange"] == reasoning
    assert topics["Leaders kept the sessions short"] == NO_TOPIC
    # Secondary has a clean theme, but its pack is not written while one is flagged.
    assert (
        "Planning together helped"
        in (result.outdir / "anonymised/secondary.json").read_text()
    )
    # The output record wants the packs (else a later build would not delete them).
    recorded = recorded_files(read_build_record(result.outdir) or {})
    assert {"anonymised/primary-pack.docx", "anonymised/primary-pack.csv"} <= set(
        recorded
    )


def test_no_pack_holds_any_identifying_value(tmp_path: Path) -> None:
    result = build(site(tmp_path / "src"))
    files = pack_files(result)
    assert files  # the primary pack, with the sentinel's themes in it
    for name, data in files.items():
        text = docx_text(data) if name.endswith(".docx") else data.decode()
        assert "Reasoning talk grew in lessons" in text  # the sentinel's theme is in
        for word in IDENTIFYING:
            assert word.casefold() not in text.casefold(), (name, word)
            assert word.casefold() not in name.casefold()
        if name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                core = archive.read("docProps/core.xml").decode()
            assert "Primary: evaluation pack" in core
            assert "Quillbrook" not in core


def test_packs_follow_the_audience(tmp_path: Path) -> None:
    """A summary the audience may not see is in no pack, not even in its counts."""
    srcdir = site(tmp_path / "src")
    hidden = srcdir / "hubs/2023-24/quillbrook/index.md"
    hidden.write_text(hidden.read_text().replace("sharing: network", "sharing: hub"))
    result = build(srcdir, evidence_audience="network")
    files = pack_files(result)
    assert set(files) == {"primary-pack.docx", "primary-pack.csv"}
    for name, data in files.items():
        text = docx_text(data) if name.endswith(".docx") else data.decode()
        assert "Confidence with early number grew" in text
        for word in ("Reasoning talk", "Release time", "Quillbrook"):
            assert word not in text, (name, word)
    word = docx.Document(str(result.outdir / "anonymised/primary-pack.docx"))
    assert "1 finding, from 1 summary." in [p.text for p in word.paragraphs]


def stamps(result: Build) -> dict[str, Any]:
    return {
        path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in (result.outdir / "anonymised").glob("*-pack.*")
    }


def test_packs_are_rewritten_only_when_their_themes_change(tmp_path: Path) -> None:
    srcdir = site(tmp_path / "src")
    first = stamps(build(srcdir))
    assert len(first) == 2
    # An edit that changes no anonymised theme (the sentinel's context).
    path = srcdir / "hubs/2023-24/quillbrook/index.md"
    path.write_text(path.read_text().replace("Prose, any MyST.", "Other prose."))
    assert stamps(build(srcdir, fresh=False)) == first
    assert stamps(build(srcdir, fresh=False)) == first
    # A theme's words changed: both files are written again.
    path.write_text(path.read_text().replace("more talk", "much more talk"))
    result = build(srcdir, fresh=False)
    changed = stamps(result)
    assert changed.keys() == first.keys()
    assert all(changed[name] != first[name] for name in first)
    assert b"much more talk" in pack_files(result)["primary-pack.csv"]
    # A theme that names its source: the goal's pack is deleted, not left stale.
    path.write_text(
        path.read_text().replace("Cover was scarce", "Mrs Okafor found cover scarce")
    )
    result = build(srcdir, fresh=False)
    assert pack_files(result) == {}
    assert [w.type for w in result.warnings] == ["evidence.reidentifying"]
    assert "“Primary” is not written" in result.warnings[0].message


def test_a_large_pack_made_in_another_process_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = pack_files(build(site(tmp_path / "here")))
    monkeypatch.setattr(packs, "IN_ANOTHER_PROCESS_FROM", 1)
    result = build(site(tmp_path / "there"))
    batch = build_state(result.app).packs
    assert batch is not None
    assert list(batch.made) == ["anonymised/primary-pack.docx"]
    assert pack_files(result) == here != {}
