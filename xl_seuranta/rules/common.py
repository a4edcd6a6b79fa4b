"""Small helpers the rules share: looking numbers up in the tidy frame with their cells."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from xl_seuranta.model import BudgetBook
from xl_seuranta.periods import Period, PeriodKind


@dataclass(frozen=True)
class Num:
    """A number with where it stands."""

    value: float
    sheet: str
    cell: str


def lookup(
    book: BudgetBook, table: str, line: str, period: str, unit: str | None = None, measure: str = "value"
) -> Num | None:
    """The first number for (table, unit, line, period, measure), or None if absent or not a number."""
    f = book.frame
    if f.empty:
        return None
    m = (f["table"] == table) & (f["line"] == line) & (f["period"] == period) & (f["measure"] == measure)
    if unit is not None:
        m &= f["unit"] == unit
    rows = f[m]
    rows = rows[rows["value"].notna()]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Num(float(r["value"]), str(r["sheet"]), str(r["cell"]))


def numbers(book: BudgetBook, **filters: object) -> pd.DataFrame:
    """Frame rows matching the filters that hold a number."""
    f = book.values(**filters)
    return f[f["value"].notna()]


def is_close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


def periods_of(book: BudgetBook, table: str) -> list[Period]:
    keys = book.frame.loc[book.frame["table"] == table, "period"].unique()
    return [book.periods[k] for k in keys if k in book.periods]


def budget_for_year(book: BudgetBook, year: int, table: str) -> Period | None:
    """The budget column of a year in a table: amended budget if there is one, else the original."""
    cands = [p for p in periods_of(book, table) if p.year == year and p.is_budget]
    cands.sort(key=lambda p: p.kind is not PeriodKind.TA_MUUTOS)
    return cands[0] if cands else None


def ytd_period(book: BudgetBook, table: str) -> Period | None:
    """The newest year-to-date (toteuma) column of a table."""
    cands = [p for p in periods_of(book, table) if p.kind is PeriodKind.TOTEUMA]
    return max(cands, key=lambda p: p.as_of) if cands else None


def fnum(x: float) -> float:
    return 0.0 if x is None or (isinstance(x, float) and math.isnan(x)) else x
