"""Build plain data and its source map from one pass over libyaml's parse events.

Why events and not ``yaml.compose``: libyaml's C *composer* recurses once per nesting level and
crashes the whole process (segmentation fault) near 50,000 levels, which a 100 KB file reaches.
libyaml's *parser* keeps an explicit stack, so reading its events is safe at any depth; building
the data here, iteratively, lets us stop at ``max_depth`` before anything recurses. The same
pass records positions (where each key and value starts and ends), rejects duplicate keys and unknown tags, and counts what aliases expand:
both in nodes and in size (characters of scalars plus one per node), so the budgets in
:class:`Limits` hold before anything downstream (models, renderers) sees the data.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from cjmap.loader.limits import Limits
from cjmap.loader.scalars import (
    COLLECTION_TAGS,
    SCALAR_TAGS,
    NumberTooLong,
    TagError,
    mapping_key,
    resolve_plain,
    resolve_tagged,
    short_tag,
)
from cjmap.loader.sourcemap import DocPath, Position, SourceMap


class Issue(NamedTuple):
    code: str
    message: str
    line: int
    column: int
    path: DocPath = ()
    # Where the offending token ends (exclusive); 0 when unknown (validation then ends the
    # span with the start line).
    end_line: int = 0
    end_column: int = 0


class _Anchor(NamedTuple):
    value: Any
    weight: int  # nodes
    size: int  # characters of its scalars plus one per node


class FatalIssue(Exception):
    """Stops the build: the rest of the file cannot be read meaningfully."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: DocPath
    anchor: str | None
    record: bool  # False inside the value of a duplicate key: its positions must not win
    weight: int = 1
    size: int = 1  # expanded size: characters of its scalars plus one per node
    key: Hashable = None
    has_key: bool = False
    key_positions: dict[Hashable, Position] = field(default_factory=dict)
    skip_value: bool = False
    flow: bool = False  # [a, b] or {a: b}: ends at its closing bracket
    last_end: Position = (1, 1)  # where the last child read so far ends: a block collection's end


def _position(mark: Any) -> Position:
    # PyYAML marks are 0-based; convert once, here (STYLE.md habit 4).
    return (mark.line + 1, mark.column + 1)


class Builder:
    def __init__(self, *, limits: Limits) -> None:
        self.limits = limits
        self.source_map = SourceMap()
        self.issues: list[Issue] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.alias_nodes = 0
        self.expanded = 0  # size of the document with every alias written out
        self.documents = 0
        self.root: Any = None
        self.root_position: Position | None = None

    # -- events -------------------------------------------------------------------------

    def feed(self, event: Any) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    def _document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise FatalIssue(Issue(
                "CJ009",
                "a second YAML document starts here; a journey file holds exactly one: "
                "remove the `---` separator or move the rest to its own file",
                *_position(event.start_mark),
                (),
                *_position(event.end_mark),
            ))

    def _scalar(self, event: Any) -> None:
        position, end = _position(event.start_mark), _position(event.end_mark)
        size = len(event.value) + 1
        self._grow(size, position, end)
        if len(event.value) > self.limits.max_scalar_chars:
            self._value_too_long(event.value, position, end)
            value: Any = event.value  # never resolved: a 5 MB "number" is not worth converting
        else:
            value = self._scalar_value(event, position, end)
        if self._expecting_key():
            value = mapping_key(value, event.value)
        self._attach(value, (position, end), weight=1, size=size, anchor=event.anchor)

    def _value_too_long(self, text: str, position: Position, end: Position) -> None:
        self.issues.append(Issue(
            "CJ014",
            f"this value is {len(text):,} characters long, over the budget of "
            f"{self.limits.max_scalar_chars:,} for one value; shorten it, or keep the long text "
            "elsewhere and link to it (for example under `evidence:`)",
            *position,
            self._scalar_path(text),
            *end,
        ))

    def _scalar_path(self, text: str) -> DocPath:
        """The path of the scalar being read (``text``, kept as written, when it is a key).

        Issues about a refused value carry it, so validation can drop the type errors that
        merely repeat them (see validation/pipeline.py).
        """
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if isinstance(parent.container, list):
            return (*parent.path, len(parent.container))
        return (*parent.path, parent.key if parent.has_key else text)

    def _grow(self, size: int, position: Position, end: Position = (0, 0)) -> None:
        """Count ``size`` into the expanded document; stop at the first node past the budget."""
        self.expanded += size
        if self.expanded > self.limits.expanded_budget:
            raise FatalIssue(Issue(
                "CJ004",
                f"with its aliases written out, the document grows past "
                f"{self.limits.expanded_budget:,} characters here (an alias bomb repeats a large "
                "value many times); write the repeated values out, or repeat smaller ones",
                *position,
                (),
                *end,
            ))

    def _expecting_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and not self.stack[-1].has_key

    def _collection_start(self, event: Any) -> None:
        position, opening_end = _position(event.start_mark), _position(event.end_mark)
        if len(self.stack) >= self.limits.max_depth:
            raise FatalIssue(Issue(
                "CJ005",
                f"collections are nested more than {self.limits.max_depth} levels deep; "
                "a journey needs about 8: flatten the structure",
                *position,
                (),
                *opening_end,
            ))
        path, record = self._child_path(position, opening_end)
        self._check_collection_tag(event, (position, opening_end), path)
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        container: dict[Any, Any] | list[Any] = {} if is_mapping else []
        self._grow(1, position, opening_end)
        self.stack.append(_Frame(container, path, event.anchor, record, flow=bool(event.flow_style), last_end=opening_end))

    def _collection_end(self, event: Any) -> None:
        frame = self.stack.pop()
        # A flow collection ends at its bracket; a block one where its last child does (its
        # end event stands at the next token, past blank lines and comments).
        end = _position(event.end_mark) if frame.flow else frame.last_end
        if frame.record and self.stack:
            self.source_map.value_ends[frame.path] = end
        if frame.anchor is not None:
            self.anchors[frame.anchor] = _Anchor(frame.container, frame.weight, frame.size)
        self._store(frame.container, frame.weight, frame.size, end)

    def _alias(self, event: Any) -> None:
        position, end = _position(event.start_mark), _position(event.end_mark)
        if event.anchor not in self.anchors:
            raise FatalIssue(Issue(
                "CJ001",
                f"alias *{event.anchor} refers to no anchor defined before it "
                f"(define &{event.anchor} first; an alias cannot point into its own collection)",
                *position,
                (),
                *end,
            ))
        value, weight, size = self.anchors[event.anchor]
        self.alias_nodes += weight
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise FatalIssue(Issue(
                "CJ004",
                f"aliases expand to more than {self.limits.max_alias_nodes:,} nodes, which looks "
                "like an alias bomb (\"billion laughs\"); write the repeated values out instead",
                *position,
                (),
                *end,
            ))
        self._grow(size, position, end)
        self._attach(value, (position, end), weight=weight, size=size, anchor=None)

    # -- helpers ------------------------------------------------------------------------

    def _scalar_value(self, event: Any, position: Position, end: Position) -> Any:
        tag, plain = event.tag, event.implicit[0]
        if tag is None and not plain:  # untagged quoted scalars are text
            return event.value
        try:
            if tag is None:
                return resolve_plain(event.value, max_number_chars=self.limits.max_number_chars)
            return self._tagged(tag, event.value, (position, end))
        except NumberTooLong as error:
            self._number_too_long(error, (position, end), event.value)
            return event.value  # kept as written, so a text field reports nothing more

    def _tagged(self, tag: str, value: str, span: tuple[Position, Position]) -> Any:
        if tag not in SCALAR_TAGS:
            self._unsupported_tag(tag, span)
            return value
        try:
            return resolve_tagged(tag, value, max_number_chars=self.limits.max_number_chars)
        except TagError as error:
            self.issues.append(Issue("CJ003", f"{error}; remove the tag or fix the value", *span[0], (), *span[1]))
            return value

    def _number_too_long(self, error: NumberTooLong, span: tuple[Position, Position], text: str) -> None:
        self.issues.append(Issue(
            "CJ015",
            f"this number is written with {error.length:,} characters, over the budget of "
            f"{self.limits.max_number_chars}; no journey value needs it: shorten it, or put it in "
            "quotes if it is text (an id, a code)",
            *span[0],
            self._scalar_path(text),
            *span[1],
        ))

    def _check_collection_tag(self, event: Any, span: tuple[Position, Position], path: DocPath) -> None:
        if event.tag is None or event.implicit:
            return
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        expected = "tag:yaml.org,2002:map" if is_mapping else "tag:yaml.org,2002:seq"
        if event.tag in COLLECTION_TAGS and event.tag not in ("!", expected):
            self.issues.append(Issue(
                "CJ003",
                f"the tag {short_tag(event.tag)} does not fit a {'mapping' if is_mapping else 'list'}; remove the tag",
                *span[0],
                path,
                *span[1],
            ))
        elif event.tag not in COLLECTION_TAGS:
            self._unsupported_tag(event.tag, span, path)

    def _unsupported_tag(self, tag: str, span: tuple[Position, Position], path: DocPath = ()) -> None:
        self.issues.append(Issue(
            "CJ003",
            f"the tag {short_tag(tag)} is not allowed: cjmap reads plain data only "
            "(text, numbers, true/false, lists, mappings); remove the tag",
            *span[0],
            path,
            *span[1],
        ))

    def _child_path(self, position: Position, opening_end: Position) -> tuple[DocPath, bool]:
        """Path of the node that starts at ``position``; records its start in the source map.

        ``opening_end`` is where its first token ends: the end of a key used as a collection.
        """
        if not self.stack:
            self.root_position = position
            return (), True
        parent = self.stack[-1]
        if isinstance(parent.container, list):
            path = (*parent.path, len(parent.container))
        elif not parent.has_key:  # only a collection gets here as a key: scalars go to _take_key
            raise FatalIssue(Issue(
                "CJ001",
                "a mapping key must be a plain value (text or a number), not a list or mapping",
                *position,
                (),
                *opening_end,
            ))
        else:
            path = (*parent.path, parent.key)
        record = parent.record and not parent.skip_value
        if record:
            self.source_map.values[path] = position
        return path, record

    def _attach(self, value: Any, span: tuple[Position, Position], *, weight: int, size: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = _Anchor(value, weight, size)
        if self.stack and isinstance(self.stack[-1].container, dict) and not self.stack[-1].has_key:
            self._take_key(self.stack[-1], value, span)
            return
        path, record = self._child_path(*span)
        if record and self.stack:
            self.source_map.value_ends[path] = span[1]
        self._store(value, weight, size, span[1])

    def _take_key(self, frame: _Frame, key: Any, span: tuple[Position, Position]) -> None:
        position, end = span
        if isinstance(key, (dict, list)):  # an alias to a collection used as a key
            raise FatalIssue(Issue(
                "CJ001",
                "a mapping key must be a plain value (text or a number), not a list or mapping",
                *position,
                (),
                *end,
            ))
        frame.key, frame.has_key = key, True
        first = frame.key_positions.get(key)
        frame.skip_value = first is not None
        if first is not None:
            self.issues.append(Issue(
                "CJ002",
                f"duplicate key `{key}`: first defined at line {first[0]} column {first[1]}, "
                f"again at line {position[0]} column {position[1]}; keep one of them "
                "(YAML would silently keep only the last)",
                *position,
                (*frame.path, key),
                *end,
            ))
            return
        frame.key_positions[key] = position
        if frame.record:
            where = (*frame.path, key)  # a star in a subscript is Python 3.11 syntax
            self.source_map.keys[where] = position
            self.source_map.key_ends[where] = end

    def _store(self, value: Any, weight: int, size: int, end: Position) -> None:
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.weight += weight
        parent.size += size
        parent.last_end = end
        if isinstance(parent.container, list):
            parent.container.append(value)
            return
        if not parent.skip_value:
            parent.container[parent.key] = value
        parent.key, parent.has_key, parent.skip_value = None, False, False


_HANDLERS = {
    yaml.DocumentStartEvent: Builder._document_start,
    yaml.ScalarEvent: Builder._scalar,
    yaml.MappingStartEvent: Builder._collection_start,
    yaml.SequenceStartEvent: Builder._collection_start,
    yaml.MappingEndEvent: Builder._collection_end,
    yaml.SequenceEndEvent: Builder._collection_end,
    yaml.AliasEvent: Builder._alias,
}
