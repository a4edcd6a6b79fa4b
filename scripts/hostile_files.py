"""Build the broken and hostile files a nightly batch meets, from a good workbook (tests, benchmark).

Every file is made the way it happens in practice, at a small cost in disk and time:

* ``corrupt_zip``: a workbook cut short (a copy interrupted half way);
* ``encrypted``: the workbook saved with a password (msoffcrypto-tool writes the same ECMA-376
  agile encryption Excel does: an OLE file holding ``EncryptionInfo`` and ``EncryptedPackage``);
* ``legacy_xls``: the workbook saved as Excel 97–2003 by LibreOffice; ``broken_xls`` one cut short;
* ``empty``: 0 bytes (a save that never finished);
* ``zip_bomb``: a valid package whose first sheet is padded with hundreds of megabytes of spaces,
  which deflate packs a thousand to one (the file is well under a megabyte);
* ``lying_dimension``: ``<dimension ref="A1:XFD1048576"/>`` on a normal sheet;
* ``stray_cell``: one value far away (XFD1048576 makes python-calamine ask for 512 GiB and abort;
  A1048576 costs seconds and hundreds of megabytes);
* ``trailing_format``: formatting (no value) in the last row and column, as after selecting whole
  columns and colouring them;
* ``text_named_xlsx`` and ``html_named_xls``: exports that only carry a workbook's name;
* ``large_workbook``: a genuinely large workbook (for the benchmark): random figures in one sheet
  until the file reaches the given size.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

FIRST_SHEET = "xl/worksheets/sheet1.xml"


def _rewrite(src: Path, dst: Path, parts: str | tuple[str, ...], change: Callable[[str], str]) -> Path:
    """Copy a package, changing the XML text of one or more parts."""
    parts = (parts,) if isinstance(parts, str) else parts
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in parts:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item.filename, data)
    return dst


def _append_rows(xml: str, rows: str) -> str:
    if "<sheetData/>" in xml:
        return xml.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>")
    return xml.replace("</sheetData>", rows + "</sheetData>")


def corrupt_zip(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def encrypted(src: Path, dst: Path, password: str = "salasana") -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as fh, open(dst, "wb") as out:
        OOXMLFile(fh).encrypt(password, out)
    return dst


def legacy_xls(src: Path, dst: Path) -> Path | None:
    """The workbook as Excel 97–2003 (.xls), saved by headless LibreOffice; None without soffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="lo_xls_") as tmp:
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xls",
            "--outdir",
            tmp,
            str(src),
        ]
        subprocess.run(cmd, capture_output=True, timeout=180, check=False)
        made = Path(tmp) / (src.stem + ".xls")
        if not made.exists():
            return None
        shutil.copyfile(made, dst)
    return dst


def broken_xls(xls: Path, dst: Path) -> Path:
    data = xls.read_bytes()
    dst.write_bytes(data[: max(len(data) // 3, 1024)])
    return dst


def empty(dst: Path) -> Path:
    dst.write_bytes(b"")
    return dst


def zip_bomb(src: Path, dst: Path, unpacked_mb: int = 400, part: str = FIRST_SHEET) -> Path:
    """The package with ``part`` padded by ``unpacked_mb`` MB of spaces inside its sheet data."""
    with (
        zipfile.ZipFile(src) as zin,
        zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename != part:
                zout.writestr(item.filename, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            with zout.open(item.filename, "w", force_zip64=True) as fh:
                fh.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(unpacked_mb):
                    fh.write(chunk)
                fh.write(b"</sheetData>" + tail)
    return dst


def lying_dimension(src: Path, dst: Path) -> Path:
    def change(xml: str) -> str:
        if "<dimension" in xml:
            return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml)
        return xml.replace("<sheetViews>", '<dimension ref="A1:XFD1048576"/><sheetViews>', 1)

    return _rewrite(src, dst, FIRST_SHEET, change)


def stray_cell(
    src: Path, dst: Path, ref: str = "XFD1048576", parts: tuple[str, ...] = (FIRST_SHEET,)
) -> Path:
    """One value at ``ref`` in each of ``parts`` (the first sheet by default)."""
    row = re.sub(r"\D", "", ref)
    cell = f'<row r="{row}"><c r="{ref}" t="n"><v>1</v></c></row>'
    return _rewrite(src, dst, parts, lambda xml: _append_rows(xml, cell))


def trailing_format(src: Path, dst: Path) -> Path:
    rows = '<row r="1048575" ht="20" customHeight="1"/><row r="1048576"><c r="XFD1048576" s="0"/></row>'
    return _rewrite(src, dst, FIRST_SHEET, lambda xml: _append_rows(xml, rows))


def text_named_xlsx(dst: Path) -> Path:
    dst.write_text("Yksikkö;TA 2025;TOT. 30.6.2025\nHallinto;-491300;-360085\n", encoding="utf-8")
    return dst


def html_named_xls(dst: Path) -> Path:
    dst.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>TA 2025</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return dst


def large_workbook(dst: Path, target_mb: float = 60.0, seed: int = 11) -> Path:
    """A genuinely large workbook: rows of random euro figures until the file is ``target_mb`` MB."""
    rng = random.Random(seed)
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open(FIRST_SHEET, "w", force_zip64=True) as fh:
            fh.write(head.encode())
            row = 1
            while z.fp.tell() < target_mb * 1024 * 1024:  # the compressed bytes written so far
                block = []
                for _ in range(2000):
                    cells = "".join(
                        f'<c r="{col}{row}"><v>{rng.randint(-5_000_000, 5_000_000)}</v></c>'
                        for col in "ABCDEFGHIJ"
                    )
                    block.append(f'<row r="{row}">{cells}</row>')
                    row += 1
                fh.write("".join(block).encode())
            fh.write(b"</sheetData></worksheet>")
    return dst


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Kirjanpito" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def hostile_folder(src: Path, folder: Path, bomb_mb: int = 400) -> dict[str, Path]:
    """A folder mixing good copies of ``src`` with every kind of broken or hostile file.

    Returns name -> path. Kinds needing LibreOffice (a real .xls) are left out when it is missing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    for name in ("hyva_1.xlsx", "hyva_2.xlsx"):
        made[name] = Path(shutil.copyfile(src, folder / name))
    made["katkennut.xlsx"] = corrupt_zip(src, folder / "katkennut.xlsx")
    made["salattu.xlsx"] = encrypted(src, folder / "salattu.xlsx")
    made["tyhja.xlsx"] = empty(folder / "tyhja.xlsx")
    made["pommi.xlsx"] = zip_bomb(src, folder / "pommi.xlsx", bomb_mb)
    made["valehteleva_dimensio.xlsx"] = lying_dimension(src, folder / "valehteleva_dimensio.xlsx")
    made["harha_xfd.xlsx"] = stray_cell(src, folder / "harha_xfd.xlsx", "XFD1048576")
    made["harha_a.xlsx"] = stray_cell(src, folder / "harha_a.xlsx", "A1048576")
    made["muotoilu_loppuun.xlsx"] = trailing_format(src, folder / "muotoilu_loppuun.xlsx")
    made["csv_vienti.xlsx"] = text_named_xlsx(folder / "csv_vienti.xlsx")
    made["html_vienti.xls"] = html_named_xls(folder / "html_vienti.xls")
    xls = legacy_xls(src, folder / "vanha.xls")
    if xls is not None:
        made["vanha.xls"] = xls
        made["vanha_rikki.xls"] = broken_xls(xls, folder / "vanha_rikki.xls")
    (folder / "~$hyva_1.xlsx").write_bytes(b"\x00owner")  # Excel's lock file: never a workbook
    return made
