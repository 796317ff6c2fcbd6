"""Lay out DOT into SVG, PNG or PDF: pygraphviz in the process, else a ``dot`` program on PATH.

pygraphviz >= 2.0.4 wheels bundle the Graphviz engine, so ``pip install`` is the whole set-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

REMEDIES = "install pygraphviz (`pip install 'pygraphviz>=2.0.4'`), or Graphviz's `dot` program (e.g. `apt-get install graphviz`)"


class GraphvizUnavailable(RuntimeError):
    """Neither pygraphviz nor a ``dot`` program could lay out the graph."""


def layout(dot_text: str, fmt: str) -> bytes:
    try:
        return _with_pygraphviz(dot_text, fmt)
    except ImportError:
        pass
    program = shutil.which("dot")
    if program is None:
        raise GraphvizUnavailable(f"cannot lay out {fmt.upper()}: no Graphviz found; {REMEDIES}")
    completed = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True, timeout=300)
    if completed.returncode != 0:
        raise GraphvizUnavailable(f"Graphviz `dot` failed: {completed.stderr.decode('utf-8', 'replace').strip()}")
    return completed.stdout


def _with_pygraphviz(dot_text: str, fmt: str) -> bytes:
    import pygraphviz

    graph = pygraphviz.AGraph(string=dot_text)
    with _quiet_stderr():
        return graph.draw(format=fmt, prog="dot")


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
