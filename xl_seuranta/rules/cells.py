"""Rule family 2: cell quality — what stands in a cell that should hold a number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np

from xl_seuranta.domain.findings import Params, Severity
from xl_seuranta.domain.frame import Frame
from xl_seuranta.domain.messages import Part, Text
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.rules.registry import Context, Hit, rule


class NumberAsTextParams(Params):
    raw: str


class CellParams(Params):
    raw: str | dt.date | None
    line: str
    period: str


class BlankParams(Params):
    unit_name: str | None
    line: str
    period: str


def _cells_of_kind(book: BudgetBook, kind: str) -> Frame:
    return book.cells.where(kind=kind)


@rule(
    "C001",
    "number-as-text",
    "cells",
    Severity.WARNING,
    params=NumberAsTextParams,
    unit="€",
    fi="Luku on tallennettu tekstinä ('{raw}'); tulkittu arvoksi {actual}. Excel ei laske sitä summiin.",
    en="A number is stored as text ('{raw}'), read as {actual}. Excel leaves it out of sums.",
    doc_fi="""
        Mitä tarkistetaan: tekstinä liitetyt luvut, esim. "−1 253 026", jossa on sitova välilyönti ja
        aito miinusmerkki.

        Miksi sillä on väliä: Excelin SUMMA-funktio ohittaa tekstin, joten summakaava jättää luvun
        huomaamatta pois; työkalu lukee luvun silti, jotta muut tarkistukset toimivat.

        Esimerkki: yksikön MENOT liitetty PDF:stä tekstinä "−1 253 026".

        Mitä tehdä: muunna teksti luvuksi (Tiedot ▸ Teksti sarakkeisiin) tai kirjoita luku uudelleen.
    """,
)
def number_as_text(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: numbers pasted as text, e.g. "−1 253 026" with a no-break space and a real minus.

    Why it matters: Excel's SUM skips text, so a total formula silently misses the figure; the tool
    reads it anyway so the other checks still work.

    Example: a unit's MENOT pasted from a PDF as "−1 253 026".

    What to do: convert to a number (Data ▸ Text to Columns, or retype).
    """
    for sheet, cell, raw, value in _cells_of_kind(book, "text_number").rows("sheet", "cell", "raw", "value"):
        yield Hit(sheet, cell, NumberAsTextParams(raw=str(raw)), actual=float(value))


@rule(
    "C002",
    "placeholder",
    "cells",
    Severity.INFO,
    params=CellParams,
    fi="Paikkamerkki '{raw}' luvun paikalla ({line}, {period}).",
    en="Placeholder '{raw}' where a number belongs ({line}, {period}).",
    doc_fi="""
        Mitä tarkistetaan: paikkamerkit, kuten "xx" tai "-", lukusoluissa.

        Miksi sillä on väliä: paikkamerkki on tarkoituksella jätetty aukko; luonnoksessa se käy, mutta ei
        hallitukselle menevässä versiossa.

        Esimerkki: Tunnusluvut-taulukon TOT. 30.6. -sarakkeen Muutos % on merkitty "xx".

        Mitä tehdä: täytä luku tai kerro, miksi lukua ei ole.
    """,
)
def placeholder(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: placeholders such as "xx" or "-" in number cells.

    Why it matters: a placeholder is a deliberate gap, fine in a draft but not in the board's copy.

    Example: Tunnusluvut, Muutos % for TOT. 30.6. printed as "xx".

    What to do: fill the figure or explain why there is none.
    """
    yield from _kind_hits(book, "placeholder")


@rule(
    "C003",
    "excel-error",
    "cells",
    Severity.ERROR,
    params=CellParams,
    fi="Solussa on Excelin virhearvo {raw} ({line}, {period}).",
    en="The cell holds the Excel error value {raw} ({line}, {period}).",
    doc_fi="""
        Mitä tarkistetaan: Excelin virhearvot (#JAKO/0!, #VIITTAUS!, #PUUTTUU …; englanninkielisessä
        Excelissä #DIV/0!, #REF!, #N/A …) talousarviotaulukoissa.

        Miksi sillä on väliä: virhearvo leviää jokaiseen summaan, joka käyttää solua.

        Esimerkki: toteuma-%, jossa jaetaan tyhjällä talousarviosolulla.

        Mitä tehdä: korjaa kaava tai solu, johon se viittaa.
    """,
)
def excel_error(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: Excel error values (#DIV/0!, #REF!, #N/A …) in budget tables.

    Why it matters: an error value propagates into every total that uses the cell.

    Example: a utilisation % dividing by an empty budget cell.

    What to do: fix the formula or the cell it refers to.
    """
    yield from _kind_hits(book, "error")


@rule(
    "C004",
    "text-not-number",
    "cells",
    Severity.ERROR,
    params=CellParams,
    fi="Solussa on tekstiä '{raw}', vaikka siinä pitäisi olla luku ({line}, {period}).",
    en="The cell holds the text '{raw}' where a number belongs ({line}, {period}).",
    doc_fi="""
        Mitä tarkistetaan: talousarviotaulukon lukusolussa on tekstiä, joka ei ole luku.

        Miksi sillä on väliä: luku puuttuu silloin jokaisesta tarkistuksesta ja jokaisesta summasta.

        Esimerkki: TA-sarakkeeseen on kirjoitettu "n. 5000".

        Mitä tehdä: kirjoita soluun pelkkä luku; huomautukset kuuluvat solun kommenttiin.
    """,
)
def text_not_number(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: text that is not a number in a number cell of a budget table.

    Why it matters: the figure is missing from every check and every sum.

    Example: "n. 5000" typed in a TA column.

    What to do: type the number alone; put remarks in a comment.
    """
    yield from _kind_hits(book, "text")


@rule(
    "C006",
    "formula-without-value",
    "cells",
    Severity.WARNING,
    params=CellParams,
    fi="Solussa on kaava, jolle ei ole tallennettu laskettua arvoa ({line}, {period}); tarkistus ei näe lukua. "
    "Avaa ja tallenna työkirja Excelissä.",
    en="The cell holds a formula saved without its calculated value ({line}, {period}); the check cannot see the "
    "number. Open and save the workbook in Excel.",
    doc_fi="""
        Mitä tarkistetaan: talousarviotaulukoiden kaavat, joiden arvoa ei ole koskaan laskettu ja
        tallennettu.

        Miksi sillä on väliä: jos tiedoston on kirjoittanut skripti tai muuntanut työkalu, joka ei laske
        kaavoja, tiedostoon jää vain kaavan teksti; jokainen lukija, joka ei itse laske (tämä tarkistus,
        yöajo, esikatselu), näkee tyhjän solun.

        Esimerkki: NETTOMENO kaavana =B5+B6 raportointiskriptin tuottamassa tiedostossa.

        Mitä tehdä: avaa työkirja Excelissä ja tallenna se, jolloin lasketut arvot tallentuvat.
    """,
)
def formula_without_value(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: formulas in budget tables whose value was never calculated and saved.

    Why it matters: a file written by a script or converted by a tool that does not calculate keeps
    only the formula text; every reader that does not calculate (this check, the nightly batch, a
    preview) sees an empty cell.

    Example: NETTOMENO as =B5+B6 in a file generated by a reporting script.

    What to do: open the workbook in Excel and save it, so the values are stored.
    """
    yield from _kind_hits(book, "uncached_formula")


@rule(
    "C005",
    "blank-in-number-row",
    "cells",
    Severity.WARNING,
    params=BlankParams,
    parts={"unit": Part("unit_name", Text("{unit_name} ", "{unit_name} "))},
    fi="Tyhjä solu rivillä, jonka muissa sarakkeissa on lukuja: {unit}{line}, {period}.",
    en="Blank cell in a row whose other columns hold numbers: {unit}{line}, {period}.",
    doc_fi="""
        Mitä tarkistetaan: vajaa rivi – tyhjä solu, vaikka rivin muissa kausisarakkeissa on lukuja.

        Miksi sillä on väliä: Excel lukee tyhjän solun nollaksi, joten sarakkeen summa muuttuu ilman, että
        kukaan on niin päättänyt; usein lohkossa on painettu vähemmän lukuja kuin siinä on sarakkeita.

        Esimerkki: rivillä "Tilap. suojelun lisätuki/valtio" on kaksi lukua viittä saraketta kohden.

        Mitä tehdä: kirjoita 0, jos luku todella on nolla, muuten täytä puuttuva luku.
    """,
)
def blank_in_number_row(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: a short row — a blank where the row's other period columns have numbers.

    Why it matters: a blank is read as zero by Excel, so a column total changes without anyone
    having decided it; often a block printed fewer numbers than there are columns.

    Example: "Tilap. suojelun lisätuki/valtio" prints two numbers for five columns.

    What to do: type 0 where the figure really is zero, else fill in the figure.
    """
    f = book.cells.where(measure="value")
    if f.empty:
        return
    rows = f["src"]  # the cell's source row
    n = int(rows.max()) + 1
    blank = f["kind"] == "blank"
    blanks, cells = np.bincount(rows[blank], minlength=n), np.bincount(rows, minlength=n)
    short = (blanks > 0) & (blanks < cells)  # some but not all of the row's period columns blank
    picked = f.take(blank & short[rows])
    for sheet, cell, unit, line, period in picked.rows("sheet", "cell", "unit", "line", "period"):
        params = BlankParams(unit_name=unit or None, line=line, period=_plabel(book, period))
        yield Hit(sheet, cell, params)


def _kind_hits(book: BudgetBook, kind: str) -> Iterator[Hit]:
    """One hit per number cell of the given kind, with its raw text, line and period for the message."""
    for sheet, cell, raw, line, period in _cells_of_kind(book, kind).rows(
        "sheet", "cell", "raw", "line", "period"
    ):
        yield Hit(sheet, cell, CellParams(raw=_shown(raw), line=line, period=_plabel(book, period)))


def _shown(raw: object) -> str | dt.date | None:
    """A cell's own content for a message: text as written, a date as a date."""
    if raw is None or isinstance(raw, str):
        return raw
    if isinstance(raw, dt.datetime):
        return raw.date()
    return raw if isinstance(raw, dt.date) else str(raw)


def _plabel(book: BudgetBook, key: str) -> str:
    p = book.periods.get(key)
    return p.label if p else key
