"""``cjmap validate`` as users call it: exit code, stdout and stderr asserted together."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import EXAMPLES, MINIMAL, ROOT, TODAY, cli, run_cjmap

# In process (cli) except: colour on a real terminal (a pty), /dev/stdin as a real pipe, and
# --jobs workers forked from cjmap rather than from pytest.

BAD = MINIMAL.replace("        name: Search\n", "        name: Search\n        chanel: web\n")
LOCATION = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): error (?P<code>CJ\d{3}) .+$", re.MULTILINE)


def test_examples_are_valid():
    run = cli("validate", "examples/")
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout == "4 files checked: no problems.\n"


def test_error_line_caret_and_summary(write):
    path = write("bad.journey.yaml", BAD)
    run = cli("validate", str(path))
    assert (run.code, run.stderr) == (1, "")
    lines = run.stdout.splitlines()
    assert lines[0] == f"{path}:11:9: error CJ021 unknown field `chanel` (did you mean `channel`?)"
    assert lines[1] == "   11 |         chanel: web"
    assert lines[2] == "      |         ^"
    assert lines[-1] == "1 file checked: 1 error in 1 file."


def test_one_bad_file_does_not_hide_the_others(write):
    first = write("a.journey.yaml", BAD)
    second = write("b.journey.yaml", "a: 1\na: 2\n")
    good = write("c.journey.yaml", MINIMAL)
    run = cli("validate", str(second), str(good), str(first))
    assert run.code == 1 and run.stderr == ""
    files = [m["file"] for m in LOCATION.finditer(run.stdout)]
    # Output follows the order given, each file's problems sorted by position.
    assert files[0] == str(second) and files[-1] == str(first)
    assert "3 files checked" in run.stdout and "in 2 files" in run.stdout


def test_directories_are_searched_recursively_for_journeys(write, tmp_path):
    write("one.journey.yaml", MINIMAL)
    write("deep/er/two.journey.yml", MINIMAL)
    write("deep/other.yaml", "not: [a journey")  # not a journey name: skipped in directories
    write(".hidden/three.journey.yaml", "broken: [")
    run = cli("validate", str(tmp_path))
    assert (run.code, run.stdout, run.stderr) == (0, "2 files checked: no problems.\n", "")


def test_a_file_named_explicitly_may_have_any_yaml_name(write):
    path = write("journey.yaml", MINIMAL)
    assert cli("validate", str(path)).code == 0


def test_current_directory_is_the_default(write, tmp_path):
    write("x.journey.yaml", MINIMAL)
    run = cli("validate", cwd=tmp_path)
    assert (run.code, run.stdout) == (0, "1 file checked: no problems.\n")


def test_stdin():
    run = cli("validate", "-", stdin=BAD.encode())
    assert run.code == 1 and run.stdout.startswith("<stdin>:11:9: error CJ021")
    run = cli("validate", "-", "--stdin-filename", "mine.journey.yaml", stdin=MINIMAL.encode())
    assert run.code == 0


def test_missing_path_is_a_usage_error_but_the_rest_is_checked(write):
    good = write("ok.journey.yaml", MINIMAL)
    run = cli("validate", "nope.journey.yaml", str(good))
    assert run.code == 2
    assert run.stderr == "cjmap: error: nope.journey.yaml: no such file or directory\n"
    assert run.stdout == "1 file checked: no problems.\n"


def test_no_journeys_found_is_a_usage_error(tmp_path):
    run = cli("validate", str(tmp_path))
    assert run.code == 2 and "no journey files" in run.stderr and run.stdout == "0 files checked: no problems.\n"
    run = cli("validate", "--format", "json", str(tmp_path))
    assert run.code == 2 and json.loads(run.stdout)["files"] == []


def test_bad_option_is_a_usage_error():
    run = cli("validate", "--format", "xml", "examples/")
    assert run.code == 2 and "xml" in run.stderr and run.stdout == ""
    run = cli("validate", "--max-file-size", "big", "examples/")
    assert run.code == 2 and "--max-file-size" in run.stderr


def test_max_file_size(write):
    path = write("big.journey.yaml", MINIMAL)
    run = cli("validate", "--max-file-size", "100", str(path))
    assert run.code == 1 and f"{path}:1:1: error CJ006" in run.stdout


def test_json_format(write):
    path = write("bad.journey.yaml", BAD)
    run = cli("validate", "--format", "json", str(path), "examples/retail-store.journey.yaml")
    assert (run.code, run.stderr) == (1, "")
    document = json.loads(run.stdout)
    [problem] = document["problems"]
    assert problem == {
        "file": str(path), "line": 11, "column": 9, "code": "CJ021", "severity": "error",
        "message": "unknown field `chanel` (did you mean `channel`?)",
        "path": "stages[0].touchpoints[0].chanel", "name": "unknown-field",
        "end_line": 11, "end_column": 15,  # the key `chanel` ends before column 15
    }
    assert document["summary"]["files"] == 2 and document["summary"]["errors"] == 1
    assert [f["valid"] for f in document["files"]] == [False, True]


def test_github_format(write):
    path = write("bad.journey.yaml", BAD)
    run = cli("validate", "--format", "github", str(path))
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"::error file={path},line=11,col=9,endLine=11,endColumn=14,title=CJ021 unknown-field::unknown field `chanel` (did you mean `channel`?)"
    )


def test_github_format_is_automatic_under_github_actions(write):
    path = write("bad.journey.yaml", BAD)
    assert cli("validate", str(path), env={"GITHUB_ACTIONS": "true"}).stdout.startswith("::error ")


def test_colour_on_a_terminal(write):
    import pty

    path = write("bad.journey.yaml", BAD)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
    main, secondary = pty.openpty()
    completed = subprocess.run(
        [sys.executable, "-m", "cjmap", "validate", str(path)], stdout=secondary, stderr=subprocess.PIPE, env=env, timeout=60
    )
    os.close(secondary)
    output = os.read(main, 65536).decode()
    os.close(main)
    assert completed.returncode == 1 and "\x1b[31m" in output and "CJ021" in output


def test_no_colour_in_pipes_or_with_no_color(write):
    path = write("bad.journey.yaml", BAD)
    # Each run must report the problem: "no escape code" in an empty output would prove nothing.
    plain = f"{path}:11:9: error CJ021 unknown field `chanel`"
    for env in ({}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}):
        run = cli("validate", str(path), env=env)
        assert run.code == 1 and run.stdout.startswith(plain) and "\x1b[" not in run.stdout, env
    assert "\x1b[31m" in cli("validate", str(path), env={"FORCE_COLOR": "1"}).stdout


@pytest.mark.parametrize(
    ("content", "code", "line", "column"),
    [
        ("cjmap: 1\ncjmap: 1\n", "CJ002", 2, 1),
        ("cjmap: 1\njourney: !!python/object:os.system {}\n", "CJ003", 2, 10),
        ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "CJ005", 1, 67),
        (b"cjmap: 1\njourney: \xff\n", "CJ007", 2, 10),
        ("", "CJ008", 1, 1),
        ("cjmap: 1\n---\ncjmap: 1\n", "CJ009", 2, 1),
        ("- cjmap\n", "CJ010", 1, 1),
        ("cjmap: 1\njourney:\n\ttitle: x\n", "CJ011", 3, 1),
    ],
)
def test_bad_input_is_located_without_traceback(write, content, code, line, column):
    path = write("bad.journey.yaml", content)
    run = cli("validate", str(path))
    assert run.code == 1 and run.stderr == ""
    assert f"{path}:{line}:{column}: error {code} " in run.stdout


def test_unreadable_file_is_reported_and_others_checked(write, tmp_path):
    locked = tmp_path / "locked.journey.yaml"
    if os.geteuid() == 0:
        # root reads any file whatever its mode; /proc/self/mem fails with EIO when read at 0.
        locked.symlink_to("/proc/self/mem")
    else:
        locked.write_text(MINIMAL)
        locked.chmod(0)
    good = write("ok.journey.yaml", MINIMAL)
    run = cli("validate", str(locked), str(good))
    assert (run.code, run.stderr) == (1, "")
    assert run.stdout.startswith(f"{locked}:1:1: error CJ012 cannot read the file: ")
    assert run.stdout.endswith("2 files checked: 1 error in 1 file.\n")


def test_examples_folder_holds_the_promised_journeys():
    names = sorted(path.name for path in EXAMPLES.glob("*.journey.yaml"))
    assert names == [
        "bank-account-opening.journey.yaml", "laptop-purchase.journey.yaml",
        "retail-store.journey.yaml", "travel-booking.journey.yaml",
    ]


def test_named_pipes_and_dev_stdin_are_read():
    # A real process: /dev/stdin must be a pipe (in this process it is pytest's own stdin).
    run = run_cjmap("validate", "/dev/stdin", stdin=BAD.encode())
    assert run.code == 1 and run.stdout.startswith("/dev/stdin:11:9: error CJ021")


def test_text_output_is_linear_in_the_number_of_problems(write):
    # Thousands of broken references: every one reported, suggestions capped per file.
    body = "".join(f"      - {{id: t{i}, name: T, channel: nope{i}, next: [u{i}]}}\n" for i in range(3000))
    path = write("many.journey.yaml", MINIMAL.split("    touchpoints:\n")[0] + "    touchpoints:\n" + body)
    run = cli("validate", str(path))
    assert run.code == 1 and run.stdout.endswith("1 file checked: 6000 errors in 1 file.\n")


def test_worker_processes_give_the_same_output_in_the_same_order(tmp_path):
    import random

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import journey_text

    rng = random.Random(7)
    for index in range(260):
        (tmp_path / f"j-{index:04d}.journey.yaml").write_text(journey_text(index, rng, touchpoints_per_stage=1), encoding="utf-8")
    for command in ("validate", "lint"):
        # Real processes: the workers are forked from cjmap itself, not from pytest.
        serial = run_cjmap(command, "--jobs", "1", str(tmp_path), env=TODAY)
        parallel = run_cjmap(command, "--jobs", "2", str(tmp_path), env=TODAY)
        assert serial.code == parallel.code == 1  # journey 7, 57, 107… are broken on purpose
        assert serial.stdout == parallel.stdout and "260 files checked" in serial.stdout
