"""`[measure]` in .cjmap.toml and `[tool.cjmap.measure]` in pyproject.toml: found, read, refused when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.lint.config import ConfigError
from cjmap.measure.config import MeasureConfig, find_config


def _journey(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "shop.journey.yaml"
    path.write_text("cjmap: 1\n", encoding="utf-8")
    return path


def test_no_file_no_settings(tmp_path: Path) -> None:
    assert find_config(_journey(tmp_path / "a")) == MeasureConfig()


def test_cjmap_toml_read_with_paths_from_its_folder(tmp_path: Path) -> None:
    (tmp_path / ".cjmap.toml").write_text(
        '[measure]\nevents = "data/*.parquet"\ncolumns = {user = "customer_id", time = "ts"}\nengine = "spark"\nwindow = "36h"\nunit = "session"\n'
        'memory_limit = "2GB"\nsource = "ga4"\ntime_format = "%Y%m%d"\nspark_remote = "sc://spark:15002"\n', encoding="utf-8")
    config = find_config(_journey(tmp_path / "journeys" / "shop"))
    assert config == MeasureConfig(file=tmp_path / ".cjmap.toml", events=str(tmp_path / "data/*.parquet"), columns="user=customer_id,time=ts", source="ga4",
                                   time_format="%Y%m%d", engine="spark", spark_remote="sc://spark:15002", memory_limit="2GB", window="36h", unit="session")


def test_pyproject_tool_cjmap_measure(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cjmap.measure]\nevents = "/data/events.csv"\ncolumns = "user=u"\n', encoding="utf-8")
    config = find_config(_journey(tmp_path))
    assert (config.events, config.columns) == ("/data/events.csv", "user=u")


def test_the_nearest_file_that_configures_cjmap_wins(tmp_path: Path) -> None:
    (tmp_path / ".cjmap.toml").write_text('[measure]\nevents = "far.csv"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[tool.black]\nline-length = 1\n', encoding="utf-8")  # not cjmap's: the search goes on
    assert find_config(_journey(tmp_path / "sub")).events == str(tmp_path / "far.csv")
    (tmp_path / "sub" / ".cjmap.toml").write_text('[lint]\nselect = ["CJ101"]\n', encoding="utf-8")  # cjmap's, with no [measure]
    assert find_config(_journey(tmp_path / "sub")) == MeasureConfig(file=tmp_path / "sub" / ".cjmap.toml")


@pytest.mark.parametrize(("toml", "message", "line"), [
    ('[measure]\nevent = "x.csv"\n', "unknown measure setting `event` (did you mean `events`?)", 2),
    ('[measure]\nengine = "spork"\n', "`engine` must be one of duckdb, spark, not 'spork' (did you mean `spark`?)", 2),
    ('[measure]\nunit = "visit"\n', "`unit` must be one of user, session", 2),
    ('[measure]\nwindow = 7\n', "`window` must be text, not 7", 2),
    ('[measure]\ncolumns = {user = "a,b"}\n', "column of `user` must be a column name", 2),
    ('[measure]\ncolumns = []\n', "`columns` must be a table", 2),
    ('measure = 3\n', "`measure` must be a table", 1),
    ('[measure\n', "invalid TOML", 1),
])
def test_a_wrong_setting_is_located(tmp_path: Path, toml: str, message: str, line: int) -> None:
    (tmp_path / ".cjmap.toml").write_text("# settings\n" + toml, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        find_config(_journey(tmp_path))
    assert message in raised.value.message
    assert raised.value.line == line + 1
