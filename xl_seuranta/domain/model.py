"""The budget book: what layout discovery found in a workbook, handed to the rules and sheets.

Settings (``domain.settings``) and findings (``domain.findings``) are pydantic, because they cross
into JSON and sheets; inside, a tidy frame, one row per number:
``table | unit | line | measure | period | value | kind | raw | sheet | cell | row | col``, as numpy
columns (``domain/frame.py``) with a pandas view for the generated sheets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xl_seuranta.domain.frame import FRAME_COLUMNS, Frame
from xl_seuranta.domain.goals import Goal
from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.notes import LayoutNote
from xl_seuranta.domain.periods import Period, PeriodKind
from xl_seuranta.domain.settings import Settings

if TYPE_CHECKING:  # the batch check runs without pandas (see domain/frame.py)
    import pandas as pd

__all__ = ["FRAME_COLUMNS", "BudgetBook", "Frame", "TableInfo"]


@dataclass
class TableInfo:
    """One discovered table: where it is, its period columns, and how it was recognised."""

    table: str  # maararahat | kayttotalous | tunnusluvut | yksikot
    sheet: str
    header_row: int
    periods: dict[int, Period]  # column -> period
    header_cells: dict[int, str]  # column -> header text as written
    extra_columns: dict[int, str] = field(default_factory=dict)  # column -> 'change_eur' | 'change_pct'
    first_row: int = 0
    last_row: int = 0


@dataclass
class BudgetBook:
    """Everything discovered in one workbook.

    ``cells`` is the tidy frame as numpy columns (what the rules and metrics query); ``frame`` is the
    same rows as a pandas DataFrame, made on first use for the generated sheets.
    """

    grids: list[Grid]
    settings: Settings
    cells: Frame
    tables: list[TableInfo]
    goals: list[Goal]
    periods: dict[str, Period]  # period key -> Period
    notes: list[LayoutNote] = field(default_factory=list)
    expenses_negative: bool = True

    @property
    def report_date(self) -> dt.date | None:
        """The declared report date, else the as-of date of the newest year-to-date column."""
        if self.settings.report_date:
            return self.settings.report_date
        ytd = [p.as_of for p in self.periods.values() if p.kind is PeriodKind.TOTEUMA]
        return max(ytd) if ytd else None

    @property
    def frame(self) -> pd.DataFrame:
        """The tidy frame as a pandas DataFrame (made once, on first use)."""
        cached = self.__dict__.get("_pandas_frame")
        if cached is None:
            cached = self.__dict__["_pandas_frame"] = self.cells.to_pandas()
        return cached

    def values(self, **filters: object) -> pd.DataFrame:
        """Rows of the frame matching column=value filters."""
        f = self.frame
        for key, val in filters.items():
            f = f[f[key] == val]
        return f
