"""The process around a command: standard streams that may be closed, readers that go away,
and signals that must unwind like Ctrl-C does.

- A closed stdin, stdout or stderr (``cjmap validate x >&-``) is given /dev/null at start, so
  output is dropped quietly (the exit code still says what the command found) and no file
  cjmap opens later can land on descriptor 1 or 2, where a child process would write into it.
- A reader that goes away (``cjmap show X | head -1``) ends the run with exit 0, as the Python
  docs recommend ("Note on SIGPIPE"): the broken descriptor is pointed at /dev/null so nothing
  fails again at shutdown. A broken pipe is raised as ``ReaderGone``, not as an ``OSError``,
  because click turns an EPIPE ``OSError`` into exit 1 before cjmap could see it.
- SIGTERM is raised as ``Terminated`` and SIGINT as ``KeyboardInterrupt``, so ``finally``
  blocks run (the output writer removes its temporary file); the exit codes are 143 and 130.
  A second signal ends the process at once (the default action): the clean-up is short, and a
  user who asks twice must never meet a process only SIGKILL can stop.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import Any

EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_READER_GONE = 130, 143, 0
_STANDARD = ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w"))


class ReaderGone(BaseException):
    """The reader of stdout (or stderr) closed its end of the pipe.

    A BaseException, like KeyboardInterrupt: no ``except Exception`` on the way may swallow it."""

    def __init__(self, descriptor: int) -> None:
        super().__init__(descriptor)
        self.descriptor = descriptor


class Terminated(BaseException):
    """SIGTERM arrived: unwind, clean up, exit 143."""


def prepare() -> None:
    """Make the process safe to run a command in; call once, first thing in ``main``."""
    _reserve_standard_descriptors()
    sys.stdout = _Guarded(sys.stdout, 1)
    sys.stderr = _Guarded(sys.stderr, 2)
    for number in (signal.SIGINT, signal.SIGTERM):
        # A signal the parent chose to ignore stays ignored (`cjmap … &` in a script ignores
        # Ctrl-C, as Python itself leaves an inherited SIG_IGN alone).
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _on_signal)


def flush_standard_streams() -> None:
    """Flush now, where a broken pipe can still be handled, rather than at interpreter exit."""
    sys.stdout.flush()
    sys.stderr.flush()


def reader_gone(gone: ReaderGone) -> int:
    _to_devnull(gone.descriptor)
    return EXIT_READER_GONE


def stopped(exit_code: int) -> int:
    """After an interrupt: remove any temporary output file, say so, give the shell's code."""
    _second_signal_stops_at_once()
    writer = sys.modules.get("cjmap.files.writing")  # not loaded: nothing was being written
    if writer is not None:
        writer.remove_pending()
    try:
        sys.stderr.write("cjmap: interrupted\n" if exit_code == EXIT_INTERRUPTED else "cjmap: terminated\n")
        sys.stderr.flush()
    except (ReaderGone, OSError):
        _to_devnull(2)
    return exit_code


def _on_signal(number: int, _frame: FrameType | None) -> None:
    _second_signal_stops_at_once()
    if number == signal.SIGTERM:
        raise Terminated
    raise KeyboardInterrupt


def _second_signal_stops_at_once() -> None:
    """The first signal unwinds (clean-up runs); a second one ends the process at once, as the
    user asked twice: never a process that no signal but SIGKILL can stop."""
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is _on_signal:
            signal.signal(number, signal.SIG_DFL)


def _reserve_standard_descriptors() -> None:
    for descriptor, name, mode in _STANDARD:
        try:
            os.fstat(descriptor)
            continue
        except OSError:
            pass
        _to_devnull(descriptor)
        if getattr(sys, name) is None:
            stream = open(descriptor, mode, encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115 - the standard stream, open for the whole run
            setattr(sys, name, stream)


def _to_devnull(descriptor: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != descriptor:
        os.dup2(null, descriptor)
        os.close(null)


class _Guarded:
    """A standard stream whose broken pipe is raised as ReaderGone; everything else passes through."""

    def __init__(self, stream: Any, descriptor: int) -> None:
        self._stream, self._descriptor = stream, descriptor
        self._buffer: _Guarded | None = None

    def write(self, data: Any) -> int:
        try:
            written: int = self._stream.write(data)
        except BrokenPipeError:
            raise ReaderGone(self._descriptor) from None
        return written

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise ReaderGone(self._descriptor) from None

    @property
    def buffer(self) -> _Guarded:
        if self._buffer is None:
            self._buffer = _Guarded(self._stream.buffer, self._descriptor)
        return self._buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
