"""Numbers as finance staff type and print them in Finland.

Workbooks arrive with numbers pasted from PDFs and ERP exports: a space or no-break space as the
thousands separator, a decimal comma, the Unicode minus sign, ``xx`` as a placeholder. Parsing them
here, once, lets every rule and cell function accept the same inputs and report the same problems.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

USUAL_ROUNDING = 5.0
"""A plain rounding gap of whole-euro figures is at most a few euros; a declared tolerance above this
is reported on every finding it softens (the rules and every finding's message use this one value)."""


class CellKind(StrEnum):
    """What a cell that should hold a number actually holds."""

    NUMBER = "number"  # a real number
    TEXT_NUMBER = "text_number"  # a number stored as text ("−1 253 026")
    PLACEHOLDER = "placeholder"  # "xx", "-", "…": a deliberate gap
    BLANK = "blank"
    ERROR = "error"  # an Excel error value such as #DIV/0!
    TEXT = "text"  # other text
    UNCACHED_FORMULA = "uncached_formula"  # a formula saved without its calculated value


@dataclass(frozen=True)
class ParsedNumber:
    """The outcome of reading one cell as a number."""

    kind: CellKind
    value: float | None = None
    raw: object = None


_MINUS_SIGNS = "\u2212\u2013\u2012\u2010\u2011\ufe63\uff0d"
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006 "
_PLACEHOLDERS = {"xx", "x", "xxx", "-", "–", "—", "…", "...", ".."}
_EXCEL_ERRORS = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#JAKO/0!",
    "#JAOLUKU/0!",
    "#PUUTTUU!",
    "#PUUTTUU",
    "#NIMI?",
    "#TYHJÄ!",
    "#LUKU!",
    "#VIITTAUS!",
    "#ARVO!",
}
# Digits with optional groups of three separated by one space, optional decimal part.
_NUMBER_RE = re.compile(r"^(?P<sign>[-+]?)(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:[,.](?P<frac>\d+))?(?P<pct>%?)$")


_FOLD = str.maketrans({**dict.fromkeys(_MINUS_SIGNS, "-"), **dict.fromkeys(_SPACES, " ")})
_SPACE_RUN_RE = re.compile(r" {2,}")


def normalise_text(text: str) -> str:
    """Fold the look-alike characters of pasted numbers to ASCII minus and plain spaces."""
    text = text.translate(_FOLD)
    if "  " in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    return text.strip()


def parse_number_text(text: str) -> float | None:
    """Parse Finnish number text ("−1 253 026", "1 234,5", "7,8 %") to a float, or None.

    A percent sign divides by 100, because a cell showing "7,8 %" means 0.078 to Excel.
    A dot is accepted as the decimal mark only when it cannot be a thousands separator
    (e.g. "3.2" is 3.2, but "1.234.567" is not a number we guess at).
    """
    t = normalise_text(text).replace("€", "").strip()
    t = re.sub(r"\s*%$", "%", t)
    t = re.sub(r"^([-+]) ", r"\1", t)
    m = _NUMBER_RE.match(t)
    if not m:
        return None
    intpart = m.group("int").replace(" ", "")
    frac = m.group("frac")
    value = float(f"{intpart}.{frac}") if frac else float(intpart)
    if m.group("sign") == "-":
        value = -value
    if m.group("pct"):
        value /= 100
    return value


def read_cell_number(raw: object) -> ParsedNumber:
    """Classify a cell value read from a workbook as a number, text number, placeholder, etc."""
    if raw is None:
        return ParsedNumber(CellKind.BLANK, None, raw)
    if isinstance(raw, bool):
        return ParsedNumber(CellKind.TEXT, None, raw)
    if isinstance(raw, int | float):
        if isinstance(raw, float) and (math.isnan(raw) or math.isinf(raw)):
            return ParsedNumber(CellKind.ERROR, None, raw)
        return ParsedNumber(CellKind.NUMBER, float(raw), raw)
    if isinstance(raw, str):
        s = raw.strip()
        if not s:
            return ParsedNumber(CellKind.BLANK, None, raw)
        if s.upper() in _EXCEL_ERRORS or (s.startswith("#") and s.endswith(("!", "?", "A"))):
            return ParsedNumber(CellKind.ERROR, None, raw)
        if normalise_text(s).lower() in _PLACEHOLDERS:
            return ParsedNumber(CellKind.PLACEHOLDER, None, raw)
        value = parse_number_text(s)
        if value is not None:
            return ParsedNumber(CellKind.TEXT_NUMBER, value, raw)
        return ParsedNumber(CellKind.TEXT, None, raw)
    return ParsedNumber(CellKind.TEXT, None, raw)
