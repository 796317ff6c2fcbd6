"""Where the data lives, from configuration: ``[measure]`` in .cjmap.toml, ``[tool.cjmap.measure]`` in pyproject.toml.

The journey never says where its events are (MEASURE.md); a project says it once here, and the
command line overrides each setting. The file is the one lint reads for the journey: found by
walking up from the journey's folder, the nearest file that configures cjmap (``.cjmap.toml``
before ``pyproject.toml`` in a folder), read with lint's reader (the same size limit and located
TOML errors). Paths in it (``events``) are relative to the file's folder, as in any project file.
A key cjmap does not know, or a value of the wrong type or choice, is a located
:class:`~cjmap.lint.config.ConfigError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# lint's reader of configuration files: the same limits and located errors for every table.
from cjmap.lint.config import ConfigError, config_text, load_config_file
from cjmap.lint.toml_shape import key_position, table_position
from cjmap.measure import ENGINES, SOURCES, UNITS
from cjmap.text.suggest import did_you_mean

_TEXT_KEYS = ("events", "time_format", "spark_remote", "memory_limit", "window")
_CHOICES: Mapping[str, tuple[str, ...]] = {"source": SOURCES, "engine": ENGINES, "unit": UNITS}
KEYS = (*_TEXT_KEYS, "columns", *_CHOICES)


@dataclass(frozen=True)
class MeasureConfig:
    """The settings of one ``[measure]`` table (every one None when not set, or when there is no file)."""

    file: Path | None = None
    events: str | None = None  # made relative to the working folder (or absolute) when read
    columns: str | None = None  # the --columns form: "user=a,time=b"
    source: str | None = None
    time_format: str | None = None
    engine: str | None = None
    spark_remote: str | None = None
    memory_limit: str | None = None
    window: str | None = None
    unit: str | None = None


def find_config(journey: Path | None) -> MeasureConfig:
    """The ``[measure]`` settings for ``journey`` (standard input: from the working folder)."""
    folder = (journey.parent if journey is not None else Path.cwd()).resolve()
    for place in (folder, *folder.parents):
        for name in (".cjmap.toml", "pyproject.toml"):
            candidate = place / name
            if candidate.is_file():
                table = _measure_table(candidate)
                if table is not None:
                    return config_from_table(table, file=candidate)
    return MeasureConfig()


def _measure_table(path: Path) -> dict[str, Any] | None:
    """The measure table of a file ({} when it has none), or None when the file does not
    configure cjmap at all (a pyproject.toml with no [tool.cjmap]: the search goes on up)."""
    _, document = load_config_file(path)
    if path.name == "pyproject.toml":
        tool = document.get("tool")
        if not isinstance(tool, dict) or "cjmap" not in tool:
            return None
        cjmap = tool["cjmap"]
        table = cjmap.get("measure", {}) if isinstance(cjmap, dict) else {}
        where = "tool.cjmap.measure"
    else:
        table, where = document.get("measure", {}), "measure"
    if not isinstance(table, dict):
        raise ConfigError(path, f"`{where}` must be a table", *_position(path, where.rsplit(".", 1)[-1], anywhere=True))
    return table


def config_from_table(table: Mapping[str, Any], *, file: Path) -> MeasureConfig:
    """The settings of an already-parsed measure table read from ``file``."""
    values: dict[str, str] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(file, f"unknown measure setting `{key}`{did_you_mean(key, KEYS)}; known: {', '.join(KEYS)}", *_position(file, key))
        values[key] = _columns(file, value) if key == "columns" else _text(file, key, value)
    if "events" in values:
        values["events"] = str(_beside(file, values["events"]))
    return MeasureConfig(file=file, **values)


def _text(file: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(file, f"`{key}` must be text, not {value!r}", *_position(file, key))
    choices = _CHOICES.get(key)
    if choices is not None and value not in choices:
        raise ConfigError(file, f"`{key}` must be one of {', '.join(choices)}, not {value!r}{did_you_mean(value, choices)}", *_position(file, key))
    return value


def _columns(file: Path, value: Any) -> str:
    """``columns`` as a table ({user = "customer_id"}) or as the command line writes it."""
    if isinstance(value, str) and value:
        return value
    if not isinstance(value, dict) or not value:
        raise ConfigError(file, f"`columns` must be a table such as {{user = \"customer_id\", time = \"ts\"}}, or text \"user=customer_id,time=ts\"; not {value!r}",
                          *_position(file, "columns"))
    pairs = []
    for role, column in value.items():
        # The table is written in the --columns form that fields.parse_columns reads: a name
        # with its separators in it could not be told apart there.
        if not isinstance(column, str) or not column or "," in column or "=" in column:
            raise ConfigError(file, f"column of `{role}` must be a column name (text without , or =), not {column!r}", *_position(file, role))
        pairs.append(f"{role}={column}")
    return ",".join(pairs)


def _beside(file: Path, events: str) -> Path:
    """A path or glob of the configuration, from the working folder (it is written from the file's)."""
    path = Path(events).expanduser()
    return path if path.is_absolute() else file.parent / path


def _position(file: Path, key: str, *, anywhere: bool = False) -> tuple[int, int]:
    """Best effort: where ``key`` is set, searched from the measure table (tomllib keeps no positions)."""
    text = config_text(file)
    start = 1 if anywhere else table_position(text, "tool.cjmap.measure" if file.name == "pyproject.toml" else "measure")[0] or 1
    return key_position(text, key, start)
