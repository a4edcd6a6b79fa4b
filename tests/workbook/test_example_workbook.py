"""The bundled example: built from the data file, the packaged copy identical, settings read back."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from conftest import DATA, EXAMPLE, ROOT
from openpyxl import load_workbook

from xl_seuranta.app import services
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.layout import discover_book


def _values(path: Path) -> dict[str, list]:
    return {g.name: g.rows for g in read_workbook(path)}


def test_repository_example_is_the_build_of_the_data_file(example_built: Path) -> None:
    assert _values(EXAMPLE) == _values(example_built)


def test_transcription_keeps_the_source_numbers(example_built: Path) -> None:
    """Spot checks against the source text: numbers as printed, inconsistencies included."""
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    source = ROOT.parent / "shared" / "seeds" / "000_3d5946ccbad092e7.txt"
    text = source.read_text(encoding="utf-8") if source.exists() else ""
    kt = {row[0]: row[1:] for row in data["kayttotalous"]["rows"] if row[1] != "heading"}
    assert kt["TOIMINTATUOTOT"] == [1499108, 1204150, 1607543, 1297670, 693225]
    assert kt["Vuokratuotot"] == [6638, 5000, 5603, 6500, 3335]
    units = {b["name"]: b for b in data["yksikot"]["block"]}
    assert units["Kotouttaminen"]["menot"][2] == -127188
    assert len(units) == 30 and "Toimiala yhteensä" in units
    if text:  # the seed is beside the project in development and in CI
        for block in units.values():
            assert block["name"].split("/")[0] in text
        assert "-6 624 150 -6 837 670 -213 520 3,2" in text


def test_settings_sheet_is_read() -> None:
    s = discover_book(read_workbook(EXAMPLE)).settings
    assert s.report_date == dt.date(2025, 6, 30) and s.year == 2025
    assert s.rounding_tolerance == 2 and s.pace_basis == "kk"
    assert s.goal_scale == ["Toteutunut", "Osittain toteutunut", "Ei toteutunut", "Ei arvioitavissa"]
    assert [p.column for p in s.populations] == ["TP 2023", "TA 2024", "TP 2024", "TA 2025", "TOT. 30.6.2025"]
    assert "Kuntaliitto" in s.seasonal


def test_goal_scale_setting_reaches_the_status_list(example_copy: Path) -> None:
    wb = load_workbook(example_copy)
    ws = wb["Asetukset"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Tavoitteiden tila-asteikko")
    row[1].value = "Valmis; Käynnissä; Aloittamatta"
    wb.save(example_copy)
    [plan] = services.goal_plans(read_workbook(example_copy))
    # one list per goal row, the row's suggestion first: the same three options in every list
    assert plan.validations and all(
        sorted(v.options) == sorted(["Valmis", "Käynnissä", "Aloittamatta"]) for v in plan.validations
    )
    assert {"Käynnissä", "Valmis"} <= {v.options[0] for v in plan.validations}  # e.g. "jatkuu", "toteutettu"
