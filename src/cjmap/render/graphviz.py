"""Lay out DOT into SVG, PNG or PDF, in a child process with a time and memory budget.

pygraphviz >= 2.0.4 wheels bundle the Graphviz engine, so ``pip install`` is the whole set-up;
without it, a ``dot`` program on PATH does the work. Either way Graphviz runs in a child
process (:mod:`cjmap.render.graphviz_worker`): its layout is C code that Python cannot
interrupt, and a dense journey can keep it busy for minutes (issue 12). The child is killed
when the budget runs out and on Ctrl-C or SIGTERM, and its address space is bounded, so a huge
drawing fails with a message instead of exhausting the machine.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path

from cjmap.render import graphviz_worker as worker
from cjmap.render.graphviz_child import DRAWN, OUT_OF_MEMORY, UNAVAILABLE

REMEDIES = "install pygraphviz (`pip install 'pygraphviz>=2.0.4'`), or Graphviz's `dot` program (e.g. `apt-get install graphviz`)"
DEFAULT_TIMEOUT = 60.0  # seconds of wall-clock time for one layout
DEFAULT_MEMORY = 2 * 1024**3  # bytes of address space for the Graphviz process
MAX_MEMORY = 1024**4  # the largest budget $CJMAP_GRAPHVIZ_MEMORY may give
MEMORY_VARIABLE = "CJMAP_GRAPHVIZ_MEMORY"


class GraphvizUnavailable(RuntimeError):
    """Neither pygraphviz nor a ``dot`` program could lay out the graph."""


class GraphvizFailed(RuntimeError):
    """Graphviz refused the DOT, ran out of its budget, or stopped."""


class GraphvizTimeout(GraphvizFailed):
    """The layout took longer than its time budget and was stopped."""


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}Z?\)")


def _fixed_dates(pdf: bytes) -> bytes:
    """Cairo stamps PDFs with the time (the cairo in pygraphviz's wheel predates
    SOURCE_DATE_EPOCH). Replace each date with one of the same length, so the cross-reference
    offsets stay right and the same journey gives the same bytes."""
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:19700101000000" + (b"Z" if m.group(0).endswith(b"Z)") else b"") + b")", pdf)


def layout(dot_text: str, fmt: str, *, name: str = "the graph", timeout: float | None = None, memory: int | None = None) -> bytes:
    """``dot_text`` drawn as ``fmt``; ``name`` (the journey) is what messages talk about.

    Raises GraphvizTimeout past ``timeout`` seconds (default 60), GraphvizFailed when Graphviz refuses the
    DOT or exceeds ``memory`` bytes (default: $CJMAP_GRAPHVIZ_MEMORY, else 2 GiB; 0 = no limit),
    GraphvizUnavailable when there is no Graphviz at all.
    """
    budget = _Budget(
        name=name, fmt=fmt, timeout=timeout or DEFAULT_TIMEOUT, memory=memory if memory is not None else memory_budget()
    )
    output = _layout(dot_text.encode("utf-8"), budget)
    return _fixed_dates(output) if fmt == "pdf" else output


def warm_up() -> None:
    """Start the Graphviz worker now, so that it loads pygraphviz (about 50 ms) while the
    caller does other work; the next layout() uses it."""
    try:
        memory = memory_budget()
    except GraphvizFailed:
        return  # reported by layout(), with the journey's name
    engines = _engines()
    if engines and engines[0][0] == "pygraphviz":
        worker.start(engines[0][1], memory)


def memory_budget() -> int:
    """The memory budget from $CJMAP_GRAPHVIZ_MEMORY (e.g. ``4G``, ``0`` for none), else 2 GiB."""
    from cjmap.text.sizes import size_option

    text = os.environ.get(MEMORY_VARIABLE, "").strip()
    if not text:
        return DEFAULT_MEMORY
    size = size_option(text, option=MEMORY_VARIABLE, ceiling=MAX_MEMORY, minimum=0)
    if isinstance(size, str):
        raise GraphvizFailed(f"{size} (0: no limit)")
    return size


class _Budget:
    def __init__(self, *, name: str, fmt: str, timeout: float, memory: int) -> None:
        from cjmap.text.safe import visible

        self.name, self.fmt, self.timeout, self.memory = visible(name), fmt, timeout, memory


def _layout(dot: bytes, budget: _Budget) -> bytes:
    engines = _engines()
    if not engines:
        raise GraphvizUnavailable(f"cannot lay out {budget.fmt.upper()}: no Graphviz found; {REMEDIES}")
    why = ""
    for engine, where in engines:
        draw = worker.draw_with_pygraphviz if engine == "pygraphviz" else worker.draw_with_dot
        try:
            answer = draw(where, dot, fmt=budget.fmt, timeout=budget.timeout, memory=budget.memory)
        except worker.OutOfTime:
            raise GraphvizTimeout(_timeout_message(budget)) from None
        if answer.status != UNAVAILABLE:
            return _drawing(answer, budget)
        why = _messages(answer.messages)
    raise GraphvizUnavailable(f"cannot lay out {budget.fmt.upper()}: Graphviz did not load ({why}); {REMEDIES}")


def _engines() -> list[tuple[str, str]]:
    """pygraphviz (by the folder that holds it, found without importing it), then ``dot``."""
    engines: list[tuple[str, str]] = []
    spec = importlib.util.find_spec("pygraphviz")
    if spec is not None and spec.origin:
        engines.append(("pygraphviz", str(Path(spec.origin).parent.parent)))
    program = shutil.which("dot")
    if program is not None:
        engines.append(("dot", program))
    return engines


def _drawing(answer: worker.Answer, budget: _Budget) -> bytes:
    said = _messages(answer.messages)
    if answer.status == DRAWN and answer.drawing:
        return answer.drawing
    # "out of dynamic memory": Graphviz's DOT scanner (flex) meeting the budget while it reads.
    if answer.status == OUT_OF_MEMORY or answer.status < 0 or _OUT_OF_MEMORY.search(said):
        raise GraphvizFailed(_memory_message(budget, answer.status, said))
    if answer.status == DRAWN:  # cairo gives up on a drawing too large for it, silently
        raise GraphvizFailed(f"{budget.name}: Graphviz produced an empty {budget.fmt.upper()} ({said or 'no message'}); {_SMALLER}")
    raise GraphvizFailed(f"{budget.name}: Graphviz could not lay out the DOT: {said or 'no message'}{_hint(said)}")


_OUT_OF_MEMORY = re.compile(r"out of (dynamic )?memory", re.IGNORECASE)
_SMALLER = "make the graph smaller (fewer touchpoints or `next:` targets, shorter names, or split the journey), or render html, mermaid or markdown instead"


def _timeout_message(budget: _Budget) -> str:
    return (
        f"{budget.name}: Graphviz did not finish the {budget.fmt.upper()} layout within {budget.timeout:g} s and was stopped. "
        "Dense `next:` links make its layout slow: use fewer `next:` targets, split the journey, "
        "render html, mermaid or markdown instead, or give Graphviz more time with --graphviz-timeout SECONDS"
    )


def _memory_message(budget: _Budget, returncode: int, said: str) -> str:
    from cjmap.loader.decoding import human_size

    limit = human_size(budget.memory) if budget.memory else "no limit"
    # A C library that meets the address-space limit usually aborts or crashes rather than
    # saying so: a signal under a budget is most often that budget.
    how = f"stopped by signal {-returncode}" if returncode < 0 else "ran out of memory"
    detail = f" ({said})" if said else ""
    return (
        f"{budget.name}: Graphviz {how} drawing the {budget.fmt.upper()} (memory budget {limit}){detail}; "
        f"{_SMALLER}, or raise the budget with {MEMORY_VARIABLE} (e.g. 4G)"
    )


def _hint(said: str) -> str:
    # Graphviz's DOT scanner reads at most 16,384 bytes per quoted string.
    if "longer than 16384" in said:
        return "; a name or text in the journey is longer than the 16,384 bytes Graphviz reads in one label: shorten it, or render html, mermaid or markdown instead"
    return ""


_NOISE = ("Fontconfig", "String starting:", "Warning: graph has")


def _messages(stderr: bytes, *, limit: int = 400) -> str:
    """What Graphviz said, one line, without font chatter or echoes of the journey's text."""
    from cjmap.text.safe import visible

    # Graphviz names the graph in some messages, as "(null)" for an unnamed one: noise too.
    lines = [line.strip().removeprefix("(null): ") for line in stderr.decode("utf-8", "replace").splitlines()]
    kept = list(dict.fromkeys(line for line in lines if line and not line.startswith(_NOISE)))
    text = visible("; ".join(kept))
    return text if len(text) <= limit else text[: limit - 1] + "…"
