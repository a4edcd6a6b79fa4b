"""Read a workbook file's cell values with python-calamine (fast, values only, no formulas).

Three things calamine does not tell are added here: which cells hold a formula whose value was never
calculated (a file saved by a program that does not calculate, read straight from the sheet XML),
which sheets the tool generated (the marker its file writer leaves, so that a generated sheet is
never read as the user's data, whatever it is called), and the text of merged header cells,
repeated over the merged range so that a period header merged over two columns labels both.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from python_calamine import CalamineWorkbook

from xl_seuranta.domain.grid import Grid, clean_value, parse_a1
from xl_seuranta.domain.messages import Files, UserError
from xl_seuranta.domain.periods import parse_kind_only, parse_period
from xl_seuranta.io import tool_marker
from xl_seuranta.io.ooxml_package import MAIN_NS, Package, PackageError


class WorkbookReadError(UserError):
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


def _uncached_in(pkg: Package, part: str) -> set[tuple[int, int]]:
    """(row, col) of the formulas of one sheet part that have no cached value (streamed)."""
    cell_tag, f_tag, v_tag = f"{{{MAIN_NS}}}c", f"{{{MAIN_NS}}}f", f"{{{MAIN_NS}}}v"
    cells: set[tuple[int, int]] = set()
    with pkg.stream(part) as fh:
        for _event, el in etree.iterparse(fh, tag=cell_tag, resolve_entities=False, huge_tree=True):
            f, v = el.find(f_tag), el.find(v_tag)
            if f is not None and (v is None or v.text in (None, "")) and el.get("r"):
                cells.add(parse_a1(el.get("r")))
            el.clear()
    return cells


_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _notes_in(pkg: Package, part: str) -> dict[tuple[int, int], str]:
    """The cell notes (legacy comments) of one sheet part: (row, col) -> text."""
    notes: dict[tuple[int, int], str] = {}
    for rel in pkg.rels(part):
        if rel.type != _RT_COMMENTS or not rel.part or not pkg.has(rel.part):
            continue
        root = pkg.xml(rel.part)
        for comment in root.iter(f"{{{MAIN_NS}}}comment"):
            ref = comment.get("ref", "")
            text = "".join(t.text or "" for t in comment.iter(f"{{{MAIN_NS}}}t"))
            if ref:
                notes[parse_a1(ref.split(":")[0])] = text
    return notes


def package_facts(
    path: Path,
) -> tuple[dict[str, set[tuple[int, int]]], dict[str, str], dict[str, dict[tuple[int, int], str]]]:
    """What calamine does not tell, from the xlsx/xlsm package: sheet name -> (row, col) of formulas
    without a cached value, sheet name -> role of the sheets the tool generated (their marker), and
    sheet name -> cell notes."""
    uncached: dict[str, set[tuple[int, int]]] = {}
    notes: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with Package.open(path) as pkg:
            for name, part in pkg.worksheet_parts():
                cells = _uncached_in(pkg, part)
                if cells:
                    uncached[name] = cells
                found = _notes_in(pkg, part)
                if found:
                    notes[name] = found
            return uncached, tool_marker.tool_sheets(pkg), notes
    except (KeyError, PackageError, etree.XMLSyntaxError, ValueError, OSError):
        return uncached, {}, notes


def read_workbook(path: str | Path) -> list[Grid]:
    """Read every worksheet of an xlsx/xlsm/xls/ods file into Grids (cached values)."""
    p = Path(path)
    if not p.is_file():
        raise WorkbookReadError(Files.read_missing, path=p)
    try:
        wb = CalamineWorkbook.from_path(str(p))
        grids = []
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows = [[clean_value(v) for v in r] for r in sheet.to_python(skip_empty_area=False)]
            _spread_merged_headers(rows, sheet.merged_cell_ranges)
            grids.append(Grid(name=name, rows=rows))
    except Exception as exc:  # calamine raises several error types for broken files
        raise WorkbookReadError(Files.read_unreadable, name=p.name, reason=exc) from exc
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        uncached, tool_sheets, notes = package_facts(p)
        for g in grids:
            g.uncached_formulas = uncached.get(g.name, set())
            g.tool_sheet = tool_sheets.get(g.name)
            g.notes = notes.get(g.name, {})
    return grids
