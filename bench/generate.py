"""Generate realistic journey files for benchmarks, shaped like the examples.

Several personas, the five stages, touchpoints with per-persona emotions, pain points,
opportunities that address them, KPIs; a few files per hundred carry validation errors and
lint findings, as a real repository would. Deterministic: the same seed gives the same files.

    python bench/generate.py OUT_DIR COUNT [--touchpoints N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

STAGES = (("awareness", "Awareness"), ("consideration", "Consideration"), ("purchase", "Purchase"),
          ("retention", "Retention"), ("advocacy", "Advocacy"))
CHANNELS = ("web", "mobile-app", "email", "search", "social", "store", "phone", "review-site", "word-of-mouth", "chat")
VERBS = ("Searches for", "Compares", "Reads about", "Asks a friend about", "Calls about", "Visits the page on", "Pays for", "Reviews")
THINGS = ("laptops", "delivery times", "the return policy", "financing", "the loyalty scheme", "store opening hours", "warranty")
PAINS = ("The page takes too long to load", "Shipping costs appear only at the end", "Nobody answers the phone",
         "The coupon field is hidden", "Stock shown online is wrong", "The form asks for the same data twice")
METRICS = (("conversion_rate", "%", 3.0), ("bounce_rate", "%", 40.0), ("csat", "/5", 4.5), ("nps", "points", 40.0), ("cart_abandonment", "%", 60.0))


def journey_text(index: int, rng: random.Random, *, touchpoints_per_stage: int = 3, personas: int = 3) -> str:
    people = [f"persona-{n}" for n in range(personas)]
    lines = [
        "# yaml-language-server: $schema=../schema/journey.schema.json",
        "cjmap: 1",
        "journey:",
        f"  id: journey-{index}",
        f"  title: Benchmark journey {index}",
        f"  type: {rng.choice(('current-state', 'future-state', 'service-blueprint'))}",
        f"  language: {rng.choice(('en', 'es'))}",
        "  description: A generated journey shaped like the examples, for benchmarks.",
        f"  owner: team-{index % 7}",
        f"  reviewed: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        "  tags: [benchmark, generated]",
        "personas:",
    ]
    for person in people:
        lines += [
            f"  - id: {person}",
            f"    name: {person.title()}",
            "    description: A representative customer with a job, a budget and little time.",
            '    quote: "I want the best value without wasting an afternoon."',
            "    demographics: {age: 35, occupation: lawyer}",
            "    goals: [Buy something that lasts, Decide within a week]",
            "    motivations: [Trusts detailed reviews]",
            "    behaviors: [Researches at night on a laptop]",
            "    pain_points: [Hidden costs, Jargon in product sheets]",
        ]
    lines.append("stages:")
    for stage_id, stage_name in STAGES:
        lines += [f"  - id: {stage_id}", f"    name: {stage_name}", f"    goal: Get through {stage_name.lower()} easily", "    touchpoints:"]
        for t in range(touchpoints_per_stage):
            tid = f"{stage_id}-{t}"
            emotions = ", ".join(f"{p}: {rng.randint(-2, 2)}" for p in people)
            lines += [
                f"      - id: {tid}",
                f"        name: {rng.choice(VERBS)} {rng.choice(THINGS)}",
                f"        channel: {rng.choice(CHANNELS)}",
                f"        personas: [{', '.join(people)}]",
                "        initiator: customer",
                f"        actions: [{rng.choice(VERBS)} {rng.choice(THINGS)}, Saves a link for later]",
                '        thoughts: ["Is this really the best option?"]',
                f"        emotion: {{{emotions}}}",
                "        pain_points:",
                f"          - {{id: pain-{tid}, text: {rng.choice(PAINS)}, severity: {rng.choice(('low', 'medium', 'high'))}}}",
                "        opportunities:",
                f"          - {{text: Fix it with a clearer page, addresses: [pain-{tid}], priority: high}}",
                f"        owner: team-{t}",
            ]
        metric, unit, target = rng.choice(METRICS)
        actual = round(target * rng.uniform(0.7, 1.3), 1)
        lines += ["    kpis:", f"      - {{id: kpi-{stage_id}, name: {metric}, metric: {metric}, unit: \"{unit}\", target: {target}, actual: {actual}}}"]
    text = "\n".join(lines) + "\n"
    if index % 50 == 7:  # a few broken files, as in a real repository
        text = text.replace("  title:", "  titel:", 1)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--touchpoints", type=int, default=3, help="touchpoints per stage")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.count):
        (args.out / f"journey-{index:05d}.journey.yaml").write_text(journey_text(index, rng, touchpoints_per_stage=args.touchpoints), encoding="utf-8")


if __name__ == "__main__":
    main()
