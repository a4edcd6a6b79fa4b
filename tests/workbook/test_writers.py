"""Both writers on the same plans: openpyxl for files, xlwings (remote engine) for the open book."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw  # noqa: E402
from actions_applier import KNOWN_ACTIONS, apply_actions  # noqa: E402
from excel_payload import book_from_file  # noqa: E402
from hostile_workbook import make_xlsm  # noqa: E402

from xl_seuranta.domain.plans import (  # noqa: E402
    BookPlan,
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    DataValidationPlan,
    PrintSetup,
    SheetPlan,
)
from xl_seuranta.io.openpyxl_writer import WorkbookWriteError, apply_plans_to_workbook  # noqa: E402
from xl_seuranta.io.workbook_writer import write_plans_to_file  # noqa: E402
from xl_seuranta.io.xlwings_writer import (  # noqa: E402
    apply_plans_to_book,
    freeze_range,
    needs_text_prefix,
    rectangles,
)

VBA_BYTES = b"\xd0\xcf\x11\xe0fake vba project \x00\x01\x02" * 10


# ------------------------------------------------------------------------------------ fixtures


def _user_book() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Talous"
    ws.append(["Tili", "TA 2024", "TOT", "Huom"])
    ws.append(["Myyntituotot", 120000, 61000.5, "=1+1"])
    ws["D2"].data_type = "s"  # the user typed text that looks like a formula
    ws.append(["Henkilöstökulut", -450000, -230000, None])
    ws.append(["Yhteensä", "=SUM(B2:B3)", "=SUM(C2:C3)", dt.date(2024, 6, 30)])
    ws["A1"].font = Font(bold=True, color="FF1F4E78")
    ws["A1"].fill = PatternFill("solid", start_color="FFDDEBF7")
    ws["B2"].number_format = "#,##0"
    ws["A4"].alignment = Alignment(horizontal="right", wrap_text=True)
    tav = wb.create_sheet("Tavoitteet")
    tav.append(["Tavoite", "Mittari", "Tila"])
    tav.append(["Asiakastyytyväisyys", "kysely", "Kesken"])
    tav.append(["Talous tasapainossa", "tulos", "Toteutunut"])
    tav["A1"].font = Font(bold=True)
    tav["E1"] = "käyttäjän oma"
    wb.defined_names["Summa"] = DefinedName("Summa", attr_text="Talous!$B$2:$B$3")
    return wb


def _add_vba(path: Path) -> None:
    """Turn a saved workbook into a macro workbook with a (fake) vbaProject.bin part."""
    tmp = path.with_suffix(".tmp")
    make_xlsm(path, tmp, VBA_BYTES)
    os.replace(tmp, path)


@pytest.fixture(params=[".xlsx", ".xlsm"])
def source(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / f"seuranta{request.param}"
    _user_book().save(path)
    if request.param == ".xlsm":
        _add_vba(path)
    return path


def _plans() -> list[SheetPlan]:
    head = CellStyle(bold=True, fill="DDEBF7", wrap=True, h_align="center")
    tarkistus = SheetPlan(
        name="Tarkistus",
        cells=[
            CellWrite(row=1, col=1, value="Tarkistuksen tulos", style=CellStyle(bold=True, font_size=14)),
            CellWrite(row=3, col=1, value="Koodi", style=head),
            CellWrite(row=3, col=2, value="Solu", style=head),
            CellWrite(row=3, col=3, value="Poikkeama", style=head),
            CellWrite(row=3, col=4, value="Pvm", style=head),
            CellWrite(row=4, col=1, value="BUD001", hyperlink="'Talous'!B2", note="Tarkista tili"),
            CellWrite(row=4, col=2, value="=1+1"),
            CellWrite(row=4, col=3, value=1234.5, style=CellStyle(number_format="#,##0.00")),
            CellWrite(row=4, col=4, value=dt.date(2024, 6, 30)),
            CellWrite(row=5, col=1, value="BUD002", hyperlink="https://example.org/ohje"),
            CellWrite(row=5, col=2, value="-5 %"),
            CellWrite(
                row=5, col=3, value=-20, style=CellStyle(number_format="#,##0.00", font_color="C00000")
            ),
            CellWrite(row=6, col=1, value="Yhteensä", style=CellStyle(bold=True)),
            CellWrite(
                row=6, col=3, formula="=SUM(C4:C5)", style=CellStyle(number_format="#,##0.00", bold=True)
            ),
            CellWrite(row=6, col=4, value=True),
        ],
        column_widths={1: 18, 2: 12, 3: 14},
        freeze="A4",
        validations=[
            DataValidationPlan(ref="E4:E40", options=["Avoin", "Korjattu", "Hyväksytty"], prompt="Valitse")
        ],
        conditional_formats=[ConditionalFormatPlan(ref="A4:E40", formula='=$E4="Korjattu"', fill="C6EFCE")],
        charts=[
            ChartPlan(
                kind="column",
                title="Poikkeamat",
                categories_ref="A4:A5",
                series=[("Poikkeama", "C4:C5")],
                anchor="G3",
            )
        ],
        print_setup=PrintSetup(print_area="A1:E40", repeat_rows="1:3"),
        tab_color="C00000",
    )
    tavoitteet = SheetPlan(
        name="Tavoitteet",
        mode="patch",
        clear_refs=["D1:D40"],
        cells=[
            CellWrite(row=1, col=4, value="Arvio", style=CellStyle(bold=True, fill="FFF2CC")),
            CellWrite(row=2, col=4, value="Kesken", style=CellStyle(italic=True)),
            CellWrite(row=3, col=4, value="=2*3"),
        ],
        validations=[DataValidationPlan(ref="D2:D40", options=["Kesken", "Toteutunut", "Ei toteudu"])],
        conditional_formats=[ConditionalFormatPlan(ref="D2:D40", formula='=$D2="Toteutunut"', fill="C6EFCE")],
    )
    return [tarkistus, tavoitteet]


def apply_plans_to_file(src: Path, plans: list[SheetPlan] | BookPlan, dst: Path | None = None) -> Path:
    """The file writer for the tool's whole sheets; a patch of a user's sheet is applied in memory
    afterwards (the file writer refuses patches: it never rewrites a user's sheet)."""
    sheet_plans = plans.sheets if isinstance(plans, BookPlan) else plans
    out = write_plans_to_file(src, [p for p in sheet_plans if p.mode == "replace"], dst).path
    patches = [p for p in sheet_plans if p.mode == "patch"]
    if patches:
        wb = openpyxl.load_workbook(out, keep_vba=out.suffix == ".xlsm")
        apply_plans_to_workbook(wb, patches)
        wb.save(out)
    return out


# ------------------------------------------------------------------------------------ helpers


def _style(cell: openpyxl.cell.cell.Cell) -> tuple:
    f, fill, al = cell.font, cell.fill, cell.alignment
    return (
        cell.number_format,
        f.bold,
        f.italic,
        f.size,
        f.color.rgb if f.color is not None else None,
        fill.fill_type,
        fill.start_color.rgb if fill.start_color is not None else None,
        al.horizontal,
        al.vertical,
        al.wrap_text,
    )


def _snapshot(ws: openpyxl.worksheet.worksheet.Worksheet, skip_cols: frozenset[int] = frozenset()) -> dict:
    return {
        cell.coordinate: (cell.value, cell.data_type, _style(cell))
        for row in ws.iter_rows()
        for cell in row
        if cell.column not in skip_cols
    }


def _vba(path: Path) -> bytes | None:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in z.namelist() else None


# ------------------------------------------------------------------------------- openpyxl writer


def test_openpyxl_writer_full_round_trip(source: Path, tmp_path: Path) -> None:
    before = openpyxl.load_workbook(source)
    out = apply_plans_to_file(source, _plans(), tmp_path / f"tulos{source.suffix}")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Talous", "Tavoitteet", "Tarkistus"]

    ws = wb["Tarkistus"]
    assert ws["A1"].value == "Tarkistuksen tulos" and ws["A1"].font.bold and ws["A1"].font.size == 14
    assert ws["B4"].value == "=1+1" and ws["B4"].data_type == "s"  # text, not a formula
    assert ws["C6"].value == "=SUM(C4:C5)" and ws["C6"].data_type == "f"
    assert ws["C4"].number_format == "#,##0.00"
    assert ws["C5"].font.color.rgb == "FFC00000"
    assert ws["A3"].fill.fill_type == "solid" and ws["A3"].fill.start_color.rgb == "FFDDEBF7"
    assert ws["A3"].alignment.wrap_text and ws["A3"].alignment.horizontal == "center"
    assert ws["D4"].value == dt.datetime(2024, 6, 30) and ws["D4"].is_date
    assert ws["D6"].value is True
    assert ws["A4"].hyperlink.location == "'Talous'!B2"
    assert ws["A5"].hyperlink.target == "https://example.org/ohje"
    assert ws["A4"].comment.text == "Tarkista tili"
    assert ws.column_dimensions["A"].width == 18
    assert ws.freeze_panes == "A4"
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"Avoin,Korjattu,Hyväksytty"' and str(dv.sqref) == "E4:E40"
    assert dv.prompt == "Valitse"
    cfs = list(ws.conditional_formatting)
    assert len(cfs) == 1 and str(cfs[0].sqref) == "A4:E40" and cfs[0].rules[0].formula == ['$E4="Korjattu"']
    assert len(ws._charts) == 1
    assert ws.print_area == "'Tarkistus'!$A$1:$E$40"
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.sheet_properties.tabColor.rgb == "FFC00000"

    tav = wb["Tavoitteet"]
    assert [tav.cell(row=r, column=4).value for r in range(1, 4)] == ["Arvio", "Kesken", "=2*3"]
    assert tav["D1"].font.bold and tav["D2"].font.italic

    # the user's sheets are unchanged, cell by cell, value and style
    assert _snapshot(wb["Talous"]) == _snapshot(before["Talous"])
    assert _snapshot(wb["Tavoitteet"], skip_cols=frozenset({4})) == _snapshot(
        before["Tavoitteet"], skip_cols=frozenset({4})
    )
    assert wb["Talous"]["D2"].value == "=1+1" and wb["Talous"]["D2"].data_type == "s"
    assert wb.defined_names["Summa"].attr_text == "Talous!$B$2:$B$3"
    if source.suffix == ".xlsm":
        assert _vba(out) == VBA_BYTES


def test_openpyxl_writer_is_idempotent(source: Path) -> None:
    apply_plans_to_file(source, _plans())
    first = openpyxl.load_workbook(source)
    apply_plans_to_file(source, BookPlan(sheets=_plans()))
    second = openpyxl.load_workbook(source)
    for name in second.sheetnames:
        assert _snapshot(second[name]) == _snapshot(first[name]), name
    for name in ("Tarkistus", "Tavoitteet"):
        assert len(list(second[name].conditional_formatting)) == 1
        assert len(second[name].data_validations.dataValidation) == 1
    assert len(second["Tarkistus"]._charts) == 1
    if source.suffix == ".xlsm":
        assert _vba(source) == VBA_BYTES


def test_patch_clears_previous_output(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    _user_book().save(path)
    plan = _plans()[1]
    apply_plans_to_file(path, [plan])
    shorter = plan.model_copy(update={"cells": plan.cells[:1]})
    apply_plans_to_file(path, [shorter])
    tav = openpyxl.load_workbook(path)["Tavoitteet"]
    assert tav["D1"].value == "Arvio"
    assert tav["D2"].value is None and not tav["D2"].font.italic  # value and style gone
    assert tav["C2"].value == "Kesken"


def test_failed_write_leaves_file_untouched(source: Path) -> None:
    original = source.read_bytes()
    broken_chart = ChartPlan(title="x", categories_ref="ei alue", series=[("a", "A1:A2")], anchor="B2")
    bad = [_plans()[0], SheetPlan(name="Rikki", charts=[broken_chart])]
    with pytest.raises(WorkbookWriteError, match="epäonnistui"):
        write_plans_to_file(source, bad)
    assert source.read_bytes() == original
    assert sorted(p.name for p in source.parent.iterdir()) == [source.name]
    patch = [SheetPlan(name="Talous", mode="patch", cells=[CellWrite(row=1, col=1, value=1)])]
    with pytest.raises(WorkbookWriteError, match="Talous"):  # a user's sheet is never rewritten
        write_plans_to_file(source, patch)
    assert source.read_bytes() == original
    assert sorted(p.name for p in source.parent.iterdir()) == [source.name]


def test_not_a_workbook_and_locked(tmp_path: Path) -> None:
    junk = tmp_path / "roska.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(WorkbookWriteError, match="ei ole Excel-työkirja"):
        apply_plans_to_file(junk, _plans()[:1])
    assert junk.read_bytes() == b"not a zip"
    good = tmp_path / "auki.xlsx"
    _user_book().save(good)
    (tmp_path / "~$auki.xlsx").write_bytes(b"lock")
    with pytest.raises(WorkbookWriteError, match="auki Excelissä"):
        apply_plans_to_file(good, _plans()[:1])


def test_long_option_list_goes_to_hidden_sheet(tmp_path: Path) -> None:
    path = tmp_path / "pitka.xlsx"
    _user_book().save(path)
    options = [f"Vaihtoehto numero {i}" for i in range(30)]
    plan = SheetPlan(name="Lista", validations=[DataValidationPlan(ref="A1:A10", options=options)])
    apply_plans_to_file(path, [plan])
    apply_plans_to_file(path, [plan])
    wb = openpyxl.load_workbook(path)
    lists = wb["xlseuranta_listat"]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(row=r, column=1).value for r in range(2, 32)] == options
    assert lists.max_column == 1
    assert wb["Lista"].data_validations.dataValidation[0].formula1 == "'xlseuranta_listat'!$A$2:$A$31"


# --------------------------------------------------------------------------------- xlwings writer


def test_xlwings_writer_helpers() -> None:
    assert needs_text_prefix("=1+1") and needs_text_prefix("123") and needs_text_prefix("TRUE")
    assert needs_text_prefix("Jan-24") and needs_text_prefix("-5 %")
    assert not needs_text_prefix("Tavoite") and not needs_text_prefix("")
    assert freeze_range("A5") == "1:4" and freeze_range("C1") == "A:B" and freeze_range("C5") == "A1:B4"
    assert freeze_range("A1") is None
    assert rectangles({(1, 1): "a", (1, 2): "a", (2, 1): "a", (2, 2): "a", (2, 3): "b"}) == [
        ((1, 1, 2, 2), "a"),
        ((2, 3, 2, 3), "b"),
    ]


def _remote(path: Path) -> xw.Book:
    return book_from_file(path)


def test_remote_actions_text_prefix_and_skips(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _user_book().save(path)
    book = _remote(path)
    skipped = apply_plans_to_book(book, _plans())
    actions = book.json()["actions"]
    assert {a["func"] for a in actions} <= KNOWN_ACTIONS
    values = [a["values"] for a in actions if a["func"] == "setValues"]
    assert any("'=1+1" in row for block in values for row in block)
    assert any("välilehden väri" in s for s in skipped)
    assert any("tulostuksen suunta" in s for s in skipped)
    with pytest.raises(WorkbookWriteError):
        apply_plans_to_book(_remote(path), [SheetPlan(name="Puuttuu", mode="patch")])


def _written(path: Path, sheet: str, plan: SheetPlan) -> dict:
    ws = openpyxl.load_workbook(path)[sheet]
    coords = {(c.row, c.col) for c in plan.cells}
    return {
        (r, c): (ws.cell(row=r, column=c).value, ws.cell(row=r, column=c).number_format)
        for r, c in sorted(coords)
    }


def test_two_writers_agree(tmp_path: Path) -> None:
    src = tmp_path / "lahde.xlsx"
    _user_book().save(src)
    plans = _plans()

    by_file = apply_plans_to_file(src, plans, tmp_path / "openpyxl.xlsx")

    book = _remote(src)
    apply_plans_to_book(book, plans)
    by_excel = tmp_path / "xlwings.xlsx"
    shutil.copy(src, by_excel)
    wb = openpyxl.load_workbook(by_excel)
    apply_actions(book.json()["actions"], wb)
    wb.save(by_excel)

    assert openpyxl.load_workbook(by_excel).sheetnames == openpyxl.load_workbook(by_file).sheetnames
    for plan in plans:
        assert _written(by_excel, plan.name, plan) == _written(by_file, plan.name, plan), plan.name
    a, b = openpyxl.load_workbook(by_file)["Tarkistus"], openpyxl.load_workbook(by_excel)["Tarkistus"]
    assert a.freeze_panes == b.freeze_panes == "A4"
    assert a["A4"].hyperlink.location == b["A4"].hyperlink.location == "'Talous'!B2"
    assert a["A5"].hyperlink.target == b["A5"].hyperlink.target
    assert a["A4"].comment.text == b["A4"].comment.text
    assert [str(dv.sqref) for dv in a.data_validations.dataValidation] == [
        str(dv.sqref) for dv in b.data_validations.dataValidation
    ]
    assert [dv.formula1 for dv in a.data_validations.dataValidation] == [
        dv.formula1 for dv in b.data_validations.dataValidation
    ]
    assert [str(cf.sqref) for cf in a.conditional_formatting] == [
        str(cf.sqref) for cf in b.conditional_formatting
    ]
    for col in "ABC":
        assert b.column_dimensions[col].width == pytest.approx(a.column_dimensions[col].width, abs=0.01)
    # the user's sheet is the same through both writers
    assert _snapshot(openpyxl.load_workbook(by_excel)["Talous"]) == _snapshot(
        openpyxl.load_workbook(by_file)["Talous"]
    )


def test_remote_rerun_on_written_book(tmp_path: Path) -> None:
    """Second run on a book that already has the generated sheet: replace clears, patch clears refs."""
    src = tmp_path / "kierros.xlsx"
    _user_book().save(src)
    plans = _plans()
    book = _remote(src)
    apply_plans_to_book(book, plans)
    wb = openpyxl.load_workbook(src)
    apply_actions(book.json()["actions"], wb)
    wb.save(src)
    once = {p.name: _written(src, p.name, p) for p in plans}

    book = _remote(src)
    apply_plans_to_book(book, plans)
    funcs = [a["func"] for a in book.json()["actions"]]
    assert "addSheet" not in funcs and "sheetClear" in funcs
    wb = openpyxl.load_workbook(src)
    apply_actions(book.json()["actions"], wb)
    wb.save(src)
    assert {p.name: _written(src, p.name, p) for p in plans} == once
    ws = openpyxl.load_workbook(src)["Tarkistus"]
    assert len(list(ws.conditional_formatting)) == 1 and len(ws.data_validations.dataValidation) == 1


def test_row_heights_and_paper_size_both_writers(tmp_path: Path) -> None:
    """Wrapped texts get row heights from the plan (LibreOffice does not grow rows by itself)."""
    from xl_seuranta.domain.plans import fit_row_heights

    src = tmp_path / "k.xlsx"
    _user_book().save(src)
    long_text = "Pitkä viesti, joka rivittyy usealle riville kapeassa sarakkeessa. " * 4
    plan = fit_row_heights(
        SheetPlan(
            name="Korkeus",
            cells=[CellWrite(row=2, col=1, value=long_text, style=CellStyle(wrap=True))],
            column_widths={1: 20},
            print_setup=PrintSetup(print_area="A1:A3"),
        )
    )
    assert plan.row_heights[2] > 60
    out = apply_plans_to_file(src, [plan], tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)["Korkeus"]
    assert ws.row_dimensions[2].height == plan.row_heights[2]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    book = _remote(src)
    apply_plans_to_book(book, [plan])
    wb = openpyxl.load_workbook(src)
    apply_actions(book.json()["actions"], wb)
    assert wb["Korkeus"].row_dimensions[2].height == pytest.approx(plan.row_heights[2])
