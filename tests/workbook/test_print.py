"""The generated sheets on paper: LibreOffice prints each of them (fi-FI locale, Carlito for Calibri)
and the PDF is measured with ``pdftotext -bbox``.

What a controller hands to the city board is the printout. Each sheet must print with no text
smaller than 8 pt (charts included), with page numbers, Finnish number formats (``52,2 %``, the real
minus sign) and the board's content on it; the tool's helper columns (goal ids, the reasoning behind a
suggested status, source links) must not be on paper. The charts' XML must declare their axes
visible, as Excel draws a chart without axes when ``<c:delete>`` is missing.

Not skipped when LibreOffice or poppler is missing: CI installs them (scripts/setup.sh).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lo_pdf import Word, page_count, page_texts, print_to_pdf, text_boxes
from lxml import etree
from typer.testing import CliRunner

from xl_seuranta.app.cli import app
from xl_seuranta.sheets.formats import FONT_MIN_PT

pytestmark = pytest.mark.libreoffice  # and poppler; not skipped when missing: CI installs both

SHEETS = ("Tarkistus", "Yhteenveto", "Laskelmat", "Tavoiteseuranta")
runner = CliRunner()


def _cli(*args: str) -> None:
    r = runner.invoke(app, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, example_built: Path) -> Path:
    """The example after Laske, Tavoitteet and Tarkista, as a controller would hand it on."""
    out = tmp_path_factory.mktemp("print") / "hallintopalvelut_2025.xlsx"
    shutil.copyfile(example_built, out)
    _cli("compute", str(out), "--in-place")
    _cli("goals", str(out), "--in-place")
    _cli("run", str(out), "-o", str(out))
    return out


@pytest.fixture(scope="module")
def points_per_height(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Font size per point of word-box height, measured on a 10 pt text printed at 100 %."""
    from openpyxl.styles import Font

    path = tmp_path_factory.mktemp("calibrate") / "kalibrointi.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"] = "Kalibrointi −1 234 567 52,2 %"
    ws["A1"].font = Font(name="Calibri", size=10)
    wb.save(path)
    words = text_boxes(print_to_pdf(path, ["S"], path.parent))
    heights = {round(w.height, 2) for w in words}
    assert len(heights) == 1, heights
    return 10 / heights.pop()


@pytest.fixture(scope="module")
def printed(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pdf")
    return {name: print_to_pdf(generated, [name], base / name) for name in SHEETS}


def _sizes(words: list[Word], k: float) -> list[tuple[float, str, int]]:
    return sorted((round(w.height * k, 2), w.text, w.page) for w in words)


@pytest.mark.parametrize("sheet", SHEETS)
def test_no_text_under_8_pt(sheet: str, printed: dict[str, Path], points_per_height: float) -> None:
    words = text_boxes(printed[sheet])
    assert len(words) > 100  # the sheet printed, with its content
    sizes = _sizes(words, points_per_height)
    smallest = sizes[0]
    assert smallest[0] >= FONT_MIN_PT - 0.05, f"{sheet}: smallest text {smallest}; {sizes[:10]}"


@pytest.mark.parametrize("sheet", SHEETS)
def test_page_numbers_on_every_page(sheet: str, printed: dict[str, Path]) -> None:
    pages = page_texts(printed[sheet])
    n = page_count(printed[sheet])
    assert len(pages) == n
    for i, text in enumerate(pages, start=1):
        assert f"Sivu {i} / {n}" in " ".join(text.split()), (sheet, i)


def test_yhteenveto_is_one_page_with_the_board_figures(printed: dict[str, Path]) -> None:
    assert page_count(printed["Yhteenveto"]) == 1
    flat = " ".join(page_texts(printed["Yhteenveto"])[0].split())
    for text in ("Käyttö-%", "Jäljellä €", "Ennuste", "31.12.2025", "Ylitys (+) /", "Toimiala yhteensä"):
        assert text in flat  # (a wrapped header's lines interleave with its neighbours' in the text)
    # the department row in Finnish formats: real minus, no-break thousands, decimal comma, "52,2 %"
    assert re.search(
        r"Toimiala yhteensä −5\s540\s000 −2\s891\s108 52,2 % −2\s648\s892 −5\s697\s176 157\s176", flat
    ), flat
    assert "Raportointipäivä 30.6.2025 · hallintopalvelut_2025.xlsx" in flat  # the footer
    assert "Kulunut osuus vuodesta 50,0 %" in flat
    assert "Kulunut osuus vuodesta 50,0 %" in flat


def test_tarkistus_prints_errors_first(printed: dict[str, Path]) -> None:
    first = " ".join(page_texts(printed["Tarkistus"])[0].split())
    table = first[first.index("Vakavuus Koodi") :]
    assert table.split()[8] == "Virhe"  # the first finding under the header row
    assert "Havainnot säännöittäin" in first and "A002 Yksiköiden summa ≠ toimiala yhteensä: 2" in first


def test_laskelmat_prints_the_header_on_every_page_and_no_helper_columns(printed: dict[str, Path]) -> None:
    pages = page_texts(printed["Laskelmat"])
    assert len(pages) >= 2
    for text in pages:
        flat = " ".join(text.split())
        assert "Käyttö-% " in flat and "Jäljellä €" in flat  # the repeated header row
        assert "Lähde" not in flat and "Yksiköt!B" not in flat and " kausi " not in f" {flat} "
    flat = " ".join(pages[0].split())
    assert "Keskusvaalilautakunta MENOT −22 986 −52 670 −54 950 −68 900 −42 102 31 964 139,1 %" in flat
    assert "61,1 % +11,1 %" in flat  # utilisation and the signed deviation in Finnish percent format


def test_tavoiteseuranta_prints_what_the_board_reads(printed: dict[str, Path]) -> None:
    flat = " ".join(" ".join(page_texts(printed["Tavoiteseuranta"])).split())
    assert "Ehdotettu tila" in flat and "Kommentti" in flat and "Tavoitteiden tila teemoittain" in flat
    assert "G-" not in flat and "Tunniste" not in flat  # the ids stay on the screen
    assert "sanat:" not in flat  # and so does the reasoning behind a suggestion
    assert "TUOTTAVUUSTOIMENPITEET JA -HANKKEET" in flat  # a theme name whole, never broken mid-word
    assert "Ei valittu" in flat  # the chart's empty state has a legend entry


def test_every_chart_declares_its_axes_visible(generated: Path) -> None:
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    with zipfile.ZipFile(generated) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 3  # Yhteenveto, Laskelmat, Tavoiteseuranta
        for name in charts:
            root = etree.fromstring(z.read(name))
            axes = [ax for tag in ("catAx", "valAx") for ax in root.iter(f"{c}{tag}")]
            assert len(axes) == 2, name
            for ax in axes:
                delete = ax.find(f"{c}delete")
                assert delete is not None and delete.get("val") in ("0", "false"), (name, ax.tag)


def test_the_checked_copy_opens_on_tarkistus(generated: Path) -> None:
    wb = openpyxl.load_workbook(generated)
    assert wb.active.title == "Tarkistus"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Tarkistus"]
