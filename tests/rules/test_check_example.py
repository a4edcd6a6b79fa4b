"""The validator on the bundled example: every real inconsistency of the source, no false errors.

The expected list is an audit made by re-adding and cross-reading the source document's tables by
hand (see workbook/hallintopalvelut_2025.toml for the transcription).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_seuranta.domain.messages import render
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.rules import check_book

# (code, sheet, cell, difference) of every error a careful controller finds.
EXPECTED_ERRORS = {
    ("A003", "Käyttötalous", "C10", -5000.0),  # TOIMINTATUOTOT TA+muutokset 2024 misses Vuokratuotot 5 000
    ("A003", "Käyttötalous", "E10", -6500.0),  # TOIMINTATUOTOT TA 2025 misses Vuokratuotot 6 500
    ("A002", "Yksiköt", "F121", -717.0),  # units' MENOT at 30.6. vs Toimiala yhteensä
    ("A002", "Yksiköt", "F123", -718.0),  # units' NETTOMENO at 30.6. vs Toimiala yhteensä
    ("X001", "Määrärahat", "B4", 25000.0),  # Määrärahat MENOT TA+muutos 2024 vs Käyttötalous / units
    ("X001", "Määrärahat", "B6", 25000.0),  # the same for NETTOMENO
    ("X001", "Tunnusluvut", "B7", 45600.0),  # Palvelujen ostot TP 2023 in Tunnusluvut vs Käyttötalous
}

EXPECTED_WARNINGS = {
    ("X002", "Tunnusluvut", "C7"),  # TA 2024 vs TA+muutokset 2024: two budget versions (25 000)
    ("M003", "Määrärahat", "D6"),  # MUUTOS € sign: NETTOMENO +120 000 is a magnitude change
    ("M006", "Tunnusluvut", "D6"),  # Henkilöstömenot TP 2024 7,46 % printed 7,4 %
    ("T004", "Yksiköt", "F123"),  # binding level: linear forecast over the net budget
    ("T005", "Käyttötalous", "F14"),  # Aineet, tarvikkeet ja tavarat already over the annual budget
    ("T003", "Yksiköt", "F97"),  # Kehittämisprojektit: actuals without a budget
    ("G002", "Tavoitteet", "D5"),  # Master Plan due in spring 2025, still continuing
    ("G002", "Tavoitteet", "D36"),  # hallintosääntö due 1.6.2025, "kesken"
    ("G003", "Tavoitteet", "D36"),  # status mentions KH 11.8.2025, after 30.6.2025
}


@pytest.fixture(scope="module")
def findings(example_built: Path):
    _book, fs = check_book(read_workbook(example_built))
    return fs


def test_every_real_error_and_no_false_error(findings) -> None:
    errors = {(f.code, f.sheet, f.cell, f.difference) for f in findings if f.severity.value == "error"}
    assert errors == EXPECTED_ERRORS


def test_expected_warnings_present(findings) -> None:
    warnings = {(f.code, f.sheet, f.cell) for f in findings if f.severity.value == "warning"}
    assert warnings >= EXPECTED_WARNINGS


def test_gap_equal_to_one_line_is_named(findings) -> None:
    a003 = [f for f in findings if f.code == "A003"]
    assert a003 and all("Vuokratuotot" in render(f) and "täsmälleen" in render(f) for f in a003)
    assert all(f.params.hint_line == "Vuokratuotot" for f in a003)


def test_rounding_is_info_never_error(findings) -> None:
    rounding = [f for f in findings if f.code == "A009"]
    assert len(rounding) >= 10
    assert all(f.severity.value == "info" and abs(f.difference) <= 2 for f in rounding)
    assert not any(f.severity.value == "error" and abs(f.difference or 99) <= 2 for f in findings)


def test_numbers_in_messages_follow_finnish_habits(findings) -> None:
    x = next(f for f in findings if f.code == "X001" and f.cell == "B4")
    assert "\u22126\u00a0624\u00a0150" in render(x) and "25\u00a0000" in render(x)


def test_english_messages(example_built: Path) -> None:
    _book, fs = check_book(read_workbook(example_built))
    x = next(f for f in fs if f.code == "X001" and f.cell == "B4")
    assert "-6,624,150" in render(x, "en") and "but" in render(x, "en")


def test_finding_cells_hold_the_actual_value(example_built: Path, findings) -> None:
    """Every arithmetic and cross-table finding points at the cell whose value it reports."""
    grids = {g.name: g for g in read_workbook(example_built)}
    from xl_seuranta.domain.grid import parse_a1

    checked = 0
    for f in findings:
        if f.code[0] in "AX" and f.actual is not None:
            row, col = parse_a1(f.cell)
            assert grids[f.sheet].value(row, col) == pytest.approx(f.actual)
            checked += 1
    assert checked >= 20
