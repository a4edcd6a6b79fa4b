"""Test utility: print chosen sheets of a workbook to PDF with headless LibreOffice in a Finnish locale,
and measure the text on the pages.

What a controller hands to the board is the printout, so the generated sheets are judged there: the
PDF is made the way LibreOffice prints the file (its print areas, titles, scaling, page breaks), with
the locale set to fi-FI so that number formats print as they would on a Finnish office PC
(``1 234 567``, ``52,2 %``). Other sheets are hidden in a copy of the package (the workbook XML only,
every other part byte for byte), so the file is not re-saved by another library before printing.

``text_boxes`` reads every word with its box from ``pdftotext -bbox``; the height of a word's box is
its font size in points on the page (scaling included), which is what the "no text under 8 pt" check
measures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from lxml import etree
from soffice import convert

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
TIMEOUT_S = 180

_FI_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>fi-FI</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse">
<value>fi-FI</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def only_sheets(src: Path, dst: Path, sheets: list[str]) -> Path:
    """A copy of ``src`` in which only ``sheets`` are visible and the first of them is active.

    Only ``xl/workbook.xml`` is edited (sheet ``state`` and the active tab); the other parts are
    copied as they are.
    """
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = _show_only(data, sheets)
            zout.writestr(item, data)
    return dst


def _show_only(xml: bytes, sheets: list[str]) -> bytes:
    """workbook.xml with every other sheet hidden (and its print names dropped), the first shown active."""
    root = etree.fromstring(xml)
    m = f"{{{_MAIN}}}"
    entries = root.findall(f"{m}sheets/{m}sheet")
    names = [e.get("name") for e in entries]
    missing = [s for s in sheets if s not in names]
    if missing:
        raise ValueError(f"no such sheet(s): {missing}")
    keep = {str(i) for i, n in enumerate(names) if n in sheets}
    for e in entries:
        if e.get("name") in sheets:
            e.attrib.pop("state", None)
        else:
            e.set("state", "hidden")
    # LibreOffice prints a hidden sheet's print area all the same: drop the print names of the others
    for dn in root.findall(f"{m}definedNames/{m}definedName"):
        if dn.get("name", "").startswith("_xlnm.Print_") and dn.get("localSheetId") not in keep:
            dn.getparent().remove(dn)
    view = root.find(f"{m}bookViews/{m}workbookView")
    if view is not None:
        view.set("activeTab", str(names.index(sheets[0])))
        view.attrib.pop("firstSheet", None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def print_to_pdf(path: Path, sheets: list[str], outdir: Path) -> Path:
    """The PDF LibreOffice prints of ``sheets`` of ``path`` (fi-FI locale), in ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    copy = outdir / (Path(path).stem + "_print.xlsx")
    only_sheets(Path(path), copy, sheets)
    return convert([copy], "pdf", outdir, registry=_FI_PROFILE, plain_env=True, timeout=TIMEOUT_S)[0]


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x: float
    y: float
    width: float
    height: float  # points on the printed page: the font size as printed


def text_boxes(pdf: Path) -> list[Word]:
    """Every word on every page with its box (points), from ``pdftotext -bbox``."""
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    words: list[Word] = []
    for page_no, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            x1, y1, x2, y2 = (float(w.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax"))
            words.append(Word(page_no, w.text or "", x1, y1, x2 - x1, y2 - y1))
    return words


def page_count(pdf: Path) -> int:
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (``pdftotext -layout``), in page order."""
    out = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_images(pdf: Path, prefix: Path, dpi: int = 60) -> list[Path]:
    """PNG images of every page (for a person to look at)."""
    subprocess.run([PDFTOPPM, "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))
