"""Words for people, no journey logic: labels (en, es), amounts and sizes as written, escaping
for each output, safe terminal text, "did you mean", the emotion palette, the Jinja environment."""
