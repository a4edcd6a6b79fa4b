"""Numbers, percentages and dates for people: one place, built on Babel's locale data.

Finnish habits: a no-break space between thousands, a decimal comma, the real minus sign U+2212
(Babel's ``fi`` data names it but prints an ASCII hyphen, so the sign is added here), a no-break
space before the percent sign ("52,2 %") and dates as "30.6.2025". English follows Babel's ``en``
locale. Every message, sheet text and alert formats through here; JSON output never does (its
numbers stay machine-plain).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from babel.dates import format_date
from babel.numbers import format_scientific, get_decimal_symbol, get_group_symbol

Lang = Literal["fi", "en"]

MINUS = {"fi": "\u2212", "en": "-"}
NBSP = "\u00a0"
PERCENT_SPACE = {"fi": NBSP, "en": ""}
NO_NUMBER = "–"
"""Shown where there is no number (a missing value, NaN)."""
_LARGEST_PLAIN = 1e15
"""Beyond this a number is printed in scientific form: nobody reads a 301-digit sum."""


def number(value: float | int | None, decimals: int = 0, lang: Lang = "fi") -> str:
    """A number with ``decimals`` decimals: "−6 624 150", "7,5"; English "-6,624,150", "7.5".

    Rounding is that of the exact binary value (as Python's own formatting), and a value that rounds
    to zero never shows a minus sign.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_NUMBER
    # round() only for a negative value: a positive one never rounds below zero (~0.3 µs a number).
    sign = MINUS[lang] if value < 0 and round(value, decimals) < 0 else ""
    magnitude = abs(value)
    if magnitude >= _LARGEST_PLAIN:  # infinity too
        if math.isinf(value):
            return f"{sign}∞"
        text = format_scientific(Decimal(magnitude), format="0.0##E0", locale=lang)
        return sign + text.replace("-", MINUS[lang])
    # Python's own formatting (the exact binary value, halves to even: what Babel's
    # format_decimal(Decimal(value), "#,##0.0…") does) with the locale's symbols from Babel;
    # Babel's pattern machinery cost 50 µs a number, and a batch check renders tens of thousands.
    # Grouped with '_' so that two plain replaces give the locale's marks whatever they are
    # (str.translate with a table was half the cost of a number), and a ready format specification
    # (building one in an f-string was another third).
    group, mark = _symbols(lang)
    text = format(magnitude, _FIXED.get(decimals) or f"_.{max(decimals, 0)}f")
    return sign + text.replace(".", mark).replace("_", group)


_FIXED = {decimals: f"_.{decimals}f" for decimals in range(7)}
"""Format specifications of the usual numbers of decimals: grouped thousands, fixed point."""


@functools.lru_cache(maxsize=4)
def _symbols(lang: Lang) -> tuple[str, str]:
    """The locale's thousands separator and decimal mark (Babel's CLDR data)."""
    return get_group_symbol(lang), get_decimal_symbol(lang)


def amount(value: float | int | None, lang: Lang = "fi") -> str:
    """A figure in a message with as many decimals as it needs: whole euros as whole numbers, small
    fractional figures with one or two decimals (7,5; 0,25)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return number(value, 0, lang)
    decimals = 0 if float(value).is_integer() or abs(value) >= 100 else (1 if abs(value) >= 1 else 2)
    return number(value, decimals, lang)


def percent(fraction: float | None, decimals: int = 1, lang: Lang = "fi") -> str:
    """A fraction as a percentage: 0.522 -> "52,2 %" (a no-break space before the sign), English "52.2%"."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return NO_NUMBER
    return f"{number(fraction * 100, decimals, lang)}{PERCENT_SPACE[lang]}%"


def percent_points(value: float, lang: Lang = "fi") -> str:
    """A percentage already in points (24 or 24.5, as written in a text): "24 %", "24,5 %"."""
    decimals = 0 if float(value).is_integer() else len(f"{value:g}".split(".")[1])
    return percent(value / 100, decimals, lang)


def date(value: dt.date | None, lang: Lang = "fi") -> str:
    """A date: "30.6.2025" in Finnish, ISO "2025-06-30" in English (unambiguous in any country)."""
    if value is None:
        return NO_NUMBER
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, _DATE_PATTERNS[lang], locale=lang)


_DATE_PATTERNS = {"fi": "d.M.y", "en": "y-MM-dd"}


def day_month(value: dt.date) -> str:
    """A day without its year, as a Finnish header writes it: "30.6."."""
    return f"{value.day}.{value.month}."


def timestamp(value: dt.datetime, lang: Lang = "fi") -> str:
    """When something was made: "30.06.2025 14:05" (read the same way in both languages)."""
    return f"{value:%d.%m.%Y %H:%M}"


# Format specifications a message parameter may declare (typing.Annotated metadata).


@dataclass(frozen=True)
class Percent:
    """The parameter is a fraction shown as a percentage with ``decimals`` decimals."""

    decimals: int = 1


_NUMBER = int | float
"""A union built once: ``isinstance(v, int | float)`` builds it on every call, tens of thousands a batch."""


def value(v: object, lang: Lang = "fi", spec: object = None) -> str:
    """Any message parameter as text: numbers as amounts, dates as dates, None as "–"."""
    if v is None:
        return NO_NUMBER
    if isinstance(spec, Percent) and isinstance(v, _NUMBER):
        return percent(float(v), spec.decimals, lang)
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, _NUMBER):
        return amount(v, lang)
    if isinstance(v, dt.date):
        return date(v, lang)
    return str(v)
