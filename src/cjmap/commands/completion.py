"""``cjmap completion SHELL``: the completion script for bash, zsh or fish.

``SHELLS`` is the one list of shells (the CLI's choices come from it); importing this module
costs nothing at start-up.
"""

from __future__ import annotations

SHELLS = ("bash", "zsh", "fish")


def run_completion(shell: str) -> int:
    raise NotImplementedError("issue 17: completion scripts")
