"""Randomized: 200 regenerate cycles of compute / goals / run, with a controller typing Tila and
Kommentti in between, keep every user part byte for byte and every typed entry.

The cycles run in process through the same functions the CLI calls (read, plan, splice, atomic
write); the plans of compute and run depend only on the user's sheets, which never change here, so
they are made once, while goals reads the file every time (that is where typed entries come from).
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from hostile_workbook import assert_user_parts_identical, build_hostile, parts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from xl_seuranta.app import services
from xl_seuranta.domain.grid import col_letter
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.ooxml_package import MAIN_NS, Package
from xl_seuranta.io.tool_marker import tool_sheets
from xl_seuranta.io.workbook_writer import write_plans_to_file
from xl_seuranta.sheets import tavoiteseuranta as goal_sheet

EXAMPLES, CYCLES = 20, 10  # 200 regenerate cycles in all
SCALE = ["Toteutunut", "Osittain toteutunut", "Ei toteutunut", "Ei arvioitavissa"]
M = f"{{{MAIN_NS}}}"


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory, example_built: Path) -> dict:
    """The hostile workbook with a first goal sheet, its user parts, goal ids and the fixed plans."""
    work = tmp_path_factory.mktemp("cycles")
    path = build_hostile(example_built, work)
    user_parts = parts(path)
    grids = read_workbook(path)
    write_plans_to_file(path, services.goal_plans(grids), path)
    grids = read_workbook(path)
    sheet = next(g for g in grids if g.tool_sheet == goal_sheet.SHEET_NAME)
    ids = [
        str(sheet.value(r, goal_sheet.C_ID))
        for r in range(goal_sheet.HEADER_ROW + 1, sheet.n_rows + 1)
        if goal_sheet.GOAL_ID_RE.match(str(sheet.value(r, goal_sheet.C_ID) or ""))
    ]
    return {
        "path": path,
        "user_parts": user_parts,
        "ids": ids,
        "compute": services.compute_plans(grids),
        "run": services.check_plans(grids, source_name=path.name, now=dt.datetime(2025, 8, 15))[0],
    }


def _goal_part(pkg: Package) -> str:
    sheets = {s.name: s.part for s in pkg.sheets()}
    name = next(n for n, role in tool_sheets(pkg).items() if role == goal_sheet.SHEET_NAME)
    return sheets[name]


def type_entry(path: Path, goal_id: str, tila: str, comment: str) -> None:
    """What a controller does in Excel: choose a Tila and write a Kommentti on the goal's row (the
    generated sheet's XML is edited; no other part is touched)."""
    with Package.open(path) as pkg:
        part = _goal_part(pkg)
        root = etree.fromstring(pkg.get(part))
        id_col = goal_sheet.C_ID
        row = next(
            r
            for r in root.iter(f"{M}row")
            for c in r.iter(f"{M}c")
            if c.get("r", "").rstrip("0123456789") == _letter(id_col) and "".join(c.itertext()) == goal_id
        )
        for col, text in ((goal_sheet.C_TILA, tila), (goal_sheet.C_COMMENT, comment)):
            ref = f"{_letter(col)}{row.get('r')}"
            cell = next((c for c in row.iter(f"{M}c") if c.get("r") == ref), None)
            if cell is None:
                cell = etree.SubElement(row, f"{M}c", r=ref)
                cells = sorted(row, key=lambda c: (len(c.get("r", "")), c.get("r", "")))
                row[:] = cells
            for child in list(cell):
                cell.remove(child)
            cell.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(cell, f"{M}is"), f"{M}t")
            t.text = text
        pkg.set(part, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
        tmp = path.with_suffix(".typing")
        with open(tmp, "wb") as fh:
            pkg.write(fh)
    tmp.replace(path)


def _letter(col: int) -> str:
    return col_letter(col)


def regenerate(kind: str, path: Path, start: dict) -> None:
    if kind == "goals":
        grids = read_workbook(path)
        plans = services.goal_plans(grids)
        legacy = services.tool_sheet_names(grids)
    else:
        plans, legacy = start[kind], {}
    write_plans_to_file(path, plans, path, legacy_tool_sheets=legacy)


def typed_entries(path: Path) -> dict[str, tuple[str, str]]:
    sheet = next(g for g in read_workbook(path) if g.tool_sheet == goal_sheet.SHEET_NAME)
    return goal_sheet.read_user_entries(sheet)


def tool_part_bytes(path: Path, role: str) -> bytes | None:
    with Package.open(path) as pkg:
        names = {n for n, r in tool_sheets(pkg).items() if r == role}
        part = next((s.part for s in pkg.sheets() if s.name in names), None)
        return pkg.get(part) if part else None


comment_text = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö ÅÄÖ0123456789=+-%.,", min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
typing = st.tuples(st.integers(min_value=0, max_value=10_000), st.sampled_from(SCALE), comment_text)
cycle = st.tuples(st.sampled_from(["compute", "goals", "run"]), st.lists(typing, max_size=2))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cycles=st.lists(cycle, min_size=CYCLES, max_size=CYCLES))
def test_regenerate_cycles_keep_user_parts_and_typed_entries(
    start: dict, tmp_path: Path, cycles: list
) -> None:
    path = tmp_path / f"kierros{len(list(tmp_path.iterdir()))}.xlsx"
    shutil.copyfile(start["path"], path)
    expected: dict[str, tuple[str, str]] = {}
    ids = start["ids"]
    for kind, typed in cycles:
        for pick, tila, comment in typed:
            goal_id = ids[pick % len(ids)]
            type_entry(path, goal_id, tila, comment)
            expected[goal_id] = (tila, comment)
        goals_before = tool_part_bytes(path, goal_sheet.SHEET_NAME)
        regenerate(kind, path, start)
        assert_user_parts_identical(start["user_parts"], path)
        if kind != "goals":  # a command leaves the tool's other sheets as they were, byte for byte
            assert tool_part_bytes(path, goal_sheet.SHEET_NAME) == goals_before
        assert typed_entries(path) == expected
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    path.unlink()
