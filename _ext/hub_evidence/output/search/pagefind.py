"""Writing a Pagefind index of custom records, through Pagefind's service mode.

This speaks the protocol of ``pagefind --service``: JSON messages, each
base64-encoded and ended by a comma, on stdin and stdout. Pagefind handles
requests one at a time, in the order they arrive, and tags each answer with
the request's ``message_id``. So every record is written at once (pipelined)
while a reader thread collects the answers (without it, both pipes could
fill up and each side wait for the other), and a record Pagefind refuses is
named by its id. Waiting for each answer before sending the next record took
about twice as long; the ``pagefind.index`` wrapper polls every 0.1 s for
each answer, which makes 8,000 records take 13 minutes.

The index's files are asked for (``GetFiles``) and written here, not by
Pagefind (``WriteFiles``): Pagefind answers that request before its last
writes are done, and stops as soon as its input closes, so a file could be
left empty. Written here, only the files that changed are written. The binary
is the one the ``pagefind[bin]`` wheel carries.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import IO, Any

from pagefind.service import get_executable

from .records import SearchRecord
from .stable import stabilise


class PagefindError(Exception):
    """Pagefind is missing, or failed; the message says what to do."""


_Answer = dict[str, Any] | Exception | None
"""From the reader thread: an answer, what went wrong reading, or the end."""


class _Service:
    """One ``pagefind --service`` process, and a thread reading its answers."""

    def __init__(self, executable: Path, log: IO[bytes]) -> None:
        self._process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
        )
        self._answers: queue.SimpleQueue[_Answer] = queue.SimpleQueue()
        self._message_id = 0
        self._reader = threading.Thread(
            target=self._read, name="pagefind-answers", daemon=True
        )
        self._reader.start()

    def _read(self) -> None:
        """In the reader thread: queue every answer as it comes, then ``None``."""
        assert self._process.stdout is not None
        descriptor = self._process.stdout.fileno()
        pieces: list[bytes] = []  # of an answer not yet ended
        try:
            while chunk := os.read(descriptor, 1 << 20):
                *ended, rest = chunk.split(b",")
                for piece in ended:
                    pieces.append(piece)
                    self._answers.put(json.loads(base64.b64decode(b"".join(pieces))))
                    pieces.clear()
                if rest:
                    pieces.append(rest)
        except (OSError, ValueError) as error:  # binascii.Error is a ValueError
            self._answers.put(error)
        finally:
            self._answers.put(None)

    def send(self, requests: Iterable[tuple[str, dict[str, Any]]]) -> list[Any]:
        """Send every request at once; their answers' payloads, in order.

        Each request is ``(what, payload)``: ``what`` names it in an error
        ("the search record for …"). The first request Pagefind refuses
        raises :class:`PagefindError`.
        """
        assert self._process.stdin is not None
        pending: dict[int, str] = {}
        try:
            for what, payload in requests:
                self._message_id += 1
                pending[self._message_id] = what
                message = {"message_id": self._message_id, "payload": payload}
                encoded = base64.b64encode(json.dumps(message).encode())
                self._process.stdin.write(encoded + b",")
            self._process.stdin.flush()
        except BrokenPipeError:
            pass  # Pagefind stopped: its answers so far, then their end, say why
        order = sorted(pending)
        payloads: dict[int, Any] = {}
        while pending:
            message_id, payload = self._next_answer()
            what = pending.pop(message_id, "a request")
            if payload.get("type") == "Error":
                reason = str(payload.get("message", "no reason given")).rstrip(".")
                raise PagefindError(f"Pagefind refused {what}: {reason}.")
            payloads[message_id] = payload
        return [payloads[message_id] for message_id in order]

    def _next_answer(self) -> tuple[int, dict[str, Any]]:
        """The next answer's message id (0 when unknown) and payload."""
        answer = self._answers.get()
        if answer is None:
            raise PagefindError("Pagefind stopped unexpectedly.")
        if isinstance(answer, Exception):
            raise PagefindError(f"Pagefind's answer could not be read: {answer}.")
        if not isinstance(answer, dict):
            raise PagefindError(f"Pagefind answered {answer!r}, not a message.")
        payload: dict[str, Any] = answer.get("payload") or {}
        message_id = answer.get("message_id")
        if message_id is None:
            # A request Pagefind could not parse: it quotes the request instead.
            try:
                message_id = json.loads(payload["original_message"])["message_id"]
            except (KeyError, TypeError, ValueError):
                message_id = 0
        return int(message_id), payload

    def close(self) -> None:
        """End the process, and so the reader thread."""
        if self._process.stdin:
            # If Pagefind had already stopped, there is nothing to flush to.
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        self._process.terminate()
        self._process.wait()
        self._reader.join()


class BackgroundIndex:
    """Pagefind indexing ``records`` in a thread, while the build goes on.

    Pagefind works in its own process, so on a machine with two cores or more
    the index is made while Sphinx writes the pages; :meth:`write` waits for it.
    """

    def __init__(
        self,
        records: Iterable[SearchRecord],
        beside: dict[PurePosixPath, bytes] | None = None,
    ) -> None:
        """``beside``: files written into the index's folder with it (the page's
        own data about the same records), each path's bytes."""
        executor = ThreadPoolExecutor(1, thread_name_prefix="evidence-search")
        self._files = executor.submit(_index_files, list(records))
        self._beside = beside or {}
        executor.shutdown(wait=False)

    def write(self, output: Path) -> None:
        """Put the index into ``output`` (the site's ``pagefind/`` folder).

        Afterwards ``output`` holds exactly the new index. Pagefind names most
        of its files by their content, so when one summary changed most files
        are already there as they should be: only the others are written, and
        files of the old index are removed. If indexing fails, ``output`` is
        removed, so no stale index is left to publish.
        """
        try:
            _update_folder(output, {**self._files.result(), **self._beside})
        except PagefindError:
            shutil.rmtree(output, ignore_errors=True)
            raise

    def abandon(self) -> None:
        """Wait for Pagefind to finish (it cannot stop halfway); drop the index."""
        self._files.exception()


def _index_files(records: Iterable[SearchRecord]) -> dict[PurePosixPath, bytes]:
    """The index of ``records``: each file's path in the index folder, and bytes."""
    executable = get_executable()
    if executable is None:
        raise PagefindError(
            "Pagefind is not installed, so the evidence search cannot be built: "
            "install the project again (`pip install .`), which brings `pagefind[bin]`."
        )
    with tempfile.TemporaryFile() as log:
        try:
            service = _Service(executable, log)
        except OSError as error:
            raise PagefindError(f"Pagefind could not start: {error}.") from error
        try:
            [new] = service.send([("a new index", {"type": "NewIndex", "config": {}})])
            index = new["index_id"]
            service.send(
                (
                    f"the search record for `{record.url}`",
                    {"type": "AddRecord", "index_id": index, **record.fields()},
                )
                for record in records
            )
            getting = {"type": "GetFiles", "index_id": index}
            [answer] = service.send([("writing the index", getting)])
            return stabilise(
                {
                    _relative(file["path"]): base64.b64decode(file["content"])
                    for file in answer["files"]
                }
            )
        except (OSError, ValueError, KeyError, TypeError, PagefindError) as error:
            log.seek(0)
            detail = log.read().decode(errors="replace").strip()
            raise PagefindError(f"{error} {detail}".strip()) from error
        finally:
            service.close()


def _relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise PagefindError(f"Pagefind named a file outside the index: {path!r}.")
    return relative


def _update_folder(output: Path, files: dict[PurePosixPath, bytes]) -> None:
    """Make ``output`` hold exactly ``files``, writing only those that differ."""
    wanted = {
        output.joinpath(*relative.parts): data for relative, data in files.items()
    }
    try:
        present = set()
        for folder, _, names in os.walk(output):
            for name in names:
                path = Path(folder, name)
                if path in wanted:
                    present.add(path)
                else:
                    path.unlink()
        folders = set()
        for path, data in wanted.items():
            if path in present and path.read_bytes() == data:
                continue
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_bytes(data)
        for folder, _, _ in os.walk(output, topdown=False):
            if not any(Path(folder).iterdir()):  # held only old files
                Path(folder).rmdir()
    except OSError as error:
        raise PagefindError(
            f"The search index could not be written: {error}."
        ) from error
