"""A finding as data: which rule, where, the numbers and the facts its message needs — no text.

Rules produce findings without knowing the user's language; the text is made only where a person
reads it (the CLI's text and JSON, the Tarkistus sheet, an Excel alert, the server), by
:func:`xl_seuranta.domain.messages.render`. Each rule code declares its own small ``Params`` record,
so what a message may say is typed and checked against its Finnish and English templates.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, SerializeAsAny

from xl_seuranta.domain.fmt import Percent


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


Unit = Literal["€", "%"]
"""The unit of a finding's numbers: euros, or fractions shown as percentages (0.032 = 3,2 %)."""

Pct = Annotated[float, Percent(1)]
"""A fraction shown as a percentage with one decimal (0.032 -> '3,2 %')."""
Pct2 = Annotated[float, Percent(2)]
"""A percentage with two decimals, where one would hide the point (7,46 %)."""


class Params(BaseModel):
    """The facts a finding's message needs besides its numbers; one small subclass per rule code.

    A message template may name these fields and, always, ``expected``, ``actual`` and
    ``difference`` (the finding's own numbers, shown in its unit).
    """

    # defer_build: a rule's record is made ready on its first finding, not when the rule module is
    # imported; the batch check would otherwise build every code's schema at start-up.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Finding(BaseModel):
    """One problem found: the rule, where it is, the numbers behind it and its message parameters."""

    code: str
    severity: Severity
    sheet: str | None = None
    cell: str | None = None
    expected: float | None = None
    actual: float | None = None
    difference: float | None = None
    unit: Unit | None = None
    params: SerializeAsAny[Params] = Params()
    group: str = ""  # rule family, for grouping in reports
    softened_by: float | None = None
    """The declared rounding tolerance, when one larger than a plain rounding gap turned this finding
    into a note; every message then says so, so a workbook cannot silence its own check."""
