"""The xlwings reader on the remote engine gives the same grids as the file reader."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw  # noqa: E402
from excel_payload import ensure_remote_engine, payload_from_file  # noqa: E402

from xl_seuranta.domain.grid import Grid  # noqa: E402
from xl_seuranta.io.file_reader import read_workbook  # noqa: E402
from xl_seuranta.io.xlwings_reader import read_book  # noqa: E402


def _norm_value(v: object) -> object:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    return v


def _norm(grid: Grid) -> tuple[str, list[list[object]]]:
    rows = [[_norm_value(v) for v in r] for r in grid.rows]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows), default=0)
    return grid.name, [(r + [None] * width)[:width] for r in rows]


@pytest.fixture(autouse=True)
def _remote_engine() -> None:
    ensure_remote_engine()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Talous"
    ws.append(["Tili", "TA 2024", "TOT 1-6/2024", "Pvm"])
    ws.append(["Myyntituotot", 120000, 61234.5, dt.date(2024, 6, 30)])
    ws.append(["Henkilöstökulut", -450000.25, None, dt.datetime(2024, 6, 30, 12, 30)])
    ws.append([None, None, None, None])
    ws.append(["Yhteensä", 0, "ei tietoa", True])
    ws["F8"] = "kaukana"
    ws["B10"] = "=1+1"
    ws["B10"].data_type = "s"  # text that looks like a formula
    offset = wb.create_sheet("Siirretty")
    offset["C3"] = "alkaa C3:sta"
    offset["D4"] = 3.25
    offset["E6"] = dt.date(2025, 1, 1)
    wb.create_sheet("Tyhjä")
    path = tmp_path / "lukutesti.xlsx"
    wb.save(path)
    return path


def test_payload_shape(workbook: Path) -> None:
    payload = payload_from_file(workbook)
    assert payload["client"] == "Office.js"
    assert payload["version"] == xw.__version__
    assert [s["name"] for s in payload["sheets"]] == ["Talous", "Siirretty", "Tyhjä"]
    talous = payload["sheets"][0]
    assert talous["values"][1][3] == "2024-06-30T00:00:00.000Z"
    assert talous["values"][1][1] == 120000 and isinstance(talous["values"][1][1], int)
    assert talous["values"][3] == ["", "", "", "", "", ""]
    siirretty = payload["sheets"][1]
    assert siirretty["used_range_address"] == "C3:E6"
    assert len(siirretty["values"]) == 6 and len(siirretty["values"][0]) == 5
    assert payload["sheets"][2]["used_range_address"] is None


def test_read_book_matches_file_reader(workbook: Path) -> None:
    book = xw.Book(json=payload_from_file(workbook))
    remote = [_norm(g) for g in read_book(book)]
    local = [_norm(g) for g in read_workbook(workbook)]
    assert remote == local
    talous = read_book(book)[0]
    assert talous.value(10, 2) == "=1+1"
    assert talous.value(3, 4) == dt.datetime(2024, 6, 30, 12, 30)
    assert read_book(book)[1].value(3, 3) == "alkaa C3:sta"
    assert read_book(book)[2].rows == []


def test_names_in_payload(tmp_path: Path) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    wb.active.title = "Talous"
    wb.active["B2"] = 1
    wb.defined_names["Summa"] = DefinedName("Summa", attr_text="Talous!$B$2:$B$4")
    path = tmp_path / "nimet.xlsx"
    wb.save(path)
    names = payload_from_file(path)["names"]
    assert names == [
        {
            "name": "Summa",
            "refers_to": "=Talous!$B$2:$B$4",
            "type": "Range",
            "sheet_index": 0,
            "address": "B2:B4",
            "scope_sheet_name": None,
            "scope_sheet_index": None,
            "book_scope": True,
        }
    ]
    book = xw.Book(json=payload_from_file(path))
    assert book.names["Summa"].refers_to_range.address == "$B$2:$B$4"
