"""Year-end forecasts: linear, seasonal-aware per line, and the department's adjusted forecast.

Linear extrapolation doubles a half-year's actuals. That is wrong for the lines the workbook itself
marks seasonal on Asetukset (*Kausiluonteiset rivit*): a once-a-year reimbursement not yet received
will not stay at zero, and an annual membership fee already paid will not be paid twice. So:

* expenditure and revenue lines are forecast separately; a net line is their sum;
* a seasonal line (its unit or the line itself listed on Asetukset) is forecast at its annual budget,
  or at its actual where the actual has already passed the budget (the larger cost, the larger
  revenue); a line without a budget at its actual (``ennuste_kausiluonteinen``);
* every other line linearly, by the share of the year elapsed (``ennuste``);
* a total (the department total, a unit's net, the operating statement's totals) is its own linear
  forecast corrected by what its seasonal parts change: ``linear(total) + Σ (seasonal(part) −
  linear(part))`` (``ennuste_oikaistu``). Where the unit table has no total row, the department's
  forecast is the sum of the units' forecasts.

``department_forecast(book)`` is the one place the department's forecast is computed: the binding-
level rule (T004), the Laskelmat department row and every summary ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xl_seuranta.domain.messages.catalogue import Text
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.periods import Period
from xl_seuranta.layout import labels as L
from xl_seuranta.metrics.arrays import ArrayLike, quiet, to_float, wrap
from xl_seuranta.metrics.dates import OSUUS_TAVAT, kulunut_osuus
from xl_seuranta.metrics.definition import Metric, Param, define, guard, need, share_ref
from xl_seuranta.metrics.lines import COST_LINES, REVENUE_LINES, is_seasonal
from xl_seuranta.metrics.pairing import newest_ytd, utilisation_budget
from xl_seuranta.metrics.wide import Wide, wide

ENNUSTE_TAVAT = {"lineaarinen": "kk", "lineaarinen_pv": "pv"}
"""Forecast methods and the elapsed-share basis each one extrapolates with."""


def _check_tapa(tapa: str) -> str:
    if tapa not in ENNUSTE_TAVAT:
        raise ValueError(
            f"tuntematon ennustetapa {tapa!r}: käytä {', '.join(repr(t) for t in ENNUSTE_TAVAT)}"
        )
    return ENNUSTE_TAVAT[tapa]


def linear(toteuma: ArrayLike, osuus: ArrayLike) -> Any:
    """``toteuma / osuus`` where some of the year has elapsed, else NaN (the linear forecast by a share)."""
    t, s = to_float(toteuma), to_float(osuus)
    return wrap(quiet(lambda: np.where(s > 0, t / s, np.nan)), toteuma, osuus)


def ennuste(toteuma: ArrayLike, pvm: ArrayLike, tapa: str = "lineaarinen") -> Any:
    """Linear year-end forecast from year-to-date actuals.

    ``lineaarinen``: ``toteuma / kulunut_osuus(pvm, "kk")`` (30.6. doubles the actuals);
    ``lineaarinen_pv``: the same on the days basis. It ignores seasonality, which is why the
    seasonal-aware forecasts below exist and why it never replaces the budget. NaN when no time has
    elapsed.
    """
    share = kulunut_osuus(pvm, _check_tapa(tapa))
    return wrap(np.asarray(linear(to_float(toteuma), to_float(share))), toteuma, pvm)


def ennuste_kausiluonteinen(toteuma: ArrayLike, budjetti: ArrayLike) -> Any:
    """Year-end forecast of a line marked seasonal: its annual budget, or its actual once it has passed it.

    "Passed" means further in the budget's own direction (``toteuma / budjetti > 1``): the larger
    cost, the larger revenue, under either sign convention (a refund on a cost line does not "pass"
    the budget). A line without a budget (blank or 0) is forecast at its actual. No actual, no
    forecast (NaN).
    """
    t, b = to_float(toteuma), to_float(budjetti)

    def calc() -> np.ndarray:
        no_budget = np.isnan(b) | (b == 0)
        out = np.where(no_budget, t, np.where(t / b > 1, t, b))
        return np.where(np.isnan(t), np.nan, out)

    return wrap(quiet(calc), toteuma, budjetti)


def ennuste_oikaistu(
    toteuma: ArrayLike, osuus: ArrayLike, kausi_ennuste: ArrayLike, kausi_toteuma: ArrayLike
) -> Any:
    """Year-end forecast of a total (the department, a unit's net, TOIMINTAKULUT) with seasonal parts.

    The total's linear forecast ``toteuma / osuus`` corrected by what its seasonal parts change:
    ``+ kausi_ennuste - kausi_toteuma / osuus``, where ``kausi_ennuste`` is the (signed) sum of the
    seasonal parts' forecasts (``ennuste_kausiluonteinen``) and ``kausi_toteuma`` the same sum of
    their actuals. With no seasonal parts (both 0 or blank) it is the linear forecast. NaN for a blank
    actual or no elapsed time.
    """
    t, s = to_float(toteuma), to_float(osuus)
    # Blank sums are sums of no parts, 0 (as Excel reads a blank cell in arithmetic).
    ke, kt = np.nan_to_num(to_float(kausi_ennuste)), np.nan_to_num(to_float(kausi_toteuma))
    return wrap(
        quiet(lambda: np.where(s > 0, t / s + ke - kt / s, np.nan)),
        toteuma,
        osuus,
        kausi_ennuste,
        kausi_toteuma,
    )


# ------------------------------------------------------------------------------ whole tables


@dataclass(frozen=True)
class ForecastPlan:
    """How each row of a table is forecast: seasonal rows, and the seasonal parts of each total.

    ``total[k]``, ``part[k]``, ``weight[k]``: the part row's correction enters the total row with
    that weight (−1 for revenue in a net printed as expenditure minus revenue).
    """

    seasonal: np.ndarray
    total: np.ndarray
    part: np.ndarray
    weight: np.ndarray

    @property
    def adjusted(self) -> np.ndarray:
        out = np.zeros(len(self.seasonal), dtype=bool)
        out[self.total] = True
        return out

    def parts_of(self, row: int) -> list[tuple[int, float]]:
        """(part row, weight) of one total row."""
        hit = self.total == row
        return list(zip(self.part[hit].tolist(), self.weight[hit].tolist(), strict=True))


def forecast_plan(
    tables: ArrayLike, units: ArrayLike, lines: ArrayLike, seasonal_names: list[str], expenses_negative: bool
) -> ForecastPlan:
    """Which rows are seasonal and which totals they correct (rows given as parallel arrays).

    Unit blocks: a seasonal unit's MENOT and TULOT correct its NETTOMENO and the department total's
    MENOT / TULOT / NETTOMENO. Operating statement: a seasonal income or expense line corrects
    TOIMINTATUOTOT or TOIMINTAKULUT and TOIMINTAKATE. Totals are never seasonal themselves.
    """
    tables, units, lines = (np.asarray(x, dtype=object) for x in (tables, units, lines))
    revenue_weight = (
        1.0 if expenses_negative else -1.0
    )  # NETTOMENO = MENOT − TULOT when expenses are positive
    expense_weight = 1.0 if expenses_negative else -1.0  # TOIMINTAKATE = tuotot − kulut likewise
    is_total_line = np.fromiter((x in (L.EXPENSE_TOTAL, L.INCOME_TOTAL) for x in lines), bool, len(lines))
    is_total_unit = units == L.TOTAL_UNIT
    movable = np.fromiter((x in COST_LINES or x in REVENUE_LINES for x in lines), bool, len(lines))
    seasonal = is_seasonal(units, lines, seasonal_names) & movable & ~is_total_line & ~is_total_unit

    where: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(tables.tolist(), units.tolist(), lines.tolist(), strict=True)):
        where.setdefault(key, []).append(i)
    edges: list[tuple[int, int, float]] = []
    for i in np.flatnonzero(seasonal).tolist():
        table, unit, line = tables[i], units[i], lines[i]
        targets: list[tuple[tuple, float]] = []
        if line in ("MENOT", "TULOT"):
            net_weight = 1.0 if line == "MENOT" else revenue_weight
            targets.append(((table, unit, "NETTOMENO"), net_weight))
            if table == "yksikot":
                targets += [
                    ((table, L.TOTAL_UNIT, line), 1.0),
                    ((table, L.TOTAL_UNIT, "NETTOMENO"), net_weight),
                ]
        elif line in L.EXPENSE_LINES:
            targets += [((table, unit, L.EXPENSE_TOTAL), 1.0), ((table, unit, L.MARGIN), expense_weight)]
        elif line in L.INCOME_LINES:
            targets += [((table, unit, L.INCOME_TOTAL), 1.0), ((table, unit, L.MARGIN), 1.0)]
        for key, w in targets:
            edges += [(t, i, w) for t in where.get(key, [])]
    arr = np.array(edges, dtype=float).reshape(-1, 3)
    return ForecastPlan(seasonal, arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2])


def forecast_values(
    plan: ForecastPlan, actual: np.ndarray, budget: np.ndarray, share: float
) -> tuple[np.ndarray, np.ndarray]:
    """(linear forecast, seasonal-aware forecast) of every row of a planned table."""
    lin = np.asarray(linear(np.asarray(actual, dtype=float), share), dtype=float)
    out = lin.copy()
    s = plan.seasonal
    out[s] = ennuste_kausiluonteinen(np.asarray(actual, dtype=float)[s], np.asarray(budget, dtype=float)[s])
    if plan.total.size:
        change = plan.weight * (out[plan.part] - lin[plan.part])
        change = np.where(np.isnan(change), 0.0, change)
        out = out + np.bincount(plan.total, weights=change, minlength=len(out))
    return lin, out


# ------------------------------------------------------------------------------ the department


@dataclass(frozen=True)
class SeasonalLine:
    """A seasonal line that moves the department's forecast away from the linear one."""

    unit: str
    line: str
    actual: float
    budget: float
    linear: float
    forecast: float


@dataclass(frozen=True)
class DepartmentForecast:
    """The department's year-end forecast at the binding level (net expenditure)."""

    table: str  # yksikot | kayttotalous
    line: str  # NETTOMENO | TOIMINTAKATE
    sheet: str | None
    cell: str | None  # the year-to-date figure forecast (None for a sum of units)
    period: Period
    budget_period: Period
    actual: float
    budget: float
    elapsed: float
    linear: float
    adjusted: float
    seasonal: tuple[SeasonalLine, ...]
    summed_units: bool = False  # no total row: the sum of the units


def elapsed_share(book: BudgetBook, period: Period) -> float:
    """Share of the year elapsed at a column's as-of date, on the declared basis (kk or pv)."""
    basis = book.settings.pace_basis if book.settings.pace_basis in OSUUS_TAVAT else "kk"
    return float(kulunut_osuus(period.as_of, basis))


def table_periods(book: BudgetBook, table: str) -> list[Period]:
    """The periods a table has columns for, in reading order."""
    cache = book.__dict__.setdefault("_table_periods", {})
    if table not in cache:
        cells = book.cells
        keys = dict.fromkeys(cells["period"][cells["table"] == table].tolist())
        cache[table] = [book.periods[k] for k in keys if k in book.periods]
    return cache[table]


def table_wide(book: BudgetBook, table: str) -> Wide:
    """A table's rows with every period of the table side by side (made once per book)."""
    cache = book.__dict__.setdefault("_table_wides", {})
    if table not in cache:
        cache[table] = wide(book.cells, table, [p.key for p in table_periods(book, table)])
    return cache[table]


def planned_table(book: BudgetBook, table: str) -> tuple[Wide, ForecastPlan, Period, Period] | None:
    """A table's rows with its newest year-to-date and budget columns, and their forecast plan (made
    once per book: the pace rules, the binding-level rule and the summaries all ask)."""
    cache = book.__dict__.setdefault("_planned_tables", {})
    if table not in cache:
        cache[table] = _planned_table(book, table)
    return cache[table]


def _planned_table(book: BudgetBook, table: str) -> tuple[Wide, ForecastPlan, Period, Period] | None:
    periods = table_periods(book, table)
    ytd = newest_ytd(periods)
    bp = utilisation_budget(periods, ytd.year) if ytd else None
    if ytd is None or bp is None:
        return None
    w = table_wide(book, table)
    plan = forecast_plan(
        np.full(len(w), table, dtype=object), w.unit, w.line, book.settings.seasonal, book.expenses_negative
    )
    return w, plan, ytd, bp


def department_forecast(book: BudgetBook) -> DepartmentForecast | None:
    """The department's forecast: the unit table's total NETTOMENO (or, without a total row, the sum of
    the units), else the operating statement's TOIMINTAKATE; None without actuals and a budget."""
    for table, line in (("yksikot", "NETTOMENO"), ("kayttotalous", L.MARGIN)):
        planned = planned_table(book, table)
        if planned is None:
            continue
        w, plan, ytd, bp = planned
        a, b = w.values[ytd.key], w.values[bp.key]
        share = elapsed_share(book, ytd)
        lin, fc = forecast_values(plan, a, b, share)
        is_line = w.line == line
        if table == "yksikot" and not (w.unit == L.TOTAL_UNIT).any():
            rows = np.flatnonzero(is_line & ~np.isnan(a) & ~np.isnan(b))
            summed = True
            if not rows.size or np.nansum(b[rows]) == 0:
                continue
            actual, budget = float(a[rows].sum()), float(b[rows].sum())
            linear_total, adjusted = float(lin[rows].sum()), float(fc[rows].sum())
            sheet, cell = str(w.sheet[rows[0]]), None
        else:
            if table == "yksikot":
                is_line &= w.unit == L.TOTAL_UNIT
            pick = np.flatnonzero(is_line & ~np.isnan(a))
            bpick = np.flatnonzero(is_line & ~np.isnan(b))
            if not pick.size or not bpick.size or b[bpick[0]] == 0:
                continue
            r, summed = int(pick[0]), False
            actual, budget = float(a[r]), float(b[bpick[0]])
            linear_total, adjusted = float(lin[r]), float(fc[r])
            if share <= 0:
                linear_total = adjusted = actual
            sheet, cell = str(w.sheet[r]), w.cell(ytd.key, r)
        seasonal = tuple(
            SeasonalLine(
                str(w.unit[i]), str(w.line[i]), float(a[i]), float(b[i]), float(lin[i]), float(fc[i])
            )
            for i in np.flatnonzero(plan.seasonal & ~np.isnan(a)).tolist()
            if fc[i] != lin[i]
        )
        return DepartmentForecast(
            table=table,
            line=line,
            sheet=sheet,
            cell=cell,
            period=ytd,
            budget_period=bp,
            actual=actual,
            budget=budget,
            elapsed=share,
            linear=linear_total,
            adjusted=adjusted,
            seasonal=seasonal,
            summed_units=summed,
        )
    return None


# ------------------------------------------------------------------------------ definitions

_TOTEUMA = Param(
    "toteuma", Text("Toteuma päivämäärään asti: luku tai alue", "Actual to date: a number or a range")
)
_PVM = Param(
    "pvm", Text("Toteuman päivämäärä (esim. 30.6.2025)", "Date of the actual (e.g. 30.6.2025)"), "date"
)
_TAPA = Param(
    "tapa",
    Text(
        '"lineaarinen" (kuukausiperuste) tai "lineaarinen_pv" (päiväperuste)',
        '"lineaarinen" (months basis) or "lineaarinen_pv" (days basis)',
    ),
    kind="option",
    choices=tuple(ENNUSTE_TAVAT),
    default="lineaarinen",
)


def _ennuste_formula(r: dict[str, str]) -> str:
    (t,) = need("ennuste", r, "toteuma")
    tapa = r.get("tapa", "lineaarinen")
    if tapa not in ENNUSTE_TAVAT:
        raise ValueError(f"ennuste: unknown tapa {tapa!r}")
    share, ref = share_ref(r, ENNUSTE_TAVAT[tapa])
    return guard(f"IF({share}<=0,NA(),{t}/{share})", t, ref)


def _kausiluonteinen_formula(r: dict[str, str]) -> str:
    t, b = need("ennuste_kausiluonteinen", r, "toteuma", "budjetti")
    return guard(f'IF(OR({b}="",{b}=0),{t},IF({t}/{b}>1,{t},{b}))', t)


def _oikaistu_formula(r: dict[str, str]) -> str:
    """``kausi_ennuste`` / ``kausi_toteuma`` may be expressions (``N(P31)-N(P32)``): the signed sums
    of the seasonal parts' forecast cells and actuals."""
    t, s_, ke, kt = need("ennuste_oikaistu", r, "toteuma", "osuus", "kausi_ennuste", "kausi_toteuma")
    return guard(f"IF({s_}<=0,NA(),{t}/{s_}+({ke})-({kt})/{s_})", t, s_)


define(
    Metric(
        name="ennuste",
        title=Text("Ennuste (lineaarinen)", "Forecast (linear)"),
        help=Text(
            "Vuoden lopun ennuste: toteuma / kulunut osuus vuodesta (30.6. → kaksinkertainen toteuma).",
            "Year-end forecast: actual / share of the year elapsed (30.6. → twice the actual).",
        ),
        params=(_TOTEUMA, _PVM, _TAPA),
        func=ennuste,
        formula=_ennuste_formula,
        extra_refs=("osuus",),
    )
)
define(
    Metric(
        name="ennuste_kausiluonteinen",
        title=Text("Ennuste (kausiluonteinen rivi)", "Forecast (seasonal line)"),
        help=Text(
            "Kausiluonteisen rivin vuoden lopun ennuste: koko vuoden budjetti, tai toteuma, jos se on jo "
            "ylittänyt budjetin (suurempi kulu, suurempi tulo); ilman budjettia toteuma.",
            "Year-end forecast of a seasonal line: the annual budget, or the actual once it has passed "
            "the budget (the larger cost, the larger revenue); without a budget the actual.",
        ),
        params=(
            _TOTEUMA,
            Param(
                "budjetti",
                Text(
                    "Koko vuoden budjetti (esim. TA 2025): luku tai alue",
                    "The annual budget (e.g. TA 2025): a number or a range",
                ),
            ),
        ),
        func=ennuste_kausiluonteinen,
        formula=_kausiluonteinen_formula,
    )
)
define(
    Metric(
        name="ennuste_oikaistu",
        title=Text("Ennuste", "Forecast"),
        help=Text(
            "Kokonaisuuden (esim. toimiala yhteensä) ennuste: toteuma / kulunut osuus, korjattuna "
            "kausiluonteisten rivien ennusteilla: + niiden ennusteet − niiden toteumat / kulunut osuus.",
            "Forecast of a total (e.g. the department): actual / elapsed share, corrected by its seasonal "
            "lines: + their forecasts − their actuals / elapsed share.",
        ),
        params=(
            Param("toteuma", Text("Kokonaisuuden toteuma päivämäärään asti", "The total's actual to date")),
            Param(
                "osuus",
                Text(
                    "Vuodesta kulunut osuus (esim. KULUNUT_OSUUS)",
                    "Share of the year elapsed (e.g. KULUNUT_OSUUS)",
                ),
            ),
            Param(
                "kausi_ennuste",
                Text(
                    "Kausiluonteisten rivien ennusteet (ENNUSTE_KAUSILUONTEINEN): luku tai alue, lasketaan yhteen",
                    "The seasonal lines' forecasts (ENNUSTE_KAUSILUONTEINEN): a number or a range, summed",
                ),
                "range",
            ),
            Param(
                "kausi_toteuma",
                Text(
                    "Kausiluonteisten rivien toteumat: luku tai alue, lasketaan yhteen",
                    "The seasonal lines' actuals: a number or a range, summed",
                ),
                "range",
            ),
        ),
        func=ennuste_oikaistu,
        formula=_oikaistu_formula,
    )
)
