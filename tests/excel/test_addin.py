"""The desktop add-in build: reproducible bytes, ribbon wiring, VBA source, config sheet."""

from __future__ import annotations

import importlib.util
import os
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

# the remote engine registers at `import xlwings` only with a licence key (shared pytest process)
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import ms_ovba  # noqa: E402, F401  (dev extra: builds vbaProject.bin; a missing one must fail, not skip)
from oletools import olevba  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CUI = "{http://schemas.microsoft.com/office/2006/01/customui}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TAGS = {
    "Tarkista": "tarkista",
    "Laske": "laske",
    "Tavoitteet": "tavoitteet",
    "Päivitä kaikki": "paivita_kaikki",
    "Tuo funktiot": "tuo_funktiot",
    "Ohje": "ohje",
    "Testaa asennus": "testaa_asennus",
}


def _load_build_module():
    spec = importlib.util.spec_from_file_location("build_addin", ROOT / "scripts" / "build_addin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_addin = _load_build_module()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("addin")
    first = build_addin.build(base / "one" / "xl_seuranta.xlam", export_vba=base / "vba")
    second = build_addin.build(base / "two" / "xl_seuranta.xlam")
    return first, second


def test_build_is_reproducible(built):
    first, second = built
    assert first.read_bytes() == second.read_bytes()


def test_zip_entries_sorted_with_fixed_metadata(built):
    with zipfile.ZipFile(built[0]) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert "xl/vbaProject.bin" in names
        assert zf.testzip() is None


def test_ribbon_has_seven_buttons_wired_to_dispatcher(built):
    with zipfile.ZipFile(built[0]) as zf:
        rels = ET.fromstring(zf.read("_rels/.rels"))
        targets = {r.get("Target"): r.get("Type") for r in rels}
        assert targets["customUI/customUI.xml"].endswith("/ui/extensibility")
        ui = ET.fromstring(zf.read("customUI/customUI.xml"))
    tabs = ui.findall(f".//{CUI}tab")
    assert [t.get("label") for t in tabs] == ["Seuranta"]
    buttons = ui.findall(f".//{CUI}button")
    assert {b.get("label"): b.get("tag") for b in buttons} == TAGS
    assert {b.get("onAction") for b in buttons} == {"OnAction"}
    assert len({b.get("id") for b in buttons}) == 7


def _vba_sources(path: Path) -> dict[str, str]:
    parser = olevba.VBA_Parser(str(path))
    try:
        return {name: code for (_, _, name, code) in parser.extract_macros()}
    finally:
        parser.close()


def test_vba_readable_and_identical_to_sources(built):
    sources = _vba_sources(built[0])
    seuranta = sources["Seuranta.bas"]
    assert "Public Sub OnAction(control As IRibbonControl)" in seuranta
    assert 'RunPython "import xl_seuranta.app.macros as m; m.run_button(\'"' in seuranta
    assert "ImportPythonUDFsToAddin" in seuranta
    assert 'PROJECT_NAME As String = "xl_seuranta"' in sources["xlwings.bas"]
    assert "Public Function RunPython(" in sources["xlwings.bas"]
    for name, text in build_addin.vba_modules().items():
        got = sources[f"{name}.bas"].replace("\r\n", "\n").rstrip("\n")
        assert got == text.replace("\r\n", "\n").rstrip("\n"), name


def test_every_ribbon_tag_is_dispatched():
    """Each tag has a Case in Seuranta.RunTag, and the tags VBA hands to Python have a macro."""
    from xl_seuranta.app.macros import BUTTONS

    seuranta = (ROOT / "xl_seuranta" / "vba" / "Seuranta.bas").read_text(encoding="ascii")
    cases = set(re.findall(r'"([a-z_]+)"', "\n".join(re.findall(r"^\s*Case (.+)$", seuranta, re.M))))
    assert set(TAGS.values()) <= cases
    in_python = {tag for tag in TAGS.values() if tag != "tuo_funktiot"}  # VBA-only: xlwings imports UDFs
    assert in_python <= set(BUTTONS)
    assert "m.run_button('testaa_asennus', addin_hex='\" & _" in seuranta
    assert "HexUtf16(ThisWorkbook.FullName)" in seuranta


def test_custom_properties_name_the_dll_the_embedded_vba_declares(built):
    """The doctor reads the DLL name from docProps/custom.xml: it must be what the VBA will load."""
    from xl_seuranta.io.addin_file import read_addin

    vba = _vba_sources(built[0])["xlwings.bas"]
    declared = re.search(r'Const XLPyDLLName As String = "(xlwings64-[^"]+\.dll)"', vba).group(1)
    props = read_addin(built[0]).properties
    assert props["xlwings DLL"] == declared == f"xlwings64-{build_addin.xlwings_version()}.dll"
    assert props["xlwings"] == build_addin.xlwings_version()
    assert props["xl-seuranta"] == build_addin.package_version()
    with zipfile.ZipFile(built[0]) as zf:
        assert "/docProps/custom.xml" in zf.read("[Content_Types].xml").decode()
        assert 'Target="docProps/custom.xml"' in zf.read("_rels/.rels").decode()


def test_vba_sources_are_ascii():
    # The VBA editor imports .bas files in the ANSI code page: keep them ASCII (see Seuranta.Fi).
    for path in (ROOT / "xl_seuranta" / "vba").glob("*.bas"):
        path.read_text(encoding="ascii")


def test_exported_vba_matches_embedded(built, tmp_path):
    exported = built[0].parent.parent / "vba"
    assert sorted(p.name for p in exported.glob("*.bas")) == ["Seuranta.bas", "xlwings.bas"]
    assert b"\r\n" in (exported / "Seuranta.bas").read_bytes()


def _config(zf: zipfile.ZipFile) -> dict[str, object]:
    sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    rows: dict[str, object] = {}
    for row in sheet.iter(f"{MAIN}row"):
        cells = {}
        for c in row.iter(f"{MAIN}c"):
            text = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
            v = c.find(f"{MAIN}v")
            cells[c.get("r")[0]] = (v.text == "1") if c.get("t") == "b" else text
        rows[cells["A"]] = cells.get("B", "")
    return rows


def test_active_config_sheet(built):
    with zipfile.ZipFile(built[0]) as zf:
        wb = ET.fromstring(zf.read("xl/workbook.xml"))
        names = [s.get("name") for s in wb.iter(f"{MAIN}sheet")]
        assert names == ["xl_seuranta.conf"]
        conf = _config(zf)
        content_types = zf.read("[Content_Types].xml").decode()
    assert conf["Interpreter_Win"] == r"%LOCALAPPDATA%\xl-seuranta\venv\Scripts\pythonw.exe"
    assert conf["UDF Modules"] == "xl_seuranta.app.udfs"
    assert "PYTHONPATH" in conf
    assert conf["Use UDF Server"] is False
    assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in content_types


@pytest.mark.parametrize("size", [0, 1, 100, 4095, 4096, 4097, 20000])
def test_ovba_compression_roundtrip(size):
    text = (Path(build_addin.__file__).read_bytes() * 10)[:size]
    assert olevba.decompress_stream(bytearray(build_addin.ovba_compress(text))) == text


def test_committed_addin_is_current(built):
    """workbook/xl_seuranta.xlam is what the build script makes from the sources in the repo."""
    first, _ = built
    assert (ROOT / "workbook" / "xl_seuranta.xlam").read_bytes() == first.read_bytes()
