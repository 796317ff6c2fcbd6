"""Journey files shaped like the attacks of issue 12, for ``scripts/fuzz.py --target pipeline``.

Each generator takes a ``random.Random`` and returns the text of one journey file. The shapes
are small (kilobytes) but each aims at one way of making cjmap do unbounded work, crash on a
value, or write something a terminal, a browser or a spreadsheet would interpret:

- hostile strings: terminal escapes (CSI, OSC 0/8/52), bare CR, bidi overrides, rich markup,
  HTML, Mermaid and DOT syntax, spreadsheet formulas, in every text field;
- alias amplification: one long anchored string behind many aliases;
- numbers: huge integers and literals, non-finite floats, digits of other scripts, scale bounds
  hundreds of digits long;
- dense ``next:`` graphs, and long scalars and lines.

Strings are written as JSON strings, which are valid YAML double-quoted scalars: any character
can be expressed, control characters included.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

HOSTILE_STRINGS = (
    "\x1b[2J\x1b[H cleared",  # CSI: clear the screen
    "\x1b]0;owned title\x07",  # OSC 0: set the window title
    "\x1b]52;c;ZWNobyBvd25lZA==\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",  # OSC 8: a hidden hyperlink
    "safe\rEVIL",  # a bare CR rewrites the line
    "\u202eevil\u202c and \u2066isolate\u2069",  # bidi overrides
    "\x9b31mC1 CSI",  # the 8-bit CSI
    "[/bold]",  # rich markup that closes nothing
    "[link=https://evil.example]x[/link]",  # rich markup that makes a link
    "[bold red]loud",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "=HYPERLINK(\"https://evil.example\",\"x\")",
    "@everyone #1 @org/team",
    "%%{init: {'theme': 'dark'}}%%",
    "title Injected",
    "section Injected",
    "\"; a -> b; \"",
    "]]; x [label=\"",
    "| a | b |",
    "a: b # cjmap: disable=CJ101",
    "\u0085next line",
)

NUMBERS = (
    "9" * 5000,
    "-" + "9" * 5000,
    "0x" + "f" * 5000,
    "0o" + "7" * 5000,
    "1e400",
    "-1e400",
    ".nan",
    ".NaN",
    ".inf",
    "-.Inf",
    "1_0",
    "0x_1",
    '"\u0661"',  # ARABIC-INDIC DIGIT ONE, as text
    "\u0661",
    "9" * 400,
)


def _text(rng: random.Random) -> str:
    return json.dumps(rng.choice(HOSTILE_STRINGS) + rng.choice(("", " tail", "\x1b[0m")))


def _skeleton(touchpoints: list[str], *, title: str = '"Shape"', scale: str = "", kpi: tuple[str, str] = ("40", "30")) -> str:
    scale_line = f"  emotion_scale: {scale}\n" if scale else ""
    body = "".join(touchpoints)
    return (
        "cjmap: 1\n"
        "journey:\n"
        f"  title: {title}\n"
        "  owner: cx\n"
        "  reviewed: 2026-11-01\n"
        f"{scale_line}"
        "personas:\n"
        "  - {id: ana, name: Ana, goals: [g], pain_points: [p]}\n"
        "  - {id: bo, name: Bo, goals: [g], pain_points: [p]}\n"
        "stages:\n"
        "  - id: buy\n"
        "    kind: purchase\n"
        "    goal: Buy\n"
        "    kpis:\n"
        f"      - {{id: k1, metric: nps, target: {kpi[0]}, actual: {kpi[1]}}}\n"
        "    touchpoints:\n"
        f"{body}"
    )


def _touchpoint(index: int, *, name: str, emotion: str = "1", extra: str = "") -> str:
    return (
        f"      - id: t{index}\n"
        f"        name: {name}\n"
        "        channel: web\n"
        f"        emotion: {emotion}\n"
        f"        actions: [{name}]\n"
        f"{extra}"
    )


def hostile_strings(rng: random.Random) -> str:
    touchpoints = [
        _touchpoint(
            index,
            name=_text(rng),
            extra=(
                f"        thoughts: [{_text(rng)}]\n"
                f"        pain_points: [{{id: p{index}, text: {_text(rng)}, severity: high}}]\n"
                f"        opportunities: [{{text: {_text(rng)}, addresses: [p{index}]}}]\n"
            ),
        )
        for index in range(rng.randint(1, 6))
    ]
    return _skeleton(touchpoints, title=_text(rng))


def alias_amplification(rng: random.Random) -> str:
    length = rng.choice((1_000, 10_000, 100_000))
    aliases = rng.choice((10, 100, 1_000, 9_000))
    anchored = _touchpoint(0, name=f"&big {json.dumps('x' * length)}")
    references = ", ".join(["*big"] * aliases)
    return _skeleton([anchored + f"        thoughts: [{references}]\n"])


def numbers(rng: random.Random) -> str:
    value = rng.choice(NUMBERS)
    where = rng.choice(("title", "emotion", "scale", "kpi", "name"))
    if where == "title":
        return _skeleton([_touchpoint(0, name="a")], title=value)
    if where == "emotion":
        return _skeleton([_touchpoint(0, name="a", emotion=value)])
    if where == "scale":
        return _skeleton([_touchpoint(0, name="a")], scale=f"{{min: -{value.lstrip('-')}, max: {value.lstrip('-')}}}")
    if where == "kpi":
        return _skeleton([_touchpoint(0, name="a")], kpi=(value, rng.choice(NUMBERS)))
    return _skeleton([_touchpoint(0, name=value)])


def dense_edges(rng: random.Random) -> str:
    count = rng.randint(10, 60)
    fan_out = rng.randint(2, 20)
    touchpoints = []
    for index in range(count):
        targets = sorted({rng.randrange(count) for _ in range(fan_out)} - {index})
        touchpoints.append(_touchpoint(index, name=f"Step {index}", extra=f"        next: [{', '.join(f't{t}' for t in targets)}]\n"))
    return _skeleton(touchpoints)


def long_text(rng: random.Random) -> str:
    size = rng.choice((10_000, 100_000, 1_000_000))
    kind = rng.choice(("plain", "quoted", "words"))
    if kind == "plain":
        name = "a" * size
    elif kind == "quoted":
        name = json.dumps("\x1b[2J" * (size // 4))
    else:
        name = json.dumps("word " * (size // 5))
    return _skeleton([_touchpoint(0, name=name)])


SHAPES: dict[str, Callable[[random.Random], str]] = {
    "hostile-strings": hostile_strings,
    "alias-amplification": alias_amplification,
    "numbers": numbers,
    "dense-edges": dense_edges,
    "long-text": long_text,
}


# -- files to import: CSV rows and Mermaid diagrams ------------------------------------------

CSV_HEADER = "stage_id,stage_name,touchpoint_id,touchpoint,channel,emotion,actions,pain_points,next\n"
ODD_DIGITS = ("\u0661", "1_0", "\uff15", "9" * 30, "x")  # refused: only ASCII digits are numbers
# Names a Mermaid task line can hold (no colon, no line break) that are still hostile elsewhere.
TASK_NAMES = tuple(text for text in HOSTILE_STRINGS if ":" not in text and "\r" not in text and "\x85" not in text)


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_rows(rng: random.Random) -> str:
    """Rows with hostile cells; one file in two also carries damage: a broken quote, a cell over
    the csv module's 131,072-character limit, a byte that is not UTF-8 (a lone surrogate: the
    caller encodes with surrogateescape), a list cell that once made a pattern backtrack, or a
    number in another script."""
    rows = [CSV_HEADER.rstrip("\n")]
    count = rng.randint(1, 30)
    for index in range(count):
        following = f"t{index + 1}" if index + 1 < count else ""
        cells = ["s", "Stage", f"t{index}", _csv_cell(rng.choice(HOSTILE_STRINGS)), "web", str(rng.randint(-2, 2)),
                 _csv_cell(rng.choice(HOSTILE_STRINGS)), "", following]
        rows.append(",".join(cells))
    damage = rng.choice(("none", "none", "none", "none", "unclosed", "huge-cell", "bad-byte", "long-list", "digits"))
    if damage == "unclosed":
        rows.insert(rng.randint(1, len(rows)), 's,Stage,tx,"never closed,web,1,a,,')
    elif damage == "huge-cell":
        rows.append(f's,Stage,big,"{"x" * rng.choice((131_073, 200_000))}",web,1,a,,')
    elif damage == "bad-byte":
        rows.append("s,Stage,bad,caf\udce9,web,1,a,,")
    elif damage == "long-list":
        rows.append(f's,Stage,list,"n",web,1,"{"x [a=" * 20_000}",,')
    elif damage == "digits":
        rows.append(f"s,Stage,odd,n,web,{rng.choice(ODD_DIGITS)},a,,")
    return "\n".join(rows) + "\n"


def mermaid_diagram(rng: random.Random) -> str:
    """Hostile task names, repeated names (ids made unique once made this quadratic), and in one
    diagram of three a long task line that once made the task pattern backtrack or a score in
    another script."""
    lines = ["journey", f"  title {rng.choice(TASK_NAMES)}", "  section One"]
    lines.extend(f"    Same task: {rng.randint(1, 5)}: Ana" for _ in range(rng.choice((1, 100, 5_000))))
    lines.extend(f"    {rng.choice(TASK_NAMES)}: {rng.randint(1, 5)}: Ana, Bo" for _ in range(rng.randint(0, 5)))
    damage = rng.choice(("none", "none", "long-line", "digits"))
    if damage == "long-line":
        lines.append("    a:5" + " " * rng.choice((1_000, 20_000, 80_000)) + "x")
    elif damage == "digits":
        lines.append(f"    Odd: {rng.choice(ODD_DIGITS)}: Ana")
    return "\n".join(lines) + "\n"


IMPORTS: dict[str, tuple[str, Callable[[random.Random], str]]] = {
    "csv-rows": ("csv", csv_rows),
    "mermaid-diagram": ("mermaid", mermaid_diagram),
}
