"""The evidence base as data: ``evidence.json``, ``themes.csv``, anonymised exports.

Written by the HTML builds (at ``build-finished``) and by ``evidence export``,
from the same records as the pages, so they hold exactly the summaries of the
build's audience:

- ``evidence.json``: every summary and theme, versioned, described by
  ``evidence.schema.json``, which is generated from the model
  (:class:`~.model.HubSummary`) that validates the front matter;
- ``themes.csv``: one row per theme, with whether its hub permits wider use;
- ``anonymised/<goal>.json`` and ``.csv``: per strategic goal, the themes of
  the summaries that allow ``anonymised_use``, with nothing that identifies the
  hub, in an order that does not follow the hubs (``anonymised.schema.json``);
  a theme whose words name a person, school, place, region or hub is left out
  (:func:`~.reidentify.anonymisable_themes`).
"""

from __future__ import annotations

import csv
import dataclasses as dc
import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.dummy import DummyBuilder

from ..domain.reidentify import anonymisable_themes
from ..domain.store import documents_changed, get_domain
from ..source.config import get_config
from ..source.facets import FACETS, in_order
from ..source.model import FRONT_MATTER_FIELDS, YEAR_PATTERN, HubSummary
from ..source.vocabulary import TAG_PATTERN
from .unfinished import earlier_build_unfinished

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..source.config import EvidenceConfig
    from ..source.model import SummaryRecord, Theme

FORMAT_VERSION = 1
EVIDENCE = "evidence.json"
EVIDENCE_SCHEMA = "evidence.schema.json"
THEMES_CSV = "themes.csv"
ANONYMISED_DIR = "anonymised"
ANONYMISED_SCHEMA = "anonymised.schema.json"
GOAL = FACETS["strategic-goal"]
"""The facet the anonymised exports are made per value of."""
GOAL_KEY = GOAL.key or GOAL.name
"""Its front-matter key, which the anonymised exports name it by."""
KINDS, METHODS = FACETS["kind"].vocabulary or "", FACETS["method"].vocabulary or ""
ROW_FACETS = tuple(FACETS[name] for name in ("hub", "year", "region", "strategic-goal"))
"""The summary's facets each row of ``themes.csv`` repeats, under their keys."""
THEMES_COLUMNS = (
    *(facet.key or facet.name for facet in ROW_FACETS),
    "title",
    "kind",
    "tags",
    "finding",
    "implication",
    "url",
    "tag_labels",
    "tag_groups",
    "wider_use",
)
"""The columns of ``themes.csv``; ``wider_use`` is ``true`` only where the hub
permits wider use (not given is not permitted: ``false``)."""
ANONYMISED_COLUMNS = (
    "id",
    GOAL_KEY,
    "year",
    "title",
    "kind",
    "tags",
    "finding",
    "implication",
    "tag_labels",
    "tag_groups",
)
"""What an anonymised theme keeps. Not the hub, its folder, region, evaluators,
case, contact or page: a region or a case can name the hub as surely as its name."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would run as a formula starts (OWASP CSV injection)."""


# -- the schemas ---------------------------------------------------------------


def _keys(config: EvidenceConfig, vocabulary: str) -> list[str]:
    """The keys a site's vocabulary allows (its ``conf.py``'s), as an ``enum``."""
    return sorted(config.vocabularies[vocabulary].terms)


def goal_keys(config: EvidenceConfig) -> list[str]:
    """The site's strategic goals: one anonymised export each."""
    return list(config.vocabularies[GOAL.vocabulary or GOAL.name].terms)


def _field_schema(field: dc.Field[Any], config: EvidenceConfig) -> dict[str, Any]:
    kind = field.metadata["kind"]
    vocabulary = field.metadata["vocabulary"]
    keys = _keys(config, vocabulary) if vocabulary else None
    schemas: dict[str, dict[str, Any]] = {
        "text": {"type": "string"},
        "year": {"type": "string", "pattern": YEAR_PATTERN.pattern},
        "texts": {"type": "array", "items": {"type": "string"}},
        "terms": {"type": "array", "items": {"enum": keys}},
        "tags": _tags_schema(),
        "term": {"enum": keys},
        "flag": {"type": ["boolean", "null"]},
    }
    schema = schemas[kind]
    return {"description": field.metadata["help"], **schema}


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _tags_schema() -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "pattern": TAG_PATTERN.pattern},
    }


TAG_LABELS = {
    "type": "array",
    "items": {"type": "string"},
    "description": "The label of each tag, in the order of `tags`: its topic's "
    "label if the site has a topics file, else the tag itself.",
}
TAG_GROUPS = {
    "type": "array",
    "items": {"type": "string"},
    "description": "The group (broader topic) of each tag, in the order of "
    "`tags`; empty where the site has no topics file or the tag is not a topic.",
}


def topic_columns(tags: tuple[str, ...], config: EvidenceConfig) -> dict[str, Any]:
    """The labels and groups of some tags (columns after ``tags``)."""
    facet = FACETS["tags"]
    return {
        "tag_labels": [facet.label(tag, config) for tag in tags],
        "tag_groups": [facet.group(tag, config) for tag in tags],
    }


def evidence_schema(config: EvidenceConfig) -> dict[str, Any]:
    """The JSON Schema of ``evidence.json``, from the front-matter model."""
    kinds = _keys(config, KINDS)
    theme = _object(
        {
            "anchor": {"type": "string"},
            "url": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"enum": kinds},
            "tags": _tags_schema(),
            "finding": {"type": "string"},
            "implication": {"type": "string"},
            "tag_labels": TAG_LABELS,
            "tag_groups": TAG_GROUPS,
        },
        "One row of the themes table.",
    )
    summary = _object(
        {
            "slug": {"type": "string", "description": "The hub's folder name."},
            "url": {"type": "string", "description": "The page, from the site root."},
            "title": {"type": "string"},
            **{
                name: _field_schema(field, config)
                for name, field in FRONT_MATTER_FIELDS.items()
            },
            "methods": {"type": "array", "items": {"enum": _keys(config, METHODS)}},
            "tag_labels": TAG_LABELS,
            "tag_groups": TAG_GROUPS,
            "themes": {"type": "array", "items": theme},
        },
        "One hub's evaluation summary for one year.",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EVIDENCE_SCHEMA,
        "title": "Maths Hubs evidence base",
        **_object(
            {
                "format_version": {"const": FORMAT_VERSION},
                "audience": {"enum": ["network", "public", "preview"]},
                "summaries": {"type": "array", "items": summary},
            },
            "Every summary of one build of the site, and its themes.",
        ),
    }


def anonymised_schema(config: EvidenceConfig) -> dict[str, Any]:
    """The JSON Schema of each ``anonymised/<goal>.json``."""
    theme = _object(
        {
            "id": {"type": "string", "pattern": "^[0-9a-f]{12}$"},
            GOAL_KEY: {"enum": sorted(goal_keys(config))},
            "year": {"type": "string", "pattern": YEAR_PATTERN.pattern},
            "title": {"type": "string"},
            "kind": {"enum": _keys(config, KINDS)},
            "tags": _tags_schema(),
            "finding": {"type": "string"},
            "implication": {"type": "string"},
            "tag_labels": TAG_LABELS,
            "tag_groups": TAG_GROUPS,
        },
        "A theme, with nothing that identifies its hub.",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ANONYMISED_SCHEMA,
        "title": "Anonymised themes for one strategic goal",
        **_object(
            {
                "format_version": {"const": FORMAT_VERSION},
                GOAL_KEY: {"enum": sorted(goal_keys(config))},
                "themes": {"type": "array", "items": theme},
            },
            "The themes whose hubs allow anonymised use in strategic-goal evaluation.",
        ),
    }


# -- the data ------------------------------------------------------------------


def _listed(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _summary(
    record: SummaryRecord, builder: Builder, config: EvidenceConfig
) -> dict[str, Any]:
    url = builder.get_target_uri(record.docname)
    front: HubSummary = record.front_matter
    return {
        "slug": record.slug,
        "url": url,
        "title": record.title,
        **{name: _listed(getattr(front, name)) for name in FRONT_MATTER_FIELDS},
        "methods": list(record.methods),
        **topic_columns(front.tags, config),
        "themes": [
            {
                "anchor": theme.anchor,
                "url": f"{url}#{theme.anchor}",
                "title": theme.title,
                "kind": theme.kind,
                "tags": list(theme.tags),
                "finding": theme.finding,
                "implication": theme.implication,
                **topic_columns(theme.tags, config),
            }
            for theme in record.themes
        ],
    }


def anonymised_theme(
    goal: str, year: str, theme: Theme, config: EvidenceConfig
) -> dict[str, Any]:
    """One theme as the anonymised export holds it."""
    text = "\n".join((theme.title, theme.finding, theme.implication))
    return {
        "id": hashlib.sha256(text.encode()).hexdigest()[:12],
        GOAL_KEY: goal,
        "year": year,
        "title": theme.title,
        "kind": theme.kind,
        "tags": list(theme.tags),
        "finding": theme.finding,
        "implication": theme.implication,
        **topic_columns(theme.tags, config),
    }


def goal_themes(
    records: list[SummaryRecord],
    anonymisable: dict[str, tuple[Theme, ...]],
    goal: str,
    config: EvidenceConfig,
) -> list[tuple[str, dict[str, Any]]]:
    """The anonymised themes of ``goal``, in the export's order, each with its
    summary's docname: for counting summaries, never for writing out.

    :param anonymisable: :func:`~.reidentify.anonymisable_themes` of ``records``.
    """
    return sorted(
        (
            (
                record.docname,
                anonymised_theme(goal, record.front_matter.year, theme, config),
            )
            for record in records
            if goal in GOAL.summary_values(record)
            for theme in anonymisable.get(record.docname, ())
        ),
        # An order of the text itself, which says nothing of the hubs.
        key=lambda pair: (pair[1]["year"], pair[1]["id"]),
    )


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula starts with '."""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def export_files(builder: Builder) -> dict[str, str]:
    """Every export file's path (relative to the output folder) and text."""
    env = builder.env
    config = get_config(env)
    records = in_order(get_domain(env).summaries.values())
    summaries = [_summary(record, builder, config) for record in records]
    row_keys = THEMES_COLUMNS[: len(ROW_FACETS)]
    theme_rows = [
        {
            **{key: summary[key] for key in row_keys},
            **theme,
            "wider_use": "true" if summary["wider_use"] else "false",
        }
        for summary in summaries
        for theme in summary["themes"]
    ]
    files = {
        EVIDENCE: _json(
            {
                "format_version": FORMAT_VERSION,
                "audience": config.audience,
                "summaries": summaries,
            }
        ),
        EVIDENCE_SCHEMA: _json(evidence_schema(config)),
        THEMES_CSV: csv_text(theme_rows, THEMES_COLUMNS),
        f"{ANONYMISED_DIR}/{ANONYMISED_SCHEMA}": _json(anonymised_schema(config)),
    }
    anonymisable = anonymisable_themes(records, config)
    for goal in goal_keys(config):
        themes = [row for _, row in goal_themes(records, anonymisable, goal, config)]
        data = {
            "format_version": FORMAT_VERSION,
            GOAL_KEY: goal,
            "themes": themes,
        }
        files[f"{ANONYMISED_DIR}/{goal}.json"] = _json(data)
        files[f"{ANONYMISED_DIR}/{goal}.csv"] = csv_text(themes, ANONYMISED_COLUMNS)
    return files


def export_names(config: EvidenceConfig) -> list[str]:
    """The name of every export file, as :func:`export_files` writes them."""
    goals = goal_keys(config)
    return [
        EVIDENCE,
        EVIDENCE_SCHEMA,
        THEMES_CSV,
        f"{ANONYMISED_DIR}/{ANONYMISED_SCHEMA}",
        *(
            f"{ANONYMISED_DIR}/{goal}.{kind}"
            for goal in goals
            for kind in ("json", "csv")
        ),
    ]


def write_exports(builder: Builder, outdir: Path) -> list[Path]:
    """Write the export files into ``outdir`` (only those whose text changed)."""
    written = []
    for name, text in export_files(builder).items():
        path = outdir / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_site_exports(app: Sphinx, exception: Exception | None) -> None:
    """At the end of an HTML build: the exports, beside the pages.

    Skipped when no document was read or removed and they are already there,
    as the last build, which finished, wrote them. After a build that stopped,
    each file is compared with what it should hold (it may be cut off).
    """
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if (
        documents_changed(app.env)
        or earlier_build_unfinished(app)
        or not (outdir / EVIDENCE).is_file()
    ):
        write_exports(app.builder, outdir)


class ExportBuilder(DummyBuilder):
    """Reads the site and writes only the exports (``evidence export``)."""

    name = "evidence-export"
    epilog = "The exports are in %(outdir)s."

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        """The page's address in the HTML site, so the exports' links match it."""
        return f"{docname}.html"

    def finish(self) -> None:
        """Write the exports into the output folder."""
        write_exports(self, Path(self.outdir))
