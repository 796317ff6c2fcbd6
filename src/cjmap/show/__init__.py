"""`cjmap show`: one journey in the terminal, or as normalised JSON."""
