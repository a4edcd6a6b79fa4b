"""A synthetic follow-up workbook with the awkward cases in numbers (test helper, made at test time).

Units with revenue and without, zero and blank budgets, a refund on a cost line, a net flipping
sign, seasonal units and a seasonal operating-statement line declared on Asetukset, a report date of
30.9. (not the half year). The department total adds up, so what the rules find comes from the
numbers chosen here, not from a broken identity.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from openpyxl import Workbook

HEADERS = ["TP 2024", "TA 2025", "TOT. 30.9.2025"]
SEASONAL_UNITS = ["Yksikkö 03", "Yksikkö 11"]
SEASONAL_LINE = "Tuet ja avustukset"


def build(path: Path, n_units: int = 24, seed: int = 9) -> Path:
    rng = np.random.default_rng(seed)
    menot = -np.round(rng.uniform(5_000, 900_000, (n_units, 3)))
    tulot = np.round(-menot * rng.uniform(0, 0.5, (n_units, 3)))
    menot[:, 2] = np.round(menot[:, 1] * rng.uniform(0.6, 1.2, n_units))  # 30.9.: 60–120 % used
    tulot[:, 2] = np.round(tulot[:, 1] * rng.uniform(0.0, 1.1, n_units))
    tulot[::5] = 0.0  # units without revenue
    menot[4, 1] = 0.0  # actuals without a budget
    menot[7, 2] = 1_200.0  # a refund on a cost line: the actual has the other sign
    tulot[9, 2] = 2 * -menot[9, 2]  # the net turns into a net income
    menot[2, 2] = np.round(menot[2, 1] * 0.97)  # seasonal "Yksikkö 03": the annual fee already paid
    tulot[2, 1], tulot[2, 2] = 40_000.0, 0.0  # ... and a reimbursement that comes once a year
    net = menot + tulot

    wb = Workbook()
    ws = wb.active
    ws.title = "Asetukset"
    for row in (
        ["Kunta", "Synteettinen kunta"],
        ["Toimiala", "Testipalvelut"],
        ["Raportointipäivä", dt.datetime(2025, 9, 30)],
        ["Pyöristystoleranssi (€)", 2],
        [],
        ["Kausiluonteiset rivit"],
        *([u] for u in SEASONAL_UNITS),
        [SEASONAL_LINE],
    ):
        ws.append(row)

    units = wb.create_sheet("Yksiköt")
    units.append(["Yksiköt", *HEADERS])
    for i in range(n_units):
        units.append([f"Yksikkö {i + 1:02d}"])
        units.append(["MENOT", *menot[i].tolist()])
        units.append(["TULOT", *tulot[i].tolist()])
        units.append(["NETTOMENO", *net[i].tolist()])
    units.append(["Toimiala yhteensä"])
    units.append(["MENOT", *menot.sum(axis=0).tolist()])
    units.append(["TULOT", *tulot.sum(axis=0).tolist()])
    units.append(["NETTOMENO", *net.sum(axis=0).tolist()])

    # The operating statement: the same department split by line, with the seasonal line.
    income = {"Myyntituotot": 0.6, SEASONAL_LINE: 0.4}
    expense = {"Henkilöstökulut": 0.55, "Palvelujen ostot": 0.45}
    tuotot, kulut = tulot.sum(axis=0), menot.sum(axis=0)
    kt = wb.create_sheet("Käyttötalous")
    kt.append(["KÄYTTÖTALOUS", *HEADERS])
    parts_in = {name: np.round(tuotot * share) for name, share in income.items()}
    parts_in[SEASONAL_LINE] = tuotot - parts_in["Myyntituotot"]
    parts_in[SEASONAL_LINE][2] = 0.0  # the grant is paid in arrears: nothing yet at 30.9.
    parts_in["Myyntituotot"][2] = tuotot[2]
    for name, values in parts_in.items():
        kt.append([name, *values.tolist()])
    kt.append(["TOIMINTATUOTOT", *tuotot.tolist()])
    parts_out = {name: np.round(kulut * share) for name, share in expense.items()}
    parts_out["Palvelujen ostot"] = kulut - parts_out["Henkilöstökulut"]
    for name, values in parts_out.items():
        kt.append([name, *values.tolist()])
    kt.append(["TOIMINTAKULUT", *kulut.tolist()])
    kt.append(["TOIMINTAKATE", *(tuotot + kulut).tolist()])
    wb.save(path)
    return path
