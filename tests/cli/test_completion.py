"""Shell completion in the real shells: bash, zsh and fish load ``cjmap completion SHELL`` and
complete what users type (issue 17, Deliver 4).

bash: the script is sourced and its function called with COMP_WORDS and COMP_CWORD, as bash's
programmable completion calls it; COMPREPLY holds the answer. fish: ``complete -C``. zsh
completes only inside its line editor, so an interactive ``zsh -f`` runs on a pseudo-terminal,
loads the script the way docs/terminal.md says (a ``_cjmap`` file in ``$fpath``), and a wrapper
around the ``compadd`` builtin prints each match as zsh adds it when Tab is pressed (the
technique of zsh-capture-completion). The venv's cjmap is first on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.commands import complete_values
from cjmap.commands.completion import SCRIPTS, SHELLS
from conftest import EXAMPLES, ROOT, cli
from terminal_pty import Terminal, terminal_environment

RETAIL = str((EXAMPLES / "retail-store.journey.yaml").relative_to(ROOT))
LAPTOP = str((EXAMPLES / "laptop-purchase.journey.yaml").relative_to(ROOT))
# (what is typed before Tab, candidates that must be offered, candidates that must not)
CASES = [
    ("cjmap val", {"validate"}, set()),
    ("cjmap im", {"import"}, set()),
    ("cjmap validate --f", {"--format"}, set()),
    ("cjmap rules CJ1", {"CJ101", "CJ126", "CJ160"}, {"CJ001"}),
    ("cjmap rules stale", {"stale-review"}, set()),
    ("cjmap lint --format s", {"sarif"}, {"json"}),
    ("cjmap lint --select CJ101,CJ14", {"CJ101,CJ140", "CJ101,CJ144"}, {"CJ101,CJ101"}),
    ("cjmap lint --ignore stage-", {"stage-without-goal", "stage-order"}, set()),
    ("cjmap init --lang ", {"en", "es"}, set()),
    ("cjmap init --type ", {"current-state", "service-blueprint"}, set()),
    ("cjmap completion ", set(SHELLS), set()),
    (f"cjmap show {RETAIL} --persona ", {"maya", "tom"}, set()),
    (f"cjmap show {RETAIL} -f json --stage ", {"discover", "checkout", "awareness"}, {"maya"}),
    (f"cjmap render -o x.html {LAPTOP} --persona ", {"ana"}, set()),
]


def _ids(cases: list[tuple[str, set[str], set[str]]]) -> list[str]:
    return [typed for typed, _, _ in cases]


def _script(tmp_path: Path, shell: str) -> Path:
    run = cli("completion", shell)
    assert (run.code, run.stderr) == (0, "")
    path = tmp_path / {"bash": "cjmap", "zsh": "_cjmap", "fish": "cjmap.fish"}[shell]
    path.write_text(run.stdout)
    return path


def bash_complete(tmp_path: Path, typed: str) -> list[str]:
    script = _script(tmp_path, "bash")
    words = typed.split(" ")
    program = (
        f"source {script}\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}\n'
        '_cjmap_completion cjmap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program, "bash", *words],
                          capture_output=True, text=True, cwd=ROOT, env=terminal_environment(), timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    return [line for line in done.stdout.splitlines() if line]


def fish_complete(tmp_path: Path, typed: str) -> list[str]:
    script = _script(tmp_path, "fish")
    done = subprocess.run(["fish", "--no-config", "-c", f"source {script}; complete -C {_fish_quote(typed)}"],
                          capture_output=True, text=True, cwd=ROOT, env=terminal_environment(), timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    return [line.split("\t")[0] for line in done.stdout.splitlines()]


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


ZSH_SETUP = r"""
PROMPT='' RPROMPT=''
fpath=({folder} $fpath)
autoload -Uz compinit && compinit -u -D
compadd() {{
  # Calls that only ask zsh to compute matches (-O, -A, -D) are passed on untouched.
  if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a hits
  builtin compadd -A hits "$@"
  local hit
  for hit in $hits; do print -r -- "MATCH:$hit"; done
  # What zsh shows beside each match (_describe passes the array's name after -d).
  local -i at=${{@[(i)-d]}}
  if (( at < $# )); then local shown; for shown in ${{(P)@[at+1]}}; do print -r -- "SHOWN:$shown"; done; fi
  builtin compadd "$@"
}}
_capture_end() {{ print -r -- "END-OF-COMPLETION" }}
comppostfuncs=(_capture_end)
bindkey '^I' complete-word
print -r -- "READY-FOR-TAB"
"""


def zsh_complete(tmp_path: Path, typed: str) -> list[str]:
    """What zsh offers when Tab is pressed after ``typed``, with cjmap's ``_cjmap`` in $fpath."""
    return _zsh_tab(tmp_path, typed, "MATCH:")


def zsh_descriptions(tmp_path: Path, typed: str, script: str | None = None) -> list[str]:
    """The lines zsh lists for those matches, each match with its description (``CJ130  -- A KPI…``)."""
    return _zsh_tab(tmp_path, typed, "SHOWN:", script)


def _zsh_tab(tmp_path: Path, typed: str, prefix: str, script_text: str | None = None) -> list[str]:
    script = _script(tmp_path, "zsh")
    if script_text is not None:
        script.write_text(script_text)
    setup = tmp_path / "setup.zsh"
    setup.write_text(ZSH_SETUP.format(folder=script.parent))
    shell = Terminal(["zsh", "-f", "-i"], env=terminal_environment({"TERM": "xterm"}), cwd=ROOT)
    try:
        shell.write(f"source {setup}\n")
        assert shell.read_until(b"READY-FOR-TAB\r\n"), shell.output
        shell.output = b""
        shell.write(f"{typed}\t")
        assert shell.read_until(b"END-OF-COMPLETION"), shell.output
    finally:
        shell.signal(9)
        shell.close()
    lines = shell.output.decode().split("\r\n")
    return [line.split(prefix, 1)[1] for line in lines if prefix in line]


SHELL_RUNNERS = {"bash": bash_complete, "zsh": zsh_complete, "fish": fish_complete}


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("typed", "offered", "not_offered"), CASES, ids=_ids(CASES))
def test_the_shell_offers_what_the_line_expects(tmp_path: Path, shell: str, typed: str, offered: set[str], not_offered: set[str]) -> None:
    found = set(SHELL_RUNNERS[shell](tmp_path, typed))
    assert offered <= found, found
    assert not (not_offered & found), found


RC_QUOTES = "    setopt local_options rc_quotes"


def test_zsh_shows_apostrophes_in_descriptions(tmp_path: Path) -> None:
    """typer writes an apostrophe in a description as '' inside a single-quoted word, which is
    one quote only under zsh's rc_quotes; without it "A KPI's" showed as "A KPIs"."""
    from cjmap.lint.registry import RULES

    summary = RULES["CJ130"].summary
    assert "'" in summary, summary  # the case needs a description with an apostrophe
    shown = zsh_descriptions(tmp_path, "cjmap rules CJ13")
    assert any(line.startswith("CJ130 ") and line.endswith(f"-- {summary}") for line in shown), shown
    option = zsh_descriptions(tmp_path, "cjmap lint --ig")
    assert any(line.endswith("-- Skip these rules (added to the configuration's ignore).") for line in option), option
    # The control: the same script without the option loses the apostrophe.
    script = SCRIPTS["zsh"]
    assert script.splitlines()[script.splitlines().index("_cjmap_completion() {") + 1].startswith(RC_QUOTES)  # first in the function
    without = zsh_descriptions(tmp_path, "cjmap rules CJ13", script.replace(RC_QUOTES, "    :"))
    assert any(line.endswith(f"-- {summary.replace(chr(39), '')}") for line in without), without


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_paths_complete_as_files_and_folders(tmp_path: Path, shell: str) -> None:
    """cjmap offers nothing for a PATH, and the script falls back to the shell's file names."""
    found = SHELL_RUNNERS[shell](tmp_path, "cjmap validate examples/retail")
    assert any(name.endswith("retail-store.journey.yaml") for name in found), found
    assert any(name.rstrip("/").endswith("examples") for name in SHELL_RUNNERS[shell](tmp_path, "cjmap render exam")), found


def test_bash_without_bash_completion_loads_the_file_from_bashrc(tmp_path: Path) -> None:
    """docs/terminal.md: only the bash-completion package reads its completions folder; without
    it, the documented ``source`` line in ~/.bashrc puts the completion in place."""
    documented = "source ~/.local/share/bash-completion/completions/cjmap"
    assert f"\n{documented}\n" in (ROOT / "docs" / "terminal.md").read_text(encoding="utf-8")
    folder = tmp_path / ".local" / "share" / "bash-completion" / "completions"
    folder.mkdir(parents=True)
    (folder / "cjmap").write_text(cli("completion", "bash").stdout)
    shown = {}
    for name, rc in (("sourced", documented + "\n"), ("saved only", "")):
        (tmp_path / name).write_text(rc)
        done = subprocess.run(["bash", "--rcfile", str(tmp_path / name), "-i", "-c", 'echo "${BASH_COMPLETION_VERSINFO[*]}"; complete -p cjmap'],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, env=terminal_environment({"HOME": str(tmp_path)}), timeout=60, check=False)
        shown[name] = done.stdout.splitlines()
    assert shown["sourced"][-1] == "complete -o default -F _cjmap_completion cjmap", shown
    # The saved file alone registers nothing (bash-completion, where loaded, would on the first Tab).
    assert not any("_cjmap_completion" in line for line in shown["saved only"]), shown


def test_bash_leaves_paths_to_its_own_file_completion(tmp_path: Path) -> None:
    """bash's -o default completes file names when cjmap's answer is empty (as for a PATH)."""
    assert bash_complete(tmp_path, "cjmap validate examples/retail") == []
    script = _script(tmp_path, "bash")
    done = subprocess.run(["bash", "--norc", "-c", f"source {script}; complete -p cjmap"], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "complete -o default -F _cjmap_completion cjmap"


@pytest.mark.parametrize("shell", SHELLS)
def test_ids_come_only_from_a_readable_journey_and_only_as_slugs(tmp_path: Path, shell: str) -> None:
    hostile = tmp_path / "hostile.journey.yaml"
    hostile.write_text(
        "cjmap: 1\njourney: {title: T}\npersonas:\n"
        "  - id: ana\n  - id: '$(touch pwned)'\n  - id: \"x\\e[31my\"\n  - id: \"b'c\"\n  - id: 2024\n  - {name: no id}\n  - just text\n"
        "stages: []\n"
    )
    broken = tmp_path / "broken.journey.yaml"
    broken.write_text("personas: [ {id: ana\n")
    run = SHELL_RUNNERS[shell]
    assert set(run(tmp_path, f"cjmap show {hostile} --persona ")) == {"ana", "2024"}
    # Nothing to offer: the shells fall back to file names (as for any word cjmap does not know).
    for journey in (broken, "no-such.journey.yaml"):
        found = run(tmp_path, f"cjmap show {journey} --persona ")
        if shell == "bash":
            # cjmap's answer is empty, so COMPREPLY is; bash itself then completes file names
            # (the `-o default` of test_bash_leaves_paths_to_its_own_file_completion).
            assert found == [], found
        else:
            # zsh and fish offer the current folder's files (the tests run in the project root).
            assert "README.md" in found and all((ROOT / name).exists() for name in found), found
    assert not (ROOT / "pwned").exists() and not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_a_stage_id_that_is_also_a_kind_is_offered_once(tmp_path: Path, shell: str) -> None:
    journey = tmp_path / "kinds.journey.yaml"
    journey.write_text("cjmap: 1\njourney: {title: T}\nstages:\n  - id: awareness\n  - id: checkout\n")
    found = SHELL_RUNNERS[shell](tmp_path, f"cjmap show {journey} --stage aw")
    assert found == ["awareness"], found
    # The library: the stage first (its own id, "stage"), the kind not again.
    assert complete_values.stage_values(str(journey), "aw") == [("awareness", "stage")]
    assert [value for value, _ in complete_values.stage_values(str(journey), "")].count("awareness") == 1


@pytest.mark.parametrize("shell", SHELLS)
def test_render_takes_the_personas_from_the_first_file_not_a_folder(tmp_path: Path, shell: str) -> None:
    # examples/ comes first, a folder of many journeys: the personas are the file's (ana, luis), not
    # none, and not those of a journey inside the folder (maya and tom are retail-store's).
    found = set(SHELL_RUNNERS[shell](tmp_path, f"cjmap render examples/ {LAPTOP} --persona "))
    assert found == {"ana", "luis"}, found
    assert complete_values.first_file(["examples/", "examples", LAPTOP, RETAIL]) == LAPTOP  # relative to the current folder


def test_the_script_for_each_shell_is_printed(tmp_path: Path) -> None:
    for shell in SHELLS:
        run = cli("completion", shell)
        assert (run.code, run.stdout, run.stderr) == (0, SCRIPTS[shell], "")
    run = cli("completion", "powershell")
    assert run.code == 2 and "bash" in run.stderr and run.stdout == ""


def test_install_completion_is_not_offered() -> None:
    run = cli("--help")
    assert "--install-completion" not in run.stdout and "--show-completion" not in run.stdout
    assert cli("--install-completion").code == 2


def test_a_normal_run_does_no_completion_work() -> None:
    """Completion is registered, and commands/complete_values.py imported, only when a shell asks."""
    program = (
        "import sys\n"
        "sys.argv = ['cjmap', *sys.argv[1:]]\n"
        "from cjmap import cli\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "from typer._click import shell_completion\n"
        "print(sorted(shell_completion._available_shells), 'cjmap.commands.complete_values' in sys.modules, file=sys.stderr)\n"
    )
    for arguments in (["validate", "examples/laptop-purchase.journey.yaml"], ["--help"]):
        done = subprocess.run([sys.executable, "-c", program, *arguments], capture_output=True, text=True, cwd=ROOT, check=False,
                              env=terminal_environment())
        assert done.stderr.strip().splitlines()[-1] == "[] False", done.stderr
    asked = {"_CJMAP_COMPLETE": "complete_bash", "COMP_WORDS": "cjmap val", "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False, env=terminal_environment(asked))
    assert done.stdout == "validate\n"


def test_typer_still_has_and_calls_the_help_sanitizer_cjmap_replaces() -> None:
    """enable_shell_completion replaces typer's private ``_completion_classes._sanitize_help_text``
    (which imports rich to strip markup: a zsh or fish Tab press took twice as long). A typer
    that renames it or stops calling it would bring the slow Tab back silently; this fails then."""
    from typer import _completion_classes

    assert callable(getattr(_completion_classes, "_sanitize_help_text", None))
    for shell in (_completion_classes.ZshComplete, _completion_classes.FishComplete):
        # The global name the formatter looks up on each call, so replacing the module's is enough.
        assert "_sanitize_help_text" in shell.format_completion.__code__.co_names, shell


TAB_PROBE = (
    "import sys\n"
    "sys.argv = ['cjmap']\n"
    "from cjmap import cli\n"
    "from cjmap.commands import completion\n"
    "{undo}"
    "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
    "print(any(name.split('.')[0] == 'rich' for name in sys.modules), file=sys.stderr)\n"
)
# The control: typer's own sanitizer put back in place of cjmap's.
UNDO = "from typer import _completion_classes\ncompletion._as_is = _completion_classes._sanitize_help_text\n"


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_a_tab_press_imports_no_rich(shell: str) -> None:
    asked = {"_CJMAP_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": "cjmap rules CJ13", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    answers = {}
    for undo in ("", UNDO):
        done = subprocess.run([sys.executable, "-c", TAB_PROBE.format(undo=undo)], capture_output=True, text=True, cwd=ROOT, check=False,
                              env=terminal_environment(asked))
        assert "CJ130" in done.stdout and "KPI" in done.stdout, done
        answers[undo] = (done.stdout, done.stderr.strip().splitlines()[-1])
    assert answers[""][1] == "False" and answers[UNDO][1] == "True"  # the probe sees rich when typer's sanitizer runs
    assert answers[""][0] == answers[UNDO][0]  # and cjmap's help, having no markup, reads the same either way


def test_lookups_never_raise_and_never_block(tmp_path: Path) -> None:
    """The library side: a FIFO is not read (a Tab press would hang), an oversized file is
    refused, and any failure is no candidates."""
    fifo = tmp_path / "pipe.journey.yaml"
    os.mkfifo(fifo)
    assert complete_values.persona_ids(str(fifo), "") == []
    big = tmp_path / "big.journey.yaml"
    big.write_bytes(b"personas: [{id: ana}]\n" + b"#" * (6 * 1024 * 1024))
    assert complete_values.persona_ids(str(big), "") == []
    assert complete_values.quietly(lambda: complete_values.persona_ids(str(tmp_path / "missing"), "")) == []
    assert complete_values.persona_ids(None, "") == [] and complete_values.persona_ids("-", "") == []
    assert sorted(value for value, _ in complete_values.rule_names("cj10")) == ["cj100", "cj101", "cj102"]
    assert [value for value, _ in complete_values.rule_selectors("CJ101,cj10")] == ["CJ101,cj102"]
    assert [value for value, _ in complete_values.rule_selectors("CJ101,missing-")] == ["CJ101,missing-owner", "CJ101,missing-stages"]


def test_the_shells_are_installed() -> None:
    """scripts/setup installs them; without them the tests above would prove nothing."""
    assert all(shutil.which(shell) for shell in SHELLS)
