"""Formula == Python: the Excel formulas of ``metrics.excel_formula``, recalculated by LibreOffice,
give the same numbers (and ``#N/A`` exactly where Python gives NaN) as ``xl_seuranta.metrics``.

Not skipped when LibreOffice is missing: CI installs it, so a missing soffice must fail loudly.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path

import openpyxl
import pytest
from lo_recalc import read_values, recalculate

from xl_seuranta import metrics as m
from xl_seuranta.metrics import excel_formula

AMOUNTS = [1000, -1000, 0, None, 250.5, -3584333, -6837670, 1e9, 6925]
DATES = [
    dt.date(2025, 6, 30),
    dt.date(2024, 2, 29),
    dt.date(2025, 1, 1),
    dt.date(2025, 12, 31),
    None,
    dt.date(2024, 12, 31),
    dt.date(2025, 3, 15),
]
HALF_YEAR = dt.date(2025, 6, 30)  # the date whose months-basis share is the constant 0.5

# column -> (header, formula factory for row r, python expectation for (a, b, d))
COLUMNS: list[tuple[str, object, object]] = [
    (
        "muutos_eur",
        lambda r: excel_formula("muutos_eur", uusi=f"A{r}", vanha=f"B{r}"),
        lambda a, b, d: m.muutos_eur(a, b),
    ),
    (
        "muutos_pros",
        lambda r: excel_formula("muutos_pros", uusi=f"A{r}", vanha=f"B{r}"),
        lambda a, b, d: m.muutos_pros(a, b),
    ),
    (
        "toteuma_pros",
        lambda r: excel_formula("toteuma_pros", toteuma=f"A{r}", budjetti=f"B{r}"),
        lambda a, b, d: m.toteuma_pros(a, b),
    ),
    (
        "poikkeama_pp_pvm",
        lambda r: excel_formula("poikkeama_pp", toteuma=f"A{r}", budjetti=f"B{r}", pvm=f"C{r}"),
        lambda a, b, d: m.poikkeama_pp(a, b, d),
    ),
    (
        "poikkeama_pp_pv",
        lambda r: excel_formula("poikkeama_pp", toteuma=f"A{r}", budjetti=f"B{r}", pvm=f"C{r}", tapa="pv"),
        lambda a, b, d: m.poikkeama_pp(a, b, d, "pv"),
    ),
    (
        "poikkeama_pp_vakio",
        lambda r: excel_formula("poikkeama_pp", toteuma=f"A{r}", budjetti=f"B{r}", osuus="0.5"),
        lambda a, b, d: m.poikkeama_pp(a, b, HALF_YEAR),
    ),
    (
        "poikkeama_pp_solu",
        lambda r: excel_formula("poikkeama_pp", toteuma=f"A{r}", budjetti=f"B{r}", osuus=f"D{r}"),
        lambda a, b, d: m.poikkeama_pp(a, b, d),
    ),
    (
        "eur_per_asukas",
        lambda r: excel_formula("eur_per_asukas", summa=f"A{r}", asukasluku=f"B{r}"),
        lambda a, b, d: m.eur_per_asukas(a, b),
    ),
    (
        "asukasluku_implisiittinen",
        lambda r: excel_formula("asukasluku_implisiittinen", summa=f"A{r}", eur_per_asukas=f"B{r}"),
        lambda a, b, d: m.asukasluku_implisiittinen(a, b),
    ),
    (
        "ennuste_pvm",
        lambda r: excel_formula("ennuste", toteuma=f"A{r}", pvm=f"C{r}"),
        lambda a, b, d: m.ennuste(a, d),
    ),
    (
        "ennuste_pv",
        lambda r: excel_formula("ennuste", toteuma=f"A{r}", pvm=f"C{r}", tapa="lineaarinen_pv"),
        lambda a, b, d: m.ennuste(a, d, "lineaarinen_pv"),
    ),
    (
        "ennuste_vakio",
        lambda r: excel_formula("ennuste", toteuma=f"A{r}", osuus="0.5"),
        lambda a, b, d: m.ennuste(a, HALF_YEAR),
    ),
    (
        "muutos_eur_kasvu",
        lambda r: excel_formula("muutos_eur_kasvu", uusi=f"A{r}", vanha=f"B{r}"),
        lambda a, b, d: m.muutos_eur_kasvu(a, b),
    ),
    (
        "muutos_pros_etumerkillinen",
        lambda r: excel_formula("muutos_pros_etumerkillinen", uusi=f"A{r}", vanha=f"B{r}"),
        lambda a, b, d: m.muutos_pros_etumerkillinen(a, b),
    ),
    (
        "jaljella_eur",
        lambda r: excel_formula("jaljella_eur", budjetti=f"B{r}", toteuma=f"A{r}"),
        lambda a, b, d: m.jaljella_eur(b, a),
    ),
    (
        "ylitys_eur",
        lambda r: excel_formula("ylitys_eur", ennuste=f"A{r}", budjetti=f"B{r}"),
        lambda a, b, d: m.ylitys_eur(a, b),
    ),
    (
        "ylitys_eur_positiiviset",
        lambda r: excel_formula("ylitys_eur", ennuste=f"A{r}", budjetti=f"B{r}", kulut_negatiivisina="0"),
        lambda a, b, d: m.ylitys_eur(a, b, kulut_negatiivisina=False),
    ),
    (
        "ennuste_kausiluonteinen",
        lambda r: excel_formula("ennuste_kausiluonteinen", toteuma=f"A{r}", budjetti=f"B{r}"),
        lambda a, b, d: m.ennuste_kausiluonteinen(a, b),
    ),
    ("kulunut_kk", lambda r: excel_formula("kulunut_osuus", pvm=f"C{r}"), lambda a, b, d: m.kulunut_osuus(d)),
    (
        "kulunut_pv",
        lambda r: excel_formula("kulunut_osuus", pvm=f"C{r}", tapa="pv"),
        lambda a, b, d: m.kulunut_osuus(d, "pv"),
    ),
]
FIRST_METRIC_COL = 5  # A=a, B=b, C=date, D=elapsed share of C (months basis, a formula)
ROWS = list(itertools.product(AMOUNTS, AMOUNTS))
SUM_SHEET_PARTS = [[1, 2, None], [3, None, -5], [10, 20, 30]]
SUM_SHEET_TOTALS = [14, 21, 26]


def _write_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mittarit"
    ws.append(["a", "b", "pvm", "osuus"] + [name for name, _, _ in COLUMNS])
    for i, (a, b) in enumerate(ROWS):
        r = i + 2
        ws.cell(r, 1, a)
        ws.cell(r, 2, b)
        ws.cell(r, 3, DATES[i % len(DATES)])
        ws.cell(r, 4, excel_formula("kulunut_osuus", pvm=f"C{r}"))
        for j, (_, make, _) in enumerate(COLUMNS):
            ws.cell(r, FIRST_METRIC_COL + j, make(r))
    # Sum check: parts in rows 1-3 of columns A-C, totals in row 4, gaps in row 5.
    ws2 = wb.create_sheet("Summat")
    for row in SUM_SHEET_PARTS:
        ws2.append(row)
    ws2.append(SUM_SHEET_TOTALS)
    ws2.append([excel_formula("tarkista_summa", osat=f"{c}1:{c}3", summa=f"{c}4") for c in "ABC"])
    wb.save(path)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list]]:
    base = tmp_path_factory.mktemp("lo")
    src = base / "kaavat.xlsx"
    _write_workbook(src)
    return read_values(recalculate(src, base / "out"))


def _same(lo_value: object, py_value: float) -> bool:
    if isinstance(py_value, float) and math.isnan(py_value):
        return lo_value == "#N/A"
    return isinstance(lo_value, int | float) and math.isclose(lo_value, py_value, rel_tol=1e-12, abs_tol=1e-9)


@pytest.mark.libreoffice
def test_formulas_equal_python_metrics(recalculated: dict[str, list[list]]) -> None:
    sheet = recalculated["Mittarit"]
    mismatches = []
    for i, (a, b) in enumerate(ROWS):
        row = sheet[i + 1]
        d = DATES[i % len(DATES)]
        for j, (name, make, expect) in enumerate(COLUMNS):
            py = expect(a, b, d)
            lo = row[FIRST_METRIC_COL - 1 + j]
            if not _same(lo, py):
                mismatches.append((name, a, b, d, lo, py, make(i + 2)))
    assert not mismatches, "\n".join(map(str, mismatches[:20]))


@pytest.mark.libreoffice
def test_grid_covers_the_edge_cases(recalculated: dict[str, list[list]]) -> None:
    """The grid really contains zero bases, blanks and sign flips (both #N/A and numbers)."""
    col = FIRST_METRIC_COL - 1 + [n for n, _, _ in COLUMNS].index("muutos_pros")
    values = [row[col] for row in recalculated["Mittarit"][1:]]
    assert values.count("#N/A") > 20
    assert sum(isinstance(v, float) for v in values) > 20


@pytest.mark.libreoffice
def test_sum_check_formula_equals_python(recalculated: dict[str, list[list]]) -> None:
    gaps = recalculated["Summat"][4][:3]
    expected = m.tarkista_summa(SUM_SHEET_PARTS, SUM_SHEET_TOTALS)
    assert gaps == pytest.approx(list(expected))
    assert list(expected) == [0.0, -1.0, 1.0]


@pytest.mark.libreoffice
def test_read_values_reports_errors_not_blanks(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["B3"] = "=1/0"
    ws["C3"] = "=NA()"
    ws["D3"] = "=1+1"
    src = tmp_path / "e.xlsx"
    wb.save(src)
    values = read_values(recalculate(src, tmp_path / "out"))["S"]
    assert values[2][1:4] == ["#DIV/0!", "#N/A", 2.0]
    assert values[0] == [] or all(v == "" for v in values[0])


def test_excel_formula_rejects_unknown_metric_and_missing_refs() -> None:
    with pytest.raises(ValueError):
        excel_formula("ei_ole")
    with pytest.raises(ValueError):
        excel_formula("muutos_pros", uusi="A1")
    with pytest.raises(ValueError):
        excel_formula("poikkeama_pp", toteuma="A1", budjetti="B1")
    with pytest.raises(ValueError):
        excel_formula("kulunut_osuus", pvm="A1", tapa="vk")


def test_excel_formula_text() -> None:
    assert excel_formula("muutos_pros", uusi="F12", vanha="D12") == (
        '=IF(OR(F12="",D12=""),NA(),IF(OR(D12=0,SIGN(F12)*SIGN(D12)<0),NA(),(ABS(F12)-ABS(D12))/ABS(D12)))'
    )
    # constants are not blank-tested
    assert excel_formula("ennuste", toteuma="B2", osuus="0.5") == '=IF(OR(B2=""),NA(),IF(0.5<=0,NA(),B2/0.5))'
