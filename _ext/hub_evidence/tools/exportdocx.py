"""``evidence export-docx``: summaries as Word documents in the programme's template.

For a hub to read and edit in Word, then give back with ``evidence
import-docx``: each document carries its summary's record, so an unedited
document imports as the same summary (:mod:`..source.word`). Read from the
summaries' files alone, without Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..source.model import YEAR_FOLDER_PATTERN, year_folder
from ..source.summary_text import SummaryTextError, read_summary_text
from ..source.word.writer import word_document

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ..source.vocabulary import Vocabulary


class ExportError(Exception):
    """A summary cannot be exported; the message says why."""


def summary_files(paths: Iterable[Path]) -> list[Path]:
    """The summaries named: ``index.md`` files, and those in the folders given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += [
                index
                for index in sorted(path.rglob("index.md"))
                if YEAR_FOLDER_PATTERN.match(index.parent.parent.name)
            ]
        else:
            found.append(path)
    return found


def document_name(slug: str, year: str) -> str:
    """The Word file's name: ``northshire-2023-24.docx``."""
    return f"{slug}-{year_folder(year)}.docx"


def export_summary(
    index: Path, to: Path, vocabularies: Mapping[str, Vocabulary]
) -> Path:
    """Write the summary in ``index`` as a Word document in ``to``; its path."""
    try:
        document = read_summary_text(index.read_text(encoding="utf-8"), vocabularies)
    except (OSError, UnicodeDecodeError, SummaryTextError) as error:
        raise ExportError(f"{index} could not be read as a summary: {error}") from None
    year = document.front_matter.year
    if not document.front_matter.hub or not year:
        raise ExportError(
            f"{index} has no `hub:` or `year:` in its front matter: write them, "
            "then export it again."
        )
    target = to / document_name(index.parent.name, year)
    goals = dict(vocabularies["strategic_goals"].terms)
    to.mkdir(parents=True, exist_ok=True)
    target.write_bytes(word_document(document, goals))
    return target
