"""Every command costs about the same per touchpoint at any size (issue 12, "near-linear").

Each step of each command runs on one journey of N and of 4N touchpoints; the CPU time must
grow by less than 8x (linear is about 4x, quadratic 16x). No time is asserted, only a ratio,
best of three, with the garbage collector off while timing: these tests guard the algorithms
(a lookup by scanning a list, a rule comparing all pairs); ``cjmap.cli.main`` tunes the
collector, and ``bench/scale.py`` measures whole commands at 1k, 10k and 50k touchpoints
(docs/performance.md, "Scale").
"""

from __future__ import annotations

import datetime
import gc
import io
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from cjmap.loader import Limits
from cjmap.model import Journey
from cjmap.problems import FileResult
from cjmap.validation.pipeline import validate_bytes
from conftest import cli

SMALL, LARGE = 2_000, 8_000
BOUND = 8.0  # linear: ~4; quadratic: ~16
MEASURABLE = 0.1  # seconds of CPU: a cheap step is repeated until its small run takes this long
TODAY = datetime.date(2026, 12, 1)
LIMITS = Limits(max_bytes=64 * 1024 * 1024)
STAGES = ("awareness", "consideration", "purchase", "retention", "advocacy")


def journey_yaml(touchpoints: int, *, variant: bool = False) -> str:
    """A valid journey: two personas, five stages, each touchpoint with emotions, a pain point,
    an opportunity that addresses it and a ``next:`` edge to the following touchpoint."""
    lines = [
        "cjmap: 1",
        "journey: {id: big, title: A big journey, type: current-state, language: en, owner: team, reviewed: 2026-11-01}",
        "personas:",
        "  - {id: ana, name: Ana}",
        "  - {id: bo, name: Bo}",
        "stages:",
    ]
    per_stage = touchpoints // len(STAGES)
    for stage in STAGES:
        lines += [f"  - id: {stage}", f"    name: {stage.title()}", "    touchpoints:"]
        for index in range(per_stage):
            tid = f"{stage}-{index}"
            following = f", next: [{stage}-{index + 1}]" if index + 1 < per_stage else ""
            lines += [
                # The variant renames every third touchpoint and shifts Ana's emotions: what diff compares.
                (f"      - {{id: {tid}, name: Step {index} of {stage}{'!' * (variant and index % 3 == 0)}, channel: web,"
                 f" personas: [ana, bo], initiator: customer,"),
                f"         actions: [Does {index}], emotion: {{ana: {(index + variant) % 5 - 2}, bo: {(index * 3) % 5 - 2}}}{following},",
                f"         pain_points: [{{id: pain-{tid}, text: Slow page {index}, severity: high}}],",
                f"         opportunities: [{{text: Faster page {index}, addresses: [pain-{tid}], priority: high}}]}}",
            ]
        lines += ["    kpis:", f"      - {{id: kpi-{stage}, name: csat, metric: csat, unit: /5, target: 4.5, actual: 4.1}}"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Sized:
    raw: bytes
    result: FileResult
    changed: Journey | None = None  # the same journey with names and emotions changed (for diff)

    @property
    def journey(self) -> Journey:
        assert self.result.journey is not None
        return self.result.journey


@pytest.fixture(scope="module")
def sized() -> dict[int, Sized]:
    made = {}
    for size in (SMALL, LARGE):
        raw = journey_yaml(size).encode()
        result = validate_bytes(raw, file="big.journey.yaml", limits=LIMITS)
        assert result.journey is not None, result.problems[:3]
        changed = validate_bytes(journey_yaml(size, variant=True).encode(), file="big.journey.yaml", limits=LIMITS).journey
        assert changed is not None
        made[size] = Sized(raw, result, changed)
    return made


def cpu_seconds(work: Callable[[], Any], *, repeat: int = 3, times: int = 1) -> float:
    """The least CPU time of ``repeat`` runs of ``times`` calls: other processes only ever add time."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            for _ in range(times):
                work()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def calls_to_measure(work: Callable[[], Any]) -> int:
    """How many calls make ``work`` take MEASURABLE seconds (as timeit.autorange does), so the
    ratio of two sizes is never the ratio of two noises."""
    once = max(cpu_seconds(work, repeat=1), 1e-4)
    return max(1, math.ceil(MEASURABLE / once))


def assert_near_linear(
    step: str, make: Callable[[Sized], Callable[[], Any]], sized: dict[int, Sized], *, repeat: int = 3, unit: str = "touchpoints"
) -> None:
    small_work = make(sized[SMALL])
    times = calls_to_measure(small_work)
    small = cpu_seconds(small_work, repeat=repeat, times=times)
    large = cpu_seconds(make(sized[LARGE]), repeat=repeat, times=times)
    ratio = large / small
    assert ratio < BOUND, (
        f"{step}: {small:.3f} s, then {large:.3f} s for 4x the {unit}: {ratio:.1f}x (linear is ~4x, quadratic ~16x)"
    )


def _lint(s: Sized) -> Callable[[], Any]:
    from cjmap.lint.config import LintConfig
    from cjmap.lint.linter import Selection, lint_result

    return lambda: lint_result(s.result, config=LintConfig(), selection=Selection(), today=TODAY, path=None)


def _render(fmt: str) -> Callable[[Sized], Callable[[], Any]]:
    def make(s: Sized) -> Callable[[], Any]:
        from cjmap.render.formats import TEXT_RENDERERS
        from cjmap.text.templates import environment

        env = environment(None)
        TEXT_RENDERERS[fmt](s.journey, env, "big.journey.yaml")  # compile the templates first
        return lambda: TEXT_RENDERERS[fmt](s.journey, env, "big.journey.yaml")

    return make


def _show(s: Sized) -> Callable[[], Any]:
    from rich.console import Console

    from cjmap.show.terminal import Focus, journey_view

    def run() -> None:
        console = Console(file=io.StringIO(), width=120, color_system=None)
        for renderable in journey_view(s.journey, focus=Focus(None, None), today=TODAY, width=120):
            console.print(renderable)

    return run


def _stats(s: Sized) -> Callable[[], Any]:
    from rich.console import Console

    from cjmap.stats.portfolio import build_portfolio
    from cjmap.stats.terminal import portfolio_view

    def run() -> None:
        console = Console(file=io.StringIO(), width=120, color_system=None)
        for renderable in portfolio_view(build_portfolio([("big.journey.yaml", s.journey)], [], today=TODAY, files=1)):
            console.print(renderable)

    return run


def _diff(s: Sized) -> Callable[[], Any]:
    from cjmap.diff.changes import diff_journeys

    assert s.changed is not None
    assert diff_journeys(s.journey, s.changed)  # names and emotions differ: the comparing code runs
    return lambda: diff_journeys(s.journey, s.changed)


def _export_csv(s: Sized) -> Callable[[], Any]:
    from cjmap.interchange.csv_io import export_csv

    return lambda: export_csv(s.journey)


def _import_csv(s: Sized) -> Callable[[], Any]:
    from cjmap.interchange.csv_io import export_csv
    from cjmap.interchange.csv_journey import import_csv

    text = export_csv(s.journey)
    return lambda: import_csv(text, base=None, title="Imported", language="en", journey_type="current-state")


def _import_mermaid(s: Sized) -> Callable[[], Any]:
    from cjmap.interchange.mermaid_in import import_mermaid

    text = _render("mermaid")(s)()
    return lambda: import_mermaid(text, title="Imported", language="en", scale=None)


STEPS: dict[str, Callable[[Sized], Callable[[], Any]]] = {
    "lint": _lint,
    "render html": _render("html"),
    "render dot": _render("dot"),
    "render mermaid": _render("mermaid"),
    "render markdown": _render("markdown"),
    "show": _show,
    "stats": _stats,
    "diff": _diff,
    "export csv": _export_csv,
    "import csv": _import_csv,
    "import mermaid": _import_mermaid,
}


# Steps that take seconds at LARGE: one run each is enough to see 4x from 16x, and keeps the file fast.
SLOW = {"show": 1, "render markdown": 2, "render html": 2, "import csv": 2}


@pytest.mark.parametrize("step", STEPS)
def test_each_step_costs_the_same_per_touchpoint(step: str, sized: dict[int, Sized]) -> None:
    assert_near_linear(step, STEPS[step], sized, repeat=SLOW.get(step, 3))


def test_loading_and_validating_costs_the_same_per_touchpoint(sized: dict[int, Sized]) -> None:
    # Parse, source map, pydantic models and reference checks: the step every command starts with.
    assert_near_linear("validate", lambda s: lambda: validate_bytes(s.raw, file="big.journey.yaml", limits=LIMITS), sized, repeat=1)


CROWD_TOUCHPOINTS = 1_000


def crowd_yaml(personas: int) -> str:
    """``personas`` personas on 1,000 touchpoints without ``personas:`` (so everyone takes part),
    each touchpoint with an emotion for one persona. Some work is per persona per touchpoint
    by nature (CJ122 asks each touchpoint about each persona): it grows as the personas do.
    Work per persona *pair* per touchpoint, or a scan of all personas for each one, grows as
    their square."""
    lines = ["cjmap: 1", "journey: {id: crowd, title: A crowd, type: current-state, language: en}", "personas:"]
    lines += [f"  - {{id: p{index}, name: Person {index}}}" for index in range(personas)]
    lines += ["stages:", "  - id: awareness", "    name: Awareness", "    touchpoints:"]
    lines += [f"      - {{id: t{index}, name: Step {index}, emotion: {{p{index % personas}: 1}}}}" for index in range(CROWD_TOUCHPOINTS)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def crowds() -> dict[int, Sized]:
    made = {}
    for size, persons in ((SMALL, 250), (LARGE, 1_000)):  # keyed like ``sized``: 4x the personas
        raw = crowd_yaml(persons).encode()
        result = validate_bytes(raw, file="crowd.journey.yaml", limits=LIMITS)  # 1,000,000 lanes: at the budget
        assert result.journey is not None, result.problems[:3]
        made[size] = Sized(raw, result)
    return made


@pytest.mark.parametrize("step", ["lint", "render html", "render dot"])
def test_many_personas_cost_the_same_per_persona(step: str, crowds: dict[int, Sized]) -> None:
    assert_near_linear(f"{step}, many personas", STEPS[step], crowds, unit="personas (250, then 1,000, on 1,000 touchpoints)")


def test_a_touchpoint_missing_many_emotions_names_ten(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Listing every missing persona made a 210 KB file an 80 MB report.
    path = tmp_path / "crowd.journey.yaml"
    path.write_text(crowd_yaml(40), encoding="utf-8")
    result = cli("lint", "--select", "CJ122", str(path))
    assert result.code == 0, result.stderr
    first = next(line for line in result.stdout.splitlines() if "`t0`" in line)
    assert first.endswith("touchpoint `t0` has no emotion for `p1`, `p2`, `p3`, `p4`, `p5`, `p6`, `p7`, `p8`, `p9`, `p10` and 29 more: add one per persona")


def test_the_check_catches_a_quadratic_step(sized: dict[int, Sized]) -> None:
    # The test of the test: finding each touchpoint by scanning the list of all of them.
    def quadratic(s: Sized) -> Callable[[], Any]:
        ids = [tp.id for stage in s.journey.stages for tp in stage.touchpoints]
        return lambda: [ids.index(tid) for tid in ids]

    with pytest.raises(AssertionError, match="quadratic"):
        assert_near_linear("scan", quadratic, sized, repeat=1)


def test_the_budgets_leave_room_for_the_benchmark_journey() -> None:
    # bench/scale.py runs every command on 50,000 touchpoints; the touchpoint budget must allow it.
    assert Limits().max_touchpoints >= 50_000


def test_a_big_journey_goes_through_the_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.journey.yaml"
    path.write_text(journey_yaml(SMALL), encoding="utf-8")
    lint = cli("lint", "--max-file-size", "64M", str(path))
    assert lint.code == 0, lint.stderr
    html = cli("render", "--max-file-size", "64M", "-f", "html", str(path))
    assert html.code == 0, html.stderr
    screen_map = html.stdout.partition('<div class="print-parts">')[0]  # the print parts repeat every touchpoint
    assert screen_map.count('<div class="tp"') == SMALL


def fan_in_yaml(personas: int) -> str:
    """Each persona on a touchpoint of their own that steps to one touchpoint naming them all,
    and a shared touchpoint that steps there too: within every budget (persona steps count the
    source's personas). Asking each step about the target's personas grew as their square
    (50,000 personas: lint over 4 minutes)."""
    lines = ["cjmap: 1", "journey: {id: fan, title: Fan in, type: current-state, language: en}", "personas:"]
    lines += [f"  - {{id: p{index}}}" for index in range(personas)]
    lines += ["stages:", "  - id: awareness", "    touchpoints:", "      - {id: home, name: Home, next: [big]}"]
    lines += [f"      - {{id: t{index}, name: Step {index}, personas: [p{index}], next: [big]}}" for index in range(personas)]
    lines.append("      - {id: big, name: Everyone named, personas: [" + ", ".join(f"p{index}" for index in range(personas)) + "]}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def fans() -> dict[int, Sized]:
    made = {}
    for size, persons in ((SMALL, 1_000), (LARGE, 4_000)):  # keyed like ``sized``: 4x the personas
        raw = fan_in_yaml(persons).encode()
        result = validate_bytes(raw, file="fan.journey.yaml", limits=LIMITS)
        assert result.journey is not None, result.problems[:3]
        made[size] = Sized(raw, result)
    return made


@pytest.mark.parametrize("step", ["lint", "render dot", "show"])
def test_steps_into_a_touchpoint_of_many_personas_cost_the_same_per_persona(step: str, fans: dict[int, Sized]) -> None:
    assert_near_linear(f"{step}, fan in", STEPS[step], fans, repeat=SLOW.get(step, 3), unit="personas (1,000, then 4,000)")
