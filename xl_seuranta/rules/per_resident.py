"""Rule family 6: euros per resident — recomputed with the declared population, or the implied one shown."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from xl_seuranta import metrics
from xl_seuranta.domain.findings import Params, Pct, Severity
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.periods import PeriodKind
from xl_seuranta.layout import labels as L
from xl_seuranta.metrics.forecast import linear
from xl_seuranta.rules.common import Num, elapsed_share, lookup, numbers
from xl_seuranta.rules.registry import Context, Hit, declare, rule

MIXED_POPULATION_SHARE = 0.03
IMPOSSIBLE_POPULATION_SHARE = 0.10


class PopulationParams(Params):
    line: str
    period: str
    total: float
    population: float
    pop_date: str


class ImpliedParams(Params):
    line: str
    period: str
    figure: float  # the €/asukas figure as printed
    total: float
    implied: float


class MixedParams(Params):
    line: str
    period: str
    implied: float
    median: float
    share: Pct  # how far the implied population is from the median


class YearToDateParams(Params):
    line: str
    period: str
    figure: float
    budget: float | None
    budget_label: str
    annual: float


def _margin(book: BudgetBook, period: str) -> Num | None:
    """The operating margin of a column; a net expenditure printed positive counts as a negative margin."""
    for table, unit, line in (
        ("kayttotalous", "", L.MARGIN),
        ("yksikot", L.TOTAL_UNIT, "NETTOMENO"),
        ("maararahat", None, "NETTOMENO"),
    ):
        n = lookup(book, table, line, period, unit)
        if n is not None:
            if line == "NETTOMENO" and not book.expenses_negative:
                return Num(-n.value, n.sheet, n.cell)
            return n
    return None


@dataclass(frozen=True)
class _Figure:
    """A printed €/asukas figure and the margin of its column."""

    sheet: str
    cell: str
    line: str
    period: str  # period key
    value: float
    total: Num


def _per_resident_rows(book: BudgetBook) -> list[_Figure]:
    """(€/asukas figure, its margin) per column; a budget column without a margin of its own kind uses the
    same year's other budget version (key figures often print TA where the tables print TA+muutokset).
    Made once per book: four rules read them."""
    cached = book.__dict__.get("_per_resident_rows")
    if cached is not None:
        return cached
    f = numbers(book, table="tunnusluvut", line=L.KEY_MARGIN_PER_RESIDENT, measure="value")
    out = []
    for sheet, cell, line, key, value in f.rows("sheet", "cell", "line", "period", "value"):
        total = _margin(book, key)
        period = book.periods.get(key)
        if total is None and period is not None and period.is_budget:
            for other in book.periods.values():
                if other.year == period.year and other.is_budget and other.kind != period.kind:
                    total = _margin(book, other.key)
                    break
        if total is not None and value != 0:
            out.append(_Figure(sheet, cell, line, key, float(value), total))
    book.__dict__["_per_resident_rows"] = out
    return out


def _round(x: float) -> float:
    """Whole residents or euros for the message; no number stays no number."""
    return float(round(x)) if math.isfinite(x) else math.nan


def _population(book: BudgetBook, period_key: str):
    for p in book.settings.populations:
        if p.period is not None and p.period.key == period_key and p.population:
            return p
    return None


@rule(
    "P001",
    "per-resident-wrong",
    "per_resident",
    Severity.ERROR,
    params=PopulationParams,
    unit="€",
    fi="{line} {period}: taulukossa {actual} €/asukas, mutta {total} / {population} asukasta ({pop_date}) = "
    "{expected} €/asukas.",
    en="{line} {period}: the table says {actual} €/resident but {total} / {population} residents ({pop_date}) = "
    "{expected} €/resident.",
    doc_fi="""
        Mitä tarkistetaan: €/asukas-luku verrattuna kokonaissummaan jaettuna sarakkeelle
        Asetukset-välilehdellä ilmoitetulla asukasluvulla (asukasluku ja sen päivämäärä sarakkeittain).

        Miksi sillä on väliä: päättäjät vertaavat kuntia €/asukas-lukujen avulla; väärän vuoden
        asukasluvulla tai kokonaissumman eri versiosta laskettu luku on väärin kenenkään huomaamatta.

        Esimerkki: Toimintakate €/asukas TA 2025: −5 540 000 / 6 925 = −800.

        Mitä tehdä: laske luku uudelleen ilmoitetulla asukasluvulla tai korjaa asukasluku
        Asetukset-välilehdellä.
    """,
)
def per_resident_wrong(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: a €/asukas figure against its total divided by the population declared for that
    column on Asetukset (population and its date per column).

    Why it matters: the board compares municipalities by €/asukas; a figure computed with the wrong
    year's population or from another version of the total is silently wrong.

    Example: Toimintakate €/asukas TA 2025: −5 540 000 / 6 925 = −800.

    What to do: recompute with the declared population, or correct the population on Asetukset.
    """
    for r in _per_resident_rows(book):
        total = r.total
        pop = _population(book, r.period)
        if pop is None:
            continue
        expected = _round(metrics.eur_per_asukas(total.value, pop.population))
        if abs(expected - r.value) > 1:
            yield Hit(
                r.sheet,
                r.cell,
                PopulationParams(
                    line=r.line,
                    period=book.periods[r.period].label,
                    total=total.value,
                    population=pop.population,
                    pop_date=pop.date or "?",
                ),
                expected,
                r.value,
                r.value - expected,
            )


@rule(
    "P002",
    "implied-population",
    "per_resident",
    Severity.INFO,
    params=ImpliedParams,
    fi="{line} {period}: {figure} €/asukas ja toimintakate {total} vastaavat asukaslukua {implied}; asukaslukua "
    "ei ole ilmoitettu Asetukset-välilehdellä.",
    en="{line} {period}: {figure} €/resident and the margin {total} imply a population of {implied}; no "
    "population is declared on Asetukset.",
    doc_fi="""
        Mitä tarkistetaan: niissä sarakkeissa, joille asukaslukua ei ole ilmoitettu, asukasluku, joka
        €/asukas-luvusta voidaan päätellä.

        Miksi sillä on väliä: talousvastaava näkee yhdellä silmäyksellä, millä asukasluvulla kunkin
        sarakkeen luku on laskettu.

        Esimerkki: TP 2023: −4 680 581 / −659 = noin 7 103 asukasta.

        Mitä tehdä: ilmoita asukasluku ja sen päivämäärä sarakkeittain Asetukset-välilehdellä.
    """,
)
def implied_population(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: for columns without a declared population, the population the figure implies.

    Why it matters: it lets a controller see at a glance which population each column was computed with.

    Example: TP 2023: −4 680 581 / −659 = about 7 103 residents.

    What to do: declare the population and its date per column on Asetukset.
    """
    for r in _per_resident_rows(book):
        if _population(book, r.period) is None:
            yield Hit(
                r.sheet,
                r.cell,
                ImpliedParams(
                    line=r.line,
                    period=book.periods[r.period].label,
                    figure=r.value,
                    total=r.total.value,
                    implied=_round(metrics.asukasluku_implisiittinen(r.total.value, r.value)),
                ),
            )


@rule(
    "P003",
    "mixed-populations",
    "per_resident",
    Severity.WARNING,
    params=MixedParams,
    unit="€",
    fi="{line} {period}: luvusta {actual} €/asukas päätelty asukasluku {implied} poikkeaa muiden sarakkeiden "
    "mediaanista {median} ({share}); luku on laskettu eri väkiluvulla tai eri summasta.",
    en="{line} {period}: the population implied by {actual} €/resident, {implied}, differs from the median of "
    "the other columns, {median} ({share}); a different population or total was used.",
    doc_fi="""
        Mitä tarkistetaan: rivin €/asukas-luvuista päätellyt asukasluvut poikkeavat enintään 3 % niiden
        mediaanista sarakkeiden kesken.

        Miksi sillä on väliä: kunnan asukasluku muuttuu vuodessa prosentin tai kaksi (sarakkeet kattavat
        enintään kolme vuotta); isompi hyppy tarkoittaa, että luku on laskettu väärällä asukasluvulla tai
        eri kokonaissummasta. Kun asukasluvut ilmoitetaan Asetukset-välilehdellä, tarkistus on tarkka
        (P001).

        Esimerkki: €/asukas-luku, josta päätelty asukasluku on 6 687, kun muista sarakkeista päätelty on
        noin 6 950.

        Mitä tehdä: laske luku uudelleen sarakkeelle ilmoitetulla asukasluvulla.
    """,
)
def mixed_populations(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: the populations implied by a row's €/asukas figures stay within 3 % of their
    median across columns.

    Why it matters: a municipality's population moves by a percent or two a year (columns span up to
    three years); a bigger jump means a figure computed with the wrong population, or from another
    total. Declare the populations on Asetukset to get exact checks (P001) instead.

    Example: a €/asukas figure that implies 6 687 residents when the other columns imply about 6 950.

    What to do: recompute the figure with the declared population of that column.
    """
    rows = _per_resident_rows(book)
    if len(rows) < 3:
        return
    totals = np.array([r.total.value for r in rows])
    implied = metrics.asukasluku_implisiittinen(totals, np.array([r.value for r in rows]))
    if np.isnan(implied).all():
        return
    # statistics.median of the numbers, as np.nanmedian would give: numpy's median loads numpy.ma on
    # first use, a cost every batch worker paid on its first file.
    median = float(statistics.median(implied[~np.isnan(implied)].tolist()))
    share = implied / median - 1  # NaN: a figure of the other sign than its total implies no population
    flagged = np.isnan(share) | (np.abs(share) > MIXED_POPULATION_SHARE)
    impossible = np.isnan(share) | (np.abs(share) > IMPOSSIBLE_POPULATION_SHARE)
    for i in np.flatnonzero(flagged).tolist():
        r = rows[i]
        expected = _round(metrics.eur_per_asukas(r.total.value, median))
        yield Hit(
            r.sheet,
            r.cell,
            MixedParams(
                line=r.line,
                period=book.periods[r.period].label,
                implied=_round(implied[i]),
                median=_round(median),
                share=float(share[i]),
            ),
            expected,
            r.value,
            r.value - expected,
            code="P005" if impossible[i] else None,
        )


declare(
    "P005",
    "per-resident-impossible",
    "per_resident",
    Severity.ERROR,
    params=MixedParams,
    unit="€",
    fi="{line} {period}: {actual} €/asukas vastaisi asukaslukua {implied}, kun muut sarakkeet vastaavat noin "
    "{median} asukasta ({share}); luku ei voi olla laskettu saman kunnan väkiluvulla. Muiden sarakkeiden "
    "väkiluvulla luku olisi {expected} €/asukas (ero {difference}).",
    en="{line} {period}: {actual} €/resident would mean {implied} residents while the other columns mean about "
    "{median} ({share}); it cannot come from the municipality's population. With the other columns' "
    "population it would be {expected} €/resident (gap {difference}).",
    doc="""
        What it checks: a €/asukas figure whose implied population is more than 10 % away from the median
        of the row's other columns.

        Why it matters: no municipality's population moves by a tenth within the years of one report; the
        figure or its total was typed wrong.

        Example: Toimintakate €/asukas −500 where −4 680 581 € would need 9 361 residents, the other columns
        about 6 940.

        What to do: recompute the figure from the total and the population of that column.
    """,
    doc_fi="""
        Mitä tarkistetaan: €/asukas-luku, josta päätelty asukasluku poikkeaa yli 10 % rivin muiden
        sarakkeiden mediaanista.

        Miksi sillä on väliä: kunnan asukasluku ei muutu kymmenyksellä yhden raportin vuosien aikana;
        luku tai sen kokonaissumma on kirjoitettu väärin.

        Esimerkki: Toimintakate €/asukas −500, kun −4 680 581 € vaatisi 9 361 asukasta ja muut sarakkeet
        vastaavat noin 6 940 asukasta.

        Mitä tehdä: laske luku uudelleen kokonaissummasta ja sarakkeen asukasluvusta.
    """,
)


@rule(
    "P004",
    "per-resident-year-to-date",
    "per_resident",
    Severity.INFO,
    params=YearToDateParams,
    fi="{line} {period} ({figure} €/asukas) on vuoden alusta kertynyt luku, ei vuositason luku; se ei ole "
    "vertailukelpoinen talousarvion {budget_label} lukuun {budget} (samassa tahdissa koko vuosi ≈ {annual}).",
    en="{line} {period} ({figure} €/resident) is a year-to-date figure, not an annual one; it is not comparable "
    "with the budget {budget_label} figure {budget} (at the same pace, the full year ≈ {annual}).",
    doc_fi="""
        Mitä tarkistetaan: vuoden alusta kertyneen toteuman (TOT.) sarakkeen €/asukas-luvut.

        Miksi sillä on väliä: −418 €/asukas 30.6. on puolen vuoden luku; koko vuoden talousarvion −800
        rinnalla se näyttää säästöltä, vaikka samassa tahdissa koko vuoden luku olisi noin −836.

        Esimerkki: Toimintakate €/asukas TOT. 30.6.2025 −418 vs. TA 2025 −800.

        Mitä tehdä: esitä vuositasolle muunnettu luku rinnalla tai merkitse sarake vuoden alusta
        kertyneeksi.
    """,
)
def per_resident_ytd(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: €/asukas figures of a year-to-date (TOT.) column.

    Why it matters: −418 €/asukas at 30.6. is half a year; read against the annual budget −800 it
    looks like a saving when the pace actually points to about −836.

    Example: Toimintakate €/asukas TOT. 30.6.2025 −418 vs. TA 2025 −800.

    What to do: show the annualised figure beside it, or label the column as year-to-date.
    """
    f = numbers(book, table="tunnusluvut", line=L.KEY_MARGIN_PER_RESIDENT, measure="value")
    for sheet, cell, line, key, value in f.rows("sheet", "cell", "line", "period", "value"):
        p = book.periods[key]
        if p.kind is not PeriodKind.TOTEUMA or p.is_annual:
            continue
        elapsed = elapsed_share(book, p)
        budget, budget_label = None, "TA"
        for b in book.periods.values():
            found = lookup(book, "tunnusluvut", line, b.key) if b.year == p.year and b.is_budget else None
            if found is not None:
                budget, budget_label = found, b.label
                break
        yield Hit(
            sheet,
            cell,
            YearToDateParams(
                line=line,
                period=p.label,
                figure=value,
                budget=budget.value if budget else None,
                budget_label=budget_label,
                annual=_round(linear(value, elapsed)),  # the year-to-date figure extrapolated like a forecast
            ),
        )
