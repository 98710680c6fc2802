"""Every problem an author can cause, and the one way to report it.

Each member's value is the warning subtype (``evidence.<value>``), and its
``help`` is the sentence shown in the author guide's table of warnings.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from typing import TypeAlias

    from docutils import nodes

    Location: TypeAlias = nodes.Node | tuple[str | None, int | None] | str

WARNING_TYPE = "evidence"

logger = logging.getLogger(__name__)


class EvidenceWarning(Enum):
    """The subtypes of ``evidence`` warnings, each with a sentence for authors."""

    CONFIG = ("config", "A setting in `conf.py` is not valid; its default is used.")
    ENCODING = (
        "encoding",
        "The file is not saved as UTF-8 text, so some characters could not be read.",
    )
    FRONT_MATTER = (
        "front_matter",
        "The summary has no front matter, or it is not valid YAML between two "
        "`---` lines.",
    )
    DUPLICATE_KEY = ("duplicate_key", "A front-matter key is given twice.")
    MISSING_KEY = ("missing_key", "A required front-matter key is missing.")
    UNKNOWN_KEY = ("unknown_key", "A front-matter key is not one the site knows.")
    WRONG_TYPE = (
        "wrong_type",
        "A front-matter value has the wrong shape (text, list, or true/false).",
    )
    VOCABULARY = (
        "vocabulary",
        "A value is not in its controlled list (regions, strategic goals, methods, "
        "...).",
    )
    YEAR = (
        "year",
        "The year is not written like `2023/24`, or does not match the folder "
        "the summary is in.",
    )
    TAG = ("tag", "A tag is not written as lowercase words joined by hyphens.")
    DUPLICATE_HUB = (
        "duplicate_hub",
        "Two summaries for the same hub in the same year.",
    )
    LOCATION = (
        "location",
        "A summary is not in a `hubs/<year>/<hub>/index.md` folder, or a folder's "
        "name is not written as the site needs.",
    )
    NOT_LISTED = (
        "not_listed",
        "A summary is not listed on the site, because its year has no year page "
        "(`hubs/<year>/index.md`) or that page does not list the year's summaries.",
    )
    TITLE = ("title", "The summary has no `# Title` heading.")
    MISSING_SECTION = (
        "missing_section",
        "A required section (context, activity, themes or conclusion) is missing.",
    )
    DUPLICATE_SECTION = ("duplicate_section", "A section is given twice.")
    EMPTY_SECTION = ("empty_section", "A section or implication has no text.")
    SECTION_ORDER = (
        "section_order",
        "The sections are not in the template's order.",
    )
    MISPLACED = (
        "misplaced",
        "A directive is used where it does not belong, such as a `theme` outside "
        "`themes` or an `implication` outside a `theme`.",
    )
    NOT_CLOSED = (
        "not_closed",
        "A section, theme or implication has no closing line of colons (or one "
        "with too few), so it swallows the sections or themes after it.",
    )
    FENCE = (
        "fence",
        "The colons of a block's lines do not nest: a `theme` opens with as many "
        "colons as the `themes` around it (or an `implication` as its `theme`), or "
        "a line of colons closes nothing.",
    )
    NO_THEMES = ("no_themes", "The `themes` section has no `theme` in it.")
    NO_IMPLICATION = ("no_implication", "A theme has no `implication`.")
    NO_FINDING = (
        "no_finding",
        "A theme has no finding: no text of its own, only an implication or nothing.",
    )
    THEME_TITLE = ("theme_title", "A theme has no title, or two themes share one.")
    PLACEHOLDER = (
        "placeholder",
        "A theme's title or finding is still the template's placeholder text.",
    )
    UNKNOWN_OPTION = ("unknown_option", "A directive option is not one the site knows.")
    OPTION_VALUE = (
        "option_value",
        "A directive option has a value that is not allowed, or none.",
    )
    AUDIENCE = (
        "audience",
        "A summary's `status` or `sharing` cannot be read, so it is left out of "
        "published builds.",
    )
    EXCLUDED_LINK = (
        "excluded_link",
        "A link to a summary that is not in this build's audience; it is shown as out.",
    )
    REIDENTIFYING = (
        "reidentifying",
        "A theme of a summary with `anonymised_use: true` names a person, a school, "
        "a place, a region, its hub or another hub, so it is left out of anonymised "
        "outputs.",
    )
    SEARCH = (
        "search",
        "The evidence search index could not be written (Pagefind is missing or "
        "failed); the message says what to install.",
    )
    STRAY_CONTENT = (
        "stray_content",
        "Text inside `themes` that is not inside a `theme`.",
    )
    HTML = (
        "html",
        "A page under `hubs/` contains HTML (such as `<div>`, `<script>` or "
        "`<iframe>`), which could run in readers' browsers; it is left out. Use "
        "Markdown instead.",
    )
    DIRECTIVE = (
        "directive",
        "A page under `hubs/` uses a directive that is not allowed there (such as "
        "`include`, `image` or `raw`), or an option that reads a file; the block is "
        "left out, and nothing in it is read.",
    )
    ROLE = (
        "role",
        "A page under `hubs/` uses a role (`` {name}`…` ``) that is not allowed "
        "there; it is left out.",
    )
    OUTSIDE_FILE = (
        "outside_file",
        "A link, download, image or page reaches a file outside the summary's own "
        "folder (with `../` or through a symbolic link); nothing of it is used.",
    )
    REMOTE_FILE = (
        "remote_file",
        "An image is not a file in the summary's folder but on another web site, "
        "which every reader's browser would fetch; it is left out.",
    )
    SCRIPT_LINK = (
        "script_link",
        "A link's address is not a web address or a page of the site, and could "
        "run code in the reader's browser (such as `javascript:`); the link is left "
        "out.",
    )
    NOT_MARKDOWN = (
        "not_markdown",
        "A page under `hubs/` is not a Markdown (`.md`) file, such as a `.rst` "
        "page; it is left out.",
    )
    PAGE_SETTINGS = (
        "page_settings",
        "A page under `hubs/` changes how it is read in its front matter (`myst:`, "
        "`html_meta:` or `substitutions:`); this is ignored.",
    )

    TAG_UNKNOWN = (
        "tag_unknown",
        "A tag is not a topic of the site's topics file (`hubs/topics.yaml`); the "
        "message names the topic it probably means.",
    )
    TAG_SYNONYM = (
        "tag_synonym",
        "A tag is another name (a label or synonym) of a topic; write the topic's "
        "key instead.",
    )
    TAG_RETIRED = (
        "tag_retired",
        "A tag is a retired topic; the message names the topic that replaces it. A "
        "site may publish old summaries anyway with `suppress_warnings = "
        '["evidence.tag_retired"]` in `conf.py`.',
    )
    TOPICS_FILE = (
        "topics_file",
        "The topics file (`hubs/topics.yaml`) has a mistake: not valid YAML, a "
        "missing field, a key given twice, an unknown group or a replacement that "
        "does not exist or is retired.",
    )

    @property
    def subtype(self) -> str:
        """The ``<subtype>`` in ``evidence.<subtype>``."""
        return str(self.value[0])

    @property
    def help(self) -> str:
        """One sentence for the author guide."""
        return str(self.value[1])


def warn(kind: EvidenceWarning, message: str, *, location: Location) -> None:
    """Report an author's mistake as ``evidence.<subtype>`` at ``location``.

    ``location`` is mandatory: every message must tell the author where to look.
    """
    logger.warning(message, type=WARNING_TYPE, subtype=kind.subtype, location=location)
