"""Read a workbook file's cell values with python-calamine (fast, values only, no formulas)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineWorkbook

from xl_seuranta.grid import Grid


class WorkbookReadError(Exception):
    """The file could not be read as a workbook; the message is for the user."""


def _clean(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def read_workbook(path: str | Path) -> list[Grid]:
    """Read every worksheet of an xlsx/xlsm/xls/ods file into Grids (cached values)."""
    p = Path(path)
    if not p.is_file():
        raise WorkbookReadError(f"tiedostoa ei löydy: {p}")
    try:
        wb = CalamineWorkbook.from_path(str(p))
        grids = []
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            grids.append(Grid(name=name, rows=[[_clean(v) for v in r] for r in rows]))
        return grids
    except WorkbookReadError:
        raise
    except Exception as exc:  # calamine raises several error types for broken files
        raise WorkbookReadError(f"tiedostoa ei voi lukea työkirjana: {p.name} ({exc})") from exc
