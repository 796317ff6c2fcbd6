"""CJ160 counts only channels with a mode: `other` and a declared channel without `mode:` are
neither online nor offline, and the message says how many touchpoints use them."""

from __future__ import annotations

from conftest import TODAY, cli

HEAD = "cjmap: 1\njourney: {title: Mix, owner: cx, reviewed: 2026-11-01}\npersonas: [{id: ana}]\n"


def _journey(*channels: str, declared: str = "") -> str:
    touchpoints = "".join(f"      - {{id: t{i}, name: T{i}, channel: {channel}}}\n" for i, channel in enumerate(channels))
    return HEAD + declared + "stages:\n  - id: purchase\n    touchpoints:\n" + touchpoints


def _cj160(write, tmp_path, text: str) -> list[str]:
    write("mix.journey.yaml", text)
    run = cli("lint", "mix.journey.yaml", "--select", "CJ160", cwd=tmp_path, env=TODAY)
    assert run.code == 0 and run.stderr == ""
    return [line for line in run.stdout.splitlines() if " CJ160 " in line]


def test_three_touchpoints_on_other_are_not_called_online(write, tmp_path):
    assert _cj160(write, tmp_path, _journey("web", "other", "other", "other")) == [
        "mix.journey.yaml:4:1: info CJ160 1 touchpoint is online, none offline, 3 use channels that are neither (`other`): map the offline side too"]


def test_a_declared_channel_without_a_mode_is_named(write, tmp_path):
    text = _journey("store", "store", "kiosk", declared="channels: [{id: kiosk}]\n")
    assert _cj160(write, tmp_path, text) == [
        "mix.journey.yaml:5:1: info CJ160 2 touchpoints are offline, none online, 1 uses a channel that is neither (`kiosk`): map the online side too"]


def test_many_channels_without_a_mode_are_named_a_few_and_counted(write, tmp_path):
    declared = "channels: [{id: k1}, {id: k2}, {id: k3}, {id: k4}, {id: k5}]\n"
    text = _journey("web", "k1", "k2", "k3", "k4", "k5", "k1", declared=declared)
    assert _cj160(write, tmp_path, text) == [
        "mix.journey.yaml:5:1: info CJ160 1 touchpoint is online, none offline, 6 use channels that are neither (`k1`, `k2`, `k3` and 2 more): map the offline side too"]


def test_every_channel_with_a_mode_keeps_the_short_message(write, tmp_path):
    assert _cj160(write, tmp_path, _journey("web", "email")) == [
        "mix.journey.yaml:4:1: info CJ160 every touchpoint with a channel is online: map the offline side too"]


def test_no_finding_when_no_channel_has_a_mode_or_both_modes_are_there(write, tmp_path):
    assert _cj160(write, tmp_path, _journey("other", "other")) == []
    assert _cj160(write, tmp_path, _journey("web", "other", "store")) == []
