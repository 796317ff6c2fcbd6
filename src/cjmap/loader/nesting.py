"""What libyaml's own nesting cap would hide: CJ005 at cjmap's limit, or the problem before it.

libyaml 0.2.6 (bundled by PyYAML 6.0.2 and newer) refuses nesting deeper than 1,000 levels by
itself (https://github.com/yaml/libyaml/pull/278). Its scanner reads ahead of the parser while a
flow collection could still turn out to be a mapping key (``[a]: b``), so in a run such as
``[[[[…`` it reaches its own cap before the parser hands cjmap a single event, and the user
would get a syntax error at column 1,003 instead of CJ005 where the journey crosses cjmap's limit
(64 levels), or instead of the real problem that lies before it. Older libyaml has no cap, and
a later one may pick another number; the answer must not depend on which one is installed.

So when libyaml stops at the start of a collection, and what it read ahead of the last event it
handed over could hold enough collection starts to cross cjmap's limit, the text is read again
by PyYAML's pure-Python parser, which has no cap of its own and keeps explicit stacks (no
recursion), into a fresh :class:`Builder`. The first problem that reading meets (CJ005 at the
65th level, or whatever comes before it) is the answer, as it is without a capped libyaml. The
check never depends on the wording of libyaml's message, and its cost falls only on files that
are already failing: the re-read stops at the first problem, or just past where libyaml stopped.
"""

from __future__ import annotations

from typing import Any

import yaml

from cjmap.loader.builder import Builder, FatalIssue, Issue
from cjmap.loader.decoding import offset_at
from cjmap.loader.limits import Limits
from cjmap.loader.syntax import syntax_issue

# Where libyaml points when it refuses a level: the bracket or brace of a flow collection, the
# `-` of a block sequence, the `?` or `:` that starts a block mapping.
_COLLECTION_STARTS = "[{-?:"


def depth_issue(
    text: str,
    error: yaml.YAMLError,
    *,
    depth: int,
    read_up_to: tuple[int, int],
    limits: Limits,
) -> list[Issue] | None:
    """The issues to report instead of libyaml's ``error`` when libyaml may have stopped at a
    nesting cap of its own, else None (``error`` is then the real problem).

    ``depth`` is how deep the events libyaml handed over had gone; ``read_up_to`` is the 0-based
    line and column where the last of them ended: what libyaml read beyond it never reached cjmap.
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    stop = offset_at(text, mark.line, mark.column)
    if stop >= len(text) or text[stop] not in _COLLECTION_STARTS:
        return None
    read_ahead = text[offset_at(text, *read_up_to) : stop + 1]
    # Counting characters over-estimates the levels read ahead (some may sit in quotes), never
    # under: below the limit, libyaml cannot have crossed it unseen.
    if depth + sum(read_ahead.count(c) for c in _COLLECTION_STARTS) < limits.max_depth:
        return None
    return _reread(text, stop=stop, limits=limits)


def _reread(text: str, *, stop: int, limits: Limits) -> list[Issue] | None:
    builder = Builder(limits=limits)
    # PyYAML's pure-Python scanner refuses some tabs that libyaml accepts as separators ("a:\t[");
    # libyaml accepted this text up to ``stop``, so spaces there change no position.
    parser: Any = yaml.SafeLoader(text.replace("\t", " "))
    try:
        while parser.check_event():
            event = parser.get_event()
            if event.start_mark.index > stop:
                return None  # past libyaml's stopping point with nothing found: not a depth problem
            builder.feed(event)
    except FatalIssue as fatal:
        return [*builder.issues, fatal.issue]
    except yaml.YAMLError as error:
        return [*builder.issues, syntax_issue(error, text)]
    finally:
        parser.dispose()
    return None

