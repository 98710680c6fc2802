"""Topics: a site's vocabulary of tags (``hubs/topics.yaml``).

The file's own mistakes are messages with their line; a tag that is not a
current topic is a warning at its line naming what to write instead; labels
and groups reach the pages, and an edit of the file reaches them on the next
incremental build.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hub_evidence.output.search.records import TAG, search_records
from hub_evidence.source.frontmatter import Problem
from hub_evidence.source.topics import parse_topics
from hub_evidence.source.warnings_ import EvidenceWarning

from .helpers import (
    GOOD_SUMMARY,
    SITE_CONF,
    SITE_INDEX,
    build,
    sphinx_build,
    summary_files,
    write_site,
)

ROOT = Path(__file__).parents[1]
NORTHSHIRE = "hubs/2023-24/northshire/index"

TOPICS = textwrap.dedent(
    """\
    groups:
      pupil-learning: Pupil learning
      teacher-development: Teacher development
    topics:
      mastering-number:
        label: Mastering Number
        scope: Use for the Mastering Number programme.
        group: pupil-learning
      early-years:
        label: Early years
        scope: Use for Nursery and Reception.
        group: pupil-learning
        synonyms: [EYFS, Reception]
      confidence:
        label: Confidence with mathematics
        scope: Use for pupils' or teachers' confidence.
        group: pupil-learning
      non-specialists:
        label: Non-specialist teachers
        scope: Use for teachers who are not maths specialists.
        group: teacher-development
        synonyms: [out-of-field teachers]
      professional-development:
        label: Professional development
        scope: Use for how teachers learn.
        group: teacher-development
      cpd:
        label: CPD
        scope: Retired.
        group: teacher-development
        replaced_by: professional-development
    """
)


def kinds(problems: list[Problem]) -> list[tuple[str, int | None]]:
    return [(p.kind.subtype, p.line) for p in problems]


# -- the file's own mistakes ----------------------------------------------------


def test_a_good_file_has_no_problems_and_keeps_its_order() -> None:
    topics, problems = parse_topics(TOPICS, "hubs/topics.yaml")
    assert problems == []
    assert list(topics.topics)[:2] == ["mastering-number", "early-years"]
    assert topics.label("non-specialists") == "Non-specialist teachers"
    assert topics.group_label("non-specialists") == "Teacher development"
    assert topics.label("free-words") == "free-words"
    assert [(g, [t.key for t in ts]) for g, ts in topics.in_groups()] == [
        ("Pupil learning", ["mastering-number", "early-years", "confidence"]),
        ("Teacher development", ["non-specialists", "professional-development", "cpd"]),
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("groups: {a: A}\ntopics:\n  x: [unclosed\n", 4, "not valid YAML"),
        ("- a list\n", 1, "`groups:` part and a `topics:` part"),
        ("groups: {g: G}\n", 1, "no `topics:` part"),
        (
            "groups: {g: G}\ntopics:\n  a:\n    scope: s\n    group: g\n",
            3,
            "`a` has no `label:`",
        ),
        (
            "groups: {g: G}\ntopics:\n  a:\n    label: A\n    scope: s\n"
            "    group: g\n  a:\n    label: B\n    scope: s\n    group: g\n",
            7,
            "`a` is given twice",
        ),
        (
            "groups: {pupil-learning: P}\ntopics:\n  a:\n    label: A\n    scope: s\n"
            "    group: pupil-learnin\n",
            6,
            "Did you mean `pupil-learning`?",
        ),
        (
            "groups: {g: G}\ntopics:\n  a:\n    label: A\n    scope: s\n    group: g\n"
            "    lable: x\n",
            7,
            "Did you mean `label`?",
        ),
        (
            "groups: {g: G}\ntopics:\n  a:\n    label: A\n    scope: s\n    group: g\n"
            "    replaced_by: bee\n  be:\n    label: B\n    scope: s\n    group: g\n",
            7,
            "`replaced_by: bee`, which is not another topic",
        ),
        (
            "groups: {g: G}\ntopics:\n  Bad Key:\n    label: A\n    scope: s\n"
            "    group: g\n",
            3,
            "write `bad-key`",
        ),
        ("groups: {g: G}\ntopics:\n  a: just words\n", 3, "on lines of their own"),
    ],
)
def test_each_mistake_in_the_file_is_a_message_at_its_line(
    text: str, line: int, words: str
) -> None:
    _, problems = parse_topics(text, "hubs/topics.yaml")
    assert problems, text
    assert {p.kind for p in problems} == {EvidenceWarning.TOPICS_FILE}
    assert any(p.line == line and words in p.message for p in problems), problems


def test_a_replacement_that_is_retired_itself_names_the_end_of_the_chain() -> None:
    text = (
        "groups: {g: G}\ntopics:\n"
        "  a:\n    label: A\n    scope: s\n    group: g\n    replaced_by: b\n"
        "  b:\n    label: B\n    scope: s\n    group: g\n    replaced_by: c\n"
        "  c:\n    label: C\n    scope: s\n    group: g\n"
    )
    topics, problems = parse_topics(text, "hubs/topics.yaml")
    assert kinds(problems) == [("topics_file", 7)]
    assert "write `replaced_by: c`" in problems[0].message
    assert topics.current("a") == topics.get("c")


def test_a_replacement_loop_is_a_message_not_a_hang() -> None:
    text = (
        "groups: {g: G}\ntopics:\n"
        "  a:\n    label: A\n    scope: s\n    group: g\n    replaced_by: b\n"
        "  b:\n    label: B\n    scope: s\n    group: g\n    replaced_by: a\n"
    )
    topics, problems = parse_topics(text, "hubs/topics.yaml")
    assert [p.line for p in problems] == [7, 12]
    assert topics.check_tag("a", "`tags`").problem is None  # said in the file


# -- tags checked against the topics --------------------------------------------


def test_a_tag_is_checked_against_the_topics() -> None:
    topics, _ = parse_topics(TOPICS, "hubs/topics.yaml")
    assert topics.check_tag("confidence", "`tags`") == ("confidence", None)
    # A near-duplicate: its label written as a tag names the key to write.
    label = topics.check_tag("non-specialist-teachers", "`tags`")
    assert label.key == "non-specialists"
    assert label.problem is not None
    assert label.problem[0] is EvidenceWarning.TAG_SYNONYM
    assert "write `non-specialists` instead" in label.problem[1]
    synonym = topics.check_tag("eyfs", "`tags`")
    assert synonym.key == "early-years"
    assert synonym.problem is not None
    assert synonym.problem[0] is EvidenceWarning.TAG_SYNONYM
    retired = topics.check_tag("cpd", "`tags`")
    assert retired.key == "cpd"
    assert retired.problem is not None
    assert retired.problem[0] is EvidenceWarning.TAG_RETIRED
    assert "write `professional-development`" in retired.problem[1]
    unknown = topics.check_tag("non-specialist-staff", "`tags`")
    assert unknown.problem is not None
    assert unknown.problem[0] is EvidenceWarning.TAG_UNKNOWN
    assert "Did you mean `non-specialists`" in unknown.problem[1]


def test_the_example_topics_file_is_valid() -> None:
    text = (ROOT / "hubs/topics.yaml").read_text(encoding="utf-8")
    topics, problems = parse_topics(text, "hubs/topics.yaml")
    assert problems == []
    used = {
        tag
        for path in (ROOT / "hubs").glob("*/*/index.md")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"^:?tags:", line)
        for tag in re.findall(r"[a-z0-9-]+", line.split(":", 2)[-1])
    }
    assert used, "the example summaries have tags"
    assert {t for t in used if topics.check_tag(t, "").problem} == set()
    assert any(topic.retired for topic in topics.topics.values())


# -- in a build ------------------------------------------------------------------


def topic_site(tmp_path: Path, summary: str = GOOD_SUMMARY, **files: str) -> Path:
    return write_site(
        tmp_path / "src",
        {**summary_files(summary), "hubs/topics.yaml": TOPICS, **files},
    )


def test_tags_that_are_not_topics_are_warned_about_at_their_lines(
    tmp_path: Path,
) -> None:
    summary = GOOD_SUMMARY.replace(
        "tags: [mastering-number, early-years]",
        "tags:\n  - mastering-number\n  - eyfs\n  - non-specialist-staff",
    ).replace(":tags: confidence", ":tags: confidence, cpd")
    lines = summary.splitlines()
    result = build(topic_site(tmp_path, summary))
    found = sorted(
        (w.type, w.line) for w in result.warnings if w.file.endswith("index.md")
    )
    assert found == [
        ("evidence.tag_retired", lines.index(":tags: confidence, cpd") + 1),
        ("evidence.tag_synonym", lines.index("  - eyfs") + 1),
        ("evidence.tag_unknown", lines.index("  - non-specialist-staff") + 1),
    ]
    # A synonym is kept as its topic; the badges show labels.
    page = BeautifulSoup(result.html(NORTHSHIRE), "html.parser")
    facts = page.select_one(".evidence-facts").get_text()
    assert "Early years" in facts
    badges = [b.get_text() for b in page.select(".evidence-tag")]
    assert badges == ["Confidence with mathematics", "CPD"]


def test_a_site_may_publish_retired_topics_with_warnings_as_errors(
    tmp_path: Path,
) -> None:
    summary = GOOD_SUMMARY.replace(":tags: confidence", ":tags: confidence, cpd")
    srcdir = topic_site(tmp_path, summary)
    warned = build(srcdir)
    assert [w.type for w in warned.warnings] == ["evidence.tag_retired"]
    (srcdir / "conf.py").write_text(
        SITE_CONF + 'suppress_warnings = ["evidence.tag_retired"]\n'
    )
    assert build(srcdir).warnings == []
    # As the site is published: warnings are errors.
    sphinx_build(srcdir, tmp_path / "out", "-W", "--keep-going")


def test_a_broken_topics_file_is_warned_about_at_its_line(tmp_path: Path) -> None:
    broken = TOPICS.replace(
        "group: teacher-development\n    synonyms", "group: teachers\n    synonyms"
    )
    result = build(topic_site(tmp_path, **{"hubs/topics.yaml": broken}))
    line = broken.splitlines().index("    group: teachers") + 1
    assert [(w.type, w.line) for w in result.warnings] == [
        ("evidence.topics_file", line)
    ]
    assert result.warnings[0].path.endswith("hubs/topics.yaml")


def test_labels_and_groups_reach_browse_pages_search_and_exports(
    tmp_path: Path,
) -> None:
    result = build(topic_site(tmp_path))
    assert result.warnings == []
    browse = BeautifulSoup(
        result.html("browse/tags/confidence"), "html.parser"
    )  # the address is the topic's key, as before
    assert browse.h1 is not None
    assert "Confidence with mathematics" in browse.h1.get_text()
    evidence = json.loads((result.outdir / "evidence.json").read_text())
    (theme,) = evidence["summaries"][0]["themes"]
    assert theme["tags"] == ["confidence"]
    assert theme["tag_labels"] == ["Confidence with mathematics"]
    assert theme["tag_groups"] == ["Pupil learning"]
    assert evidence["summaries"][0]["tag_labels"] == ["Mastering Number", "Early years"]
    themes_csv = (result.outdir / "themes.csv").read_text()
    assert "tag_labels,tag_groups" in themes_csv.splitlines()[0]


def test_search_records_carry_labels_and_synonyms(tmp_path: Path) -> None:
    result = build(topic_site(tmp_path))
    records = search_records(result.app.builder)
    overview = next(r for r in records if r.meta["section"] == "Overview")
    assert overview.filters[TAG] == ["Mastering Number", "Early years"]
    assert "EYFS" in overview.content  # a synonym finds the summary
    theme = next(r for r in records if r.meta["section"] == "Theme")
    assert theme.filters[TAG] == ["Confidence with mathematics"]


def test_editing_a_label_reaches_the_pages_on_an_incremental_build(
    tmp_path: Path,
) -> None:
    srcdir = topic_site(tmp_path)
    first = build(srcdir)
    assert "Confidence with mathematics" in first.html(NORTHSHIRE)
    topics = srcdir / "hubs/topics.yaml"
    topics.write_text(
        TOPICS.replace("Confidence with mathematics", "Confidence in maths")
    )
    second = build(srcdir, fresh=False)
    assert second.warnings == []
    for docname in (NORTHSHIRE, "browse/tags/confidence"):
        assert "Confidence with mathematics" not in second.html(docname)
        assert "Confidence in maths" in second.html(docname)
    incremental = {
        name: (second.outdir / name).read_bytes()
        for name in (f"{NORTHSHIRE}.html", "browse/tags/confidence.html")
    }
    fresh = build(srcdir)
    assert incremental == {
        name: (fresh.outdir / name).read_bytes() for name in incremental
    }


def test_without_a_topics_file_tags_stay_free(tmp_path: Path) -> None:
    summary = GOOD_SUMMARY.replace(":tags: confidence", ":tags: anything-at-all")
    result = build(write_site(tmp_path / "src", summary_files(summary)))
    assert result.warnings == []
    page = BeautifulSoup(result.html(NORTHSHIRE), "html.parser")
    assert [b.get_text() for b in page.select(".evidence-tag")] == ["anything-at-all"]


def test_the_guide_example_is_a_valid_topics_file() -> None:
    text = (ROOT / "docs/snippets/topics.yaml").read_text(encoding="utf-8")
    topics, problems = parse_topics(text, "hubs/topics.yaml")
    assert problems == []
    assert topics.check_tag("cpd", "`tags`").problem is not None
    assert "snippets/topics.yaml" in (ROOT / "docs/topics.md").read_text()


def test_the_tags_index_lists_topics_by_group(tmp_path: Path) -> None:
    index = "# Tags\n\n```{facet-index}\n:facet: tags\n```\n"
    srcdir = topic_site(tmp_path, **{"topics-index.md": index})
    (srcdir / "index.md").write_text(
        SITE_INDEX.replace("hubs/*/*/index\n", "hubs/*/*/index\ntopics-index\n")
    )
    result = build(srcdir)
    assert result.warnings == []
    page = BeautifulSoup(result.html("topics-index"), "html.parser")
    tables = {
        table.caption.get_text(strip=True).rstrip("#¶"): [
            th.get_text(strip=True) for th in table.select("tbody th")
        ]
        for table in page.select("table")
        if table.caption
    }
    assert tables == {
        "Pupil learning": [
            "Mastering Number",
            "Early years",
            "Confidence with mathematics",
        ]
    }


def test_a_views_tags_are_checked_against_the_topics(tmp_path: Path) -> None:
    page = "# Confidence\n\n```{findings}\n:tags: confidence-with-mathematics\n```\n"
    srcdir = topic_site(tmp_path, **{"confidence.md": page})
    (srcdir / "index.md").write_text(
        SITE_INDEX.replace("hubs/*/*/index\n", "hubs/*/*/index\nconfidence\n")
    )
    result = build(srcdir)
    assert [
        (w.type, w.line, w.path.endswith("confidence.md")) for w in result.warnings
    ] == [("evidence.tag_synonym", 4, True)]
    assert "write `confidence` instead" in result.warnings[0].message
    # The view asks for the topic the label names: its theme is there.
    assert "Confidence with early number grew" in result.html("confidence")


def test_an_unchanged_topics_file_reads_nothing_again(tmp_path: Path) -> None:
    srcdir = topic_site(tmp_path)
    first = build(srcdir)
    read_at = dict(first.app.env.all_docs)
    assert NORTHSHIRE in read_at
    # Nor do blank lines (the topics' lines change, nothing a reader sees).
    topics = srcdir / "hubs/topics.yaml"
    topics.write_text(TOPICS.replace("topics:\n", "topics:\n\n\n"))
    second = build(srcdir, fresh=False)
    assert dict(second.app.env.all_docs) == read_at


def test_adding_a_topics_file_checks_the_tags_on_the_next_build(
    tmp_path: Path,
) -> None:
    summary = GOOD_SUMMARY.replace(":tags: confidence", ":tags: self-belief")
    srcdir = write_site(tmp_path / "src", summary_files(summary))
    assert build(srcdir).warnings == []
    (srcdir / "hubs/topics.yaml").write_text(TOPICS)
    second = build(srcdir, fresh=False)
    assert [w.type for w in second.warnings] == ["evidence.tag_unknown"]
