"""Read an open book's cell values through xlwings (desktop Excel or xlwings Server).

Values only: on the remote engine (xlwings Server / Lite) nothing else is readable. The result is
the same ``Grid`` list the file reader gives: anchored at A1, empty cells None, dates as datetime,
whole floats as int, trailing empty rows and columns dropped.
"""

from __future__ import annotations

import datetime as dt

import xlwings as xw

from xl_seuranta.domain.grid import Grid, clean_value


def _trim(rows: list[list[object]]) -> list[list[object]]:
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows), default=0)
    return [(r + [None] * width)[:width] for r in rows]


def read_sheet(sheet: xw.Sheet) -> Grid:
    """One sheet's used range as a Grid anchored at A1."""
    used = sheet.used_range
    values = used.options(ndim=2, empty=None, dates=dt.datetime).value or []
    top, left = used.row, used.column
    width = left - 1 + max((len(r) for r in values), default=0)
    rows: list[list[object]] = [[None] * width for _ in range(top - 1)]
    rows += [[None] * (left - 1) + [clean_value(v) for v in r] for r in values]
    return Grid(name=sheet.name, rows=_trim(rows))


def read_book(book: xw.Book) -> list[Grid]:
    """Every sheet of the open book as Grids (values only)."""
    return [read_sheet(sheet) for sheet in book.sheets]
