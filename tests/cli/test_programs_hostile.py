"""Programs cjmap calls, fed hostile input (issue 12): git with revisions that look like
options and blobs over the size limit; Graphviz with graphs that take minutes or gigabytes,
and Ctrl-C or SIGTERM while it works."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cjmap.commands import revisions
from cjmap.render.graphviz import GraphvizFailed, layout
from conftest import EXAMPLES, clean_environment, cli

# In process (cli) except where the process is the subject: peak memory of cjmap and its
# children (getrusage), and Ctrl-C or SIGTERM while Graphviz works (Popen, signals).

LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"
MEBIBYTE = 1024**2


# --- git ------------------------------------------------------------------------------------


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.email=a@b.c", "-c", "user.name=a", *arguments], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with the laptop journey committed."""
    _git(tmp_path, "init", "-q")
    (tmp_path / "j.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    _git(tmp_path, "add", "j.journey.yaml")
    _git(tmp_path, "commit", "-q", "-m", "journey")
    return tmp_path


HOSTILE_REVISIONS = [
    "--output={planted}",
    "--format=%H",
    "-p",
    "--exec=touch {planted}",
    "--git-dir={planted}",
    "-",
]


@pytest.mark.parametrize("template", HOSTILE_REVISIONS)
@pytest.mark.parametrize("spelling", ["joined", "separate"])
def test_a_revision_that_looks_like_an_option_is_refused(repository, template, spelling):
    planted = repository / "planted"
    rev = template.format(planted=planted)
    arguments = [f"--rev={rev}"] if spelling == "joined" else ["--rev", rev]
    run = cli("diff", "j.journey.yaml", *arguments, cwd=repository)
    assert (run.code, run.stdout) == (2, "")
    assert "a revision cannot start with '-' (git would read it as an option)" in run.stderr
    assert "internal error" not in run.stderr
    assert not planted.exists()


@pytest.mark.parametrize(
    ("rev", "said"),
    [
        ("HEAD:../../etc/passwd", "git knows no commit called"),  # a blob, outside the repository
        ("HEAD:j.journey.yaml", "git knows no commit called"),  # a blob inside: still not a commit
        ("HEAD^{tree}", "git knows no commit called"),
        ("HEAD..HEAD", "git knows no commit called"),
        ("HEAD\nfoo", "a revision cannot hold control characters"),
        ("HEAD\x1b[2J", "a revision cannot hold control characters"),
        ("   ", "the revision is empty"),
    ],
)
def test_a_revision_that_names_no_commit_is_refused(repository, rev, said):
    run = cli("diff", "j.journey.yaml", f"--rev={rev}", cwd=repository)
    assert (run.code, run.stdout) == (2, "")
    assert said in run.stderr
    assert "\x1b" not in run.stderr and "internal error" not in run.stderr


def test_a_hostile_file_name_reaches_git_as_a_path_only(repository):
    # A journey whose name starts with '-' and holds a line break: git sees it after the commit
    # id and a colon, never as an option, and the diff works.
    name = "-p\nx.journey.yaml"
    (repository / name).write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    _git(repository, "add", "--", name)
    _git(repository, "commit", "-q", "-m", "odd name")
    run = cli("diff", f"./{name}", "--rev", "HEAD", cwd=repository)
    assert (run.code, run.stderr) == (0, "") and "No changes" in run.stdout


def test_end_of_options_stops_git_even_without_cjmaps_own_check(repository):
    # The second layer on its own: the check on '-' bypassed, git still reads a revision.
    planted = repository / "planted"
    with pytest.raises(revisions.GitError, match="git knows no commit called"):
        revisions._commit(f"--output={planted}", repository, "cannot read")
    assert not planted.exists()


def test_the_revision_is_resolved_to_a_commit_id(repository):
    commit = revisions._commit("HEAD", repository, "cannot read")
    assert len(commit) in (40, 64) and all(character in "0123456789abcdef" for character in commit)


def _commit_big(repository: Path, size: int) -> None:
    line = b"# a comment line that git compresses well, repeated to make a big blob\n"
    (repository / "j.journey.yaml").write_bytes(line * (size // len(line) + 1))
    _git(repository, "commit", "-q", "-am", "big")
    (repository / "j.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_blob_over_the_limit_is_refused_before_it_is_read(repository):
    _commit_big(repository, 6 * MEBIBYTE)
    run = cli("diff", "j.journey.yaml", "--rev", "HEAD", cwd=repository)
    assert (run.code, run.stdout) == (2, "")
    assert "over the 5,242,880-byte limit; nothing was read" in run.stderr
    assert "--max-file-size 7M" in run.stderr
    # diff has --max-file-size, as validate has: a larger limit lets the blob through.
    allowed = cli("diff", "j.journey.yaml", "--rev", "HEAD", "--max-file-size", "7M", cwd=repository)
    assert "limit" not in allowed.stderr and "internal error" not in allowed.stderr
    # Read and validated: the big blob is not a journey, and that is what is reported.
    assert allowed.code == 2 and "j.journey.yaml@HEAD:1:1: error CJ008" in allowed.stderr, allowed.stderr


def _peak_rss(arguments: list[str], cwd: Path) -> int:
    """Peak RSS in bytes of cjmap and the programs it ran, measured in a fresh process."""
    measure = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], capture_output=True, timeout=120)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    command = [sys.executable, "-c", measure, sys.executable, "-m", "cjmap", *arguments]
    completed = subprocess.run(command, cwd=cwd, capture_output=True, check=True, env=clean_environment())
    return int(completed.stdout) * 1024  # kilobytes on Linux


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in kilobytes on Linux only")
def test_a_huge_blob_costs_no_memory(repository):
    baseline = _peak_rss(["diff", "j.journey.yaml", "--rev", "HEAD"], repository)
    _commit_big(repository, 64 * MEBIBYTE)
    started = time.monotonic()
    peak = _peak_rss(["diff", "j.journey.yaml", "--rev", "HEAD"], repository)
    # Reading the blob (as `git show` into memory did) would add 64 MiB or more.
    assert peak < baseline + 16 * MEBIBYTE, (baseline, peak)
    assert time.monotonic() - started < 30


def test_the_blob_read_stops_past_the_limit(repository):
    commit = revisions._commit("HEAD", repository, "cannot read")
    with pytest.raises(revisions.GitError, match="over the 100-byte limit"):
        revisions._read_blob(f"{commit}:./j.journey.yaml", repository, 100, "cannot read")


# --- Graphviz -------------------------------------------------------------------------------


def dense_journey(touchpoints: int, edges: int) -> str:
    """Touchpoints spread over five stages, each with ``edges`` `next:` targets."""
    lines = ["cjmap: 1", "journey: {id: dense, title: Dense, type: current-state}", "personas: [{id: p, name: P}]", "stages:"]
    per_stage = touchpoints // 5
    for stage in range(5):
        lines += [f"  - id: s{stage}", f"    name: S{stage}", "    touchpoints:"]
        for number in range(stage * per_stage, (stage + 1) * per_stage):
            targets = ", ".join(f"t{(number * 7 + k * 13 + 1) % touchpoints}" for k in range(edges))
            lines.append(f"      - {{id: t{number}, name: T{number}, channel: web, emotion: 0, next: [{targets}]}}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def dense(tmp_path: Path) -> Path:
    path = tmp_path / "dense.journey.yaml"
    # 200 x 20 took 185 s in the single-strip layout, 2.3 s in rows (issue 15); 500 x 40 still
    # keeps Graphviz busy for more than 100 s.
    path.write_text(dense_journey(500, 40), encoding="utf-8")
    return path


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name not in keep)


def test_a_dense_graph_stops_at_the_time_budget(dense):
    started = time.monotonic()
    run = cli("render", str(dense), "-o", str(dense.parent / "out.svg"), "--graphviz-timeout", "2")
    assert time.monotonic() - started < 30  # was 185 s before the budget
    assert (run.code, run.stdout) == (2, "")
    assert f"{dense}: Graphviz did not finish the SVG layout within 2 s and was stopped" in run.stderr
    assert "fewer `next:` targets" in run.stderr and "--graphviz-timeout SECONDS" in run.stderr
    assert _leftovers(dense.parent, {dense.name}) == []


def test_the_time_budget_comes_from_the_environment_too(dense):
    run = cli("render", str(dense), "-o", str(dense.parent / "out.png"), env={"CJMAP_GRAPHVIZ_TIMEOUT": "1"})
    assert run.code == 2 and "within 1 s" in run.stderr


@pytest.mark.parametrize("budget", ["0", "-5", "soon", "86401"])
def test_a_time_budget_out_of_range_is_a_usage_error(budget, tmp_path):
    run = cli("render", str(LAPTOP), "-o", str(tmp_path / "x.svg"), "--graphviz-timeout", budget)
    assert run.code == 2 and "--graphviz-timeout" in run.stderr
    assert not (tmp_path / "x.svg").exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_for_children(pid: int) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = _children(pid)
        if children:
            return children
        time.sleep(0.1)
    raise AssertionError("Graphviz should be laying out in a child process by now")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds Graphviz's process through /proc")
@pytest.mark.parametrize(("signal_number", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_graphviz_at_once(dense, signal_number, code):
    output = dense.parent / "out.svg"
    command = [sys.executable, "-m", "cjmap", "render", str(dense), "-f", "svg", "-o", str(output)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_environment())
    children = _wait_for_children(process.pid)
    time.sleep(1.0)  # well inside the layout, which takes minutes
    sent = time.monotonic()
    process.send_signal(signal_number)
    try:
        process.communicate(timeout=30)
    finally:
        process.kill()
    assert time.monotonic() - sent < 10  # was 80 s and more: the layout ran to its end (about 0.05 s now)
    assert process.returncode == code
    assert not any(Path(f"/proc/{child}").exists() for child in children)
    assert _leftovers(dense.parent, {dense.name}) == []


def test_the_memory_budget_fails_cleanly(tmp_path):
    output = tmp_path / "map.png"
    run = cli("render", str(LAPTOP), "-o", str(output), env={"CJMAP_GRAPHVIZ_MEMORY": "100M"})
    assert (run.code, run.stdout) == (2, "")
    assert "Graphviz ran out of memory drawing the PNG (memory budget 100.0 MiB)" in run.stderr
    assert "CJMAP_GRAPHVIZ_MEMORY" in run.stderr and "internal error" not in run.stderr
    assert not output.exists()


@pytest.mark.parametrize("value", ["lots", "99999999999999999999T", "2T"])
def test_a_memory_budget_that_is_not_a_size_is_an_error(tmp_path, value):
    run = cli("render", str(LAPTOP), "-o", str(tmp_path / "map.svg"), env={"CJMAP_GRAPHVIZ_MEMORY": value})
    assert run.code == 2 and "CJMAP_GRAPHVIZ_MEMORY" in run.stderr and "internal error" not in run.stderr


def test_graphviz_output_is_unchanged_and_deterministic():
    # The child process draws exactly what pygraphviz drew in-process before it.
    import pygraphviz  # a dependency: a broken install must fail, not skip

    dot_text = cli("render", str(LAPTOP), "-f", "dot").stdout
    for fmt in ("svg", "png"):
        in_process = pygraphviz.AGraph(string=dot_text).draw(format=fmt, prog="dot")
        assert layout(dot_text, fmt) == in_process == layout(dot_text, fmt)
    # Two layouts in one second would match even with the clock in them: check the dates too.
    pdf = layout(dot_text, "pdf")
    assert pdf == layout(dot_text, "pdf")
    assert set(re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", pdf)) == {b"19700101000000"}


def test_a_text_too_long_for_graphviz_is_explained():
    # Graphviz's DOT scanner reads at most 16,384 bytes in one quoted string ("Invalid Input").
    dot_text = 'digraph g { a [label="' + "x" * 20_000 + '"]; }'
    with pytest.raises(GraphvizFailed) as failure:
        layout(dot_text, "svg", name="long.journey.yaml")
    message = str(failure.value)
    assert message.startswith("long.journey.yaml: Graphviz could not lay out the DOT")
    assert "longer than the 16,384 bytes Graphviz reads in one label" in message
    assert "x" * 100 not in message  # Graphviz echoes the text; the message does not


def test_graphviz_messages_are_made_visible():
    with pytest.raises(GraphvizFailed) as failure:
        layout("digraph { a -> \x1b[2J }", "svg", name="bad\x1b]0;title\x07.journey.yaml")
    assert "\x1b" not in str(failure.value) and "\x07" not in str(failure.value)
    assert "bad\\x1b]0;title\\x07.journey.yaml" in str(failure.value)


def test_a_slow_journey_does_not_stop_the_others(tmp_path, dense):
    (tmp_path / "laptop.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    run = cli("render", str(tmp_path), "-f", "svg", "-o", f"{site}/", "--graphviz-timeout", "2")
    assert run.code == 2
    assert f"{dense}: Graphviz did not finish the SVG layout within 2 s" in run.stderr
    assert sorted(os.listdir(site)) == ["index.html", "laptop.svg"]
    # The worker that ran out of time was replaced: the next journey is drawn as when alone.
    alone = cli("render", str(LAPTOP), "-f", "svg")
    assert (site / "laptop.svg").read_text(encoding="utf-8") == alone.stdout


def test_journeys_drawn_by_one_worker_are_drawn_as_when_alone(tmp_path):
    site = tmp_path / "site"
    assert cli("render", str(EXAMPLES), "-f", "svg", "-o", f"{site}/").code == 0
    for journey in sorted(EXAMPLES.glob("*.journey.yaml")):
        alone = cli("render", str(journey), "-f", "svg").stdout
        assert (site / journey.name.replace(".journey.yaml", ".svg")).read_text(encoding="utf-8") == alone


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # dead, waiting for its (new) parent to reap it
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds Graphviz's process through /proc")
def test_the_worker_ends_with_the_program_that_started_it():
    script = (
        "from cjmap.render import graphviz, graphviz_worker\n"
        "graphviz.layout('digraph { a -> b }', 'svg')\n"
        "print(next(iter(graphviz_worker._idle.values())).process.pid)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert _gone(int(completed.stdout))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_graphviz_dies_with_a_killed_cjmap(dense):
    command = [sys.executable, "-m", "cjmap", "render", str(dense), "-f", "svg", "-o", str(dense.parent / "out.svg")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=clean_environment())
    children = _wait_for_children(process.pid)
    time.sleep(1.0)
    process.kill()  # SIGKILL: no handler runs, nothing of cjmap's cleans up
    process.wait()
    assert all(_gone(child) for child in children)


def test_a_file_missing_on_disk_and_at_the_revision_is_an_error(repository: Path) -> None:
    # It said "No changes" and exited 0: a mistyped path passed CI.
    run = cli("diff", "nonexist.journey.yaml", "--rev", "HEAD", cwd=repository)
    assert run.code == 2
    assert "nonexist.journey.yaml: no such file, neither in the working tree nor at HEAD" in run.stderr


def test_a_file_whose_folder_was_deleted_since_the_revision_is_compared(repository: Path) -> None:
    # git ran in the missing folder, and cjmap said git was not installed.
    (repository / "journeys").mkdir()
    (repository / "journeys" / "k.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    _git(repository, "add", "journeys")
    _git(repository, "commit", "-q", "-m", "k")
    (repository / "journeys" / "k.journey.yaml").unlink()
    (repository / "journeys").rmdir()
    run = cli("diff", "journeys/k.journey.yaml", "--rev", "HEAD", "-f", "json", cwd=repository)
    assert run.code == 1, run.stderr
    assert '"old": "journeys/k.journey.yaml@HEAD"' in run.stdout and "removed" in run.stdout


def test_diff_reads_standard_input_and_named_pipes_as_validate_does(tmp_path: Path) -> None:
    run = cli("diff", "-", str(LAPTOP), stdin=LAPTOP.read_bytes())
    assert run.code == 0 and "No changes between <stdin> and" in run.stdout, run.stderr
    pipe = tmp_path / "old.journey.yaml"
    os.mkfifo(pipe)
    writer = subprocess.Popen(["sh", "-c", f'cat "{LAPTOP}" > "{pipe}"'])
    try:
        run = cli("diff", str(pipe), str(LAPTOP))
    finally:
        writer.wait(timeout=30)
    assert run.code == 0 and "No changes" in run.stdout, run.stderr
    both = cli("diff", "-", "-")
    assert both.code == 2 and "standard input (-) can be only one side" in both.stderr


def test_a_git_that_stalls_while_the_blob_is_read_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A partial clone fetching a missing object, or a credential prompt, could block the read
    for good; the read has the same time limit as every other git command."""
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in\n'
        '  *--version*) echo "git version 2.39.5" ;;\n'
        '  *--git-dir*) echo .git ;;\n'
        '  *--verify*) echo 0123456789abcdef0123456789abcdef01234567 ;;\n'
        '  *"cat-file -t"*) echo blob ;;\n'
        '  *"cat-file -s"*) echo 10 ;;\n'
        '  *"cat-file blob"*) printf "half"; exec sleep 600 ;;\n'
        "esac\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(revisions, "_TIMEOUT", 1)
    revisions._end_of_options.cache_clear()  # asked of the fake git, then forgotten again
    try:
        started = time.monotonic()
        with pytest.raises(revisions.GitError, match="git took longer than 1 s"):
            revisions.read_at_revision(tmp_path / "j.journey.yaml", "HEAD", max_bytes=1_000)
        assert time.monotonic() - started < 10
    finally:
        revisions._end_of_options.cache_clear()


def test_a_file_empty_at_the_revision_is_not_called_missing(repository: Path) -> None:
    (repository / "empty.journey.yaml").write_text("")
    _git(repository, "add", "empty.journey.yaml")
    _git(repository, "commit", "-q", "-m", "empty")
    (repository / "empty.journey.yaml").unlink()
    run = cli("diff", "empty.journey.yaml", "--rev", "HEAD", cwd=repository)
    assert run.code == 2 and "no such file" not in run.stderr
    assert "empty.journey.yaml@HEAD" in run.stderr  # the empty file there is reported as invalid
