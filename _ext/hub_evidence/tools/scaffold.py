"""``evidence new``: a new summary, laid out as the template, for its author to fill.

The new summary is a :class:`~.summary_file.SummaryDocument` holding only what
the author gave on the command line, written for an author
(:func:`~.summary_file.summary_markdown`): the front matter has every key of
:class:`~.model.HubSummary`, in its order, each under a comment line saying
what to write, so no decision (sharing, anonymised use, contact, ...) is left
for the author to discover, and the template's guidance (the six context
prompts, the pairing of themes with implications) is written as MyST comments
(``%`` lines), which never appear on the page. Until the author writes each
section, the checks say which ones are still empty.

A summary is listed on the site through its year's page
(``hubs/<year>/index.md``); :func:`create_year_page` writes it for a year
that has none, for ``evidence new`` and ``evidence import-docx`` alike.
"""

from __future__ import annotations

import dataclasses as dc
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..source.model import YEAR_PATTERN, HubSummary, year_folder
from ..source.summary_text import SummaryDocument
from ..source.vocabulary import tag_slug
from .summary_file import summary_markdown

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..source.vocabulary import Vocabulary

YEAR_PAGE_NOTE = (
    "Created the year page {path}: it lists {year}'s summaries on the site."
)
"""What the commands say when they write a year page."""


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


def new_document(new: NewSummary) -> SummaryDocument:
    """The new summary: what the author gave; every other part still to write."""
    return SummaryDocument(
        HubSummary(
            hub=new.hub.strip(),
            year=new.year,
            region=_given(new.region),
            strategic_goal=_given(new.goal),
            evaluators=tuple(name.strip() for name in new.evaluators),
        )
    )


def _given(text: str) -> tuple[str, ...]:
    """An option's text as the model's list: nothing, or the one value given."""
    return (text.strip(),) if text.strip() else ()


def summary_text(
    new: NewSummary, vocabularies: Mapping[str, Vocabulary] | None = None
) -> str:
    """The new summary's MyST text, with what to write in each part."""
    return summary_markdown(new_document(new), vocabularies)


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


def create_page_of_listed_year(project: Path, hubs_dir: str, year: str) -> Path:
    """Write the page of a year that has summaries but no page (``new --year``).

    A year without summaries gets its page with its first summary instead:
    its list (``*/index``) would match no page, which Sphinx reports as a
    problem, so the site would no longer pass its checks.
    """
    check_year(year)
    path = year_page_path(project, hubs_dir, year)
    if path.exists() or path.is_symlink():
        raise ScaffoldError(
            f"{path.relative_to(project)} already exists. To start a summary, give "
            "the hub's name too, like --hub 'Northshire Maths Hub'."
        )
    if not any(path.parent.glob("*/index.md")):
        raise ScaffoldError(
            f"{year} has no summaries yet, so its year page would list nothing (and "
            "the checks would fail): it is made with the year's first summary. "
            f"Start one with: evidence new --hub 'Northshire Maths Hub' --year {year} "
            "(with the hub's name), or evidence import-docx FILE --year "
            f"{year}. Nothing was written."
        )
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
