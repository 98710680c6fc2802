"""No author input, however broken, produces a traceback; values are escaped."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from .helpers import GOOD_SUMMARY, build, summary_files, write_site

BODY = GOOD_SUMMARY[GOOD_SUMMARY.index("# Northshire") :]
HOSTILE = "<script>alert('x')</script> **bold** {doc}`index` `code` &amp; ]]> <!--"


def front(yaml: str) -> str:
    return f"---\n{yaml}\n---\n\n{BODY}"


BROKEN: dict[str, str | bytes] = {
    "whitespace-only": "  \n\n\t\n",
    "only-a-fence": "---\n",
    "empty-front-matter": "---\n---\n" + BODY,
    "nul-bytes": "---\nhub: a\x00b\n---\n# T\x00\n",
    "random-bytes": bytes(range(256)) * 4,
    "latin-1": GOOD_SUMMARY.replace("Prose", "Caf\u00e9 \u201cquotes\u201d").encode(
        "cp1252"
    ),
    "utf-16": GOOD_SUMMARY.encode("utf-16"),
    "tabs-in-yaml": front("hub:\tTabbed\n\tyear: 2023/24"),
    "python-tag": front("hub: !!python/object/apply:os.system ['echo hacked']"),
    "deep-nesting": front("hub: " + "[" * 5000 + "]" * 5000),
    "alias-bomb": front(
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nregion: [*c, *c, *c, *c, *c, *c, *c]"
    ),
    "huge-value": front("hub: " + "x" * 1_000_000),
    "odd-keys": front("1: one\nnull: nothing\n[a, b]: list\n? {k: v}\n: mapping"),
    "wrong-shapes": front(
        "hub: {name: x}\nyear: [2023, 24]\nregion: [[North West]]\nstrategic_goal: 7\n"
        "research_questions: [{q: 1}, null, '']\ncase: [a]\nevaluators: {a: b}\n"
        "focus: true\ntags: [[x]]\nstatus: [published]\nsharing: null\n"
        "anonymised_use: [true]\nillustrative: 2\ncontact: {}"
    ),
    "dates-and-numbers": front(
        "year: 2023-09-01\nhub: 3.5e400\ncase: .nan\nregion: 0x10"
    ),
    "bad-date": front("year: 2023-99-99"),
    "markup-in-directives": BODY.replace(
        "::::{theme} Confidence with early number grew\n:kind: finding\n:tags: confidence",
        "::::{theme} <img src=x onerror=alert(1)>\n:kind: <b>finding</b>\n:tags: <i>x</i>, ok",
    ).replace(":methods: interviews", ":methods: <script>, interviews"),
    "nested-everything": "\n".join(
        [
            ":::::::{themes}",
            "::::::{theme} Outer",
            ":::::{themes}",
            "::::{theme} Inner",
            ":::{implication}",
            "::{context}",
            "::",
            ":::",
            "::::",
            ":::::",
            "::::::",
            ":::::::",
        ]
    ),
    "unclosed-fences": "# T\n\n:::::{themes}\n::::{theme} A\n:::{implication}\nnever closed\n",
    "many-sections": BODY
    + "\n".join(f":::{{{s}}}\nx\n:::\n" for s in ["context"] * 20),
}
"""Summaries with a mistake in them, each of which must give a warning."""

WHAT_IS_WRONG = {
    "whitespace-only": "front_matter",
    "only-a-fence": "front_matter",
    "empty-front-matter": "front_matter",
    "nul-bytes": "front_matter",
    "random-bytes": "encoding",
    "latin-1": "encoding",
    "utf-16": "encoding",
    "tabs-in-yaml": "front_matter",
    "python-tag": "front_matter",
    "deep-nesting": "front_matter",
    "alias-bomb": "missing_key",
    "huge-value": "missing_key",
    "odd-keys": "front_matter",
    "wrong-shapes": "wrong_type",
    "dates-and-numbers": "year",
    "bad-date": "front_matter",
    "markup-in-directives": "vocabulary",
    "nested-everything": "misplaced",
    "unclosed-fences": "missing_section",
    "many-sections": "duplicate_section",
}
"""The subtype each broken summary must give (it may give others too)."""

# Odd but valid: Windows line endings and a byte-order mark are not mistakes.
CRLF_AND_BOM = "\ufeff" + GOOD_SUMMARY.replace(
    "Northshire Maths Hub", "Windows Maths Hub"
).replace("\n", "\r\n")


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    srcdir = tmp_path_factory.mktemp("broken") / "src"
    files: dict[str, str | bytes] = {}
    for name, text in BROKEN.items():
        files |= summary_files(text, folder=f"hubs/2023-24/{name}")
    files |= summary_files(CRLF_AND_BOM, folder="hubs/2023-24/crlf-and-bom")
    files |= summary_files(
        front(
            GOOD_SUMMARY[4 : GOOD_SUMMARY.index("\n---")]
            .replace("Northshire Maths Hub", HOSTILE)
            .replace("Six primary schools in two coastal towns ...", HOSTILE)
        ),
        folder="hubs/2023-24/hostile",
    )
    return build(write_site(srcdir, files))


def test_every_broken_summary_still_gets_a_page(broken_site) -> None:  # type: ignore[no-untyped-def]
    for name in [*BROKEN, "crlf-and-bom", "hostile"]:
        assert (broken_site.outdir / f"hubs/2023-24/{name}/index.html").is_file(), name


def test_each_broken_summary_says_what_is_wrong() -> None:
    assert WHAT_IS_WRONG.keys() == BROKEN.keys()


@pytest.mark.parametrize("name", BROKEN)
def test_every_broken_summary_gives_a_located_warning(broken_site, name: str) -> None:  # type: ignore[no-untyped-def]
    """A broken summary that gives no warning would pass every loop below."""
    own = [
        w
        for w in broken_site.warnings
        if w.file == f"hubs/2023-24/{name}/index.md"
        and (w.type or "").startswith("evidence.")
    ]
    assert own, f"{name}: no evidence.* warning"
    assert all(w.line and w.line >= 1 for w in own), own
    assert f"evidence.{WHAT_IS_WRONG[name]}" in {w.type for w in own}, own


def test_every_warning_is_located(broken_site) -> None:  # type: ignore[no-untyped-def]
    assert broken_site.warnings
    for warning in broken_site.warnings:
        assert warning.line is not None, warning
        assert "hubs/2023-24/" in warning.path, warning


def test_summary_warnings_are_ours(broken_site) -> None:  # type: ignore[no-untyped-def]
    assert broken_site.warnings
    foreign = [
        w for w in broken_site.warnings if not (w.type or "").startswith("evidence.")
    ]
    assert foreign == []


def test_crlf_and_byte_order_mark_are_fine(broken_site) -> None:  # type: ignore[no-untyped-def]
    assert [w for w in broken_site.warnings if "crlf-and-bom" in w.path] == []


def test_values_are_escaped_where_rendered(broken_site) -> None:  # type: ignore[no-untyped-def]
    html = broken_site.html("hubs/2023-24/hostile/index")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script", string=lambda s: s and "alert" in s) is None
    header = soup.select_one(".evidence-summary-header").get_text()
    assert "<script>alert('x')</script> **bold** {doc}`index` `code` &amp;" in header


def test_directive_values_are_escaped(broken_site) -> None:  # type: ignore[no-untyped-def]
    soup = BeautifulSoup(
        broken_site.html("hubs/2023-24/markup-in-directives/index"), "html.parser"
    )
    assert soup.find("img") is None
    title = soup.select_one(".evidence-theme-title")
    assert title.get_text().startswith("<img src=x onerror=alert(1)>")
