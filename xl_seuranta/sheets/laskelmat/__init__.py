"""The 'Laske' job: one generated sheet, *Laskelmat*, of live figures and native Excel metric formulas.

The package by concern: ``layout`` (where every row and column goes, which periods are compared),
``formulas`` (the Excel formulas of the metric cells), ``plan`` (the sheet plan: texts from the message
catalogue, styles, colour rules, the chart) and ``values`` (the same numbers computed in Python, for the
tests and the benchmark).

Design
------
* The tool owns exactly one sheet, ``Laskelmat`` (plan mode ``replace``): rerunning replaces what it
  generated last time and nothing else. The user's own sheets are never patched.
* One row per source row of every discovered table (units' MENOT/TULOT/NETTOMENO, operating-statement
  lines, appropriations), grouped in sections under one frozen header row. Labels are written as text
  values; the figures are live formulas referencing the source cells, so pasting new actuals into the
  source updates the sheet without rerunning the tool.
* Metric columns are the en-US formulas of ``metrics.excel_formula`` over those local cells, so Excel
  computes them without Python; ``metric_values`` computes the same numbers with the metrics core
  (``NaN`` exactly where the formula gives an empty cell) and the tests compare the two after a LibreOffice
  recalculation.
* Baselines are the declared ones (Asetukset): newest TP vs the previous year's TP, newest budget vs the
  previous year's budget (TA or TA+muutokset, as declared, falling back to the other kind). Utilisation
  is year-to-date actuals vs the same year's budget, TA+muutokset when present, else TA. Each section's
  title row states the pairs it uses, so nothing is guessed silently.
* The elapsed share comes from one input cell at the top (the report date) and the basis ('kk'/'pv');
  every pace metric references that cell absolutely, so editing the date re-paces the whole sheet.

A source cell that does not hold a number (blank, 'xx', a number stored as text) is shown blank
(``=IF(ISNUMBER(src),src,"")``): a bare ``=src`` would turn a blank into 0 and print a 0 % utilisation.
The validator reports such cells; here they get a cell note.
"""

from xl_seuranta.sheets.laskelmat.layout import (
    PACE_MARGIN,
    PER_RESIDENT,
    ROW_INFO,
    SHEET_NAME,
    SheetLayout,
    pairs,
    sheet_layout,
)
from xl_seuranta.sheets.laskelmat.plan import compute_sheet_plans
from xl_seuranta.sheets.laskelmat.values import metric_values

__all__ = [
    "PACE_MARGIN",
    "PER_RESIDENT",
    "ROW_INFO",
    "SHEET_NAME",
    "SheetLayout",
    "compute_sheet_plans",
    "metric_values",
    "pairs",
    "sheet_layout",
]
