"""Permission for wider use: the front-matter key, its place on the summary's
page (permitted, or how to ask the hub), in the exports and the search, and the
strategic-goal pages' links to the evaluation packs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import jsonschema
import pytest
from bs4 import BeautifulSoup

from hub_evidence.output.exports import ANONYMISED_COLUMNS
from hub_evidence.output.search.records import FILTERS, search_records
from hub_evidence.source.model import FRONT_MATTER_FIELDS
from hub_evidence.source.wider_use import LABEL, mail_address

from .helpers import (
    GOOD_SUMMARY,
    Build,
    build,
    build_summary,
    evidence_warnings,
    summary_files,
    write_site,
)
from .test_frontmatter import check
from .test_packs import site as pack_site

ANONYMISED = next(
    line
    for line in GOOD_SUMMARY.splitlines(keepends=True)
    if line.startswith("anonymised_use: true")
)


def with_front(text: str, lines: str, hub: str = "Northshire") -> str:
    """GOOD_SUMMARY with ``lines`` after ``anonymised_use`` and the hub renamed."""
    return text.replace(ANONYMISED, ANONYMISED + lines).replace(
        "Northshire Maths Hub", f"{hub} Maths Hub"
    )


# -- the key ----------------------------------------------------------------------


def test_the_key_is_in_the_model_and_defaults_to_not_given() -> None:
    field = FRONT_MATTER_FIELDS["wider_use"]
    assert (field.metadata["kind"], field.metadata["required"]) == ("flag", False)
    summary, problems = check(GOOD_SUMMARY)
    assert (summary.wider_use, problems) == (None, [])
    summary, problems = check(with_front(GOOD_SUMMARY, "wider_use: true\n"))
    assert (summary.wider_use, problems) == (True, [])


def test_a_value_that_is_not_true_or_false_is_a_warning_at_its_line(
    tmp_path: Path,
) -> None:
    text = with_front(GOOD_SUMMARY, "wider_use: maybe\n")
    line = text.splitlines().index("wider_use: maybe") + 1
    result = build_summary(tmp_path, text)
    assert evidence_warnings(result) == [(line, "wrong_type")]
    message = result.warnings[0].message
    assert "`wider_use` should be `true` or `false`" in message
    assert "hubs/2023-24/northshire/index.md" in result.warnings[0].file


# -- the contact: a mailto link only for an e-mail address ------------------------------


@pytest.mark.parametrize(
    ("contact", "address"),
    [
        ("hub-lead@example.org", "hub-lead@example.org"),
        ("  A. Lead <a.lead@example.org> ", "a.lead@example.org"),
        ("o'neill+hubs@maths.example.ac.uk", "o'neill+hubs@maths.example.ac.uk"),
    ],
)
def test_an_email_address_is_found(contact: str, address: str) -> None:
    assert mail_address(contact) == address


HOSTILE = [
    "javascript:alert(1)",
    "javascript:alert(1)//@example.org",
    '"><script>alert(1)</script>',
    "<a href='javascript:alert(1)'>x</a>@example.org",
    'x@example.org" onclick="alert(1)',
    "x@example.org <javascript:alert(1)>",
    "x@example.org?subject=<b>",
    "The hub lead, Jo Bloggs",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("contact", HOSTILE)
def test_anything_else_is_not_an_address(contact: str) -> None:
    assert mail_address(contact) is None


# -- the summary's page --------------------------------------------------------------

HUBS = {
    # folder: (hub name, front-matter lines)
    "northshire": ("Northshire", "wider_use: true\n"),
    "eastmere": ("Eastmere", "contact: hub-lead@eastmere.example.org\n"),
    "westholm": ("Westholm", "wider_use: false\ncontact: A. Lead <lead@example.org>\n"),
    "southby": ("Southby", ""),
    **{
        f"hostile-{n}": (f"Hostile{n}", f"contact: {json.dumps(contact)}\n")
        for n, contact in enumerate(HOSTILE)
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    files = {}
    for folder, (hub, lines) in HUBS.items():
        files |= summary_files(
            with_front(GOOD_SUMMARY, lines, hub), f"hubs/2023-24/{folder}"
        )
    result = build(write_site(tmp_path_factory.mktemp("wider") / "src", files))
    # Only the hostile contacts that look like HTML are warned about (and shown
    # as text all the same).
    assert [(w.type, w.line) for w in result.warnings] == [("evidence.html", 1)] * 4
    assert all("/hostile-" in w.file for w in result.warnings)
    return result


def page(built: Build, folder: str) -> BeautifulSoup:
    return BeautifulSoup(built.html(f"hubs/2023-24/{folder}/index"), "html.parser")


def subject(hub: str) -> str:
    return f"Wider use of the findings of {hub} Maths Hub's 2023/24 evaluation summary"


def test_a_permitted_summary_says_so_and_has_no_ask_box(built: Build) -> None:
    soup = page(built, "northshire")
    badge = soup.select_one(".evidence-ownership .evidence-wider-use")
    assert badge is not None
    assert badge.get_text() == f"{LABEL}: yes"
    assert soup.select(".evidence-ask-hub") == []


@pytest.mark.parametrize(
    ("folder", "hub", "address"),
    [
        ("eastmere", "Eastmere", "hub-lead@eastmere.example.org"),
        ("westholm", "Westholm", "lead@example.org"),
    ],
)
def test_without_permission_the_page_says_how_to_ask_the_hub_by_email(
    built: Build, folder: str, hub: str, address: str
) -> None:
    soup = page(built, folder)
    badge = soup.select_one(".evidence-ownership .evidence-wider-use")
    assert badge is not None
    assert badge.get_text() == f"{LABEL}: no (ask the hub)"
    box = soup.select_one(".evidence-summary-header .evidence-ask-hub")
    assert box is not None
    assert f"{hub} Maths Hub" in box.get_text()
    (link,) = box.select("a")
    href = str(link["href"])
    parts = urlsplit(href)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", address)
    assert parse_qs(parts.query) == {"subject": [subject(hub)]}
    assert " " not in href  # every space in the subject is encoded
    # The address and the subject are written out too (on paper, a link is text).
    assert link.get_text() == address
    assert subject(hub) in box.get_text()


def test_without_a_contact_the_reader_is_sent_to_the_hub(built: Build) -> None:
    box = page(built, "southby").select_one(".evidence-ask-hub")
    assert box is not None
    assert box.select("a") == []
    text = " ".join(box.get_text().split())
    assert (
        f"To ask for it, contact Southby Maths Hub with the subject “{subject('Southby')}”."
        in text
    )


@pytest.mark.parametrize("number", range(len(HOSTILE)))
def test_a_contact_that_is_not_an_address_never_becomes_a_link(
    built: Build, number: int
) -> None:
    folder = f"hostile-{number}"
    html = built.html(f"hubs/2023-24/{folder}/index")
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one(".evidence-ask-hub")
    assert box is not None
    assert box.select("a") == [], HOSTILE[number]
    assert box.select("script, b, [onclick]") == []
    # Shown as the author wrote it, as text.
    assert f"contact {HOSTILE[number]} with the subject" in box.get_text()
    hrefs = [str(a.get("href", "")) for a in soup.select("a")]
    assert hrefs
    assert not any(
        re.match(r"\s*(javascript|data):", href, re.IGNORECASE) for href in hrefs
    )
    assert "<script>alert" not in html


# -- the exports ------------------------------------------------------------------


def test_the_exports_and_their_schema_carry_the_permission(built: Build) -> None:
    out = built.outdir
    evidence = json.loads((out / "evidence.json").read_text())
    schema = json.loads((out / "evidence.schema.json").read_text())
    jsonschema.validate(evidence, schema)
    summary = schema["properties"]["summaries"]["items"]
    assert "wider_use" in summary["required"]
    assert summary["properties"]["wider_use"]["type"] == ["boolean", "null"]
    assert (
        "not given means not permitted"
        in (summary["properties"]["wider_use"]["description"])
    )
    by_hub = {s["slug"]: s["wider_use"] for s in evidence["summaries"]}
    assert (by_hub["northshire"], by_hub["westholm"], by_hub["southby"]) == (
        True,
        False,
        None,
    )
    invalid = json.loads((out / "evidence.json").read_text())
    invalid["summaries"][0]["wider_use"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(invalid, schema)
    rows = list(csv.DictReader(io.StringIO((out / "themes.csv").read_text())))
    assert rows
    permitted = {row["hub"]: row["wider_use"] for row in rows}
    assert permitted["Northshire Maths Hub"] == "true"
    assert permitted["Westholm Maths Hub"] == "false"
    assert permitted["Southby Maths Hub"] == "false"


def test_the_anonymised_exports_do_not_carry_it(built: Build) -> None:
    assert "wider_use" not in ANONYMISED_COLUMNS
    out = built.outdir / "anonymised"
    themes = json.loads((out / "primary.json").read_text())["themes"]
    assert themes
    assert all("wider_use" not in theme for theme in themes)
    header = (out / "primary.csv").read_text().splitlines()[0]
    assert "wider_use" not in header
    schema = (out / "anonymised.schema.json").read_text()
    assert "wider_use" not in schema


# -- the search ------------------------------------------------------------------


def test_every_search_record_carries_the_wider_use_filter(built: Build) -> None:
    assert LABEL == "Wider use permitted"
    assert LABEL in FILTERS
    records = search_records(built.app.builder)
    assert records
    values = {
        PurePosixPath(record.url.split("#")[0]).parent.name: record.filters[LABEL]
        for record in records
    }
    assert values["northshire"] == ["Yes"]
    assert values["eastmere"] == values["westholm"] == values["southby"] == ["No"]
    assert all(record.filters[LABEL] in (["Yes"], ["No"]) for record in records)
    # The search page's facets are drawn from these totals, before Pagefind loads.
    totals = json.loads((built.outdir / "pagefind/evidence-facets.json").read_text())
    counted = totals[LABEL]
    assert counted == {
        "Yes": sum(r.filters[LABEL] == ["Yes"] for r in records),
        "No": sum(r.filters[LABEL] == ["No"] for r in records),
    }
    assert counted["Yes"] > 0 and counted["No"] > 0


# -- the strategic goals' pages link to their packs -------------------------------


def goal_links(result: Build, goal: str) -> dict[str, Path]:
    """The files a goal's page links to under "For strategic-goal evaluation"."""
    name = f"browse/strategic-goal/{goal}"
    soup = BeautifulSoup(result.html(name), "html.parser")
    section = soup.select_one("section#for-strategic-goal-evaluation")
    if section is None:
        return {}
    base = f"http://site/{name}.html"
    return {
        link.get_text(): result.outdir
        / urlsplit(urljoin(base, str(link["href"]))).path.removeprefix("/")
        for link in section.select(".evidence-goal-files a")
    }


def test_a_goal_page_links_to_its_pack_only_when_the_pack_exists(
    tmp_path: Path,
) -> None:
    result = build(pack_site(tmp_path / "src"))
    # Primary's pack is written: its page links to it, and to its anonymised themes.
    primary = goal_links(result, "primary")
    assert sorted(path.name for path in primary.values()) == [
        "primary-pack.csv",
        "primary-pack.docx",
        "primary.csv",
        "primary.json",
    ]
    assert all(path.is_file() for path in primary.values()), primary
    assert "Evaluation pack (Word document)" in primary
    # Secondary's lint is not clean: it has no pack, and no link to one; its
    # anonymised themes (the clean one) are linked, and exist.
    secondary = goal_links(result, "secondary")
    assert not (result.outdir / "anonymised/secondary-pack.docx").exists()
    assert sorted(path.name for path in secondary.values()) == [
        "secondary.csv",
        "secondary.json",
    ]
    assert all(path.is_file() for path in secondary.values()), secondary
    # A goal without anonymised themes links to nothing.
    assert goal_links(result, "llme") == {}
