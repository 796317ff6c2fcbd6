"""Lint configuration: ``[tool.cjmap.lint]`` in pyproject.toml or ``[lint]`` in .cjmap.toml.

Found by walking up from each journey file; the nearest file that configures cjmap wins
(``.cjmap.toml`` before ``pyproject.toml`` in the same folder). A broken or ill-typed
configuration is a :class:`ConfigError` with the file, line and column: the CLI exits 2.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmap.lint import registry
from cjmap.lint.config_tables import ConfigWarning, configures_nothing, located, read_table, unread_tables
from cjmap.lint.toml_shape import MAX_NESTING, decode_problem, key_position, shape_problem, table_position
from cjmap.problems import SEVERITIES, Severity
from cjmap.text.suggest import did_you_mean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_KEYS = ("select", "ignore", "severity", "per-file-ignores", "rules")
# A pyproject.toml is a few kilobytes; a bigger configuration is a mistake or an attack, and is
# refused before it is parsed (tomllib reads the whole text into memory).
MAX_CONFIG_BYTES = 1024**2


class ConfigError(Exception):
    def __init__(self, file: Path, message: str, line: int | None = None, column: int = 1) -> None:
        super().__init__(f"{located(file, line, column)}: {message}")
        self.file, self.line, self.column, self.message = file, line, column, message


@dataclass(frozen=True)
class LintConfig:
    """Settings from one configuration file (or the defaults when there is none)."""

    file: Path | None = None
    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)  # code -> level
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()  # (glob, codes)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> option -> value

    @property
    def root(self) -> Path:
        return self.file.parent if self.file is not None else Path.cwd()


def read_config(path: Path) -> LintConfig:
    """Read an explicit configuration file (``--config``)."""
    _, document = load_config_file(path)
    table = _lint_table(path, document)
    return _build(path, table if table is not None else {})


def config_from_table(table: dict[str, Any], *, file: Path) -> LintConfig:
    """A configuration from an already-parsed lint table (tests, and tools embedding cjmap)."""
    return _build(file, table)


class ConfigFinder:
    """Finds the configuration for each file, reading each folder's files once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, LintConfig] = {}
        self.warnings: list[ConfigWarning] = []  # for each file read, in the order they were read

    def for_file(self, file: Path | None) -> LintConfig:
        start = (file.parent if file is not None else Path.cwd()).resolve()
        return self._for_folder(start)

    def _for_folder(self, folder: Path) -> LintConfig:
        if folder in self._by_folder:
            return self._by_folder[folder]
        found = self._here(folder)
        if found is None:
            found = LintConfig() if folder.parent == folder else self._for_folder(folder.parent)
        self._by_folder[folder] = found
        return found

    def _here(self, folder: Path) -> LintConfig | None:
        for name in (".cjmap.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                text, document = load_config_file(candidate)
                self.warnings.extend(unread_tables(candidate, document, text))
                table = _lint_table(candidate, document)
                if table is not None:
                    return _build(candidate, table)
        return None


def config_warnings(config_file: Path | None, journeys: list[Path | None]) -> list[ConfigWarning]:
    """The warnings of the configuration files that lint ``journeys`` would read (``config_file``
    alone when given), each file once; a broken file is a :class:`ConfigError`."""
    if config_file is not None:
        text, document = load_config_file(config_file)
        found = unread_tables(config_file, document, text)
        return found if found or _lint_table(config_file, document) is not None else [configures_nothing(config_file)]
    finder = ConfigFinder()
    for journey in journeys:
        finder.for_file(journey)
    return finder.warnings


def load_config_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The configuration's text, and what tomllib makes of it."""
    text = _read(path)
    return text, _parse(path, text)


def _parse(path: Path, text: str) -> dict[str, Any]:
    problem = shape_problem(text)
    if problem is None:
        try:
            data: dict[str, Any] = tomllib.loads(text)  # tomli has no types (Python 3.10)
            return data
        except RecursionError:  # a backstop: shape_problem stops nesting far below this depth
            raise ConfigError(path, f"arrays or inline tables nested too deep (more than {MAX_NESTING} levels)") from None
        except tomllib.TOMLDecodeError as error:
            problem = decode_problem(error, text)
    raise ConfigError(path, problem.message, problem.line, problem.column)


def _read(path: Path) -> str:
    """The configuration's text, read as journeys are (a regular file only, never a device or
    pipe; at most one byte past the size limit)."""
    from cjmap.files.reading import read_limited
    from cjmap.loader import Limits

    raw = read_limited(path, limits=Limits(max_bytes=MAX_CONFIG_BYTES), pipes=False)
    if not isinstance(raw, bytes):
        raise ConfigError(path, raw.message)
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(path, f"the configuration is larger than {MAX_CONFIG_BYTES // 1024**2} MiB; cjmap's settings take a few lines")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(path, f"cannot read the configuration: {error}") from None


def config_text(path: Path) -> str:
    """The text again, to find a position in it; empty if it cannot be read now."""
    try:
        return _read(path)
    except ConfigError:
        return ""


def _lint_table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    """The lint table, or None when this file does not configure cjmap."""
    if path.name == "pyproject.toml":
        tool = _table(path, document.get("tool", {}), "tool")
        if "cjmap" not in tool:
            return None
        cjmap = _table(path, tool["cjmap"], "tool.cjmap")
        return _table(path, cjmap.get("lint", {}), "tool.cjmap.lint")
    return _table(path, document.get("lint", {}), "lint")


def _table(path: Path, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, f"`{where}` must be a table", *_key_position(path, where.rsplit(".", 1)[-1], anywhere=True))
    return value


def _build(path: Path, table: dict[str, Any]) -> LintConfig:
    for key in table:
        if key not in _KEYS:
            raise ConfigError(path, f"unknown lint setting `{key}`{did_you_mean(key, _KEYS)}; known: {', '.join(_KEYS)}", *_key_position(path, key))
    select = _codes(path, table, "select") if "select" in table else None
    return LintConfig(
        file=path,
        select=frozenset(select) if select is not None else None,
        ignore=frozenset(_codes(path, table, "ignore")),
        severity=_severities(path, table.get("severity", {})),
        per_file_ignores=_per_file_ignores(path, table.get("per-file-ignores", {})),
        options=_options(path, table.get("rules", {})),
    )


def _codes(path: Path, table: dict[str, Any], key: str) -> set[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(path, f"`{key}` must be a list of rule codes or names, e.g. [\"CJ101\"]", *_key_position(path, key))
    return _expand(path, value, key)


def _expand(path: Path, selectors: list[str], key: str) -> set[str]:
    try:
        return registry.expand(selectors)
    except KeyError as error:
        unknown = str(error.args[0])
        raise ConfigError(path, f"in `{key}`: {registry.unknown_rule_message(unknown)}", *_key_position(path, key)) from None


def _severities(path: Path, value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(path, "`severity` must be a table such as {CJ101 = \"error\"}", *_key_position(path, "severity"))
    levels: dict[str, Severity] = {}
    for selector, level in value.items():
        if level not in SEVERITIES:
            raise ConfigError(path, f"severity of `{selector}` must be one of {', '.join(SEVERITIES)}, not {level!r}", *_key_position(path, selector))
        for code in _expand(path, [selector], "severity"):
            levels[code] = level
    return levels


def _per_file_ignores(path: Path, value: Any) -> tuple[tuple[str, frozenset[str]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(path, "`per-file-ignores` must be a table of glob = [codes]", *_key_position(path, "per-file-ignores"))
    pairs = []
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ConfigError(path, f"per-file-ignores for `{pattern}` must be a list of rule codes or names", *_key_position(path, pattern))
        pairs.append((pattern, frozenset(_expand(path, codes, "per-file-ignores"))))
    return tuple(pairs)


def _options(path: Path, value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ConfigError(path, "`rules` must be a table of rule = {option = value}", *_key_position(path, "rules"))
    options: dict[str, dict[str, Any]] = {}
    for selector, settings in value.items():
        try:
            rule = registry.get_rule(selector)
        except KeyError:
            raise ConfigError(path, registry.unknown_rule_message(selector), *_key_position(path, selector)) from None
        if not isinstance(settings, dict):
            raise ConfigError(path, f"options of `{selector}` must be a table", *_key_position(path, selector))
        for option, setting in settings.items():
            if option not in rule.options:
                known = ", ".join(rule.options) or "none"
                raise ConfigError(path, f"rule {rule.code} has no option `{option}` (options: {known})", *_key_position(path, option))
            default = rule.options[option]
            if type(setting) is not type(default):
                kind = {int: "an integer", float: "a number", str: "text", bool: "true or false"}.get(type(default), type(default).__name__)
                raise ConfigError(path, f"option `{option}` of {rule.code} must be {kind}, not {setting!r}", *_key_position(path, option))
            if isinstance(setting, (int, float)) and not isinstance(setting, bool) and setting < 0:
                raise ConfigError(path, f"option `{option}` of {rule.code} must be zero or more, not {setting!r}", *_key_position(path, option))
        options[rule.code] = dict(settings)
    return options


def _key_position(path: Path, key: str, *, anywhere: bool = False) -> tuple[int, int]:
    """Best effort: where ``key`` is set or opens a table (tomllib keeps no positions).

    The search starts at cjmap's own lint table, so that another tool's ``select`` in the same
    pyproject.toml is never blamed, and skips comments.
    """
    text = config_text(path)
    start = 1 if anywhere else table_position(text, read_table(path))[0] or 1
    return key_position(text, key, start)
