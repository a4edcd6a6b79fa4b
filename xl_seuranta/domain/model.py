"""The budget book: what layout discovery found in a workbook, handed to the rules and sheets.

Settings (``domain.settings``) and findings (``domain.findings``) are pydantic, because they cross
into JSON and sheets; inside, a tidy pandas frame, one row per number:
``table | unit | line | measure | period | value | kind | sheet | cell | row | col``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xl_seuranta.domain.goals import Goal
from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.notes import LayoutNote
from xl_seuranta.domain.periods import Period, PeriodKind
from xl_seuranta.domain.settings import Settings

if TYPE_CHECKING:  # only annotations here; `xl-seuranta rules` imports this module without pandas
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
    """Everything discovered in one workbook."""

    grids: list[Grid]
    settings: Settings
    frame: pd.DataFrame
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

    def values(self, **filters: object) -> pd.DataFrame:
        """Rows of the frame matching column=value filters."""
        f = self.frame
        for key, val in filters.items():
            f = f[f[key] == val]
        return f
