"""A small, fully consistent follow-up workbook as grids: no rule fires on it (test helper).

Each rule's failing test changes one thing in it; its passing test runs on it unchanged.
"""

from __future__ import annotations

import datetime as dt

from xl_seuranta.domain.grid import Grid

H5 = ["TP 2023", "TP 2024", "TA 2024", "TA 2025", "TOT. 30.6. 2025"]


def clean_grids() -> list[Grid]:
    asetukset = [
        ["Asetukset"],
        ["Kunta", "Testikunta"],
        ["Toimiala", "Testitoimiala"],
        ["Raportointipäivä", dt.datetime(2025, 6, 30)],
        ["Vuosi", 2025],
        ["Pyöristystoleranssi (€)", 2],
        ["Sitovuustaso", "Nettomeno"],
        [],
        ["Sarake", "Asukasluku", "Päivämäärä"],
        ["TP 2023", 10, "31.12.2023"],
        ["TP 2024", 10, "31.12.2024"],
        ["TA 2024", 10, "31.12.2023"],
        ["TA 2025", 10, "31.12.2024"],
    ]
    maararahat = [
        ["Määrärahat"],
        ["Testitoimiala", "TA 2024", "TA 2025", "MUUTOS €", "MUUTOS %"],
        ["MENOT", -3400, -3600, -200, 5.9],
        ["TULOT", 340, 360, 20, 5.9],
        ["NETTOMENO", -3060, -3240, -180, 5.9],
    ]
    kayttotalous = [
        ["Käyttötalous"],
        ["KÄYTTÖTALOUS", *H5],
        ["TOIMINTATUOTOT"],
        ["Myyntituotot", 200, 210, 220, 240, 120],
        ["Tuet ja avustukset", 100, 110, 120, 120, 60],
        ["TOIMINTATUOTOT", 300, 320, 340, 360, 180],
        ["Henkilöstökulut", -2000, -2100, -2200, -2400, -1200],
        ["Palvelujen ostot", -1000, -1100, -1200, -1200, -600],
        ["TOIMINTAKULUT", -3000, -3200, -3400, -3600, -1800],
        ["TOIMINTAKATE", -2700, -2880, -3060, -3240, -1620],
    ]
    tunnusluvut = [
        ["Tunnusluvut"],
        ["Tunnusluvut", "TP 2023", "TP 2024", "TA 2024", "TA 2025"],
        ["Henkilöstömenot €", -2000, -2100, -2200, -2400],
        ["Muutos %", None, 5.0, None, 9.1],
        ["Palvelujen ostot €", -1000, -1100, -1200, -1200],
        ["Muutos %", None, 10.0, None, 0.0],
        ["Toimintakate €/asukas", -270, -288, -306, -324],
    ]
    yksikot = [
        ["Yksiköt"],
        ["Yksikkö", *H5],
        ["Yksikkö A"],
        ["MENOT", -1000, -1100, -1200, -1300, -650],
        ["TULOT", 100, 110, 120, 130, 65],
        ["NETTOMENO", -900, -990, -1080, -1170, -585],
        ["Yksikkö B"],
        ["MENOT", -2000, -2100, -2200, -2300, -1150],
        ["TULOT", 200, 210, 220, 230, 115],
        ["NETTOMENO", -1800, -1890, -1980, -2070, -1035],
        ["Toimiala yhteensä"],
        ["MENOT", -3000, -3200, -3400, -3600, -1800],
        ["TULOT", 300, 320, 340, 360, 180],
        ["NETTOMENO", -2700, -2880, -3060, -3240, -1620],
    ]
    tavoitteet = [
        ["TESTITEEMA"],
        ["Tavoite", "Toimenpiteet", "Mittarit", "TOT. 30.6."],
        ["Asiakaspalvelun parantaminen", "Koulutus", "Palautteet", "Koulutukset toteutunut."],
    ]
    return [
        Grid("Asetukset", asetukset),
        Grid("Määrärahat", maararahat),
        Grid("Käyttötalous", kayttotalous),
        Grid("Tunnusluvut", tunnusluvut),
        Grid("Yksiköt", yksikot),
        Grid("Tavoitteet", tavoitteet),
    ]


def sheet(grids: list[Grid], name: str) -> Grid:
    return next(g for g in grids if g.name == name)


def row_of(grid: Grid, label: str, nth: int = 1) -> int:
    """1-based row of the nth row whose first cell is ``label``."""
    seen = 0
    for i, row in enumerate(grid.rows, start=1):
        if row and row[0] == label:
            seen += 1
            if seen == nth:
                return i
    raise KeyError(label)


def put(grids: list[Grid], name: str, row: int, col: int, value: object) -> None:
    """Set a cell, growing the grid as needed."""
    g = sheet(grids, name)
    while len(g.rows) < row:
        g.rows.append([])
    r = g.rows[row - 1]
    while len(r) < col:
        r.append(None)
    r[col - 1] = value
