"""Build the desktop Excel add-in workbook/xl_seuranta.xlam on any OS, reproducibly.

    python scripts/build_addin.py [--out workbook/xl_seuranta.xlam] [--export-vba DIR]

What goes in (and nothing else, so the same inputs give the same bytes):

* ``xl_seuranta/addin/customUI.xml``: the "Seuranta" ribbon tab, wired via ``_rels/.rels``;
* ``xl_seuranta/vba/*.bas``: our VBA (the ``OnAction`` dispatcher that calls ``RunPython``);
* the ``xlwings`` VBA module of the *installed* xlwings package (``xlwings_custom_addin.bas``,
  BSD 3-clause) with ``PROJECT_NAME`` set to ``xl_seuranta``: it provides ``RunPython``,
  ``ImportPythonUDFsToAddin`` and reads the config sheet ``xl_seuranta.conf``. It declares the
  versioned DLL ``xlwings64-<version>.dll``, so the users' Python must have the same xlwings
  version as the one this script ran with (it is written into the config sheet and the file
  properties);
* the config sheet ``xl_seuranta.conf`` (active: no leading underscore) with the keys below;
* custom document properties (``docProps/custom.xml``) naming the xl-seuranta version and the DLL
  the embedded xlwings VBA declares, read back from that VBA text: ``xl-seuranta doctor`` and the
  ribbon's *Testaa asennus* compare them with the installed packages without parsing VBA.

``xl/vbaProject.bin`` is generated from those sources with ``ms-ovba`` (PyPI, MIT): source only, no
compiled p-code, so Excel compiles the modules when it opens the add-in (UNVERIFIED in real
Excel). The template ``quickstart_addin_ribbon.xlam`` of xlwings is not reused: its VBA has a single
callback (``RibbonMyAddin.RunMain``) and ``PROJECT_NAME = "myaddin"``.

Reproducibility: fixed zip timestamps (1980-01-01), sorted entry names, DEFLATE level 9, no
host-dependent attributes, fixed VBA project id and OLE timestamps.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "xl_seuranta"
CUSTOM_UI = PACKAGE / "addin" / "customUI.xml"
VBA_DIR = PACKAGE / "vba"
DEFAULT_OUT = ROOT / "workbook" / "xl_seuranta.xlam"

PROJECT_NAME = "xl_seuranta"
CONF_SHEET = f"{PROJECT_NAME}.conf"
VBA_PROJECT_ID = "{6B1F0D2E-5C1A-4E0B-9D43-2F61C3A5E7B1}"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CODEPAGE = "cp1252"

#: Config sheet rows (key in column A, value in column B); keys as the xlwings VBA reads them
#: (case-insensitive). Environment variables such as %LOCALAPPDATA% are expanded by the VBA.
CONFIG: list[tuple[str, str | bool]] = [
    ("Interpreter_Win", r"%LOCALAPPDATA%\xl-seuranta\venv\Scripts\pythonw.exe"),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("UDF Modules", "xl_seuranta.app.udfs"),
    ("Use UDF Server", False),
    ("Show Console", False),
]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xlwings_version() -> str:
    import xlwings

    return xlwings.__version__


def xlwings_vba_module() -> str:
    """The installed xlwings' add-in VBA module, configured for this add-in's project name."""
    import xlwings

    src = Path(xlwings.__file__).with_name("xlwings_custom_addin.bas").read_text(encoding="utf-8")
    old = 'PROJECT_NAME As String = "myaddin"'
    if old not in src:
        raise SystemExit(
            'xlwings_custom_addin.bas has no PROJECT_NAME = "myaddin": check the xlwings version'
        )
    return src.replace(old, f'PROJECT_NAME As String = "{PROJECT_NAME}"')


_DLL_RE = re.compile(r'Const XLPyDLLName As String = "(xlwings64-([^"]+)\.dll)"')


def declared_dll(xlwings_module: str) -> tuple[str, str]:
    """(64-bit DLL name, its xlwings version) as declared by the xlwings VBA module's text.

    Taken from the VBA itself rather than from the installed package, so that the recorded name is
    the one Excel will look for.
    """
    m = _DLL_RE.search(xlwings_module)
    if m is None:
        raise SystemExit(
            "the xlwings VBA module declares no xlwings64-<version>.dll: check the xlwings version"
        )
    return m.group(1), m.group(2)


def vba_modules() -> dict[str, str]:
    """Module name -> source text, in a fixed order (xlwings first, then ours sorted by name)."""
    modules = {"xlwings": xlwings_vba_module()}
    for path in sorted(VBA_DIR.glob("*.bas")):
        modules[path.stem] = path.read_text(encoding="utf-8")
    return modules


def _crlf(text: str) -> bytes:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return ("\r\n".join(lines) + "\r\n").encode(CODEPAGE)


_DOC_MODULE = """Attribute VB_Name = "{name}"
Attribute VB_Base = "0{{{guid}}}"
Attribute VB_GlobalNameSpace = False
Attribute VB_Creatable = False
Attribute VB_PredeclaredId = True
Attribute VB_Exposed = True
Attribute VB_TemplateDerived = False
Attribute VB_Customizable = True
"""


def ovba_compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 compression (the format of VBA source streams and of the dir stream).

    Written here because ms-ovba-compression 1.0.1 produces corrupt streams for inputs longer than
    about a hundred bytes (its own decompressor and olevba both fail on them). Deterministic:
    always the longest, then nearest, match.
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        out += _compress_chunk(data[start : start + 4096])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    positions: dict[bytes, list[int]] = {}
    pos, n = 0, len(chunk)
    while pos < n:
        flag_at = len(body)
        body.append(0)
        for bit in range(8):
            if pos >= n:
                break
            bit_count = 4
            while (1 << bit_count) < pos:
                bit_count += 1
            max_len = (0xFFFF >> bit_count) + 3
            best_len, best_off = 0, 0
            for cand in reversed(positions.get(chunk[pos : pos + 3], [])):
                length = 0
                limit = min(max_len, n - pos)
                while length < limit and chunk[cand + length] == chunk[pos + length]:
                    length += 1
                if length > best_len:
                    best_len, best_off = length, pos - cand
                    if length == limit:
                        break
            if best_len >= 3:
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                body += token.to_bytes(2, "little")
                body[flag_at] |= 1 << bit
                step = best_len
            else:
                body.append(chunk[pos])
                step = 1
            for i in range(pos, pos + step):
                if i + 3 <= n:
                    positions.setdefault(chunk[i : i + 3], []).append(i)
            pos += step
    if len(body) > 4096:
        if n != 4096:
            raise ValueError("incompressible VBA chunk shorter than 4096 bytes")
        return (0x3000 | 0x0FFF).to_bytes(2, "little") + chunk
    header = 0x8000 | 0x3000 | ((len(body) + 2 - 3) & 0x0FFF)
    return header.to_bytes(2, "little") + bytes(body)


def build_vba_project(modules: dict[str, str]) -> bytes:
    """vbaProject.bin (OLE compound file) from VBA source modules, with ms-ovba."""
    try:
        import ms_ovba  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit("ms-ovba is needed to build the add-in: pip install ms-ovba") from exc

    # ms-ovba-crypto draws the CMG/DPB/GC obfuscation seeds from the global `random`: seed it so
    # that the same sources give the same bytes, and restore the caller's random state afterwards.
    from ms_ovba_compression.ms_ovba import MsOvba

    state = random.getstate()
    original = MsOvba.compress
    random.seed(VBA_PROJECT_ID)
    MsOvba.compress = lambda self, data: ovba_compress(data)  # see ovba_compress()
    try:
        return _build_vba_project(modules)
    finally:
        MsOvba.compress = original
        random.setstate(state)


def _build_vba_project(modules: dict[str, str]) -> bytes:
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        # ms-ovba writes its intermediate files and vbaProject.bin into the current directory.
        project = VbaProject()
        project.project_id = VBA_PROJECT_ID
        project.codepage_name = CODEPAGE
        docs = [
            ("ThisWorkbook", "00020819-0000-0000-C000-000000000046"),
            ("Sheet1", "00020820-0000-0000-C000-000000000046"),
        ]
        for name, guid in docs:
            mod = DocModule(name)
            path = Path(tmp) / f"{name}.cls"
            # written directly in the form ms-ovba's normalize_file() would produce
            Path(f"{path}.new").write_bytes(_crlf(_DOC_MODULE.format(name=name, guid=guid)))
            mod.add_file(str(path))
            mod.add_guid(uuid.UUID(guid))
            project.add_module(mod)
        for name, source in modules.items():
            mod = StdModule(name)
            path = Path(tmp) / f"{name}.bas"
            Path(f"{path}.new").write_bytes(_crlf(source))
            mod.add_file(str(path))
            project.add_module(mod)
        refs = [
            (
                "00020430-0000-0000-C000-000000000046",
                r"C:\Windows\System32\stdole2.tlb",
                "OLE Automation",
                "stdole",
            ),
            (
                "2DF8D04C-5BFA-101B-BDE5-00AA0044DE52",
                r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
                "Microsoft Office 16.0 Object Library",
                "Office",
            ),
        ]
        for guid, path, description, name in refs:
            libid = LibidReference(uuid.UUID(guid), "2.0", "0", path, description)
            project.add_reference(Reference(ReferenceRegistered(libid), name))
        ProjectOleFile.write_file(project)
        return (Path(tmp) / "vbaProject.bin").read_bytes()


def _cell(ref: str, value: str | bool) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if value == "":
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def config_sheet_xml() -> str:
    rows = []
    for i, (key, value) in enumerate(CONFIG, start=1):
        rows.append(f'<row r="{i}">{_cell(f"A{i}", key)}{_cell(f"B{i}", value)}</row>')
    return (
        f'{XML_DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        '<sheetPr codeName="Sheet1"/>'
        f'<dimension ref="A1:B{len(CONFIG)}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        '<cols><col min="1" max="1" width="22" customWidth="1"/>'
        '<col min="2" max="2" width="60" customWidth="1"/></cols>'
        f"<sheetData>{''.join(rows)}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )


def custom_properties_xml(properties: dict[str, str]) -> str:
    """docProps/custom.xml with text properties (File > Info > Properties > Advanced > Custom)."""
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        f"{XML_DECL}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{items}</Properties>"
    )


def package_parts(version: str, xlwings_ver: str, dll: str) -> dict[str, bytes]:
    """Every part of the xlam except vbaProject.bin, as bytes."""
    content_types = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        '<Override PartName="/docProps/custom.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{XML_DECL}<Relationships xmlns="{NS_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{NS_REL}/extended-properties" Target="docProps/app.xml"/>'
        '<Relationship Id="rId4" '
        'Type="http://schemas.microsoft.com/office/2006/relationships/ui/extensibility" '
        'Target="customUI/customUI.xml"/>'
        f'<Relationship Id="rId5" Type="{NS_REL}/custom-properties" Target="docProps/custom.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'{XML_DECL}<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        '<workbookPr codeName="ThisWorkbook"/>'
        '<bookViews><workbookView visibility="hidden"/></bookViews>'
        f'<sheets><sheet name="{CONF_SHEET}" sheetId="1" r:id="rId1"/></sheets>'
        '<calcPr calcId="191029"/>'
        "</workbook>"
    )
    workbook_rels = (
        f'{XML_DECL}<Relationships xmlns="{NS_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{NS_REL}/styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/>'
        "</Relationships>"
    )
    styles = (
        f'{XML_DECL}<styleSheet xmlns="{NS_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    core = (
        f"{XML_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>xl-seuranta</dc:title>"
        f"<dc:description>xl-seuranta {escape(version)} Excel add-in; "
        f"needs xlwings {escape(xlwings_ver)} in the users' Python.</dc:description>"
        "<dc:creator>xl-seuranta</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        f"{XML_DECL}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
        f"<AppVersion>16.0300</AppVersion><Company>xl-seuranta {escape(version)}</Company>"
        "</Properties>"
    )
    return {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": root_rels.encode(),
        "customUI/customUI.xml": CUSTOM_UI.read_bytes(),
        "docProps/app.xml": app.encode(),
        "docProps/core.xml": core.encode(),
        "docProps/custom.xml": custom_properties_xml(
            # names as xl_seuranta/io/addin_file.py reads them (PROP_VERSION, PROP_XLWINGS, PROP_DLL)
            {"xl-seuranta": version, "xlwings": xlwings_ver, "xlwings DLL": dll}
        ).encode(),
        "xl/_rels/workbook.xml.rels": workbook_rels.encode(),
        "xl/styles.xml": styles.encode(),
        "xl/workbook.xml": workbook.encode(),
        "xl/worksheets/sheet1.xml": config_sheet_xml().encode(),
    }


def package_version() -> str:
    sys.path.insert(0, str(ROOT))
    try:
        from xl_seuranta import __version__
    finally:
        sys.path.pop(0)
    return __version__


def write_zip(parts: dict[str, bytes], out: Path) -> None:
    """Write parts as a zip with sorted names and fixed metadata (atomic replace)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, parts[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(tmp, out)


def build(out: Path = DEFAULT_OUT, export_vba: Path | None = None) -> Path:
    """Build the add-in at ``out``; optionally write the embedded VBA modules to ``export_vba``."""
    modules = vba_modules()
    dll, dll_version = declared_dll(modules["xlwings"])
    parts = package_parts(package_version(), dll_version, dll)
    parts["xl/vbaProject.bin"] = build_vba_project(modules)
    write_zip(parts, out)
    if export_vba is not None:
        export_vba.mkdir(parents=True, exist_ok=True)
        for name, source in modules.items():
            # ANSI + CRLF: what the VBA editor's File > Import File expects
            (export_vba / f"{name}.bas").write_bytes(_crlf(source))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .xlam path")
    parser.add_argument(
        "--export-vba",
        type=Path,
        default=None,
        help="also write the embedded VBA modules (.bas) to this folder",
    )
    args = parser.parse_args(argv)
    out = build(args.out, args.export_vba)
    print(f"wrote {out} (xlwings {xlwings_version()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
