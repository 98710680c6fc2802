"""What an author may write in a page under the hubs folder, and what instead.

A summary is content, not code: the publish workflow builds on the intranet's
own runner, so a directive that reads a file (``include``, ``literalinclude``,
``csv-table :file:``) could publish that machine's keys, and HTML could run in
every reader's browser. So pages under ``evidence_hubs_dir`` may use only the
directives and roles listed here; everything else is reported and left out,
before it runs. The author guide's tables are generated from these lists
(:mod:`...tools.guide`), so the guide cannot promise what the code refuses.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Mapping
from types import MappingProxyType

from ..directives.views import VIEW_DIRECTIVES
from ..model import SECTION_TITLES


@dc.dataclass(frozen=True)
class AllowedDirective:
    """A directive authors may use under the hubs folder."""

    name: str
    what: str
    """What it is for, in the author guide's words."""
    refused_options: Mapping[str, str] = dc.field(
        default_factory=lambda: MappingProxyType({})
    )
    """Options that read a file or address, and what to write instead."""


def _directives(*entries: AllowedDirective) -> Mapping[str, AllowedDirective]:
    return MappingProxyType({entry.name: entry for entry in entries})


ADMONITIONS = (
    "note",
    "tip",
    "hint",
    "important",
    "attention",
    "caution",
    "warning",
    "danger",
    "error",
    "seealso",
)
ALLOWED_DIRECTIVES: Mapping[str, AllowedDirective] = _directives(
    *(
        AllowedDirective(name, f"the summary's {SECTION_TITLES[name]} section")
        for name in SECTION_TITLES
    ),
    AllowedDirective("theme", "one theme of the themes table"),
    AllowedDirective("implication", "a theme's possible implication"),
    *(
        AllowedDirective(name, "a cross-hub view (on year pages and others)")
        for name in VIEW_DIRECTIVES
    ),
    AllowedDirective("toctree", "a list of pages (on year pages)"),
    *(AllowedDirective(name, "a highlighted box of text") for name in ADMONITIONS),
    AllowedDirective("admonition", "a highlighted box of text with your own title"),
    AllowedDirective("topic", "a boxed passage with a title"),
    AllowedDirective("rubric", "a heading that is not a section"),
    AllowedDirective("epigraph", "a quotation"),
    AllowedDirective("pull-quote", "a quotation"),
    AllowedDirective("table", "a Markdown table with a caption"),
    AllowedDirective("list-table", "a table written as a list"),
    AllowedDirective(
        "csv-table",
        "a table written as comma-separated rows, inside the block",
        MappingProxyType(
            {
                "file": "write the rows inside the `csv-table` block instead",
                "url": "write the rows inside the `csv-table` block instead",
                "encoding": "write the rows inside the `csv-table` block instead",
            }
        ),
    ),
    AllowedDirective("code-block", "text shown exactly as written (code)"),
    AllowedDirective("code", "text shown exactly as written (code)"),
    AllowedDirective("math", "a displayed formula"),
    AllowedDirective("grid", "cards side by side (sphinx-design)"),
    AllowedDirective("grid-item", "one cell of a grid (sphinx-design)"),
    AllowedDirective("grid-item-card", "one card of a grid (sphinx-design)"),
    AllowedDirective("card", "a card (sphinx-design)"),
    AllowedDirective("tab-set", "tabs (sphinx-design)"),
    AllowedDirective("tab-item", "one tab (sphinx-design)"),
)
"""Every directive that may be used under the hubs folder: nothing else runs."""

ALLOWED_ROLES: Mapping[str, str] = MappingProxyType(
    {
        "doc": "a link to another page",
        "ref": "a link to a heading or theme",
        "numref": "a numbered link to a table",
        "term": "a link to a glossary term",
        "download": "a file in the summary's own folder, for readers to download",
        "abbr": "an abbreviation with its meaning",
        "sub": "subscript",
        "sup": "superscript",
        "math": "a formula in a sentence",
        "code": "code in a sentence",
        "kbd": "a key to press",
        "samp": "text to type",
        "file": "a file name",
        "guilabel": "a button or menu label",
        "menuselection": "a menu path",
        "dfn": "a term being defined",
    }
)
"""Every role (``{name}`text```) that may be used under the hubs folder."""

USE_MARKDOWN = (
    "use Markdown: `**bold**`, `*italic*`, `[a link](https://…)`, lists with `- `, "
    "and tables"
)
IMAGE_INSTEAD = (
    "put the image file in the summary's folder and write "
    "`![what the image shows](figure.png)`"
)
FILE_INSTEAD = (
    "copy the file into the summary's folder and link it as "
    "``{download}`Title <file.pdf>` ``"
)
TEXT_INSTEAD = (
    "copy the text into the page itself; a file for readers goes in the summary's "
    "folder, linked as ``{download}`Title <file.pdf>` ``"
)

DIRECTIVE_INSTEAD: Mapping[str, str] = MappingProxyType(
    {
        "image": IMAGE_INSTEAD,
        "figure": IMAGE_INSTEAD + ", with the caption as a sentence below it",
        "include": TEXT_INSTEAD,
        "literalinclude": TEXT_INSTEAD + "; code goes in a ```` ``` ```` block",
        "raw": USE_MARKDOWN,
        "eval-rst": USE_MARKDOWN + " (reStructuredText is not allowed here)",
        "meta": "leave it out: the site sets every page's details itself",
    }
)
"""For refused directives authors may reach for, what to write instead."""

OTHER_DIRECTIVE = (
    "use Markdown, or one of the directives allowed under the hubs folder (listed "
    "in the author guide, “What you can write in a summary”)"
)

REFUSED: tuple[tuple[str, str], ...] = (
    ("HTML: `<div>`, `<script>`, `<iframe>`, `<img>`, `<a>` …", USE_MARKDOWN),
    (
        "an embedded video or page (`<iframe>`)",
        "a link: `[Watch the video](https://…)`",
    ),
    *(
        (f"the `{name}` directive", instead)
        for name, instead in DIRECTIVE_INSTEAD.items()
    ),
    (
        "`csv-table` with `:file:` or `:url:`",
        "write the rows inside the `csv-table` block, or use `list-table`",
    ),
    ("any other directive or role", OTHER_DIRECTIVE),
    ("a `{download}` or link to a file outside the summary's folder", FILE_INSTEAD),
    ("an image outside the summary's folder", IMAGE_INSTEAD),
    (
        "an image from another web site",
        "save it (with permission) in the summary's folder and write "
        "`![what the image shows](figure.png)`, or link to it",
    ),
    (
        "a symbolic link (shortcut) to a file or page outside the folder",
        "copy the file or page itself into the folder",
    ),
    (
        "Markdown settings in the front matter (`myst:`, `html_meta:`, "
        "`substitutions:`)",
        "leave them out: pages under the hubs folder use the site's settings",
    ),
)
"""Each thing refused under the hubs folder, and what to write instead (guide)."""


def directive_instead(name: str) -> str:
    """What to write instead of the refused directive ``name``."""
    return DIRECTIVE_INSTEAD.get(name, OTHER_DIRECTIVE)
