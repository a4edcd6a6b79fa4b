"""Lossless file writes: the generated sheets are spliced into the user's package, byte for byte.

The workbook under test is the example as a real department's file looks (tests/support/
hostile_workbook.py): saved by an office suite (cached formula values, shared strings), with a
user's chart, a picture, a shape, a note, custom XML; and the same as an .xlsm with a real VBA project.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_workbook import assert_user_parts_identical, build_hostile, make_xlsm, parts
from lxml import etree
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from xl_seuranta.app import services
from xl_seuranta.app.cli import app
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.ooxml_package import MAIN_NS

runner = CliRunner()
GENERATED = {"Tarkistus", "Yhteenveto", "Laskelmat", "Tavoiteseuranta"}


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, example_built: Path) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("hostile")
    xlsx = build_hostile(example_built, work)
    return {".xlsx": xlsx, ".xlsm": make_xlsm(xlsx, work / "seuranta.xlsm")}


def cli(*args: str) -> str:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    return r.stdout


def step(kind: str, path: Path) -> None:
    if kind == "run":
        cli("run", str(path), "-o", str(path))
    else:
        cli(kind, str(path), "--in-place")


def c006(path: Path) -> int:
    _book, findings, _summary = services.check(read_workbook(path))
    return sum(1 for f in findings if f.code == "C006")


def summary(path: Path) -> dict[str, int]:
    return services.check(read_workbook(path))[2]


SEQUENCES = [
    ("compute", "goals", "run", "compute"),
    ("run", "goals", "compute", "goals", "run"),
    ("goals", "run", "goals", "compute", "compute"),
]


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
@pytest.mark.parametrize("sequence", SEQUENCES, ids=["-".join(s) for s in SEQUENCES])
def test_commands_in_any_order_keep_every_user_part(
    hostile: dict[str, Path], tmp_path: Path, suffix: str, sequence: tuple[str, ...]
) -> None:
    path = tmp_path / f"kirja{suffix}"
    shutil.copyfile(hostile[suffix], path)
    before = parts(path)
    findings_before = summary(path)
    assert c006(path) == 0  # the office suite saved every formula with its value
    for kind in sequence:
        step(kind, path)
        assert_user_parts_identical(before, path)
    wb = openpyxl.load_workbook(path, keep_vba=suffix == ".xlsm")
    done = {"run": "Tarkistus", "compute": "Laskelmat", "goals": "Tavoiteseuranta"}
    assert {done[k] for k in sequence} <= set(wb.sheetnames)
    assert (
        wb.sheetnames[:7] == openpyxl.load_workbook(hostile[suffix]).sheetnames
    )  # user sheets first, in order
    assert set(CalamineWorkbook.from_path(str(path)).sheet_names) == set(wb.sheetnames)
    # the cached values of the user's formulas survive: no new C006, the same findings
    assert c006(path) == 0
    assert summary(path) == findings_before
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/")]
        types = z.read("[Content_Types].xml").decode()
        assert "calcChain" not in " ".join(z.namelist())
    # the user's chart, and one per generated sheet with a chart: Yhteenveto and Laskelmat (compute),
    # Tavoiteseuranta (goals)
    assert len(charts) == 1 + 2 * ("compute" in sequence) + ("goals" in sequence)
    macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert (macro in types) == (suffix == ".xlsm")


def _styles(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("xl/styles.xml"))


def test_existing_style_indices_stay_valid_and_styles_do_not_grow(
    hostile: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "kirja.xlsx"
    shutil.copyfile(hostile[".xlsx"], path)
    old = _styles(path)
    for kind in ("compute", "goals", "run"):
        step(kind, path)
    once = _styles(path)
    for box in ("numFmts", "fonts", "fills", "borders", "cellXfs", "cellStyleXfs", "dxfs"):
        old_items = list(old.iterfind(f"{{{MAIN_NS}}}{box}/*"))
        new_items = list(once.iterfind(f"{{{MAIN_NS}}}{box}/*"))
        assert len(new_items) >= len(old_items)
        for a, b in zip(old_items, new_items, strict=False):  # every existing entry kept at its index
            assert etree.tostring(a, method="c14n") == etree.tostring(b, method="c14n"), box
    for kind in ("compute", "goals", "run", "goals"):
        step(kind, path)
    twice = _styles(path)
    assert etree.tostring(twice, method="c14n") == etree.tostring(once, method="c14n")  # nothing piles up


def test_generated_sheets_are_marked_and_skipped_by_discovery(
    hostile: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "kirja.xlsx"
    shutil.copyfile(hostile[".xlsx"], path)
    for kind in ("compute", "goals", "run"):
        step(kind, path)
    roles = {g.name: g.tool_sheet for g in read_workbook(path)}
    assert {n: r for n, r in roles.items() if r} == {n: n for n in GENERATED}


# ------------------------------------------------------------------------------- whose sheet is it


def _with_user_sheet(src: Path, dst: Path, name: str) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb.create_sheet(name)
    ws["A1"] = "Oma laskelma: älä korvaa"
    ws["B2"] = 42
    wb.save(dst)


def test_users_own_sheet_with_a_tool_name_is_left_alone(example_built: Path, tmp_path: Path) -> None:
    path = tmp_path / "oma.xlsx"
    _with_user_sheet(example_built, path, "Laskelmat")
    before = parts(path)
    findings = summary(path)
    out = cli("compute", str(path), "--in-place")
    assert "'Laskelmat (2)'" in out and "oma välilehti 'Laskelmat'" in out
    assert_user_parts_identical(before, path)
    wb = openpyxl.load_workbook(path)
    assert wb["Laskelmat"]["A1"].value == "Oma laskelma: älä korvaa"
    assert wb["Laskelmat (2)"]["A2"].value.startswith("Tämän välilehden luo xl-seuranta")
    # the next run finds its own sheet by the marker: replaced, no "(3)", no note
    out = cli("compute", str(path), "--in-place")
    assert "Laskelmat (2)" not in out
    assert openpyxl.load_workbook(path).sheetnames.count("Laskelmat (3)") == 0
    assert_user_parts_identical(before, path)
    assert summary(path) == findings  # the generated sheet is not read as the user's data
    r = runner.invoke(app, ["compute", str(path), "--in-place", "--lang", "en"])
    assert r.exit_code == 0 and "Laskelmat (2)" not in r.stdout


def test_renamed_generated_sheet_is_still_the_tools(example_built: Path, tmp_path: Path) -> None:
    path = tmp_path / "k.xlsx"
    shutil.copyfile(example_built, path)
    cli("goals", str(path), "--in-place")
    wb = openpyxl.load_workbook(path)
    wb["Tavoiteseuranta"].title = "Tavoitteet 2025"  # openpyxl keeps the sheet-level marker with the sheet
    ws = wb["Tavoitteet 2025"]
    header = next(r for r in ws.iter_rows() if any(c.value == "Tila" for c in r))
    tila = next(c.column for c in header if c.value == "Tila")
    ws.cell(row=header[0].row + 2, column=tila, value="Toteutunut")
    wb.save(path)
    cli("goals", str(path), "--in-place")
    wb = openpyxl.load_workbook(path)
    assert "Tavoiteseuranta" not in wb.sheetnames and "Tavoitteet 2025" in wb.sheetnames
    assert wb["Tavoitteet 2025"].cell(row=header[0].row + 2, column=tila).value == "Toteutunut"


def test_sheet_written_before_markers_is_replaced_in_place(example_built: Path, tmp_path: Path) -> None:
    """A Laskelmat sheet written by the earlier writer (or the Excel buttons) has no marker: its header
    text makes it the tool's, so it is replaced, not duplicated."""
    from xl_seuranta.io.openpyxl_writer import apply_plans_to_workbook

    path = tmp_path / "vanha.xlsx"
    wb = openpyxl.load_workbook(example_built)
    apply_plans_to_workbook(wb, services.compute_plans(read_workbook(example_built)))
    wb.save(path)
    assert not any(g.tool_sheet for g in read_workbook(path))
    out = cli("compute", str(path), "--in-place")
    assert "(2)" not in out
    assert openpyxl.load_workbook(path).sheetnames.count("Laskelmat") == 1
    assert {g.name: g.tool_sheet for g in read_workbook(path)}["Laskelmat"] == "Laskelmat"


# ------------------------------------------------------------------------------- formats


def test_xlsm_written_as_xlsx_drops_the_vba_and_says_so(hostile: dict[str, Path], tmp_path: Path) -> None:
    src = tmp_path / "makrot.xlsm"
    shutil.copyfile(hostile[".xlsm"], src)
    before = parts(src)
    out = tmp_path / "tulos.xlsx"
    stdout = cli("compute", str(src), "-o", str(out))
    assert "VBA" in stdout and ".xlsx" in stdout
    assert parts(src) == before  # the source is untouched
    assert_user_parts_identical(before, out, vba_kept=False)
    with zipfile.ZipFile(out) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    assert "macroEnabled" not in types and "vbaProject" not in types and "vbaProject" not in rels
    assert "spreadsheetml.sheet.main+xml" in types
    assert "Laskelmat" in openpyxl.load_workbook(out).sheetnames
    # and the other way: an .xlsx written as .xlsm gets the macro content type (Excel checks it)
    xlsm = tmp_path / "tulos.xlsm"
    cli("goals", str(out), "-o", str(xlsm))
    with zipfile.ZipFile(xlsm) as z:
        assert "sheet.macroEnabled.main+xml" in z.read("[Content_Types].xml").decode()


def test_unwritable_packages_get_a_clear_message(example_built: Path, tmp_path: Path) -> None:
    import msoffcrypto.format.ooxml as ooxml

    encrypted = tmp_path / "salattu.xlsx"
    with open(example_built, "rb") as plain, open(encrypted, "wb") as out:
        ooxml.OOXMLFile(plain).encrypt("salasana", out)
    plans = services.compute_plans(read_workbook(example_built))
    from xl_seuranta.io.openpyxl_writer import WorkbookWriteError
    from xl_seuranta.io.workbook_writer import write_plans_to_file

    before = encrypted.read_bytes()
    with pytest.raises(WorkbookWriteError, match="salattu"):
        write_plans_to_file(encrypted, plans)
    assert encrypted.read_bytes() == before

    strict = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(example_built) as zin, zipfile.ZipFile(strict, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(MAIN_NS.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
            zout.writestr(item, data)
    before = strict.read_bytes()
    with pytest.raises(WorkbookWriteError, match="Strict Open XML"):
        write_plans_to_file(strict, plans)
    assert strict.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["salattu.xlsx", "strict.xlsx"]


# ------------------------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_opens_and_prints_the_result(hostile: dict[str, Path], tmp_path: Path) -> None:
    from render_pages import to_pdf

    files = []
    for suffix in (".xlsx", ".xlsm"):
        path = tmp_path / f"kirja{suffix}"
        shutil.copyfile(hostile[suffix], path)
        for kind in ("compute", "goals", "run", "goals"):
            step(kind, path)
        files.append(path)
    for pdf in to_pdf(files, tmp_path / "pdf"):
        import subprocess

        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        for expected in ("Tarkistuksen tulokset", "Laskelmat – Kemijärvi", "Tavoiteseuranta – Kemijärvi"):
            assert expected in flat, (pdf.name, expected)
        assert "Luvut tarkastettu 1.7.2025" in flat  # the user's shape is still drawn
        assert "Omat kaavat" in flat


@pytest.mark.libreoffice
def test_generated_pages_look_as_with_the_old_writer(example_built: Path, tmp_path: Path) -> None:
    """The same plans through the old writer (openpyxl load + save) and the splicer: same page images."""
    import datetime as dt

    from render_pages import compare_pages, only_sheets_visible, page_images, to_pdf

    from xl_seuranta.io.openpyxl_writer import apply_plans_to_workbook
    from xl_seuranta.io.workbook_writer import write_plans_to_file

    grids = read_workbook(example_built)
    now = dt.datetime(2025, 8, 15, 9, 30)
    plans = services.check_plans(grids, source_name="k.xlsx", now=now)[0]
    plans += services.compute_plans(grids) + services.goal_plans(grids)
    old = tmp_path / "old.xlsx"
    wb = openpyxl.load_workbook(example_built)
    apply_plans_to_workbook(wb, plans)
    wb.save(old)
    new = write_plans_to_file(example_built, plans, tmp_path / "new.xlsx").path
    shown = [only_sheets_visible(p, GENERATED, tmp_path / f"shown_{p.name}") for p in (old, new)]
    old_pdf, new_pdf = to_pdf(shown, tmp_path / "pdf")
    old_pages, new_pages = page_images(old_pdf), page_images(new_pdf)
    assert len(old_pages) == len(new_pages) >= 6
    for i, (a, b) in enumerate(zip(old_pages, new_pages, strict=True)):
        changed = compare_pages(a, b)
        assert changed < 0.002, f"page {i + 1}: {changed:.2%} of the pixels differ"


_APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application>\
<HeadingPairs><vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>Laskentataulukot</vt:lpstr></vt:variant>\
<vt:variant><vt:i4>{n}</vt:i4></vt:variant><vt:variant><vt:lpstr>Nimetyt alueet</vt:lpstr></vt:variant><vt:variant>\
<vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="{size}" baseType="lpstr">\
{titles}<vt:lpstr>Summa</vt:lpstr></vt:vector></TitlesOfParts></Properties>"""


def test_sheet_titles_in_document_properties_follow_the_sheets(example_built: Path, tmp_path: Path) -> None:
    """Excel lists the sheet names in docProps/app.xml; the list is updated, the other groups kept."""
    names = openpyxl.load_workbook(example_built).sheetnames
    titles = "".join(f"<vt:lpstr>{n}</vt:lpstr>" for n in names)
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(example_built) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "docProps/app.xml":
                data = _APP_XML.format(n=len(names), size=len(names) + 1, titles=titles).encode()
            zout.writestr(item, data)
    cli("compute", str(path), "--in-place")
    with zipfile.ZipFile(path) as z:
        app_xml = etree.fromstring(z.read("docProps/app.xml"))
    vt = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
    listed = [t.text for t in app_xml.iter(f"{vt}lpstr")]
    assert listed == ["Laskentataulukot", "Nimetyt alueet", *names, "Laskelmat", "Yhteenveto", "Summa"]
    assert [i.text for i in app_xml.iter(f"{vt}i4")] == [str(len(names) + 2), "1"]
