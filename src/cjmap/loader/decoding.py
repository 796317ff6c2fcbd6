"""Bytes to text: the size limit, UTF-8 with an optional BOM, and located decoding errors."""

from __future__ import annotations

import re

from cjmap.loader.builder import Issue
from cjmap.loader.limits import MEBIBYTE, Limits

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# The line breaks libyaml counts (it keeps YAML 1.1's NEL, LS and PS), so that line numbers
# of the source lines we print agree with the marks it reports.
LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


def line_at(lines: list[str], number: int) -> str:
    """The text of 1-based line ``number`` of ``lines`` (split on LINE_BREAK), "" if none."""
    return lines[number - 1] if 0 < number <= len(lines) else ""


def offset_at(text: str, line: int, column: int) -> int:
    """Character offset of a 0-based line and column (a PyYAML mark), counting the breaks libyaml counts."""
    line_start = 0
    if line > 0:
        for number, found in enumerate(LINE_BREAK.finditer(text), start=1):
            line_start = found.end()
            if number == line:
                break
    return min(line_start + column, len(text))


def decode(raw: bytes, *, limits: Limits) -> str | Issue:
    """The text of a journey file, or the one reason it cannot be read as text."""
    if len(raw) > limits.max_bytes:
        return Issue(
            "CJ006",
            f"the file is larger than the {human_size(limits.max_bytes)} limit; "
            "split the journey, or raise the limit with --max-file-size",
            1,
            1,
        )
    if raw.startswith(_UTF16_BOMS):
        return Issue("CJ007", "the file is UTF-16; save it as UTF-8", 1, 1)
    body = raw.removeprefix(UTF8_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = byte_position(body, error.start)
        return Issue(
            "CJ007",
            f"invalid UTF-8 byte 0x{body[error.start]:02x}; save the file as UTF-8",
            line,
            column,
        )


def byte_position(body: bytes, offset: int, codec: str = "utf-8", skipped: int = 0) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset; ``skipped`` leading bytes (a
    byte-order mark) take no column."""
    line_start = max(body.rfind(b"\n", 0, offset) + 1, skipped)
    column = len(body[line_start:offset].decode(codec, errors="replace")) + 1
    return body.count(b"\n", 0, offset) + 1, column


def human_size(count: int) -> str:
    return f"{count / MEBIBYTE:.1f} MiB" if count >= MEBIBYTE else f"{count:,} bytes"
