"""``cjmap/v1``, the fingerprint that lets GitHub code scanning follow a finding from run to run
beside codeql-action's ``primaryLocationLineHash`` (:mod:`cjmap.text.line_hashes`, computed by
the check from the text it read).

``cjmap/v1`` is the rule, the file's path in the repository and the document path (for a
problem with none, such as a syntax error, the text of its line), then ``:N`` counting equal
ones in the report's order. No line number, so a finding keeps its identity when lines are
added above it; no message, which holds numbers that change while the finding stays (CJ101's
"last reviewed N days ago" every day, CJ002's "first defined at line X" when lines move).
"""

from __future__ import annotations

import hashlib


def cjmap_fingerprint(code: str, repository_path: str, document_path: str, source_line: str) -> str:
    """A hash of what a finding is about, not of where it is or how it is worded: the same
    finding after lines moved, or on another day, has it. ``source_line`` counts only for a
    problem with no document path (its line, spaces around it left out, stands for the place)."""
    # Tagged, so a document path never meets a line of the same text.
    place = f"path\x00{document_path}" if document_path else f"line\x00{source_line.strip()}"
    joined = f"{code}\x00{repository_path}\x00{place}"
    return hashlib.sha256(joined.encode("utf-8", errors="surrogatepass")).hexdigest()[:32]
