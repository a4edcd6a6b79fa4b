"""Period column headers: what a column of a budget table holds.

Headers are typed by people and re-spelled every year ("TA+MUUTOS 2024", "TA+muutos 2024",
"TOT. 30.6. 2025", "TOT 30.6.2025", "TA 2025*"). Rules need to know the kind of figure (audited
actuals, budget, amended budget, year-to-date actuals), its year and its as-of date, so that a
budget column is compared with a budget column and a year-to-date figure is never read as annual.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from xl_seuranta.domain.numbers import normalise_text


class PeriodKind(StrEnum):
    """The kind of figure in a column."""

    TP = "TP"  # tilinpäätös: audited actuals of a closed year
    TA = "TA"  # talousarvio: original budget
    TA_MUUTOS = "TA+muutokset"  # budget with amendments
    TOTEUMA = "toteuma"  # actuals year to date


class Period(BaseModel):
    """A parsed period header: kind, year and the date the figure is as of."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    year: int
    as_of: dt.date
    marker: bool = False  # header had a '*' footnote marker

    @property
    def is_budget(self) -> bool:
        return self.kind in (PeriodKind.TA, PeriodKind.TA_MUUTOS)

    @property
    def is_annual(self) -> bool:
        """True when the figure covers a whole year (not year-to-date)."""
        return self.as_of == dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """A canonical header, e.g. 'TA+muutokset 2024' or 'TOT. 30.6.2025'."""
        if self.kind is PeriodKind.TOTEUMA:
            return f"TOT. {self.as_of.day}.{self.as_of.month}.{self.year}"
        return f"{self.kind.value} {self.year}"

    @property
    def key(self) -> str:
        """A short stable key for JSON and frames, e.g. 'TP2023', 'TOT2025-06-30'."""
        if self.kind is PeriodKind.TOTEUMA:
            return f"TOT{self.as_of.isoformat()}"
        return {"TA+muutokset": "TAM"}.get(self.kind.value, self.kind.value) + str(self.year)


_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE = r"(?P<day>\d{1,2})\s*\.\s*(?P<month>\d{1,2})\s*\.?"
_PATTERNS: list[tuple[PeriodKind, re.Pattern[str]]] = [
    (PeriodKind.TA_MUUTOS, re.compile(rf"^TA\s*\+\s*(?:MUUTOS|MUUTOKSET|MUUT\.?|M)\s*{_YEAR}$")),
    (PeriodKind.TOTEUMA, re.compile(rf"^(?:TOT\.?|TOTEUMA|TOTEUTUMA|TOTEUTUNUT)\s*{_DATE}\s*{_YEAR}$")),
    (PeriodKind.TOTEUMA, re.compile(rf"^(?:TOT\.?|TOTEUMA|TOTEUTUMA)\s*{_YEAR}\s*{_DATE}$")),
    # A range from the start of the year: "TOT. 1.1.–30.6.2025" (the en dash is folded to '-').
    (
        PeriodKind.TOTEUMA,
        re.compile(rf"^(?:TOT\.?|TOTEUMA|TOTEUTUMA)\s*1\s*\.\s*1\s*\.?\s*-\s*{_DATE}\s*{_YEAR}$"),
    ),
    # A two-digit year: "TOT. 30.6.25".
    (PeriodKind.TOTEUMA, re.compile(r"^(?:TOT\.?|TOTEUMA|TOTEUTUMA)\s*" + _DATE + r"\s*(?P<year>\d\d)$")),
    (PeriodKind.TP, re.compile(rf"^(?:TP|TILINPÄÄTÖS)\s*{_YEAR}$")),
    (PeriodKind.TA, re.compile(rf"^(?:TA|TALOUSARVIO)\s*{_YEAR}$")),
]
# Headers whose year stands on a row of its own (as in the source PDF): just the kind.
_KIND_ONLY = {
    "TP": PeriodKind.TP,
    "TA": PeriodKind.TA,
    "TA+MUUTOS": PeriodKind.TA_MUUTOS,
    "TA+MUUTOKSET": PeriodKind.TA_MUUTOS,
    "TILINPÄÄTÖS": PeriodKind.TP,
    "TALOUSARVIO": PeriodKind.TA,
}


def parse_period(text: object, default_year: int | None = None) -> Period | None:
    """Parse a header such as 'TA+muutos 2024' or 'TOT 30.6.2025' into a Period, else None.

    ``default_year`` completes a year-to-date header printed without its year ("TOT. 30.6."), as the
    source's key-figure table does; the report year is the only sensible reading there.
    """
    if not isinstance(text, str):
        return None
    t = normalise_text(text).upper().replace("\n", " ")
    marker = "*" in t
    t = re.sub(r"\s+", " ", t.replace("*", "")).strip()
    if default_year is not None and re.fullmatch(
        r"(?:TOT\.?|TOTEUMA|TOTEUTUMA)\s*\d{1,2}\s*\.\s*\d{1,2}\s*\.?", t
    ):
        t = f"{t} {default_year}"
    for kind, pattern in _PATTERNS:
        m = pattern.match(t)
        if not m:
            continue
        year = int(m.group("year"))
        if year < 100:
            year += 2000
        if kind is PeriodKind.TOTEUMA:
            try:
                as_of = dt.date(year, int(m.group("month")), int(m.group("day")))
            except ValueError:
                return None
        else:
            as_of = dt.date(year, 12, 31)
        return Period(kind=kind, year=year, as_of=as_of, marker=marker)
    return None


def parse_kind_only(text: object) -> PeriodKind | None:
    """The kind of a header cell that names only the kind ('TP', 'TA+MUUTOS'), its year on the row below."""
    if not isinstance(text, str):
        return None
    t = re.sub(r"\s+", "", normalise_text(text).upper().replace("*", ""))
    if t in _KIND_ONLY:
        return _KIND_ONLY[t]
    if re.fullmatch(r"(?:TOT\.?|TOTEUMA|TOTEUTUMA)(?:\d{1,2}\.\d{1,2}\.?)?", t):
        return PeriodKind.TOTEUMA
    return None


def kind_only_date(text: str) -> tuple[int, int] | None:
    """(day, month) from a kind-only year-to-date header such as 'TOT. 30.6.', else None."""
    m = re.search(r"(\d{1,2})\s*\.\s*(\d{1,2})", normalise_text(text))
    return (int(m.group(1)), int(m.group(2))) if m else None
