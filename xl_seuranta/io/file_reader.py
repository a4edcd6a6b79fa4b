"""Read a workbook file's cell values with python-calamine (fast, values only, no formulas).

The file is inspected before calamine sees it (``guards.py``): a hostile or broken file is refused
with a message for a person instead of aborting the process. Three things calamine does not tell
are added here: which cells hold a formula whose value was never calculated (a file saved by a
program that does not calculate; the inspection's stream over the sheet XML finds them), which
sheets the tool generated (the marker its file writer leaves, so that a generated sheet is never
read as the user's data, whatever it is called), and the text of merged header cells, repeated over
the merged range so that a period header merged over two columns labels both.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

from lxml import etree
from python_calamine import CalamineWorkbook

from xl_seuranta.domain.grid import Grid, clean_row, parse_a1
from xl_seuranta.domain.periods import parse_kind_only, parse_period
from xl_seuranta.io import tool_marker
from xl_seuranta.io.guards import DEFAULT_LIMITS, Inspection, Limits, inspect_file
from xl_seuranta.io.ooxml_package import MAIN_NS, Package, PackageError
from xl_seuranta.io.read_errors import WorkbookReadError

__all__ = ["Limits", "WorkbookReadError", "read_workbook"]

_SUFFIX_KIND = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xltx": "xlsx",
    ".xltm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
}


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


_MARKER = tool_marker.MARKER_NAME.encode("ascii")
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


def _package_facts(path: Path) -> tuple[dict[str, str], dict[str, dict[tuple[int, int], str]]]:
    """What calamine does not tell, from one opening of the package: sheet name -> role of the
    sheets the tool generated (their marker), and sheet name -> cell notes (so a regenerated goal
    sheet can carry them over). The formulas without a cached value come from the guards' scan."""
    notes: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with Package.open(path) as pkg:
            for name, part in pkg.worksheet_parts():
                found = _notes_in(pkg, part)
                if found:
                    notes[name] = found
            return tool_marker.tool_sheets(pkg), notes
    except (KeyError, PackageError, etree.XMLSyntaxError, ValueError, OSError):
        return {}, notes


_PLAIN_RELS = frozenset({"_rels/.rels", "xl/_rels/workbook.xml.rels"})
_ROOT_TARGET = re.compile(rb"""Target\s*=\s*["']/?xl/workbook\.xml["']""")


def _no_package_facts(inspection: Inspection) -> bool:
    """True when ``_package_facts`` could only find nothing, seen from what the guards read anyway.

    Cell notes hang off a worksheet's relationships and a tool marker is a defined name in the
    workbook part: a package whose only relationship parts are the root's and the workbook's, whose
    root points at ``xl/workbook.xml`` and whose workbook part does not spell the marker has
    neither. Opening the package again for nothing cost a small workbook a sixth of its read.
    Anything unusual (other relationship parts, character references) takes the full look.
    """
    rels = {name.lower() for name in inspection.parts if name.lower().endswith(".rels")}
    wb = inspection.workbook_xml.lower()
    return (
        rels <= _PLAIN_RELS
        and bool(_ROOT_TARGET.search(inspection.root_rels))
        and _MARKER not in wb
        and b"&#" not in wb
    )


def read_workbook(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, inspection: Inspection | None = None
) -> list[Grid]:
    """Read every worksheet of an xlsx/xlsm/xls/ods file into Grids (cached values).

    The file is inspected first (``guards.inspect_file``): what it is, and whether its sizes and
    sheet extents are within ``limits``; a file that is not, or that calamine cannot read, raises
    ``WorkbookReadError`` with a message for a person. ``inspection``: one already made of this file
    with these limits (the batch inspects a worker's first file while the worker starts); it is used
    only if the file has not changed since, else the file is inspected again.
    """
    p = Path(path)
    if inspection is None or inspection.path != p or not inspection.is_current():
        inspection = inspect_file(p, limits)
    # The read makes a list per row and a Python object per cell, none of them garbage: with the
    # collector on, each read of a big sheet paid for full collections walking those lists (about a
    # tenth of the read of a 20 000-row sheet). Off for the read only, back as it was after it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if _SUFFIX_KIND.get(p.suffix.lower()) == inspection.kind:
            wb = CalamineWorkbook.from_path(str(p))
        else:  # content and name disagree (an .xlsx saved as .xls): calamine detects the content
            with open(p, "rb") as fh:
                wb = CalamineWorkbook.from_filelike(fh)
        grids = []
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows = [clean_row(r) for r in sheet.to_python(skip_empty_area=False)]
            _spread_merged_headers(rows, sheet.merged_cell_ranges)
            grids.append(Grid(name=name, rows=rows))
    except MemoryError:
        raise
    except Exception as exc:  # calamine raises several error types for broken files
        kind = {"xls": "xls", "ods": "ods"}.get(inspection.kind, "unreadable")
        raise WorkbookReadError(kind, p, detail=f"{type(exc).__name__}: {exc}", what=".xlsx") from exc
    finally:
        if collecting:
            gc.enable()
    if inspection.kind == "xlsx":
        uncached = {s.name: s.uncached for s in inspection.sheets}
        tool_sheets, notes = ({}, {}) if _no_package_facts(inspection) else _package_facts(p)
        for g in grids:
            g.uncached_formulas = uncached.get(g.name, set())
            g.tool_sheet = tool_sheets.get(g.name)
            g.notes = notes.get(g.name, {})
    return grids
