"""Reading sources that are not UTF-8 without a traceback.

Sphinx reads every source as UTF-8 with strict errors, so one
byte saved by another editor (Windows-1252 quotes from Word, say) stops the
whole build with a traceback. The site reads sources with a codec that
decodes UTF-8 (with or without a byte-order mark) and replaces what it cannot
decode with U+FFFD; ``source-read`` then reports the line of each.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
from typing import TYPE_CHECKING

from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from typing_extensions import Buffer

CODEC_NAME = "evidence_utf_8"
REPLACEMENT = "\ufffd"


def _decode(data: Buffer, errors: str = "strict") -> tuple[str, int]:
    return encodings.utf_8_sig.decode(data, "replace")


class _IncrementalDecoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


class _StreamReader(encodings.utf_8_sig.StreamReader):
    def __init__(self, stream: codecs._ReadableStream, errors: str = "strict") -> None:
        super().__init__(stream, "replace")


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") != CODEC_NAME:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=CODEC_NAME,
        encode=utf8.encode,
        decode=_decode,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_IncrementalDecoder,
        streamreader=_StreamReader,
        streamwriter=utf8.streamwriter,
    )


codecs.register(_search)


def use_forgiving_codec(app: Sphinx) -> None:
    """Read UTF-8 sources forgivingly, unless ``conf.py`` chose another encoding.

    Set on the environment's reader settings (``builder-inited``), not on
    ``source_encoding``, which Sphinx reserves for UTF-8 from version 9.
    """
    settings = app.env.settings
    if settings["input_encoding"].lower().replace("-", "_") in {
        "utf_8",
        "utf_8_sig",
        "utf8",
    }:
        settings["input_encoding"] = CODEC_NAME


def report_undecodable(app: Sphinx, docname: str, source: list[str]) -> None:
    """Warn once for each line holding text that could not be decoded."""
    if REPLACEMENT not in source[0]:
        return
    for number, line in enumerate(source[0].splitlines(), start=1):
        if REPLACEMENT in line:
            warn(
                EvidenceWarning.ENCODING,
                "This line has characters that could not be read (shown as �): "
                "the file is probably not saved as UTF-8. Save it as UTF-8 "
                '("Unicode (UTF-8)" in your editor\'s Save As) and retype them.',
                location=(docname, number),
            )
