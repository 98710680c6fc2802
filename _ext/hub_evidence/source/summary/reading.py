"""Reading a summary's front matter at ``source-read``, before MyST sees it.

The checks themselves are :mod:`..frontmatter`'s; here they are run on the
summary's source with the line of every key, and what was read is kept with
the document for the transforms (:func:`summary_being_read`). Front matter too
broken to read is blanked out, so that MyST does not warn about it again.
"""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING

from ..config import get_config
from ..frontmatter import (
    FrontMatter,
    FrontMatterError,
    Problem,
    check_front_matter,
    parse_front_matter,
    split_front_matter,
)
from ..model import YEAR_FOLDER_PATTERN, HubSummary, SummaryPath, summary_path
from ..vocabulary import tag_slug
from ..warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..topics import TopicVocabulary

FRONT_MATTER_KEY = "evidence:front_matter"


@dc.dataclass(frozen=True)
class ReadFrontMatter:
    """What ``source-read`` learnt of a summary's front matter."""

    where: SummaryPath
    summary: HubSummary
    hub_line: int | None
    empty: bool


def summary_being_read(env: BuildEnvironment) -> ReadFrontMatter | None:
    """The front matter of the summary being read, or None if it is not one."""
    front: ReadFrontMatter | None = env.current_document.get(FRONT_MATTER_KEY)
    return front


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Check a summary's front matter and keep it for the rest of the reading."""
    where = summary_path(docname, get_config(app.env).hubs_dir)
    if where is None:
        return
    summary, hub_line, problems = _front_matter(app, where, source)
    for problem in problems:
        warn(problem.kind, problem.message, location=(docname, problem.line))
    app.env.current_document[FRONT_MATTER_KEY] = ReadFrontMatter(
        where, summary, hub_line, empty=not source[0].strip()
    )


def _front_matter(
    app: Sphinx, where: SummaryPath, source: list[str]
) -> tuple[HubSummary, int | None, list[Problem]]:
    problems: list[Problem] = []
    folder: str | None = where.year_folder
    if not YEAR_FOLDER_PATTERN.match(where.year_folder):
        problems.append(
            Problem(
                EvidenceWarning.LOCATION,
                f"The folder `{where.year_folder}` should be named after the academic "
                "year, like `2023-24`, so that the summary is "
                "`hubs/2023-24/<hub>/index.md`.",
                1,
            )
        )
        folder = None
    if tag_slug(where.slug) != where.slug:
        problems.append(
            Problem(
                EvidenceWarning.LOCATION,
                f"The hub's folder `{where.slug}` should be named in lowercase "
                f"words joined by hyphens, like `{tag_slug(where.slug) or 'north'}`"
                ": the name is part of the page's web address and links the hub's "
                "years.",
                1,
            )
        )
    if not source[0].strip():
        problems.append(
            Problem(
                EvidenceWarning.FRONT_MATTER,
                "This summary is empty. Start from the template in the author guide "
                "(front matter between `---` lines, then the sections).",
                1,
            )
        )
        return HubSummary(), None, problems
    try:
        block = split_front_matter(source[0])
        if block is None:
            problems.append(
                Problem(
                    EvidenceWarning.FRONT_MATTER,
                    "This summary has no front matter. Its first line must be `---`, "
                    "followed by the keys (`hub:`, `year:`, `region:` ...) and another "
                    "`---` line.",
                    1,
                )
            )
            return HubSummary(), None, problems
        front = parse_front_matter(block)
    except FrontMatterError as error:
        _hide_from_myst(source, error.unreadable_lines)
        return HubSummary(), None, [*problems, error.problem]
    config = get_config(app.env)
    summary, checked = check_front_matter(front, config.vocabularies, folder)
    summary, unknown = _topic_tags(summary, front, config.topic_vocabulary)
    return summary, front.key_lines.get("hub"), problems + checked + unknown


def _topic_tags(
    summary: HubSummary, front: FrontMatter, topics: TopicVocabulary | None
) -> tuple[HubSummary, list[Problem]]:
    """The summary's tags as topics, if the site has a topics file, and a
    problem, on its line, for each tag that is not a current topic."""
    if topics is None or not summary.tags:
        return summary, []
    written = front.data.get("tags")
    item_lines = front.item_lines.get("tags", [])
    lines: dict[str, int] = {}
    if isinstance(written, list):
        for item, line in zip(written, item_lines, strict=False):
            lines.setdefault(tag_slug(str(item)), line)
    kept: list[str] = []
    problems: list[Problem] = []
    for tag in summary.tags:
        checked = topics.check_tag(tag, "`tags`")
        if checked.problem is not None:
            kind, message = checked.problem
            at = lines.get(tag, front.key_lines.get("tags"))
            problems.append(Problem(kind, message, at))
        kept.append(checked.key)
    return dc.replace(summary, tags=tuple(dict.fromkeys(kept))), problems


def _hide_from_myst(source: list[str], lines: int) -> None:
    """Blank out front matter we could not read, so MyST does not warn again.

    The lines are emptied, not removed, so every line number stays the same.
    """
    rest = source[0].split("\n")[lines:]
    source[0] = "\n".join([""] * lines + rest)
