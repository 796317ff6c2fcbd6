"""Lay out DOT into SVG, PNG or PDF: pygraphviz in the process, else a ``dot`` program on PATH.

pygraphviz >= 2.0.4 wheels bundle the Graphviz engine, so ``pip install`` is the whole set-up.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

REMEDIES = "install pygraphviz (`pip install 'pygraphviz>=2.0.4'`), or Graphviz's `dot` program (e.g. `apt-get install graphviz`)"


class GraphvizUnavailable(RuntimeError):
    """Neither pygraphviz nor a ``dot`` program could lay out the graph."""


class GraphvizFailed(RuntimeError):
    """Graphviz refused the DOT (a broken override template, usually)."""


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}Z?\)")


def _fixed_dates(pdf: bytes) -> bytes:
    """Cairo stamps PDFs with the time (the cairo in pygraphviz's wheel predates
    SOURCE_DATE_EPOCH). Replace each date with one of the same length, so the cross-reference
    offsets stay right and the same journey gives the same bytes."""
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:19700101000000" + (b"Z" if m.group(0).endswith(b"Z)") else b"") + b")", pdf)


def layout(dot_text: str, fmt: str) -> bytes:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # honoured by newer cairo builds
    output = _layout(dot_text, fmt)
    return _fixed_dates(output) if fmt == "pdf" else output


def _layout(dot_text: str, fmt: str) -> bytes:
    try:
        return _with_pygraphviz(dot_text, fmt)
    except ImportError:
        pass
    program = shutil.which("dot")
    if program is None:
        raise GraphvizUnavailable(f"cannot lay out {fmt.upper()}: no Graphviz found; {REMEDIES}")
    completed = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True, timeout=300)
    if completed.returncode != 0:
        raise GraphvizFailed(f"Graphviz could not lay out the DOT: {completed.stderr.decode('utf-8', 'replace').strip()}")
    return completed.stdout


def _with_pygraphviz(dot_text: str, fmt: str) -> bytes:
    import pygraphviz

    try:
        with _quiet_stderr():
            return pygraphviz.AGraph(string=dot_text).draw(format=fmt, prog="dot")
    except (ValueError, OSError, pygraphviz.agraph.DotError) as error:
        raise GraphvizFailed(f"Graphviz could not lay out the DOT: {str(error).strip() or type(error).__name__}") from None


class _quiet_stderr:
    """Silence C-level chatter (fontconfig warnings) on file descriptor 2 while Graphviz runs."""

    def __enter__(self) -> None:
        self._saved = os.dup(2)
        self._sink = tempfile.TemporaryFile()
        os.dup2(self._sink.fileno(), 2)

    def __exit__(self, *exc: object) -> None:
        os.dup2(self._saved, 2)
        os.close(self._saved)
        self._sink.close()
