"""The Laskelmat and Yhteenveto sheets ('Laske'): real files, real LibreOffice recalculation,
formula == Python.

Three LibreOffice runs for the whole module (module fixtures): the example workbook as shipped (no
populations declared), a copy with populations filled in on the Asetukset sheet, and a copy that
declares the signed change convention.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from lo_recalc import read_values, recalculate

from xl_seuranta import metrics
from xl_seuranta.app import services
from xl_seuranta.domain.periods import parse_period
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.workbook_writer import write_plans_to_file
from xl_seuranta.layout import discover_book
from xl_seuranta.sheets import formats, yhteenveto
from xl_seuranta.sheets.laskelmat import (
    INPUT_COL,
    PER_RESIDENT,
    SHEET_NAME,
    compute_sheet_plans,
    metric_values,
    pairs,
    sheet_layout,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"
# Per-column populations to fill in on the Asetukset sheet (found by the column label in column A).
POPULATIONS = {"TP 2023": 7400, "TA 2024": 7350, "TP 2024": 7300, "TA 2025": 7250}  # TOT. left out


class Built:
    def __init__(self, src: Path, workdir: Path) -> None:
        self.src = src
        self.grids = read_workbook(src)
        self.book = discover_book(self.grids)
        self.plans = compute_sheet_plans(self.book, source_name=src.name)
        self.expected = metric_values(self.book)
        self.summary_expected = yhteenveto.yhteenveto_values(self.book)
        self.layout = sheet_layout(self.book)
        self.out = write_plans_to_file(src, self.plans, workdir / "out.xlsx").path
        self.recalc = recalculate(self.out, workdir / "recalc")
        recalculated = read_values(self.recalc)
        self.values = recalculated[SHEET_NAME]
        self.summary = recalculated[yhteenveto.SHEET_NAME]

    def at(self, row: int, col: int) -> object:
        rows = self.values
        if row > len(rows) or col > len(rows[row - 1]):
            return ""
        return rows[row - 1][col - 1]


def _build(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    populations: dict[str, int],
    settings: dict | None = None,
) -> Built:
    workdir = tmp_path_factory.mktemp(name)
    src = workdir / "source.xlsx"
    shutil.copy(EXAMPLE, src)
    if populations or settings:
        wb = openpyxl.load_workbook(src)
        ws = wb["Asetukset"]
        rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
        for label, value in populations.items():
            ws.cell(row=rows[label], column=2).value = value
        for label, value in (settings or {}).items():  # a new setting typed under the others
            ws.append([label, value])
        wb.save(src)
    return Built(src, workdir)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory, "compute_example", {})


@pytest.fixture(scope="module")
def built_pops(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory, "compute_pops", POPULATIONS)


@pytest.fixture(scope="module")
def built_signed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory, "compute_signed", {}, {"Muutoksen etumerkki": "etumerkillinen"})


def _is_error(value: object) -> bool:
    return isinstance(value, str) and (value.startswith("#") or value.startswith("Err:"))


def _header_col(b: Built, header: str) -> int:
    row = b.values[b.layout.header_row - 1]
    return row.index(header) + 1


def _row_of(b: Built, line: str, table: str = "kayttotalous") -> int:
    e = b.expected
    rows = e[(e["table"] == table) & (e["line"] == line)]["row"].unique()
    assert len(rows) == 1
    return int(rows[0])


# ------------------------------------------------------------------------------ recalculated


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["built", "built_pops", "built_signed"])
def test_no_error_values_blank_where_python_is_nan(which: str, request: pytest.FixtureRequest) -> None:
    b: Built = request.getfixturevalue(which)
    e = b.expected
    expected_blank = {
        (int(r), int(c)) for r, c in e[e["value"].isna() & (e["what"] != "figure")][["row", "col"]].to_numpy()
    }
    errors = {
        (r, c): v
        for r, row in enumerate(b.values, start=1)
        for c, v in enumerate(row, start=1)
        if _is_error(v)
    }
    assert not errors, errors
    assert expected_blank, "the example has a zero base and a sign flip: some metric has no number"
    assert all(b.at(r, c) in ("", None) for r, c in expected_blank)


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["built", "built_pops", "built_signed"])
def test_every_formula_cell_equals_python(which: str, request: pytest.FixtureRequest) -> None:
    b: Built = request.getfixturevalue(which)
    ws = openpyxl.load_workbook(b.out)[SHEET_NAME]
    formula_cells = {c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formula_cells == set(b.expected["cell"])  # every formula is checked, no text became one
    bad = []
    for rec in b.expected.itertuples():
        got = b.at(rec.row, rec.col)
        if math.isnan(rec.value):
            if got not in ("", None):  # no meaningful number: an empty cell, never an error value
                bad.append((rec.cell, rec.metric, got, ""))
        elif not (isinstance(got, int | float) and math.isclose(got, rec.value, rel_tol=1e-6, abs_tol=1e-6)):
            bad.append((rec.cell, rec.metric, got, rec.value))
    assert not bad, bad[:20]


@pytest.mark.libreoffice
def test_reference_figures_from_the_source(built: Built) -> None:
    util = _header_col(built, "Käyttö-%")
    assert built.at(_row_of(built, "TOIMINTAKULUT"), util) == pytest.approx(-3584333 / -6837670, abs=1e-9)
    assert round(built.at(_row_of(built, "TOIMINTAKULUT"), util) * 100, 1) == 52.4
    assert round(built.at(_row_of(built, "Henkilöstökulut"), util) * 100, 1) == 59.2
    # The live figures reproduce the source cells.
    tot = _header_col(built, "TOT. 30.6.2025")
    assert built.at(_row_of(built, "TOIMINTAKULUT"), tot) == -3584333
    share = built.at(5, INPUT_COL)
    assert share == pytest.approx(0.5)  # 30.6. on the months basis
    dev = _header_col(built, "Ero ajasta (%-yks.)")
    assert built.at(_row_of(built, "TOIMINTAKULUT"), dev) == pytest.approx(-3584333 / -6837670 - 0.5)


@pytest.mark.libreoffice
def test_blank_source_cells_stay_blank_not_zero(built: Built) -> None:
    e = built.expected
    blank = e[(e["what"] == "figure") & e["value"].isna()]
    assert len(blank) == 9  # Tilap. suojelun lisätuki/valtio has no 2023-2024 figures
    assert all(built.at(r, c) == "" for r, c in blank[["row", "col"]].to_numpy())


@pytest.mark.libreoffice
def test_other_sheets_unchanged(built: Built) -> None:
    before = {g.name: g.rows for g in built.grids}
    for path in (built.out, built.recalc):
        after = {g.name: g.rows for g in read_workbook(path)}
        assert set(after) == set(before) | {SHEET_NAME, yhteenveto.SHEET_NAME}
        for name, rows in before.items():
            assert after[name] == rows, f"{name} changed in {path.name}"


@pytest.mark.libreoffice
def test_per_resident_columns_with_populations(built_pops: Built) -> None:
    layout = built_pops.layout
    per_res = [m for m in layout.metric_cols if m.startswith(PER_RESIDENT)]
    # TA+muutokset 2024/2025 take the declared budget population of their year; TOT. has none.
    # One budget column per year (TA+muutokset 2024; TA 2025 / Määrärahat' TA+muutokset 2025).
    assert sorted(per_res) == sorted(
        f"{PER_RESIDENT}:{k}" for k in ("TP2023", "BUD2024", "TP2024", "BUD2025")
    )
    assert layout.missing_populations == ["TOT. 30.6.2025"]
    notes = " ".join(n for _, n in layout.note_rows)
    assert "TOT. 30.6.2025" in notes
    col = _header_col(built_pops, "€/asukas TP 2024")
    row = _row_of(built_pops, "TOIMINTAKATE")
    assert built_pops.at(row, col) == pytest.approx(-4698551 / 7300)


@pytest.mark.libreoffice
def test_no_population_note(built: Built) -> None:
    assert not [m for m in built.layout.metric_cols if m.startswith(PER_RESIDENT)]
    assert any("Asukaslukuja ei ole ilmoitettu" in str(v) for row in built.values[:10] for v in row)


# ---------------------------------------------------------------------------- written file


@pytest.mark.libreoffice
def test_conditional_formats_chart_and_sheet_setup(built: Built) -> None:
    wb = openpyxl.load_workbook(built.out)
    ws = wb[SHEET_NAME]
    rules = [(str(cf.sqref), rule.formula[0]) for cf in ws.conditional_formatting for rule in cf.rules]
    util = openpyxl.utils.get_column_letter(built.layout.metric_cols["toteuma_pros"])
    typ = openpyxl.utils.get_column_letter(built.layout.type_col)
    first = built.layout.sections[0].first_row
    assert len(rules) == 4  # red and green for the unit and the operating-statement sections
    assert all(sqref.startswith(util) for sqref, _ in rules)
    assert any(f'${typ}{first}="kulu"' in f and ">0.1" in f for _, f in rules)
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.type == "bar" and len(chart.series) == 2
    assert ws.freeze_panes == f"C{built.layout.header_row + 1}"
    assert ws.print_title_rows.replace("$", "") == f"{built.layout.header_row}:{built.layout.header_row}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.oddFooter.right.text and "&P" in ws.oddFooter.right.text
    # The helper columns and the chart are right of the printed area.
    assert (
        ws.print_area.replace("$", "")
        .split(":")[1]
        .startswith(openpyxl.utils.get_column_letter(built.layout.last_print_col))
    )
    row = _row_of(built, "TOIMINTAKULUT")
    assert ws.cell(row, built.layout.metric_cols["toteuma_pros"]).number_format == formats.PCT  # 52,4 %
    assert ws.cell(row, 3).number_format == formats.EUR  # real minus sign
    assert isinstance(ws.cell(3, INPUT_COL).value, dt.date | dt.datetime)
    # Type helper column: text values only; seasonal lines get no colours.
    types = {
        ws.cell(row=r, column=built.layout.type_col).value for r in range(built.layout.header_row + 1, 121)
    }
    assert types - {None} == {"kulu", "tulo", "kausi"}


@pytest.mark.libreoffice
def test_rerun_is_idempotent_and_adds_no_sheets(built: Built, tmp_path: Path) -> None:
    grids = read_workbook(built.out)  # the output, with its Laskelmat, read back
    plans = services.compute_plans(grids, source_name=built.src.name)
    assert [p.model_dump() for p in plans] == [p.model_dump() for p in built.plans]
    out2 = write_plans_to_file(built.out, plans, tmp_path / "out2.xlsx").path
    wb1, wb2 = openpyxl.load_workbook(built.out), openpyxl.load_workbook(out2)
    assert wb1.sheetnames == wb2.sheetnames
    assert wb2.sheetnames.count(SHEET_NAME) == 1
    ws1, ws2 = wb1[SHEET_NAME], wb2[SHEET_NAME]
    cells1 = {c.coordinate: (c.value, c.number_format) for row in ws1.iter_rows() for c in row}
    cells2 = {c.coordinate: (c.value, c.number_format) for row in ws2.iter_rows() for c in row}
    assert cells1 == cells2
    assert len(ws2._charts) == 1
    assert len(list(ws2.conditional_formatting)) == len(list(ws1.conditional_formatting))


# ------------------------------------------------------------------------------- pure parts


def test_english_headers_and_type_words() -> None:
    book = discover_book(read_workbook(EXAMPLE))
    plan, summary = compute_sheet_plans(book, lang="en")
    assert summary.name == "Yhteenveto" and summary.activate and not plan.activate
    layout = sheet_layout(book, "en")
    headers = {c.value for c in plan.cells if c.row == layout.header_row}
    assert {"Unit", "Line", "Type", "Utilisation %", "Off pace (pp)", "Remaining €"} <= headers
    assert any('="cost"' in cf.formula for cf in plan.conditional_formats)
    assert all(c.formula is None for c in plan.cells if isinstance(c.value, str))


def test_declared_baselines_choose_thepairs() -> None:
    p = [parse_period(x) for x in ("TP 2023", "TA+MUUTOS 2024", "TP 2024", "TA 2025", "TOT. 30.6.2025")]
    tp, ta, util = pairs(p, "edellisen vuoden TP", "edellisen vuoden TA")
    assert [x.key for x in tp] == ["TP2024", "TP2023"]
    assert [x.key for x in ta] == ["TA2025", "TAM2024"]  # no TA 2024: falls back to the amended one
    assert [x.key for x in util] == ["TOT2025-06-30", "TA2025"]
    p2 = p + [parse_period("TA 2024"), parse_period("TA+muutokset 2025")]
    _, ta2, util2 = pairs(p2, "edellisen vuoden TP", "edellisen vuoden TA")
    assert [x.key for x in ta2] == ["TA2025", "TA2024"]
    assert [x.key for x in util2] == ["TOT2025-06-30", "TAM2025"]  # amended budget preferred
    _, ta3, _ = pairs(p2, "edellisen vuoden TP", "edellisen vuoden TA+muutokset")
    assert [x.key for x in ta3] == ["TAM2025", "TAM2024"]
    tp4, _, _ = pairs([*p2, parse_period("TA 2023")], "edellisen vuoden TA", "edellisen vuoden TA")
    assert [x.key for x in tp4] == ["TP2024", "TA2023"]  # declared: actuals vs the previous budget
    assert pairs(p2, "edellisen vuoden TA", "")[0] is None  # no 2023 budget: no silent guess


def test_metric_values_is_long_and_complete() -> None:
    book = discover_book(read_workbook(EXAMPLE))
    mv = metric_values(book)
    assert not mv.duplicated(["row", "col"]).any()
    assert set(mv["what"]) == {"input", "figure", "metric", "chart"}
    chart = mv[mv["what"] == "chart"]
    assert len(chart) == 2 * 29  # 29 units (the department total is not a unit), 2 series
    assert isinstance(mv, pd.DataFrame)


# ------------------------------------------------------------------------- the board's figures


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["built", "built_pops", "built_signed"])
def test_yhteenveto_equals_python_metrics(which: str, request: pytest.FixtureRequest) -> None:
    """Yhteenveto after LibreOffice recalculation == the metrics core, cell by cell."""
    b: Built = request.getfixturevalue(which)
    e = b.summary_expected
    assert len(e[e["metric"] == "ennuste"]) >= 20  # one row per unit with a budget or actuals, and the total
    ws = openpyxl.load_workbook(b.out)[yhteenveto.SHEET_NAME]
    formula_cells = {c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formula_cells - set(e["cell"]) == {"B2"}  # the report date, a date
    bad = []
    for rec in e.itertuples():
        row = b.summary[rec.row - 1] if rec.row <= len(b.summary) else []
        got = row[rec.col - 1] if rec.col <= len(row) else ""
        if math.isnan(rec.value):
            if got not in ("", None):
                bad.append((rec.cell, rec.metric, got, ""))
        elif not (isinstance(got, int | float) and math.isclose(got, rec.value, rel_tol=1e-9, abs_tol=1e-6)):
            bad.append((rec.cell, rec.metric, got, rec.value))
    assert not bad, bad[:20]


@pytest.mark.libreoffice
def test_yhteenveto_department_row(built: Built) -> None:
    """The department row: figures of Toimiala yhteensä NETTOMENO and the seasonal-aware forecast."""
    e = built.summary_expected
    dept = e[e["label"] == "Toimiala yhteensä"].set_index("metric")["value"]
    assert dept["budjetti"] == -5540000 and dept["toteuma"] == -2891108
    assert dept["toteuma_pros"] == pytest.approx(2891108 / 5540000)
    assert dept["jaljella_eur"] == -5540000 + 2891108
    # Linear forecast of the total, corrected by the seasonal units (Asetukset: Kuntaliitto,
    # Työterveyshuolto, Tilap. suojelun lisätuki/valtio): each at its budget or its larger actual.
    seasonal = {  # NETTOMENO forecast = MENOT + TULOT forecasts; actual NETTOMENO
        "Kuntaliitto": (-23000 + 0, -22655),
        "Työterveyshuolto": (-180000 + 77500, -97415),
        "Tilap. suojelun lisätuki/valtio": (-400 + 30000, 29600),
    }
    expected = -2891108 / 0.5 + sum(fc - tot / 0.5 for fc, tot in seasonal.values())
    assert dept["ennuste"] == pytest.approx(expected)
    assert dept["ylitys_eur"] == pytest.approx(-5540000 - expected)  # positive: over the budget
    assert dept["ylitys_eur"] > 0
    ws = openpyxl.load_workbook(built.out)[yhteenveto.SHEET_NAME]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight == 1 and ws.page_setup.fitToWidth == 1
    assert "hallintopalvelut" not in (ws.oddFooter.left.text or "") or "30.6.2025" in ws.oddFooter.left.text
    assert "30.6.2025" in ws.oddFooter.left.text and "source.xlsx" in ws.oddFooter.left.text


@pytest.mark.libreoffice
def test_yhteenveto_opens_first(built: Built) -> None:
    wb = openpyxl.load_workbook(built.out)
    assert wb.active.title == yhteenveto.SHEET_NAME
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [yhteenveto.SHEET_NAME]


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["built", "built_signed"])
def test_change_eur_and_pct_never_disagree_in_sign(which: str, request: pytest.FixtureRequest) -> None:
    b: Built = request.getfixturevalue(which)
    e = b.expected[b.expected["what"] == "metric"]
    wide = e.pivot_table(index="row", columns="metric", values="value", aggfunc="first")
    checked = 0
    for kind in ("tp", "ta"):
        both = wide[[f"muutos_eur_{kind}", f"muutos_pros_{kind}"]].dropna()
        both = both[(both.abs() > 1e-9).all(axis=1)]
        assert (np.sign(both.iloc[:, 0]) == np.sign(both.iloc[:, 1])).all(), both[
            np.sign(both.iloc[:, 0]) != np.sign(both.iloc[:, 1])
        ]
        checked += len(both)
    assert checked > 100
    # Keskusvaalilautakunta MENOT TP 2024 vs TP 2023: -54 950 against -22 986.
    row = _row_of(b, "MENOT", "yksikot") if False else None  # (several MENOT rows; pick by unit below)
    r = e[(e["unit"] == "Keskusvaalilautakunta") & (e["line"] == "MENOT")]
    eur = r[r["metric"] == "muutos_eur_tp"]["value"].iloc[0]
    pct = r[r["metric"] == "muutos_pros_tp"]["value"].iloc[0]
    if which == "built":  # growth of the magnitude: +31 964 € and +139,1 %
        assert (eur, round(pct, 3)) == (31964, 1.391)
    else:  # signed as in the workbook: -31 964 € and -139,1 %
        assert (eur, round(pct, 3)) == (-31964, -1.391)
    assert row is None
    text = " ".join(str(v) for r in b.values[:12] for v in r)
    assert ("itseisarvo" in text) == (which == "built") and ("etumerkillinen" in text) == (which != "built")


@pytest.mark.libreoffice
def test_only_columns_with_numbers_and_no_rows_of_zeros(built: Built) -> None:
    e = built.expected
    figures = e[e["what"] == "figure"]
    assert figures.groupby("col")["value"].count().min() > 0  # every figure column holds numbers
    assert set(built.layout.figure_labels.values()) == {
        "TP 2023",
        "TA+muutokset 2024",
        "TP 2024",
        "Talousarvio 2025",
        "TOT. 30.6.2025",
    }
    per_row = figures.assign(z=figures["value"].fillna(0).abs()).groupby("row")["z"].sum()
    assert (per_row > 0).all()  # no row of zeros
    assert sum(s.omitted for s in built.layout.sections) == 12  # TULOT rows of units without revenue


@pytest.mark.libreoffice
def test_source_links_name_the_real_cell(built: Built) -> None:
    ws = openpyxl.load_workbook(built.out)[SHEET_NAME]
    col = built.layout.source_col
    links = [
        (c.value, c.hyperlink.location)
        for c in ws.iter_cols(min_col=col, max_col=col).__next__()
        if c.hyperlink
    ]
    assert len(links) > 90
    for text, target in links:
        sheet, cell = text.split("!")
        assert target == f"'{sheet}'!{cell}"
        src = openpyxl.load_workbook(built.src)[sheet][cell].value
        assert src is None or isinstance(src, int | float | str)
    assert ("Yksiköt!B5", "'Yksiköt'!B5") in links


@pytest.mark.libreoffice
def test_seasonal_lines_forecast_at_their_budget(built: Built) -> None:
    e = built.expected
    fc = e[e["metric"] == "ennuste"].set_index(["unit", "line"])["value"]
    assert fc[("Kuntaliitto", "MENOT")] == -23000  # the annual fee, not 2 × -22 655
    assert fc[("Työterveyshuolto", "TULOT")] == 77500  # the reimbursement paid once a year
    assert fc[("Tilap. suojelun lisätuki/valtio", "TULOT")] == 30000  # no budget: the actual
    assert fc[("Keskusvaalilautakunta", "MENOT")] == -42102 * 2  # not seasonal: linear
    assert (
        fc[("Keskusvaalilautakunta", "NETTOMENO")]
        == fc[("Keskusvaalilautakunta", "MENOT")] + fc[("Keskusvaalilautakunta", "TULOT")]
    )
    assert metrics.ennuste_kausiluonteinen(-22655, -23000) == -23000
