"""Terminal views: ``cjmap show`` (one journey) and ``cjmap stats`` (a portfolio), with rich."""
