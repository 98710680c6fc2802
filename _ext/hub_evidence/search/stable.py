"""Pagefind's index, made byte-for-byte reproducible.

Pagefind 1.5 writes each filter's values in hash-map order, so two builds of the
same records give different filter chunks, hence different file names, a
different meta file and a different ``pagefind-entry.json`` (upstream:
Pagefind/pagefind#638 made only fragments stable). Reviewers compare builds, so
:func:`stabilise` rewrites those files in a canonical order — filter values
sorted, filters sorted by name — and names each rewritten file by the hash of
its new content, as Pagefind does. Search results do not change: Pagefind reads
filter values and filters into maps.

Each file is ``gzip("pagefind_dcd" + CBOR)``: a filter chunk is
``[filter name, [[value, [page number, ...]], ...]]``; the meta file is
``[version, pages, word chunks, [[filter name, chunk hash], ...], ...]``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

from .pagefind import PagefindError

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3
"""Where the meta file lists its filter chunks."""


def stabilise(output: Path) -> None:
    """Rewrite the filter chunks and meta files of the index in ``output``."""
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_path = output / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) > META_FILTERS):
            raise PagefindError(f"{meta_path.name} is not laid out as expected.")
        filters = []
        for name, old_hash in meta[META_FILTERS]:
            chunk_path = output / "filter" / f"{old_hash}.pf_filter"
            chunk_name, values = _read(chunk_path)
            chunk_path.unlink()
            chunk = _encode([chunk_name, sorted([v, sorted(p)] for v, p in values)])
            chunk_hash = f"{language}_{_digest(chunk, 7)}"
            (output / "filter" / f"{chunk_hash}.pf_filter").write_bytes(chunk)
            filters.append([name, chunk_hash])
        meta[META_FILTERS] = sorted(filters)
        meta_path.unlink()
        data = _encode(meta)
        about["hash"] = f"{language}_{_digest(data, 10)}"
        (output / f"pagefind.{about['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise PagefindError(f"{path.name} is not a Pagefind index file.")
    return cbor2.loads(data[len(SIGNATURE) :])


def _encode(value: Any) -> bytes:
    """``value`` as Pagefind writes its files (gzip without a time stamp)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _digest(data: bytes, digits: int) -> str:
    return hashlib.sha256(data).hexdigest()[:digits]
