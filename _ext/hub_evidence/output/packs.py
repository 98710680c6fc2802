"""Strategic-goal evaluation packs: ``anonymised/<goal>-pack.docx`` and ``.csv``.

The national team evaluates each strategic goal from the anonymised synthesis:
the findings and implications of the summaries whose hubs allow anonymised use,
grouped by topic, with counts. A pack is made from exactly the themes of
``anonymised/<goal>.json`` (:func:`~.exports.goal_themes`), never from
anything else, so it holds no hub, folder, region, evaluator, case, link or
page; its summaries are only counted, never named.

A pack is written only when the re-identification lint is clean for its goal:
while any theme of a consenting summary of the goal names its source, the
goal has no pack (the lint's warning says so, :mod:`..domain.reidentify`), as
a pack missing a theme would misreport the counts. Like the summaries' Word
documents (:mod:`.word`), a pack is written only when its inputs changed (a
fingerprint kept in the doctree folder), by the site's builds only, which hold
only the summaries of their audience; the output record wants each pack
(:func:`pack_files`), so a goal's pack that is no longer made is deleted.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
import json
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.reidentify import anonymisable_themes
from ..domain.store import get_domain
from ..source.config import get_config
from ..source.facets import FACETS, in_order
from ..source.word.writer import TEMPLATE
from ..state import build_state
from .builders import is_site_build
from .exports import (
    ANONYMISED_COLUMNS,
    ANONYMISED_DIR,
    GOAL,
    csv_text,
    goal_keys,
    goal_themes,
)
from .packs_word import pack_document
from .page_digests import sha256

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..source.config import EvidenceConfig
    from ..source.model import SummaryRecord

TOPIC = FACETS["tags"]
"""The facet a pack's themes are grouped by: a theme's own tags."""
NO_TOPIC = "No topic"
PACK_COLUMNS = ("topics", *ANONYMISED_COLUMNS)
"""One row per theme: the labels of its topics first, then the anonymised theme."""
PACK_VERSION = f"2:{hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()}"
"""What a pack depends on besides its themes: this layout and the template."""
IN_ANOTHER_PROCESS_FROM = 300
"""A pack of this many themes or more has its document made in another process."""
FINGERPRINTS = "evidence-pack-fingerprints.json"
"""In the doctree folder: each pack file's fingerprint and size, when written."""
KIND_WORDS = {
    "finding": ("finding", "findings"),
    "process": ("process theme", "process themes"),
}


def pack_names(goal: str) -> tuple[str, str]:
    """A goal's pack: its document's and its CSV's paths in the output folder."""
    stem = f"{ANONYMISED_DIR}/{goal}-pack"
    return f"{stem}.docx", f"{stem}.csv"


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dc.dataclass(frozen=True)
class Topic:
    """One topic of a pack: its themes, and how many summaries they come from."""

    label: str
    themes: tuple[dict[str, Any], ...]
    summaries: int

    def counts(self) -> str:
        """How many themes of each kind, from how many summaries (never which)."""
        kinds = dict.fromkeys(theme["kind"] for theme in self.themes)
        parts = [
            _counted(
                sum(theme["kind"] == kind for theme in self.themes),
                *KIND_WORDS.get(kind, (f"{kind} theme", f"{kind} themes")),
            )
            for kind in sorted(kinds, key=lambda k: (k not in KIND_WORDS, k))
        ]
        listed = " and ".join(
            [", ".join(parts[:-1]), parts[-1]] if parts[1:] else parts
        )
        return f"{listed}, from {_counted(self.summaries, 'summary', 'summaries')}."


@dc.dataclass(frozen=True)
class Pack:
    """One strategic goal's evaluation pack, in plain values (its fingerprint's)."""

    goal: str
    label: str
    illustrative: bool
    """Whether any of its themes comes from an illustrative example."""
    kinds: dict[str, str]
    """The kinds of theme's labels."""
    topics: tuple[Topic, ...]
    rows: tuple[dict[str, Any], ...]
    """The CSV's rows: each theme of ``anonymised/<goal>.json``, in its order."""

    @property
    def names(self) -> tuple[str, str]:
        """The document's and the CSV's paths in the output folder."""
        return pack_names(self.goal)

    def kind_label(self, kind: str) -> str:
        return self.kinds.get(kind, kind)

    def introduction(self) -> list[str]:
        """What the pack is and is not, for its title page."""
        count = len(self.rows)
        text = [
            f"The anonymised synthesis of the Evaluator in Residence evidence for the "
            f"strategic goal “{self.label}”: {_counted(count, 'theme', 'themes')} "
            f"(findings and process themes, with their possible implications), "
            f"grouped by topic, with the number of themes and of summaries behind "
            f"each topic.",
            "It holds only the themes of the summaries whose hubs agreed to "
            "anonymised use in strategic-goal evaluation, without the name of any "
            "hub, its region, evaluators, case or pages, in an order that says "
            "nothing about the hubs. A theme may sit under several topics.",
            "It is not the evidence base: the findings are owned by the hubs. Do not "
            "try to identify a hub from it, and check with a hub before using its "
            "findings in any other way.",
        ]
        if self.illustrative:
            text.append(
                "Some of these themes come from summaries marked “illustrative "
                "example”: they are invented to show how the site works, not real "
                "evaluation results."
            )
        return text

    def csv(self) -> str:
        return csv_text(list(self.rows), PACK_COLUMNS)

    def fingerprint(self) -> str:
        return sha256((PACK_VERSION, self))


def _flagged(record: SummaryRecord, allowed: dict[str, tuple[Any, ...]]) -> bool:
    """Whether the lint left any theme of this consenting summary out."""
    kept = allowed.get(record.docname)
    return kept is not None and len(kept) < len(record.themes)


def _labels(theme: dict[str, Any], config: EvidenceConfig) -> list[str]:
    """The labels of a theme's topics (its tags' labels, as the tag facet
    describes them), or "No topic"."""
    labels = [TOPIC.label(tag, config) for tag in theme["tags"]]
    return list(dict.fromkeys(labels)) or [NO_TOPIC]


def _topics(
    themes: list[tuple[str, dict[str, Any]]], config: EvidenceConfig
) -> tuple[Topic, ...]:
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for docname, theme in themes:
        for label in _labels(theme, config):
            groups.setdefault(label, []).append((docname, theme))
    order = sorted(groups, key=lambda label: (label == NO_TOPIC, label.casefold()))
    return tuple(
        Topic(
            label,
            tuple(theme for _, theme in groups[label]),
            len({docname for docname, _ in groups[label]}),
        )
        for label in order
    )


def _makes_pack(of_goal: list[SummaryRecord], allowed: dict[str, Any]) -> bool:
    """Whether a goal with these summaries has a pack: some anonymisable
    theme, and no theme the lint flagged."""
    return not any(_flagged(record, allowed) for record in of_goal) and any(
        allowed.get(record.docname) for record in of_goal
    )


def goal_downloads(
    records: list[SummaryRecord], config: EvidenceConfig
) -> dict[str, tuple[tuple[str, str], ...]]:
    """What a strategic goal's page links to, by goal: (words, path in the
    output folder) of its anonymised themes and its pack, for the goals that
    have them in this build (a goal without a pack has no link to one)."""
    allowed = anonymisable_themes(records, config)
    links = {}
    for goal in goal_keys(config):
        of_goal = [r for r in records if goal in GOAL.summary_values(r)]
        files: list[tuple[str, str]] = []
        if _makes_pack(of_goal, allowed):
            document, table = pack_names(goal)
            files += [
                ("Evaluation pack (Word document)", document),
                ("Evaluation pack (CSV spreadsheet)", table),
            ]
        if any(allowed.get(record.docname) for record in of_goal):
            files += [
                ("Anonymised themes (JSON)", f"{ANONYMISED_DIR}/{goal}.json"),
                ("Anonymised themes (CSV spreadsheet)", f"{ANONYMISED_DIR}/{goal}.csv"),
            ]
        if files:
            links[goal] = tuple(files)
    return links


def goal_packs(env: BuildEnvironment) -> list[Pack]:
    """The packs a build writes: one per strategic goal that has anonymisable
    themes and no theme the lint flagged."""
    config = get_config(env)
    records = in_order(get_domain(env).summaries.values())
    allowed = anonymisable_themes(records, config)
    packs = []
    for goal in goal_keys(config):
        of_goal = [r for r in records if goal in GOAL.summary_values(r)]
        if not _makes_pack(of_goal, allowed):
            continue
        themes = goal_themes(records, allowed, goal, config)
        behind = {docname for docname, _ in themes}
        rows = tuple({"topics": _labels(row, config), **row} for _, row in themes)
        packs.append(
            Pack(
                goal,
                GOAL.label(goal, config),
                any(
                    r.front_matter.illustrative for r in of_goal if r.docname in behind
                ),
                dict(config.vocabularies[FACETS["kind"].vocabulary or ""].terms),
                _topics(themes, config),
                rows,
            )
        )
    return packs


def pack_files(env: BuildEnvironment) -> set[str]:
    """The pack files a build writes (output-relative paths)."""
    return {name for pack in goal_packs(env) for name in pack.names}


def _replace(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all (a build may be interrupted)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    partial.replace(target)


@dc.dataclass
class PackBatch:
    """The pack files a build writes, from ``write-started`` to ``build-finished``.

    A large pack's document takes seconds to make (about 3 ms a theme), so it
    is made in another process while the pages are written, as the summaries'
    Word documents are (:mod:`.word_batch`); a small one is made when it is
    written, as starting another Python costs about a second.
    """

    known: dict[str, list[object]]
    """Each pack file's fingerprint and size when the last build wrote it."""
    written: dict[str, list[object]] = dc.field(default_factory=dict)
    """Each pack file's fingerprint and size once this build is done."""
    pending: list[tuple[str, str, Pack]] = dc.field(default_factory=list)
    """Each file to write: its path, fingerprint and pack."""
    made: dict[str, Future[bytes]] = dc.field(default_factory=dict)
    """The documents being made in another process, by path."""
    pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start making the large packs' documents in another process."""
        large = [
            (name, pack)
            for name, _, pack in self.pending
            if name.endswith(".docx") and len(pack.rows) >= IN_ANOTHER_PROCESS_FROM
        ]
        if large:
            # Spawned, not forked: the build's process holds threads.
            self.pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"))
            self.made = {name: self.pool.submit(pack_document, p) for name, p in large}

    def data(self, name: str, pack: Pack) -> bytes:
        """The file's bytes, made in the other process if it was started there."""
        if name in self.made:
            try:
                return self.made[name].result()
            except BrokenProcessPool:
                pass  # its process was killed: made here instead
        return pack_document(pack) if name.endswith(".docx") else _csv_bytes(pack)

    def stop(self) -> None:
        """Stop the other process, dropping what it has not made."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def _store(app: Sphinx) -> Path:
    return Path(app.doctreedir) / FINGERPRINTS


def start_packs(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``: which pack files changed since they were written."""
    if not is_site_build(builder):
        return
    try:
        known = json.loads(_store(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    batch = PackBatch(known)
    for pack in goal_packs(app.env):
        fingerprint = pack.fingerprint()
        for name in pack.names:
            target = Path(app.outdir, name)
            if target.is_file() and known.get(name) == [
                fingerprint,
                target.stat().st_size,
            ]:
                batch.written[name] = known[name]
            else:
                batch.pending.append((name, fingerprint, pack))
    batch.start()
    build_state(app).packs = batch


def write_packs(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: each pack file whose themes changed."""
    batch = build_state(app).packs
    if batch is None:
        return
    try:
        if exception is not None:
            return
        for name, fingerprint, pack in batch.pending:
            data = batch.data(name, pack)
            _replace(Path(app.outdir, name), data)
            batch.written[name] = [fingerprint, len(data)]
        if batch.written != batch.known:
            _store(app).write_text(
                json.dumps(batch.written, sort_keys=True), encoding="utf-8"
            )
    finally:
        batch.stop()


def _csv_bytes(pack: Pack) -> bytes:
    return pack.csv().encode("utf-8")


def setup_packs(app: Sphinx) -> None:
    """Write the strategic goals' evaluation packs beside the anonymised exports."""
    app.connect("write-started", start_packs)
    app.connect("build-finished", write_packs)
