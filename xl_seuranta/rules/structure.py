"""Rule family 1: structure — the tables a follow-up report needs are there and complete."""

from __future__ import annotations

from collections.abc import Iterator

from xl_seuranta.domain.model import BudgetBook, Severity
from xl_seuranta.rules.registry import Context, Hit, message_only, rule

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
    "Työkirjasta ei löytynyt yhtään talousarviotaulukkoa (otsikkoriviä, jossa on vähintään kaksi kautta, "
    "esim. 'TP 2024' ja 'TA 2025').",
    "No budget table found (a header row with at least two periods such as 'TP 2024' and 'TA 2025').",
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
    "Taulukkoa '{table}' ei löytynyt; sitä koskevia tarkistuksia ei tehty.",
    "Table '{table}' was not found; its checks were not run.",
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
            yield Hit(None, None, {"table": name})


@rule(
    "S004",
    "incomplete-unit-block",
    "structure",
    Severity.ERROR,
    "Yksiköltä '{unit}' puuttuu rivi {row}; jokaisella yksiköllä pitää olla MENOT, TULOT ja NETTOMENO.",
    "Unit '{unit}' has no {row} row; every unit needs MENOT, TULOT and NETTOMENO.",
)
def incomplete_unit_block(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: every unit block has the three rows MENOT, TULOT and NETTOMENO.

    Why it matters: a block without its TULOT row cannot be checked against its net, and the unit
    sums to the department total miss a part.

    Example: "Sortteeri" followed by MENOT and NETTOMENO only.

    What to do: add the missing row (with zeros if the unit has no revenue).
    """
    f = book.values(table="yksikot")
    for unit, rows in f.groupby("unit", sort=False):
        have = set(rows["line"])
        first = rows.sort_values(["row", "col"]).iloc[0]
        for needed in ("MENOT", "TULOT", "NETTOMENO"):
            if needed not in have:
                yield Hit(str(first["sheet"]), str(first["cell"]), {"unit": unit, "row": needed})


message_only(
    "S002",
    "row-without-unit",
    "structure",
    Severity.ERROR,
    "Rivi '{label}' ei kuulu mihinkään yksikköön: yksikön otsikkorivi puuttuu sen yläpuolelta.",
    "Row '{label}' belongs to no unit: the unit's heading row above it is missing.",
    """What it checks: every MENOT/TULOT/NETTOMENO row stands under a unit heading.

             Why it matters: rows without a unit cannot be summed to the department total.

             Example: the first block of the table has lost its heading "Keskusvaalilautakunta".

             What to do: put the unit's name on its own row above the block.""",
)
message_only(
    "S003",
    "duplicate-unit",
    "structure",
    Severity.WARNING,
    "Yksikkö '{unit}' esiintyy taulukossa useammin kuin kerran; se lasketaan summiin kahdesti.",
    "Unit '{unit}' appears more than once; it is counted twice in the sums.",
    """What it checks: no unit block appears twice.

             Why it matters: a block pasted twice doubles the unit in the department total.

             Example: two blocks named "Joukkoliikenne".

             What to do: delete the extra block or rename it if it is really another unit.""",
)
message_only(
    "S005",
    "unrecognised-row",
    "structure",
    Severity.INFO,
    "Riviä '{label}' ei tunnistettu; sen lukuja ei tarkisteta.",
    "Row '{label}' was not recognised; its numbers are not checked.",
    """What it checks: every row with numbers in a budget table has a label the tool knows.

             Why it matters: an unknown line is left out of the sums the tool checks.

             Example: "Muut kulut" instead of "Muut toimintakulut".

             What to do: use the standard line name, or ignore if the row is extra information.""",
)
message_only(
    "S006",
    "header-footnote",
    "structure",
    Severity.INFO,
    "Sarakeotsikossa '{header}' on alaviitemerkki (*); tarkista, että selitys on raportissa.",
    "Column header '{header}' carries a footnote marker (*); check the report explains it.",
    """What it checks: period headers with a '*' marker.

             Why it matters: the marker usually means the column differs (e.g. a budget without
             amendments); the reader of the report needs the explanation.

             Example: "TA 2025*" in Tunnusluvut.

             What to do: make sure the footnote is written under the table.""",
)


@rule(
    "S008",
    "no-settings",
    "structure",
    Severity.INFO,
    "Asetukset-välilehteä ei löytynyt; käytetään oletuksia (pyöristystoleranssi {tolerance} €, "
    "raportointipäivä {report_date}).",
    "No Asetukset (settings) sheet; defaults are used (rounding tolerance {tolerance} €, report date "
    "{report_date}).",
)
def no_settings(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: that the workbook has an Asetukset sheet.

    Why it matters: the report date, populations and baselines are declared there; without them the
    tool infers the report date from the newest TOT. column and cannot recompute €/asukas.

    Example: a workbook copied from last year's without its settings sheet.

    What to do: add the Asetukset sheet (see the example workbook).
    """
    if book.settings.sheet is None and book.tables:
        yield Hit(None, None, {"tolerance": ctx.tolerance, "report_date": ctx.report_date or "–"})


def _notes(code: str):
    def gen(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
        for n in book.notes:
            if n.code == code:
                yield Hit(n.sheet, n.cell, dict(n.params))

    return gen


NOTE_CODES = ("S002", "S003", "S005", "S006")


def note_hits(book: BudgetBook, code: str) -> Iterator[Hit]:
    """Hits for codes that layout discovery noted while reading the tables."""
    return _notes(code)(book, Context())
