"""The workbook cannot silence its own check: every unusable setting is named with its cell and the
default is used; a large tolerance that softens a finding says so on that finding."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from clean_book import clean_grids, put, row_of, sheet
from typer.testing import CliRunner

from xl_seuranta.app.cli import app
from xl_seuranta.domain.findings import Severity
from xl_seuranta.domain.messages import render
from xl_seuranta.domain.settings import Settings, label_aliases
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.layout import discover_book
from xl_seuranta.rules.engine import run_rules

# Cells of the example's Asetukset sheet.
REPORT_DATE, YEAR, TOLERANCE, BASIS, SCALE, BASE_TA = "B6", "B7", "B8", "B11", "B12", "B14"
POPULATION_TP2023 = "B18"


def _set(grids, cell: str, value: object) -> list:
    grids = copy.deepcopy(grids)
    row, col = int(cell[1:]), ord(cell[0]) - 64
    put(grids, "Asetukset", row, col, value)
    return grids


@pytest.fixture(scope="module")
def example_grids(example_built: Path):
    return read_workbook(example_built)


@pytest.fixture(scope="module")
def baseline(example_grids):
    return run_rules(discover_book(example_grids))


def _errors(findings) -> set:
    return {(f.code, f.sheet, f.cell, f.difference) for f in findings if f.severity is Severity.ERROR}


def _s009(findings) -> list:
    return [f for f in findings if f.code == "S009"]


@pytest.mark.parametrize("value", [50000, 1e300, -1, -0.5, "paljon", "2 tai 3", True])
def test_unusable_tolerance_is_named_and_the_default_kept(example_grids, baseline, value) -> None:
    book = discover_book(_set(example_grids, TOLERANCE, value))
    findings = run_rules(book)
    assert book.settings.rounding_tolerance == 2.0
    (s,) = _s009(findings)
    assert (s.sheet, s.cell, s.severity) == ("Asetukset", TOLERANCE, Severity.WARNING)
    assert "Pyöristystoleranssi (€)" in render(s) and "0–100" in render(s)
    assert "0 to 100" in render(s, "en")
    assert _errors(findings) == _errors(baseline)  # all seven errors stay errors
    assert [f for f in findings if f.code != "S009"] == baseline


def test_a_tolerance_of_50000_is_shown_as_written() -> None:
    findings = run_rules(discover_book(_set(clean_grids(), "B6", 50000)))
    assert "'50\u00a0000'" in render(_s009(findings)[0])


def test_impossible_report_date_falls_back_to_the_newest_year_to_date_column(example_grids, baseline) -> None:
    book = discover_book(_set(example_grids, REPORT_DATE, "31.2.2025"))
    findings = run_rules(book)
    assert book.settings.report_date is None and book.report_date == dt.date(2025, 6, 30)
    (s,) = _s009(findings)
    assert s.cell == REPORT_DATE and "31.2.2025" in render(s)
    assert [f for f in findings if f.code != "S009"] == baseline


def test_a_year_in_words_is_refused_and_taken_from_the_report_date(example_grids, baseline) -> None:
    book = discover_book(_set(example_grids, YEAR, "kaksituhatta"))
    assert book.settings.year == 2025
    findings = run_rules(book)
    assert [(f.cell, f.params.label) for f in _s009(findings)] == [(YEAR, "Vuosi")]
    assert [f for f in findings if f.code != "S009"] == baseline


@pytest.mark.parametrize("value", [-7103, 1e-9, 0, "xx", 20_000_000])
def test_impossible_population_is_not_used(example_grids, baseline, value) -> None:
    book = discover_book(_set(example_grids, POPULATION_TP2023, value))
    findings = run_rules(book)
    tp2023 = next(p for p in book.settings.populations if p.column == "TP 2023")
    assert tp2023.population is None
    (s,) = _s009(findings)
    assert (s.cell, s.params.label) == (POPULATION_TP2023, "Asukasluku TP 2023")
    assert not [f for f in findings if f.code == "P001"]  # no −4 698 551 000 000 000 €/asukas
    assert [f for f in findings if f.code != "S009"] == baseline  # the implied population, as before


def test_a_sane_population_is_used(example_grids) -> None:
    book = discover_book(_set(example_grids, POPULATION_TP2023, 7103))
    findings = run_rules(book)
    assert not _s009(findings)
    assert next(p for p in book.settings.populations if p.column == "TP 2023").population == 7103
    p002 = [f for f in findings if f.code == "P002"]
    assert "TP 2023" not in {f.params.period for f in p002}  # declared now: checked, not implied


@pytest.mark.parametrize(
    ("cell", "value", "field", "default"),
    [
        (BASIS, "viikko", "pace_basis", "kk"),
        (
            SCALE,
            "Valmis",
            "goal_scale",
            ["Toteutunut", "Osittain toteutunut", "Ei toteutunut", "Ei arvioitavissa"],
        ),
        (BASE_TA, "kahden vuoden takainen", "baseline_ta", "edellisen vuoden TA"),
        ("B10", "sekalaisesti", "sign_convention", None),
    ],
)
def test_other_choices_outside_their_list(example_grids, cell, value, field, default) -> None:
    book = discover_book(_set(example_grids, cell, value))
    assert getattr(book.settings, field) == default
    assert [f.cell for f in _s009(run_rules(book))] == [cell]


def test_settings_are_read_by_their_finnish_labels() -> None:
    aliases = label_aliases()
    assert aliases["Pyöristystoleranssi"] == "rounding_tolerance" and aliases["Tilannepäivä"] == "report_date"
    s = Settings.model_validate(
        {
            "Pyöristystoleranssi": "2,5",
            "Raportointipäivä": "30.6.2025",
            "Kuluneen ajan laskutapa": "Päiväperuste",
            "Muutos-% vertailupohja TA": "edellisen vuoden TA+muutokset",
        }
    )
    assert (s.rounding_tolerance, s.report_date, s.pace_basis) == (2.5, dt.date(2025, 6, 30), "pv")
    assert s.baseline_ta == "edellisen vuoden TA+muutokset"


def test_a_large_tolerance_is_reported_on_every_finding_it_softens() -> None:
    """40 € is a readable tolerance, but far above rounding: the 30 € gaps it lets pass stay visible."""
    grids = clean_grids()
    put(grids, "Asetukset", 6, 2, 40)
    put(grids, "Määrärahat", 3, 2, -3430)  # MENOT TA 2024: 30 € off the other tables, its net and change €
    findings = run_rules(discover_book(grids))
    softened = [f for f in findings if f.softened_by is not None]
    assert {f.code for f in softened} >= {"A009", "X001", "M001"}
    assert all(f.severity is Severity.INFO and f.softened_by == 40 for f in softened)
    for f in softened:
        assert "pyöristystoleranssin 40\u00a0€ sisään" in render(f)
        assert "tolerance of 40 € declared" in render(f, "en")
    # With the default tolerance the same gaps are errors.
    put(grids, "Asetukset", 6, 2, 2)
    errors = {f.code for f in run_rules(discover_book(grids)) if f.severity is Severity.ERROR}
    assert errors >= {"A001", "X001", "M001"}


def test_a_plain_rounding_gap_carries_no_tolerance_note() -> None:
    grids = clean_grids()
    put(grids, "Asetukset", 6, 2, 40)
    y = sheet(grids, "Yksiköt")
    y.rows[row_of(y, "NETTOMENO") - 1][1] -= 1
    a009 = [f for f in run_rules(discover_book(grids)) if f.code == "A009"]
    assert a009 and all(f.softened_by is None and "pyöristystoleranssin" not in render(f) for f in a009)


def test_cli_exit_code_is_not_silenced(example_copy: Path) -> None:
    wb = openpyxl.load_workbook(example_copy)
    wb["Asetukset"][TOLERANCE] = 50000
    wb.save(example_copy)
    r = CliRunner().invoke(app, ["check", str(example_copy), "--format", "json"])
    assert r.exit_code == 1
    entry = json.loads(r.stdout)["files"][0]
    assert entry["summary"]["error"] == 7
    (s,) = [f for f in entry["findings"] if f["code"] == "S009"]
    assert (s["sheet"], s["cell"], s["params"]["value"]) == ("Asetukset", TOLERANCE, 50000)
