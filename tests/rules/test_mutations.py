"""Changing any single checkable number of the example produces an error at or next to that cell.

The change is 1 000 € or 1 % of the figure, whichever is larger (a typo-sized change that moves a
one-decimal change % too), or one percentage point for a printed %. 'Next to' means: the same cell,
the total/net of the same column within the same block (at most ten rows away), a neighbouring cell
(e.g. the Muutos % row under a key figure), or a finding whose message names the cell. Excluded:
- Vakinaiset virat (a head count: no identity to check it against);
- change % whose baseline column is not in the workbook (M004 says so).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from xl_seuranta.domain.grid import Grid, a1
from xl_seuranta.domain.messages import render
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.layout import discover_book
from xl_seuranta.rules.engine import run_rules

EXCLUDED_LINES = {"Vakinaiset virat ja toimet"}
UNCHECKABLE_CHANGE_PERIODS = {"TP2023", "TA2024", "TOT2025-06-30"}


def _targets(grids: list[Grid]) -> list[tuple[str, int, int, float]]:
    book = discover_book(grids)
    f = book.frame
    f = f[f["value"].notna() & ~f["line"].isin(EXCLUDED_LINES)]
    f = f[~((f["measure"] == "change_pct") & f["period"].isin(UNCHECKABLE_CHANGE_PERIODS))]
    return [(r.sheet, int(r.row), int(r.col), float(r.value)) for r in f.itertuples()]


@pytest.fixture(scope="module")
def base(example_built: Path):
    grids = read_workbook(example_built)
    findings = run_rules(discover_book(grids))
    return grids, {(f.code, f.sheet, f.cell, f.difference) for f in findings}


def _near(f, sheet: str, row: int, col: int) -> bool:
    if f.sheet == sheet and f.cell:
        from xl_seuranta.domain.grid import parse_a1

        r, c = parse_a1(f.cell)
        if (c == col and abs(r - row) <= 10) or (abs(r - row) <= 1 and abs(c - col) <= 2):
            return True
    return f"{sheet}!{a1(row, col)}" in render(f)


def test_every_single_change_is_caught(base) -> None:
    grids, before = base
    targets = _targets(grids)
    assert len(targets) > 450
    missed = []
    for sheet, row, col, value in targets:
        mutated = copy.deepcopy(grids)
        g = next(x for x in mutated if x.name == sheet)
        is_pct = (
            abs(value) < 100 and not float(value).is_integer() or sheet == "Tunnusluvut" and abs(value) < 100
        )
        delta = 1.0 if is_pct else max(1000.0, round(abs(value) * 0.01))
        g.rows[row - 1][col - 1] = value + delta
        findings = run_rules(discover_book(mutated))
        new = [
            f
            for f in findings
            if f.severity.value == "error" and (f.code, f.sheet, f.cell, f.difference) not in before
        ]
        if not any(_near(f, sheet, row, col) for f in new):
            missed.append((sheet, a1(row, col), value))
    assert not missed, f"{len(missed)} changes not caught, e.g. {missed[:10]}"
