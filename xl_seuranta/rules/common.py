"""Small helpers the rules share: numbers looked up in the model's frame with their cells.

The rules query ``book.cells`` (numpy columns) and ask ``xl_seuranta.metrics`` for every number a cell
function or a generated column also shows; nothing here computes a metric.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xl_seuranta.domain.frame import Frame
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.periods import Period
from xl_seuranta.metrics import elapsed_share, pairing
from xl_seuranta.metrics.forecast import table_periods

__all__ = ["Num", "budget_for_year", "elapsed_share", "lookup", "numbers", "periods_of", "ytd_period"]


@dataclass(frozen=True)
class Num:
    """A number with where it stands."""

    value: float
    sheet: str
    cell: str


def _index(book: BudgetBook, table: str, unit: str | None) -> dict[tuple, Num]:
    """(line, period, measure) -> the first number of a table (of one unit, or of any unit), cached.

    Built per (table, unit) on first use: the rules look up totals of small tables many times, and
    never need an index of every unit of a 20 000-row unit table.
    """
    cache = book.__dict__.setdefault("_lookup_index", {})
    key = (table, unit)
    if key not in cache:
        cells = book.cells
        m = cells.mask(table=table) if unit is None else cells.mask(table=table, unit=unit)
        f = cells.take(m & ~np.isnan(cells["value"]))
        index: dict[tuple, Num] = {}
        for line, period, measure, value, sheet, cell in f.rows(
            "line", "period", "measure", "value", "sheet", "cell"
        ):
            index.setdefault((line, period, measure), Num(float(value), str(sheet), str(cell)))
        cache[key] = index
    return cache[key]


def lookup(
    book: BudgetBook, table: str, line: str, period: str, unit: str | None = None, measure: str = "value"
) -> Num | None:
    """The first number for (table, unit, line, period, measure), or None if absent or not a number.

    ``unit=None`` matches any unit (the first in reading order).
    """
    return _index(book, table, unit).get((line, period, measure))


def numbers(book: BudgetBook, **conditions: object) -> Frame:
    """The frame rows matching the conditions (see ``Frame.mask``) that hold a number."""
    cells = book.cells
    return cells.take(cells.mask(**conditions) & ~np.isnan(cells["value"]))


def periods_of(book: BudgetBook, table: str) -> list[Period]:
    """The periods a table has columns for, in reading order (cached per book)."""
    return table_periods(book, table)


def budget_for_year(book: BudgetBook, year: int, table: str) -> Period | None:
    """The budget a year's actuals are measured against in a table (``metrics.pairing``)."""
    return pairing.utilisation_budget(periods_of(book, table), year)


def ytd_period(book: BudgetBook, table: str) -> Period | None:
    """The newest year-to-date (toteuma) column of a table."""
    return pairing.newest_ytd(periods_of(book, table))
