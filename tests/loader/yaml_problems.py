"""Helpers for the tests of where YAML mistakes are reported: each case runs through the
loader with both parsers (the ``parser`` fixture in tests/conftest.py: libyaml and PyYAML's
pure-Python one word their errors differently) and through ``cjmap validate`` as a user runs
it, in text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from cjmap.loader import load_bytes
from conftest import cli


def only_issue(text: str) -> tuple[str, int, int, str]:
    """The one load issue of ``text``: code, line, column, message."""
    [issue] = load_bytes(text.encode("utf-8")).issues
    return issue.code, issue.line, issue.column, issue.message


def validated(tmp_path: Path, text: str) -> tuple[str, dict[str, object]]:
    """The one problem of ``text`` through ``cjmap validate``: its text line after the file name
    (``3:14: error CJ001 …``) and its JSON object; both runs exit 1 and say nothing on stderr."""
    path = tmp_path / "j.journey.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("validate", str(path))
    assert (run.code, run.stderr) == (1, ""), run.stderr
    as_json = cli("validate", "--format", "json", str(path))
    assert as_json.code == 1
    [problem] = json.loads(as_json.stdout)["problems"]
    first_line = run.stdout.splitlines()[0]
    assert first_line.startswith(f"{path}:")
    return first_line[len(str(path)) + 1 :], problem
