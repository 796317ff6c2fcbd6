"""Several people named in one short phrase: a few names, the rest counted ("Kim, Lee and 998 more").

A curve line that stands for many personas (their lines coincide) is named in a legend and in
the SVG's <title>; joining every name made a thousand-persona legend longer than the map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Names written out before the rest are counted.
FEW = 2


def few_names(names: Sequence[str], text: Mapping[str, str], few: int = FEW) -> str:
    """``names`` joined, or the first ``few`` and how many more (``text["names_and_more"]``).

    One name more than ``few`` is written out: "and 1 more" is no shorter than the name."""
    if len(names) <= few + 1:
        return ", ".join(names)
    return text["names_and_more"].format(names=", ".join(names[:few]), count=len(names) - few)
