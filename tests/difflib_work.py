"""The work merge3 hands to difflib, counted (lines × lines per call): the tests that guard
against a quadratic line diff count it rather than time it."""

from __future__ import annotations

import difflib

import pytest

from cjmap.files import merge3


def counted_difflib(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on in this test, each call of merge3's matcher adds its work to the list returned."""
    compared: list[int] = []
    matcher = merge3._matcher

    def counted(a: list[str], b: list[str]) -> difflib.SequenceMatcher[str]:
        compared.append(len(a) * len(b))
        return matcher(a, b)

    monkeypatch.setattr(merge3, "_matcher", counted)
    return compared
