"""Safe YAML loading with positions: bytes -> plain data + a source map, or located issues.

The one entry point is :func:`load_bytes`. It never raises for bad input: every problem,
however hostile the file, comes back as a :class:`LoadIssue` with a 1-based line and column.
"""
from __future__ import annotations

from cjmap.loader.document import LoadIssue, LoadResult, load_bytes
from cjmap.loader.limits import Limits
from cjmap.loader.sourcemap import DocPath, SourceMap, format_path

__all__ = ["DocPath", "Limits", "LoadIssue", "LoadResult", "SourceMap", "format_path", "load_bytes"]
