"""File faults: a full disk, an interrupt in a many-file render, two renders at once.

Each ends with a clear error or a complete file, never a half-written one, and inputs are
never touched. (Unwritable folders, outputs that are folders or links to inputs: see
tests/render/test_render_command.py.)
"""

from __future__ import annotations

import errno
import hashlib
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cjmap.files.writing import OutputError, write_atomically
from conftest import EXAMPLES, ROOT, TODAY, clean_environment, cli

sys.path.insert(0, str(ROOT / "bench"))
from generate import journey_text

# In process (cli) except where the process is the subject: a full disk simulated by patching
# os.fsync before main() (exit code and message of the real entry point), an interrupt in a
# many-file render, and two renders racing for one output.

BANK = EXAMPLES / "bank-account-opening.journey.yaml"


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.journey.yaml"))}


def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("the old map", encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("cjmap.files.writing.os.fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomically(target, b"<html>new</html>")
    assert target.read_text(encoding="utf-8") == "the old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_full_disk_in_the_cli_is_a_clear_error(tmp_path):
    probe = (
        "import errno, os, sys\n"
        "def full(_):\n    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "os.fsync = full\n"
        "from cjmap.cli import main\n"
        f"sys.argv = ['cjmap', 'render', {str(BANK)!r}, '-o', {str(tmp_path / 'map.html')!r}]\nmain()\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 2
    assert "No space left on device" in completed.stderr and "Traceback" not in completed.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def many_journeys(tmp_path: Path) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir()
    rng = random.Random(3)
    for index in range(150):
        (folder / f"j-{index:03d}.journey.yaml").write_text(journey_text(index, rng), encoding="utf-8")
    return folder


def test_an_interrupt_in_a_many_file_render_leaves_only_complete_files(tmp_path, many_journeys):
    before = _digest(many_journeys)
    out = tmp_path / "site"
    process = subprocess.Popen(
        [sys.executable, "-m", "cjmap", "render", str(many_journeys), "-o", f"{out}/"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=clean_environment(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and len(list(out.glob("*.html"))) >= 3):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (130, 0), stderr  # 130: interrupted, as shells report SIGINT
    assert b"Traceback" not in stderr
    pages = list(out.glob("*.html"))
    assert pages, "the render should have written some pages before the interrupt"
    for page in pages:
        assert page.read_text(encoding="utf-8").endswith("</html>\n"), page
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert _digest(many_journeys) == before


def test_two_renders_to_the_same_output_at_once(tmp_path):
    target = tmp_path / "map.html"
    expected = cli("render", str(BANK)).stdout.encode("utf-8")
    for _ in range(5):
        processes = [
            subprocess.Popen([sys.executable, "-m", "cjmap", "render", str(BANK), "-o", str(target)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=clean_environment())
            for _ in range(2)
        ]
        assert [p.wait(timeout=120) for p in processes] == [0, 0]
        assert target.read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_inputs_are_never_touched_by_any_command(tmp_path):
    folder = tmp_path / "journeys"
    folder.mkdir()
    for example in EXAMPLES.glob("*.journey.yaml"):
        (folder / example.name).write_bytes(example.read_bytes())
    before = {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.iterdir()}
    one = str(folder / "laptop-purchase.journey.yaml")
    for args in (["validate", str(folder)], ["lint", str(folder)], ["show", one], ["stats", str(folder)],
                 ["render", str(folder), "-o", f"{tmp_path / 'out'}/"], ["export", "csv", one], ["diff", one, one]):
        run = cli(*args, env=TODAY)
        assert run.code in (0, 1), (args, run.stderr)  # each command ran (diff of one file with itself: 0)
    after = {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.iterdir()}
    assert after == before
