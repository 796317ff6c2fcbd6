"""Report libyaml's own nesting refusal as cjmap's CJ005, at the place cjmap's limit is crossed.

libyaml 0.2.6 (bundled by PyYAML 6.0.2 and newer) refuses nesting deeper than 1,000 levels by
itself (https://github.com/yaml/libyaml/pull/278). Its scanner reads ahead of the parser while a
flow collection could still turn out to be a mapping key (``[a]: b``), so in a run such as
``[[[[…`` it reaches its own cap before the parser hands cjmap a single event, and the user
would get a syntax error at column 1,003 instead of CJ005 where the journey crosses cjmap's limit
(64 levels). Older libyaml has no cap, and a later one may pick another number; the answer must
not depend on which one is installed.

When libyaml stops with an error, and what it read ahead could hold enough collection starts
to cross cjmap's limit, the text up to the error is read again by PyYAML's pure-Python parser,
which has no cap of its own and keeps explicit stacks (no recursion), into a fresh
:class:`Builder`: if that builder stops at the depth limit, its CJ005 is the answer. The check
never depends on the wording of libyaml's message, and its cost falls only on files that are
already failing.
"""

from __future__ import annotations

from typing import Any

import yaml

from cjmap.loader.builder import Builder, FatalIssue, Issue
from cjmap.loader.decoding import LINE_BREAK
from cjmap.loader.limits import Limits

# Characters that can open a nesting level: flow collections, block sequence entries and
# explicit or implicit mapping keys. Counting them over-estimates the depth, never under.
_OPENERS = "[{-?:"


def depth_issue(
    text: str,
    error: yaml.YAMLError,
    *,
    builder: Builder,
    read_up_to: tuple[int, int],
    limits: Limits,
) -> list[Issue] | None:
    """Issues to report instead of libyaml's ``error`` when the real problem is depth, else None.

    ``builder`` is the one libyaml's events went to; ``read_up_to`` is the 0-based line and
    column where its last event ended: what libyaml read beyond it never reached cjmap.
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    stop = _offset(text, mark.line, mark.column)
    start = _offset(text, *read_up_to)
    read_ahead = text[start : stop + 1]
    could_cross = len(builder.stack) + sum(read_ahead.count(c) for c in _OPENERS) >= limits.max_depth
    if not could_cross:
        return None
    return _reread(text[: stop + 1], limits)


def _reread(prefix: str, limits: Limits) -> list[Issue] | None:
    probe = Builder(limits=limits)
    parser: Any = yaml.SafeLoader(prefix)  # pure Python: no nesting cap of its own
    try:
        while parser.check_event():
            probe.feed(parser.get_event())
    except FatalIssue as fatal:
        if fatal.issue.code == "CJ005":
            return [*probe.issues, fatal.issue]
    except yaml.YAMLError:
        pass  # the prefix ends where libyaml stopped: pure-Python PyYAML fails there too
    finally:
        parser.dispose()
    return None


def _offset(text: str, line: int, column: int) -> int:
    """Character offset of a 0-based line and column, counting the breaks libyaml counts."""
    line_start = 0
    if line > 0:
        for number, found in enumerate(LINE_BREAK.finditer(text), start=1):
            line_start = found.end()
            if number == line:
                break
    return min(line_start + column, len(text))
