"""Rule family 1: structure — the tables a follow-up report needs are there and complete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, TypeVar

import numpy as np

from xl_seuranta.domain.findings import Params, Severity
from xl_seuranta.domain.frame import group_codes
from xl_seuranta.domain.grid import a1
from xl_seuranta.domain.messages import SettingRules, TextRef
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.notes import (
    DuplicateUnit,
    HeaderFootnote,
    LayoutNote,
    RowWithoutUnit,
    UnrecognisedRow,
    UnusableSetting,
)
from xl_seuranta.metrics.forecast import table_wide
from xl_seuranta.rules.registry import Context, Hit, rule

N = TypeVar("N", bound=LayoutNote)


class TableParams(Params):
    table: str


class UnitRowParams(Params):
    unit: str
    row: str


class LabelParams(Params):
    label: str


class UnitParams(Params):
    unit: str


class HeaderParams(Params):
    header: str


class SettingParams(Params):
    label: str  # the setting's label as written on the sheet
    value: str | float | dt.date | None  # what the cell holds
    allowed: Annotated[str, TextRef()]  # catalogue key of what the setting allows and its default


class DefaultsParams(Params):
    tolerance: float
    report_date: dt.date | None


REQUIRED_TABLES = {
    "maararahat": "Määrärahat",
    "kayttotalous": "Käyttötalous",
    "yksikot": "Yksiköt (MENOT/TULOT/NETTOMENO)",
    "tunnusluvut": "Tunnusluvut",
}


@rule(
    "S001",
    "no-budget-table",
    "structure",
    Severity.ERROR,
    fi="Työkirjasta ei löytynyt yhtään talousarviotaulukkoa (otsikkoriviä, jossa on vähintään kaksi kautta, "
    "esim. 'TP 2024' ja 'TA 2025').",
    en="No budget table found (a header row with at least two periods such as 'TP 2024' and 'TA 2025').",
    doc_fi="""
        Mitä tarkistetaan: työkirjasta löytyy vähintään yksi taulukko, jossa on kausisarakkeet.

        Miksi sillä on väliä: ilman otsikkoriviä, joka nimeää kaudet, mitään muuta ei voi tarkistaa, ja
        hiljainen "ei havaintoja" näyttäisi virheettömältä raportilta.

        Esimerkki: välilehti, jonka sarakeotsikot ovat "2024" ja "2025" ilman TP- tai TA-merkintää.

        Mitä tehdä: kirjoita kausiotsikot samaan tapaan kuin raportissa ("TP 2024", "TA 2025",
        "TOT. 30.6.2025").
    """,
)
def no_budget_table(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: that at least one table with period columns was found.

    Why it matters: without a header row naming the periods nothing else can be checked, and a
    silent "no findings" would look like a clean report.

    Example: a sheet whose headers read "2024" and "2025" without TP/TA.

    What to do: write the period headers as in the report ("TP 2024", "TA 2025", "TOT. 30.6.2025").
    """
    if not book.tables:
        yield Hit(book.grids[0].name if book.grids else None, "A1")


@rule(
    "S007",
    "missing-table",
    "structure",
    Severity.WARNING,
    params=TableParams,
    fi="Taulukkoa '{table}' ei löytynyt; sitä koskevia tarkistuksia ei tehty.",
    en="Table '{table}' was not found; its checks were not run.",
    doc_fi="""
        Mitä tarkistetaan: työkirjassa on Määrärahat- ja Käyttötalous-taulukot, yksiköiden lohkot ja
        Tunnusluvut-taulukko.

        Miksi sillä on väliä: taulukoiden yhtäpitävyystarkistukset vertaavat näitä taulukoita; jos yksi
        puuttuu, tarkistus kapenee huomaamatta.

        Esimerkki: työkirja, jossa on yksiköiden lohkot mutta ei Määrärahat-taulukkoa.

        Mitä tehdä: lisää taulukko, tai jätä tämä koodi huomiotta, jos toimiala ei raportoi sitä.
    """,
)
def missing_table(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: that Määrärahat, Käyttötalous, the unit blocks and Tunnusluvut all exist.

    Why it matters: the cross-table checks compare these tables; a missing one silently narrows the
    check.

    Example: a workbook with unit blocks but no Määrärahat table.

    What to do: add the table, or ignore this code if the department does not report it.
    """
    if not book.tables:
        return
    found = {t.table for t in book.tables}
    for key, name in REQUIRED_TABLES.items():
        if key not in found:
            yield Hit(None, None, TableParams(table=name))


@rule(
    "S004",
    "incomplete-unit-block",
    "structure",
    Severity.ERROR,
    params=UnitRowParams,
    fi="Yksiköltä '{unit}' puuttuu rivi {row}; jokaisella yksiköllä pitää olla MENOT, TULOT ja NETTOMENO.",
    en="Unit '{unit}' has no {row} row; every unit needs MENOT, TULOT and NETTOMENO.",
    doc_fi="""
        Mitä tarkistetaan: jokaisessa yksikön lohkossa on kolme riviä: MENOT, TULOT ja NETTOMENO.

        Miksi sillä on väliä: lohkoa, josta puuttuu TULOT-rivi, ei voi tarkistaa nettomenoa vasten, ja
        yksiköiden summasta toimialan kokonaissummaan puuttuu osa.

        Esimerkki: "Sortteeri", jonka alla on vain MENOT ja NETTOMENO.

        Mitä tehdä: lisää puuttuva rivi (nollilla, jos yksiköllä ei ole tuloja).
    """,
)
def incomplete_unit_block(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: every unit block has the three rows MENOT, TULOT and NETTOMENO.

    Why it matters: a block without its TULOT row cannot be checked against its net, and the unit
    sums to the department total miss a part.

    Example: "Sortteeri" followed by MENOT and NETTOMENO only.

    What to do: add the missing row (with zeros if the unit has no revenue).
    """
    w = table_wide(book, "yksikot")  # one row per source row, all periods
    if not len(w):
        return
    units, n = group_codes(w.unit)
    first = np.full(n, len(w), dtype=np.int64)
    np.minimum.at(first, units, np.arange(len(w)))  # reading order: the block's first row
    have = {
        line: np.bincount(units[w.line == line], minlength=n) > 0 for line in ("MENOT", "TULOT", "NETTOMENO")
    }
    cols = np.stack([c for c in w.cols.values()]) if w.cols else np.zeros((1, len(w)), dtype=np.int64)
    complete = have["MENOT"] & have["TULOT"] & have["NETTOMENO"]
    for g in np.flatnonzero(~complete).tolist():
        i = int(first[g])
        row_cols = cols[:, i][cols[:, i] > 0]
        cell = a1(int(w.row[i]), int(row_cols.min()))  # the row's first number column
        for needed in ("MENOT", "TULOT", "NETTOMENO"):
            if not have[needed][g]:
                yield Hit(str(w.sheet[i]), cell, UnitRowParams(unit=str(w.unit[i]), row=needed))


@rule(
    "S002",
    "row-without-unit",
    "structure",
    Severity.ERROR,
    fi="Rivi '{label}' ei kuulu mihinkään yksikköön: yksikön otsikkorivi puuttuu sen yläpuolelta.",
    en="Row '{label}' belongs to no unit: the unit's heading row above it is missing.",
    params=LabelParams,
    doc_fi="""
        Mitä tarkistetaan: jokainen MENOT-, TULOT- ja NETTOMENO-rivi on jonkin yksikön otsikon alla.

        Miksi sillä on väliä: rivejä, joilla ei ole yksikköä, ei voi laskea yhteen toimialan
        kokonaissummaksi.

        Esimerkki: taulukon ensimmäisestä lohkosta on kadonnut otsikko "Keskusvaalilautakunta".

        Mitä tehdä: kirjoita yksikön nimi omalle rivilleen lohkon yläpuolelle.
    """,
)
def row_without_unit(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: every MENOT/TULOT/NETTOMENO row stands under a unit heading.

    Why it matters: rows without a unit cannot be summed to the department total.

    Example: the first block of the table has lost its heading "Keskusvaalilautakunta".

    What to do: put the unit's name on its own row above the block.
    """
    for n in _notes(book, RowWithoutUnit):
        yield Hit(n.sheet, n.cell, LabelParams(label=n.label))


@rule(
    "S003",
    "duplicate-unit",
    "structure",
    Severity.WARNING,
    fi="Yksikkö '{unit}' esiintyy taulukossa useammin kuin kerran; se lasketaan summiin kahdesti.",
    en="Unit '{unit}' appears more than once; it is counted twice in the sums.",
    params=UnitParams,
    doc_fi="""
        Mitä tarkistetaan: sama yksikön lohko ei esiinny kahdesti.

        Miksi sillä on väliä: kahteen kertaan liitetty lohko laskee yksikön kahdesti toimialan
        kokonaissummaan.

        Esimerkki: kaksi lohkoa nimeltä "Joukkoliikenne".

        Mitä tehdä: poista ylimääräinen lohko tai nimeä se uudelleen, jos se todella on eri yksikkö.
    """,
)
def duplicate_unit(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: no unit block appears twice.

    Why it matters: a block pasted twice doubles the unit in the department total.

    Example: two blocks named "Joukkoliikenne".

    What to do: delete the extra block or rename it if it is really another unit.
    """
    for n in _notes(book, DuplicateUnit):
        yield Hit(n.sheet, n.cell, UnitParams(unit=n.unit))


@rule(
    "S005",
    "unrecognised-row",
    "structure",
    Severity.INFO,
    fi="Riviä '{label}' ei tunnistettu; sen lukuja ei tarkisteta.",
    en="Row '{label}' was not recognised; its numbers are not checked.",
    params=LabelParams,
    doc_fi="""
        Mitä tarkistetaan: jokaisella talousarviotaulukon rivillä, jolla on lukuja, on nimi, jonka työkalu
        tuntee.

        Miksi sillä on väliä: tuntematon rivi jää pois summista, jotka työkalu tarkistaa.

        Esimerkki: "Muut kulut" eikä "Muut toimintakulut".

        Mitä tehdä: käytä vakiintunutta rivin nimeä, tai jätä huomiotta, jos rivi on lisätietoa.
    """,
)
def unrecognised_row(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: every row with numbers in a budget table has a label the tool knows.

    Why it matters: an unknown line is left out of the sums the tool checks.

    Example: "Muut kulut" instead of "Muut toimintakulut".

    What to do: use the standard line name, or ignore if the row is extra information.
    """
    for n in _notes(book, UnrecognisedRow):
        yield Hit(n.sheet, n.cell, LabelParams(label=n.label))


@rule(
    "S006",
    "header-footnote",
    "structure",
    Severity.INFO,
    fi="Sarakeotsikossa '{header}' on alaviitemerkki (*); tarkista, että selitys on raportissa.",
    en="Column header '{header}' carries a footnote marker (*); check the report explains it.",
    params=HeaderParams,
    doc_fi="""
        Mitä tarkistetaan: kausiotsikot, joissa on tähtimerkki (*).

        Miksi sillä on väliä: merkki tarkoittaa yleensä, että sarake poikkeaa muista (esim. talousarvio
        ilman muutoksia); raportin lukija tarvitsee selityksen.

        Esimerkki: "TA 2025*" Tunnusluvut-taulukossa.

        Mitä tehdä: varmista, että alaviite on kirjoitettu taulukon alle.
    """,
)
def header_footnote(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: period headers with a '*' marker.

    Why it matters: the marker usually means the column differs (e.g. a budget without
    amendments); the reader of the report needs the explanation.

    Example: "TA 2025*" in Tunnusluvut.

    What to do: make sure the footnote is written under the table.
    """
    for n in _notes(book, HeaderFootnote):
        yield Hit(n.sheet, n.cell, HeaderParams(header=n.header))


@rule(
    "S008",
    "no-settings",
    "structure",
    Severity.INFO,
    params=DefaultsParams,
    fi="Asetukset-välilehteä ei löytynyt; käytetään oletuksia (pyöristystoleranssi {tolerance} €, "
    "raportointipäivä {report_date}).",
    en="No Asetukset (settings) sheet; defaults are used (rounding tolerance {tolerance} €, report date "
    "{report_date}).",
    doc_fi="""
        Mitä tarkistetaan: työkirjassa on Asetukset-välilehti.

        Miksi sillä on väliä: raportointipäivä, asukasluvut ja vertailupohjat ilmoitetaan siellä; ilman
        niitä työkalu päättelee raportointipäivän uusimmasta TOT.-sarakkeesta eikä voi laskea
        €/asukas-lukuja uudelleen.

        Esimerkki: edellisen vuoden työkirjasta kopioitu työkirja, josta Asetukset-välilehti puuttuu.

        Mitä tehdä: lisää Asetukset-välilehti (katso mallia esimerkkityökirjasta).
    """,
)
def no_settings(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: that the workbook has an Asetukset sheet.

    Why it matters: the report date, populations and baselines are declared there; without them the
    tool infers the report date from the newest TOT. column and cannot recompute €/asukas.

    Example: a workbook copied from last year's without its settings sheet.

    What to do: add the Asetukset sheet (see the example workbook).
    """
    if book.settings.sheet is None and book.tables:
        yield Hit(None, None, DefaultsParams(tolerance=ctx.tolerance, report_date=ctx.report_date))


@rule(
    "S009",
    "unusable-setting",
    "structure",
    Severity.WARNING,
    params=SettingParams,
    fi="Asetuksen '{label}' arvoa '{value}' ei voi käyttää, joten tarkistus käyttää oletusta. Sallittu: {allowed}.",
    en="The setting '{label}' holds '{value}', which cannot be used, so the check uses the default. "
    "Allowed: {allowed}.",
    doc_fi="""
        Mitä tarkistetaan: jokainen Asetukset-välilehden arvo on luettavissa ja järkevällä välillä:
        pyöristystoleranssi 0–100 €, raportointipäivä ja vuosi vuosilta 2000–2100, laskutapa kk tai pv,
        vertailupohjat ja etumerkkikäytäntö sallituista vaihtoehdoista, asukasluku 1–10 000 000.

        Miksi sillä on väliä: työkirja ei saa voida vaientaa omaa tarkistustaan: 50 000 euron
        pyöristystoleranssi muuttaisi kaikki summavirheet pyöristyseroiksi, ja asukasluku 1e-9 tuottaisi
        mielettömiä €/asukas-lukuja. Arvoa, jota ei voi käyttää, ei käytetä – tilalla on oletus.

        Esimerkki: Pyöristystoleranssi (€) 50 000; Raportointipäivä 31.2.2025; Vuosi "kaksituhatta".

        Mitä tehdä: korjaa solun arvo viestissä kerrotulle välille.
    """,
)
def unusable_setting(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: every value on the Asetukset sheet can be read and lies in a sane range:
    rounding tolerance 0–100 €, report date and year within 2000–2100, the basis kk or pv, the baselines
    and the sign convention one of their choices, a population from 1 to 10 000 000.

    Why it matters: a workbook must not be able to silence its own check: a rounding tolerance of
    50 000 € would turn every sum error into a rounding note, and a population of 1e-9 would give
    absurd €/asukas figures. A value that cannot be used is not used; the default stands in.

    Example: Pyöristystoleranssi (€) 50 000; Raportointipäivä 31.2.2025; Vuosi "kaksituhatta".

    What to do: correct the cell to a value in the range the message names.
    """
    for n in _notes(book, UnusableSetting):
        value = (
            n.value
            if isinstance(n.value, str | float | int | dt.date) and not isinstance(n.value, bool)
            else str(n.value)
        )
        allowed = getattr(SettingRules, n.setting).key
        yield Hit(n.sheet, n.cell, SettingParams(label=n.label, value=value, allowed=allowed))


def _notes(book: BudgetBook, kind: type[N]) -> list[N]:
    """The layout notes of one kind, in the order discovery made them."""
    return [n for n in book.notes if isinstance(n, kind)]
