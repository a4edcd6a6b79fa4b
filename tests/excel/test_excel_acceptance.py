"""The Excel acceptance script (scripts/excel_acceptance.py): its comparison logic here, the script in
real Excel under the `excel` marker (skipped where Excel is not present, with the reason).

Expected values are recorded at test time from the CLI and the metrics core on the example. What
"Excel" returns is produced by an independent route standing in for it: the ribbon macros on the
xlwings remote engine, their actions applied to the workbook file step after step, the formulas
recalculated by LibreOffice, and the cell functions called with the cells' values as the desktop
COM path passes them. That route must pass every check; changing one thing in it must fail exactly
the check that covers it, naming the cell.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import acceptance_compare as ac  # noqa: E402  (scripts/ is on sys.path, see conftest)
import excel_acceptance  # noqa: E402
import xlwings as xw  # noqa: E402
from actions_applier import apply_actions  # noqa: E402
from excel_payload import payload_from_file  # noqa: E402
from lo_recalc import read_values, recalculate  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from xl_seuranta.app import macros, udfs  # noqa: E402
from xl_seuranta.domain.grid import a1  # noqa: E402
from xl_seuranta.domain.messages import Macros
from xl_seuranta.io.file_reader import read_workbook  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"
ADDIN = ROOT / "workbook" / "xl_seuranta.xlam"
TAGS = {
    "SeurantaTarkista": "tarkista",
    "SeurantaLaske": "laske",
    "SeurantaTavoitteet": "tavoitteet",
    "SeurantaPaivitaKaikki": "paivita_kaikki",
    "Ohje": "ohje",
    "TestaaAsennus": "testaa_asennus",
}
FUNCTIONS = {
    "muutos_eur",
    "muutos_pros",
    "toteuma_pros",
    "poikkeama_pp",
    "ennuste",
    "kulunut_osuus",
    "eur_per_asukas",
    "tarkista_summa",
}


@pytest.fixture(autouse=True)
def _license(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> ac.Expected:
    return ac.record_expected(EXAMPLE, tmp_path_factory.mktemp("expected"))


def _snapshot(values_file: Path, formulas_file: Path, sheet: str) -> ac.SheetSnapshot:
    values = read_values(values_file)[sheet]
    ws = load_workbook(formulas_file)[sheet]
    formulas = [
        [c.value if c.data_type == "f" and isinstance(c.value, str) else None for c in row]
        for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column)
    ]
    return ac.SheetSnapshot(values=values, formulas=formulas)


def _udf_value(case: ac.UdfCase, grids: dict) -> object:
    """What the desktop COM path passes a cell function for ``case`` (ranges as 2-D lists)."""
    args = []
    for arg in case.args:
        if isinstance(arg, ac.Ref):
            (r0, c0), (r1, c1) = arg.cells()
            grid = grids[arg.sheet]
            args.append([[grid.value(r, c) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)])
        else:
            args.append(arg)
    return getattr(udfs, case.function)(*args)


@pytest.fixture(scope="module")
def simulated(expected: ac.Expected, tmp_path_factory) -> ac.Observed:
    """Excel stand-in: each ribbon step on the book as the previous steps left it."""
    work = tmp_path_factory.mktemp("simulated")
    state = work / "0.xlsx"
    shutil.copyfile(expected.workbook, state)
    observed = ac.Observed()
    for i, step in enumerate(ac.STEPS, start=1):
        if step.entry not in TAGS:
            continue  # Tuo funktiot is VBA only (xlwings writes the wrappers): nothing to stand in for
        book = xw.Book(json=payload_from_file(state))
        hexed = ac_hex(ADDIN) if step.entry == "TestaaAsennus" else None
        macros.run_button(TAGS[step.entry], book, addin_hex=hexed)
        actions = book.json()["actions"]
        observed.alerts[step.entry] = [a["args"][0] for a in actions if a["func"] == "alert"]
        writes = [a for a in actions if a["func"] != "alert"]
        if writes:
            wb = load_workbook(state)
            apply_actions(writes, wb)
            state = work / f"{i}_{step.entry}.xlsx"
            wb.save(state)
        values_file = recalculate(state, work / f"lo{i}") if ac.LASKELMAT in step.sheets else state
        for sheet in step.sheets:
            observed.sheets[(step.entry, sheet)] = _snapshot(values_file, state, sheet)
    grids = {g.name: g for g in read_workbook(expected.workbook)}
    observed.udf_values = [_udf_value(case, grids) for case in expected.udf_cases]
    recalculated = recalculate(expected.compute_file, work / "lo_cli")
    observed.cli_laskelmat = _snapshot(recalculated, expected.compute_file, ac.LASKELMAT)
    return observed


def ac_hex(path: Path) -> str:
    return str(path).encode("utf-16-be").hex().upper()


def _by_name(rows: list[ac.Row]) -> dict[str, ac.Row]:
    names = [r.name for r in rows]
    assert len(names) == len(set(names)), names
    return {r.name: r for r in rows}


# ----------------------------------------------------------------------------- the recording


def test_recording_covers_the_example(expected: ac.Expected):
    assert sum(expected.summary.values()) == len(expected.findings)
    assert set(expected.sheets) == {"Tarkistus", "Yhteenveto", "Laskelmat", "Tavoiteseuranta"}
    formulas = [c for c in expected.sheets["Laskelmat"].values() if c.formula]
    assert len(formulas) == len(expected.laskelmat)  # every formula cell has its metric value
    assert {c.function for c in expected.udf_cases} == FUNCTIONS
    assert any(c.expected == ac.NA for c in expected.udf_cases)  # the zero base of the example
    assert sum(isinstance(c.expected, float) for c in expected.udf_cases) > 60


def test_udf_formulas_are_en_us_text_with_quoted_sheets(expected: ac.Expected):
    by_fn: dict[str, ac.UdfCase] = {}
    for case in expected.udf_cases:
        by_fn.setdefault(case.function, case)
    assert by_fn["muutos_pros"].formula.startswith("=MUUTOS_PROS('Käyttötalous'!E")
    assert by_fn["kulunut_osuus"].formula == "=KULUNUT_OSUUS('Asetukset'!B6,\"kk\")"
    assert ";" not in "".join(c.formula for c in expected.udf_cases)


def test_sum_check_case_finds_the_missing_line(expected: ac.Expected):
    """TARKISTA_SUMMA on the income lines shows exactly the Vuokratuotot figure the total leaves out."""
    from xl_seuranta.layout import discover_book

    frame = discover_book(read_workbook(expected.workbook)).frame
    rent = frame[(frame["table"] == "kayttotalous") & (frame["line"] == "Vuokratuotot")].set_index("period")
    gaps = {c.label: c for c in expected.udf_cases if c.function == "tarkista_summa"}
    for key in ("TAM2024", "TA2025"):
        case = gaps[f"TOIMINTATUOTOT {key}"]
        assert case.expected == -rent.loc[key, "value"] != 0
        first, last = case.args[0].cells()
        assert first[0] <= rent.loc[key, "row"] <= last[0] and first[1] == rent.loc[key, "col"]


# --------------------------------------------------------------- the stand-in passes everything


def test_stand_in_for_excel_passes_every_check(expected: ac.Expected, simulated: ac.Observed):
    rows = ac.evaluate(expected, simulated)
    failed = [r for r in rows if r.outcome is not ac.Outcome.PASS]
    assert not failed, failed
    names = set(_by_name(rows))
    assert {f"{e}: ilmoitus" for e in TAGS} <= names
    assert {
        "SeurantaTarkista: Tarkistus = CLI",
        "SeurantaLaske: Laskelmat = CLI",
        "SeurantaLaske: Yhteenveto = CLI",
        "SeurantaLaske: Laskelmat-arvot = metrics",
        "SeurantaTavoitteet: Tavoiteseuranta = CLI",
        "SeurantaPaivitaKaikki: Tarkistus = CLI",
        "SeurantaPaivitaKaikki: Laskelmat = CLI",
        "SeurantaPaivitaKaikki: Laskelmat-arvot = metrics",
        "SeurantaPaivitaKaikki: Tavoiteseuranta = CLI",
        "CLI:n Laskelmat Excelissä = metrics",
    } <= names
    assert {f"={f.upper()}" for f in FUNCTIONS} <= names
    assert ac.exit_code(rows) == 0
    out = io.StringIO()
    ac.render_table(rows, "fi", file=out)
    assert "Kaikki" in out.getvalue() and "läpäisty" in out.getvalue()


# ------------------------------------------------------------ one change fails the right check


def _changed(simulated: ac.Observed) -> ac.Observed:
    return copy.deepcopy(simulated)


def _failed(expected: ac.Expected, observed: ac.Observed, lang: str = "fi") -> dict[str, ac.Row]:
    return {r.name: r for r in ac.evaluate(expected, observed, lang) if r.outcome is ac.Outcome.FAIL}


def test_a_wrong_metric_value_fails_its_sheet_naming_the_cell(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    target = next(m for m in expected.laskelmat if m.metric == "toteuma_pros" and m.value == m.value)
    snap = observed.sheets[("SeurantaLaske", "Laskelmat")]
    snap.values[target.row - 1][target.col - 1] = target.value + 0.01
    failed = _failed(expected, observed)
    assert list(failed) == ["SeurantaLaske: Laskelmat-arvot = metrics"]
    assert failed["SeurantaLaske: Laskelmat-arvot = metrics"].detail.startswith("1/")
    assert a1(target.row, target.col) in failed["SeurantaLaske: Laskelmat-arvot = metrics"].detail


def test_an_error_value_where_python_has_no_number_fails(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    target = next(m for m in expected.laskelmat if m.value != m.value)  # NaN: the sheet shows a blank
    observed.cli_laskelmat.values[target.row - 1][target.col - 1] = "#DIV/0!"
    failed = _failed(expected, observed)
    assert list(failed) == ["CLI:n Laskelmat Excelissä = metrics"]
    assert (
        f"{a1(target.row, target.col)} odotettu (tyhjä), saatu '#DIV/0!'"
        in failed["CLI:n Laskelmat Excelissä = metrics"].detail
    )


def test_changed_text_and_formula_fail_the_sheet_comparison(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    tark = observed.sheets[("SeurantaTarkista", "Tarkistus")]
    tark.values[5][4] = "toinen viesti"  # E6: the first finding's message
    lask = observed.sheets[("SeurantaPaivitaKaikki", "Laskelmat")]
    (r, c), cell = next(((rc, e) for rc, e in expected.sheets["Laskelmat"].items() if e.formula))
    lask.formulas[r - 1][c - 1] = "=1+1"
    failed = _failed(expected, observed)
    assert set(failed) == {"SeurantaTarkista: Tarkistus = CLI", "SeurantaPaivitaKaikki: Laskelmat = CLI"}
    assert "E6 odotettu" in failed["SeurantaTarkista: Tarkistus = CLI"].detail
    assert "'toinen viesti'" in failed["SeurantaTarkista: Tarkistus = CLI"].detail
    assert (
        f"{a1(r, c)} odotettu {cell.formula}, saatu =1+1"
        in failed["SeurantaPaivitaKaikki: Laskelmat = CLI"].detail
    )


def test_missing_sheet_and_failed_call_are_failures(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    observed.sheets[("SeurantaTavoitteet", "Tavoiteseuranta")] = None
    observed.errors["TuoFunktiot"] = "Cannot run the macro 'xl_seuranta.xlam!TuoFunktiot'"
    failed = _failed(expected, observed, "en")
    assert failed["SeurantaTavoitteet: Tavoiteseuranta = CLI"].detail == "no sheet Tavoiteseuranta"
    assert failed["TuoFunktiot: message box"].detail.startswith("the macro call failed: Cannot run")


@pytest.mark.parametrize(
    ("texts", "expected_detail"),
    [
        ([], "ei ilmoitusta; odotettiin: Tarkistus valmis: 7 virhettä"),
        (["Tarkistus valmis: 1 virhettä.", "x"], "2 ilmoitusta"),
        (
            ["Tarkistus valmis: 1 virhettä, 0 varoitusta, 0 huomiota."],
            "ilmoitus 'Tarkistus valmis: 1 virhettä",
        ),
    ],
    ids=["none", "two", "other-counts"],
)
def test_message_box_must_be_the_one_with_the_cli_counts(expected, simulated, texts, expected_detail):
    observed = _changed(simulated)
    observed.alerts["SeurantaTarkista"] = texts
    failed = _failed(expected, observed)
    assert list(failed) == ["SeurantaTarkista: ilmoitus"]
    assert expected_detail in failed["SeurantaTarkista: ilmoitus"].detail


def test_a_wrong_cell_function_value_names_the_case(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    i, case = next(
        (i, c)
        for i, c in enumerate(expected.udf_cases)
        if c.function == "muutos_pros" and c.expected != ac.NA
    )
    observed.udf_values[i] = "#NAME?"  # what Excel shows when the functions were never imported
    j = next(j for j, c in enumerate(expected.udf_cases) if c.expected == ac.NA)
    observed.udf_values[j] = 0.0  # a number where no number is meaningful
    failed = _failed(expected, observed)
    assert f"{case.label}: " in failed["=MUUTOS_PROS"].detail and "'#NAME?'" in failed["=MUUTOS_PROS"].detail
    na_fn = f"={expected.udf_cases[j].function.upper()}"
    assert f"{expected.udf_cases[j].label}: '#N/A' ≠ 0" in failed[na_fn].detail


def test_isna_row_tells_text_from_error_values(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    na = [c.expected == ac.NA for c in expected.udf_cases]
    observed.udf_isna = [True if is_na else None for is_na in na]
    rows = _by_name(ac.evaluate(expected, observed))
    assert rows["#N/A on virhearvo (ISNA)"].outcome is ac.Outcome.PASS
    observed.udf_isna = [False if is_na else None for is_na in na]
    row = _by_name(ac.evaluate(expected, observed))["#N/A on virhearvo (ISNA)"]
    assert row.outcome is ac.Outcome.FAIL and f"{sum(na)}/{sum(na)} #N/A-solua on tekstiä" in row.detail


def test_dialogs_while_calculating_fail(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    observed.udf_dialogs = ["Could not load xlwings64-0.37.8.dll"]
    failed = _failed(expected, observed)
    assert list(failed) == ["ilmoitukset laskennan aikana"]


def test_nothing_checked_is_not_a_pass():
    assert ac.exit_code([]) == 1
    assert ac.exit_code([ac.Row("a", "b", ac.Outcome.SKIP, "macOS")]) == 1
    assert ac.exit_code([ac.Row("a", "b", ac.Outcome.PASS), ac.Row("a", "c", ac.Outcome.SKIP)]) == 0


def test_normalize_formula_keeps_strings():
    assert ac.normalize_formula('=if( a1 = "a b", _xlfn.IFNA(B2,0), "" )') == 'IF(A1="a b",IFNA(B2,0),"")'
    assert ac.normalize_formula('="x ""y"" z"') == '"x ""y"" z"'


def test_doctor_row(expected: ac.Expected):
    from xl_seuranta.app.doctor import run_checks

    row = ac.doctor_row(run_checks(addin=ADDIN), "fi")
    assert row.outcome is ac.Outcome.PASS and row.detail == "Asennus on käyttökunnossa."
    row = ac.doctor_row(run_checks(addin=ROOT / "ei_ole.xlam"), "fi")
    assert row.outcome is ac.Outcome.FAIL and row.detail.startswith("Lisäosa: tiedostoa ei ole")


# ----------------------------------------------------------------------------- the script itself


@pytest.mark.skipif(excel_acceptance.excel_unavailable_reason() is None, reason="Excel is present here")
@pytest.mark.parametrize(
    ("lang", "words"), [("fi", "Excel ei ole käytettävissä"), ("en", "Excel is not available")]
)
def test_script_refuses_without_excel(lang: str, words: str):
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "excel_acceptance.py"), "--lang", lang],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 2
    assert words in r.stderr and sys.platform in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


@pytest.mark.excel
def test_acceptance_in_real_excel(tmp_path: Path):
    """The whole script in Excel: every row passes (Windows; on macOS the CLI file only)."""
    out = tmp_path / "rows.json"
    assert excel_acceptance.main(["--json", str(out)]) == 0, out.read_text(encoding="utf-8")


def test_dialog_text_with_windows_line_ends_still_matches(expected: ac.Expected, simulated: ac.Observed):
    observed = _changed(simulated)
    observed.alerts["Ohje"] = [Macros.help("fi").replace("\n", "\r\n")]
    assert not _failed(expected, observed)
