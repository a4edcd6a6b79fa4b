"""The tidy frame of a workbook's numbers as plain numpy columns.

One row per number cell of a discovered table: ``table | unit | line | measure | period | value |
kind | raw | sheet | cell | row | col``. The rules query it with numpy (masks, group codes), which
keeps the batch check free of pandas: importing pandas alone takes longer than reading a 20 000-row
workbook with python-calamine, and the check is meant to cost a small multiple of that read.
``to_pandas()`` gives the same rows as a DataFrame for the generated sheets, which import pandas anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from xl_seuranta.domain.grid import col_letter

if TYPE_CHECKING:
    import pandas as pd

FRAME_COLUMNS = [
    "table",
    "unit",
    "line",
    "measure",
    "period",
    "value",
    "kind",
    "raw",
    "sheet",
    "cell",
    "row",
    "col",
]
_DTYPES = {"value": float, "row": np.int64, "col": np.int64, "src": np.int64}
_DERIVED = ("cell", "src")
"""Columns that may be left out and are made when first asked for: ``cell`` (the A1 address, from
``row`` and ``col``) and ``src`` (the source row's number in reading order: (sheet, row) -> 0, 1, …)."""


def _column(name: str, values: Any) -> np.ndarray:
    dtype = _DTYPES.get(name, object)
    arr = np.asarray(values, dtype=dtype) if dtype is not object else _object_array(values)
    if arr.ndim != 1:
        raise ValueError(f"column {name!r} must be one-dimensional")
    return arr


def _object_array(values: Any) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == object:
        return values
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


class Frame:
    """Equal-length numpy columns; string columns are object arrays, ``value`` is float (NaN = no number).

    Besides ``FRAME_COLUMNS`` a frame has ``src``, the number of the source row a cell stands on (the
    rules group cells by their row without looking at sheet names); discovery gives it, otherwise it
    is derived.
    """

    __slots__ = ("_cols", "_eq")

    def __init__(self, columns: Mapping[str, Any] | None = None) -> None:
        """``columns`` by name; ``cell`` and ``src`` may be left out (see ``_DERIVED``): most cells'
        A1 addresses are never needed, only those reported."""
        columns = columns or {name: [] for name in FRAME_COLUMNS}
        names = [n for n in [*FRAME_COLUMNS, "src"] if n in columns or n not in _DERIVED]
        cols = {name: _column(name, columns[name]) for name in names}
        lengths = {len(c) for c in cols.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        self._cols: dict[str, np.ndarray] | _TakenColumns = cols
        self._eq: dict[tuple[str, object], np.ndarray] = {}

    @classmethod
    def concat(cls, frames: Iterable[Frame]) -> Frame:
        """The frames one after another; their ``src`` numbers continue from frame to frame."""
        frames = [f for f in frames if len(f)]
        if not frames:
            return cls()
        names = [n for n in [*FRAME_COLUMNS, "src"] if all(n in f._cols for f in frames)]
        cols = {n: np.concatenate([f._cols[n] for f in frames]) for n in names if n != "src"}
        if "src" in names:
            offsets = np.cumsum([0] + [int(f._cols["src"].max()) + 1 for f in frames[:-1]])
            cols["src"] = np.concatenate([f._cols["src"] + o for f, o in zip(frames, offsets, strict=True)])
        return cls(cols)

    def __len__(self) -> int:
        return len(self._cols["value"])

    @property
    def empty(self) -> bool:
        return len(self) == 0

    def __getitem__(self, name: str) -> np.ndarray:
        col = self._cols.get(name)
        if col is None and name == "cell":
            col = self._cols["cell"] = _a1(self._cols["row"], self._cols["col"])
        elif col is None and name == "src":
            col = self._cols["src"] = group_codes(self._cols["sheet"], self._cols["row"])[0]
        if col is None:
            raise KeyError(name)
        return col

    def take(self, index: np.ndarray) -> Frame:
        """The rows selected by a boolean mask or by positions (in that order).

        Each column is selected when first asked for: a rule looks at a few of a frame's dozen
        columns, and selecting all of them cost more than the rule's own work on a big workbook."""
        out = Frame.__new__(Frame)
        out._cols = _TakenColumns(self._cols, index)
        out._eq = {}
        return out

    def mask(self, **conditions: object) -> np.ndarray:
        """Boolean mask of the rows where each column equals the value, or is in a set/list/tuple."""
        m = np.ones(len(self), dtype=bool)
        for name, value in conditions.items():
            col = self[name]
            if isinstance(value, set | frozenset | list | tuple):
                allowed = frozenset(value)
                m &= np.fromiter(map(allowed.__contains__, col.tolist()), dtype=bool, count=len(col))
            else:
                key = (name, value)
                if key not in self._eq:  # the rules ask for the same tables and lines again and again
                    self._eq[key] = col == value
                m &= self._eq[key]
        return m

    def where(self, **conditions: object) -> Frame:
        """The rows matching ``mask(**conditions)``."""
        return self.take(self.mask(**conditions))

    def numbers(self) -> Frame:
        """The rows that hold a number."""
        return self.take(~np.isnan(self._cols["value"]))

    def rows(self, *names: str) -> Iterator[tuple]:
        """The given columns, row by row (for the few rows a rule reports)."""
        return zip(*(self[n].tolist() for n in names), strict=True)

    def to_pandas(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({n: self[n] for n in FRAME_COLUMNS}, columns=FRAME_COLUMNS)


class _TakenColumns:
    """The columns of a frame's selected rows, each selected from the source frame's column when
    first asked for; every name the source has counts as present (as ``Frame`` asks: ``in``, ``[]``,
    ``get``, and storing a derived column)."""

    __slots__ = ("_base", "_index", "_made")

    def __init__(self, base: dict[str, np.ndarray] | _TakenColumns, index: np.ndarray) -> None:
        self._base = base
        self._index = index
        self._made: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        col = self._made.get(name)
        if col is None:
            col = self._made[name] = self._base[name][self._index]
        return col

    def __setitem__(self, name: str, col: np.ndarray) -> None:
        self._made[name] = col

    def __contains__(self, name: object) -> bool:
        return name in self._made or name in self._base

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 (this is get itself)


def _a1(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    letters: dict[int, str] = {}
    out = np.empty(len(rows), dtype=object)
    out[:] = [
        (letters.get(c) or letters.setdefault(c, col_letter(c))) + str(r)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    return out


def factorize(column: np.ndarray) -> tuple[np.ndarray, list]:
    """Integer codes of a column's distinct values in order of first appearance, and the values."""
    values = column.tolist()
    uniques = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(uniques)}
    return np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), uniques


def group_codes(*columns: np.ndarray) -> tuple[np.ndarray, int]:
    """Group ids of the distinct value combinations of the columns, numbered in order of first
    appearance, and the number of groups (pandas' ``groupby(sort=False)`` without pandas)."""
    if not columns or len(columns[0]) == 0:
        return np.zeros(0, dtype=np.int64), 0
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        codes, uniques = factorize(col) if col.dtype == object else np.unique(col, return_inverse=True)[::-1]
        combined = np.unique(combined * (len(uniques) + 1) + codes, return_inverse=True)[1]  # stays small
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse], len(order)
