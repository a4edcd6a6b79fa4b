"""The typed model between layout discovery and the rules: settings, findings and the budget book.

Pydantic at the edges (settings and findings cross into JSON and sheets); a tidy pandas frame inside,
one row per number: ``table | unit | line | measure | period | value | kind | sheet | cell | row | col``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd
from pydantic import BaseModel, Field

from xl_seuranta.domain.goals import Goal
from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.periods import Period, PeriodKind


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Population(BaseModel):
    """The population used for a column's €/asukas figures, with the date it is from."""

    column: str
    period: Period | None = None
    population: float | None = None
    date: str | None = None


class Settings(BaseModel):
    """What the user declares on the Asetukset sheet; defaults are the common Finnish practice."""

    municipality: str | None = None
    department: str | None = None
    report_date: dt.date | None = None
    year: int | None = None
    rounding_tolerance: float = 2.0
    binding_level: str | None = None
    sign_convention: str | None = None  # as declared; the detected one is in BudgetBook
    pace_basis: str = "kk"
    baseline_tp: str = "edellisen vuoden TP"
    baseline_ta: str = "edellisen vuoden TA"
    populations: list[Population] = Field(default_factory=list)
    seasonal: list[str] = Field(default_factory=list)
    goal_scale: list[str] = Field(
        default_factory=lambda: ["Toteutunut", "Osittain toteutunut", "Ei toteutunut", "Ei arvioitavissa"]
    )
    sheet: str | None = None


class Finding(BaseModel):
    """One problem found, with where it is and the numbers behind it."""

    code: str
    severity: Severity
    sheet: str | None = None
    cell: str | None = None
    message: str
    expected: float | None = None
    actual: float | None = None
    difference: float | None = None
    group: str = ""  # rule family, for grouping in reports

    def json_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "difference": self.difference,
        }


@dataclass
class Note:
    """Something layout discovery noticed (a rule code, where, and the facts for its message)."""

    code: str
    sheet: str
    cell: str
    params: dict[str, object] = field(default_factory=dict)


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
    notes: list[Note] = field(default_factory=list)
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
