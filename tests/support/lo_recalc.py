"""Test utility: recalculate a workbook with headless LibreOffice and read the values back.

Files written by openpyxl hold formulas without cached values. LibreOffice computes such cells on
load anyway, but whether it recalculates cells that *do* have a cached value depends on the
"recalculation on file load" setting, so every run gets a private profile with that setting forced
to "always" (``OOXMLRecalcMode`` = 0). The private profile also lets parallel test runs (pytest-xdist,
two engineers on one machine) start their own soffice instead of handing the job to a running one.
"""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook
from soffice import convert

from xl_seuranta.domain.grid import parse_a1
from xl_seuranta.io.ooxml_package import MAIN_NS, Package

TIMEOUT_S = 120

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(path: Path, outdir: Path, timeout: float = TIMEOUT_S) -> Path:
    """Open ``path`` in headless LibreOffice, recalculate, save as xlsx into ``outdir``.

    Returns the path of the recalculated copy (same stem, ``.xlsx``). Raises ``RuntimeError`` with
    LibreOffice's output when no file was produced, ``subprocess.TimeoutExpired`` on a hang.
    """
    path = Path(path).resolve()
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    if outdir == path.parent:
        raise ValueError("outdir must differ from the input's folder (the copy has the same name)")
    return convert([path], "xlsx", outdir, registry=_REGISTRY, timeout=timeout)[0]


def read_values(path: Path) -> dict[str, list[list]]:
    """All sheets' cell values via python-calamine: ``{sheet name: rows of values from A1}``.

    Empty cells are ``""``. python-calamine (0.9) reads error cells as ``""`` too, which would make
    ``#N/A`` indistinguishable from a blank, so error cells are overlaid from the sheet XML with
    their text (``"#N/A"``, ``"#DIV/0!"``, ...). Rows start at A1 (no skipping of empty areas).
    """
    wb = CalamineWorkbook.from_path(str(path))
    values = {
        name: [list(row) for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)]
        for name in wb.sheet_names
    }
    for name, errors in _error_cells(Path(path)).items():
        rows = values.setdefault(name, [])
        for (r, c), text in errors.items():
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            row.extend([""] * (c + 1 - len(row)))
            row[c] = text
    return values


def _error_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """``{sheet: {(row0, col0): "#N/A"}}`` for every cell stored with type ``e`` in an xlsx."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    m = f"{{{MAIN_NS}}}"
    with Package.open(path) as pkg:
        for name, part in pkg.worksheet_parts():
            found: dict[tuple[int, int], str] = {}
            for cell in pkg.xml(part).iter(f"{m}c"):
                if cell.get("t") == "e":
                    v = cell.find(f"{m}v")
                    row, col = parse_a1(cell.get("r", ""))
                    found[(row - 1, col - 1)] = v.text if v is not None and v.text else "#VALUE!"
            out[name] = found
    return out
