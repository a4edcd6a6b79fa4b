"""Every rule has a passing test (the consistent book) and a failing one (one thing changed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from clean_book import clean_grids, put, row_of, sheet

from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.messages import render
from xl_seuranta.layout import discover_book
from xl_seuranta.rules import RULES
from xl_seuranta.rules.engine import run_rules


def _findings(grids: list[Grid]):
    return run_rules(discover_book(grids))


def unit_cell(grids, unit_nth: int, line: str, col: int):
    y = sheet(grids, "Yksiköt")
    return row_of(y, line, unit_nth), col


def set_unit(grids, unit_nth: int, line: str, col: int, value) -> None:
    r, c = unit_cell(grids, unit_nth, line, col)
    put(grids, "Yksiköt", r, c, value)


def set_kt(grids, line: str, col: int, value) -> None:
    put(
        grids,
        "Käyttötalous",
        row_of(sheet(grids, "Käyttötalous"), line, 2 if line == "TOIMINTATUOTOT" else 1),
        col,
        value,
    )


def set_goal(grids, col: int, value) -> None:
    put(grids, "Tavoitteet", 3, col, value)


def drop_sheet(name: str) -> Callable:
    def f(grids):
        grids[:] = [g for g in grids if g.name != name]

    return f


def add_ytd_key_figures(grids) -> None:
    put(grids, "Tunnusluvut", 2, 6, "TOT. 30.6. 2025")
    for label, value in (
        ("Henkilöstömenot €", -1200),
        ("Palvelujen ostot €", -600),
        ("Toimintakate €/asukas", -162),
    ):
        put(grids, "Tunnusluvut", row_of(sheet(grids, "Tunnusluvut"), label), 6, value)


def drop_unit_total(grids: list[Grid]) -> None:
    """The unit table without its total block (as an ERP export), and one unit's expenditure changed."""
    rows = sheet(grids, "Yksiköt").rows
    first = row_of(sheet(grids, "Yksiköt"), "Toimiala yhteensä")
    del rows[first - 1 : first + 3]
    set_unit(grids, 2, "MENOT", 2, -2100)


MUTATIONS: dict[str, Callable[[list[Grid]], None]] = {
    "S001": lambda g: g.__setitem__(slice(None), [Grid("Muistio", [["Pelkkää tekstiä"]])]),
    "S002": lambda g: put(g, "Yksiköt", 3, 1, None),
    "S003": lambda g: put(g, "Yksiköt", 7, 1, "Yksikkö A"),
    "S004": lambda g: sheet(g, "Yksiköt").rows.__setitem__(4, [None] * 6),
    "S005": lambda g: sheet(g, "Käyttötalous").rows.insert(4, ["Outo rivi", 1, 2, 3, 4, 5]),
    "S006": lambda g: put(g, "Käyttötalous", 2, 5, "TA 2025*"),
    "S007": drop_sheet("Määrärahat"),
    "S008": drop_sheet("Asetukset"),
    "S009": lambda g: put(g, "Asetukset", 6, 2, 50000),  # Pyöristystoleranssi (€)
    "C001": lambda g: set_unit(g, 1, "MENOT", 2, "\u22121\u00a0000"),
    "C002": lambda g: set_unit(g, 1, "MENOT", 2, "xx"),
    "C003": lambda g: set_unit(g, 1, "MENOT", 2, "#DIV/0!"),
    "C004": lambda g: set_unit(g, 1, "MENOT", 2, "n. 1000"),
    "C005": lambda g: set_unit(g, 1, "MENOT", 2, None),
    "C006": lambda g: [
        set_unit(g, 1, "NETTOMENO", 2, None),
        sheet(g, "Yksiköt").uncached_formulas.add(unit_cell(g, 1, "NETTOMENO", 2)),
    ],
    "A001": lambda g: set_unit(g, 1, "NETTOMENO", 2, -950),
    "A002": lambda g: [set_unit(g, 3, "MENOT", 2, -3100), set_unit(g, 3, "NETTOMENO", 2, -2800)],
    "A003": lambda g: set_kt(g, "TOIMINTATUOTOT", 2, 400),
    "A004": lambda g: set_kt(g, "TOIMINTAKULUT", 2, -3100),
    "A005": lambda g: set_kt(g, "TOIMINTAKATE", 2, -2800),
    "A006": drop_unit_total,
    "A009": lambda g: set_unit(g, 1, "NETTOMENO", 2, -901),
    "X001": lambda g: put(g, "Määrärahat", 3, 2, -3500),
    "X002": lambda g: [
        put(g, "Käyttötalous", 2, 4, "TA+muutokset 2024"),
        set_kt(g, "Palvelujen ostot", 4, -1250),
    ],
    "M001": lambda g: put(g, "Määrärahat", 3, 4, -300),
    "M002": lambda g: put(g, "Määrärahat", 3, 5, 8.0),
    "M003": lambda g: put(g, "Määrärahat", 5, 4, 180),
    "M004": lambda g: put(g, "Tunnusluvut", 4, 2, 3.0),
    "M005": lambda g: put(g, "Määrärahat", 4, 2, -340),
    "M006": lambda g: put(g, "Tunnusluvut", 4, 5, 9.0),
    "P001": lambda g: put(g, "Asetukset", 13, 2, 12),
    "P002": lambda g: [put(g, "Asetukset", r, 2, None) for r in range(10, 14)],
    "P003": lambda g: put(g, "Tunnusluvut", 7, 2, -290),
    "P005": lambda g: put(g, "Tunnusluvut", 7, 2, -500),
    "P004": add_ytd_key_figures,
    "T001": lambda g: set_unit(g, 1, "MENOT", 6, -900),
    "T002": lambda g: set_unit(g, 1, "TULOT", 6, 20),
    "T003": lambda g: set_unit(g, 1, "MENOT", 5, 0),
    "T004": lambda g: set_unit(g, 3, "NETTOMENO", 6, -2000),
    "T005": lambda g: set_unit(g, 1, "MENOT", 6, -1400),
    "G001": lambda g: set_goal(g, 4, None),
    "G002": lambda g: [set_goal(g, 3, "Valmis 1.6.2025 mennessä"), set_goal(g, 4, "Työ on kesken.")],
    "G003": lambda g: set_goal(g, 4, "Koulutukset toteutunut 1.8.2025."),
    "G004": lambda g: set_goal(g, 4, "Toteutettu 13/54 eli 30 %."),
}


def test_every_rule_has_a_mutation() -> None:
    assert set(MUTATIONS) == set(RULES)


def test_clean_book_has_no_findings() -> None:
    findings = _findings(clean_grids())
    assert findings == [], [f"{f.code} {f.cell} {render(f)}" for f in findings]


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_rule_fails_on_its_mutation_and_passes_otherwise(code: str) -> None:
    assert not [f for f in _findings(clean_grids()) if f.code == code]
    grids = clean_grids()
    MUTATIONS[code](grids)
    hits = [f for f in _findings(grids) if f.code == code]
    assert hits, f"{code} did not fire"
    rule = RULES[code]
    assert all(f.severity == rule.severity for f in hits)
    assert all(isinstance(f.params, rule.params) for f in hits)
    fi, en = [render(f, "fi") for f in hits], [render(f, "en") for f in hits]
    assert all(m and "{" not in m for m in fi + en) and fi[0] != en[0]


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_rule_has_documentation(code: str) -> None:
    doc = RULES[code].doc
    assert "What it checks" in doc and "Why it matters" in doc and "Example" in doc and "What to do" in doc


def test_formula_without_value_in_a_real_file(tmp_path) -> None:
    """openpyxl writes formulas without cached values: the reader notices them in the sheet XML."""
    from openpyxl import Workbook

    from xl_seuranta.io.file_reader import read_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Yksiköt"
    for row in clean_grids()[4].rows:
        ws.append(row)
    ws["B6"] = "=B4+B5"  # Yksikkö A NETTOMENO TP 2023 as a formula, no cached value
    path = tmp_path / "kaava.xlsx"
    wb.save(path)
    grids = read_workbook(path)
    assert (6, 2) in grids[0].uncached_formulas
    hits = [f for f in _findings(grids) if f.code == "C006"]
    assert [(f.sheet, f.cell) for f in hits] == [("Yksiköt", "B6")]


def test_declared_tp_baseline_is_followed() -> None:
    """Asetukset may declare actuals to be compared with the previous year's budget."""
    grids = clean_grids()
    assert not [f for f in _findings(grids) if f.code.startswith("M")]
    sheet(grids, "Asetukset").rows.append(["Muutos-% vertailupohja TP", "edellisen vuoden TA"])
    findings = _findings(grids)
    # TP 2024 against TA 2023, which the book does not have: the printed % cannot be checked.
    m = [f for f in findings if f.code.startswith("M")]
    assert [(f.code, f.cell) for f in m] == [("M004", "C4"), ("M004", "C6")]
    assert all("vertailupohjaa TA 2023" in render(f) for f in m)
