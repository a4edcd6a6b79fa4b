"""End to end: the ribbon macros (remote engine) and the CLI give the same sheets; goals regenerate in
place without losing what people typed; nothing outside the generated sheets changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlwings as xw
from actions_applier import apply_actions
from excel_payload import payload_from_file
from openpyxl import load_workbook
from typer.testing import CliRunner
from workbook_variants import VARIANTS

from xl_seuranta.app import macros
from xl_seuranta.app.cli import app

runner = CliRunner()
GENERATED = {"Tarkistus", "Tavoiteseuranta", "Laskelmat", "Yhteenveto"}


def _values(ws, min_row: int = 1) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=min_row)]


def _macro_result(path: Path, macro) -> object:
    """Run a macro on the book Excel would send for ``path``; apply its actions to an openpyxl copy."""
    book = xw.Book(json=payload_from_file(path))
    macro(book)
    actions = book.json()["actions"]
    alerts = [a for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1 and alerts[0]["args"][3] == "info", alerts  # one Finnish message, no error
    wb = load_workbook(path)
    apply_actions([a for a in actions if a["func"] != "alert"], wb)
    return wb


def _cli_result(path: Path, tmp: Path, *args: str) -> object:
    out = tmp / f"cli_{args[0]}.xlsx"
    r = runner.invoke(app, [args[0], str(path), "-o", str(out), *args[1:]], catch_exceptions=False)
    assert r.exit_code == 0, r.stdout
    return load_workbook(out)


@pytest.mark.parametrize("variant", ["example", *sorted(VARIANTS)])
def test_tarkista_macro_equals_cli(variant: str, example_built: Path, tmp_path: Path) -> None:
    path = example_built if variant == "example" else VARIANTS[variant](example_built, tmp_path / "v.xlsx")
    excel = _macro_result(path, macros.tarkista)["Tarkistus"]
    cli = _cli_result(path, tmp_path, "run")["Tarkistus"]
    # Row 3 names the source and the time of the run; the counts and the findings follow.
    assert excel["A2"].value == cli["A2"].value
    assert _values(excel, 4) == _values(cli, 4)
    assert len(_values(cli, 4)) > 50  # 67 findings on the example, repeats folded


@pytest.mark.parametrize("variant", ["example", "reordered", "inserted"])
def test_tavoitteet_macro_equals_cli(variant: str, example_built: Path, tmp_path: Path) -> None:
    path = example_built if variant == "example" else VARIANTS[variant](example_built, tmp_path / "v.xlsx")
    excel = _macro_result(path, macros.tavoitteet)["Tavoiteseuranta"]
    cli = _cli_result(path, tmp_path, "goals")["Tavoiteseuranta"]
    assert _values(excel) == _values(cli)


def _style(cell) -> tuple:
    return (
        cell.value,
        cell.number_format,
        cell.font.b,
        cell.font.i,
        cell.font.sz,
        cell.font.color and cell.font.color.rgb,
        cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None,
        cell.alignment.wrap_text,
        cell.alignment.horizontal,
        cell.border.top and cell.border.top.style,
        cell.border.bottom and cell.border.bottom.style,
    )


def _snapshot(path: Path) -> dict:
    wb = load_workbook(path)
    return {
        ws.title: (
            {c.coordinate: _style(c) for row in ws.iter_rows() for c in row},
            dict((k, v.width) for k, v in ws.column_dimensions.items()),
            ws.freeze_panes,
        )
        for ws in wb.worksheets
        if ws.title not in GENERATED
    }


def test_goals_regenerate_in_place_keeping_user_entries(example_copy: Path) -> None:
    before = _snapshot(example_copy)
    r = runner.invoke(app, ["goals", str(example_copy), "--in-place"], catch_exceptions=False)
    assert r.exit_code == 0, r.stdout
    wb = load_workbook(example_copy)
    ws = wb["Tavoiteseuranta"]
    header = next(row for row in ws.iter_rows() if any(c.value == "Tila" for c in row))
    cols = {c.value: c.column for c in header if c.value}
    assert {"Tila", "Kommentti"} <= set(cols)
    # Every goal and productivity action of the source appears.
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    src = load_workbook(example_copy)["Tavoitteet"]
    goals = [
        row[0].value
        for row in src.iter_rows(min_row=3)
        if row[3].value
        and row[0].value
        and row[0].value not in ("Tavoite", "Tuottavuustoimenpide / Hanke", "TOT. 30.6.")
        and not str(row[0].value).startswith("Toiminnalliset")
    ]
    assert len(goals) == 14 and all(g in texts for g in goals)
    # The controller chooses a status and comments one goal.
    target = "Digitiekartan toimenpiteiden toteuttaminen"
    row = next(r for r in ws.iter_rows() if r[0].value == target)[0].row
    ws.cell(row=row, column=cols["Tila"], value="Osittain toteutunut")
    ws.cell(row=row, column=cols["Kommentti"], value="Tavoite 20 toimenpidettä vuoden loppuun mennessä.")
    wb.save(example_copy)
    # Someone reorders the source goals: the productivity rows are moved in reverse order.
    wb = load_workbook(example_copy)
    src = wb["Tavoitteet"]
    prod_rows = [
        r[0].row
        for r in src.iter_rows()
        if r[0].value and r[3].value and r[0].row > 30 and r[0].value != "Tuottavuustoimenpide / Hanke"
    ]
    contents = [[src.cell(row=r, column=c).value for c in range(1, 5)] for r in prod_rows]
    for r, values in zip(prod_rows, reversed(contents), strict=True):
        for c, v in enumerate(values, start=1):
            src.cell(row=r, column=c, value=v)
    wb.save(example_copy)
    r = runner.invoke(app, ["goals", str(example_copy), "--in-place"], catch_exceptions=False)
    assert r.exit_code == 0
    ws = load_workbook(example_copy)["Tavoiteseuranta"]
    row = next(r for r in ws.iter_rows() if r[0].value == target)[0].row
    assert ws.cell(row=row, column=cols["Tila"]).value == "Osittain toteutunut"
    assert ws.cell(row=row, column=cols["Kommentti"]).value.startswith("Tavoite 20")
    # Cells outside the generated sheets: the same values and styles (except the reordered source rows).
    after = _snapshot(example_copy)
    assert set(after) == set(before)
    for name in before:
        if name == "Tavoitteet":
            continue
        assert after[name] == before[name], name


def test_run_keeps_vba_of_an_xlsm(tmp_path: Path, example_built: Path) -> None:
    """An .xlsm keeps its VBA project byte for byte when the tool writes into it."""
    import zipfile

    xlsm = tmp_path / "seuranta.xlsm"
    wb = load_workbook(example_built)
    wb.save(xlsm)
    vba = b"\xd0\xcf\x11\xe0 fake vba project for the test"
    with zipfile.ZipFile(xlsm, "a") as z:
        z.writestr("xl/vbaProject.bin", vba)
    shutil.copyfile(xlsm, tmp_path / "orig.xlsm")
    r = runner.invoke(app, ["goals", str(xlsm), "--in-place"], catch_exceptions=False)
    assert r.exit_code == 0
    with zipfile.ZipFile(xlsm) as z:
        assert z.read("xl/vbaProject.bin") == vba


def test_generated_sheets_keep_their_charts_across_commands(example_copy: Path) -> None:
    """compute, then goals, then run, all in place: each generated sheet keeps its chart."""
    for args in (["compute", "--in-place"], ["goals", "--in-place"], ["run", "-o"]):
        cmd = [args[0], str(example_copy), *args[1:]] + ([str(example_copy)] if args[1] == "-o" else [])
        r = runner.invoke(app, cmd, catch_exceptions=False)
        assert r.exit_code == 0, r.stdout
    wb = load_workbook(example_copy)
    import zipfile

    with zipfile.ZipFile(example_copy) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert {"Yhteenveto", "Laskelmat", "Tavoiteseuranta", "Tarkistus"} <= set(wb.sheetnames)
    assert len(charts) == 3


def test_user_sheet_with_a_chart_keeps_it_byte_for_byte(example_copy: Path) -> None:
    """A user's chart is no reason to refuse any more: the splicing writer copies its parts as they were."""
    import zipfile

    from openpyxl.chart import BarChart, Reference

    wb = load_workbook(example_copy)
    ws = wb["Yksiköt"]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=5, max_row=7))
    ws.add_chart(chart, "H3")
    wb.save(example_copy)
    with zipfile.ZipFile(example_copy) as z:
        before = {n: z.read(n) for n in z.namelist() if n.startswith(("xl/charts/", "xl/drawings/"))}
    r = runner.invoke(app, ["goals", str(example_copy), "--in-place"])
    assert r.exit_code == 0, r.stderr
    with zipfile.ZipFile(example_copy) as z:
        assert all(z.read(n) == data for n, data in before.items())
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 2  # the user's and ours
