"""Rule family 7: pace of spending — utilisation at the report date against the share of the year elapsed.

Direction-aware: a cost running ahead of the elapsed share and a revenue lagging behind are the
unfavourable cases. Many lines are seasonal, so pace flags are information, and a user can mark lines
seasonal on Asetukset.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xl_seuranta.domain.findings import Params, Pct, Severity
from xl_seuranta.domain.messages import Part, Text
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.layout import labels as L
from xl_seuranta.rules.common import budget_for_year, elapsed_share, lookup, numbers, ytd_period
from xl_seuranta.rules.registry import Context, Hit, rule

_COST_LINES = {"MENOT", L.EXPENSE_TOTAL, *L.EXPENSE_LINES}
_REVENUE_LINES = {"TULOT", L.INCOME_TOTAL, *L.INCOME_LINES}


class PaceParams(Params):
    what: str
    util: Pct  # utilisation of the annual budget
    budget: float
    elapsed: Pct  # share of the year elapsed
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
    forecast: float
    overrun: float


SEASONAL = {
    "seasonal": Part("is_seasonal", Text(" (merkitty kausiluonteiseksi)", " (marked seasonal)")),
}


def _pairs(book: BudgetBook) -> list[tuple]:
    """(what, is_cost, seasonal, actual row, budget value, ytd period, budget period) per cost/revenue row.

    Cached per book: four rules walk the same pairs.
    """
    cached = book.__dict__.get("_pace_pairs")
    if cached is None:
        cached = book.__dict__["_pace_pairs"] = list(_walk_pairs(book))
    return cached


def _walk_pairs(book: BudgetBook):
    seasonal = {s.casefold() for s in book.settings.seasonal}
    for table in ("yksikot", "kayttotalous"):
        ytd = ytd_period(book, table)
        if ytd is None:
            continue
        budget_p = budget_for_year(book, ytd.year, table)
        if budget_p is None:
            continue
        f = numbers(book, table=table, period=ytd.key, measure="value")
        for _, r in f.iterrows():
            line = r["line"]
            if line not in _COST_LINES | _REVENUE_LINES or r["unit"] == L.TOTAL_UNIT:
                continue
            b = lookup(book, table, line, budget_p.key, r["unit"])
            if b is None:
                continue
            what = f"{r['unit']} {line}" if r["unit"] else line
            is_seasonal = str(r["unit"]).casefold() in seasonal or str(line).casefold() in seasonal
            yield what, line in _COST_LINES, is_seasonal, r, b.value, ytd, budget_p


@rule(
    "T001",
    "cost-ahead-of-pace",
    "pace",
    Severity.INFO,
    params=PaceParams,
    unit="€",
    parts=SEASONAL,
    fi="{what}: käytetty {util} talousarviosta ({actual} / {budget}), kun vuodesta on kulunut {elapsed}{seasonal}.",
    en="{what}: {util} of the budget used ({actual} / {budget}) with {elapsed} of the year elapsed{seasonal}.",
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
    for what, is_cost, seasonal, r, budget, ytd, _bp in _pairs(book):
        if not is_cost or budget == 0 or (budget > 0) != (r["value"] > 0):
            continue
        util, elapsed = r["value"] / budget, elapsed_share(book, ytd)
        if elapsed + ctx.pace_margin < util <= 1:
            yield _hit(ctx, what, r, budget, util, elapsed, seasonal)


@rule(
    "T002",
    "revenue-behind-pace",
    "pace",
    Severity.INFO,
    params=PaceParams,
    unit="€",
    parts=SEASONAL,
    fi="{what}: kertynyt {util} talousarviosta ({actual} / {budget}), kun vuodesta on kulunut {elapsed}{seasonal}.",
    en="{what}: {util} of the budgeted revenue received ({actual} / {budget}) with {elapsed} of the year "
    "elapsed{seasonal}.",
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
    for what, is_cost, seasonal, r, budget, ytd, _bp in _pairs(book):
        if is_cost or budget == 0:
            continue
        util, elapsed = r["value"] / budget, elapsed_share(book, ytd)
        if util < elapsed - ctx.pace_margin:
            yield _hit(ctx, what, r, budget, util, elapsed, seasonal)


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
    for what, is_cost, _seasonal, r, budget, ytd, bp in _pairs(book):
        if budget == 0 and not ctx.within(r["value"]):
            yield Hit(
                r["sheet"],
                r["cell"],
                UnbudgetedParams(
                    what=what, period=ytd.label, budget_label=bp.label, is_cost=is_cost, is_revenue=not is_cost
                ),
                0.0,
                r["value"],
                r["value"],
                softened_by=ctx.softened_by(r["value"]),
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
    for what, is_cost, _seasonal, r, budget, _ytd, _bp in _pairs(book):
        if is_cost and budget != 0 and (budget > 0) == (r["value"] > 0) and r["value"] / budget > 1:
            yield Hit(
                r["sheet"],
                r["cell"],
                OverBudgetParams(what=what, budget=budget, util=r["value"] / budget),
                budget,
                r["value"],
                r["value"] - budget,
            )


@rule(
    "T004",
    "binding-level-overrun",
    "pace",
    Severity.WARNING,
    params=BindingParams,
    unit="€",
    fi="Sitovuustaso ({binding}): nettomeno {net} on {util} talousarviosta {budget}, kun vuodesta on kulunut "
    "{elapsed}; samalla vauhdilla vuoden lopun ennuste {forecast} ylittää määrärahan {overrun} eurolla.",
    en="Binding level ({binding}): the net cost {net} is {util} of the budget {budget} with {elapsed} of the "
    "year elapsed; at this pace the year-end forecast {forecast} exceeds the appropriation by {overrun}.",
    doc_fi="""
        Mitä tarkistetaan: toimialan nettomeno (valtuuston asettama sitovuustaso) vuoden loppuun
        suoraviivaisesti ennustettuna verrattuna talousarvioon.

        Miksi sillä on väliä: sitovuustason ylitys vaatii valtuuston päätöksen ennen vuoden loppua.

        Esimerkki: NETTOMENO 30.6. on −2 891 108 ja talousarvio −5 540 000 → samalla vauhdilla 31.12.
        noin −5 782 216.

        Mitä tehdä: laadi ennuste kausiluonteiset rivit huomioiden ja tarvittaessa esitys
        talousarviomuutoksesta.
    """,
)
def binding_level_overrun(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: the department's net cost (the binding level set by the council) extrapolated
    linearly to the year-end against the budget.

    Why it matters: an overrun at the binding level needs a council decision before the year ends.

    Example: NETTOMENO −2 891 108 at 30.6. against −5 540 000 → about −5 782 216 by 31.12.

    What to do: prepare a forecast with the seasonal lines in mind and, if needed, an amendment.
    """
    bl = binding_level(book)
    if bl is None:
        return
    overrun = abs(bl.forecast) - abs(bl.budget)
    if (
        (bl.forecast > 0) == (bl.budget > 0)
        and overrun > 0
        and not ctx.within(overrun)
        and (bl.budget < 0) == book.expenses_negative
    ):
        yield Hit(
            bl.sheet,
            bl.cell,
            BindingParams(
                binding=book.settings.binding_level or "nettomeno",
                net=bl.actual,
                util=bl.actual / bl.budget,
                budget=bl.budget,
                elapsed=bl.elapsed,
                forecast=round(bl.forecast),
                overrun=round(overrun),
            ),
            bl.budget,
            round(bl.forecast),
            round(bl.forecast - bl.budget),
            softened_by=ctx.softened_by(overrun),
        )


@dataclass(frozen=True)
class BindingLevel:
    """The department's net cost at the binding level: year-to-date actual, the year's budget, the
    share of the year elapsed and the year-end forecast, in the workbook's own signs."""

    actual: float
    budget: float
    elapsed: float
    forecast: float
    sheet: str
    cell: str


def binding_level(book: BudgetBook) -> BindingLevel | None:
    """The binding-level figures T004 judges, from the unit table's total or Käyttötalous' margin.

    One function for the rule and the consolidated report (``sheets/kooste.py``), so the report
    shows exactly the forecast the rule warns about, however the forecast comes to be defined.
    """
    from xl_seuranta.metrics import ennuste  # numpy and pandas: only when a book is checked

    for table, unit, line in (("yksikot", L.TOTAL_UNIT, "NETTOMENO"), ("kayttotalous", "", L.MARGIN)):
        ytd = ytd_period(book, table)
        if ytd is None:
            continue
        bp = budget_for_year(book, ytd.year, table)
        a = lookup(book, table, line, ytd.key, unit)
        b = lookup(book, table, line, bp.key, unit) if bp else None
        if a is None or b is None or b.value == 0:
            continue
        elapsed = elapsed_share(book, ytd)
        method = "lineaarinen_pv" if book.settings.pace_basis == "pv" else "lineaarinen"
        forecast = float(ennuste(a.value, ytd.as_of, method)) if elapsed else a.value
        return BindingLevel(a.value, b.value, elapsed, forecast, a.sheet, a.cell)
    return None


def _hit(ctx: Context, what: str, r, budget: float, util: float, elapsed: float, seasonal: bool) -> Hit:
    return Hit(
        r["sheet"],
        r["cell"],
        PaceParams(what=what, util=util, budget=budget, elapsed=elapsed, is_seasonal=seasonal),
        budget * elapsed,
        r["value"],
        r["value"] - budget * elapsed,
    )
