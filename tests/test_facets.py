"""One facet description: a term a site adds in ``conf.py`` reaches every layer.

The site below adds a strategic goal (``early-years``, a value of a front-matter
facet) and a data-collection method (``pupil-voice``, a term of the methods
vocabulary, which ``:methods:`` and the ``:method:`` filters take) to the
defaults, and nothing else. The front-matter checks, the view filters, the
search filters, the exports and their schemas, the guide's tables and
``evidence new`` must all know both, from that one setting.
"""

from __future__ import annotations

import csv
import dataclasses as dc
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hub_evidence.domain.store import get_domain
from hub_evidence.output.search.records import FILTERS
from hub_evidence.source.config import EvidenceConfig
from hub_evidence.source.facets import FACETS
from hub_evidence.source.model import FRONT_MATTER_FIELDS
from hub_evidence.source.vocabulary import VOCABULARIES
from hub_evidence.tools import cli, guide

from .helpers import (
    GOOD_SUMMARY,
    SITE_CONF,
    Build,
    build,
    evidence_warnings,
    summary_files,
    write_site,
)

ADDED_CONF = (
    SITE_CONF
    + "from hub_evidence.source.vocabulary import METHODS, STRATEGIC_GOALS\n"
    + 'evidence_strategic_goals = {**STRATEGIC_GOALS, "early-years": "Early years"}\n'
    + 'evidence_methods = {**METHODS, "pupil-voice": "Pupil voice"}\n'
)
SUMMARY = GOOD_SUMMARY.replace(
    "strategic_goal: primary", "strategic_goal: early-years"
).replace(":methods: interviews,", ":methods: pupil-voice, interviews,")
VIEWS_PAGE = """# Pupil voice

```{findings}
:method: pupil-voice
:strategic-goal: early-years
```
"""
SEARCH_PAGE = "# Search\n\n:::{evidence-search}\nFind findings.\n:::\n"
INDEX = "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/*/index\nviews\nsearch-evidence\n```\n"
REFERENCE = Path(__file__).parent.parent / "docs/reference"


def added_site(folder: Path, summary: str = SUMMARY, conf: str = ADDED_CONF) -> Path:
    files = {
        **summary_files(summary),
        "views.md": VIEWS_PAGE,
        "search-evidence.md": SEARCH_PAGE,
    }
    return write_site(folder, files, conf=conf, index=INDEX)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(added_site(tmp_path_factory.mktemp("added") / "src"))


def test_the_description_is_the_one_the_settings_and_model_use() -> None:
    vocabulary_settings = [
        f.name for f in dc.fields(EvidenceConfig) if f.metadata.get("vocabulary")
    ]
    assert vocabulary_settings == list(VOCABULARIES)
    keyed = [facet for facet in FACETS.values() if facet.key]
    assert keyed
    for facet in keyed:
        assert facet.key is not None
        field = FRONT_MATTER_FIELDS[facet.key]
        assert field.metadata["vocabulary"] == facet.vocabulary, facet.name
    assert FACETS["strategic-goal"].filter_name in FILTERS


def test_the_model_accepts_the_added_terms(built: Build) -> None:
    assert built.warnings == []
    record = get_domain(built.app.env).summaries["hubs/2023-24/northshire/index"]
    assert record.front_matter.strategic_goal == ("early-years",)
    assert "pupil-voice" in record.methods
    page = BeautifulSoup(built.html("hubs/2023-24/northshire/index"), "html.parser")
    assert "Early years" in page.select_one(".evidence-facts").get_text()


def test_an_unknown_goal_still_warns(tmp_path: Path) -> None:
    result = build(
        added_site(tmp_path / "src", SUMMARY.replace("early-years", "early-yaers", 1))
    )
    assert evidence_warnings(result) == [(5, "vocabulary")]
    assert "Did you mean `early-years`?" in result.warnings[0].message


def test_without_the_setting_the_added_terms_are_mistakes(tmp_path: Path) -> None:
    result = build(added_site(tmp_path / "src", conf=SITE_CONF))
    messages = [w.message for w in result.warnings]
    assert any("`early-years` is not a strategic goal" in m for m in messages)
    assert any("`pupil-voice` is not a data-collection method" in m for m in messages)


def test_the_view_filters_select_by_the_added_terms(built: Build) -> None:
    page = BeautifulSoup(built.html("views"), "html.parser")
    assert "Confidence with early number grew" in page.get_text()


def test_the_search_filters_have_the_added_goal(built: Build) -> None:
    fragments = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in sorted((built.outdir / "pagefind/fragment").iterdir())
    ]
    assert fragments
    for fragment in fragments:
        assert fragment["filters"]["Strategic goal"] == ["Early years"]
    page = BeautifulSoup(built.html("search-evidence"), "html.parser")
    box = page.select_one("[data-evidence-search]")
    assert "Strategic goal" in json.loads(box["data-facets"])


def test_the_exports_and_their_schemas_have_the_added_terms(built: Build) -> None:
    out = built.outdir
    evidence = json.loads((out / "evidence.json").read_text())
    [summary] = evidence["summaries"]
    assert summary["strategic_goal"] == ["early-years"]
    assert "pupil-voice" in summary["methods"]
    schema = json.loads((out / "evidence.schema.json").read_text())
    properties = schema["properties"]["summaries"]["items"]["properties"]
    assert "early-years" in properties["strategic_goal"]["items"]["enum"]
    assert "pupil-voice" in properties["methods"]["items"]["enum"]
    rows = list(csv.DictReader(io.StringIO((out / "themes.csv").read_text())))
    assert rows
    assert {row["strategic_goal"] for row in rows} == {"early-years"}
    anonymised = json.loads((out / "anonymised/early-years.json").read_text())
    assert anonymised["strategic_goal"] == "early-years"
    assert (out / "anonymised/early-years.csv").is_file()
    anonymised_schema = json.loads(
        (out / "anonymised/anonymised.schema.json").read_text()
    )
    assert "early-years" in anonymised_schema["properties"]["strategic_goal"]["enum"]


def test_the_guide_tables_of_the_site_list_the_added_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = added_site(tmp_path / "src")
    pages = shutil.copytree(REFERENCE, tmp_path / "reference")
    monkeypatch.chdir(site)  # as `nox -s guide` runs, in the site's folder
    assert guide.main([str(pages)]) == 0
    vocabularies = (pages / "vocabularies.md").read_text()
    assert "| `early-years` |  | Early years |" in vocabularies
    assert "| `pupil-voice` |  | Pupil voice |" in vocabularies


def test_evidence_new_takes_the_added_goal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = added_site(tmp_path / "src")
    new = ["new", "--hub", "Westfold Maths Hub", "--year", "2024/25"]
    status = cli.main([*new, "--strategic-goal", "early-years", "--project", str(site)])
    assert status == 0
    text = (site / "hubs/2024-25/westfold/index.md").read_text()
    assert "\nstrategic_goal: early-years\n" in text
    assert "llme or early-years" in text  # the choices in the comment above it
    capsys.readouterr()
    refused = ["--hub", "Eastfold Maths Hub", "--goal", "early-yaers"]
    assert cli.main([*new[:1], *refused, *new[3:], "--project", str(site)]) == 2
    assert "Did you mean `early-years`?" in capsys.readouterr().err
    assert not (site / "hubs/2024-25/eastfold").exists()
