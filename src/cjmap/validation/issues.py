"""A problem addressed by document path, before the source map gives it a position."""

from __future__ import annotations

from typing import NamedTuple

from cjmap.loader import DocPath


class PathIssue(NamedTuple):
    code: str
    message: str
    path: DocPath
    at_key: bool = False  # point at the mapping key (an unknown field) rather than at its value
