"""Dates as cells hold them, and the share of the year elapsed at a date.

Cells hold dates as date objects, Excel serial numbers (45838 = 30.6.2025), Finnish text
("30.6.2025") or ISO text; the elapsed share is what every pace metric and forecast divides by.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Literal

import numpy as np

from xl_seuranta.metrics.arrays import ArrayLike, is_missing, is_pandas, is_scalar, quiet, wrap

OSUUS_TAVAT = ("kk", "pv")
"""Bases of the elapsed share: ``kk`` months (30.6. = 6/12), ``pv`` days (30.6. = 181/365)."""

# Excel's day 0 is 1899-12-30 (this absorbs Excel's fictitious 29.2.1900 for serials >= 61).
EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_EPOCH64 = np.datetime64("1899-12-30", "D")
_EXCEL_MAX_SERIAL = 2958465  # 31.12.9999
_FI_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4})\s*$")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_CUM_DAYS = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], dtype=float)
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)


def _date_from_scalar(x: object) -> dt.date | None:
    """One date-like value to a date; None when it is blank or not a date."""
    if is_missing(x) or isinstance(x, bool | np.bool_):
        return None
    if isinstance(x, dt.datetime):  # also pandas.Timestamp
        return x.date()
    if isinstance(x, dt.date):
        return x
    if isinstance(x, np.datetime64):
        if np.isnat(x):
            return None
        return dt.date.fromisoformat(str(x.astype("datetime64[D]")))
    if isinstance(x, int | float | np.integer | np.floating):
        f = float(x)
        if not math.isfinite(f) or f < 1 or f > _EXCEL_MAX_SERIAL:
            return None
        return EXCEL_EPOCH + dt.timedelta(days=math.floor(f))
    if isinstance(x, str):
        s = x.strip()
        m = _FI_DATE_RE.match(s)
        try:
            if m:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if _ISO_RE.match(s):
                return dt.datetime.fromisoformat(s).date()
        except ValueError:
            return None
    return None


def parse_pvm(x: object) -> dt.date:
    """Strict form of the date parsing: a date, or ``ValueError`` with a Finnish message.

    Accepts ``datetime.date``/``datetime``, ``pandas.Timestamp``, ISO text ("2025-06-30"), Finnish
    text ("30.6.2025") and Excel serial numbers (45838 = 30.6.2025). The cell functions use this
    to tell the user what was wrong instead of silently returning NaN.
    """
    d = _date_from_scalar(x)
    if d is None:
        raise ValueError(f"ei päivämäärä: {x!r}")
    return d


def _ymd_of_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day float arrays from datetime64[D] (NaT -> NaN), vectorised."""
    nat = np.isnat(days)
    safe = np.where(nat, np.datetime64("2000-01-01", "D"), days)
    years = safe.astype("datetime64[Y]")
    months = safe.astype("datetime64[M]")
    y = years.astype(np.int64) + 1970.0
    m = (months - years.astype("datetime64[M]")).astype(np.int64) + 1.0
    d = (safe - months.astype("datetime64[D]")).astype(np.int64) + 1.0
    return (np.where(nat, np.nan, y), np.where(nat, np.nan, m), np.where(nat, np.nan, d))


def _ymd(pvm: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day float arrays (NaN where the input is not a date)."""
    if is_scalar(pvm):
        d = _date_from_scalar(pvm)
        if d is None:
            return np.array(np.nan), np.array(np.nan), np.array(np.nan)
        return np.array(float(d.year)), np.array(float(d.month)), np.array(float(d.day))
    values = pvm.to_numpy() if is_pandas(pvm) else np.asarray(pvm)
    shape = values.shape
    if values.dtype.kind == "M":  # datetime64: fully vectorised
        days = values.ravel().astype("datetime64[D]")
    elif values.dtype.kind in "iuf":  # Excel serials: vectorised
        f = values.astype(float).ravel()
        ok = np.isfinite(f) & (f >= 1) & (f <= _EXCEL_MAX_SERIAL)
        offset = np.where(ok, np.floor(np.where(ok, f, 0)), 0).astype("int64")
        days = np.where(ok, _EXCEL_EPOCH64 + offset.astype("timedelta64[D]"), np.datetime64("NaT", "D"))
    else:  # mixed objects: one by one
        dates = [_date_from_scalar(v) for v in values.ravel()]
        days = np.array([np.datetime64(d, "D") if d else np.datetime64("NaT", "D") for d in dates])
        days = days.astype("datetime64[D]") if days.size else np.array([], dtype="datetime64[D]")
    y, m, d = _ymd_of_days(days)
    return y.reshape(shape), m.reshape(shape), d.reshape(shape)


def check_osuus_tapa(tapa: str) -> str:
    if tapa not in OSUUS_TAVAT:
        raise ValueError(f"tuntematon tapa {tapa!r}: käytä 'kk' (kuukaudet) tai 'pv' (päivät)")
    return tapa


def kulunut_osuus(pvm: ArrayLike, tapa: Literal["kk", "pv"] = "kk") -> Any:
    """Share of the calendar year elapsed at the end of the date ``pvm`` (0 < share <= 1).

    ``kk`` (months basis, what the reports use: "at 30.6. half the year has passed"):
    ``(month - 1 + day / days_in_month) / 12``, so a month-end gives exactly ``month / 12``.
    ``pv`` (days basis): ``day_of_year / days_in_year`` (30.6.2025 -> 181/365), leap-year aware.
    The date counts as elapsed (figures "at 30.6." include 30.6.). Invalid dates give NaN; an
    unknown ``tapa`` raises ``ValueError`` because it is an error of the whole call, not of a cell.
    """
    check_osuus_tapa(tapa)
    y, m, d = _ymd(pvm)

    def calc() -> np.ndarray:
        mi = np.where(np.isnan(m), 1, m).astype(int) - 1
        leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
        if tapa == "kk":
            dim = _DAYS_IN_MONTH[mi] + ((mi == 1) & leap)
            out = (m - 1 + d / dim) / 12
        else:
            doy = _CUM_DAYS[mi] + d + ((mi >= 2) & leap)
            out = doy / (365 + leap)
        return np.where(np.isnan(y), np.nan, out)

    return wrap(quiet(calc), pvm)


def kulunut_expr(pvm: str, tapa: str) -> str:
    """The Excel expression of ``kulunut_osuus`` for a date reference."""
    check_osuus_tapa(tapa)
    if tapa == "kk":
        return f"((MONTH({pvm})-1+DAY({pvm})/DAY(EOMONTH({pvm},0)))/12)"
    start = f"DATE(YEAR({pvm}),1,0)"
    return f"((INT({pvm})-{start})/(DATE(YEAR({pvm}),12,31)-{start}))"
