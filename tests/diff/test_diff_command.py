"""``cjmap diff``: two files, or a file against a git revision."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import cjmap
from cjmap.diff.changes import diff_journeys
from conftest import EXAMPLES, cli, run_cjmap

# In process (cli) except the determinism test: three processes with different hash seeds.

LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"


def _edited(write, name="new.journey.yaml", **replacements):
    text = LAPTOP.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return write(name, text)


EDITS = {
    "owner: equipo-ecommerce\n  reviewed": "owner: equipo-cx\n  reviewed",
    "name: Carrito y pago en la web": "name: Carrito y pago exprés",
    "emotion: {ana: 1, luis: -1}": "emotion: {ana: 2, luis: -2}",
    "target: 60, actual: 71": "target: 55, actual: 64",
}


def test_changes_are_keyed_by_ids(write):
    new = _edited(write, **EDITS)
    changes = diff_journeys(cjmap.load_journey(LAPTOP), cjmap.load_journey(new))
    found = {(c.section, c.action, c.subject) for c in changes}
    assert ("journey", "changed", "owner") in found
    assert ("touchpoints", "renamed", "checkout-web") in found
    emotions = {c.detail for c in changes if c.section == "emotions"}
    assert any("for ana: +1 → +2 (+1, better)" in d for d in emotions)
    assert any("for luis: -1 → -2 (-1, worse)" in d for d in emotions)
    kpi = [c for c in changes if c.section == "kpis"]
    assert [(c.subject, c.before, c.after, c.direction) for c in kpi] == [
        ("abandono-carrito", 60.0, 55.0, ""), ("abandono-carrito", 71.0, 64.0, "better"),
    ]


def test_structure_changes(write):
    text = LAPTOP.read_text(encoding="utf-8")
    # Move the review touchpoint's whole stage block: swap two stages, drop a persona's pain, add a persona.
    text = text.replace("  - id: luis\n", "  - id: marta\n    name: Marta\n  - id: luis\n", 1)
    text = text.replace('          - {id: envio-al-final, text: "Los gastos y el plazo de envío no se ven hasta el final", severity: high}\n', "")
    text = text.replace(', addresses: [envio-al-final], priority: high}', ', priority: high}')
    new = write("new.journey.yaml", text)
    run = cli("diff", str(LAPTOP), str(new))
    assert run.code == 1
    assert "+ persona `marta` added (Marta)" in run.stdout
    assert "✓ pain point resolved at `checkout-web`: “Los gastos y el plazo de envío no se ven hasta el final”" in run.stdout


def test_moved_and_reordered(write):
    old = write("old.journey.yaml", """\
cjmap: 1
journey: {title: T}
personas: [{id: ana}]
stages:
  - {id: awareness, touchpoints: [{id: ad, name: Ad}, {id: blog, name: Blog}]}
  - {id: purchase, touchpoints: [{id: cart, name: Cart}]}
""")
    new = write("new.journey.yaml", """\
cjmap: 1
journey: {title: T}
personas: [{id: ana}]
stages:
  - {id: purchase, touchpoints: [{id: cart, name: Cart}, {id: blog, name: Blog}]}
  - {id: awareness, touchpoints: [{id: ad, name: Ad}, {id: video, name: Video}]}
""")
    run = cli("diff", str(old), str(new), "--format", "json")
    changes = json.loads(run.stdout)["changes"]
    kinds = {(c["section"], c["action"], c["subject"]) for c in changes}
    assert kinds == {("stages", "reordered", "stages"), ("touchpoints", "moved", "blog"), ("touchpoints", "added", "video"),
                     ("touchpoints", "changed", "ad"), ("touchpoints", "changed", "blog"), ("touchpoints", "changed", "cart")}
    # Reordering changes where customers go: ad -> blog -> cart became cart -> blog -> ad -> video.
    paths = {c["subject"]: (c["before"], c["after"]) for c in changes if c["action"] == "changed"}
    assert paths == {"ad": (["blog"], ["video"]), "blog": (["cart"], ["ad"]), "cart": ([], ["blog"])}


def test_no_change_is_exit_zero():
    run = cli("diff", str(LAPTOP), str(LAPTOP))
    assert (run.code, run.stdout) == (0, f"No changes between {LAPTOP} and {LAPTOP}.\n")


def test_markdown_is_a_pull_request_comment(write):
    new = _edited(write, **EDITS)
    run = cli("diff", str(LAPTOP), str(new), "--format", "markdown")
    assert run.stdout.startswith("### Journey changes\n")
    assert "#### Emotions" in run.stdout and "🟢 emotion at `checkout-web` for ana" in run.stdout
    assert "🔴 emotion at `checkout-web` for luis" in run.stdout


def test_current_state_against_future_state(write):
    future = _edited(write, **{"type: current-state": "type: future-state", "emotion: {ana: 1, luis: -1}": "emotion: {ana: 2, luis: 1}"})
    run = cli("diff", str(LAPTOP), str(future))
    assert run.code == 1 and "type: “current-state” → “future-state”" in run.stdout and "(+2, better)" in run.stdout


def test_an_invalid_side_is_reported_as_validate_does(write):
    bad = write("bad.journey.yaml", "cjmap: 2\n")
    run = cli("diff", str(LAPTOP), str(bad))
    assert run.code == 2 and f"{bad}:1:8: error CJ024" in run.stderr and run.stdout == ""


def test_against_a_git_revision(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "T")
    journey = tmp_path / "maps" / "laptop.journey.yaml"
    journey.parent.mkdir()
    journey.write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "first")
    journey.write_text(journey.read_text(encoding="utf-8").replace("target: 60, actual: 71", "target: 60, actual: 80"), encoding="utf-8")
    run = cli("diff", str(journey), "--rev", "HEAD")
    assert run.code == 1 and "KPI `abandono-carrito` actual: 71% → 80% (worse)" in run.stdout
    missing = cli("diff", str(journey), "--rev", "no-such-branch")
    assert missing.code == 2 and "cannot read" in missing.stderr


def test_diff_needs_two_sides():
    assert cli("diff", str(LAPTOP)).code == 2


def test_every_field_edit_is_reported_in_full(write):
    new = _edited(write, **{
        "fails: [payment_error]\n        channel: web\n        initiator: customer":
            "fails: [payment_error]\n        channel: web\n        initiator: company",
        'text: "Los gastos y el plazo de envío no se ven hasta el final", severity: high': 'text: "Los gastos de envío se ven tarde, y el plazo nunca", severity: low',
        'addresses: [envio-al-final], priority: high': 'addresses: [envio-al-final], priority: low',
        "name: Abandono del carrito, metric: cart_abandonment": "name: Carritos abandonados, metric: cart_abandonment",
    })
    run = cli("diff", str(LAPTOP), str(new))
    assert run.code == 1
    assert "“Los gastos de envío se ven tarde, y el plazo nunca”" in run.stdout  # not cut short
    assert "severity: “high” → “low”" in run.stdout and "priority: “high” → “low”" in run.stdout
    assert "KPI `abandono-carrito` name: “Abandono del carrito” → “Carritos abandonados”" in run.stdout
    assert "initiator: “customer” → “company”" in run.stdout


def test_diff_output_is_deterministic(write):
    text = LAPTOP.read_text(encoding="utf-8").replace("  - id: luis\n", "  - id: zoe\n  - id: marta\n  - id: bea\n  - id: luis\n", 1)
    new = write("new.journey.yaml", text)
    # Separate processes with different hash seeds: within one process set and dict order of
    # strings is the same every time, so repeating the run there would prove nothing.
    runs = [run_cjmap("diff", str(LAPTOP), str(new), env={"PYTHONHASHSEED": seed}) for seed in ("1", "2", "3")]
    outputs = {run.stdout for run in runs}
    assert len(outputs) == 1
    output = outputs.pop()
    assert output.index("`zoe`") < output.index("`marta`") < output.index("`bea`")  # file order


def test_a_removed_touchpoint_does_not_resolve_its_pains(write):
    head = "cjmap: 1\njourney: {title: T}\npersonas: [{id: ana}]\nstages:\n"
    old = write("old.journey.yaml", head + "  - {id: a, touchpoints: [{id: x, name: X, pain_points: [Slow]}, {id: y, name: Y}]}\n")
    new = write("new.journey.yaml", head + "  - {id: a, touchpoints: [{id: y, name: Y}]}\n")
    run = cli("diff", str(old), str(new))
    assert "touchpoint `x` removed" in run.stdout and "resolved" not in run.stdout


def test_rev_for_a_journey_added_since(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.email=a@b.c", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "x"], cwd=tmp_path, check=True)
    added = tmp_path / "new.journey.yaml"
    added.write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    run = cli("diff", str(added), "--rev", "HEAD")
    assert run.code == 1 and "+ touchpoint `busqueda-google` added" in run.stdout


def test_rev_decides_by_gits_exit_codes_not_its_words(tmp_path):
    # git translates its messages into the user's language: a git that says everything in
    # German must give the same answers (added since the revision; an unknown revision).
    real_git = shutil.which("git")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    german_git = bin_folder / "git"
    german_git.write_text(
        f'#!/bin/sh\n"{real_git}" "$@" 2>/dev/null\nstatus=$?\n'
        '[ "$status" -eq 0 ] || echo "fataler Fehler: Pfad existiert nicht" >&2\nexit "$status"\n',
        encoding="utf-8",
    )
    german_git.chmod(0o755)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.email=a@b.c", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "x"], cwd=tmp_path, check=True)
    added = tmp_path / "new.journey.yaml"
    added.write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    german = {"PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    run = cli("diff", str(added), "--rev", "HEAD", env=german)
    assert (run.code, run.stderr) == (1, "") and "+ touchpoint `busqueda-google` added" in run.stdout
    unknown = cli("diff", str(added), "--rev", "no-such-branch", env=german)
    assert unknown.code == 2 and unknown.stdout == ""
    assert f"cannot read {added} at no-such-branch: git knows no commit called 'no-such-branch'" in unknown.stderr
    outside = tmp_path / "outside"
    outside.mkdir()
    loose = outside / "loose.journey.yaml"
    loose.write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    no_repository = cli("diff", str(loose), "--rev", "HEAD", env={**german, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert no_repository.code == 2 and no_repository.stdout == ""
    assert f"cannot read {loose} at HEAD: {outside} is not in a git repository" in no_repository.stderr


