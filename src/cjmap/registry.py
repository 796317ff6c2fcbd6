"""Tables of named choices (output formats) whose code is imported only when chosen.

A registry maps a name to ``"module:function"``: the CLI reads the names for its ``--format``
choices at start-up without importing the formats' code (pydantic, jinja2, rich), and a command
loads the one function it runs. See STYLE.md habit 7 and docs/architecture.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def load(spec: str) -> Callable[..., Any]:
    """The function a ``"module:function"`` entry names, importing its module now."""
    module_name, _, function = spec.partition(":")
    loaded: Callable[..., Any] = getattr(importlib.import_module(module_name), function)
    return loaded
