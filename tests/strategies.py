"""Hypothesis strategies: journeys built from the format's own vocabulary, with any text."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from cjmap.model.vocabulary import BUILTIN_CHANNELS

# Any printable text, hostile characters included (quotes, markup, YAML and Mermaid syntax).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")
HOSTILE = st.sampled_from(['<script>x</script>', '"; a -> b; "', "a: b # c", "%%{init}%%", "| pipe |", "=1+1", "\\N", "{x}", "`code`", "no", "012"])
WORDS = st.one_of(TEXT, HOSTILE)
SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def journeys(draw: Any) -> dict[str, Any]:
    personas = draw(st.lists(SLUG, min_size=1, max_size=3, unique=True))
    ids = draw(st.lists(SLUG.map(lambda s: "t-" + s), min_size=1, max_size=8, unique=True))
    stage_count = draw(st.integers(1, 5))
    cuts = sorted(draw(st.lists(st.integers(0, len(ids)), min_size=stage_count - 1, max_size=stage_count - 1)))
    groups = [ids[a:b] for a, b in zip([0, *cuts], [*cuts, len(ids)], strict=True)]
    stage_ids = draw(st.lists(SLUG.map(lambda s: "s-" + s), min_size=stage_count, max_size=stage_count, unique=True))
    stages = []
    for stage_id, group in zip(stage_ids, groups, strict=True):
        touchpoints = []
        for tid in group:
            touchpoint: dict[str, Any] = {"id": tid, "name": draw(WORDS)}
            if draw(st.booleans()):
                touchpoint["channel"] = draw(st.sampled_from(sorted(BUILTIN_CHANNELS)))
            if draw(st.booleans()):
                touchpoint["personas"] = draw(st.lists(st.sampled_from(personas), min_size=1, unique=True))
            if draw(st.booleans()):  # per-persona emotions only for the personas taking part (CJ033)
                taking_part = touchpoint.get("personas", personas)
                touchpoint["emotion"] = draw(st.one_of(st.integers(-2, 2), st.fixed_dictionaries({p: st.integers(-2, 2) for p in taking_part})))
            for lane in ("actions", "thoughts", "frontstage", "backstage"):
                if draw(st.booleans()):
                    touchpoint[lane] = draw(st.lists(WORDS, min_size=1, max_size=2))
            if draw(st.booleans()):
                touchpoint["pain_points"] = [{"id": f"p-{tid}", "text": draw(WORDS), "severity": draw(st.sampled_from(["low", "medium", "high"]))}]
                touchpoint["opportunities"] = [{"text": draw(WORDS), "addresses": [f"p-{tid}"]}]
            if draw(st.booleans()):
                touchpoint["next"] = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
            touchpoints.append(touchpoint)
        stage: dict[str, Any] = {"id": stage_id, "name": draw(WORDS), "touchpoints": touchpoints}
        if draw(st.booleans()):
            stage["kpis"] = [{"id": f"k-{stage_id}", "metric": "nps", "target": draw(st.integers(0, 100)), "actual": draw(st.integers(0, 100))}]
        stages.append(stage)
    meta = {"title": draw(WORDS), "type": draw(st.sampled_from(["current-state", "future-state", "day-in-the-life", "service-blueprint"])),
            "language": draw(st.sampled_from(["en", "es", "pt-BR"]))}
    return {"cjmap": 1, "journey": meta, "personas": [{"id": p, "name": draw(WORDS)} for p in personas], "stages": stages}
