"""``cjmap schema``: the JSON Schema of journey files."""

from __future__ import annotations

import sys


def run_schema() -> int:
    from cjmap.model.schema import schema_json

    sys.stdout.write(schema_json())
    return 0
