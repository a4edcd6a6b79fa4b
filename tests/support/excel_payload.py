"""Build the JSON book payload the xlwings Office.js client sends, from a workbook file.

Used by tests (``xw.Book(json=payload_from_file(path))`` runs macros on the remote engine without
Excel) and by anyone who wants to replay a workbook through the xlwings Server protocol.

The shape follows ``getBookData`` in xlwings-server's ``static/js/custom-scripts/index.js``:
values from A1 to the last cell of the values-only used range, empty cells as ``""``, dates as
ISO strings with milliseconds and ``Z`` (``new Date(...).toISOString()``), numbers as JSON numbers,
plus per-sheet metadata (used range, notes, charts, ...) and the defined names.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import xlwings
from python_calamine import CalamineWorkbook

from xl_seuranta.domain.grid import a1

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _iso(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def json_value(value: object) -> object:
    """A calamine cell value as Office.js would put it in the payload."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.datetime):
        return _iso(value)
    if isinstance(value, dt.date):
        return _iso(dt.datetime(value.year, value.month, value.day))
    if isinstance(value, dt.time):
        return _iso(dt.datetime.combine(_EXCEL_EPOCH.date(), value))
    if isinstance(value, dt.timedelta):
        return _iso(_EXCEL_EPOCH + value)
    return value


def _used_box(values: list[list[object]]) -> tuple[int, int, int, int] | None:
    """1-based (row1, col1, row2, col2) of non-empty cells, or None for an empty sheet."""
    rows = [i for i, row in enumerate(values, 1) if any(v != "" for v in row)]
    if not rows:
        return None
    cols = [j for row in values for j, v in enumerate(row, 1) if v != ""]
    return rows[0], min(cols), rows[-1], max(cols)


def _sheet_payload(name: str, raw: list[list[object]]) -> dict[str, Any]:
    values = [[json_value(v) for v in row] for row in raw]
    box = _used_box(values)
    if box is None:
        values = [[""]]
        address, n_rows, n_cols = None, 0, 0
    else:
        r1, c1, r2, c2 = box
        width = c2
        values = [(row + [""] * width)[:width] for row in values[:r2]]
        first, last = a1(r1, c1), a1(r2, c2)
        address = first if first == last else f"{first}:{last}"
        n_rows, n_cols = r2 - r1 + 1, c2 - c1 + 1
    return {
        "name": name,
        "visibility": "Visible",
        "show_gridlines": True,
        "print_area": None,
        "notes": [],
        "notes_supported": True,
        "used_range_address": address,
        "used_range_row_count": n_rows,
        "used_range_column_count": n_cols,
        "values": values,
        "pictures": [],
        "shapes": [],
        "charts": [],
        "tables": [],
        "pivot_tables": [],
    }


_REF = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _openpyxl_metadata(
    path: Path, sheet_names: list[str]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Defined names and note addresses per sheet (xlsx/xlsm only; empty when not readable)."""
    if path.suffix.lower() not in {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam"}:
        return [], {}
    try:
        import openpyxl

        with open(path, "rb") as fh:
            wb = openpyxl.load_workbook(fh, keep_links=False)
        entries: list[tuple[Any, int | None]] = [(dn, None) for dn in wb.defined_names.values()]
        notes: dict[str, list[str]] = {}
        for ix, ws in enumerate(wb.worksheets):
            entries += [(dn, ix) for dn in getattr(ws, "defined_names", {}).values()]
            notes[ws.title] = [c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None]
    except Exception:
        return [], {}
    return _names(entries, sheet_names), notes


def _names(entries: list[tuple[Any, int | None]], sheet_names: list[str]) -> list[dict[str, Any]]:
    """Defined names as Office.js reports them."""
    out = []
    for dn, scope_ix in entries:
        if dn.name.startswith("_xlnm."):
            continue
        formula = "=" + str(dn.value or "").lstrip("=")
        m = _REF.match(formula)
        sheet_index, address = None, None
        if m and (m.group(1) or m.group(2)):
            sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
            if sheet in sheet_names:
                sheet_index = sheet_names.index(sheet)
                address = m.group(3) + m.group(4)
                if m.group(5):
                    address += ":" + m.group(5) + m.group(6)
        out.append(
            {
                "name": dn.name,
                "refers_to": formula,
                "type": "Range" if address else "String",
                "sheet_index": sheet_index,
                "address": address,
                "scope_sheet_name": sheet_names[scope_ix] if scope_ix is not None else None,
                "scope_sheet_index": scope_ix,
                "book_scope": scope_ix is None,
            }
        )
    return out


def payload_from_file(path: str | Path, active_sheet_index: int = 0, selection: str = "A1") -> dict[str, Any]:
    """The book payload the Office.js client would send for this workbook file."""
    p = Path(path)
    wb = CalamineWorkbook.from_path(str(p))
    sheet_names = list(wb.sheet_names)
    sheets = [
        _sheet_payload(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in sheet_names
    ]
    names, notes = _openpyxl_metadata(p, sheet_names)
    for sheet in sheets:
        sheet["notes"] = [{"address": address} for address in notes.get(sheet["name"], [])]
    return {
        "client": "Office.js",
        "version": xlwings.__version__,
        "book": {
            "name": p.name,
            "active_sheet_index": active_sheet_index,
            "selection": selection,
            "calculation": "Automatic",
        },
        "names": names,
        "sheets": sheets,
    }


def ensure_remote_engine(license_key: str = "noncommercial") -> None:
    """Register xlwings' remote engine if xlwings was imported before a licence key was set.

    xlwings registers the remote engine only when ``XLWINGS_LICENSE_KEY`` is set at its first
    import; in a test session another module may import xlwings earlier. This sets the key (if
    missing) and registers the engine the way ``xlwings/__init__.py`` does.
    """
    import os

    os.environ.setdefault("XLWINGS_LICENSE_KEY", license_key)
    if "remote" in [engine.name for engine in xlwings.engines]:
        return
    from xlwings.pro import _xlofficejs, _xlremote

    xlwings.engines.add(xlwings.Engine(impl=_xlremote.engine))
    xlwings.engines.add(xlwings.Engine(impl=_xlofficejs.engine))
    xlwings.__pro__ = True


def book_from_file(path: str | Path) -> xlwings.Book:
    """A remote-engine ``xw.Book`` for a workbook file, as xlwings Server would build it."""
    ensure_remote_engine()
    return xlwings.Book(json=payload_from_file(path))
