"""``evidence new``: a new summary, laid out as the template, for its author to fill.

The front matter has every key of :class:`~.model.HubSummary`, in its order,
each under a comment line saying what to write (from the model's help text and
the site's vocabularies), so no decision (sharing, anonymised use, contact, ...)
is left for the author to discover. The template's guidance (the six context
prompts, the pairing of themes with implications) is written as MyST comments
(``%`` lines), which never appear on the page. Until the author writes each
section, the checks say which ones are still empty.

A summary is listed on the site through its year's page
(``hubs/<year>/index.md``); :func:`create_year_page` writes it for a year
that has none, for ``evidence new`` and ``evidence import-docx`` alike.
"""

from __future__ import annotations

import dataclasses as dc
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .config import EvidenceConfig
from .model import FRONT_MATTER_FIELDS, YEAR_PATTERN, year_folder
from .placeholders import FINDING_PLACEHOLDER, THEME_TITLE_PLACEHOLDER
from .vocabulary import tag_slug

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

CONTEXT_PROMPTS = (
    "Brief overview of hub region and current activity/capacity in areas of focus",
    "How does the area of focus relate to a national priority?",
    "Why is the focus important and interesting to the hub?",
    "The teacher/school profile",
    "Engagement with the Maths Hub (historical)",
    "Events to be aware of during the period of data collection",
)
"""The template's "To include:" prompts for the context."""

IMPLICATION_PROMPT = "What the hub might do about it."
"""The comment in the new summary's implication."""
CONCLUSION_PROMPT = "What the evaluation concludes."
"""The comment in the new summary's conclusion."""

STARTING_VALUES: dict[str, tuple[str, str]] = {
    "status": ("draft", "Leave it as draft until the hub has agreed the summary."),
    "sharing": ("hub", "Agree it with the hub; hub is the safe choice until then."),
    "anonymised_use": ("false", "Write true only once the hub agrees."),
    "illustrative": (
        "false",
        "Write false for a real summary (true only for an invented example).",
    ),
}
"""The value a new summary starts with for the keys where a wrong guess would
share too much, and what the author should decide (keys of ``HubSummary``)."""

YEAR_PAGE_NOTE = (
    "Created the year page {path}: it lists {year}'s summaries on the site."
)
"""What the commands say when they write a year page."""


_PLAIN = re.compile(r"[A-Za-z0-9][^:#\[\]{},\"\n]*(?<!\s)")
"""Text YAML reads back as written, in a key's value or a ``[list]``'s item."""


class ScaffoldError(Exception):
    """The summary cannot be created; the message says why."""


@dc.dataclass(frozen=True)
class NewSummary:
    """What the author tells ``evidence new``."""

    hub: str
    year: str
    region: str = ""
    goal: str = ""
    evaluators: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The hub's folder: ``Northshire Maths Hub`` -> ``northshire``."""
        # "Maths Hub" alone (the template's label) leaves no name: refused.
        return tag_slug(re.sub(r"(?i)(?:^|\s)maths\s+hub\s*$", "", self.hub))


def _choices(vocabulary: Vocabulary, several: bool) -> str:
    keys = list(vocabulary.terms)
    listed = ", ".join(keys[:-1]) + f" or {keys[-1]}" if len(keys) > 1 else keys[0]
    if several:
        return f"Write one or more of: {listed} (several as a list: [a, b])."
    return f"Write one of: {listed}."


def _what_to_write(field: dc.Field[Any], vocabularies: Mapping[str, Vocabulary]) -> str:
    """The comment line above a front-matter key: its meaning, then what to write."""
    meta = field.metadata
    vocabulary = vocabularies.get(meta["vocabulary"] or "")
    words = [meta["help"]]
    if not meta["required"] and field.name not in STARTING_VALUES:
        words.append("Optional: leave it empty if there is none.")
    if vocabulary is not None:
        words.append(_choices(vocabulary, several=meta["kind"] == "terms"))
    elif meta["kind"] != "flag":
        words.append(f"For example: {meta['example']}")
    if field.name in STARTING_VALUES:
        words.append(STARTING_VALUES[field.name][1])
    elif meta["kind"] == "flag":
        words.append("Write true or false.")
    return "# " + " ".join(words)


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: as written if YAML reads it back so, else quoted."""
    if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML too


def _given_values(new: NewSummary) -> dict[str, str]:
    """The front-matter values the author gave on the command line, as YAML."""
    evaluators = ", ".join(yaml_text(name.strip()) for name in new.evaluators)
    given = {"hub": new.hub, "region": new.region, "strategic_goal": new.goal}
    return {
        **{key: yaml_text(text.strip()) for key, text in given.items() if text.strip()},
        "year": new.year,
        "evaluators": f"[{evaluators}]" if evaluators else "",
    }


def front_matter_text(
    values: Mapping[str, str], vocabularies: Mapping[str, Vocabulary] | None = None
) -> str:
    """The front matter: every key of the model, each under what to write.

    ``values`` holds the YAML written after each key's colon (text starting
    with a space or a new line is written as it is, e.g. a list's lines);
    a key without one gets its starting value, or none.
    """
    vocabularies = vocabularies or EvidenceConfig().vocabularies
    lines = ["---"]
    for name, field in FRONT_MATTER_FIELDS.items():
        value = values.get(name) or STARTING_VALUES.get(name, ("", ""))[0]
        joint = "" if not value or value[0].isspace() else " "
        lines += [_what_to_write(field, vocabularies), f"{name}:{joint}{value}"]
    return "\n".join([*lines, "---"])


def summary_text(
    new: NewSummary, vocabularies: Mapping[str, Vocabulary] | None = None
) -> str:
    """The new summary's MyST text."""
    prompts = "\n".join(f"% - {prompt}" for prompt in CONTEXT_PROMPTS)
    return f"""{front_matter_text(_given_values(new), vocabularies)}

# {new.hub}

:::{{context}}
% Replace these comment lines (starting with %) with the context. To include:
{prompts}
:::

:::{{activity}}
:methods:
% What was done, when, and how the data were collected. List the methods on the
% line above (their names are in the author guide), e.g. interviews, survey.
:::

:::::{{themes}}
% One theme per finding or process theme, each with its possible implication.
% Copy the whole theme block (from ::::{{theme}} to ::::) for each further theme.

::::{{theme}} {THEME_TITLE_PLACEHOLDER}
:kind: finding
:tags:
% {FINDING_PLACEHOLDER}

:::{{implication}}
% {IMPLICATION_PROMPT}
:::
::::
:::::

:::{{conclusion}}
% {CONCLUSION_PROMPT}
:::

:::{{appendices}}
% Links to other outputs, e.g. {{download}}`Case study (PDF) <case-study.pdf>`,
% with the files saved in this folder. Delete this section if there are none.
:::
"""


def year_page_text(year: str) -> str:
    """A year's page: its title, the catalogue of its summaries, their toctree.

    The hidden toctree is what lists the year's summaries in the site's
    navigation (the Summaries page lists the year pages); without it, Sphinx
    would not reach them.
    """
    return f"""# Summaries {year}

The Evaluator in Residence summaries for {year}, one for each hub.

```{{hub-catalogue}}
:year: {year}
```

```{{toctree}}
:glob:
:hidden:

*/index
```
"""


def check_year(year: str) -> None:
    """Refuse a year not written like ``2024/25``."""
    if not YEAR_PATTERN.match(year):
        raise ScaffoldError(f"Write the year like 2024/25, not `{year}`.")


def hubs_folder(project: Path, hubs_dir: str) -> Path:
    """The folder of summaries, refused if it is not inside the site's folder."""
    folder = project / hubs_dir
    if not folder.resolve().is_relative_to(project.resolve()) or not hubs_dir.strip(
        "/."
    ):
        raise ScaffoldError(
            f"The summaries' folder `{hubs_dir}` is not a folder inside the site "
            f"({project}): give one like --hubs-dir hubs."
        )
    return folder


def year_page_path(project: Path, hubs_dir: str, year: str) -> Path:
    """Where the year's page is: ``hubs/2024-25/index.md``."""
    return hubs_folder(project, hubs_dir) / year_folder(year) / "index.md"


def create_year_page(project: Path, hubs_dir: str, year: str) -> Path | None:
    """Write the year's page if it has none; its path, or None if it had one."""
    check_year(year)
    path = year_page_path(project, hubs_dir, year)
    if path.exists() or path.is_symlink():
        return None
    write_new_file(path, year_page_text(year))
    return path


def write_new_file(path: Path, content: str | bytes) -> None:
    """Write a file that must not exist yet (refused, naming it, if it does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with path.open("xb") as file:
            file.write(data)
    except FileExistsError:
        raise ScaffoldError(
            f"{path} already exists: nothing was written over it."
        ) from None


def new_summary_path(new: NewSummary, project: Path, hubs_dir: str = "hubs") -> Path:
    """Where the new summary goes, refused if it already exists."""
    if not new.hub.strip() or not new.slug:
        raise ScaffoldError("Give the hub's name, like --hub 'Northshire Maths Hub'.")
    check_year(new.year)
    folder = hubs_folder(project, hubs_dir) / year_folder(new.year) / new.slug
    path = folder / "index.md"
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{path} already exists: edit it instead.")
    if not folder.resolve().is_relative_to(hubs_folder(project, hubs_dir).resolve()):
        raise ScaffoldError(
            f"{folder} leads outside the summaries' folder (a link): nothing was "
            "written."
        )
    return path


def create_summary(
    new: NewSummary,
    project: Path,
    hubs_dir: str = "hubs",
    vocabularies: Mapping[str, Vocabulary] | None = None,
) -> tuple[Path, Path | None]:
    """Write the new summary's ``index.md``, and its year's page if it has none.

    Returns the summary's path and the year page's (None if it existed).
    Nothing is written if the summary already exists.
    """
    path = new_summary_path(new, project, hubs_dir)
    year_page = create_year_page(project, hubs_dir, new.year)
    write_new_file(path, summary_text(new, vocabularies))
    return path, year_page
