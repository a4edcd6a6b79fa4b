"""A unit table without its total row: the units' sum is compared with the department's figures in the
other tables (A006), and the department's forecast is the sum of the units' forecasts."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbook_variants import expenses_positive, without_unit_total

from xl_seuranta import metrics
from xl_seuranta.domain.messages import finding_message
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.layout import discover_book
from xl_seuranta.rules import check_book


@pytest.fixture(scope="module")
def no_total(example_built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return without_unit_total(example_built, tmp_path_factory.mktemp("no_total") / "erittely.xlsx")


def test_the_example_has_a_total_row_and_no_a006(example_built: Path) -> None:
    _book, findings = check_book(read_workbook(example_built))
    assert not [f for f in findings if f.code == "A006"]
    assert [f for f in findings if f.code == "A002"]


def test_units_are_compared_with_the_operating_statement(no_total: Path) -> None:
    _book, findings = check_book(read_workbook(no_total))
    assert not [f for f in findings if f.code == "A002"]
    a006 = {(f.sheet, f.cell): f for f in findings if f.code == "A006"}
    # The same gaps A002 finds against Toimiala yhteensä at 30.6., now against Käyttötalous.
    menot = a006[("Käyttötalous", "F18")]
    assert (menot.expected, menot.actual, menot.difference) == (-3583616.0, -3584333.0, -717.0)
    margin = a006[("Käyttötalous", "F19")]
    assert margin.difference == -718.0
    text = finding_message(menot, "fi")
    assert "Käyttötalous" in text and "TOIMINTAKULUT" in text and "TOT. 30.6.2025" in text
    # Every A006 names the cell whose value it reports.
    grids = {g.name: g for g in read_workbook(no_total)}
    from xl_seuranta.domain.grid import parse_a1

    for f in a006.values():
        assert grids[f.sheet].value(*parse_a1(f.cell)) == pytest.approx(f.actual)


def test_small_gaps_are_rounding_notes(no_total: Path) -> None:
    _book, findings = check_book(read_workbook(no_total))
    rounding = [f for f in findings if f.code == "A009" and "Käyttötalous" in finding_message(f, "fi")]
    assert rounding and all(abs(f.difference) <= 2 for f in rounding)


def test_expenses_printed_positive(no_total: Path, tmp_path: Path) -> None:
    grids = read_workbook(expenses_positive(no_total, tmp_path / "pos.xlsx"))
    book, findings = check_book(grids)
    assert book.expenses_negative is False
    a006 = {(f.sheet, f.cell): abs(f.difference) for f in findings if f.code == "A006"}
    assert a006[("Käyttötalous", "F18")] == 717.0 and a006[("Käyttötalous", "F19")] == 718.0


def test_department_forecast_is_the_sum_of_the_units(no_total: Path, example_built: Path) -> None:
    with_total = metrics.department_forecast(discover_book(read_workbook(example_built)))
    summed = metrics.department_forecast(discover_book(read_workbook(no_total)))
    assert with_total is not None and summed is not None
    assert summed.summed_units and not with_total.summed_units
    # The units' net sum differs from the printed total by the 718 € A002 reports, and so does the
    # forecast: the seasonal corrections are the same lines.
    assert summed.actual == with_total.actual + 718
    assert summed.adjusted == pytest.approx(with_total.adjusted + 718 / 0.5)
    assert summed.linear - summed.adjusted == pytest.approx(with_total.linear - with_total.adjusted)
