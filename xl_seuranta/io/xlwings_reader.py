"""Read an open book's cell values through xlwings (desktop Excel or xlwings Server).

Values only: on the remote engine (xlwings Server / Lite) nothing else is readable. The result is
the same ``Grid`` list the file reader gives: anchored at A1, empty cells None, dates as datetime,
whole floats as int, trailing empty rows and columns dropped.
"""

from __future__ import annotations

import datetime as dt

import xlwings as xw

from xl_seuranta.domain.grid import Grid, clean_value, parse_a1


def _trim(rows: list[list[object]]) -> list[list[object]]:
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows), default=0)
    return [(r + [None] * width)[:width] for r in rows]


def _note_address(note: object) -> str | None:
    """A note's cell: ``note.location`` on desktop Excel; the remote engine knows it as the note's range."""
    try:
        return str(note.location.address)  # type: ignore[attr-defined]
    except Exception:  # the remote engine cannot read a location synchronously
        rng = getattr(getattr(note, "impl", None), "range", None)
        address = getattr(rng, "address", None)
        return str(address) if address else None


def read_notes(sheet: xw.Sheet) -> tuple[dict[tuple[int, int], str], list[str]]:
    """The sheet's cell notes: (row, col) -> text, and the A1 addresses of notes whose text this
    engine cannot read (xlwings Server and Lite send where the notes are, not what they say)."""
    notes: dict[tuple[int, int], str] = {}
    unreadable: list[str] = []
    try:
        items = list(sheet.notes)
    except Exception:  # an engine without notes: nothing to carry over, nothing to lose
        return notes, unreadable
    for note in items:
        address = _note_address(note)
        if not address:
            continue
        address = address.replace("$", "").split(":")[0]
        try:
            notes[parse_a1(address)] = str(note.text)
        except NotImplementedError:
            unreadable.append(address)
        except ValueError:
            continue
    return notes, unreadable


def read_sheet(sheet: xw.Sheet) -> Grid:
    """One sheet's used range as a Grid anchored at A1, with its cell notes."""
    used = sheet.used_range
    values = used.options(ndim=2, empty=None, dates=dt.datetime).value or []
    top, left = used.row, used.column
    width = left - 1 + max((len(r) for r in values), default=0)
    rows: list[list[object]] = [[None] * width for _ in range(top - 1)]
    rows += [[None] * (left - 1) + [clean_value(v) for v in r] for r in values]
    notes, unreadable = read_notes(sheet)
    return Grid(name=sheet.name, rows=_trim(rows), notes=notes, unreadable_notes=unreadable)


def read_book(book: xw.Book) -> list[Grid]:
    """Every sheet of the open book as Grids (values only)."""
    return [read_sheet(sheet) for sheet in book.sheets]
