"""The evidence_* settings: vocabularies can be replaced; bad settings are reported."""

from __future__ import annotations

from pathlib import Path

from .helpers import GOOD_SUMMARY, SITE_CONF, build, summary_files, write_site


def test_a_vocabulary_can_be_replaced_in_conf(tmp_path: Path) -> None:
    conf = (
        SITE_CONF
        + 'evidence_regions = {"Northshire": "Northshire (fictional region)"}\n'
    )
    text = GOOD_SUMMARY.replace("region: North West", "region: northshire")
    result = build(write_site(tmp_path / "ok", summary_files(text), conf=conf))
    assert result.warnings == []
    assert "Northshire (fictional region)" in result.html(
        "hubs/2023-24/northshire/index"
    )
    rejected = build(
        write_site(tmp_path / "old", summary_files(GOOD_SUMMARY), conf=conf)
    )
    assert [(w.line, w.type) for w in rejected.warnings] == [(4, "evidence.vocabulary")]


def test_a_vocabulary_may_be_a_list(tmp_path: Path) -> None:
    conf = (
        SITE_CONF
        + 'evidence_methods = ["interviews", "survey", "lesson-observation"]\n'
    )
    result = build(write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=conf))
    assert result.warnings == []


def test_an_invalid_setting_falls_back_to_the_default(tmp_path: Path) -> None:
    conf = SITE_CONF + "evidence_statuses = 42\n"
    result = build(write_site(tmp_path / "src", summary_files(GOOD_SUMMARY), conf=conf))
    assert [(w.type, w.path.endswith("conf.py"), w.line) for w in result.warnings] == [
        ("evidence.config", True, SITE_CONF.count("\n") + 1)
    ]
    assert "evidence_statuses" in result.warnings[0].message
