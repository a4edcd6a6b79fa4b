"""Guards before reading: what a file is, whether it is safe to read, and what the sheet XML holds.

The stream over the sheet XML must agree with two independent readings: an ElementTree parse of the
same XML (value cells and formulas without a value) and python-calamine's own extent (the rectangle
it allocates), on the shapes different programs write: openpyxl, LibreOffice, a namespace prefix,
cells without an address.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import hostile_files as hostile
import pytest
from lo_recalc import recalculate
from python_calamine import CalamineWorkbook

from xl_seuranta.domain.grid import col_number
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.guards import Limits, inspect_file, worksheet_parts
from xl_seuranta.io.read_errors import WorkbookReadError

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _oracle(xml: bytes) -> tuple[int, int, int, set[tuple[int, int]]]:
    """Last value row/column, value count and formulas without a value, by a full ElementTree parse."""
    root = ET.fromstring(xml)
    last_row = last_col = values = 0
    uncached = set()
    row_no = 0
    for row in root.iter(f"{MAIN}row"):
        row_no = int(row.get("r")) if row.get("r") else row_no + 1
        col_no = 0
        for c in row.findall(f"{MAIN}c"):
            ref = c.get("r")
            if ref:
                m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
                col_no, row_no = col_number(m.group(1)), int(m.group(2))
            else:
                col_no += 1
            v, f, inline = c.find(f"{MAIN}v"), c.find(f"{MAIN}f"), c.find(f"{MAIN}is")
            if inline is not None or (v is not None and (v.text or "").strip()):
                values += 1
                last_row, last_col = max(last_row, row_no), max(last_col, col_no)
            elif f is not None:
                uncached.add((row_no, col_no))
    return last_row, last_col, values, uncached


def _variants(src: Path, tmp: Path) -> dict[str, Path]:
    """The same workbook as different programs write it."""
    out = {"openpyxl": src}
    if shutil.which("soffice"):  # LibreOffice's own shape: shared strings, styles, spans on rows
        out["libreoffice"] = recalculate(src, tmp / "lo")

    def rewrite(name: str, change) -> None:
        dst = tmp / f"{name}.xlsx"
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename.startswith("xl/worksheets/sheet"):
                    data = change(data.decode()).encode()
                zout.writestr(item.filename, data)
        out[name] = dst

    # A namespace prefix on every element (some .NET libraries write <x:c>).
    def prefixed(xml: str) -> str:
        xml = xml.replace('xmlns="http://schemas', 'xmlns:x="http://schemas', 1)
        return re.sub(r"<(/?)(?!\?)([A-Za-z])", r"<\1x:\2", xml)

    rewrite("prefixed", prefixed)

    # Spellings the common-shape reading must hand to the general scanner (calamine reads them all):
    # a line break after the element name, cells and values under a second prefix of the main
    # namespace while the root has none, indented cell content.
    rewrite("line_breaks", lambda xml: xml.replace("<c r=", "<c\nr="))

    def second_prefix(xml: str) -> str:
        xml = xml.replace(
            'xmlns="http://schemas',
            'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns="http://schemas',
            1,
        )
        for tag in ("c", "v", "is", "t", "f"):
            xml = re.sub(rf"<(/?){tag}([ >/])", rf"<\1x:{tag}\2", xml)
        return xml

    rewrite("second_prefix", second_prefix)
    rewrite("indented", lambda xml: re.sub(r"(<c [^>]*[^/]>)(<[vfi])", r"\1\n  \2", xml))
    # Cells without their r attribute (allowed: the position follows from the order).
    rewrite("no_refs", lambda xml: re.sub(r'(<c) r="[A-Z]+\d+"', r"\1", xml))
    # Formulas saved without values in the middle of the data, and one shared formula.
    rewrite(
        "formulas",
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="300"><c r="B300"><f>1+1</f></c>'
            '<c r="C300"><f t="shared" si="0" ref="C300:C301"/><v></v></c><c r="D300"><f>2</f><v>2</v></c></row>'
            "</sheetData>",
        ),
    )
    return out


def test_scan_agrees_with_elementtree_and_calamine(tmp_path: Path, example_built: Path) -> None:
    checked = 0
    for name, path in _variants(example_built, tmp_path).items():
        inspection = inspect_file(path)
        with zipfile.ZipFile(path) as z:
            parts = dict(worksheet_parts(z, path))
            xml = {sheet: z.read(part) for sheet, part in parts.items()}
        wb = CalamineWorkbook.from_path(str(path)) if name != "prefixed" else None
        for scan in inspection.sheets:
            last_row, last_col, values, uncached = _oracle(xml[scan.name])
            assert (scan.last_row, scan.last_col, scan.values) == (last_row, last_col, values), (
                name,
                scan.name,
            )
            assert scan.uncached == uncached, (name, scan.name)
            if wb is not None:  # calamine's rectangle is exactly what the guard limits
                rows = wb.get_sheet_by_name(scan.name).to_python(skip_empty_area=False)
                assert (len(rows), len(rows[0]) if rows else 0) == (scan.last_row, scan.last_col), name
            checked += 1
    assert checked >= 7 * 7


@pytest.mark.parametrize("spelling", ["<c\nr=", "<c\tr=", "<x:c r="])
def test_stray_cell_in_another_spelling_is_refused(
    tmp_path: Path, example_built: Path, spelling: str
) -> None:
    """A far cell spelled otherwise than ``<c r=`` is still seen (calamine would read it)."""
    path = hostile.stray_cell(example_built, tmp_path / "harha.xlsx", "XFD1048576")

    def respell(xml: str) -> str:
        xml = xml.replace(
            '<c r="XFD1048576" t="n"><v>1</v></c>', spelling + '"XFD1048576" t="n"><v>1</v></c>'
        )
        if spelling.startswith("<x:"):
            xml = xml.replace(
                'xmlns="http://schemas',
                'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns="http://schemas',
                1,
            ).replace('"XFD1048576" t="n"><v>1</v></c>', '"XFD1048576" t="n"><x:v>1</x:v></x:c>')
        return xml

    respelled = _rewrite_part(
        path, tmp_path / "toisin.xlsx", "xl/worksheets/sheet1.xml", lambda b: respell(b.decode()).encode()
    )
    assert b"XFD1048576" in zipfile.ZipFile(respelled).read("xl/worksheets/sheet1.xml")
    with pytest.raises(WorkbookReadError) as err:
        inspect_file(respelled)
    assert err.value.kind == "stray_cell" and err.value.params["cell"] == "XFD1048576"


def test_uncached_formulas_reach_the_grids(tmp_path: Path, example_built: Path) -> None:
    path = _variants(example_built, tmp_path)["formulas"]
    grids = {g.name: g for g in read_workbook(path)}
    first = next(iter(grids.values()))
    assert first.uncached_formulas == {(300, 2), (300, 3)}


def test_lying_dimension_and_trailing_formatting_cost_nothing(tmp_path: Path, example_built: Path) -> None:
    original = [(g.name, g.rows) for g in read_workbook(example_built)]
    for make in (hostile.lying_dimension, hostile.trailing_format):
        path = make(example_built, tmp_path / f"{make.__name__}.xlsx")
        inspection = inspect_file(path)
        assert inspection.cells == inspect_file(example_built).cells
        assert [(g.name, g.rows) for g in read_workbook(path)] == original


@pytest.mark.parametrize(
    ("ref", "rows", "cols"),
    [("XFD1048576", 1_048_576, 16_384), ("A1048576", 1_048_576, 4), ("ZZZZ30", 30, 475_254)],
)
def test_stray_cell_is_named_and_refused(
    tmp_path: Path, example_built: Path, ref: str, rows: int, cols: int
) -> None:
    path = hostile.stray_cell(example_built, tmp_path / "harha.xlsx", ref)
    with pytest.raises(WorkbookReadError) as err:
        read_workbook(path)
    e = err.value
    assert e.kind == "stray_cell" and e.params["cell"] == ref
    assert (e.params["rows"], e.params["cols"]) == (rows, cols)
    assert "Ctrl+End" in e.message("fi") and "Ctrl+End" in e.message("en")
    assert "solussa " + ref in e.message("fi") and f"is in {ref}" in e.message("en")


def test_limits_are_settable(tmp_path: Path, example_built: Path) -> None:
    # A dense workbook over a low cell limit: the size is named, not a stray cell.
    with pytest.raises(WorkbookReadError) as err:
        inspect_file(example_built, Limits(max_cells=500))
    assert err.value.kind == "too_many_cells" and "--max-cells" in err.value.message("fi")
    with pytest.raises(WorkbookReadError) as err:
        inspect_file(example_built, Limits(max_file_mb=0.001))
    assert err.value.kind == "too_big_file" and "--max-mb" in err.value.message("en")
    # The same stray cell is read once the limit allows it (it is the rectangle that counts).
    path = hostile.stray_cell(example_built, tmp_path / "harha.xlsx", "A5000")
    assert inspect_file(path, Limits(max_cells=5000 * 7)).sheets[0].last_row == 5000
    with pytest.raises(WorkbookReadError):
        inspect_file(path, Limits(max_cells=5000 * 3))


def test_zip_bomb_by_size_and_by_ratio(tmp_path: Path, example_built: Path) -> None:
    big = hostile.zip_bomb(example_built, tmp_path / "pommi.xlsx", unpacked_mb=210)
    assert big.stat().st_size < 1024 * 1024
    with pytest.raises(WorkbookReadError) as err:
        inspect_file(big)
    assert err.value.kind == "too_big_unpacked" and err.value.params["size"] > 200
    small = hostile.zip_bomb(example_built, tmp_path / "pieni_pommi.xlsx", unpacked_mb=3)
    with pytest.raises(WorkbookReadError) as err:
        inspect_file(small)
    assert err.value.kind == "zip_bomb" and err.value.params["part"] == "xl/worksheets/sheet1.xml"
    assert err.value.params["ratio"] > 100
    assert inspect_file(small, Limits(max_ratio=10_000)).sheets  # settable: read when allowed


def test_what_the_file_is(tmp_path: Path, example_built: Path) -> None:
    cases = {
        "katkennut.xlsx": (hostile.corrupt_zip(example_built, tmp_path / "katkennut.xlsx"), "corrupt_zip"),
        "salattu.xlsx": (hostile.encrypted(example_built, tmp_path / "salattu.xlsx"), "encrypted"),
        "tyhja.xlsx": (hostile.empty(tmp_path / "tyhja.xlsx"), "empty"),
        "csv.xlsx": (hostile.text_named_xlsx(tmp_path / "csv.xlsx"), "text"),
        "sivu.xls": (hostile.html_named_xls(tmp_path / "sivu.xls"), "html"),
    }
    docx = tmp_path / "muistio.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    cases["muistio.xlsx"] = (docx, "other_office")
    for name, (path, kind) in cases.items():
        with pytest.raises(WorkbookReadError) as err:
            read_workbook(path)
        assert err.value.kind == kind, name
        assert name in err.value.message("fi") and name in err.value.message("en")
    enc = pytest.raises(WorkbookReadError, read_workbook, cases["salattu.xlsx"][0]).value
    assert "salasana" in enc.message("fi") and "password" in enc.message("en")


def test_library_words_only_when_verbose(tmp_path: Path, example_built: Path) -> None:
    path = hostile.corrupt_zip(example_built, tmp_path / "katkennut.xlsx")
    err = pytest.raises(WorkbookReadError, read_workbook, path).value
    assert err.detail and err.detail not in err.message("fi")
    assert err.detail in err.message("fi", verbose=True)
    assert "EOCD" not in err.message("en") and "zip" in err.message("en")


def test_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "putki.xlsx"
    os.mkfifo(fifo)  # opening it would block: the guard must not
    err = pytest.raises(WorkbookReadError, read_workbook, fifo).value
    assert err.kind == "not_regular" and "putki" in err.message("fi") and "pipe" in err.message("en")
    err = pytest.raises(WorkbookReadError, read_workbook, tmp_path).value
    assert err.kind == "not_regular" and "kansio" in err.message("fi")
    err = pytest.raises(WorkbookReadError, read_workbook, tmp_path / "puuttuu.xlsx").value
    assert err.kind == "not_found"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice to save an .xls")
def test_legacy_xls_is_read_and_a_broken_one_explained(tmp_path: Path, example_built: Path) -> None:
    xls = hostile.legacy_xls(example_built, tmp_path / "vanha.xls")
    assert xls is not None and inspect_file(xls).kind == "xls"
    assert {g.name for g in read_workbook(xls)} == {g.name for g in read_workbook(example_built)}
    renamed = tmp_path / "vanha_nimetty.xlsx"
    shutil.copyfile(xls, renamed)
    assert pytest.raises(WorkbookReadError, read_workbook, renamed).value.kind == "xls_renamed"
    broken = hostile.broken_xls(xls, tmp_path / "rikki.xls")
    err = pytest.raises(WorkbookReadError, read_workbook, broken).value
    assert err.kind == "xls" and ".xlsx" in err.message("fi")


def _rewrite_part(src: Path, dst: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item.filename, change(data) if item.filename == part else data)
    return dst


def test_package_facts_shortcut_only_where_there_is_nothing_to_find(
    tmp_path: Path, example_built: Path
) -> None:
    """The reader skips re-opening the package only when the full look would find no tool marker and
    no cell note; on every file that has one (written plainly or awkwardly) it takes the full look."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment

    from xl_seuranta.io.file_reader import _no_package_facts, _package_facts

    marker = (
        b'<definedNames><definedName name="xlseuranta_sheet" localSheetId="0" hidden="1">'
        b"&quot;Laskelmat&quot;</definedName></definedNames>"
    )
    escaped = marker.replace(b"xlseuranta", b"&#120;lseuranta")

    def with_names(names: bytes):
        return lambda xml: xml.replace(b"</sheets>", b"</sheets>" + names, 1)

    noted = tmp_path / "noted.xlsx"
    wb = load_workbook(example_built)
    wb.worksheets[1]["B2"].comment = Comment("Tarkistettu.", "Liisa")
    wb.save(noted)
    files = {
        "example": example_built,
        "marker": _rewrite_part(example_built, tmp_path / "m.xlsx", "xl/workbook.xml", with_names(marker)),
        "escaped marker": _rewrite_part(
            example_built, tmp_path / "e.xlsx", "xl/workbook.xml", with_names(escaped)
        ),
        "notes": noted,
    }
    taken = set()
    for name, path in files.items():
        facts = _package_facts(path)
        if _no_package_facts(inspect_file(path)):
            taken.add(name)
            assert facts == ({}, {}), name
        else:
            assert facts != ({}, {}), name  # the full look was needed: it finds something
    assert taken == {"example"}
    roles = {g.name: g.tool_sheet for g in read_workbook(files["escaped marker"])}
    assert roles[read_workbook(example_built)[0].name] == "Laskelmat"


def test_an_inspection_made_elsewhere_is_used_only_while_the_file_is_unchanged(
    tmp_path: Path, example_built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch inspects a worker's first file in the parent and hands the inspection on. The worker
    must not inspect again for nothing, and must never trust an inspection of a file saved over since
    (here with a stray far cell that the old inspection never saw)."""
    from xl_seuranta.io import file_reader

    path = tmp_path / "kirja.xlsx"
    shutil.copy(example_built, path)
    inspection = inspect_file(path)
    with monkeypatch.context() as m:
        m.setattr(file_reader, "inspect_file", lambda *a, **k: pytest.fail("inspected again"))
        grids = read_workbook(path, inspection=inspection)
    assert [g.name for g in grids] == [g.name for g in read_workbook(example_built)]
    hostile.stray_cell(example_built, tmp_path / "harha.xlsx", "A1048576")
    os.replace(tmp_path / "harha.xlsx", path)
    with pytest.raises(WorkbookReadError) as err:
        read_workbook(path, inspection=inspection)
    assert err.value.kind == "stray_cell"
