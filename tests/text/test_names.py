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


def test_messages_count_what_they_do_not_list() -> None:
    from cjmap.text.names import named_few

    assert named_few(["a", "b", "c", "d"], 3) == "a, b, c, d"  # the one more is known: written out
    assert named_few(["a", "b", "c", "d", "e"], 3) == "a, b, c and 2 more"
    # A caller that counted 11 and listed only the first 10 cannot write the eleventh.
    assert named_few([f"p{i}" for i in range(10)], 10, total=11) == "p0, p1, p2, p3, p4, p5, p6, p7, p8, p9 and 1 more"
    assert named_few([f"p{i}" for i in range(10)], 10, total=3000) == "p0, p1, p2, p3, p4, p5, p6, p7, p8, p9 and 2,990 more"


def test_every_message_that_names_a_few_asks_here() -> None:
    """"and N more" is written in text/names.py only (and in labels.py, the words of legends),
    so every message counts the same way."""
    import re

    from conftest import ROOT

    counting = re.compile(r"and \{[^}]*\} more")
    writers = sorted(p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src" / "cjmap").rglob("*.py") if counting.search(p.read_text(encoding="utf-8")))
    assert writers == ["cjmap/text/labels.py", "cjmap/text/names.py"]
