"""The neutral form every reader produces: a sheet's values with A1 addresses.

Nothing downstream of a reader knows whether the values came from a file (python-calamine) or
from an open Excel book (xlwings); both give a list of ``Grid``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


def col_letter(col: int) -> str:
    """1-based column number to letters (1 -> 'A', 28 -> 'AB')."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str) -> int:
    """Column letters to a 1-based number ('AB' -> 28)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def a1(row: int, col: int) -> str:
    """1-based row and column to an A1 address."""
    return f"{col_letter(col)}{row}"


_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def parse_a1(ref: str) -> tuple[int, int]:
    """An A1 address to 1-based (row, col)."""
    m = _A1.fullmatch(ref.strip())  # compiled once: the engine parses every finding's cell to sort
    if not m:
        raise ValueError(f"not an A1 address: {ref!r}")
    return int(m.group(2)), col_number(m.group(1))


_EXACT = 2**53


def clean_row(values: list[object]) -> list[object]:
    """``clean_value`` of a whole row, with the common cases (numbers, text) inline: a reader cleans
    every cell of a workbook, and a function call per cell cost half the read of a big sheet."""
    return [
        (int(v) if v.is_integer() and -_EXACT < v < _EXACT else v)
        if type(v) is float
        else (v if type(v) is str and v else clean_value(v))
        for v in values
    ]


def clean_value(value: object) -> object:
    """One cell value as every reader hands it on: '' as None, whole floats as int, times as text."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


@dataclass
class Grid:
    """One sheet's cell values, row-major, 1-based access. Empty cells are None."""

    name: str
    rows: list[list[object]] = field(default_factory=list)
    # 1-based (row, col) of formulas saved without a calculated value (files only; Excel always has one).
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    # The role (e.g. "Laskelmat") of a sheet xl-seuranta generated, known from the marker its file
    # writer leaves; None for the user's sheets and where no marker can be read (the open book).
    tool_sheet: str | None = None
    # Cell notes (comments) by 1-based (row, col), so a note a user adds to a generated sheet can be
    # carried over when the sheet is regenerated. Where only their places can be read (Excel on the
    # web, xlwings Server), ``unreadable_notes`` lists the A1 addresses instead.
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    unreadable_notes: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> object:
        """The value at 1-based (row, col), None outside the used range or for empty strings."""
        if row < 1 or col < 1 or row > len(self.rows):
            return None
        r = self.rows[row - 1]
        if col > len(r):
            return None
        v = r[col - 1]
        return None if v == "" else v

    def row_values(self, row: int) -> list[object]:
        """The values of one row as stored (empty strings as None); may be shorter than ``n_cols``.

        Uses only the row's own length: ``n_cols`` scans every row, and calling it per row made
        reading a 20 000-row sheet quadratic.
        """
        if row < 1 or row > len(self.rows):
            return []
        return [None if v == "" else v for v in self.rows[row - 1]]
