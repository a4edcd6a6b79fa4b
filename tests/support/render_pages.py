"""Test utility: print workbooks to PDF with headless LibreOffice and compare their page images.

Pages are rasterised with poppler's ``pdftoppm`` as greyscale PGM, which numpy reads without an
image library.
"""

from __future__ import annotations

import subprocess
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from lxml import etree
from soffice import convert

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def to_pdf(files: list[Path], outdir: Path, timeout: float = 240) -> list[Path]:
    """Each workbook printed to ``outdir/<stem>.pdf`` (one LibreOffice run, private profile)."""
    return convert(files, "pdf", outdir, timeout=timeout)


def page_images(pdf: Path, dpi: int = 40) -> list[np.ndarray]:
    """The PDF's pages as greyscale arrays."""
    with tempfile.TemporaryDirectory(prefix="pages_") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"], check=True)
        return [_read_pgm(p) for p in sorted(Path(tmp).glob("p-*.pgm"))]


def _read_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maxval (no comments in poppler's output)
        while data[pos : pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(data[pos + 1 : pos + 1 + width * height], dtype=np.uint8).reshape(height, width)


def compare_pages(a: np.ndarray, b: np.ndarray, tolerance: int = 48) -> float:
    """Share of pixels that differ by more than ``tolerance`` grey levels (1.0 when sizes differ)."""
    if a.shape != b.shape:
        return 1.0
    return float(np.mean(np.abs(a.astype(np.int16) - b.astype(np.int16)) > tolerance))


def only_sheets_visible(path: Path, names: set[str], out: Path) -> Path:
    """A copy of ``path`` in which only the sheets ``names`` are visible (the first one active)."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/workbook.xml":
                root = etree.fromstring(data)
                sheets = list(root.iter(f"{MAIN}sheet"))
                first = None
                for i, sheet in enumerate(sheets):
                    if sheet.get("name") in names:
                        sheet.attrib.pop("state", None)
                        first = i if first is None else first
                    else:
                        sheet.set("state", "hidden")
                for view in root.iter(f"{MAIN}workbookView"):
                    view.set("activeTab", str(first or 0))
                    view.set("firstSheet", str(first or 0))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    return out
