"""The explicit list of rules (STYLE.md habit 3). A duplicated code or name fails at import."""

from __future__ import annotations

from cjmap.lint.rule import Rule
from cjmap.lint.rules import blueprint, channels, journey, kpis, paths, personas, stages, touchpoints
from cjmap.validation.codes import CODES

_ALL: tuple[Rule, ...] = (
    journey.stale_review,
    journey.missing_owner,
    personas.persona_not_in_journey,
    personas.persona_without_goals,
    personas.persona_without_pain_points,
    paths.unreachable_touchpoint,
    paths.next_across_personas,
    paths.unreachable_for_persona,
    touchpoints.touchpoint_without_channel,
    touchpoints.touchpoint_without_emotion,
    touchpoints.unaddressed_pain_point,
    touchpoints.touchpoint_without_actions,
    kpis.kpi_off_target,
    kpis.kpi_without_values,
    stages.empty_stage,
    stages.stage_without_goal,
    stages.stage_without_kpi,
    stages.stage_order,
    stages.missing_stages,
    blueprint.blueprint_without_backstage,
    channels.single_mode_channels,
)


def _index(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    by_code: dict[str, Rule] = {}
    names: set[str] = set()
    for rule in rules:
        if rule.code in by_code or rule.code in CODES or rule.name in names:
            raise RuntimeError(f"duplicated rule code or name: {rule.code} {rule.name}")
        by_code[rule.code] = rule
        names.add(rule.name)
    return dict(sorted(by_code.items()))


RULES: dict[str, Rule] = _index(_ALL)
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES.values()}


def unknown_rule_message(name: str) -> str:
    """The one way to say a rule does not exist (with the nearest code or name)."""
    from cjmap.text.suggest import did_you_mean

    return f"no rule is called `{name}`{did_you_mean(name, [*RULES, *RULES_BY_NAME])}; `cjmap rules` lists them"


def get_rule(code_or_name: str) -> Rule:
    """The rule with this code or name; KeyError names the unknown one."""
    found = RULES.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())
    if found is None:
        raise KeyError(code_or_name)
    return found


def expand(selectors: list[str]) -> set[str]:
    """Codes named by selectors: codes, names, code prefixes (``CJ14``) or ``ALL``.

    Raises KeyError for a selector that names no rule, so typos fail loudly.
    """
    codes: set[str] = set()
    for selector in selectors:
        text = selector.strip()
        if not text:
            raise KeyError(selector)
        if text.upper() == "ALL":
            codes.update(RULES)
            continue
        matched = {code for code in RULES if code.startswith(text.upper())} if text.upper().startswith("CJ") else set()
        if not matched and text.lower() in RULES_BY_NAME:
            matched = {RULES_BY_NAME[text.lower()].code}
        if not matched:
            raise KeyError(selector)
        codes.update(matched)
    return codes
