"""The JSON Schema of journey files, generated from the models.

Editors use it through the YAML language server (``# yaml-language-server: $schema=…``) for
completion and inline checks. ``schema/journey.schema.json`` in the repository is this output;
a test keeps it current.
"""

from __future__ import annotations

import json
from typing import Any

from cjmap.model.vocabulary import SCHEMA_URL

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def journey_schema() -> dict[str, Any]:
    from cjmap.model import Journey

    generated = Journey.model_json_schema(mode="validation")
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_URL,
        **generated,
        "description": "A customer journey map (cjmap format version 1). See docs/format.md.",
    }


def schema_json() -> str:
    return json.dumps(journey_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
