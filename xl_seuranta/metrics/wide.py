"""One table's rows side by side: one row per source row, one value column per period.

The metrics that pair two columns of the same line (utilisation, change, forecast) and the
forecasts that add a total's seasonal parts work on this shape; it is built from the model's tidy
frame with numpy, the same way for the rules and for the generated sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xl_seuranta.domain.frame import Frame
from xl_seuranta.domain.grid import a1


@dataclass(frozen=True)
class Wide:
    """Rows of one table in reading order; ``values[key][i]`` is row i's number in period ``key``."""

    sheet: np.ndarray
    row: np.ndarray
    unit: np.ndarray
    line: np.ndarray
    values: dict[str, np.ndarray]  # NaN where the cell holds no number
    cols: dict[str, np.ndarray]  # the cell's column, 0 where the row has no cell in that period

    def __len__(self) -> int:
        return len(self.row)

    def cell(self, key: str, i: int) -> str | None:
        """The A1 address of row ``i``'s cell in period ``key`` (made only for the cells reported)."""
        col = int(self.cols[key][i])
        return a1(int(self.row[i]), col) if col else None


def source_codes(frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """Per frame row, the index of its source row in order of first appearance; and the frame
    position where each source row first appears (the frame's ``src`` numbers, renumbered)."""
    _, first, codes = np.unique(frame["src"], return_index=True, return_inverse=True)
    return codes, first


def wide(
    cells: Frame, table: str, keys: Sequence[str], measure: str = "value", sheet: str | None = None
) -> Wide:
    """The rows of ``table`` (optionally on one ``sheet``) with one value column per period key.

    Where a row has two cells of the same period (a header repeated), the first counts, as in
    reading order everywhere else.
    """
    conditions: dict[str, object] = {"table": table, "measure": measure}
    if sheet is not None:
        conditions["sheet"] = sheet
    sub = cells.where(**conditions)
    if sub.empty:
        empty, no_rows = np.array([], dtype=object), np.array([], dtype=np.int64)
        return Wide(empty, no_rows, empty, empty, {k: np.array([]) for k in keys}, {k: no_rows for k in keys})
    codes, first = source_codes(sub)
    n = len(first)
    values: dict[str, np.ndarray] = {}
    cols: dict[str, np.ndarray] = {}
    period = sub["period"]
    for key in keys:
        pos = np.flatnonzero(period == key)[::-1]  # reversed: the first cell of a row is written last
        v = np.full(n, np.nan)
        c = np.zeros(n, dtype=np.int64)
        v[codes[pos]] = sub["value"][pos]
        c[codes[pos]] = sub["col"][pos]
        values[key], cols[key] = v, c
    return Wide(sub["sheet"][first], sub["row"][first], sub["unit"][first], sub["line"][first], values, cols)
