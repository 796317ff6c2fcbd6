"""``python -m cjmap``."""
from __future__ import annotations

from cjmap.cli import main

main()
