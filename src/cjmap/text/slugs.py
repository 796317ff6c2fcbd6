"""Ids made from names in any script: "Ærlig" -> ``aerlig``, "Покупка онлайн" -> ``pokupka-onlain``.

Russian Cyrillic is romanised by ICAO Doc 9303 (the passport standard, so a name reads as its
owner's passport spells it) with ``iuliia``; every other script is then transliterated with
``anyascii`` (its table covers all of Unicode: Greek, Arabic, CJK...); pictographs such as emoji
are left out, not spelled as words ("☕" would be ``coffee``). Both are imported inside
:func:`slug`: ``cjmap --help`` and ``cjmap validate`` never make an id and do not pay for
loading their tables.

Stripping accents alone (``model.vocabulary.normalise_word``, still what MATCHES vocabulary words)
dropped every letter it could not decompose: "Ærlig" became ``rlig``, Cyrillic names nothing.
"""

from __future__ import annotations

import re

# Runs of anything but ASCII letters and digits, after transliteration and lower case.
_SEPARATORS = re.compile(r"[^a-z0-9]+", re.ASCII)
# Where iuliia has work to do: the Cyrillic blocks (basic and supplement).
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
# Long names make long ids; cut at a word boundary in the last third, else hard.
MAX_SLUG = 60


def slug(text: str, *, fallback: str = "id", limit: int = MAX_SLUG) -> str:
    """``text`` as an id of lower-case ASCII letters, digits and single hyphens, at most
    ``limit`` characters, never starting or ending with a hyphen; ``fallback`` (itself an id)
    when nothing of ``text`` is a letter or digit in any script. The same text always gives the
    same id."""
    if not text.isascii():
        text = _ascii(text)
    word = _SEPARATORS.sub("-", text.lower()).strip("-")
    if len(word) > limit:
        cut = word.rfind("-", 0, limit + 1)
        word = word[: cut if cut > limit * 2 // 3 else limit].strip("-")
    return word or fallback


def _ascii(text: str) -> str:
    import unicodedata

    from anyascii import anyascii  # here, not at the top: see the module docstring

    # Pictographs and other symbols are not words of the name: anyascii spells them out
    # ("☕" -> "coffee"), which would put a word in the id that nobody wrote.
    if any(unicodedata.category(char) == "So" for char in text):
        text = "".join(" " if unicodedata.category(char) == "So" else char for char in text)
    if _CYRILLIC.search(text):
        import iuliia  # type: ignore[import-untyped]  # iuliia ships no type information

        text = iuliia.ICAO_DOC_9303.translate(text)
    return str(anyascii(text))
