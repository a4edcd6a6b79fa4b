"""What the workbook declares about itself on its Asetukset sheet."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from xl_seuranta.domain.periods import Period

USUAL_ROUNDING = 5.0
"""A plain rounding gap of whole-euro figures is at most a few euros; a declared tolerance above this
is reported on every finding it softens."""


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
