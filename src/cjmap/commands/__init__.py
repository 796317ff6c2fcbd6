"""Command implementations: each returns an exit code; the CLI only wires options to them."""
