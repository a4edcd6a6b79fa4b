"""The one metrics core: change, utilisation, pace, per-resident figures, forecasts, sum checks.

Everything that computes a number about a budget line lives here, once, so that the validator, the
cell functions (``udfs.py``), the generated sheet columns and the batch CLI give the same answer.
There is no Excel and no file I/O in this module.

Conventions
-----------
* Every function accepts scalars or array-likes (numpy arrays, pandas Series, lists, with ``None``
  for a blank) and returns the same shape: scalar in -> Python scalar out, a Series in -> a Series
  with the same index out, anything else -> a numpy array. Inputs broadcast like numpy.
* ``NaN`` means "no meaningful number" (blank input, zero base, sign flip). It is never replaced by
  a 0, because a 0 % change or a 0 % utilisation is a real, and misleading, statement.
* Fractions, not percents: 0.032 is 3.2 %; a percentage-point difference of 0.024 is 2.4 pp.
* Signs follow the source workbook (expenses negative, revenues positive). Metrics that compare
  two figures of the same line work on either convention because they compare like with like.

``excel_formula`` returns the en-US Excel formula text of each metric, so generated sheet columns
compute in Excel without Python; ``tests/test_lo_recalc.py`` proves formula == Python through a
LibreOffice recalculation.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "asukasluku_implisiittinen",
    "classify_gap",
    "ennuste",
    "eur_per_asukas",
    "excel_formula",
    "is_unfavourable",
    "ennuste_kausiluonteinen",
    "ennuste_oikaistu",
    "jaljella_eur",
    "muutos_eur_kasvu",
    "muutos_pros_etumerkillinen",
    "ylitys_eur",
    "kulunut_osuus",
    "muutos_eur",
    "muutos_pros",
    "pace_status",
    "parse_pvm",
    "poikkeama_pp",
    "tarkista_summa",
    "toteuma_pros",
    "OSUUS_TAVAT",
    "ENNUSTE_TAVAT",
]

ArrayLike = Any  # scalar | list | np.ndarray | pd.Series; kept loose on purpose (see module doc)

OSUUS_TAVAT = ("kk", "pv")
"""Bases of the elapsed share: ``kk`` months (30.6. = 6/12), ``pv`` days (30.6. = 181/365)."""

ENNUSTE_TAVAT = {"lineaarinen": "kk", "lineaarinen_pv": "pv"}
"""Forecast methods and the elapsed-share basis each one extrapolates with."""

# Excel's day 0 is 1899-12-30 (this absorbs Excel's fictitious 29.2.1900 for serials >= 61).
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_EXCEL_MAX_SERIAL = 2958465  # 31.12.9999
_FI_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4})\s*$")
_CUM_DAYS = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], dtype=float)
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)


# --------------------------------------------------------------------------------------------
# Shape handling
# --------------------------------------------------------------------------------------------


def _is_scalar(x: object) -> bool:
    return not isinstance(x, list | tuple | np.ndarray | pd.Series | pd.Index) and np.ndim(x) == 0


def _to_float(x: ArrayLike) -> np.ndarray:
    """Any numeric input to a float ndarray; ``None``/``pd.NA`` become NaN."""
    if isinstance(x, pd.Series | pd.Index):
        return x.to_numpy(dtype=float, na_value=np.nan)
    if _is_scalar(x):
        if x is None or x is pd.NA or x is pd.NaT:
            return np.array(np.nan)
        if isinstance(x, bool | np.bool_):
            raise TypeError("a boolean is not an amount")
        return np.array(float(x))  # type: ignore[arg-type]
    arr = np.asarray(x, dtype=object) if isinstance(x, list | tuple) else np.asarray(x)
    if arr.dtype == object:
        arr = np.where(pd.isna(arr), np.nan, arr)
    return arr.astype(float)


def _series_of(*inputs: object) -> pd.Series | None:
    for x in inputs:
        if isinstance(x, pd.Series):
            return x
    return None


def _wrap(result: np.ndarray, *inputs: object) -> Any:
    """Give ``result`` the container type of the inputs (see the module docstring)."""
    if all(_is_scalar(x) for x in inputs):
        value = np.asarray(result).reshape(())[()]
        if isinstance(value, np.floating):
            return float(value)
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.str_):
            return str(value)
        return value
    series = _series_of(*inputs)
    if series is not None and np.ndim(result) == 1 and len(result) == len(series):
        return pd.Series(result, index=series.index)
    return np.asarray(result)


def _quiet(fn: Callable[[], np.ndarray]) -> np.ndarray:
    """Evaluate ``fn`` with numpy's divide/invalid warnings off: NaN is the answer we want."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return fn()


# --------------------------------------------------------------------------------------------
# Change
# --------------------------------------------------------------------------------------------


def muutos_eur(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Signed change in euros, ``uusi - vanha``.

    Signed (not magnitude) because euros add up: the changes of the lines sum to the change of the
    total only if they keep their sign. A blank side gives NaN rather than treating blank as 0,
    because "no budget last year" and "budget 0" are different statements.
    """
    u, v = _to_float(uusi), _to_float(vanha)
    return _wrap(u - v, uusi, vanha)


def muutos_pros(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Change of magnitude as a fraction: ``(|uusi| - |vanha|) / |vanha|``.

    Why magnitude: expenses are negative in the source, and people read "expenses grew 3.2 %" when
    -6 837 670 replaces -6 624 150. A plain ``(uusi - vanha) / vanha`` would print +3.2 % there
    too, but -3.2 % for the same growth if the base were written with the other convention; the
    magnitude form is the same under either sign convention.

    Why NaN on a sign flip (e.g. a net cost turning into a net income): no percentage describes a
    change through zero; any number printed would be read as growth or shrinkage that did not
    happen. A zero base has no percentage either. A new value of 0 from a non-zero base is
    meaningful: -100 %.
    """
    u, v = _to_float(uusi), _to_float(vanha)

    def calc() -> np.ndarray:
        out = (np.abs(u) - np.abs(v)) / np.abs(v)
        bad = (v == 0) | (np.sign(u) * np.sign(v) < 0)
        return np.where(bad, np.nan, out)

    return _wrap(_quiet(calc), uusi, vanha)


def muutos_eur_kasvu(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Change in euros as growth of the magnitude: the € partner of ``muutos_pros``.

    ``|uusi| - |vanha|`` while both have the same sign (or the base is 0), so a growing expense reads
    +31 964 € beside +139,1 %, whatever sign convention the workbook uses. Across a sign flip (a net
    cost turning into a net income) it is ``(uusi - vanha) * sign(vanha)``: the move away from the
    base's direction, e.g. a net cost of 10 becoming a net income of 10 is -20 (the cost fell by 20).
    Blank input gives NaN. This is the default of the generated sheets (setting *Muutoksen etumerkki*
    = itseisarvo), so change € and change % never carry opposite signs on one row.
    """
    u, v = _to_float(uusi), _to_float(vanha)
    return _wrap(np.where(v == 0, np.abs(u), (u - v) * np.sign(v)), uusi, vanha)


def muutos_pros_etumerkillinen(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Signed change as a fraction of the base's magnitude: ``(uusi - vanha) / |vanha|``.

    The % partner of ``muutos_eur`` (setting *Muutoksen etumerkki* = etumerkillinen): with expenses
    negative, growing expenses give a negative € and a negative %, so the two still agree. NaN from
    a zero base or across a sign flip, as for ``muutos_pros``.
    """
    u, v = _to_float(uusi), _to_float(vanha)

    def calc() -> np.ndarray:
        out = (u - v) / np.abs(v)
        return np.where((v == 0) | (np.sign(u) * np.sign(v) < 0), np.nan, out)

    return _wrap(_quiet(calc), uusi, vanha)


def jaljella_eur(budjetti: ArrayLike, toteuma: ArrayLike) -> Any:
    """Budget still unspent (or revenue still to collect): ``budjetti - toteuma``.

    Signed as the budget: with expenses negative, -930 402 is left of -2 281 640 after -1 351 238
    spent. A result with the opposite sign to the budget is an overrun already. Blank input is NaN
    (an unbudgeted line has nothing "left"; the validator reports it).
    """
    b, t = _to_float(budjetti), _to_float(toteuma)
    return _wrap(b - t, budjetti, toteuma)


def ylitys_eur(ennuste_: ArrayLike, budjetti: ArrayLike, kulut_negatiivisina: bool = True) -> Any:
    """Forecast overrun (+) or underrun (-) of a net-cost figure (nettomeno) against its budget.

    Positive means the forecast net cost exceeds the budget, whichever sign convention the workbook
    uses: with expenses negative ``budjetti - ennuste`` (-2 400 000 against -2 281 640 is +118 360),
    with expenses positive ``ennuste - budjetti``. Meant for net-cost rows (the binding level).
    """
    e, b = _to_float(ennuste_), _to_float(budjetti)
    return _wrap(b - e if kulut_negatiivisina else e - b, ennuste_, budjetti)


# --------------------------------------------------------------------------------------------
# Utilisation and pace
# --------------------------------------------------------------------------------------------


def toteuma_pros(toteuma: ArrayLike, budjetti: ArrayLike) -> Any:
    """Utilisation (toteutumisaste) ``toteuma / budjetti`` as a fraction.

    Both figures use the same sign convention, so the ratio is positive (-1 351 238 / -2 281 640 =
    0.592). Signs that differ mean the line went the other way than budgeted (a refund on a cost
    line); a "negative utilisation" would be misread, so that is NaN, and so is a zero or blank
    budget (an unbudgeted actual is the validator's finding, not a percentage).
    """
    t, b = _to_float(toteuma), _to_float(budjetti)

    def calc() -> np.ndarray:
        out = t / b
        bad = (b == 0) | (np.sign(t) * np.sign(b) < 0)
        return np.where(bad, np.nan, out)

    return _wrap(_quiet(calc), toteuma, budjetti)


def _date_from_scalar(x: object) -> dt.date | None:
    """One date-like value to a date; None when it is blank or not a date."""
    if x is None or x is pd.NaT or x is pd.NA:
        return None
    if isinstance(x, bool | np.bool_):
        return None
    if isinstance(x, pd.Timestamp):
        return x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    if isinstance(x, np.datetime64):
        return None if np.isnat(x) else pd.Timestamp(x).date()
    if isinstance(x, int | float | np.integer | np.floating):
        f = float(x)
        if not math.isfinite(f) or f < 1 or f > _EXCEL_MAX_SERIAL:
            return None
        return (pd.Timestamp("1899-12-30") + pd.Timedelta(days=math.floor(f))).date()
    if isinstance(x, str):
        s = x.strip()
        m = _FI_DATE_RE.match(s)
        try:
            if m:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if re.match(r"^\d{4}-\d{2}-\d{2}", s):
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


def _ymd(pvm: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day float arrays (NaN where the input is not a date)."""
    if _is_scalar(pvm):
        d = _date_from_scalar(pvm)
        if d is None:
            return np.array(np.nan), np.array(np.nan), np.array(np.nan)
        return np.array(float(d.year)), np.array(float(d.month)), np.array(float(d.day))
    values = pvm.to_numpy() if isinstance(pvm, pd.Series | pd.Index) else np.asarray(pvm)
    if values.dtype.kind == "M":  # datetime64: fully vectorised
        dti = pd.DatetimeIndex(values.ravel())
        shape = values.shape
    elif values.dtype.kind in "iuf":  # Excel serials: vectorised
        shape = values.shape
        f = values.astype(float).ravel()
        ok = np.isfinite(f) & (f >= 1) & (f <= _EXCEL_MAX_SERIAL)
        days = np.where(ok, np.floor(np.where(ok, f, 0)), 0).astype("int64")
        d64 = (_EXCEL_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[ns]")
        dti = pd.DatetimeIndex(np.where(ok, d64, np.datetime64("NaT", "ns")))
    else:  # mixed objects: one by one
        shape = values.shape
        dates = [_date_from_scalar(v) for v in values.ravel()]
        dti = pd.DatetimeIndex([pd.Timestamp(d) if d is not None else pd.NaT for d in dates])
    y = dti.year.to_numpy(dtype=float, na_value=np.nan).reshape(shape)
    m = dti.month.to_numpy(dtype=float, na_value=np.nan).reshape(shape)
    d = dti.day.to_numpy(dtype=float, na_value=np.nan).reshape(shape)
    return y, m, d


def _check_osuus_tapa(tapa: str) -> str:
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
    _check_osuus_tapa(tapa)
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

    return _wrap(_quiet(calc), pvm)


def poikkeama_pp(
    toteuma: ArrayLike, budjetti: ArrayLike, pvm: ArrayLike, tapa: Literal["kk", "pv"] = "kk"
) -> Any:
    """Utilisation minus the elapsed share of the year (a fraction; show it as percentage points).

    +0.024 at 30.6. means 52.4 % used when 50 % of the year has passed. Whether that is good or
    bad depends on the line (see ``pace_status``); seasonal lines make it information, not error.
    """
    u = toteuma_pros(toteuma, budjetti)
    e = kulunut_osuus(pvm, tapa)
    return _wrap(np.asarray(_to_float(u) - _to_float(e)), toteuma, budjetti, pvm)


def pace_status(utilisation: ArrayLike, elapsed: ArrayLike, is_cost: ArrayLike, margin: float = 0.05) -> Any:
    """Direction-aware pace label: ``"ahead"``, ``"behind"``, ``"on_pace"`` or ``"unknown"``.

    "ahead" means *better* than the calendar pace, "behind" means worse: for a cost row using
    more than ``elapsed + margin`` of the budget is behind (overspending), for a revenue row
    collecting more is ahead. Within ``margin`` (default 5 pp) it is on pace, because rounding
    and the timing of monthly postings make smaller gaps noise. NaN inputs give ``"unknown"``.
    """
    u, e = _to_float(utilisation), _to_float(elapsed)
    cost = np.asarray(is_cost, dtype=bool)
    over = u > e + margin
    under = u < e - margin
    good = np.where(cost, under, over)
    bad = np.where(cost, over, under)
    out = np.where(good, "ahead", np.where(bad, "behind", "on_pace"))
    out = np.where(np.isnan(u) | np.isnan(e), "unknown", out)
    return _wrap(out.astype(object) if out.ndim else out, utilisation, elapsed, is_cost)


def is_unfavourable(
    utilisation: ArrayLike, elapsed: ArrayLike, is_cost: ArrayLike, margin: float = 0.05
) -> Any:
    """True where the pace is worse than the calendar by more than ``margin``.

    Cost row: utilisation > elapsed + margin; revenue row: utilisation < elapsed - margin.
    NaN inputs are False (nothing to flag).
    """
    u, e = _to_float(utilisation), _to_float(elapsed)
    cost = np.asarray(is_cost, dtype=bool)
    with np.errstate(invalid="ignore"):
        out = np.where(cost, u > e + margin, u < e - margin)
    return _wrap(out, utilisation, elapsed, is_cost)


# --------------------------------------------------------------------------------------------
# Per resident
# --------------------------------------------------------------------------------------------


def eur_per_asukas(summa: ArrayLike, asukasluku: ArrayLike) -> Any:
    """Euros per resident, ``summa / asukasluku``; NaN for a zero, negative or blank population.

    The caller is responsible for pairing the figure with the population *of its date*.
    """
    s, a = _to_float(summa), _to_float(asukasluku)
    return _wrap(_quiet(lambda: np.where(a > 0, s / a, np.nan)), summa, asukasluku)


def asukasluku_implisiittinen(summa: ArrayLike, eur_per_asukas: ArrayLike) -> Any:
    """The population implied by a printed €/asukas: ``summa / eur_per_asukas``.

    The validator compares it with the declared population to spot a figure computed with a
    population of another date. NaN when €/asukas is 0/blank or its sign differs from the sum
    (a negative population means the two figures do not belong together).
    """
    s, e = _to_float(summa), _to_float(eur_per_asukas)

    def calc() -> np.ndarray:
        bad = (e == 0) | (np.sign(s) * np.sign(e) < 0)
        return np.where(bad, np.nan, s / e)

    return _wrap(_quiet(calc), summa, eur_per_asukas)


# --------------------------------------------------------------------------------------------
# Forecast
# --------------------------------------------------------------------------------------------


def ennuste(toteuma: ArrayLike, pvm: ArrayLike, tapa: str = "lineaarinen") -> Any:
    """Year-end forecast from year-to-date actuals.

    ``lineaarinen``: ``toteuma / kulunut_osuus(pvm, "kk")`` (30.6. doubles the actuals);
    ``lineaarinen_pv``: the same on the days basis. Linear extrapolation ignores seasonality, which
    is why it is labelled a forecast and never replaces the budget. NaN when no time has elapsed.
    """
    if tapa not in ENNUSTE_TAVAT:
        raise ValueError(
            f"tuntematon ennustetapa {tapa!r}: käytä {', '.join(repr(t) for t in ENNUSTE_TAVAT)}"
        )
    t = _to_float(toteuma)
    share = _to_float(kulunut_osuus(pvm, ENNUSTE_TAVAT[tapa]))
    return _wrap(_quiet(lambda: np.where(share > 0, t / share, np.nan)), toteuma, pvm)


def ennuste_kausiluonteinen(toteuma: ArrayLike, budjetti: ArrayLike) -> Any:
    """Year-end forecast of a line marked seasonal (Asetukset: *Kausiluonteiset rivit*).

    A seasonal line (an annual membership fee paid in spring, a grant paid in arrears) does not
    accrue evenly, so extrapolating it doubles a fee already paid in full. It is forecast at its
    annual budget, or at its actual where the actual has already passed the budget (the larger
    cost, the larger revenue); a line without a budget (blank or 0) at its actual. Other lines use
    ``ennuste`` (linear). Blank actuals give NaN.
    """
    t, b = _to_float(toteuma), _to_float(budjetti)
    no_budget = np.isnan(b) | (b == 0)
    with np.errstate(invalid="ignore"):
        out = np.where(no_budget | (np.abs(t) > np.abs(b)), t, b)
    return _wrap(np.where(np.isnan(t), np.nan, out), toteuma, budjetti)


def ennuste_oikaistu(
    toteuma: ArrayLike, osuus: ArrayLike, kausi_ennuste: ArrayLike, kausi_toteuma: ArrayLike
) -> Any:
    """Year-end forecast of a total row (the department, TOIMINTAKULUT) with seasonal parts.

    The total's linear forecast ``toteuma / osuus`` corrected by what its seasonal parts change:
    ``+ kausi_ennuste - kausi_toteuma / osuus``, where ``kausi_ennuste`` is the sum of the seasonal
    parts' forecasts (``ennuste_kausiluonteinen``) and ``kausi_toteuma`` the sum of their actuals.
    With no seasonal parts (both 0) it is the linear forecast. NaN for blank actuals or no elapsed
    time.
    """
    t, s = _to_float(toteuma), _to_float(osuus)
    ke, kt = _to_float(kausi_ennuste), _to_float(kausi_toteuma)
    return _wrap(
        _quiet(lambda: np.where(s > 0, t / s + ke - kt / s, np.nan)),
        toteuma,
        osuus,
        kausi_ennuste,
        kausi_toteuma,
    )


# --------------------------------------------------------------------------------------------
# Sum checks
# --------------------------------------------------------------------------------------------


def tarkista_summa(osat: ArrayLike, summa: ArrayLike) -> Any:
    """Gap between a printed total and the sum of its parts: ``summa - sum(osat)``.

    ``osat`` 1-D: the parts of one total; ``summa`` is a scalar, the result a scalar.
    ``osat`` 2-D: one part per ROW, one check per COLUMN (a block of unit rows under period
    columns, checked against the total row below it); parts are summed over axis 0 and the result
    has one gap per column (``summa`` is a scalar or one value per column).

    Blank parts count as 0 (an unprinted line in a breakdown is an empty line), a blank total
    gives NaN. The actual gap is returned, never rounded to 0: whether 1-2 € is rounding is a
    setting, decided by ``classify_gap``.
    """
    parts = _to_float(osat)
    total = _to_float(summa)
    if parts.ndim == 0:
        parts = parts.reshape(1)
    gap = total - np.nansum(parts, axis=0)
    if parts.ndim == 1 and _is_scalar(summa):
        return float(gap)
    if isinstance(summa, pd.Series) and np.ndim(gap) == 1 and len(gap) == len(summa):
        return pd.Series(gap, index=summa.index)
    return np.asarray(gap)


def classify_gap(gap: ArrayLike, tolerance: float = 2) -> Any:
    """``"ok"`` for a zero gap, ``"rounding"`` within ``tolerance`` euros, ``"error"`` beyond it.

    Figures are printed rounded to whole euros, so a total can be off by 1-2 € without anyone
    having made a mistake; that is information, not an error. NaN gives ``"unknown"``.
    """
    g = np.abs(_to_float(gap))
    with np.errstate(invalid="ignore"):
        out = np.where(g == 0, "ok", np.where(g <= tolerance, "rounding", "error"))
    out = np.where(np.isnan(g), "unknown", out)
    return _wrap(out.astype(object) if out.ndim else out, gap)


# --------------------------------------------------------------------------------------------
# The same metrics as Excel formulas
# --------------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def _blank_test(*refs: str) -> str | None:
    """``OR(A1="",...)`` for the cell references among ``refs``; None when all are constants."""
    cells = [r for r in refs if not _NUMBER_RE.match(r.strip())]
    if not cells:
        return None
    return "OR(" + ",".join(f'{r}=""' for r in cells) + ")"


def _guard(expr: str, *refs: str) -> str:
    blank = _blank_test(*refs)
    return f"IF({blank},NA(),{expr})" if blank else expr


def _kulunut_expr(pvm: str, tapa: str) -> str:
    _check_osuus_tapa(tapa)
    if tapa == "kk":
        return f"((MONTH({pvm})-1+DAY({pvm})/DAY(EOMONTH({pvm},0)))/12)"
    start = f"DATE(YEAR({pvm}),1,0)"
    return f"((INT({pvm})-{start})/(DATE(YEAR({pvm}),12,31)-{start}))"


def _share_ref(refs: dict[str, str], tapa: str) -> tuple[str, str]:
    """The elapsed-share expression and the ref to blank-test, from ``osuus=`` or ``pvm=``."""
    if "osuus" in refs:
        return refs["osuus"], refs["osuus"]
    if "pvm" in refs:
        return _kulunut_expr(refs["pvm"], tapa), refs["pvm"]
    raise ValueError("give osuus= (elapsed share: a cell or a constant) or pvm= (a date cell)")


def excel_formula(metric_name: str, *, na: str = "NA()", **cell_refs: str) -> str:
    """En-US Excel formula text (with the leading ``=``) computing a metric from A1 references.

    The formula gives ``#N/A`` (``NA()``) exactly where the Python metric gives NaN, including for
    blank cells (Excel would otherwise read a blank as 0). ``na='""'`` gives an empty text instead:
    a generated sheet for the board shows a blank rather than an error value where no number is
    meaningful. Arguments are A1 references or numeric constants, passed by the metric's parameter
    names:

    * ``muutos_eur(uusi, vanha)``, ``muutos_pros(uusi, vanha)``, ``muutos_eur_kasvu(uusi, vanha)``,
      ``muutos_pros_etumerkillinen(uusi, vanha)``
    * ``jaljella_eur(budjetti, toteuma)``, ``ylitys_eur(ennuste, budjetti, kulut_negatiivisina="1"|"0")``
    * ``ennuste_kausiluonteinen(toteuma, budjetti)``; ``ennuste_oikaistu(toteuma, osuus, kausi_ennuste,
      kausi_toteuma)`` where the last two may be expressions such as ``N(F12)+N(F30)``
    * ``toteuma_pros(toteuma, budjetti)``
    * ``kulunut_osuus(pvm, tapa="kk"|"pv")``
    * ``poikkeama_pp(toteuma, budjetti, osuus | pvm [, tapa])``
    * ``eur_per_asukas(summa, asukasluku)``, ``asukasluku_implisiittinen(summa, eur_per_asukas)``
    * ``ennuste(toteuma, osuus | pvm [, tapa="lineaarinen"|"lineaarinen_pv"])``
    * ``tarkista_summa(osat="B2:B8", summa="B9")``

    Example: ``excel_formula("muutos_pros", uusi="F12", vanha="D12")``.
    """
    formula = _excel_formula(metric_name, {k: str(v).strip() for k, v in cell_refs.items()})
    return formula if na == "NA()" else formula.replace("NA()", na)


def _excel_formula(metric_name: str, r: dict[str, str]) -> str:
    def need(*names: str) -> list[str]:
        missing = [n for n in names if n not in r]
        if missing:
            raise ValueError(f"{metric_name}: missing cell reference(s) {', '.join(missing)}")
        return [r[n] for n in names]

    if metric_name == "muutos_eur":
        u, v = need("uusi", "vanha")
        body = f"{u}-{v}"
        return "=" + _guard(body, u, v)
    if metric_name == "muutos_pros":
        u, v = need("uusi", "vanha")
        body = f"IF(OR({v}=0,SIGN({u})*SIGN({v})<0),NA(),(ABS({u})-ABS({v}))/ABS({v}))"
        return "=" + _guard(body, u, v)
    if metric_name == "muutos_eur_kasvu":
        u, v = need("uusi", "vanha")
        return "=" + _guard(f"IF({v}=0,ABS({u}),({u}-{v})*SIGN({v}))", u, v)
    if metric_name == "muutos_pros_etumerkillinen":
        u, v = need("uusi", "vanha")
        body = f"IF(OR({v}=0,SIGN({u})*SIGN({v})<0),NA(),({u}-{v})/ABS({v}))"
        return "=" + _guard(body, u, v)
    if metric_name == "jaljella_eur":
        b, t = need("budjetti", "toteuma")
        return "=" + _guard(f"{b}-{t}", b, t)
    if metric_name == "ylitys_eur":
        e, b = need("ennuste", "budjetti")
        negative = r.get("kulut_negatiivisina", "1") not in ("0", "False", "false")
        return "=" + _guard(f"{b}-{e}" if negative else f"{e}-{b}", e, b)
    if metric_name == "ennuste_oikaistu":
        t, s_, ke, kt = need("toteuma", "osuus", "kausi_ennuste", "kausi_toteuma")
        return "=" + _guard(f"IF({s_}<=0,NA(),{t}/{s_}+({ke})-({kt})/{s_})", t, s_)
    if metric_name == "ennuste_kausiluonteinen":
        t, b = need("toteuma", "budjetti")
        return "=" + _guard(f'IF(OR({b}="",{b}=0),{t},IF(ABS({t})>ABS({b}),{t},{b}))', t)
    if metric_name == "toteuma_pros":
        t, b = need("toteuma", "budjetti")
        body = f"IF(OR({b}=0,SIGN({t})*SIGN({b})<0),NA(),{t}/{b})"
        return "=" + _guard(body, t, b)
    if metric_name == "kulunut_osuus":
        (p,) = need("pvm")
        return "=" + _guard(_kulunut_expr(p, r.get("tapa", "kk")), p)
    if metric_name == "poikkeama_pp":
        t, b = need("toteuma", "budjetti")
        share, share_ref = _share_ref(r, r.get("tapa", "kk"))
        body = f"IF(OR({b}=0,SIGN({t})*SIGN({b})<0),NA(),{t}/{b}-{share})"
        return "=" + _guard(body, t, b, share_ref)
    if metric_name == "eur_per_asukas":
        s, a = need("summa", "asukasluku")
        return "=" + _guard(f"IF({a}<=0,NA(),{s}/{a})", s, a)
    if metric_name == "asukasluku_implisiittinen":
        s, e = need("summa", "eur_per_asukas")
        body = f"IF(OR({e}=0,SIGN({s})*SIGN({e})<0),NA(),{s}/{e})"
        return "=" + _guard(body, s, e)
    if metric_name == "ennuste":
        (t,) = need("toteuma")
        tapa = r.get("tapa", "lineaarinen")
        if tapa not in ENNUSTE_TAVAT:
            raise ValueError(f"ennuste: unknown tapa {tapa!r}")
        share, share_ref = _share_ref(r, ENNUSTE_TAVAT[tapa])
        return "=" + _guard(f"IF({share}<=0,NA(),{t}/{share})", t, share_ref)
    if metric_name == "tarkista_summa":
        osat, s = need("osat", "summa")
        return "=" + _guard(f"{s}-SUM({osat})", s)
    raise ValueError(f"no Excel formula for metric {metric_name!r}")
