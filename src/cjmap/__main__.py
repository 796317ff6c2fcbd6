"""``python -m cjmap``."""

from cjmap.cli import main

main()
