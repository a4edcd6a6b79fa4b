"""The consolidated report: one row per workbook with the binding level's figures, live totals, links.

Built from real workbooks through the console script; the figures are compared with what T004
reports for the same workbook, the totals with LibreOffice's recalculation, and the sheet is
rendered to PDF to check that the board gets one readable A4 page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import hostile_files as hostile
import openpyxl
import pytest
from lo_recalc import read_values, recalculate
from soffice import convert

from xl_seuranta.sheets.kooste import FIRST_ROW, HEADER_ROW

EXE = str(Path(sys.executable).with_name("xl-seuranta"))


def xl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300)


def _department(src: Path, dst: Path, name: str) -> Path:
    """A copy of the example for another department (the Toimiala setting renamed)."""
    wb = openpyxl.load_workbook(src)
    ws = wb["Asetukset"]
    for row in ws.iter_rows():
        if row[0].value == "Toimiala":
            row[1].value = name
    wb.save(dst)
    return dst


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, example_built: Path) -> Path:
    root = tmp_path_factory.mktemp("kooste")
    data = root / "talous 2025"
    data.mkdir()
    shutil.copyfile(example_built, data / "a_hallinto.xlsx")
    _department(example_built, data / "b_sivistys.xlsx", "Sivistyspalvelut")
    hostile.encrypted(example_built, data / "c_salattu.xlsx")
    return root


@pytest.fixture(scope="module")
def report(folder: Path) -> Path:
    out = folder / "raportit" / "kooste.xlsx"
    out.parent.mkdir()
    r = xl("summary", str(folder / "talous 2025"), "-o", str(out))
    assert r.returncode == 2, r.stderr  # one workbook could not be read: the report says so, exit 2
    assert "c_salattu.xlsx" in r.stderr and "Traceback" not in r.stderr
    assert "Kirjoitettu" in r.stdout and "3 tiedostoa: 14 virhettä" in r.stdout
    return out


def test_one_row_per_workbook_with_the_binding_level(report: Path, example_built: Path) -> None:
    ws = openpyxl.load_workbook(report)["Kooste"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:6] == ["Kunta", "Toimiala", "Raportointipäivä", "Talousarvio €", "Toteuma €", "Käyttö-%"]
    rows = [[c.value for c in ws[r]] for r in range(FIRST_ROW, FIRST_ROW + 3)]
    assert [r[1] for r in rows] == ["Hallintopalvelut", "Sivistyspalvelut", None]
    first = rows[0]
    assert first[0] == "Kemijärvi" and first[2].date().isoformat() == "2025-06-30"
    # The same numbers T004 reports for this workbook (signs: net cost shown positive).
    check = json.loads(xl("check", str(example_built), "--format", "json").stdout)["files"][0]
    t004 = next(f for f in check["findings"] if f["code"] == "T004")
    budget, actual, util, elapsed, forecast, overrun = first[3:9]
    assert budget == -t004["expected"] == 5_540_000
    assert forecast == pytest.approx(-t004["actual"], abs=0.5) and overrun == pytest.approx(
        -t004["difference"], abs=1
    )
    assert actual == 2_891_108 and util == pytest.approx(actual / budget) and elapsed == 0.5
    assert first[9:12] == [check["summary"]["error"], check["summary"]["warning"], check["summary"]["info"]]
    assert rows[2][9] is None and "salasana" in rows[2][13]  # the encrypted one: why, not numbers


def test_links_are_relative_to_the_report(report: Path, folder: Path) -> None:
    ws = openpyxl.load_workbook(report)["Kooste"]
    links = [ws.cell(row=r, column=13).hyperlink for r in range(FIRST_ROW, FIRST_ROW + 3)]
    targets = [link.target for link in links]
    assert all(t.startswith("../talous 2025/") for t in targets)
    assert all((report.parent / t).resolve().is_file() for t in targets)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_totals_recalculate_in_libreoffice(report: Path, tmp_path: Path) -> None:
    values = read_values(recalculate(report, tmp_path / "lo"))["Kooste"]
    flat = [v for row in values for v in row]
    assert not any(isinstance(v, str) and v.startswith("#") for v in flat)  # no error values
    total = next(row for row in values if len(row) > 1 and row[1] == "Yhteensä")
    body = values[FIRST_ROW - 1 : FIRST_ROW + 2]
    for col in (3, 4, 7, 8, 9, 10, 11):  # budget, actual, forecast, overrun, errors, warnings, notes
        assert total[col] == pytest.approx(sum(r[col] for r in body if isinstance(r[col], int | float)))
    assert total[5] == pytest.approx(total[4] / total[3])


@pytest.mark.libreoffice
def test_renders_to_one_a4_page(report: Path, tmp_path: Path) -> None:
    (pdf,) = convert([report], "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", info)
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert w > h and abs(w - 842) < 3  # A4 landscape
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    for word in (
        "Talousarvion seuranta – kooste",
        "Sivistyspalvelut",
        "Yhteensä",
        "c_salattu.xlsx",
        "Käyttö-%",
    ):
        assert word in text, word


def test_english_and_exit_codes(folder: Path, tmp_path: Path) -> None:
    data = folder / "talous 2025"
    out = tmp_path / "summary.xlsx"
    r = xl(
        "summary",
        str(data / "a_hallinto.xlsx"),
        str(data / "b_sivistys.xlsx"),
        "-o",
        str(out),
        "--lang",
        "en",
    )
    assert r.returncode == 0 and "Written" in r.stdout  # the report is the product; errors are in it
    ws = openpyxl.load_workbook(out)["Kooste"]
    assert ws.cell(row=HEADER_ROW, column=2).value == "Department"
    assert ws.cell(row=1, column=1).value == "Budget follow-up – summary"
    strict = xl("summary", str(data / "a_hallinto.xlsx"), "-o", str(out), "--strict")
    assert strict.returncode == 1
    bad = xl("summary", str(data / "a_hallinto.xlsx"), "-o", str(tmp_path / "kooste.pdf"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
