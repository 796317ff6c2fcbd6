"""Several outputs written together (import mermaid -o FOLDER/): every file, or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.files.writing import OutputError, OutputExists, write_all_atomically


def test_every_file_is_written(tmp_path: Path) -> None:
    targets = [tmp_path / "new" / "a.yaml", tmp_path / "new" / "b.yaml"]
    write_all_atomically([(targets[0], b"a\n"), (targets[1], b"b\n")], replace=False)
    assert [path.read_bytes() for path in targets] == [b"a\n", b"b\n"]
    assert sorted(path.name for path in (tmp_path / "new").iterdir()) == ["a.yaml", "b.yaml"]  # no temporary file left


def test_an_existing_target_stops_all_without_replace(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_bytes(b"mine\n")
    with pytest.raises(OutputExists):
        write_all_atomically([(tmp_path / "a.yaml", b"a\n"), (tmp_path / "b.yaml", b"b\n")], replace=False)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["b.yaml"] and (tmp_path / "b.yaml").read_bytes() == b"mine\n"


def test_a_folder_in_the_way_stops_all_even_with_replace(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").mkdir()
    with pytest.raises(OutputError):
        write_all_atomically([(tmp_path / "a.yaml", b"a\n"), (tmp_path / "b.yaml", b"b\n")], replace=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["b.yaml"]


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "diagram.md"
    source.write_bytes(b"journey\n")
    with pytest.raises(OutputError, match="is the input"):
        write_all_atomically([(tmp_path / "a.yaml", b"a\n"), (source, b"b\n")], inputs=[source], replace=True)
    assert source.read_bytes() == b"journey\n" and not (tmp_path / "a.yaml").exists()


def test_replacing_keeps_a_files_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    write_all_atomically([(target, b"new\n")], replace=True)
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"new\n", 0o640)
