"""text/names.py: a line that stands for many personas is named after a few, the rest counted."""

from __future__ import annotations

import pytest

from cjmap.text.labels import labels
from cjmap.text.names import few_names


@pytest.mark.parametrize(("names", "en", "es"), [
    ([], "", ""),
    (["Kim"], "Kim", "Kim"),
    (["Kim", "Lee"], "Kim, Lee", "Kim, Lee"),
    (["Kim", "Lee", "Ana"], "Kim, Lee, Ana", "Kim, Lee, Ana"),  # "and 1 more" is no shorter
    (["Kim", "Lee", "Ana", "Bo"], "Kim, Lee and 2 more", "Kim, Lee y 2 más"),
    ([f"p{i}" for i in range(1000)], "p0, p1 and 998 more", "p0, p1 y 998 más"),
])
def test_a_few_names_and_a_count(names: list[str], en: str, es: str) -> None:
    assert few_names(names, labels("en")) == en
    assert few_names(names, labels("es")) == es


def test_how_many_are_named_is_a_choice() -> None:
    assert few_names(["a", "b", "c", "d", "e"], labels("en"), few=3) == "a, b, c and 2 more"
