"""The same findings come out when the workbook is rearranged as a person might rearrange it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from workbook_variants import VARIANTS

from xl_seuranta.domain.grid import parse_a1
from xl_seuranta.domain.messages import render
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.rules import check_book


def _signature(findings, drop: set[str] = frozenset()) -> Counter:
    """What a finding says, independent of where the table was moved: code, severity and numbers."""
    return Counter(
        (f.code, f.severity.value, f.expected, f.actual, f.difference) for f in findings if f.code not in drop
    )


@pytest.fixture(scope="module")
def baseline(example_built: Path):
    return check_book(read_workbook(example_built))[1]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_same_findings_after_rearranging(variant: str, example_built: Path, tmp_path: Path, baseline) -> None:
    path = VARIANTS[variant](example_built, tmp_path / f"{variant}.xlsx")
    grids = read_workbook(path)
    _book, findings = check_book(grids)
    drop = {"C001"} if variant == "text_numbers" else set()
    assert _signature(findings, drop) == _signature(baseline)
    # Cells still point at the reported value after the move.
    by_name = {g.name: g for g in grids}
    for f in findings:
        if f.code[0] in "AX" and f.actual is not None:
            row, col = parse_a1(f.cell)
            value = by_name[f.sheet].value(row, col)
            if isinstance(value, str):
                from xl_seuranta.domain.numbers import read_cell_number

                value = read_cell_number(value).value
            assert value == pytest.approx(f.actual), (variant, f.code, f.sheet, f.cell)


def test_text_numbers_are_reported_as_cell_quality(example_built: Path, tmp_path: Path) -> None:
    path = VARIANTS["text_numbers"](example_built, tmp_path / "t.xlsx")
    findings = check_book(read_workbook(path))[1]
    c001 = [f for f in findings if f.code == "C001"]
    assert len(c001) > 300
    kaupunginhallitus = next(f for f in c001 if f.actual == -1253026)
    assert "\u22121\u00a0253\u00a0026" in render(kaupunginhallitus)


def test_expenses_printed_positive_give_the_same_findings(
    example_built: Path, tmp_path: Path, baseline
) -> None:
    """The sign convention is detected, not assumed: the same problems are found at the same cells.

    Only M003 (a € change column mixing the signed and the magnitude rule) cannot arise: with positive
    expenses both rules give the same number.
    """
    from workbook_variants import expenses_positive

    grids = read_workbook(expenses_positive(example_built, tmp_path / "pos.xlsx"))
    book, findings = check_book(grids)
    assert book.expenses_negative is False
    where = Counter((f.code, f.severity.value, f.sheet, f.cell) for f in findings)
    expected = Counter((f.code, f.severity.value, f.sheet, f.cell) for f in baseline if f.code != "M003")
    assert where == expected
    errors = sorted((f.code, f.cell, abs(f.difference)) for f in findings if f.severity.value == "error")
    assert errors == sorted(
        (f.code, f.cell, abs(f.difference)) for f in baseline if f.severity.value == "error"
    )
