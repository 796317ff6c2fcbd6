"""Reading the file an import starts from: whole or not at all, in one declared encoding.

A file over the size limit is refused before anything is imported (never read in part), and
a byte that is not in the file's encoding is a located error: guessing another encoding turns
every accent of a UTF-8 file into mojibake (``café`` → ``cafÃ©``).
"""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from pathlib import Path

from cjmap.commands.inputs import EXIT_ERRORS, EXIT_USAGE
from cjmap.commands.output import error
from cjmap.interchange.located import Located
from cjmap.loader.decoding import byte_position, human_size
from cjmap.loader.limits import Limits
from cjmap.text.safe import visible
from cjmap.text.sizes import size_option, size_to_allow

UTF8 = "utf-8"


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = Limits().max_bytes
    encoding: str = UTF8


def read_options(*, max_file_size: str, encoding: str) -> ReadOptions | int:
    """The options as given on the command line, or EXIT_USAGE after saying what is wrong."""
    max_bytes = size_option(max_file_size)
    if isinstance(max_bytes, str):
        error(max_bytes)
        return EXIT_USAGE
    try:
        # Codecs that are not text (zlib, base64…) would decompress or decode arbitrary bytes.
        known = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
    except LookupError:
        known = False
    if not known:
        error(f"--encoding: {visible(repr(encoding))} is not a text encoding Python knows; write e.g. utf-8 or cp1252")
        return EXIT_USAGE
    return ReadOptions(max_bytes, encoding)


def read_input(path: str, options: ReadOptions) -> str | int:
    """The file's text, or an exit code after reporting why it cannot be imported."""
    from cjmap.files.reading import read_source, typed_source

    source = typed_source(path)
    if source is None:
        error(f"{visible(path)}: no such file")
        return EXIT_USAGE
    raw = read_source(source, limits=Limits(max_bytes=options.max_bytes))
    if not isinstance(raw, bytes):
        error(f"{visible(path)}: {raw.message}")
        return EXIT_USAGE
    if len(raw) > options.max_bytes:
        error(_too_large(path, source.path, options.max_bytes))
        return EXIT_ERRORS
    return _decode(path, raw, options.encoding)


def _too_large(path: str, file: Path | None, limit: int) -> str:
    try:
        size = file.stat().st_size if file is not None else limit + 1
    except OSError:
        size = limit + 1
    return (
        f"{visible(path)}: the file is larger than the {human_size(limit)} limit; nothing was imported "
        f"(no file is imported in part); raise the limit with {size_to_allow(max(size, limit + 1))}"
    )


def _decode(path: str, raw: bytes, encoding: str) -> str | int:
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    # The byte-order mark Excel (and `cjmap export csv`) writes is skipped here rather than by
    # the utf-8-sig codec, whose error offsets would not count it.
    skipped = len(codecs.BOM_UTF8) if utf8 and raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skipped:].decode(encoding)
    except UnicodeDecodeError as problem:
        offset = skipped + problem.start
        line, column = byte_position(raw, offset, encoding, skipped)
        message = f"byte 0x{raw[offset]:02x} at offset {offset:,} is not valid {encoding}; " + _encoding_hint(path, encoding)
        sys.stderr.write(Located(line, column, message).text(path) + "\n")
        sys.stderr.write(f"cjmap: nothing was imported from {visible(path)}\n")
        return EXIT_ERRORS


def _encoding_hint(path: str, encoding: str) -> str:
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        return "save the file as UTF-8, or name the encoding it is in with --encoding"
    if path.lower().endswith(".csv"):
        return (
            'save the file as UTF-8 (in Excel: "CSV UTF-8"); if the whole file is in another encoding, '
            "name it: --encoding cp1252 (Excel on Windows), --encoding latin-1 …"
        )
    return "save the file as UTF-8; if the whole file is in another encoding, name it: --encoding cp1252, --encoding latin-1 …"
