"""Numbers as a language writes them: thousands grouped, the decimal mark, the percent form.

The forms come from the ``m_`` labels of :mod:`cjmap.text.labels` (English 31,106 and 28.57%;
Spanish 31 106 and 28,57 %, with 1234 left whole as the RAE writes it). `cjmap measure`'s views
and `render --measured` both write their numbers through this one class.
"""

from __future__ import annotations

from collections.abc import Mapping


class NumberForms:
    def __init__(self, text: Mapping[str, str]) -> None:
        self.point, self.group, self.percent_form = text["m_decimal"], text["m_thousands"], text["m_percent"]
        self.group_digits = int(text["m_group_digits"])

    def whole(self, value: int) -> str:
        """A whole number with its thousands grouped once it has ``m_group_digits`` digits."""
        digits = str(abs(value))
        if len(digits) >= self.group_digits:
            head = len(digits) % 3 or 3
            digits = self.group.join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])
        return f"-{digits}" if value < 0 else digits

    def decimal(self, value: float, places: int) -> str:
        """At most ``places`` decimals, trailing zeros dropped (71.43, 71.4, 71); no "-0"."""
        fixed = f"{abs(value):.{places}f}"
        whole, _, fraction = fixed.partition(".")
        fraction = fraction.rstrip("0")
        sign = "-" if value < 0 and fixed.strip("0.") else ""
        return sign + self.whole(int(whole)) + (self.point + fraction if fraction else "")

    def percent_text(self, value: float, places: int) -> str:
        """``value`` (already × 100) in the language's percent form: 28.57% / 28,57 %."""
        return self.percent_form.format(value=self.decimal(value, places))
