"""Read the Asetukset (settings) sheet by its labels.

The settings travel inside the workbook so that a rerun next quarter, by another person or by the
nightly batch, uses the same declared report date, populations and baselines.
"""

from __future__ import annotations

import datetime as dt
import re

from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.numbers import read_cell_number
from xl_seuranta.domain.periods import parse_period
from xl_seuranta.domain.settings import Population, Settings
from xl_seuranta.layout.labels import norm

SETTINGS_SHEET_NAMES = {"asetukset", "settings", "parametrit"}

_FIELDS = {
    "kunta": "municipality",
    "toimiala": "department",
    "raportointipäivä": "report_date",
    "raportointipvm": "report_date",
    "tilannepäivä": "report_date",
    "vuosi": "year",
    "pyöristystoleranssi": "rounding_tolerance",
    "sitovuustaso": "binding_level",
    "etumerkkikäytäntö": "sign_convention",
    "kuluneen ajan laskutapa": "pace_basis",
    "muutos-% vertailupohja tp": "baseline_tp",
    "muutos-% vertailupohja ta": "baseline_ta",
    "tavoitteiden tila-asteikko": "goal_scale",
}


def parse_date(value: object) -> dt.date | None:
    """A date cell: a real date, an ISO string, or Finnish 'd.m.yyyy' text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
        try:
            if m:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return dt.date.fromisoformat(s[:10])
        except ValueError:
            return None
    return None


def find_settings_grid(grids: list[Grid]) -> Grid | None:
    for g in grids:
        if norm(g.name) in SETTINGS_SHEET_NAMES:
            return g
    return None


def _field_for(label: object) -> str | None:
    n = norm(label)
    n = re.sub(r"\s*\(.*?\)\s*", " ", n).strip()
    return _FIELDS.get(n)


def read_settings(grids: list[Grid]) -> Settings:
    """Settings from the Asetukset sheet; defaults where the sheet or a label is missing."""
    grid = find_settings_grid(grids)
    s = Settings()
    if grid is None:
        return s
    s.sheet = grid.name
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
            field = _field_for(v)
            if field is None:
                continue
            value = grid.value(r, c + 1)
            if value is None:
                continue
            if field == "report_date":
                s.report_date = parse_date(value)
            elif field in ("year",):
                p = read_cell_number(value)
                s.year = int(p.value) if p.value is not None else None
            elif field == "rounding_tolerance":
                p = read_cell_number(value)
                if p.value is not None and p.value >= 0:
                    s.rounding_tolerance = p.value
            elif field == "goal_scale":
                s.goal_scale = [x.strip() for x in str(value).split(";") if x.strip()]
            else:
                setattr(s, field, str(value).strip())
    if s.year is None and s.report_date is not None:
        s.year = s.report_date.year
    if pop_header:
        r0, cc, cp, cd = pop_header
        r = r0 + 1
        while r <= grid.n_rows and grid.value(r, cc) is not None:
            label = grid.value(r, cc)
            pop = read_cell_number(grid.value(r, cp))
            date = grid.value(r, cd)
            s.populations.append(
                Population(
                    column=str(label),
                    period=parse_period(str(label), s.year),
                    population=pop.value,
                    date=parse_date(date).isoformat() if parse_date(date) else (str(date) if date else None),
                )
            )
            r += 1
    if seasonal_row:
        r, c = seasonal_row
        r += 1
        while r <= grid.n_rows and isinstance(grid.value(r, c), str):
            s.seasonal.append(grid.value(r, c).strip())
            r += 1
    return s
