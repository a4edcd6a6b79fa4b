"""Read the Asetukset (settings) sheet by its labels into the validated ``Settings`` model.

The settings travel inside the workbook so that a rerun next quarter, by another person or by the
nightly batch, uses the same declared report date, populations and baselines. What a label means and
which values are allowed is declared once, on the model (``domain.settings``); here the sheet is
only searched for the labels, and every value the model refuses is noted with its cell.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from xl_seuranta.domain.grid import Grid, a1
from xl_seuranta.domain.notes import UnusableSetting
from xl_seuranta.domain.periods import parse_period
from xl_seuranta.domain.settings import Population, Settings, label_aliases, parse_date
from xl_seuranta.layout.labels import norm

SETTINGS_SHEET_NAMES = {"asetukset", "settings", "parametrit"}


def _label_key(label: object) -> str:
    """A label without case, spacing or a unit in brackets: "Pyöristystoleranssi (€)" -> "pyöristystoleranssi"."""
    return re.sub(r"\s*\(.*?\)\s*", " ", norm(label)).strip()


_FIELDS = {_label_key(alias): field for alias, field in label_aliases().items()}


def find_settings_grid(grids: list[Grid]) -> Grid | None:
    for g in grids:
        if norm(g.name) in SETTINGS_SHEET_NAMES:
            return g
    return None


def read_settings(grids: list[Grid]) -> tuple[Settings, list[UnusableSetting]]:
    """Settings from the Asetukset sheet and the values it refused (defaults are used for those)."""
    grid = find_settings_grid(grids)
    if grid is None:
        return Settings(), []
    found: dict[str, tuple[object, str, str]] = {}  # field -> (value, label as written, A1 of the value)
    pop_header: tuple[int, int, int, int] | None = None  # row, col of Sarake, Asukasluku, Päivämäärä
    seasonal_row: tuple[int, int] | None = None
    ncols = grid.n_cols
    for r in range(1, grid.n_rows + 1):
        for c in range(1, ncols + 1):
            v = grid.value(r, c)
            if not isinstance(v, str):
                continue
            n = norm(v)
            if n == "sarake" and norm(grid.value(r, c + 1)).startswith("asukasluku"):
                pop_header = (r, c, c + 1, c + 2)
                continue
            if n.startswith("kausiluonteiset"):
                seasonal_row = (r, c)
                continue
            field = _FIELDS.get(_label_key(v))
            value = grid.value(r, c + 1)
            if field is not None and value is not None:
                found[field] = (value, v.strip(), a1(r, c + 1))
    settings, notes = _validate(grid, found)
    settings.sheet = grid.name
    if settings.year is None and settings.report_date is not None:
        settings.year = settings.report_date.year
    if pop_header:
        settings.populations, pop_notes = _populations(grid, pop_header, settings.year)
        notes += pop_notes
    if seasonal_row:
        r, c = seasonal_row
        r += 1
        while r <= grid.n_rows and isinstance(grid.value(r, c), str):
            settings.seasonal.append(grid.value(r, c).strip())
            r += 1
    return settings, notes


def _validate(
    grid: Grid, found: dict[str, tuple[object, str, str]]
) -> tuple[Settings, list[UnusableSetting]]:
    """The model from the values found; each value it refuses is noted and left to its default."""
    data = {field: value for field, (value, _label, _cell) in found.items()}
    notes: list[UnusableSetting] = []
    while True:
        try:
            return Settings.model_validate(data), notes
        except ValidationError as exc:
            for field in sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]}):
                value, label, cell = found[field]
                notes.append(UnusableSetting(grid.name, cell, label=label, value=value, setting=field))
                del data[field]


def _populations(
    grid: Grid, header: tuple[int, int, int, int], year: int | None
) -> tuple[list[Population], list[UnusableSetting]]:
    """The table *Sarake – Asukasluku – Päivämäärä*: a population outside its range is noted and not used."""
    r0, cc, cp, cd = header
    out: list[Population] = []
    notes: list[UnusableSetting] = []
    label = str(grid.value(r0, cp)).strip()
    r = r0 + 1
    while r <= grid.n_rows and grid.value(r, cc) is not None:
        column, raw, date = grid.value(r, cc), grid.value(r, cp), grid.value(r, cd)
        parsed = parse_date(date)
        row = {
            "column": str(column),
            "period": parse_period(str(column), year),
            "date": parsed.isoformat() if parsed else (str(date) if date else None),
        }
        try:
            out.append(Population.model_validate({**row, "population": raw}))
        except ValidationError:
            notes.append(
                UnusableSetting(
                    grid.name, a1(r, cp), label=f"{label} {column}", value=raw, setting="population"
                )
            )
            out.append(Population.model_validate(row))
        r += 1
    return out, notes
