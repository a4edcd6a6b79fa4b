"""Rule family 7: pace of spending — utilisation at the report date against the share of the year elapsed.

Direction-aware: a cost running ahead of the elapsed share and a revenue lagging behind are the
unfavourable cases. Many lines are seasonal, so pace flags are information, and a user can mark lines
seasonal on Asetukset: their flags then say so instead of reporting a deviation, and the binding-level
forecast takes them at their budget (``metrics.forecast``).

Every number comes from ``xl_seuranta.metrics`` (utilisation, elapsed share, forecasts) over the
table's rows side by side; Python loops only over the rows that are reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

import numpy as np

from xl_seuranta import metrics
from xl_seuranta.domain.findings import Params, Pct, Severity
from xl_seuranta.domain.fmt import Percent
from xl_seuranta.domain.grid import a1
from xl_seuranta.domain.messages import Part, Text
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.periods import Period
from xl_seuranta.layout import labels as L
from xl_seuranta.metrics.forecast import planned_table
from xl_seuranta.rules.registry import Context, Hit, rule


class PaceParams(Params):
    what: str
    util: Pct  # utilisation of the annual budget
    budget: float
    elapsed: Annotated[float | None, Percent(1)]  # share of the year elapsed; None on a seasonal line
    is_seasonal: bool  # marked seasonal on Asetukset


class UnbudgetedParams(Params):
    what: str
    period: str
    budget_label: str
    is_cost: bool = True  # a cost line has an appropriation (määräraha), a revenue line an estimate
    is_revenue: bool = False


class OverBudgetParams(Params):
    what: str
    budget: float
    util: Pct


class BindingParams(Params):
    binding: str
    net: float  # the net cost to date
    util: Pct
    budget: float
    elapsed: Pct
    forecast: float  # the seasonal-aware forecast (metrics.department_forecast)
    overrun: float
    linear: float  # the linear forecast, shown beside it when seasonal lines move it
    seasonal_lines: int  # how many seasonal lines move the forecast
    linear_only: bool  # no seasonal line moves it: the forecast is the linear one


def _pace_parts(elapsed_fi: str, elapsed_en: str) -> dict[str, Part]:
    return {
        "pace": Part("elapsed", Text(elapsed_fi, elapsed_en)),
        "seasonal": Part(
            "is_seasonal",
            Text(
                "; kausiluonteinen rivi (Asetukset): tahtia ei verrata vuoden kuluneeseen osuuteen",
                "; a seasonal line (Asetukset): its pace is not compared with the share of the year elapsed",
            ),
        ),
    }


@dataclass(frozen=True)
class _Rows:
    """The cost and revenue rows (not the department total) of one table at its year-to-date column
    that have an actual and a budget, side by side; every number from ``xl_seuranta.metrics``."""

    unit: np.ndarray
    line: np.ndarray
    sheet: np.ndarray
    row: np.ndarray
    col: np.ndarray
    value: np.ndarray
    budget: np.ndarray
    util: np.ndarray  # metrics.toteuma_pros
    is_cost: np.ndarray
    seasonal: np.ndarray  # unit or line listed under Kausiluonteiset rivit
    elapsed: float  # metrics.elapsed_share at the year-to-date column
    ytd: Period
    budget_period: Period

    def cell(self, i: int) -> str:
        return a1(int(self.row[i]), int(self.col[i]))

    def what(self, i: int) -> str:
        return _what(self.unit[i], self.line[i])


def _what(unit: str, line: str) -> str:
    """A line as a message names it: the unit's line, or the line itself outside any unit."""
    return f"{unit} {line}" if unit else line


def _pairs(book: BudgetBook) -> list[_Rows]:
    """The pace rows of the unit and operating-statement tables (cached per book: four rules ask)."""
    cached = book.__dict__.get("_pace_pairs")
    if cached is None:
        cached = book.__dict__["_pace_pairs"] = [
            r for table in ("yksikot", "kayttotalous") if (r := _rows(book, table)) is not None
        ]
    return cached


def _rows(book: BudgetBook, table: str) -> _Rows | None:
    planned = planned_table(book, table)
    if planned is None:
        return None
    w, _plan, ytd, bp = planned
    actual, budget = w.values[ytd.key], w.values[bp.key]
    is_cost = metrics.is_cost_line(w.line)
    movable = is_cost | metrics.is_revenue_line(w.line)
    keep = movable & (w.unit != L.TOTAL_UNIT) & ~np.isnan(actual) & ~np.isnan(budget)
    seasonal = metrics.is_seasonal(w.unit[keep], w.line[keep], book.settings.seasonal)
    return _Rows(
        unit=w.unit[keep],
        line=w.line[keep],
        sheet=w.sheet[keep],
        row=w.row[keep],
        col=w.cols[ytd.key][keep],
        value=actual[keep],
        budget=budget[keep],
        util=metrics.toteuma_pros(actual[keep], budget[keep]),
        is_cost=is_cost[keep],
        seasonal=seasonal,
        elapsed=metrics.elapsed_share(book, ytd),
        ytd=ytd,
        budget_period=bp,
    )


@rule(
    "T001",
    "cost-ahead-of-pace",
    "pace",
    Severity.INFO,
    params=PaceParams,
    unit="€",
    parts=_pace_parts(", kun vuodesta on kulunut {elapsed}", " with {elapsed} of the year elapsed"),
    fi="{what}: käytetty {util} talousarviosta ({actual} / {budget}){pace}{seasonal}.",
    en="{what}: {util} of the budget used ({actual} / {budget}){pace}{seasonal}.",
    doc_fi="""
        Mitä tarkistetaan: menorivit, joiden käyttöaste on yli 10 prosenttiyksikköä edellä siitä, kuinka
        suuri osa vuodesta on raportointipäivänä kulunut (kuukausien tai päivien mukaan, asetus).

        Miksi sillä on väliä: tahtia nopeampi menojen kertyminen on ensimmäinen varoitus ylityksestä;
        30.6. puolet määrärahasta pitäisi olla vielä käyttämättä.

        Esimerkki: Hallintopalvelut MENOT: −360 085 / −491 300 = 73,3 %, kun vuodesta on kulunut 50 %.

        Mitä tehdä: selvitä, onko kyse kausivaihtelusta (merkitse rivi kausiluonteiseksi
        Asetukset-välilehdellä) vai todellisesta ylityksestä, joka pitää ennustaa.
    """,
)
def cost_ahead_of_pace(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: cost rows whose utilisation runs more than 10 percentage points ahead of the
    share of the year elapsed at the report date (months or days basis, a setting).

    Why it matters: a cost ahead of pace is the early warning of an overrun; at 30.6. half the
    appropriation should be left.

    Example: Hallintopalvelut MENOT: −360 085 / −491 300 = 73,3 % at 50 % of the year.

    What to do: check whether it is seasonal (mark it on Asetukset) or a real overrun to forecast.
    """
    for r in _pairs(book):
        flagged = (
            r.is_cost & metrics.is_unfavourable(r.util, r.elapsed, True, ctx.pace_margin) & (r.util <= 1)
        )
        yield from _hits(r, flagged)


@rule(
    "T002",
    "revenue-behind-pace",
    "pace",
    Severity.INFO,
    params=PaceParams,
    unit="€",
    parts=_pace_parts(", kun vuodesta on kulunut {elapsed}", " with {elapsed} of the year elapsed"),
    fi="{what}: kertynyt {util} talousarviosta ({actual} / {budget}){pace}{seasonal}.",
    en="{what}: {util} of the budgeted revenue received ({actual} / {budget}){pace}{seasonal}.",
    doc_fi="""
        Mitä tarkistetaan: tulorivit, jotka ovat yli 10 prosenttiyksikköä jäljessä siitä, kuinka suuri
        osa vuodesta on kulunut.

        Miksi sillä on väliä: saamatta jäävä tulo kasvattaa nettomenoa samalla tavalla kuin menojen
        ylitys.

        Esimerkki: Joukkoliikenne TULOT: 30.6. mennessä kertynyt 0 / 100 000.

        Mitä tehdä: selvitä, laskutetaanko tulo myöhemmin vuoden aikana (merkitse rivi kausiluonteiseksi)
        vai jääkö se kokonaan saamatta.
    """,
)
def revenue_behind_pace(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: revenue rows more than 10 percentage points behind the share of the year elapsed.

    Why it matters: revenue that does not come in raises the net cost just as an overrun does.

    Example: Joukkoliikenne TULOT: 0 of 100 000 at 30.6.

    What to do: check whether the revenue is invoiced later in the year (mark it seasonal) or lost.
    """
    for r in _pairs(book):
        flagged = ~r.is_cost & metrics.is_unfavourable(r.util, r.elapsed, False, ctx.pace_margin)
        yield from _hits(r, flagged)


@rule(
    "T003",
    "unbudgeted-actual",
    "pace",
    Severity.WARNING,
    params=UnbudgetedParams,
    unit="€",
    parts={
        "cost": Part("is_cost", Text("määrärahaa", "an appropriation")),
        "revenue": Part("is_revenue", Text("tuloarviota", "a revenue estimate")),
    },
    fi="{what}: toteumaa {actual} ({period}), vaikka talousarviossa {budget_label} ei ole {cost}{revenue} (0).",
    en="{what}: actuals of {actual} ({period}) although the budget {budget_label} has {cost}{revenue} of 0.",
    doc_fi="""
        Mitä tarkistetaan: rivit, joilla on toteumaa, vaikka vuoden talousarvio on nolla.

        Miksi sillä on väliä: meno ilman määrärahaa vaatii talousarviomuutoksen; tulo ilman
        talousarvioriviä tarkoittaa usein hanketta, joka on kirjattu väärälle yksikölle.

        Esimerkki: Kehittämisprojektit MENOT −61 212, vaikka TA 2025 = 0.

        Mitä tehdä: tee esitys talousarviomuutoksesta tai siirrä kirjaus oikealle yksikölle.
    """,
)
def unbudgeted_actual(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: rows with actuals where the budget of the year is zero.

    Why it matters: spending without an appropriation needs a budget amendment; income without a
    budget line often means a project booked on the wrong unit.

    Example: Kehittämisprojektit MENOT −61 212 with TA 2025 = 0.

    What to do: propose a budget amendment or move the booking.
    """
    for r in _pairs(book):
        for i in np.flatnonzero(r.budget == 0).tolist():
            value = float(r.value[i])
            if not ctx.within(value):
                yield Hit(
                    r.sheet[i],
                    r.cell(i),
                    UnbudgetedParams(
                        what=r.what(i),
                        period=r.ytd.label,
                        budget_label=r.budget_period.label,
                        is_cost=bool(r.is_cost[i]),
                        is_revenue=not r.is_cost[i],
                    ),
                    0.0,
                    value,
                    value,
                    softened_by=ctx.softened_by(value),
                )


@rule(
    "T005",
    "over-annual-budget",
    "pace",
    Severity.WARNING,
    params=OverBudgetParams,
    unit="€",
    fi="{what}: toteuma {actual} ylittää jo koko vuoden talousarvion {budget} ({util}).",
    en="{what}: the actual {actual} already exceeds the whole year's budget {budget} ({util}).",
    doc_fi="""
        Mitä tarkistetaan: menorivit, joiden toteuma vuoden alusta ylittää jo koko vuoden talousarvion.

        Miksi sillä on väliä: loppuvuosi voi vain kasvattaa ylitystä.

        Esimerkki: Aineet, tarvikkeet ja tavarat: −28 660 30.6. mennessä, kun TA 2025 on −25 450
        (112,6 %).

        Mitä tehdä: ennusta vuoden lopun tilanne ja valmistele talousarviomuutos.
    """,
)
def over_annual_budget(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: cost rows whose year-to-date actual already exceeds the annual budget.

    Why it matters: the rest of the year can only add to the overrun.

    Example: Aineet, tarvikkeet ja tavarat: −28 660 at 30.6. against TA 2025 −25 450 (112,6 %).

    What to do: forecast the year-end and prepare an amendment.
    """
    for r in _pairs(book):
        for i in np.flatnonzero(r.is_cost & (r.util > 1)).tolist():
            value, budget = float(r.value[i]), float(r.budget[i])
            yield Hit(
                r.sheet[i],
                r.cell(i),
                OverBudgetParams(what=r.what(i), budget=budget, util=float(r.util[i])),
                budget,
                value,
                value - budget,
            )


@rule(
    "T004",
    "binding-level-overrun",
    "pace",
    Severity.WARNING,
    params=BindingParams,
    unit="€",
    parts={
        "pace": Part("linear_only", Text("samalla vauhdilla ", "at this pace ")),
        "seasonal": Part(
            "seasonal_lines",
            Text(
                " (kausiluonteiset rivit talousarvion mukaan; suoraviivaisesti {linear})",
                " (seasonal lines at their budget; linearly {linear})",
            ),
        ),
    },
    fi="Sitovuustaso ({binding}): nettomeno {net} on {util} talousarviosta {budget}, kun vuodesta on kulunut "
    "{elapsed}; {pace}vuoden lopun ennuste {forecast}{seasonal} ylittää määrärahan {overrun} eurolla.",
    en="Binding level ({binding}): the net cost {net} is {util} of the budget {budget} with {elapsed} of the "
    "year elapsed; {pace}the year-end forecast {forecast}{seasonal} exceeds the appropriation by {overrun}.",
    doc_fi="""
        Mitä tarkistetaan: toimialan nettomeno (valtuuston asettama sitovuustaso) vuoden loppuun
        ennustettuna verrattuna talousarvioon. Kausiluonteisiksi merkityt rivit (Asetukset) ennustetaan
        koko vuoden talousarvion mukaan (tai toteuman, jos se on jo ylittänyt talousarvion), muut rivit
        suoraviivaisesti; suoraviivainen ennuste näytetään rinnalla. Sama luku on Laskelmat-välilehden
        toimialan ennusteessa.

        Miksi sillä on väliä: sitovuustason ylitys vaatii valtuuston päätöksen ennen vuoden loppua;
        kerran vuodessa maksettava jäsenmaksu tai myöhemmin saatava korvaus ei kuitenkaan kaksinkertaistu.

        Esimerkki: NETTOMENO 30.6. on −2 891 108 ja talousarvio −5 540 000; suoraviivaisesti 31.12. noin
        −5 782 216, kausiluonteiset rivit (Kuntaliitto, Työterveyshuolto, Tilap. suojelun lisätuki)
        huomioiden −5 697 176.

        Mitä tehdä: tarkista kausiluonteisten rivien merkinnät ja valmistele tarvittaessa esitys
        talousarviomuutoksesta.
    """,
)
def binding_level_overrun(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: the department's net cost (the binding level set by the council) forecast to the
    year-end against the budget. Lines marked seasonal on Asetukset are forecast at their annual budget
    (or their actual once it has passed the budget), other lines linearly; the linear forecast is shown
    beside it. The Laskelmat sheet's department forecast is the same number.

    Why it matters: an overrun at the binding level needs a council decision before the year ends;
    an annual fee already paid or a reimbursement still to come does not double by the year-end.

    Example: NETTOMENO −2 891 108 at 30.6. against −5 540 000: linearly about −5 782 216 by 31.12.,
    −5 697 176 with the seasonal lines (Kuntaliitto, Työterveyshuolto, Tilap. suojelun lisätuki).

    What to do: check the seasonal markings and, if needed, prepare an amendment.
    """
    f = metrics.department_forecast(book)
    if f is None:
        return
    overrun = abs(f.adjusted) - abs(f.budget)
    if (
        (f.adjusted > 0) == (f.budget > 0)
        and overrun > 0
        and not ctx.within(overrun)
        and (f.budget < 0) == book.expenses_negative
    ):
        yield Hit(
            f.sheet,
            f.cell,
            BindingParams(
                binding=book.settings.binding_level or "nettomeno",
                net=f.actual,
                util=metrics.toteuma_pros(f.actual, f.budget),
                budget=f.budget,
                elapsed=f.elapsed,
                forecast=round(f.adjusted),
                overrun=round(overrun),
                linear=round(f.linear),
                seasonal_lines=len(f.seasonal),
                linear_only=not f.seasonal,
            ),
            f.budget,
            round(f.adjusted),
            round(f.adjusted - f.budget),
            softened_by=ctx.softened_by(overrun),
        )


def _hits(r: _Rows, flagged: np.ndarray) -> Iterator[Hit]:
    """The pace flags of the ``flagged`` rows: the deviation from the elapsed share, or on a seasonal
    line none (it says so).

    The flagged rows' fields come out of the arrays together (``tolist``, the same Python numbers
    and strings as indexing one row at a time): a big table flags thousands of rows, and nine
    scalar lookups per row cost more than the rest of the rule.
    """
    rows = np.flatnonzero(flagged)
    columns = (r.sheet, r.row, r.col, r.unit, r.line, r.value, r.budget, r.util, r.seasonal)
    for sheet, row, col, unit, line, value, budget, util, seasonal in zip(
        *(column[rows].tolist() for column in columns), strict=True
    ):
        expected = None if seasonal else budget * r.elapsed
        yield Hit(
            sheet,
            a1(row, col),
            PaceParams(
                what=_what(unit, line),
                util=util,
                budget=budget,
                elapsed=None if seasonal else r.elapsed,
                is_seasonal=seasonal,
            ),
            expected,
            value,
            None if expected is None else value - expected,
        )


@dataclass(frozen=True)
class BindingLevel:
    """The department's net cost at the binding level: year-to-date actual, the year's budget, the
    share of the year elapsed and the year-end forecast (the seasonal-aware one, with the linear one
    beside it), in the workbook's own signs."""

    actual: float
    budget: float
    elapsed: float
    forecast: float
    sheet: str | None
    cell: str | None
    linear: float = float("nan")


def binding_level(book: BudgetBook) -> BindingLevel | None:
    """The binding-level figures T004 judges (``metrics.department_forecast``), for the consolidated
    report (``sheets/kooste.py``): it shows exactly the forecast the rule warns about."""
    f = metrics.department_forecast(book)
    if f is None:
        return None
    return BindingLevel(f.actual, f.budget, f.elapsed, f.adjusted, f.sheet, f.cell, f.linear)
