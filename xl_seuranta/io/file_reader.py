"""Read a workbook file's cell values with python-calamine (fast, values only, no formulas).

Two things calamine does not tell are added here, because the rules need them: which cells hold a
formula whose value was never calculated (a file saved by a program that does not calculate, read
straight from the sheet XML), and the text of merged header cells, repeated over the merged range so
that a period header merged over two columns labels both.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from python_calamine import CalamineWorkbook

from xl_seuranta.domain.grid import Grid, clean_value, parse_a1
from xl_seuranta.domain.periods import parse_kind_only, parse_period

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


class WorkbookReadError(Exception):
    """The file could not be read as a workbook; the message is for the user."""


def _is_header_text(value: object) -> bool:
    return isinstance(value, str) and (parse_period(value) is not None or parse_kind_only(value) is not None)


def _spread_merged_headers(rows: list[list[object]], merged: list) -> None:
    """Repeat a merged period header's text over its merged range (only headers: never labels or numbers)."""
    for rng in merged or []:
        (r0, c0), (r1, c1) = rng
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if not _is_header_text(value):
            continue
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if rows[r][c] is None:
                    rows[r][c] = value


def uncached_formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Sheet name -> (row, col) of formulas without a cached value, from the xlsx/xlsm XML."""
    out: dict[str, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            wb = ET.fromstring(z.read("xl/workbook.xml"))
            rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels.findall("pr:Relationship", _NS)}
            for sheet in wb.findall("m:sheets/m:sheet", _NS):
                target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                if part not in z.namelist():
                    continue
                cells: set[tuple[int, int]] = set()
                with z.open(part) as fh:
                    for _event, el in ET.iterparse(fh):
                        if el.tag == f"{{{_NS['m']}}}c":
                            f, v = el.find("m:f", _NS), el.find("m:v", _NS)
                            if f is not None and (v is None or v.text in (None, "")) and el.get("r"):
                                cells.add(parse_a1(el.get("r")))
                            el.clear()
                if cells:
                    out[sheet.get("name")] = cells
    except (KeyError, zipfile.BadZipFile, ET.ParseError, ValueError):
        return {}
    return out


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
            rows = [[clean_value(v) for v in r] for r in sheet.to_python(skip_empty_area=False)]
            _spread_merged_headers(rows, sheet.merged_cell_ranges)
            grids.append(Grid(name=name, rows=rows))
    except Exception as exc:  # calamine raises several error types for broken files
        raise WorkbookReadError(f"tiedostoa ei voi lukea työkirjana: {p.name} ({exc})") from exc
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        uncached = uncached_formula_cells(p)
        for g in grids:
            g.uncached_formulas = uncached.get(g.name, set())
    return grids
