"""One definition per metric, three faces: the cell function, the generated Excel formula recalculated
by LibreOffice, and the Python metric give the same number — and so do the rules and the Laskelmat
sheet, whose department forecast is the one T004 reports.

Inputs come from the example workbook (every unit's figures) and from a synthetic workbook with the
awkward cases (zero and blank budgets, refunds, sign flips, seasonal lines, a 30.9. report date).
Two LibreOffice runs for the module: the definitions sheet, and the synthetic workbook's Laskelmat.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import synthetic_book
from lo_recalc import read_values, recalculate

from xl_seuranta import metrics
from xl_seuranta.app import udfs
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.workbook_writer import write_plans_to_file
from xl_seuranta.layout import discover_book
from xl_seuranta.rules import check_book
from xl_seuranta.sheets.laskelmat import SHEET_NAME, compute_sheet_plans, metric_values, sheet_layout

EXAMPLE = Path(__file__).resolve().parents[2] / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"

# Columns of the definitions sheet: A, B amounts, C a date, D an elapsed share, E, F amounts.
# For every metric: which column each parameter reads, and the options to try (one formula column
# each). A new metric without a line here fails test_every_metric_has_a_parity_case.
CASES: dict[str, tuple[dict[str, str], dict[str, tuple[str, ...]]]] = {
    "muutos_eur": ({"uusi": "A", "vanha": "B"}, {}),
    "muutos_pros": ({"uusi": "A", "vanha": "B"}, {}),
    "muutos_eur_kasvu": ({"uusi": "A", "vanha": "B"}, {}),
    "muutos_pros_etumerkillinen": ({"uusi": "A", "vanha": "B"}, {}),
    "toteuma_pros": ({"toteuma": "A", "budjetti": "B"}, {}),
    "jaljella_eur": ({"budjetti": "B", "toteuma": "A"}, {}),
    "ylitys_eur": ({"ennuste": "A", "budjetti": "B"}, {"kulut_negatiivisina": ("1", "0")}),
    "kulunut_osuus": ({"pvm": "C"}, {"tapa": ("kk", "pv")}),
    "poikkeama_pp": ({"toteuma": "A", "budjetti": "B", "pvm": "C"}, {"tapa": ("kk", "pv")}),
    "eur_per_asukas": ({"summa": "A", "asukasluku": "E"}, {}),
    "asukasluku_implisiittinen": ({"summa": "A", "eur_per_asukas": "F"}, {}),
    "ennuste": ({"toteuma": "A", "pvm": "C"}, {"tapa": ("lineaarinen", "lineaarinen_pv")}),
    "ennuste_kausiluonteinen": ({"toteuma": "A", "budjetti": "B"}, {}),
    "ennuste_oikaistu": ({"toteuma": "A", "osuus": "D", "kausi_ennuste": "E", "kausi_toteuma": "F"}, {}),
    "tarkista_summa": ({"osat": "A:A", "summa": "E"}, {"toleranssi": ("0", "2")}),
}
INPUT_COLS = "ABCDEF"
DATES = [dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2024, 2, 29), dt.date(2025, 12, 31), None]


def _inputs() -> list[list[object]]:
    """Rows of (A, B, C, D, E, F): the example's unit figures, then synthetic awkward ones."""
    rows: list[list[object]] = []
    book = discover_book(read_workbook(EXAMPLE))
    w = metrics.forecast.table_wide(book, "yksikot")
    tot, bud, tp = w.values["TOT2025-06-30"], w.values["TA2025"], w.values["TP2024"]
    for i in range(len(w)):
        values = [tot[i], bud[i]]
        rows.append([None if math.isnan(v) else float(v) for v in values] + [None, None, tp[i], None])
    rng = np.random.default_rng(2025)
    special = [0.0, None, -0.0, 1200.0, -1e9, 6925.0, -800.0]
    for i in range(120):
        a = float(np.round(rng.normal(-4e5, 3e5))) if i % 7 else special[i // 7 % len(special)]
        b = float(np.round(rng.normal(-4e5, 3e5))) if i % 5 else special[i // 5 % len(special)]
        rows.append([a, b, None, None, float(np.round(rng.normal(7000, 3000))), float(rng.normal(-500, 400))])
    for i, row in enumerate(rows):
        row[2] = DATES[i % len(DATES)]
        d = row[2]
        row[3] = None if d is None else float(metrics.kulunut_osuus(d, "pv" if i % 2 else "kk"))
        if i % 11 == 0:
            row[4] = None  # a blank population / seasonal sum
    return rows


def _columns() -> list[tuple[str, str, dict[str, str]]]:
    """(metric, option text, {param: option}) of every formula column."""
    out = []
    for name, (_params, options) in CASES.items():
        if not options:
            out.append((name, "", {}))
        for opt, choices in options.items():
            out += [(name, f"{opt}={c}", {opt: c}) for c in choices]
    return out


class DefinitionsSheet:
    def __init__(self, workdir: Path) -> None:
        self.rows = _inputs()
        self.columns = _columns()
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Mittarit"
        ws.append([*INPUT_COLS, *(f"{n} {o}".strip() for n, o, _ in self.columns)])
        for i, row in enumerate(self.rows):
            r = i + 2
            for j, value in enumerate(row):
                ws.cell(r, j + 1, value)
            for k, (name, _o, option) in enumerate(self.columns):
                refs = {p: (f"A{r}:A{r + 2}" if c == "A:A" else f"{c}{r}") for p, c in CASES[name][0].items()}
                ws.cell(r, len(INPUT_COLS) + k + 1, metrics.excel_formula(name, **refs, **option))
        self.path = workdir / "mittarit.xlsx"
        wb.save(self.path)
        self.values = read_values(recalculate(self.path, workdir / "recalc"))["Mittarit"]

    def args(self, name: str, i: int) -> dict[str, object]:
        out: dict[str, object] = {}
        for param, col in CASES[name][0].items():
            if col == "A:A":  # the parts of a sum: column A of this row and the next two
                out[param] = [self.rows[i + k][:1] for k in range(3)]
            else:
                out[param] = self.rows[i][INPUT_COLS.index(col)]
        return out


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> DefinitionsSheet:
    return DefinitionsSheet(tmp_path_factory.mktemp("parity"))


def test_every_metric_has_a_parity_case() -> None:
    assert set(CASES) == set(metrics.DEFINITIONS)
    for name, (params, options) in CASES.items():
        assert set(params) | set(options) <= {p.name for p in metrics.DEFINITIONS[name].params}, name


def _python(name: str, args: dict[str, object], option: dict[str, str]) -> np.ndarray:
    kw = dict(args)
    for opt, value in option.items():
        kw[opt] = (
            float(value) if name == "tarkista_summa" else (value == "1" if name == "ylitys_eur" else value)
        )
    if name == "tarkista_summa":
        kw["osat"] = np.array(
            [[np.nan if v is None else v for v in row] for row in kw["osat"]],
            dtype=float,  # type: ignore[union-attr]
        )
    if name == "ylitys_eur" and "kulut_negatiivisina" not in kw:
        kw["kulut_negatiivisina"] = True
    return np.atleast_1d(np.asarray(metrics.DEFINITIONS[name].func(**kw), dtype=float))


def _udf(name: str, args: dict[str, object], option: dict[str, str]) -> list[object]:
    value = getattr(udfs, name)(**args, **option)
    return [v for row in value for v in row] if isinstance(value, list) else [value]


def _same(py: float, udf: object, lo: object) -> bool:
    if math.isnan(py):
        return udf == udfs.NA and lo == "#N/A"
    return (
        isinstance(udf, float)
        and isinstance(lo, int | float)
        and math.isclose(py, udf, rel_tol=1e-12, abs_tol=1e-9)
        and math.isclose(py, lo, rel_tol=1e-9, abs_tol=1e-6)
    )


@pytest.mark.libreoffice
@pytest.mark.parametrize("column", range(len(_columns())), ids=[f"{n} {o}".strip() for n, o, _ in _columns()])
def test_cell_function_formula_and_python_agree(sheet: DefinitionsSheet, column: int) -> None:
    name, _o, option = sheet.columns[column]
    col = len(INPUT_COLS) + column
    bad = []
    for i in range(len(sheet.rows) - (2 if name == "tarkista_summa" else 0)):
        args = sheet.args(name, i)
        py = _python(name, args, option)
        udf = _udf(name, args, option)
        lo = sheet.values[i + 1][col] if col < len(sheet.values[i + 1]) else ""
        if not _same(float(py[0]), udf[0], lo):
            bad.append((i + 2, args, float(py[0]), udf[0], lo))
    assert not bad, bad[:5]


# ---------------------------------------------------------------------- the sheet and the rules


class Synthetic:
    def __init__(self, workdir: Path) -> None:
        self.src = synthetic_book.build(workdir / "synteettinen.xlsx")
        self.book = discover_book(read_workbook(self.src))
        self.expected = metric_values(self.book)
        self.layout = sheet_layout(self.book)
        out = write_plans_to_file(self.src, compute_sheet_plans(self.book), workdir / "out.xlsx").path
        self.values = read_values(recalculate(out, workdir / "recalc"))[SHEET_NAME]

    def at(self, row: int, col: int) -> object:
        cells = self.values[row - 1] if row <= len(self.values) else []
        return cells[col - 1] if col <= len(cells) else ""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    return Synthetic(tmp_path_factory.mktemp("synthetic"))


@pytest.mark.libreoffice
def test_synthetic_laskelmat_formulas_equal_python(synthetic: Synthetic) -> None:
    bad = []
    for rec in synthetic.expected.itertuples():
        got = synthetic.at(rec.row, rec.col)
        if math.isnan(rec.value):
            if got not in ("", None):
                bad.append((rec.cell, rec.metric, got))
        elif not (isinstance(got, int | float) and math.isclose(got, rec.value, rel_tol=1e-9, abs_tol=1e-6)):
            bad.append((rec.cell, rec.metric, got, rec.value))
    assert not bad, bad[:10]
    seasonal = synthetic.expected[(synthetic.expected["metric"] == "ennuste")].set_index(["unit", "line"])[
        "value"
    ]
    assert seasonal[("Yksikkö 03", "TULOT")] == 40_000  # the reimbursement at its budget


def _department_row(expected, table: str = "yksikot"):
    e = expected[(expected["table"] == table) & (expected["metric"] == "ennuste")]
    line = "NETTOMENO" if table == "yksikot" else "TOIMINTAKATE"
    row = e[(e["line"] == line) & ((e["unit"] == "Toimiala yhteensä") | (table != "yksikot"))]
    assert len(row) == 1
    return row.iloc[0]


@pytest.mark.libreoffice
def test_laskelmat_department_forecast_is_t004s(synthetic: Synthetic) -> None:
    """The department row of Laskelmat, recalculated by LibreOffice, shows T004's forecast."""
    _book, findings = check_book(read_workbook(synthetic.src))
    (t004,) = [f for f in findings if f.code == "T004"]
    dept = _department_row(synthetic.expected)
    in_sheet = synthetic.at(dept.row, dept.col)
    forecast = metrics.department_forecast(synthetic.book)
    assert forecast is not None and forecast.seasonal
    assert in_sheet == pytest.approx(forecast.adjusted, abs=1e-6)
    assert t004.actual == round(in_sheet)
    assert t004.params.linear == round(forecast.linear) != t004.actual


def test_example_department_forecast_is_t004s() -> None:
    """On the example (LibreOffice-checked in test_compute): the Python value of the Laskelmat cell."""
    book = discover_book(read_workbook(EXAMPLE))
    dept = _department_row(metric_values(book))
    _book, findings = check_book(read_workbook(EXAMPLE))
    (t004,) = [f for f in findings if f.code == "T004"]
    assert t004.actual == round(dept.value) == -5_697_176
    assert t004.params.linear == -5_782_216


@pytest.mark.parametrize("source", ["example", "synthetic"])
def test_rule_numbers_are_the_sheets(source: str, tmp_path: Path) -> None:
    """The numbers the pace and change rules report are the metrics the sheet shows for that row."""
    path = EXAMPLE if source == "example" else synthetic_book.build(tmp_path / "s.xlsx")
    book, findings = check_book(read_workbook(path))
    e = metric_values(book)
    util = e[(e["metric"] == "toteuma_pros") & (e["what"] == "metric")]
    by_source = {}
    for sec in sheet_layout(book).sections:
        for sheet_row, src in zip(sec.rows.index, sec.rows["src_row"], strict=True):
            by_source[(sec.info.sheet, int(src))] = int(sheet_row)
    checked = 0
    for f in findings:
        if f.code in ("T001", "T002", "T005"):
            row = by_source[(f.sheet, int("".join(ch for ch in f.cell if ch.isdigit())))]
            shown = util[util["row"] == row]["value"]
            assert len(shown) == 1 and f.params.util == pytest.approx(float(shown.iloc[0]), abs=1e-12), f
            checked += 1
    assert checked >= 10
