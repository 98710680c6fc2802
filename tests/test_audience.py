"""Audiences, ownership and exports: a summary outside the audience leaves no trace.

The test site has one summary for each way a summary can be kept from readers
(a draft, one in review, a hub-only one), each carrying sentinel words in
every part (front matter, sections, themes, an appendix page and an appendix
file). Every file of each build, compressed ones opened, is searched for them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from .helpers import (
    GOOD_SUMMARY,
    Build,
    build,
    every_file,
    evidence_warnings,
    git,
    sphinx_build,
    summary_files,
    write_site,
)

PUBLISHED = {
    # folder: (status, sharing, anonymised_use)
    "northshire": ("published", "network", "true"),
    "eastmere": ("published", "public", "true"),
    "southdale": ("published", "public", "false"),
}
KEPT_BACK = {
    "draftwick": ("draft", "network", "true"),
    "reviewby": ("review", "public", "true"),
    "hubonlyton": ("published", "hub", "true"),
}
ALL = {**PUBLISHED, **KEPT_BACK}
AUDIENCES = {
    "preview": set(ALL),
    "network": set(PUBLISHED),
    "public": {"eastmere", "southdale"},
}


def sentinel(folder: str) -> str:
    # Starting in lower case: capitalised, in the evaluators, context and
    # themes, it would be a name, and the re-identification lint would keep
    # the themes out of the anonymised export.
    return f"sentinel{folder.upper()}word"


def summary(folder: str) -> str:
    status, sharing, anonymised = ALL[folder]
    word = sentinel(folder)
    hub = f"{folder.capitalize()} Maths Hub"
    return (
        GOOD_SUMMARY.replace("Northshire Maths Hub", hub)
        .replace("status: published", f"status: {status}")
        .replace("sharing: network", f"sharing: {sharing}")
        .replace("anonymised_use: true", f"anonymised_use: {anonymised}")
        .replace("A. Evaluator", f"{word} Evaluator")
        .replace("Finding text.", f"Finding text {word}.")
        .replace("Prose, any MyST.", f"Prose {word}.")
        .replace("Case study <case-study.pdf>", f"Case study {word} <case-study.pdf>")
        .replace(
            "tags: [mastering-number",
            f"contact: {word.lower()}@example.org\ntags: [mastering-number",
        )
    )


def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for folder in ALL:
        base = f"hubs/2023-24/{folder}"
        files[f"{base}/index.md"] = summary(folder)
        files[f"{base}/survey.md"] = f"# Survey\n\nQuestions {sentinel(folder)}.\n"
        files[f"{base}/case-study.pdf"] = f"%PDF-1.4 {sentinel(folder)}\n".encode()
    return files


INDEX = "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/*/index\n```\n"
LINKS = (
    "# Links\n\nSee {doc}`the draft <hubs/2023-24/draftwick/index>` and "
    "{doc}`Northshire <hubs/2023-24/northshire/index>`.\n"
)


@pytest.fixture(scope="module")
def srcdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    conf = 'extensions = ["hub_evidence"]\nmyst_enable_extensions = ["colon_fence"]\n'
    srcdir = write_site(
        tmp_path_factory.mktemp("audience") / "src", site_files(), conf, INDEX
    )
    # A repository, so that the builds have their history: dates, and feeds.
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-qm", "The site")
    return srcdir


@pytest.fixture(scope="module")
def outputs(srcdir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each audience built as a reader would: ``sphinx-build -b html -D ... SRC OUT``."""
    built = {}
    for audience in AUDIENCES:
        out = tmp_path_factory.mktemp(audience) / "site"
        sphinx_build(srcdir, out, "-D", f"evidence_audience={audience}")
        built[audience] = out
    return built


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_a_summary_outside_the_audience_leaves_no_trace(
    outputs: dict[str, Path], audience: str
) -> None:
    files = every_file(outputs[audience], opened=True)
    assert any(name.startswith("pagefind/") for name in files)
    assert any(name.startswith("feeds/") for name in files)
    for folder in ALL:
        marks = [sentinel(folder), folder, folder.capitalize()]
        found = {
            name
            for name, data in files.items()
            if any(m.encode() in data for m in marks)
        }
        if folder in AUDIENCES[audience]:
            assert found, (audience, folder)
        else:
            assert found == set(), (audience, folder)


def test_doctrees_are_kept_out_of_the_published_folder(
    outputs: dict[str, Path],
) -> None:
    for out in outputs.values():
        assert not (out / ".doctrees").exists()
        assert (out.parent / f".{out.name}.doctrees/environment.pickle").is_file()


def test_only_preview_pages_carry_the_banner(outputs: dict[str, Path]) -> None:
    for audience, out in outputs.items():
        page = (out / "hubs/2023-24/eastmere/index.html").read_text()
        assert ("Preview — not for publication" in page) == (audience == "preview")


def test_a_link_to_a_summary_left_out_is_a_warning_and_plain_text(
    tmp_path: Path,
) -> None:
    files = {**site_files(), "links.md": LINKS}
    index = INDEX.replace("index\n```", "index\nlinks\n```")
    srcdir = write_site(tmp_path / "src", files, index=index)
    result = build(srcdir, evidence_audience="network")
    assert [(Path(w.path).name, w.line, w.type) for w in result.warnings] == [
        ("links.md", 3, "evidence.excluded_link")
    ]
    assert "hubs/2023-24/draftwick/index" in result.warnings[0].message
    page = result.html("links")
    assert "the draft" in page and "draftwick" not in page
    assert 'href="hubs/2023-24/northshire/index.html"' in page


def test_a_summary_whose_sharing_cannot_be_read_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    broken = GOOD_SUMMARY.replace("sharing: network", "sharing: everyone")
    srcdir = write_site(tmp_path / "src", {"hubs/2023-24/northshire/index.md": broken})
    result = build(srcdir, evidence_audience="network")
    assert evidence_warnings(result) == [(13, "audience")]
    assert "`sharing`" in result.warnings[0].message
    assert not (result.outdir / "hubs/2023-24/northshire/index.html").exists()
    preview = build(srcdir, evidence_audience="preview")
    assert (preview.outdir / "hubs/2023-24/northshire/index.html").exists()


def test_an_unknown_audience_falls_back_to_network(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path / "src", {})
    result = build(srcdir, evidence_audience="everyone")
    assert evidence_warnings(result) == [(None, "config")]
    assert "network, public, preview" in result.warnings[0].message


# -- exports ---------------------------------------------------------------------


def load(out: Path, name: str) -> object:
    return json.loads((out / name).read_text())


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_exports_validate_against_their_schemas(
    outputs: dict[str, Path], audience: str
) -> None:
    out = outputs[audience]
    evidence = load(out, "evidence.json")
    jsonschema.validate(evidence, load(out, "evidence.schema.json"))
    assert evidence["audience"] == audience
    assert {s["slug"] for s in evidence["summaries"]} == AUDIENCES[audience]
    anonymised_schema = load(out, "anonymised/anonymised.schema.json")
    for goal in ("primary", "secondary", "post-16", "llme"):
        jsonschema.validate(load(out, f"anonymised/{goal}.json"), anonymised_schema)
    rows = list(csv.DictReader(io.StringIO((out / "themes.csv").read_text())))
    assert {row["hub"] for row in rows} == {
        f"{folder.capitalize()} Maths Hub" for folder in AUDIENCES[audience]
    }
    assert all(
        row["url"].endswith("#confidence-with-early-number-grew") for row in rows
    )


def test_the_schema_is_the_front_matter_model(outputs: dict[str, Path]) -> None:
    schema = load(outputs["network"], "evidence.schema.json")
    summary = schema["properties"]["summaries"]["items"]  # type: ignore[index]
    assert summary["properties"]["sharing"]["enum"] == ["hub", "network", "public"]
    assert summary["properties"]["region"]["items"]["enum"][0] == "East Midlands"
    invalid = load(outputs["network"], "evidence.json")
    invalid["summaries"][0]["sharing"] = "everyone"  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(invalid, schema)


def test_the_anonymised_export_holds_no_identifying_value(
    outputs: dict[str, Path],
) -> None:
    out = outputs["preview"]
    evidence = load(out, "evidence.json")
    identifying = set()
    for item in evidence["summaries"]:  # type: ignore[index]
        identifying |= {
            item["hub"],
            item["slug"],
            item["case"],
            item["contact"],
            item["url"],
        }
        identifying |= set(item["evaluators"]) | set(item["region"])
    exported = [
        (out / "anonymised" / name).read_text()
        for name in ("primary.json", "primary.csv")
    ]
    for value in identifying:
        assert all(value not in text for text in exported), value
    themes = load(out, "anonymised/primary.json")["themes"]  # type: ignore[index]
    # Only summaries that allow anonymised use: not southdale's.
    findings = {theme["finding"] for theme in themes}
    allowing = [f for f, (_, _, a) in ALL.items() if a == "true"]
    assert findings == {f"Finding text {sentinel(f)}." for f in allowing}
    assert [t["id"] for t in themes] == sorted(t["id"] for t in themes)


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    text = GOOD_SUMMARY.replace("Finding text.", "=HYPERLINK(1) is not run.")
    srcdir = write_site(tmp_path / "src", {"hubs/2023-24/northshire/index.md": text})
    out = build(srcdir).outdir
    [row] = csv.DictReader(io.StringIO((out / "themes.csv").read_text()))
    assert row["finding"] == "'=HYPERLINK(1) is not run."


# -- re-identification lint --------------------------------------------------------


def test_a_theme_for_the_anonymised_export_must_not_name_its_source(
    tmp_path: Path,
) -> None:
    text = GOOD_SUMMARY.replace(
        "Prose, any MyST.", "Two schools, Seaview Primary School among them."
    ).replace(
        "Finding text.",
        "At Seaview Primary School, Northshire teachers met Eastmere Maths Hub.",
    )
    other = GOOD_SUMMARY.replace("Northshire Maths Hub", "Eastmere Maths Hub")
    files = {
        **summary_files(text),
        **summary_files(other, "hubs/2023-24/eastmere"),
    }
    result = build(write_site(tmp_path / "src", files))
    [(line, subtype)] = evidence_warnings(result)
    assert (line, subtype) == (29, "reidentifying")  # the theme's line
    message = result.warnings[0].message
    assert "its own hub (“Northshire”)" in message
    assert "a school, college or trust (“Seaview Primary School”)" in message
    assert "another hub (“Eastmere Maths Hub”)" in message
    # Without anonymised use, the theme goes nowhere anonymised: no warning.
    files["hubs/2023-24/northshire/index.md"] = text.replace(
        "anonymised_use: true", "anonymised_use: false"
    )
    assert evidence_warnings(build(write_site(tmp_path / "src2", files))) == []


def reidentifying(result: Build) -> dict[str, str]:
    """The summaries with a re-identification warning, and its message."""
    return {
        w.file: w.message for w in result.warnings if w.type == "evidence.reidentifying"
    }


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_lint_checks_what_is_read_again_or_all_when_the_hubs_change(
    tmp_path: Path, parallel: int
) -> None:
    northshire, eastmere = "hubs/2023-24/northshire", "hubs/2023-24/eastmere"
    files = {
        # Westmere is no hub of the catalogue, yet.
        **summary_files(GOOD_SUMMARY.replace("Finding text.", "Westmere met them.")),
        **summary_files(
            GOOD_SUMMARY.replace("Northshire Maths Hub", "Eastmere Maths Hub"),
            eastmere,
        ),
    }
    srcdir = write_site(tmp_path / "src", files)
    assert reidentifying(build(srcdir, parallel=parallel)) == {}
    # An edited summary is read, and checked, again; the other is not.
    path = srcdir / eastmere / "index.md"
    path.write_text(path.read_text().replace("Finding text.", "Northshire met."))
    warned = reidentifying(build(srcdir, parallel=parallel, fresh=False))
    assert list(warned) == [f"{eastmere}/index.md"]
    assert "another hub (“Northshire”)" in warned[f"{eastmere}/index.md"]
    # Nothing read, nothing checked (Sphinx repeats no warning of a file it
    # does not read again).
    assert reidentifying(build(srcdir, parallel=parallel, fresh=False)) == {}
    # A new hub: every summary is checked again, whether read or not.
    westmere = GOOD_SUMMARY.replace("Northshire Maths Hub", "Westmere Maths Hub")
    write_site(srcdir, summary_files(westmere, "hubs/2023-24/westmere"))
    warned = reidentifying(build(srcdir, parallel=parallel, fresh=False))
    assert sorted(warned) == [f"{eastmere}/index.md", f"{northshire}/index.md"]
    assert "another hub (“Westmere”)" in warned[f"{northshire}/index.md"]
    # A full build warns about every theme again.
    assert sorted(reidentifying(build(srcdir, parallel=parallel))) == sorted(warned)


def test_a_preview_built_into_the_same_folder_leaves_nothing_behind(
    srcdir: Path, tmp_path: Path
) -> None:
    out, doctrees = tmp_path / "site", tmp_path / "doctrees"
    for audience in ("preview", "network"):
        options = ("-d", str(doctrees), "-D", f"evidence_audience={audience}")
        sphinx_build(srcdir, out, *options)
    files = every_file(out, opened=True)
    for folder in KEPT_BACK:
        assert not [
            name for name, data in files.items() if sentinel(folder).encode() in data
        ]
    assert (out / "hubs/2023-24/northshire/index.html").is_file()
