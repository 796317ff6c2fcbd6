"""The child process that runs Graphviz for :mod:`cjmap.render.graphviz`.

Run as a script (``python -I -S graphviz_child.py ENGINE FORMAT WHERE PARENT CPU MEMORY``):
DOT on stdin, the drawing on stdout, Graphviz's messages on stderr. It imports nothing from
cjmap and only the standard library before Graphviz, so it starts in about 10 ms.

Graphviz lays out in C and never returns to Python until it is done, so the parent cannot
interrupt it in-process (a dense graph took 185 s, and Ctrl-C waited for it). Out here it can
be killed at any time; the limits below hold even if the parent dies without killing it.
"""

from __future__ import annotations

import os
import signal
import sys

# Exit codes the parent reads (1 is Graphviz refusing the DOT).
FAILED, UNAVAILABLE, OUT_OF_MEMORY, ORPHANED = 1, 3, 4, 5


def main(argv: list[str]) -> int:
    engine, fmt, where, parent, cpu_seconds, memory = argv
    if os.getppid() != int(parent):
        return ORPHANED  # the parent died before we started: nobody wants the drawing
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C in the terminal ends us at once
    _die_with_parent()
    if engine == "dot":
        _limit(int(cpu_seconds), int(memory))
        os.execv(where, [where, f"-T{fmt}"])  # the limits carry over to the program
    return _with_pygraphviz(fmt, where, cpu_seconds=int(cpu_seconds), memory=int(memory))


def _limit(cpu_seconds: int, memory: int) -> None:
    """Bound the child's address space (a huge PNG surface fails instead of swapping the
    machine) and its CPU time (a backstop should the parent die by SIGKILL)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill us when the parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - exotic libc
        pass


def _with_pygraphviz(fmt: str, where: str, *, cpu_seconds: int, memory: int) -> int:
    # The drawing goes to a private copy of stdout; anything Graphviz's C code prints on
    # file descriptor 1 lands on stderr instead of inside the image.
    drawing = os.dup(1)
    os.dup2(2, 1)
    sys.path.insert(0, where)
    try:
        import pygraphviz
    except (ImportError, OSError) as error:
        sys.stderr.write(f"cannot load pygraphviz: {error}\n")
        return UNAVAILABLE
    # Limited once the libraries are mapped: the budget is for the drawing, and a small one
    # must read as "out of memory", never as "Graphviz is not installed".
    _limit(cpu_seconds, memory)
    dot = sys.stdin.buffer.read()
    try:
        output = pygraphviz.AGraph(string=dot.decode("utf-8")).draw(format=fmt, prog="dot")
    except MemoryError:
        return OUT_OF_MEMORY
    except (ValueError, OSError, pygraphviz.agraph.DotError) as error:
        sys.stderr.write(f"Error: {str(error).strip() or type(error).__name__}\n")
        return FAILED
    with os.fdopen(drawing, "wb") as stream:
        stream.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
