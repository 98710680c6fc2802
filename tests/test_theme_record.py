"""A theme is made once, by its directive, and the summary's record holds it as is.

The collector must not read a theme back from the page: the rendered title is
changed by later transforms (smart quotes), while the record keeps the title
exactly as written, inline markup and straight quotes included.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp

from hub_evidence.domain.store import get_domain
from hub_evidence.source.model import SummaryRecord, Theme
from hub_evidence.source.nodes import implication, theme_title
from hub_evidence.source.summary.record import RECORD_KEY

from .helpers import GOOD_SUMMARY, parse_warnings, summary_files, write_site

DOCNAME = "hubs/2023-24/northshire/index"
TITLE = 'Pupils\' "number talks" *grew*'
SUMMARY = GOOD_SUMMARY.replace(
    "::::{theme} Confidence with early number grew", f"::::{{theme}} {TITLE}"
)


def test_the_record_holds_the_theme_its_directive_made(tmp_path: Path) -> None:
    assert SUMMARY != GOOD_SUMMARY
    srcdir = write_site(tmp_path / "src", summary_files(SUMMARY))
    read: list[tuple[SummaryRecord, list[Theme], list[str]]] = []

    def on_read(app: Sphinx, doctree: nodes.document) -> None:
        record: SummaryRecord | None = app.env.current_document.get(RECORD_KEY)
        if record is not None:
            paired = [
                node.implication.text
                for node in doctree.findall(implication)
                if isinstance(node.parent, nodes.entry)
            ]
            made = [node.theme for node in doctree.findall(theme_title)]
            read.append((record, made, paired))

    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.connect("doctree-read", on_read)
        app.build()
    finally:
        app.cleanup()

    assert parse_warnings(app.warning.getvalue()) == []
    assert len(read) == 1
    record, made, paired = read[0]
    assert made, "the summary has themes"
    # The very objects the directives made, not copies rebuilt from the nodes.
    assert all(kept is theme for kept, theme in zip(record.themes, made, strict=True))
    assert [theme.implication for theme in made] == paired
    assert record.themes[0].title == TITLE

    # Stored (pickled) and read back, the doctree still carries equal themes;
    # its rendered title has curly quotes, the record the title as written.
    stored = get_domain(app.env).summaries[DOCNAME]
    doctree = app.env.get_doctree(DOCNAME)
    titles = list(doctree.findall(theme_title))
    assert tuple(node.theme for node in titles) == stored.themes == record.themes
    assert titles[0].astext() != TITLE
    assert titles[0].astext() == "Pupils’ “number talks” *grew*"
