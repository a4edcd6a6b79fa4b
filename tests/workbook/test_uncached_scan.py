"""The formula-without-value scan reads the sheet XML as bytes; it must find exactly what a full XML
parse finds, whatever the file's writer did (prefixes, shared formulas, empty values, inline strings)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from openpyxl import Workbook

from xl_seuranta.domain.grid import parse_a1
from xl_seuranta.io.file_reader import _uncached_in, package_facts
from xl_seuranta.io.ooxml_package import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _parsed(data: bytes) -> set[tuple[int, int]]:
    """The reference: every ``c`` element with an ``f`` child and no non-empty ``v``, by a full parse."""
    out = set()
    for c in etree.fromstring(data).iter(f"{{{MAIN}}}c"):
        f, v = c.find(f"{{{MAIN}}}f"), c.find(f"{{{MAIN}}}v")
        if f is not None and (v is None or v.text in (None, "")) and c.get("r"):
            out.add(parse_a1(c.get("r")))
    return out


SHEET_X = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="{MAIN}"><x:sheetData>
<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>&lt;f&gt; in text</x:t></x:is></x:c>
<x:c r="B1"><x:f>SUM(C1:D1)</x:f></x:c><x:c r="C1"><x:v>3</x:v></x:c>
<x:c r="D1"><x:f t="shared" ref="D1:D3" si="0">C1*2</x:f><x:v>6</x:v></x:c></x:row>
<x:row r="2"><x:c r="D2"><x:f t="shared" si="0"/></x:c><x:c r="E2"><x:f>1+1</x:f><x:v></x:v></x:c>
<x:c r="F2" t="str"><x:f>"a"</x:f><x:v>a</x:v></x:c><x:c
 r="G2"><x:f>2+2</x:f><x:v/></x:c></x:row>
<x:row r="3"><x:c r="D3"><x:f t="shared" si="0"/><x:v>0</x:v></x:c><x:c r="H3" s="1"><x:v>7</x:v></x:c>
<x:c r="AA3"
  t="n"><x:f>H3</x:f></x:c></x:row>
</x:sheetData></x:worksheet>""".encode()


def _package(sheet: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def test_prefixed_shared_and_empty_values_match_a_full_parse() -> None:
    expected = {(1, 2), (2, 4), (2, 5), (2, 7), (3, 27)}
    assert _parsed(SHEET_X) == expected
    with Package.from_bytes(_package(SHEET_X)) as pkg:
        assert _uncached_in(pkg, "xl/worksheets/sheet1.xml") == expected


def test_openpyxl_file_and_no_formula_file(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Yksiköt"
    for r in range(1, 200):
        ws.append([f"rivi {r}", r, -r, f"=B{r}+C{r}" if r % 7 == 0 else r * 2])
    path = tmp_path / "kaavat.xlsx"
    wb.save(path)
    uncached, _ = package_facts(path)
    with zipfile.ZipFile(path) as z:
        reference = _parsed(z.read("xl/worksheets/sheet1.xml"))
    assert uncached["Yksiköt"] == reference == {(r, 4) for r in range(7, 200, 7)}
    plain = Workbook()
    plain.active.append([1, 2, 3])
    plain.save(tmp_path / "luvut.xlsx")
    assert package_facts(tmp_path / "luvut.xlsx")[0] == {}
