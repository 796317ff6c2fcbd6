"""Changing a YAML file people wrote, and nothing else of it (``import csv --base``, later
``measure --write``).

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow style of what it
loads, but it re-writes the whole file: it drops comments before a ``---``, normalises the
spaces in ``key:   value`` and ``[ a,  b ]``, and re-indents. So the edit is made in ruamel's
tree and then carried onto the original text as a three-way merge of lines (files/merge3.py): ruamel's dump of
the file before the edit is the common base, the original text is one side, ruamel's dump after
the edit the other. Lines the edit does not touch come from the original, byte for byte.

Scalars are resolved as cjmap's loader resolves them (YAML 1.2 core, ``no`` and ``012`` are
text, dates are text), so unchanged values compare equal and a new string that cjmap would
read as a number or a boolean is quoted. Aliases are refused: an edited value shared by an
alias would change in both places, and walking a tree of nested aliases can take forever.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from cjmap.files.merge3 import merge3, opcodes
from cjmap.loader import DocPath, Limits, LoadResult, SourceMap, load_bytes
from cjmap.loader.scalars import BOOL_TAG, FLOAT_TAG, INT_TAG, NULL_TAG, STR_TAG, resolve_plain

__all__ = ["YamlEditError", "kept_gaps", "rebased", "updated_yaml"]

_CONTENT = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)  # the first line that is not blank or a comment
_START = re.compile(r"---(?:[ \t]|$)", re.MULTILINE)
# "key:" ending its line (a comment may follow), then the first line of its value.
_NESTED = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)(- )?", re.MULTILINE)
_TAGS = ((bool, BOOL_TAG), (int, INT_TAG), (float, FLOAT_TAG), (str, STR_TAG))
_QUOTED = (SingleQuotedScalarString, DoubleQuotedScalarString)
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, as cjmap's loader reads


class YamlEditError(ValueError):
    """The file cannot be changed in place (it uses aliases, or is not a YAML mapping)."""


def updated_yaml(original: str, data: Mapping[str, Any], *, current: LoadResult | None = None) -> str:
    """``original`` changed so that it loads to ``data``, changing only what differs.

    Mappings are updated key by key (new keys appended in ``data``'s order); lists whose items
    all have an ``id`` are matched by id (a moved item keeps its comments), other lists by
    position; an item that moves to a sibling's list (a touchpoint to another stage) is matched
    by id there too, and keeps its comments and style. Raises YamlEditError when the original uses aliases or is not a mapping.
    ``current``: cjmap's loading of ``original``, when the caller has it (it is read otherwise)."""
    _refuse_aliases(original)
    current = _quick_load(original) if current is None else current if current.data is not None and not current.issues else None
    if current is not None and _same(current.data, data):
        return original
    # A file that ends without a line break is changed with one (else a line added after its
    # last line would join it), and still ends without one.
    windows = original.count("\r\n") * 2 > original.count("\n")  # a Windows file stays one
    unended = bool(original) and not original.endswith("\n")
    mine = original + ("\r\n" if windows else "\n") if unended else original
    out = _edited_in_place(mine, current, data, windows=windows) if current is not None else None
    if out is None:
        out = _edited_whole(mine, data, windows=windows)
    return out.rstrip("\r\n") if unended else out


def _quick_load(text: str) -> LoadResult | None:
    """The file as cjmap reads it (libyaml: fast), with where each value starts; None when
    cjmap's loader does not read it cleanly (the whole-file edit then says why)."""
    loaded = load_bytes(text.encode("utf-8"), limits=Limits(max_bytes=max(len(text) * 4, Limits().max_bytes)))
    return loaded if loaded.data is not None and not loaded.issues else None


def _refuse_aliases(text: str) -> None:
    if "*" not in text:  # no alias without its star: the common case costs one scan of the text
        return
    parser = _Parser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise YamlEditError(_alias_message(line, str(event.anchor)))
    except yaml.YAMLError:
        return  # not YAML libyaml reads: ruamel's reading reports it
    finally:
        parser.dispose()


def _alias_message(line: int, anchor: str) -> str:
    return (f"line {line}: the alias *{anchor} repeats a value; cjmap cannot change a file with aliases "
            "in place (a changed value would change everywhere it is repeated): write the value out")


def _edited_whole(text_in: str, data: Mapping[str, Any], *, windows: bool) -> str:
    """The whole file through ruamel: loaded once, written before and after the edit, and the
    edit carried onto the original lines by the three-way merge."""
    text = text_in.replace("\r\n", "\n")  # comments read from CRLF text keep their \r
    tree = _load(_untabbed(text))
    writer = _yaml(text)
    base = _dump(writer, tree)  # ruamel's writing of the original, before the tree is changed
    _update_map(tree, data)
    theirs = _dump(writer, tree)
    if windows:
        base, theirs = base.replace("\n", "\r\n"), theirs.replace("\n", "\r\n")
    mine = text_in.splitlines(keepends=True)
    return "".join(kept_gaps(mine, merge3(mine, base.splitlines(keepends=True), theirs.splitlines(keepends=True))))


# Editing in place. A change deep in a big file (one touchpoint's name) is made on the few
# lines of the smallest entry that holds it: the entry's lines, dedented, are a small YAML
# document of their own, changed as the whole file would be (ruamel's round trip and the
# three-way merge) and put back at their indentation. Where the entry's lines start and end
# comes from cjmap's own loader (libyaml: where each key and item starts); an entry ends where
# the next one of its parent starts, the last one where its parent ends. Every window must load
# to exactly the entry it replaces, and the whole result to ``data``; if anything does not, the
# whole file is edited instead. So the work is proportional to the change, not to the file.

_ODD_BREAKS = re.compile(r"\r(?!\n)|[\x85\u2028\u2029]")  # line breaks libyaml counts and str.split("\n") does not
_ITEM_HEAD = re.compile(r"( *)- +")  # the text before an item that starts on its dash's line


@dataclass
class _Doc:
    lines: list[str]
    data: Mapping[str, Any]
    source_map: SourceMap
    indents: tuple[int, int, int]


_Window = tuple[int, int, list[str]]  # first line, end line (0-based, exclusive), new lines


def _edited_in_place(text: str, current: LoadResult, data: Mapping[str, Any], *, windows: bool) -> str | None:
    """``text`` with each changed entry's lines replaced, or None when that cannot be done."""
    if _ODD_BREAKS.search(text):
        return None
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    doc = _Doc(lines, current.data or {}, current.source_map, _indents(text.replace("\r\n", "\n")))
    found: list[_Window] = []
    if not _windows(doc, (), current.data, data, found, windows=windows):
        return None
    out: list[str] = []
    at = 0
    for first, end, replacement in sorted(found, key=lambda window: window[0]):
        out += lines[at:first]
        out += replacement
        at = end
    result = "".join(out + lines[at:])
    check = _quick_load(result)
    return result if check is not None and _same(check.data, data) else None


def _windows(doc: _Doc, path: DocPath, old: Any, new: Any, found: list[_Window], *, windows: bool) -> bool:
    """Add the windows that change ``old`` (at ``path``) into ``new``; False when the node must
    be replaced whole (its keys or items changed, or it is written in flow style)."""
    if _same(old, new):
        return True
    if isinstance(old, Mapping) and isinstance(new, Mapping) and list(old) == list(new):
        parts = [(key, old[key], new[key]) for key in old if not _same(old[key], new[key])]
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new) and _same_places(old, new):
        parts = [(index, a, b) for index, (a, b) in enumerate(zip(old, new, strict=True)) if not _same(a, b)]
    else:
        return False
    if path and _inline(doc, path):
        return False
    spans: set[Any] = set()
    if isinstance(old, list) and (moves := _moves(old, new)):
        # Items move between the lists of items lo..hi (touchpoints between stages): one window
        # over those items, so that a moved one is matched by id and keeps its lines.
        ends = [index for found in moves.values() for pair in found.values() for index in pair]
        lo, hi = min(ends), max(ends)
        parts = [part for part in parts if not lo <= part[0] <= hi] + [(lo, old[lo : hi + 1], new[lo : hi + 1])]
        spans.add(lo)
    mine: list[_Window] = []
    for key, a, b in parts:
        if key in spans or not _windows(doc, (*path, key), a, b, mine, windows=windows):
            window = _window(doc, (*path, key), a, b, item=isinstance(old, list), windows=windows, span=key in spans)
            if window is None:
                return False
            mine.append(window)
    found += mine
    return True


def _same_places(old: list[Any], new: list[Any]) -> bool:
    """The items stay where they are (as _update_seq matches them: by id, else by position)."""
    old_ids, new_ids = _ids(old), _ids(new)
    return old_ids == new_ids if old_ids is not None and new_ids is not None else True


def _inline(doc: _Doc, path: DocPath) -> bool:
    """The collection at ``path`` is written in flow style (or behind an anchor or a tag)."""
    line, column = doc.source_map.values.get(path, (0, 0))
    if not line:
        return True
    return doc.lines[line - 1][column - 1 : column] in ("[", "{", "&", "!", "")


def _window(doc: _Doc, path: DocPath, old: Any, new: Any, *, item: bool, windows: bool, span: bool = False) -> _Window | None:
    """The lines of the entry at ``path`` (a list item or a key with its value) changed to hold
    ``new``, or None when they are not a YAML document of their own. ``span``: ``old`` and
    ``new`` are the lists of the items from ``path`` on (the window covers them all)."""
    olds, news = (old, new) if span else ([old], [new])
    where = doc.source_map.values.get(path) if item else doc.source_map.keys.get(path)
    if where is None:
        return None
    first, column = where[0] - 1, where[1] - 1
    head = doc.lines[first][:column]
    _mapping, _sequence, offset = doc.indents
    if item:
        dash = _ITEM_HEAD.fullmatch(head)
        if dash is None or len(dash[1]) < offset:
            return None
        indent = len(dash[1]) - offset  # ruamel writes a top-level list at the file's dash offset
    elif head.strip(" "):
        return None
    else:
        indent = column
    last: Any = path[-1]  # an item's index, when ``item``
    region = doc.lines[first : _end(doc, (*path[:-1], last + len(olds) - 1) if item else path)]
    text = _dedented(region, indent)
    if text is None:
        return None
    writer = _yaml(text, indents=doc.indents, start=False)
    try:
        tree = writer.load(_untabbed(text))
    except YAMLError:
        return None
    if item:
        if not isinstance(tree, CommentedSeq) or not _same(tree, olds):
            return None
    elif not isinstance(tree, CommentedMap) or not _same(tree, _entry(path, old)):
        return None
    base = _dump(writer, tree)
    if isinstance(tree, CommentedSeq):
        _update_seq(tree, news)
    else:
        _update_map(tree, _entry(path, new))
    theirs = _dump(writer, tree)
    return first, first + len(region), kept_gaps(region, merge3(region, _shifted(base, indent, windows=windows), _shifted(theirs, indent, windows=windows)))


def _entry(path: DocPath, value: Any) -> dict[Any, Any]:
    return {path[-1]: value}  # keys are text or whole numbers (emotion-scale labels), as loaded


def _dedented(lines: list[str], indent: int) -> str | None:
    """The lines without their first ``indent`` spaces (a comment may stand further left);
    None when a line of content does."""
    body: list[str] = []
    for line in lines:
        lead = len(line) - len(line.lstrip(" "))
        if lead < indent and line.strip() and not line.lstrip().startswith("#"):
            return None
        body.append(line[min(lead, indent) :])
    return "".join(body).replace("\r\n", "\n")


def _shifted(text: str, indent: int, *, windows: bool) -> list[str]:
    pad = " " * indent
    lines = (text.replace("\n", "\r\n") if windows else text).splitlines(keepends=True)
    return [pad + line if line.strip() else line for line in lines]


def _end(doc: _Doc, path: DocPath) -> int:
    """The line (0-based) where the entry at ``path`` ends: where its next sibling starts, or
    where its parent ends."""
    if not path:
        return len(doc.lines)
    parent: Any = doc.data
    for step in path[:-1]:
        parent = parent[step]
    key: Any = path[-1]
    if isinstance(parent, list):
        if key + 1 < len(parent):
            return doc.source_map.values.get((*path[:-1], key + 1), (len(doc.lines) + 1, 0))[0] - 1
    else:
        keys = list(parent)
        at = keys.index(key)
        if at + 1 < len(keys):
            return doc.source_map.keys.get((*path[:-1], keys[at + 1]), (len(doc.lines) + 1, 0))[0] - 1
    return _end(doc, path[:-1])


class _CjmapResolver(VersionedResolver):
    """Plain scalars resolve as cjmap's loader resolves them (see the module docstring)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            try:
                resolved = resolve_plain(value)
            except ValueError:  # a number too long: text to ruamel, an error to cjmap's loader
                return Tag(suffix=STR_TAG)
            return Tag(suffix=next((tag for kind_, tag in _TAGS if isinstance(resolved, kind_)), NULL_TAG))
        return super().resolve(kind, value, implicit)


class _NoAliases(Composer):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise YamlEditError(_alias_message(event.start_mark.line + 1, event.anchor))
        return super().compose_node(parent, index)


def _yaml(text: str, *, indents: tuple[int, int, int] | None = None, start: bool | None = None) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _CjmapResolver
    yaml.Composer = _NoAliases
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never fold a long line that was one line
    yaml.explicit_start = bool(_START.match(_content_start(text))) if start is None else start
    mapping, sequence, offset = indents or _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _content_start(text: str) -> str:
    """The text from its first line that is not blank or a comment."""
    match = _CONTENT.search(text)
    return text[match.start() :] if match else ""


def _indents(text: str) -> tuple[int, int, int]:
    """The file's own mapping indent and list indent and dash offset, from the first nested
    mapping and the first nested list (default: 2-space mappings, lists indented under keys)."""
    mapping: int | None = None
    sequence: int | None = None
    offset: int | None = None
    for match in _NESTED.finditer(text):
        step = len(match[2]) - len(match[1])
        if match[3] and sequence is None and step >= 0:
            offset, sequence = step, step + 2
        elif not match[3] and mapping is None and step > 0:
            mapping = step
        if mapping is not None and sequence is not None:
            break
    return mapping or 2, sequence or 4, 2 if offset is None else offset


def _load(text: str) -> CommentedMap:
    try:
        loaded = _yaml(text).load(text)
    except YAMLError as error:
        raise YamlEditError(f"cannot read the file to change it: {error}") from None
    if not isinstance(loaded, CommentedMap):
        raise YamlEditError("the file does not hold a mapping of keys to values")
    return loaded


def _dump(yaml: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _same(old: Any, new: Any) -> bool:
    """Equal as cjmap reads them: a boolean is not the number 1, mappings compare key by key."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return old.keys() == new.keys() and all(_same(value, new[key]) for key, value in old.items())
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, (Mapping, list)) or isinstance(new, (Mapping, list)) or isinstance(old, bool) != isinstance(new, bool):
        return False
    return bool(type(old) is type(new) or (isinstance(old, str) and isinstance(new, str)) or old == new) and old == new


def _merged(old: Any, new: Any, pools: _Pools | None = None) -> Any:
    """``old`` (a node of the file) changed to hold ``new``, keeping what can be kept; ``pools``:
    the items that move into its lists from a sibling's (see _departures)."""
    if _same(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        _update_map(old, new, pools)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        _update_seq(old, new)  # a list in a list: comments of its last removed item go with it (rare)
        return old
    return _restyled(old, new)


def _restyled(old: Any, new: Any) -> Any:
    """A new value written as the old one was: quoted the same way, or as a block."""
    if not isinstance(new, str):
        return _fresh(new)
    if isinstance(old, _QUOTED) and new.isprintable() and ("\n" not in new or "\n" in old):
        return type(old)(new)
    return _fresh(new)


def _fresh(value: Any) -> Any:
    if isinstance(value, Mapping):
        return CommentedMap((key, _fresh(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(_fresh(item) for item in value)
    if isinstance(value, str) and _literal(value):
        return LiteralScalarString(value)
    return value


def _literal(text: str) -> bool:
    """Text on several lines that a literal block (``|``) holds exactly, as people write it and
    as a new import writes it; other text is left to ruamel's quoting. ruamel writes a block
    whatever the text (a control character, and it is not YAML; a first line that starts with a
    space, and its indentation indicator is wrong at a file's own indents), so it is checked here:
    printable characters and tabs, a first character that is not blank, no line of only spaces
    (a block would read it as empty)."""
    return ("\n" in text and text[0] not in " \t\n" and all(char.isprintable() or char in "\n\t" for char in text)
            and not any(line.isspace() for line in text.split("\n")))


def _update_map(node: CommentedMap, new: Mapping[str, Any], pools: _Pools | None = None) -> None:
    removed = [key for key in node if key not in new]
    added = [key for key in new if key not in node]
    if removed or added:
        keys = [key for key in node if key in new] + added
        leads, trailer = _restructure(node, removed)
        for key in added:
            node[key] = _fresh(new[key])
        _place(node, keys, [leads.get(key, []) for key in keys], trailer)
    for key in new:
        if key in added:
            continue
        value = node[key]
        if isinstance(value, CommentedSeq) and isinstance(new[key], list) and not _same(value, new[key]) and len(value) and not value.fa.flow_style():
            _lift_header(node, key)
            orphans = _update_seq(value, new[key], (pools or {}).get(key))
            if not value:
                value.fa.set_flow_style()  # `key: []`: ruamel writes an emptied block list's [] on a line of its own
            _settle(node, key, orphans)
        else:
            node[key] = _merged(value, new[key])


def _lift_header(node: CommentedMap, key: Any) -> None:
    """The comment lines between ``key:`` and its list's first item made that item's own.
    ruamel keeps them on the key (after its end-of-line comment, or apart), so they would stay
    where they are when the item moves or goes, and above ``[]`` when the list is emptied."""
    entry = node.ca.items.get(key)
    if not entry:
        return
    lines: list[CommentToken] = []
    if entry[2] is not None:
        head, newline, rest = entry[2].value.partition("\n")
        if rest:
            entry[2].value = head + newline
            lines.append(CommentToken(rest, CommentMark(0)))
    if len(entry) > 3 and entry[3]:
        lines += entry[3]
        entry[3] = None
    seq = node[key]
    if seq.ca.comment and len(seq.ca.comment) > 1:
        seq.ca.comment[1] = None  # ruamel's second record of the same lines
    if lines:
        first = seq.ca.items.setdefault(0, [None, None, None, None])
        first[1] = lines + (first[1] or [])


def _settle(node: CommentedMap | CommentedSeq, key: Any, orphans: list[CommentToken]) -> None:
    """Comment lines of a list that lost every item, written after it (``key: []``)."""
    if orphans:
        _place_after(node, key, orphans)


def _update_seq(node: CommentedSeq, new: list[Any], arrivals: _Arrivals | None = None) -> list[CommentToken]:
    """``node`` changed to hold ``new``; ``arrivals``: items that come from a sibling's list, by id.
    Returns the comment lines of a list that lost every item."""
    old_ids, new_ids = _ids(node), _ids(new)
    pools: _Pools = {}
    if old_ids is not None and new_ids is not None:
        where = {item_id: index for index, item_id in enumerate(old_ids)}
        kept = [where.get(item_id) for item_id in new_ids]
        pools = _departures(node, new, kept)
    else:
        kept = [index if index < len(node) else None for index in range(len(new))]
    if kept == list(range(len(node))):  # the same items in the same places
        for index, item in enumerate(new):
            node[index] = _merged(node[index], item, pools)
        return []
    came = {old_id: arrivals[old_id] for old_id in (new_ids or []) if arrivals and old_id in arrivals}
    removed = [index for index in range(len(node)) if index not in set(kept)]
    leads, trailer = _restructure(node, removed)
    entries = {index: node.ca.items.get(index) for index in range(len(node))}
    items = [_merged(node[old], item, pools) if old is not None else _merged(came[item["id"]][0], item) if _came(item, came) else _fresh(item)
             for old, item in zip(kept, new, strict=True)]
    node.clear()
    node.ca.items.clear()
    node.extend(items)
    for position, old in enumerate(kept):
        entry = entries.get(old) if old is not None else None
        if entry is not None:
            node.ca.items[position] = entry
    _place(node, list(range(len(node))), [leads.get(old, []) if old is not None else came[item["id"]][1] if _came(item, came) else []
                                          for old, item in zip(kept, new, strict=True)], trailer)
    return [] if len(node) else trailer


# Items that change lists: a touchpoint whose row names another stage leaves one stage's
# ``touchpoints`` for another's. Updated list by list, it would be removed from one (its comment
# lines passed on to the next item) and written anew in the other (block lists instead of its
# ``[a, b]``, its quotes lost). So the list that holds both lists (``stages``) takes each moving
# item out first, with the comment lines above it, and hands it to the list it goes to.

_Arrivals = dict[Any, tuple[CommentedMap, list[CommentToken]]]  # id -> the item's node and the comment lines above it
_Pools = dict[Any, _Arrivals]  # the key of the lists (``touchpoints``) -> the items that arrive in one of them


def _came(item: Any, came: _Arrivals) -> bool:
    return isinstance(item, Mapping) and item.get("id") in came


def _moves(old: list[Any], new: list[Any]) -> dict[Any, dict[Any, tuple[int, int]]]:
    """For each key whose lists hold items with ids, in items matched by id: the ids of the
    items that change list, with the old index of the item they leave and the new index of the
    item they join. Ids found in more than one list are left alone."""
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is None or new_ids is None:
        return {}
    moves: dict[Any, dict[Any, tuple[int, int]]] = {}
    for key in dict.fromkeys(key for item in old for key, value in item.items() if isinstance(value, list)):
        was, now = _homes(old, key), _homes(new, key)
        for child_id, to in now.items():
            home = was.get(child_id)
            if home is not None and old_ids[home] != new_ids[to]:
                moves.setdefault(key, {})[child_id] = (home, to)
    return moves


def _homes(items: list[Any], key: Any) -> dict[Any, int]:
    """The id of each item of the lists under ``key`` -> the index of the item holding its list."""
    homes: dict[Any, int] = {}
    twice: set[Any] = set()
    for index, item in enumerate(items):
        children = item.get(key)
        for child_id in (_ids(children) or []) if isinstance(children, list) else []:
            if child_id in homes:
                twice.add(child_id)
            homes[child_id] = index
    return {child_id: index for child_id, index in homes.items() if child_id not in twice}


def _departures(node: CommentedSeq, new: list[Any], kept: list[int | None]) -> _Pools:
    """The items that move between the lists of ``node``'s items, taken out with the comment
    lines above them. A stub with the same id keeps each one's place (and the comment lines
    after it, which stay above the next item) until its old list is updated: it is then a
    removed item. Only between block lists that both stay (else the item is written anew)."""
    pools: _Pools = {}
    for key, moves in _moves(node, new).items():
        for child_id, (home, to) in moves.items():
            joined = kept[to]
            donor, target = node[home].get(key), node[joined].get(key) if joined is not None else None
            if not (_block(donor) and _block(target)):
                continue
            _lift_header(node[home], key)
            at = next(index for index, item in enumerate(donor) if item.get("id") == child_id)
            lead = (_take_rest(donor, at - 1) if at else []) + _take_pre(donor, at)
            tail = _take_rest(donor, at)
            stub = CommentedMap([("id", child_id)])
            if tail:
                _place_after(stub, "id", tail)
            pools.setdefault(key, {})[child_id] = (donor[at], lead)
            donor[at] = stub
    return pools


def _block(value: Any) -> bool:
    return isinstance(value, CommentedSeq) and bool(len(value)) and not value.fa.flow_style()


# Comments. ruamel keeps the comment lines between two items at the end of the first item
# (deep inside its last value); when items are removed, added or moved, the lines above an
# item must go with it. So the comments after each item are taken off first (the lead of the
# next item, or the list's trailer) and put back as the comments before each item afterwards.

_Leads = dict[Any, list[CommentToken]]


def _restructure(node: CommentedMap | CommentedSeq, removed: list[Any]) -> tuple[_Leads, list[CommentToken]]:
    """Take the comments between items off; those of a removed item pass to the next kept one."""
    order = list(node) if isinstance(node, CommentedMap) else list(range(len(node)))
    leads: _Leads = {}
    for position, key in enumerate(order):
        pre = _take_pre(node, key)
        leads[key] = (_take_rest(node, order[position - 1]) if position else []) + pre
    trailer = _take_rest(node, order[-1]) if order else []
    carried: list[CommentToken] = []
    for key in order:
        if key in removed:
            carried += leads.pop(key)
        elif carried:
            leads[key] = carried + leads[key]
            carried = []
    trailer = carried + trailer
    for key in removed:
        if isinstance(node, CommentedMap):
            del node[key]
    return leads, trailer


def _place(node: CommentedMap | CommentedSeq, keys: list[Any], leads: list[list[CommentToken]], trailer: list[CommentToken]) -> None:
    for key, lead in zip(keys, leads, strict=True):
        if lead:
            node.ca.items.setdefault(key, [None, None, None, None])[1] = lead
    if trailer and keys:
        _place_after(node, keys[-1], trailer)


def _place_after(node: CommentedMap | CommentedSeq, key: Any, comments: list[CommentToken]) -> None:
    """Comment lines written after item ``key`` (and after its end-of-line comment)."""
    entry, slot = _tail_slot(node, key)
    text = "".join(_text(token) for token in comments)
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken("\n" + text, CommentMark(0))
    else:
        token.value = token.value + text


def _text(token: CommentToken) -> str:
    """A comment's lines as written: a comment that starts at its ``#`` keeps its column."""
    column = token.start_mark.column if token.value.startswith("#") else 0
    return " " * column + token.value


def _take_pre(node: CommentedMap | CommentedSeq, key: Any) -> list[CommentToken]:
    entry = node.ca.items.get(key)
    if not entry or not entry[1]:
        return []
    pre: list[CommentToken] = entry[1]
    entry[1] = None
    return pre


def _take_rest(node: CommentedMap | CommentedSeq, key: Any) -> list[CommentToken]:
    """The comment lines after item ``key`` (its own end-of-line comment stays with it)."""
    entry, slot = _tail_slot(node, key)
    token = entry[slot]
    if token is None:
        return []
    head, newline, rest = token.value.partition("\n")
    if not rest:
        return []
    if head.strip():
        token.value = head + newline
    else:
        entry[slot] = None
    return [CommentToken(rest, CommentMark(0))]


def _tail_slot(node: CommentedMap | CommentedSeq, key: Any) -> tuple[list[Any], int]:
    """Where ruamel keeps the comment after item ``key``: at the end of its last block value."""
    value = node[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        return _tail_slot(value, next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1)
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    return entry, 2 if isinstance(node, CommentedMap) else 0


def _ids(items: list[Any]) -> list[Any] | None:
    """The items' ids when every item is a mapping with a distinct ``id``."""
    ids = [item.get("id") for item in items if isinstance(item, Mapping) and isinstance(item.get("id"), str)]
    return ids if len(ids) == len(items) and len(set(ids)) == len(ids) and ids else None


def rebased(original: Any, before: Any, after: Any) -> Any:
    """The changes from ``before`` to ``after`` made to ``original``: a value that did not change
    stays as ``original`` has it. For an edit made on a normalised copy of the file's data (a
    model's dump) that must not turn into a rewrite of what the normalising changed."""
    if _same(before, after):
        return original
    if isinstance(original, Mapping) and isinstance(before, Mapping) and isinstance(after, Mapping):
        # Keys the copy does not have (it left them out) stay; keys it dropped go; keys only the
        # copy has (a default it filled in) come in only when the edit changed them.
        kept = {key: rebased(value, before[key], after[key]) if key in before else value for key, value in original.items() if key in after or key not in before}
        return kept | {key: value for key, value in after.items() if key not in kept and not (key in before and _same(before[key], value))}
    if isinstance(original, list) and isinstance(before, list) and isinstance(after, list) and len(original) == len(before):
        ids = _ids(before)
        if ids is not None and _ids(after) is not None:
            by_id = dict(zip(ids, zip(original, before, strict=True), strict=True))
            return [rebased(by_id[item["id"]][0], by_id[item["id"]][1], item) if item["id"] in by_id else item for item in after]
        if len(after) == len(before):
            return [rebased(mine, old, new) for mine, old, new in zip(original, before, after, strict=True)]
    return after


# End-of-line comments. ruamel writes a changed line's comment at the column it stood at, or one
# space after the new text when that text reaches past it: `target: 30}   # objetivo` became
# `actual: 50.49} # objetivo`. The gap the user typed is theirs, as the rest of the line is. And
# ruamel cannot read a tab before a comment in a flow collection (`{a: 1}<TAB># note`) that libyaml
# reads: the tab is a space for ruamel, and comes back on every line the edit changes.


def kept_gaps(original: list[str], changed: list[str]) -> list[str]:
    """``changed`` (``original`` after an edit) with each changed line's end-of-line comment placed
    as the original line had it: at its column when the new text leaves room (comments aligned
    down a block stay aligned), else after the original gap; a gap with a tab stays as typed."""
    out = list(changed)
    for tag, a_lo, a_hi, b_lo, b_hi in opcodes(original, changed):
        if tag != "replace" or a_hi - a_lo != b_hi - b_lo:
            continue  # lines added or removed: no line of the original to take the gap from
        for was, now in zip(range(a_lo, a_hi), range(b_lo, b_hi), strict=True):
            out[now] = _gap_kept(original[was], changed[now])
    return out


def _gap_kept(was: str, now: str) -> str:
    old, new = _comment_start(was), _comment_start(now)
    if old is None or new is None or was[old:] != now[new:]:
        return now  # not the same comment: nothing of the original to keep
    old_code, new_code = was[:old].rstrip(" \t"), now[:new].rstrip(" \t")
    gap = was[len(old_code) : old]
    if "\t" not in gap and len(new_code) + 1 <= old:
        gap = " " * (old - len(new_code))  # the comment keeps its column
    return new_code + gap + now[new:]


def _comment_start(line: str) -> int | None:
    """Where the line's end-of-line comment starts (its ``#``), or None: a ``#`` after a blank,
    outside quoted scalars (a quote opens one only where a value can start)."""
    at, size = 0, len(line)
    value_can_start = True
    while at < size:
        char = line[at]
        if char == "#" and at and line[at - 1] in " \t":
            return at if line[:at].strip() else None  # a comment line is not an end-of-line comment
        if value_can_start and char in "\"'":
            at = _quoted_end(line, at)
            value_can_start = False
            continue
        if char not in " \t":
            value_can_start = char in "[{," or (char in "-:?" and (at + 1 == size or line[at + 1] in " \t\r\n"))
        at += 1
    return None


def _quoted_end(line: str, at: int) -> int:
    """The index after the quoted scalar that opens at ``at`` (the line's end when it goes on)."""
    quote, at = line[at], at + 1
    while at < len(line):
        if line[at] == "\\" and quote == '"':
            at += 2
            continue
        if line[at] == quote:
            if quote == "'" and line[at + 1 : at + 2] == "'":
                at += 2  # '' is a quote inside single quotes
                continue
            return at + 1
        at += 1
    return at


def _untabbed(text: str) -> str:
    """``text`` with the tabs before end-of-line comments made spaces, for ruamel (kept_gaps puts them back)."""
    if "\t" not in text:
        return text
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        start = _comment_start(line) if "\t" in line else None
        if start is not None:
            code = line[:start].rstrip(" \t")
            lines[index] = code + line[len(code) : start].replace("\t", " ") + line[start:]
    return "".join(lines)
