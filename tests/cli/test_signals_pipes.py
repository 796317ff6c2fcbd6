"""Issue 12: pipes and signals, in real processes (every test here: the process is the subject).

A reader that goes away (``| head``) ends the run quietly with exit 0; a closed stdout
(``>&-``) drops the output and keeps the command's own exit code; SIGINT and SIGTERM exit
130 and 143 and leave no temporary or half-written file.
"""

from __future__ import annotations

import os
import platform
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES, MINIMAL, ROOT, TODAY, clean_environment

BANK = str(EXAMPLES / "bank-account-opening.journey.yaml")
LAPTOP = str(EXAMPLES / "laptop-purchase.journey.yaml")
BAD = MINIMAL + "    unknown: 1\n"  # CJ021: an invalid journey
COMMANDS = {
    "validate": ["validate", str(EXAMPLES)],
    "lint": ["lint", str(EXAMPLES)],
    "show": ["show", BANK],
    "show-json": ["show", BANK, "--format", "json"],
    "stats": ["stats", str(EXAMPLES)],
    "diff": ["diff", BANK, LAPTOP],
    "render-html": ["render", BANK],
    "render-dot": ["render", BANK, "--format", "dot"],
    "render-mermaid": ["render", BANK, "--format", "mermaid"],
    "render-markdown": ["render", BANK, "--format", "markdown"],
    "export": ["export", "csv", BANK],
    "import": ["import", "mermaid", str(DATA / "interchange" / "frontmatter.md")],
    "rules": ["rules"],
    "schema": ["schema"],
    "help": ["--help"],
}
# What each command exits with when its output is read (diff: the files differ).
EXIT = {name: 1 if name == "diff" else 0 for name in COMMANDS}
CRASHES = ("Traceback", "internal error", "Exception ignored", "AttributeError", "BrokenPipeError")


def _environment() -> dict[str, str]:
    return clean_environment(TODAY)


def _cjmap(*args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "cjmap", *args], cwd=ROOT, env=_environment(), timeout=120, check=False, **kwargs)


def _no_crash(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert not any(word in text for word in CRASHES), text


@pytest.mark.parametrize("name", COMMANDS)
def test_a_reader_that_went_away_gives_exit_0(name):
    # The read end is closed before cjmap writes: its first write fails with EPIPE, every time.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = _cjmap(*COMMANDS[name], stdout=write_end)
    finally:
        os.close(write_end)
    assert run.returncode == 0
    _no_crash(run.stderr)


@pytest.mark.parametrize("name", ["show", "render-html", "validate", "export"])
def test_head_in_a_shell_pipeline_gives_exit_0(name):
    command = " ".join(f"'{part}'" for part in [sys.executable, "-m", "cjmap", *COMMANDS[name]])
    script = f"set -o pipefail; {command} | head -c1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\""
    run = subprocess.run(["bash", "-c", script], cwd=ROOT, env=_environment(), capture_output=True, timeout=120, check=False)
    assert run.stdout.decode().strip() == "status=0"
    _no_crash(run.stderr)


def test_a_big_output_into_head_stops_quietly(tmp_path):
    # Larger than any pipe buffer: cjmap is still writing when head leaves.
    stages = "".join(f"  - id: s{n}\n    touchpoints:\n      - {{id: t{n}, name: Touchpoint {n}}}\n" for n in range(3000))
    journey = tmp_path / "big.journey.yaml"
    journey.write_text(MINIMAL.split("stages:\n")[0] + "stages:\n" + stages, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "cjmap", "render", str(journey)], cwd=ROOT, env=_environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0
    _no_crash(stderr)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_closed_stdout_drops_the_output_and_keeps_the_exit_code(name):
    run = _cjmap(*COMMANDS[name], stdout=None, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert run.returncode == EXIT[name]
    _no_crash(run.stderr)


def test_a_closed_stdout_still_reports_an_invalid_journey_by_its_exit_code(tmp_path):
    bad = tmp_path / "bad.journey.yaml"
    bad.write_text(BAD, encoding="utf-8")
    for args in (["validate", str(bad)], ["lint", str(bad)], ["show", str(bad)]):
        run = _cjmap(*args, preexec_fn=lambda: os.close(1))
        assert run.returncode == 1, args
        _no_crash(run.stderr)


def test_closed_stderr_and_stdin_are_no_crash(tmp_path):
    bad = tmp_path / "bad.journey.yaml"
    bad.write_text(BAD, encoding="utf-8")
    # render reports an invalid journey on stderr; stderr closed: exit 1 all the same.
    run = subprocess.run([sys.executable, "-m", "cjmap", "render", str(bad)], cwd=ROOT, env=_environment(),
                         stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2), timeout=120, check=False)
    assert run.returncode == 1 and run.stdout == b""
    # `validate -` with stdin closed reads nothing: an empty file (CJ008), not an AttributeError.
    run = _cjmap("validate", "-", stdout=subprocess.PIPE, preexec_fn=lambda: os.close(0))
    assert run.returncode == 1 and b"CJ008" in run.stdout
    _no_crash(run.stderr)


def test_a_closed_stdout_never_lets_an_output_file_land_on_descriptor_1(tmp_path):
    # With fd 1 closed, the first file cjmap opens would get descriptor 1; /dev/null takes it.
    out = tmp_path / "map.html"
    run = _cjmap("render", BANK, "-o", str(out), preexec_fn=lambda: os.close(1))
    assert run.returncode == 0 and out.read_text(encoding="utf-8").endswith("</html>\n")


def test_a_reader_of_stderr_that_went_away_is_no_crash(tmp_path):
    bad = tmp_path / "bad.journey.yaml"
    bad.write_text(BAD, encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = _cjmap("render", str(bad), stdout=subprocess.PIPE, stderr=write_end)
    finally:
        os.close(write_end)
    assert run.returncode == 0 and run.stdout == b""


# --- signals ------------------------------------------------------------------------------


def _journey(index: int, touchpoints: int = 160) -> str:
    lines = ["cjmap: 1", "journey:", f"  title: Journey {index}", "personas:", "  - id: ana", "stages:"]
    for stage in range(4):
        lines += [f"  - id: s{stage}", "    touchpoints:"]
        for n in range(touchpoints // 4):
            lines += [f"      - id: t{stage}-{n}", f"        name: Step {n}", f"        emotion: {n % 5 - 2}", "        actions: [Looks, Clicks]"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def forty_journeys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forty")
    for index in range(40):
        (folder / f"j{index:02d}.journey.yaml").write_text(_journey(index), encoding="utf-8")
    return folder


def _signal_a_render(source: Path, out: Path, number: int, delay: float) -> tuple[int, bytes]:
    process = subprocess.Popen([sys.executable, "-m", "cjmap", "render", str(source), "-o", f"{out}/"], cwd=ROOT,
                               env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and not (out.exists() and any(out.glob("*.html"))):
        time.sleep(0.005)
    time.sleep(delay)  # land anywhere: rendering, writing, renaming
    process.send_signal(number)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


@pytest.mark.parametrize(("number", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_in_a_many_file_render_leaves_only_complete_files(tmp_path, forty_journeys, number, code):
    rng = random.Random(number)
    interrupted = 0
    for attempt in range(6):
        out = tmp_path / f"site-{attempt}"
        returncode, stderr = _signal_a_render(forty_journeys, out, number, rng.random() * 0.4)
        _no_crash(stderr)
        interrupted += returncode == code
        if returncode != code:
            # Only a render that had already finished may exit otherwise (0; or killed by the
            # default handler Python restores while it shuts down).
            assert returncode in (0, -number) and (out / "index.html").is_file(), (returncode, stderr)
        assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
        for page in out.glob("*.html"):
            assert page.read_text(encoding="utf-8").endswith("</html>\n"), page
    assert interrupted, "every render finished before the signal: nothing was tested"


READ_SYSCALL = {"x86_64": "0", "aarch64": "63"}.get(platform.machine(), "0")


def _wait_until_reading_stdin(pid: int) -> None:
    """Until the process is blocked in read(2) on descriptor 0 (Linux: /proc/PID/syscall), so a
    signal lands after start-up, where cjmap's own handling is what is tested."""
    syscall = Path(f"/proc/{pid}/syscall")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fields = syscall.read_text().split()
        except OSError:
            fields = []
        if fields[:2] == [READ_SYSCALL, "0x0"]:  # read(2) of descriptor 0
            time.sleep(0.05)
            return
        time.sleep(0.01)
    pytest.fail("the process never blocked reading stdin")


@pytest.mark.parametrize(("number", "code", "said"), [(signal.SIGTERM, 143, b"cjmap: terminated\n"), (signal.SIGINT, 130, b"cjmap: interrupted\n")])
def test_a_signal_while_waiting_for_stdin_exits_with_the_shells_code(number, code, said):
    process = subprocess.Popen([sys.executable, "-m", "cjmap", "validate", "-"], cwd=ROOT, env=_environment(),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_until_reading_stdin(process.pid)
    process.send_signal(number)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == code, (stdout, stderr)
    assert stdout == b"" and stderr.endswith(said)
    _no_crash(stderr)


def test_ctrl_c_to_the_process_group_stops_a_run_with_workers(tmp_path):
    """A terminal sends Ctrl-C to every process of the group, workers included. A worker hit
    while holding the pool's queue lock made the run hang; with SIGINT and SIGTERM then ignored,
    only SIGKILL could stop it. Workers now ignore signals and the parent cancels the pool."""
    example = (ROOT / "examples" / "laptop-purchase.journey.yaml").read_bytes()
    for index in range(3_000):
        (tmp_path / f"j{index}.journey.yaml").write_bytes(example)
    interrupted = 0
    for attempt in range(3):
        process = subprocess.Popen([sys.executable, "-m", "cjmap", "lint", str(tmp_path), "-j", "4"], cwd=ROOT,
                                   env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        time.sleep(1.0 + 0.4 * attempt)  # into the run: workers started, batches queued
        os.killpg(process.pid, signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail("the run hung after Ctrl-C")
        if process.returncode == 0:
            continue  # finished before the signal: nothing to check in this attempt
        interrupted += 1
        assert process.returncode == 130, stderr
        assert stderr.endswith(b"cjmap: interrupted\n"), stderr
        _no_crash(stderr)
    assert interrupted, "every run finished before Ctrl-C: nothing was tested"


def test_an_inherited_ignored_sigint_stays_ignored():
    """`cjmap … &` in a script runs with SIGINT ignored; cjmap keeps it so, as Python does."""
    process = subprocess.Popen([sys.executable, "-m", "cjmap", "validate", "-"], cwd=ROOT, env=_environment(),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))  # noqa: PLW1509 - the test's subject; pytest starts no threads here
    _wait_until_reading_stdin(process.pid)  # past start-up, where a handler would have been set
    process.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert process.poll() is None, "SIGINT was ignored by the caller, yet it stopped cjmap"
    stdout, stderr = process.communicate((ROOT / "examples" / "laptop-purchase.journey.yaml").read_bytes(), timeout=30)
    assert process.returncode == 0, stderr
    assert b"1 file checked: no problems." in stdout
