"""``cjmap serve [PATHS]``: the live preview. Being written for issue 15."""

from __future__ import annotations


def run_serve(paths: list[str], *, port: int, open_browser: bool, templates: str | None, max_file_size: str) -> int:
    raise NotImplementedError("cjmap serve is being built")
