"""Words for people, no journey logic: labels (en, es), wording, escaping, did-you-mean."""
