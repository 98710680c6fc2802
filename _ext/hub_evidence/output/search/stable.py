"""Pagefind's index, made byte-for-byte reproducible.

Pagefind 1.5 writes each filter's values in hash-map order, so two builds of the
same records give different filter chunks, hence different file names, a
different meta file and a different ``pagefind-entry.json`` (upstream:
Pagefind/pagefind#638 made only fragments stable). Reviewers compare builds, so
:func:`stabilise` puts those files, before they are written, in a canonical
order — filter values sorted, filters sorted by name — and names each one by
the hash of its new content, as Pagefind does. Search results do not change:
Pagefind reads filter values and filters into maps.

Each file is ``gzip("pagefind_dcd" + CBOR)``: a filter chunk is
``[filter name, [[value, [page number, ...]], ...]]``; the meta file is
``[version, pages, word chunks, [[filter name, chunk hash], ...], ...]``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import PurePosixPath
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3
"""Where the meta file lists its filter chunks."""


def stabilise(files: dict[PurePosixPath, bytes]) -> dict[PurePosixPath, bytes]:
    """The index's files (path in the index folder → bytes), with the filter
    chunks, meta files and ``pagefind-entry.json`` in canonical form."""
    stable = dict(files)
    entry_path = PurePosixPath("pagefind-entry.json")
    entry = json.loads(stable[entry_path])
    for language, about in entry["languages"].items():
        meta = _decode(stable.pop(PurePosixPath(f"pagefind.{about['hash']}.pf_meta")))
        if not (isinstance(meta, list) and len(meta) > META_FILTERS):
            raise ValueError(f"the {language} meta file is not laid out as expected")
        filters = []
        for name, old_hash in meta[META_FILTERS]:
            chunk_name, values = _decode(
                stable.pop(PurePosixPath(f"filter/{old_hash}.pf_filter"))
            )
            chunk = _encode([chunk_name, sorted([v, sorted(p)] for v, p in values)])
            chunk_hash = f"{language}_{_digest(chunk, 7)}"
            stable[PurePosixPath(f"filter/{chunk_hash}.pf_filter")] = chunk
            filters.append([name, chunk_hash])
        meta[META_FILTERS] = sorted(filters)
        data = _encode(meta)
        about["hash"] = f"{language}_{_digest(data, 10)}"
        stable[PurePosixPath(f"pagefind.{about['hash']}.pf_meta")] = data
    stable[entry_path] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode()
    return stable


def _decode(file: bytes) -> Any:
    data = gzip.decompress(file)
    if not data.startswith(SIGNATURE):
        raise ValueError("Pagefind wrote a file this site cannot read")
    return cbor2.loads(data[len(SIGNATURE) :])


def _encode(value: Any) -> bytes:
    """``value`` as Pagefind writes its files (gzip without a time stamp)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _digest(data: bytes, digits: int) -> str:
    return hashlib.sha256(data).hexdigest()[:digits]
