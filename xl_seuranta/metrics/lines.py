"""Which lines are costs, which are revenue, which are totals of which, and which are seasonal.

The pace rules, the forecasts and the Laskelmat colours must agree on these, so they are decided
here once.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from xl_seuranta.layout import labels as L

COST_LINES = frozenset({"MENOT", L.EXPENSE_TOTAL, *L.EXPENSE_LINES})
"""Expenditure lines: unit blocks' MENOT, the operating statement's expense lines and their total."""
REVENUE_LINES = frozenset({"TULOT", L.INCOME_TOTAL, *L.INCOME_LINES})
"""Revenue lines: unit blocks' TULOT, the income lines and their total."""
NET_LINES = frozenset({"NETTOMENO", L.MARGIN})
"""Net lines: expenditure plus revenue (NETTOMENO, TOIMINTAKATE)."""


def is_cost_line(lines: Iterable[object]) -> np.ndarray:
    """Boolean array: the line is an expenditure line."""
    return np.fromiter((x in COST_LINES for x in lines), dtype=bool)


def is_revenue_line(lines: Iterable[object]) -> np.ndarray:
    """Boolean array: the line is a revenue line."""
    return np.fromiter((x in REVENUE_LINES for x in lines), dtype=bool)


def seasonal_keys(declared: Iterable[str]) -> frozenset[str]:
    """The normalised names listed under *Kausiluonteiset rivit* on Asetukset."""
    return frozenset(k for k in (L.norm(s) for s in declared) if k)


def is_seasonal(units: Iterable[object], lines: Iterable[object], declared: Iterable[str]) -> np.ndarray:
    """Boolean array: the row's unit, its line, or the two together ("Kuntaliitto MENOT") is listed
    under *Kausiluonteiset rivit*.

    Names are compared in the normalised label form (case, spaces, footnote stars), the same way
    the tables' own labels are recognised, so "KUNTALIITTO " matches "Kuntaliitto".
    """
    keys = seasonal_keys(declared)
    units, lines = list(units), list(lines)
    if not keys:
        return np.zeros(len(units), dtype=bool)
    cache: dict[object, bool] = {}

    def hit(x: object) -> bool:
        if x not in cache:
            cache[x] = L.norm(x) in keys
        return cache[x]

    return np.fromiter(
        (hit(u) or hit(ln) or hit(f"{u} {ln}") for u, ln in zip(units, lines, strict=True)), dtype=bool
    )
