"""Several names in one short phrase: a few written out, the rest counted ("Kim, Lee and 998 more").

Messages name the personas of a touchpoint (CJ033, CJ122, CJ125, CJ126), the channels of a
finding (CJ160), and a curve line that stands for many personas (its legend and SVG <title>);
joining every name made a thousand-persona legend longer than the map and a lint report of
80 MB. Every such phrase is made here, so each says it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Names written out before the rest are counted, in a legend.
FEW = 2
# How the rest are counted in English messages; a legend passes its language's words.
AND_MORE = "{names} and {count:,} more"


def named_few(names: Sequence[str], few: int, *, total: int | None = None, more: str = AND_MORE) -> str:
    """The first ``few`` of ``names`` joined, and how many more of ``total`` (default: all of
    ``names``; a caller that counted without listing passes only the first ones). One name more
    than ``few`` is written out when it is known: "and 1 more" is no shorter than the name."""
    count = len(names) if total is None else total
    if count <= len(names) and count <= few + 1:
        return ", ".join(names)
    return more.format(names=", ".join(names[:few]), count=count - min(few, len(names)))


def few_names(names: Sequence[str], text: Mapping[str, str], few: int = FEW) -> str:
    """A legend's names in the journey's language (``text["names_and_more"]``)."""
    return named_few(names, few, more=text["names_and_more"])
