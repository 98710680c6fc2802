"""Browse pages: one per strategic goal, region, year, tag and method, one
timeline per hub, and an index of each facet, generated as real documents.

The pages are MyST files in ``evidence_browse_dir`` (ignored by git) whose text
depends only on *which* values exist, never on the summaries' contents: their
views are filled in when they are written. A file is written only when its
text changes, so rebuilds and the live preview do not loop.

Which tags, years and hubs exist is known only once the summaries are read,
so pages are brought up to date twice: at ``builder-inited`` from what the
last build knew (new and changed pages only, so the normal reading picks them
up), and at ``env-updated`` from the new records, where any page that is new
or changed is read there and then, and any page no longer wanted is removed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .audience import admits
from .config import get_config
from .domain import get_domain
from .facets import FACETS, Facet, in_order
from .vocabulary import tag_slug
from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .config import EvidenceConfig
    from .model import SummaryRecord

MARKER = "generated: by hub_evidence from the summaries; do not edit"
"""The front-matter line that marks a file as ours (only ours are ever deleted)."""
BROWSE_FACETS = [facet for facet in FACETS.values() if facet.browse]
INTROS = {
    "strategic-goal": "Summaries and themes from hubs working on the strategic goal "
    "“{label}”.",
    "region": "Summaries and themes from hubs in the {label} region.",
    "year": "Summaries and themes from the {label} academic year.",
    "method": "Summaries whose evidence was collected by {lower}.",
    "tags": "Summaries and themes tagged “{label}”.",
}
FACET_INTROS = {
    "strategic-goal": "The evidence for each of the Maths Hubs strategic goals.",
    "region": "The evidence from the hubs in each English region.",
    "year": "The evidence from each academic year.",
    "method": "The evidence gathered by each data-collection method.",
    "tags": "The evidence on each topic.",
}
# How a value's page lists its themes: a tag's page (usually short) in full;
# the others by title only, grouped, each a link to the theme in its summary;
# a method's page not at all (a method is the summary's, not its themes').
THEMES: dict[str, dict[str, str] | None] = {
    "strategic-goal": {"group-by": "year", "titles-only": ""},
    "region": {"group-by": "strategic-goal", "titles-only": ""},
    "year": {"group-by": "strategic-goal", "titles-only": ""},
    "method": None,
    "tags": {},
}


def _escape(text: str) -> str:
    """Text as literal Markdown (backslash before every ASCII punctuation mark).

    Control characters and U+FFFD (what unreadable bytes became; the author is
    warned about them in the summary itself) are dropped.
    """
    text = re.sub(r"[\x00-\x1f\x7f\ufffd]+", " ", text)
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _values(
    facet: Facet, records: Iterable[SummaryRecord], config: EvidenceConfig
) -> list[str]:
    """The values with a page: all of a vocabulary, or those in use."""
    if facet.vocabulary:
        values = list(config.vocabularies[facet.vocabulary].terms)
    else:
        found = {value for record in records for value in facet.summary_values(record)}
        values = sorted(found, reverse=facet.name == "year")
    return [value for value in values if facet.slug(value)]


def _directive(name: str, options: dict[str, str]) -> str:
    lines = [
        f"```{{{name}}}",
        *(f":{key}: {value}".rstrip() for key, value in options.items()),
        "```",
    ]
    return "\n".join(lines)


def _page(title: str, *blocks: str, orphan: bool = False) -> str:
    front = ["---", MARKER, *(["orphan: true"] if orphan else []), "---"]
    return (
        "\n".join(front) + "\n\n" + "\n\n".join([f"# {_escape(title)}", *blocks]) + "\n"
    )


def _toctree(entries: Iterable[str], *, hidden: bool) -> str:
    options = [":hidden:"] if hidden else [":maxdepth: 1"]
    return "\n".join(["```{toctree}", *options, "", *entries, "```"])


def value_page(facet: Facet, value: str, config: EvidenceConfig) -> str:
    """The page of one value: its summaries, then its themes."""
    label = facet.label(value, config)
    intro = INTROS[facet.name].format(label=label, lower=label.lower())
    blocks = ["## Summaries", _directive("hub-catalogue", {facet.name: value})]
    themes = THEMES[facet.name]
    if themes is not None:
        blocks += ["## Themes", _directive("findings", {facet.name: value, **themes})]
    return _page(label, _escape(intro), *blocks)


def desired_pages(
    records: list[SummaryRecord], config: EvidenceConfig
) -> dict[str, str]:
    """Every browse page (docname: text) for these records."""
    root = config.browse_dir
    pages: dict[str, str] = {}
    for facet in BROWSE_FACETS:
        values = _values(facet, records, config)
        for value in values:
            pages[facet.docname(value, root)] = value_page(facet, value, config)
        pages[f"{root}/{facet.name}/index"] = _page(
            facet.title,
            _escape(FACET_INTROS[facet.name]),
            _directive("facet-index", {"facet": facet.name}),
            _toctree((facet.slug(value) for value in values), hidden=True),
        )
    hubs: dict[str, str] = {}
    for record in reversed(in_order(records)):  # the newest name of each hub wins
        if tag_slug(record.slug) == record.slug:  # others are warned about
            hubs[record.slug] = record.front_matter.hub or record.title
    for slug, name in hubs.items():
        pages[f"{root}/hub/{slug}"] = _page(
            name,
            _escape(f"Each year's summary of {name}, side by side."),
            _directive("hub-timeline", {"hub": slug}),
        )
    pages[f"{root}/hub/index"] = _page(
        "Hubs across the years",
        _escape("Follow one hub's evaluation from year to year."),
        _toctree(sorted(hubs, key=lambda slug: hubs[slug].casefold()), hidden=False),
    )
    pages[f"{root}/index"] = _page(
        "Browse the evidence",
        _escape(
            "Find summaries and themes by strategic goal, region, year, "
            "data-collection method or tag, or follow one hub across the years."
        ),
        _toctree(
            [*(f"{f.name}/index" for f in BROWSE_FACETS), "hub/index"], hidden=False
        ),
        # A site need not put the browse pages in its navigation (this one does).
        orphan=True,
    )
    return pages


def _is_ours(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as file:
        return file.readline() == "---\n" and file.readline().rstrip("\n") == MARKER


def _generated_files(srcdir: Path, browse_dir: str) -> dict[str, Path]:
    """The pages we generated earlier (only files with our marker: never others)."""
    folder = srcdir / browse_dir
    return {
        path.relative_to(srcdir).with_suffix("").as_posix(): path
        for path in (folder.rglob("*.md") if folder.is_dir() else ())
        if _is_ours(path)
    }


def write_pages(
    srcdir: Path, pages: dict[str, str], *, report: bool = True
) -> list[str]:
    """Write the pages whose text changed; return their docnames."""
    written = []
    for docname, text in sorted(pages.items()):
        path = srcdir / f"{docname}.md"
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        if path.is_file() and not _is_ours(path):
            if report:
                warn(
                    EvidenceWarning.CONFIG,
                    f"`{path}` was not generated by the site, so it is not replaced;"
                    " `evidence_browse_dir` should name a folder of its own.",
                    location=(docname, 1),
                )
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(docname)
    return written


def remove_pages(srcdir: Path, browse_dir: str, keep: dict[str, str]) -> list[str]:
    """Delete generated pages no longer wanted; return their docnames."""
    removed = []
    for docname, path in sorted(_generated_files(srcdir, browse_dir).items()):
        if docname not in keep:
            path.unlink()
            removed.append(docname)
    return removed


def add_new_pages(app: Sphinx) -> None:
    """Before reading: write the pages the last build's records call for."""
    config = get_config(app.env)
    # The last build may have been for a wider audience.
    records = [
        record
        for record in get_domain(app.env).summaries.values()
        if admits(config.audience, record.front_matter)
    ]
    write_pages(app.srcdir, desired_pages(records, config), report=False)


READING = "_evidence_reading"
"""The build's list of documents being read (kept from ``env-before-read-docs``)."""


def remember_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Keep the list of documents this build reads, to drop removed pages from it."""
    setattr(env, READING, docnames)


def update_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: make the pages match the new records, reading what changed."""
    config = get_config(env)
    pages = desired_pages(list(get_domain(env).summaries.values()), config)
    written = write_pages(app.srcdir, pages)
    removed = remove_pages(app.srcdir, config.browse_dir, pages)
    reading: list[str] = getattr(env, READING, [])
    if hasattr(env, READING):
        delattr(env, READING)
    if not written and not removed:
        return []
    env.find_files(app.config, app.builder)
    for docname in removed:
        # A page left over from a build for a wider audience may have been
        # read in this one: it must not be written.
        if docname in reading:
            reading.remove(docname)
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        env.all_docs.pop(docname, None)
    for docname in written:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        app.builder.read_doc(docname)
    return written
