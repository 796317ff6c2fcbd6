"""Running :mod:`cjmap.render.graphviz_child`: with pygraphviz, one worker kept for the whole
run (loading pygraphviz costs about 30 ms, a layout of a normal journey under 10 ms); with the
``dot`` program, one process per graph. Either is killed when its time runs out or when the
parent is interrupted (Ctrl-C, or SIGTERM raised as an exception), and never outlives it.
"""

from __future__ import annotations

import atexit
import math
import os
import queue
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cjmap.render.graphviz_child import DRAWN

CHILD = Path(__file__).with_name("graphviz_child.py")
# The statuses (DRAWN, FAILED…) are the child's own: it imports only os, signal and sys.
_MESSAGES_READ = 64 * 1024


class OutOfTime(Exception):
    """The graph was not drawn within its time; the process that drew it is gone."""


@dataclass(frozen=True)
class Answer:
    status: int  # DRAWN, FAILED…, or the exit code of a child that ended (negative: by that signal)
    drawing: bytes
    messages: bytes  # what Graphviz said on stderr


def draw_with_dot(program: str, dot: bytes, *, fmt: str, timeout: float, memory: int) -> Answer:
    command = _command("dot", program, str(memory), fmt, str(_cpu_seconds(timeout)))
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_environment())
    try:
        drawing, messages = process.communicate(dot, timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise OutOfTime from None
    except BaseException:  # Ctrl-C, SIGTERM turned into an exception: never leave Graphviz running
        _stop(process)
        raise
    return Answer(process.returncode, drawing, messages[:_MESSAGES_READ])


_lock = threading.Lock()  # one graph at a time per worker, whatever threads call layout()
_idle: dict[tuple[str, int], _Worker] = {}


def start(folder: str, memory: int) -> None:
    """Start a worker ahead of the first graph (it takes some 50 ms to load pygraphviz)."""
    with _lock:
        if (folder, memory) not in _idle:
            _idle[(folder, memory)] = _Worker(folder, memory)


def draw_with_pygraphviz(folder: str, dot: bytes, *, fmt: str, timeout: float, memory: int) -> Answer:
    with _lock:
        worker = _idle.pop((folder, memory), None) or _Worker(folder, memory)
        answer = worker.draw(dot, fmt=fmt, timeout=timeout)  # a worker out of time is already gone
        if answer.status == DRAWN:
            _idle[(folder, memory)] = worker
        else:
            worker.stop()  # a failure starts the next graph in a fresh process, with its whole budget
        return answer


class _Worker:
    def __init__(self, folder: str, memory: int) -> None:
        # The worker's stderr is a file, not a pipe: it can write any amount without blocking,
        # and what it said is still there if a limit kills it mid-graph.
        self.said = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop(), with the worker
        self.process = subprocess.Popen(
            _command("pygraphviz", folder, str(memory)), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.said, env=_environment()
        )
        self.answers: queue.Queue[Answer | None] = queue.Queue()
        # A thread reads the answers, so the wait for one can time out portably (no select on
        # pipes on Windows) and Ctrl-C interrupts it.
        threading.Thread(target=self._read_answers, name="cjmap-graphviz", daemon=True).start()

    def draw(self, dot: bytes, *, fmt: str, timeout: float) -> Answer:
        request = b"%s %d %d\n" % (fmt.encode("ascii"), _cpu_seconds(timeout), len(dot))
        try:
            try:
                self._stdin.write(request + dot)
                self._stdin.flush()
            except BrokenPipeError:
                pass  # the worker ended (pygraphviz did not load): the answer says how
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise OutOfTime from None
        except BaseException:
            self.stop()
            raise
        return answer if answer is not None else self._ended()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()  # SIGKILL cannot be ignored: this returns at once
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.said.close()

    def close(self) -> None:
        """End an idle worker politely: no more requests, so it leaves its loop."""
        try:
            self._stdin.close()
            self.process.wait(timeout=1)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.stop()

    @property
    def _stdin(self) -> IO[bytes]:
        assert self.process.stdin is not None
        return self.process.stdin

    def _ended(self) -> Answer:
        returncode = self.process.wait()
        self.said.seek(0)
        return Answer(returncode, b"", self.said.read(_MESSAGES_READ))

    def _read_answers(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while header := stream.readline():
                status, size, said = (int(part) for part in header.split())
                self.answers.put(Answer(status, _exactly(stream, size), _exactly(stream, said)))
        except (OSError, ValueError):
            pass  # cut off mid-answer: the worker was killed
        self.answers.put(None)


def _exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise ValueError("the worker ended mid-answer")
    return data


@atexit.register
def _close_idle_workers() -> None:
    while _idle:
        _idle.popitem()[1].close()


def _command(engine: str, where: str, memory: str, *rest: str) -> list[str]:
    # -I -S: no site-packages scan, no user paths, no PYTHON* variables: about 10 ms to start.
    return [sys.executable, "-I", "-S", str(CHILD), engine, where, str(os.getpid()), memory, *rest]


def _cpu_seconds(timeout: float) -> int:
    return math.ceil(timeout) + 10  # a backstop only: the wall clock stops a layout first


def _environment() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}  # honoured by newer cairo builds


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.kill()
    process.wait()
