"""Summaries are content, not code: nothing under hubs/ runs or reads outside.

One site holds a summary for each way an author could reach outside their
summary's folder or put code into readers' browsers (plus an appendix page, a
year page and a page that is a symbolic link). Files outside the source folder
hold sentinel words, as do the HTML and addresses written in the pages. The site
is built once, as the publish workflow builds it (``-W --keep-going``): the build
must fail, each case must be warned about at its file and line, and no sentinel
may appear in any output file (pages, downloads, images, search indices, the
exports), compressed ones opened.
"""

from __future__ import annotations

import dataclasses as dc
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hub_evidence.source.content_only.allowed import (
    ALLOWED_DIRECTIVES,
    ALLOWED_ROLES,
    REFUSED,
)

from .helpers import (
    GOOD_SUMMARY,
    SITE_CONF,
    Warning,
    build,
    every_file,
    evidence_warnings,
    parse_warnings,
    summary_files,
    write_site,
)

OUT = "../../../../outside"
"""The folder outside the source folder, as written in a summary."""
PNG = b"\x89PNG\r\n\x1a\n"
GUIDE = Path(__file__).parent.parent / "docs"


@dc.dataclass(frozen=True)
class Case:
    """One way of reaching outside a summary, written into its own summary."""

    name: str
    payload: str
    """Written in place of the context's text (or of the theme's, ``in_theme``)."""
    subtype: str
    offset: int = 0
    """The line of the payload the warning is on (0: its first)."""
    in_theme: bool = False
    written: bool = False
    """The sentinel is written in the page itself (HTML, an address), not in a file
    outside: the page's source copy (``_sources/*.txt``, plain text) holds it."""

    @property
    def sentinel(self) -> str:
        return f"Sentinel{self.name.replace('-', '').capitalize()}Word"

    @property
    def folder(self) -> str:
        return f"hubs/2023-24/case-{self.name}"

    def summary(self) -> str:
        hub = f"Case{self.name.replace('-', '').capitalize()} Maths Hub"
        text = GOOD_SUMMARY.replace("Northshire Maths Hub", hub)
        payload = self.payload.replace("SENTINEL", self.sentinel)
        if self.in_theme:
            return text.replace("Finding text.", payload)
        # Some prose first, so that the section is not empty without the payload.
        return text.replace("Prose, any MyST.", f"Context prose.\n\n{payload}")

    def line(self) -> int:
        text = self.summary()
        start = self.payload.replace("SENTINEL", self.sentinel)
        return text[: text.index(start)].count("\n") + 1 + self.offset


CASES = [
    Case("script", '<script>alert("SENTINEL")</script>', "html", written=True),
    Case(
        "iframe",
        '<iframe src="https://example.org/SENTINEL"></iframe>',
        "html",
        written=True,
    ),
    Case(
        "onerror",
        'Some prose\nand a picture <img src="x.png" onerror="alert(\'SENTINEL\')">.',
        "html",
        offset=1,
        written=True,
    ),
    Case(
        # One warning for the line, not one for each tag.
        "tags",
        'Some <b title="SENTINEL">bold</b> and <i>italic</i> text.',
        "html",
        written=True,
    ),
    Case("raw", "```{raw} html\n<b>SENTINEL</b>\n```", "directive", written=True),
    Case("raw-file", f"```{{raw}} html\n:file: {OUT}/raw-file.txt\n```", "directive"),
    Case(
        "raw-url",
        "```{raw} html\n:url: http://127.0.0.1:9/SENTINEL\n```",
        "directive",
        written=True,
    ),
    Case(
        "eval-rst",
        f"```{{eval-rst}}\n.. include:: {OUT}/eval-rst.txt\n```",
        "directive",
    ),
    Case("include", f"```{{include}} {OUT}/include.md\n```", "directive"),
    Case("include-caps", f"```{{Include}} {OUT}/include-caps.md\n```", "directive"),
    Case(
        "literalinclude",
        f"```{{literalinclude}} {OUT}/literalinclude.txt\n```",
        "directive",
    ),
    Case("csv-file", f"```{{csv-table}}\n:file: {OUT}/csv-file.csv\n```", "directive"),
    Case(
        "csv-url",
        "```{csv-table}\n:url: http://127.0.0.1:9/SENTINEL.csv\n```",
        "directive",
        written=True,
    ),
    Case(
        # A CSV cell is parsed as Markdown: a scan of the source could not see it.
        "csv-cell",
        f'````{{csv-table}}\n"A cell\n\n```{{literalinclude}} {OUT}/csv-cell.txt\n'
        '```\n", "another"\n````',
        "directive",
        offset=3,
    ),
    Case("image", f"```{{image}} {OUT}/image.png\n```", "directive"),
    Case("figure", f"```{{figure}} {OUT}/figure.png\nA caption.\n```", "directive"),
    Case("md-image", f"Look:\n![a chart]({OUT}/md-image.png)", "outside_file", 1),
    Case(
        "remote-image",
        "![a chart](https://example.org/SENTINEL.png)",
        "remote_file",
        written=True,
    ),
    Case(
        "download",
        f"See\n{{download}}`the notes <{OUT}/download.txt>`.",
        "outside_file",
        1,
    ),
    Case("md-link", f"See [the notes]({OUT}/md-link.txt).", "outside_file"),
    Case("path-link", f"See [the notes](path:{OUT}/path-link.txt).", "outside_file"),
    Case("linked-file", "See {download}`the notes <notes.txt>`.", "outside_file"),
    Case("linked-folder", "![a chart](data/linked-folder.png)", "outside_file"),
    Case("role", "A {command}`SENTINEL` here.", "role", written=True),
    Case(
        "card-link",
        "```{card} A card\n:link: javascript:alert('SENTINEL')\n\nText.\n```",
        "script_link",
        written=True,
    ),
    Case(
        "card-image",
        "```{card} A card\n:img-top: https://example.org/SENTINEL.png\n\nText.\n```",
        "remote_file",
        written=True,
    ),
    Case(
        # The theme's text goes into the record, the exports and the search
        # index when the theme directive runs: the include must never run.
        "theme",
        f"Finding text.\n\n```{{literalinclude}} {OUT}/theme.txt\n```",
        "directive",
        offset=2,
        in_theme=True,
    ),
]
OUTSIDE_FILES = {
    f"{case.name}{suffix}": case.sentinel
    for case in CASES
    if not case.written
    for suffix in (".txt", ".md", ".csv", ".png")
}

# Pages other than summaries: path, text, [(line, subtype)].
APPENDIX = (
    "hubs/2023-24/case-appendix/notes.md",
    f"# Notes\n\nThe notes.\n\n```{{literalinclude}} {OUT}/appendix.txt\n```\n",
    [(5, "directive")],
)
YEAR_PAGE = (
    "hubs/2023-24/index.md",
    "# Summaries 2023/24\n\n<script>alert('SentinelYearscriptWord')</script>\n\n"
    "```{include} ../../../outside/year.md\n```\n\n"
    "```{toctree}\n:glob:\n\n*/index\n```\n",
    [(3, "html"), (5, "directive")],
)
PAGE_SETTINGS = (
    "hubs/2023-24/case-appendix/meta.md",
    "---\nmyst:\n  html_meta:\n    http-equiv=refresh: "
    '"0; url=https://example.org/SentinelMetaWord"\n---\n# Meta\n\nText.\n',
    [(2, "page_settings")],
)
NOT_MARKDOWN = (
    # reStructuredText would be read by docutils' own parser, includes and all.
    "hubs/2023-24/case-appendix/notes-rst.rst",
    f"Notes\n=====\n\n.. include:: {OUT}/rst.txt\n\n.. raw:: html\n\n"
    "   <script>alert('SentinelRstscriptWord')</script>\n",
    [(1, "not_markdown")],
)
PAGES = [APPENDIX, YEAR_PAGE, PAGE_SETTINGS, NOT_MARKDOWN]
LINKED_PAGE = "hubs/2023-24/case-appendix/linked.md"
"""A symbolic link to a page outside the source folder."""
OTHER_SENTINELS = {
    # sentinel: written in the page itself (True) or in a file outside (False)
    "SentinelAppendixWord": False,
    "SentinelYearscriptWord": True,
    "SentinelYearfileWord": False,
    "SentinelMetaWord": True,
    "SentinelRstWord": False,
    "SentinelRstscriptWord": False,  # no source copy either: never read
    "SentinelLinkedWord": False,
}

INDEX = "# Test site\n\n```{toctree}\n:glob:\n\nhubs/*/index\n```\n"


def allowed_summary() -> str:
    """A summary using what the guide shows is allowed (``snippets/allowed.md``)."""
    allowed = (GUIDE / "snippets/allowed.md").read_text()
    text = GOOD_SUMMARY.replace("Northshire Maths Hub", "Allowedton Maths Hub")
    context = ":::{context}\nProse, any MyST.\n:::"
    assert context in text
    return text.replace(context, allowed.strip())


def write_case_site(root: Path) -> Path:
    """The site, its sentinel files outside it, and the symbolic links."""
    outside = root / "outside"
    outside.mkdir()
    for name, sentinel in OUTSIDE_FILES.items():
        data = f"{sentinel}\n".encode()
        (outside / name).write_bytes(PNG + data if name.endswith(".png") else data)
    (outside / "appendix.txt").write_text("SentinelAppendixWord\n")
    (outside / "year.md").write_text("SentinelYearfileWord\n")
    (outside / "rst.txt").write_text("SentinelRstWord\n")
    (outside / "linked.md").write_text("# Linked\n\nSentinelLinkedWord\n")
    (outside / "linked-folder").mkdir()
    (outside / "linked-folder/linked-folder.png").write_bytes(
        PNG + b"SentinelLinkedfolderWord"
    )
    files: dict[str, str | bytes] = {}
    for case in CASES:
        files.update(summary_files(case.summary(), case.folder))
    appendix = GOOD_SUMMARY.replace("Northshire Maths", "Caseappendix Maths")
    files.update(summary_files(appendix, "hubs/2023-24/case-appendix"))
    files.update(summary_files(allowed_summary(), "hubs/2023-24/allowedton"))
    files["hubs/2023-24/allowedton/figure.png"] = PNG + b"AllowedFigure"
    files.update({path: text for path, text, _ in PAGES})
    srcdir = write_site(root / "src", files, SITE_CONF, INDEX)
    case_folder = {case.name: srcdir / case.folder for case in CASES}
    (case_folder["linked-file"] / "notes.txt").symlink_to(outside / "linked-file.txt")
    (case_folder["linked-folder"] / "data").symlink_to(outside / "linked-folder")
    (srcdir / LINKED_PAGE).symlink_to(outside / "linked.md")
    return srcdir


@dc.dataclass(frozen=True)
class Built:
    returncode: int
    warnings: list[Warning]
    outdir: Path
    files: dict[str, bytes]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site built as the publish workflow builds it: -W --keep-going -n."""
    root = tmp_path_factory.mktemp("content")
    srcdir = write_case_site(root)
    outdir = root / "out"
    command = ["sphinx", "-b", "html", "-q", "-W", "--keep-going", "-n"]
    result = subprocess.run(
        [sys.executable, "-m", *command, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return Built(
        result.returncode,
        parse_warnings(result.stderr),
        outdir,
        every_file(outdir, opened=True),
    )


def located(built: Built) -> set[tuple[str, int | None, str | None]]:
    return {(w.file, w.line, w.type) for w in built.warnings}


def test_the_build_fails_with_warnings_only_about_what_is_refused(site: Built) -> None:
    assert site.returncode != 0
    assert site.warnings
    assert all((w.type or "").startswith("evidence.") for w in site.warnings), [
        w for w in site.warnings if not (w.type or "").startswith("evidence.")
    ]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_way_out_is_warned_about_at_its_line(site: Built, case: Case) -> None:
    found = [
        (w.line, w.type) for w in site.warnings if w.file == f"{case.folder}/index.md"
    ]
    assert found == [(case.line(), f"evidence.{case.subtype}")]


def test_pages_other_than_summaries_are_checked_too(site: Built) -> None:
    for path, _, expected in PAGES:
        found = [(w.line, w.type) for w in site.warnings if w.file == path]
        assert found == [(line, f"evidence.{kind}") for line, kind in expected]
    assert (LINKED_PAGE, 1, "evidence.outside_file") in located(site)
    assert not (site.outdir / LINKED_PAGE.replace(".md", ".html")).exists()


def test_nothing_refused_reaches_any_output_file(site: Built) -> None:
    assert any(name.startswith("pagefind/") for name in site.files)
    assert any(name.startswith("pagefind-site/") for name in site.files)
    for name in ("evidence.json", "themes.csv"):
        assert name in site.files
    assert any(name.startswith("anonymised/") for name in site.files)
    assert any(name.startswith("_sources/") for name in site.files)
    sentinels = {case.sentinel: case.written for case in CASES} | OTHER_SENTINELS
    assert len(sentinels) == len(CASES) + len(OTHER_SENTINELS)
    for sentinel, written in sentinels.items():
        leaks = {name for name, data in site.files.items() if sentinel.encode() in data}
        if written:
            # The page's own text, copied as plain text for "show source".
            assert all(
                name.startswith("_sources/") and name.endswith(".md.txt")
                for name in leaks
            ), (sentinel, leaks)
        else:
            assert leaks == set(), (sentinel, leaks)


def test_no_script_or_frame_is_written_into_a_hubs_page(site: Built) -> None:
    pages = [
        site.outdir / f"{case.folder}/index.html" for case in CASES if case.written
    ]
    assert pages
    for page in pages:
        body = BeautifulSoup(page.read_text(), "html.parser").select_one("[role=main]")
        assert body is not None and "Context prose" in body.get_text()
        assert not body.select("script, iframe, [onerror], a[href^='javascript']")


def test_what_is_allowed_still_works(site: Built) -> None:
    assert not [w for w in site.warnings if "allowedton" in w.file]
    page = BeautifulSoup(
        (site.outdir / "hubs/2023-24/allowedton/index.html").read_text(), "html.parser"
    )
    image = page.select_one("[role=main] img")
    assert image is not None and image["src"] == "../../../_images/figure.png"
    assert (site.outdir / "_images/figure.png").read_bytes().endswith(b"AllowedFigure")
    assert page.select("[role=main] .admonition.note")
    assert page.select("[role=main] table caption")
    assert page.select_one("[role=main] a[href='survey.html']") is not None
    assert (
        page.select_one("[role=main] a[href^='https://www.example.org/']") is not None
    )
    # Every summary's own appendix file is still offered for download.
    downloads = page.select("[role=main] a.download")
    assert [a["href"].rsplit("/", 1)[-1] for a in downloads] == ["case-study.pdf"]
    assert len(list((site.outdir / "_downloads").rglob("case-study.pdf"))) >= 1


def test_a_refused_directive_can_be_silenced_but_still_does_not_run(
    tmp_path: Path,
) -> None:
    (tmp_path / "secret.txt").write_text("SentinelSilencedWord\n")
    text = GOOD_SUMMARY.replace(
        "Prose, any MyST.",
        "Context prose.\n\n```{literalinclude} ../../../../secret.txt\n```",
    )
    srcdir = write_site(tmp_path / "src", summary_files(text))
    assert evidence_warnings(build(srcdir)) == [(22, "directive")]
    result = build(srcdir, suppress_warnings=["evidence.directive"])
    assert result.warnings == []
    assert not [
        name
        for name, data in every_file(result.outdir, opened=True).items()
        if b"SentinelSilencedWord" in data
    ]


def test_the_guide_lists_what_is_allowed(built_site: Path) -> None:
    page = BeautifulSoup(
        (built_site / "docs/reference/allowed.html").read_text(), "html.parser"
    )
    tables = page.select("table")
    assert len(tables) == 3
    listed = [
        [
            " ".join(row.find("td").get_text().replace("’", "'").split())
            for row in table.select("tbody tr")
        ]
        for table in tables
    ]
    instead, directives, roles = listed
    assert instead == [" ".join(thing.replace("`", "").split()) for thing, _ in REFUSED]
    assert directives == list(ALLOWED_DIRECTIVES)
    assert roles == [f"{{{role}}}" for role in ALLOWED_ROLES]


def test_the_real_content_uses_only_what_is_allowed() -> None:
    """Every directive the example hubs use is on the list (they build with -W)."""
    hubs = Path(__file__).parent.parent / "hubs"
    used = set()
    for path in hubs.rglob("*.md"):
        for line in path.read_text().splitlines():
            stripped = line.lstrip("`:")
            if stripped != line and stripped.startswith("{"):
                used.add(stripped[1:].split("}", 1)[0])
    assert used
    assert used <= set(ALLOWED_DIRECTIVES)
    assert not [p for p in hubs.rglob("*") if p.is_symlink()]


def test_a_summary_linked_out_of_its_folder_is_not_read_to_choose_the_audience(
    tmp_path: Path,
) -> None:
    """A network build opens a summary to read its status and sharing: not one
    that is a link out of its folder (only its own warning is given)."""
    outside = tmp_path / "outside.md"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    srcdir = write_site(tmp_path / "src", summary_files(GOOD_SUMMARY))
    linked = srcdir / "hubs/2023-24/linked"
    linked.mkdir()
    (linked / "index.md").symlink_to(outside)
    result = build(srcdir, evidence_audience="network")
    assert [(w.file, w.line, w.type) for w in result.warnings] == [
        ("hubs/2023-24/linked/index.md", 1, "evidence.outside_file")
    ]
