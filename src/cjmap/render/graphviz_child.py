"""The child process that runs Graphviz for :mod:`cjmap.render.graphviz`.

Graphviz lays out in C and never returns to Python until it is done, so the parent cannot
interrupt it in-process (a dense graph took 185 s, and Ctrl-C waited for it). Out here it can
be killed at any time, and the limits below hold even if the parent dies without killing it.
The script imports nothing from cjmap, so it starts in about 10 ms (``python -I -S``).

Two ways to run it:

- ``graphviz_child.py pygraphviz FOLDER PARENT MEMORY``: a worker that loads pygraphviz once
  (about 30 ms) and then draws one graph per request, until its stdin closes. A request is a
  line ``FORMAT CPU_SECONDS DOT_BYTES`` and the DOT; the answer is a line
  ``STATUS DRAWING_BYTES MESSAGE_BYTES``, the drawing, and what Graphviz said on stderr.
- ``graphviz_child.py dot PROGRAM PARENT MEMORY FORMAT CPU_SECONDS``: set the limits, then
  become the ``dot`` program (DOT on stdin, the drawing on stdout).
"""

from __future__ import annotations

import os
import signal
import sys
from types import ModuleType
from typing import BinaryIO

# Exit codes and answer statuses the parent reads.
DRAWN, FAILED, UNAVAILABLE, OUT_OF_MEMORY, ORPHANED = 0, 1, 3, 4, 5


def main(argv: list[str]) -> int:
    engine, where, parent, memory = argv[:4]
    if os.getppid() != int(parent):
        return ORPHANED  # the parent died before we started: nobody wants the drawing
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C in the terminal ends us at once
    _die_with_parent()
    if engine == "dot":
        fmt, cpu_seconds = argv[4:6]
        _limit_memory(int(memory))
        _limit_cpu(int(cpu_seconds))
        os.execv(where, [where, f"-T{fmt}"])  # the limits carry over to the program
    return _serve(where, int(memory))


def _limit_memory(memory: int) -> None:
    """Bound the address space: a huge PNG surface fails instead of exhausting the machine."""
    resource = _resource()
    if memory > 0 and resource is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _limit_cpu(seconds: int) -> None:
    """Allow ``seconds`` more of CPU time: a backstop, should the parent die by SIGKILL on a
    system without PR_SET_PDEATHSIG (the parent's wall clock stops a layout long before)."""
    resource = _resource()
    if resource is None:  # pragma: no cover - not POSIX
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime) + seconds
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _resource() -> ModuleType | None:
    """The resource module, or None where there is none (Windows: no limits but time)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return None
    return resource


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill us when the parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - exotic libc
        pass


def _serve(where: str, memory: int) -> int:
    """Draw graphs until stdin closes. File descriptor 2 is a scratch file the parent made:
    Graphviz's C code prints there (font warnings, errors), and so does stdout's descriptor, so
    nothing lands inside a drawing; the parent can still read it if a limit kills us."""
    requests, answers = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.path.insert(0, where)
    try:
        import pygraphviz
    except (ImportError, OSError) as error:
        os.write(2, f"cannot load pygraphviz: {error}\n".encode())
        return UNAVAILABLE
    # Limited once the libraries are mapped: the budget is for the drawing, and a small one
    # must read as "out of memory", never as "Graphviz is not installed".
    _limit_memory(memory)
    try:
        while request := requests.readline():
            _answer(pygraphviz, request, requests, answers)
    except MemoryError:
        # Graphviz can leave the budget spent: even reading its messages then fails. Ending
        # with this status reads as "out of memory" to the parent, which has the messages.
        os._exit(OUT_OF_MEMORY)
    return 0


def _answer(pygraphviz: ModuleType, request: bytes, requests: BinaryIO, answers: BinaryIO) -> None:
    fmt, cpu_seconds, size = request.decode("ascii").split()
    dot = requests.read(int(size))
    _limit_cpu(int(cpu_seconds))
    os.ftruncate(2, 0)
    os.lseek(2, 0, os.SEEK_SET)
    status, drawing = _draw(pygraphviz, dot, fmt)
    sys.stderr.flush()
    os.lseek(2, 0, os.SEEK_SET)
    messages = os.read(2, 64 * 1024)  # enough to explain; Graphviz can repeat a warning per node
    answers.write(b"%d %d %d\n" % (status, len(drawing), len(messages)) + drawing + messages)
    answers.flush()


def _draw(pygraphviz: ModuleType, dot: bytes, fmt: str) -> tuple[int, bytes]:
    try:
        return DRAWN, pygraphviz.AGraph(string=dot.decode("utf-8")).draw(format=fmt, prog="dot")
    except MemoryError:
        return OUT_OF_MEMORY, b""
    except (ValueError, OSError, pygraphviz.agraph.DotError) as error:
        sys.stderr.write(f"Error: {str(error).strip() or type(error).__name__}\n")
        return FAILED, b""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
