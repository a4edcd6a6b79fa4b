"""The 'Laske' job: the generated sheet *Laskelmat* of live figures and native Excel metric formulas, and
the one-page board view *Yhteenveto* built on its cells (``xl_seuranta.sheets.yhteenveto``).

The package by concern: ``layout`` (where every row and column goes, which periods are compared, how
each row's forecast is built), ``formulas`` (the Excel formulas of the metric cells), ``plan`` (the
sheet plan: texts from the message catalogue, styles, colour rules, print setup, the chart) and
``values`` (the same numbers computed in Python, for the tests and the benchmark).

Design
------
* The tool owns exactly one sheet, ``Laskelmat`` (plan mode ``replace``): rerunning replaces what it
  generated last time and nothing else. The user's own sheets are never patched.
* One row per source row of every discovered table (units' MENOT/TULOT/NETTOMENO, operating-statement
  lines, appropriations), grouped in sections under one frozen header row; rows whose figures are all
  zero are left out (and counted on the section's title row). Labels are written as text values; the
  figures are live formulas referencing the source cells, so pasting new actuals into the source
  updates the sheet without rerunning the tool.
* Figure columns are only those that hold numbers. A budget column is one per year when every table
  has a single budget version of that year (the Yksiköt table's *TA 2025* and the Määrärahat table's
  *TA+muutokset 2025* share the column *Talousarvio 2025*); each section's title row names the
  columns it compares, so nothing is guessed silently.
* Metric columns are the en-US formulas of ``metrics.excel_formula`` over those local cells, so Excel
  computes them without Python; ``metric_values`` computes the same numbers with the metrics core
  (``NaN`` exactly where the formula gives an empty cell) and the tests compare the two after a
  LibreOffice recalculation.
* Change € and change % follow one sign convention (Asetukset: *Muutoksen etumerkki*), stated in a
  legend line: by default both are the growth of the magnitude, so a row never shows −31 964 € beside
  +139,1 %.
* *Käyttö-%* is year-to-date actuals ÷ the same year's budget (TA+muutokset when present, else TA),
  *Jäljellä €* the budget minus the actuals (signed as the budget), and the year-end forecast is
  seasonal-aware: lines marked seasonal on Asetukset at their budget (or the larger actual), other
  lines linearly, a unit's net at the sum of its expenditure and revenue forecasts, a total row at its
  linear forecast corrected by what its seasonal parts change.
* The elapsed share comes from one input cell at the top (the report date) and the basis ('kk'/'pv');
  every pace metric references that cell absolutely, so editing the date re-paces the whole sheet.
* Printing: the printed columns fit one landscape A4 page wide at a scale that keeps the text at 8 pt
  or more, with the header row repeated and page numbers; the helper columns (type, source link) and
  the chart sit to the right of the printed area.

A source cell that does not hold a number (blank, 'xx', a number stored as text) is shown blank
(``=IF(ISNUMBER(src),src,"")``): a bare ``=src`` would turn a blank into 0 and print a 0 % utilisation.
The validator reports such cells; here they get a cell note.
"""

from xl_seuranta.sheets.laskelmat.layout import (
    DATE_REF,
    INPUT_COL,
    NO_NUMBER,
    PACE_MARGIN,
    PER_RESIDENT,
    ROW_INFO,
    SHARE_REF,
    SHEET_NAME,
    Section,
    SheetLayout,
    pairs,
    sheet_layout,
)
from xl_seuranta.sheets.laskelmat.plan import compute_sheet_plans, laskelmat_plan  # noqa: I001
from xl_seuranta.sheets.laskelmat.values import layout_values, metric_values

__all__ = [
    "DATE_REF",
    "INPUT_COL",
    "NO_NUMBER",
    "PACE_MARGIN",
    "PER_RESIDENT",
    "ROW_INFO",
    "SHARE_REF",
    "SHEET_NAME",
    "Section",
    "SheetLayout",
    "compute_sheet_plans",
    "laskelmat_plan",
    "layout_values",
    "metric_values",
    "pairs",
    "sheet_layout",
]
