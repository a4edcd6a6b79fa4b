"""Test utility: the example workbook as a real department's file looks, with everything openpyxl drops.

Built at test time from the bundled example:

1. openpyxl adds a user's chart (Yksiköt), formulas (Käyttötalous H4:H6) and a note;
2. LibreOffice recalculates and saves it, so the formulas carry cached values and the package has the
   shape an office suite gives it (shared strings, its own styles, custom document properties);
3. package editing adds what openpyxl cannot even make: a picture (a PNG logo) and a shape with text in
   a drawing of Käyttötalous, and a custom XML part.

``make_xlsm`` turns it into a macro workbook with the real VBA project of the bundled add-in.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
from lo_recalc import recalculate
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

ROOT = Path(__file__).resolve().parents[2]
ADDIN = ROOT / "workbook" / "xl_seuranta.xlam"
PICTURE_SHEET = "Käyttötalous"
CHART_SHEET = "Yksiköt"

_DRAWING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row>\
<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>12</xdr:row>\
<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Kunnan logo" descr="logo"/>\
<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rIdLogo"/>\
<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1219200" \
cy="609600"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>\
</xdr:twoCellAnchor>
<xdr:twoCellAnchor><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>13</xdr:row><xdr:rowOff>0\
</xdr:rowOff></xdr:from><xdr:to><xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>16</xdr:row><xdr:rowOff>0\
</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Huomio"/><xdr:cNvSpPr/>\
</xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="571500"/></a:xfrm><a:prstGeom \
prst="roundRect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFE699"/></a:solidFill></xdr:spPr>\
<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="fi-FI" sz="1100"/><a:t>Luvut tarkastettu 1.7.2025</a:t>\
</a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>
</xdr:wsDr>"""

_DRAWING_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdLogo" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/logo1.png"/>\
</Relationships>"""

_CUSTOM_XML = b"""<?xml version="1.0" encoding="UTF-8"?><kunta xmlns="urn:example:kunta"><nimi>Kemij\xc3\xa4rvi</nimi></kunta>"""


def png(width: int = 40, height: int = 20) -> bytes:
    """A small RGB PNG (two coloured halves), written with zlib alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + b"".join(b"\x1f\x4e\x78" if x < width // 2 else b"\xc0\x00\x00" for x in range(width))
        for _ in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str:
    import re

    wb = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{sheet}"[^>]*r:id="(\w+)"', wb).group(1)  # type: ignore[union-attr]
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = target.group(1) or target.group(2)  # type: ignore[union-attr]
    return path.lstrip("/") if path.startswith("/") else "xl/" + path


def build_hostile(example: Path, workdir: Path) -> Path:
    """The hostile copy of ``example`` (see the module docstring), saved as workdir/seuranta.xlsx."""
    workdir.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.load_workbook(example)
    ws = wb[CHART_SHEET]
    chart = BarChart()
    chart.title = "Yksiköiden menot"
    chart.add_data(Reference(ws, min_col=2, min_row=5, max_row=9))
    ws.add_chart(chart, "J3")
    kt = wb[PICTURE_SHEET]
    kt["H4"] = "Omat kaavat"
    kt["H5"] = "=SUM(B5:F5)"
    kt["H6"] = "=B6*2"
    kt["A5"].comment = Comment("Tarkistettu 1.7.", "Controller")
    step1 = workdir / "step1" / "seuranta.xlsx"
    step1.parent.mkdir(exist_ok=True)
    wb.save(step1)
    recalculated = recalculate(step1, workdir / "lo")

    out = workdir / "seuranta.xlsx"
    with zipfile.ZipFile(recalculated) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        sheet = _sheet_part(zin, PICTURE_SHEET)
        folder, name = sheet.rsplit("/", 1)
        sheet_rels = f"{folder}/_rels/{name}.rels"
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == sheet:
                text = data.decode()
                tag = '<drawing r:id="rIdShapes"/>'
                text = (
                    text.replace("<legacyDrawing", tag + "<legacyDrawing", 1)
                    if "<legacyDrawing" in text
                    else (text.replace("</worksheet>", tag + "</worksheet>"))
                )
                data = text.encode()
            elif item.filename == sheet_rels:
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShapes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/drawing" Target="../drawings/drawing9.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/drawings/drawing9.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.drawing+xml"/></Types>',
                )
            elif item.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCustomXml" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/customXml" Target="customXml/item1.xml"/></Relationships>',
                )
            zout.writestr(item, data)
        zout.writestr("xl/drawings/drawing9.xml", _DRAWING)
        zout.writestr("xl/drawings/_rels/drawing9.xml.rels", _DRAWING_RELS)
        zout.writestr("xl/media/logo1.png", png())
        zout.writestr("customXml/item1.xml", _CUSTOM_XML)
    return out


INDEX_PARTS = {
    "[content_types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "docprops/app.xml",
    "xl/styles.xml",
}


_TAB_SELECTED = re.compile(rb'\s+tabSelected="(?:1|true)"')


def parts(path: Path) -> dict[str, str]:
    """Part name (lower case) -> sha1 of its bytes.

    A worksheet's ``tabSelected`` attribute is left out: the one edit a write makes to a user's part
    is unselecting its tab when the job's own sheet is shown (two selected tabs would open the
    workbook in Excel's group-edit mode); everything else in the part keeps its bytes.
    """
    out = {}
    with zipfile.ZipFile(path) as z:
        for i in z.infolist():
            data = z.read(i)
            if i.filename.lower().startswith("xl/worksheets/"):
                data = _TAB_SELECTED.sub(b"", data)
            out[i.filename.lower()] = hashlib.sha1(data).hexdigest()
    return out


def assert_user_parts_identical(before: dict[str, str], path: Path, vba_kept: bool = True) -> None:
    """Every part of ``before`` but the index parts is in ``path`` with the same bytes."""
    after = parts(path)
    for name, digest in before.items():
        if name in INDEX_PARTS:
            continue
        if not vba_kept and name == "xl/vbaproject.bin":
            assert name not in after
            continue
        assert after.get(name) == digest, f"{name} changed or lost"


def vba_project() -> bytes:
    """The real VBA project of the bundled add-in."""
    with zipfile.ZipFile(ADDIN) as z:
        return z.read("xl/vbaProject.bin")


def make_xlsm(xlsx: Path, out: Path, vba: bytes | None = None) -> Path:
    """``xlsx`` as a macro workbook: macro content type and a VBA project (the add-in's by default)."""
    with zipfile.ZipFile(xlsx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            zout.writestr(item, data)
        zout.writestr("xl/vbaProject.bin", vba_project() if vba is None else vba)
    return out
