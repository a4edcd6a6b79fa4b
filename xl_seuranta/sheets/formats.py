"""Number formats and print conventions shared by the generated sheets.

Formats are en-US codes (Excel and LibreOffice show them in the user's locale: a Finnish PC prints
``#,##0`` as ``1 234 567`` and ``0.0`` as ``52,3``). Finnish habits the locale does not give are
written into the code: the real minus sign U+2212 instead of the hyphen Excel prints for a negative
number, and a space before the percent sign (``52,2 %``, written ``0.0\\ %``).
"""

from __future__ import annotations

from xl_seuranta.domain.messages import Printout

MINUS = "\u2212"

EUR = f'#,##0;"{MINUS}"#,##0;0'
"""Whole euros: 1 234 567 / −1 234 567 / 0."""

PCT = f'0.0\\ %;"{MINUS}"0.0\\ %;0.0\\ %'
"""A fraction as a percentage with one decimal: 52,2 % / −3,1 %."""

PCT_SIGNED = f'+0.0\\ %;"{MINUS}"0.0\\ %;0.0\\ %'
"""A deviation in percentage points, always signed: +2,4 % / −7,7 % (the header says %-yks.)."""

PCT_WHOLE = f'0\\ %;"{MINUS}"0\\ %;0\\ %'
"""A share with no decimals (goal summary): 67 %."""

COUNT = "0"
DATE = "d.m.yyyy"

FONT_MIN_PT = 8.0
"""Nothing on a generated sheet prints smaller than this (the sheets are laid out for it)."""


def page_footer(lang: str) -> str:
    """'Sivu 1 / 3' in the page footer (Excel codes &P and &N)."""
    return Printout.page.template(lang)
