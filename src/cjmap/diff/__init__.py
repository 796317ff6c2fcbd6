"""`cjmap diff`: what changed between two journeys, keyed by ids."""
