"""``cjmap completion SHELL``: the completion script for bash, zsh or fish.

``SHELLS`` is the one list of shells (the CLI's choices come from it); importing this module
costs nothing at start-up. The scripts speak typer's protocol: on Tab the shell runs cjmap with
``_CJMAP_COMPLETE=complete_SHELL`` and the words typed so far, and cjmap prints the candidates
(typer answers before any command runs). They are typer's own scripts with three changes:
zsh's completes on the first Tab when loaded from ``$fpath`` (typer's only registers itself
then), fish's asks cjmap once per Tab instead of twice and falls back to paths itself, and each
runs the cjmap the user typed. Values a script reads back are never run as code, except in zsh,
where typer quotes them for ``eval``.
"""

from __future__ import annotations

import sys

SHELLS = ("bash", "zsh", "fish")
# The variable typer reads (``_{PROG}_COMPLETE``); a shell's script sets it on every Tab.
COMPLETE_VAR = "_CJMAP_COMPLETE"

_BASH = """\
# bash completion for cjmap (cjmap completion bash)
_cjmap_completion() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD _CJMAP_COMPLETE=complete_bash "$1" 2>/dev/null ) )
    return 0
}
# -o default: when cjmap offers nothing (a PATH), bash completes file names.
complete -o default -F _cjmap_completion cjmap
"""

_ZSH = """\
#compdef cjmap
# zsh completion for cjmap (cjmap completion zsh)
_cjmap_completion() {
    setopt local_options rc_quotes  # typer writes an apostrophe in a description as ''
    eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _CJMAP_COMPLETE=complete_zsh "${words[1]}" 2>/dev/null)
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    # Autoloaded from $fpath on the first Tab: complete now as well.
    _cjmap_completion "$@"
else
    compdef _cjmap_completion cjmap
fi
"""

_FISH = """\
# fish completion for cjmap (cjmap completion fish)
function __cjmap_complete
    set -l tokens (commandline -opc)
    set -l typed (commandline -cp | string join ' ')
    set -l response (env _CJMAP_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=$typed $tokens[1] 2>/dev/null)
    if test -z "$response"
        # cjmap offers nothing here (a PATH): complete file names, as fish does by default.
        __fish_complete_path (commandline -ct)
    else
        printf '%s\\n' $response
    end
end
complete --command cjmap --no-files --arguments '(__cjmap_complete)'
"""

SCRIPTS = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def run_completion(shell: str) -> int:
    sys.stdout.write(SCRIPTS[shell])
    return 0


def enable_shell_completion() -> None:
    """Register typer's bash, zsh and fish completers, which typer itself registers only for
    ``--install-completion`` (the app has ``add_completion=False``, so that option is not
    offered): without them ``_CJMAP_COMPLETE`` gets "Shell bash not supported." Called only when
    a shell asks, so a normal run does no completion work."""
    from typer import _completion_classes

    _completion_classes.completion_init()
    # zsh and fish show each candidate's help, which typer passes through rich to strip markup
    # (importing rich doubles a Tab press, 67 to 130 ms). cjmap's help has no markup
    # (rich_markup_mode=None), and ids from journeys are offered without help: keep it as is.
    _completion_classes._sanitize_help_text = _as_is  # typer offers no switch for this


def _as_is(text: str) -> str:
    return text
