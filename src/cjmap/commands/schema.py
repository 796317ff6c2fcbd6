"""``cjmap schema``: the JSON Schema of journey files, printed, or written beside the journeys."""

from __future__ import annotations

import sys


def run_schema(folder: str | None = None, *, write: bool = False) -> int:
    from cjmap.model.schema import schema_json

    if write:
        raise NotImplementedError("issue 17: cjmap schema --write")
    sys.stdout.write(schema_json())
    return 0
