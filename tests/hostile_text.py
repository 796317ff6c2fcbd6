"""Hostile journey text for the terminal and report tests: a journey whose every text field
holds escape sequences, markup and controls; a runner; and the check that nothing in the
output would act on a terminal. Issue 12, "Nothing injected"."""

from __future__ import annotations

import json
import re

from conftest import TODAY, RawRun, cli_raw, within

# Each piece is separated by spaces, so rich wraps between them and each stays whole.
PIECES = (
    "\x1b[2J",  # clear the screen
    "\x1b]52;c;ZXZpbA==\x07",  # write the clipboard
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",  # a hidden hyperlink
    "\x1b]0;pwned\x07",  # the window title
    "safe\rEVIL",  # a bare CR overwrites the line
    "[/bold]",  # crashed show with MarkupError
    "[link=https://x.example]a[/link]",  # became a live hyperlink
    "\u202etxt.exe",  # bidi override (Trojan Source)
    "\u2066iso\u2069",  # bidi isolate
    "\x9b31m",  # C1 CSI
    "nel\x85del\x7f",
)
HOSTILE = " ".join(PIECES)
# What must be seen instead (a few, one per kind of attack).
SEEN = ("\\x1b[2J", "\\x1b]52;c;ZXZpbA==\\x07", "safe\\rEVIL", "[/bold]", "[link=https://x.example]a[/link]", "\\u202etxt.exe", "\\x9b31m")
# Anything a terminal would act on. Tabs and line feeds are layout; nothing else may pass.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The colour codes cjmap itself writes under FORCE_COLOR: SGR only.
SGR = re.compile(r"\x1b\[[0-9;]*m")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML): escapes, no raw control characters."""
    return json.dumps(text)


def hostile_journey(tag: str = "", *, actual: float = 5, emotion: int = -2) -> str:
    def q(field: str) -> str:
        return quoted(f"{field}{tag} {HOSTILE}")

    return f"""\
cjmap: 1
journey:
  title: {q("title")}
  type: current-state
  owner: {q("owner")}
  description: {q("description")}
  reviewed: 2026-01-01
channels:
  - {{id: evil-channel, name: {q("channel")}}}
personas:
  - {{id: ann, name: {q("Ann")}}}
  - {{id: bob, name: {q("Bob")}}}
stages:
  - id: awareness
    name: {q("stage")}
    goal: {q("goal")}
    kpis:
      - {{id: conv, name: {q("kpi")}, unit: {q("unit")}, target: 10, actual: {actual}}}
    touchpoints:
      - id: t1
        name: {q("touchpoint")}
        channel: evil-channel
        personas: [ann, bob]
        emotion: {{ann: {emotion}, bob: 1}}
        pain_points:
          - {{id: p1, text: {q("pain")}, severity: high}}
          - {{id: p2, text: {q("unaddressed")}, severity: low}}
        opportunities:
          - {{text: {q("opportunity")}, addresses: [p1]}}
      - id: t2
        name: {q("second")}
        channel: web
        emotion: {{ann: 0}}
"""


def run(*args: str, color: bool = False, timeout: float = 120) -> RawRun:
    """The CLI in this process, as piped in CI (no terminal), coloured or not; bytes, so
    nothing is lost in decoding. ``timeout`` bounds the run (SIGALRM) instead of hanging."""
    env = {**TODAY, "COLUMNS": "400"}
    env.update({"FORCE_COLOR": "1"} if color else {"NO_COLOR": "1"})
    with within(timeout, f"cjmap {args[0]}"):
        return cli_raw(*args, env=env)


def clean(raw: bytes, *, color: bool = False) -> str:
    """The output as text, after checking nothing in it would act on a terminal."""
    text = raw.decode("utf-8")  # strict: a stray C1 byte (0x9b) fails here
    if color:
        text = SGR.sub("", text)
    found = UNSAFE.search(text)
    assert found is None, f"raw {found.group(0)!r} in output: {text[max(0, found.start() - 60):found.end() + 60]!r}"
    assert "Traceback" not in text
    return text


def assert_safe(completed: RawRun, code: int, *, color: bool = False, coloured: bool | None = None) -> str:
    """The output, checked safe. ``color``: the run was asked for colour; ``coloured`` (default:
    the same): stdout must hold some, as formats for terminals do (Markdown and JSON never)."""
    if (color if coloured is None else coloured) and completed.stdout:
        # Colour was asked for, so it must be there: output that silently lost it would pass
        # the safety checks below for the wrong reason.
        assert SGR.search(completed.stdout.decode("utf-8", "replace")), completed.stdout[:200]
    out, err = clean(completed.stdout, color=color), clean(completed.stderr, color=color)
    assert completed.code == code, err
    return out + err
