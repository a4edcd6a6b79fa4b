"""Small helpers the rules share: looking numbers up in the tidy frame with their cells."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.periods import Period, PeriodKind

if TYPE_CHECKING:  # `xl-seuranta rules` imports the rule modules; it must not import pandas
    import pandas as pd


@dataclass(frozen=True)
class Num:
    """A number with where it stands."""

    value: float
    sheet: str
    cell: str


def _index(book: BudgetBook) -> dict[tuple, Num]:
    """(table, unit, line, period, measure) and (table, None, line, period, measure) -> first number.

    Built once per book: rules look numbers up hundreds of times, and filtering the frame for each
    lookup made a check take most of a second.
    """
    cached = book.__dict__.get("_lookup_index")
    if cached is not None:
        return cached
    index: dict[tuple, Num] = {}
    f = book.frame
    if not f.empty:
        f = f[f["value"].notna()]
        cols = zip(
            f["table"],
            f["unit"],
            f["line"],
            f["period"],
            f["measure"],
            f["value"],
            f["sheet"],
            f["cell"],
            strict=True,
        )
        for table, unit, line, period, measure, value, sheet, cell in cols:
            num = Num(float(value), str(sheet), str(cell))
            index.setdefault((table, unit, line, period, measure), num)
            index.setdefault((table, None, line, period, measure), num)
    book.__dict__["_lookup_index"] = index
    return index


def lookup(
    book: BudgetBook, table: str, line: str, period: str, unit: str | None = None, measure: str = "value"
) -> Num | None:
    """The first number for (table, unit, line, period, measure), or None if absent or not a number.

    ``unit=None`` matches any unit (the first in reading order).
    """
    return _index(book).get((table, unit, line, period, measure))


def numbers(book: BudgetBook, **filters: object) -> pd.DataFrame:
    """Frame rows matching the filters that hold a number."""
    f = book.values(**filters)
    return f[f["value"].notna()]


def is_close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


def periods_of(book: BudgetBook, table: str) -> list[Period]:
    """The periods a table has columns for (cached per book; rules ask for them often)."""
    cache = book.__dict__.setdefault("_periods_of", {})
    if table not in cache:
        keys = book.frame.loc[book.frame["table"] == table, "period"].unique() if not book.frame.empty else []
        cache[table] = [book.periods[k] for k in keys if k in book.periods]
    return cache[table]


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


def elapsed_share(book: BudgetBook, period: Period) -> float:
    """Share of the year elapsed at a column's as-of date, on the declared basis (kk or pv)."""
    from xl_seuranta.metrics import kulunut_osuus  # numpy and pandas: only when a book is checked

    basis = book.settings.pace_basis if book.settings.pace_basis in ("kk", "pv") else "kk"
    return float(kulunut_osuus(period.as_of, basis))
