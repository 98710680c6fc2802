"""Making a build's Word documents beside its other work (:mod:`.word`).

A first build of 800 summaries makes 800 documents, at about 50 ms each: made
one after another once the pages are written, they would add most of a minute.
So they are started when Sphinx starts writing pages, in a pool of other
processes (one fewer than the machine's cores: Sphinx writes the pages on the
other), and collected once the pages are written. Their files, and each year's
document made from them, are written by a thread that works while the build
waits for the search index; the build waits for it before recording its
output. A build that makes only a few makes them in that thread alone:
starting another Python costs about as much as making eight.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
import json
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from ..source.word.volume import year_document
from ..source.word.writer import summary_as_word

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..source.vocabulary import Vocabulary

IN_OTHER_PROCESSES_FROM = 8
"""Fewer documents than this are made without a pool."""
VOLUME_VERSION = "1"
"""What a year's document depends on besides its summaries' documents."""


@dc.dataclass(frozen=True)
class Volume:
    """A year's document: where it goes, and its chapters' documents."""

    name: str
    year: str
    illustrative: bool
    """Whether any of its summaries is an illustrative example."""
    chapters: list[tuple[str, str]]
    """Each chapter's heading (the hub) and its summary's document, in order."""

    @property
    def title(self) -> str:
        return f"Evaluator in Residence summaries {self.year}"

    def introduction(self, count: int) -> str:
        text = (
            f"The {count} Evaluator in Residence summaries of {self.year} on this "
            "site, one chapter for each hub. Each hub owns its findings: check a "
            "summary's sharing before using them."
        )
        if self.illustrative:
            text += (
                " Summaries marked “illustrative example” are invented to show how "
                "the site works; they are not real evaluation results."
            )
        return text


class WordBatch:
    """The documents a build makes, from ``write-started`` to ``build-finished``."""

    def __init__(
        self, vocabularies: Mapping[str, Vocabulary], known: dict[str, list[object]]
    ) -> None:
        self.vocabularies = vocabularies
        self.known = known
        """Each document's fingerprint and size when the last build wrote it."""
        self.kept: dict[str, list[object]] = {}
        """Each unchanged summary document's fingerprint and size."""
        self.pending: list[tuple[str, str, str]] = []
        """Each document to make: its path, fingerprint and summary's text."""
        self._pool: ProcessPoolExecutor | None = None
        self._made: list[Future[bytes | None]] = []
        self._writer: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        """Start making the pending documents in other processes, if many."""
        if len(self.pending) < IN_OTHER_PROCESSES_FROM:
            return
        # Spawned, not forked: the build's process holds threads (the search
        # index's) that a fork would copy in an unknown state.
        self._pool = ProcessPoolExecutor(
            max_workers=max(1, (os.cpu_count() or 1) - 1),
            mp_context=get_context("spawn"),
        )
        self._made = [
            self._pool.submit(summary_as_word, text, self.vocabularies)
            for _, _, text in self.pending
        ]

    @property
    def pooled(self) -> bool:
        """Whether other processes are making the documents."""
        return self._pool is not None

    def made(self) -> list[tuple[str, str, bytes | None]]:
        """Each pending document's path, fingerprint and bytes (None: unreadable)."""
        try:
            return [
                (name, fingerprint, self._result(number, text))
                for number, (name, fingerprint, text) in enumerate(self.pending)
            ]
        finally:
            self.abandon()

    def _result(self, number: int, text: str) -> bytes | None:
        if self._pool is not None:
            try:
                return self._made[number].result()
            except BrokenProcessPool:
                pass  # a worker was killed: made here instead
        return summary_as_word(text, self.vocabularies)

    def abandon(self) -> None:
        """Stop the pool, dropping what it has not made."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def write(self, outdir: Path, store: Path, volumes: list[Volume]) -> None:
        """Start writing the documents into ``outdir``, then the years' documents,
        then their fingerprints into ``store`` (:meth:`wait` for the end)."""
        self._writer = threading.Thread(
            target=self._write, args=(outdir, store, volumes), name="word documents"
        )
        self._writer.start()

    def wait(self) -> None:
        """Wait until :meth:`write` is done; raise what stopped it, if anything."""
        if self._writer is not None:
            self._writer.join()
        if self._error is not None:
            raise self._error

    def _write(self, outdir: Path, store: Path, volumes: list[Volume]) -> None:
        try:
            written = dict(self.kept)
            for name, fingerprint, data in self.made():
                if data is None:
                    continue  # the page's build has already said what is wrong
                target = outdir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written[name] = [fingerprint, len(data)]
            for volume in volumes:
                self._write_volume(outdir, volume, written)
            store.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")
        except BaseException as error:  # raised again by wait()
            self._error = error

    def _write_volume(
        self, outdir: Path, volume: Volume, written: dict[str, list[object]]
    ) -> None:
        """The year's document, unless its summaries' documents are unchanged."""
        chapters = [(hub, name) for hub, name in volume.chapters if name in written]
        if not chapters:
            return
        inputs: list[object] = [
            VOLUME_VERSION,
            volume.title,
            volume.introduction(len(chapters)),
        ]
        inputs += [[hub, name, written[name]] for hub, name in chapters]
        fingerprint = hashlib.sha256(json.dumps(inputs).encode()).hexdigest()
        target = outdir / volume.name
        if target.is_file() and self.known.get(volume.name) == [
            fingerprint,
            target.stat().st_size,
        ]:
            written[volume.name] = self.known[volume.name]
            return
        data = year_document(
            volume.title,
            volume.introduction(len(chapters)),
            [(hub, (outdir / name).read_bytes()) for hub, name in chapters],
        )
        target.write_bytes(data)
        written[volume.name] = [fingerprint, len(data)]
