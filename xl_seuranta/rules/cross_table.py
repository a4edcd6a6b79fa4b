"""Rule family 4: the same quantity in two tables must agree."""

from __future__ import annotations

from collections.abc import Iterator

from xl_seuranta.domain.findings import Params, Severity
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.layout import labels as L
from xl_seuranta.rules.common import Num, lookup
from xl_seuranta.rules.registry import Context, Hit, rule


class DisagreeParams(Params):
    quantity: str
    period: str
    table_a: str
    table_b: str
    cell_a: str
    cell_b: str


class VersionsParams(Params):
    quantity: str
    period_a: str
    period_b: str
    table_a: str
    table_b: str
    cell_a: str
    cell_b: str


TABLE_NAMES = {
    "maararahat": "Määrärahat",
    "kayttotalous": "Käyttötalous",
    "yksikot": "Toimiala yhteensä",
    "tunnusluvut": "Tunnusluvut",
}

# (quantity name, [(table, unit, line)...]) – the first available entry is the reference.
_QUANTITIES = [
    (
        "MENOT",
        [
            ("yksikot", L.TOTAL_UNIT, "MENOT"),
            ("kayttotalous", "", L.EXPENSE_TOTAL),
            ("maararahat", None, "MENOT"),
        ],
    ),
    (
        "TULOT",
        [
            ("yksikot", L.TOTAL_UNIT, "TULOT"),
            ("kayttotalous", "", L.INCOME_TOTAL),
            ("maararahat", None, "TULOT"),
        ],
    ),
    (
        "NETTOMENO",
        [
            ("yksikot", L.TOTAL_UNIT, "NETTOMENO"),
            ("kayttotalous", "", L.MARGIN),
            ("maararahat", None, "NETTOMENO"),
        ],
    ),
    ("Henkilöstökulut", [("kayttotalous", "", "Henkilöstökulut"), ("tunnusluvut", "", L.KEY_PERSONNEL)]),
    ("Palvelujen ostot", [("kayttotalous", "", "Palvelujen ostot"), ("tunnusluvut", "", L.KEY_SERVICES)]),
]


def _entries(book: BudgetBook, spec, period: str) -> list[tuple[str, Num]]:
    """The quantity's number in each table, in the sign convention of net expenditure.

    With expenses printed as positive numbers NETTOMENO is positive for a net cost while the margin
    (TOIMINTAKATE) stays negative, so the margin is compared with its sign turned.
    """
    out = []
    for table, unit, line in spec:
        n = lookup(book, table, line, period, unit)
        if n is not None:
            if line == L.MARGIN and not book.expenses_negative:
                n = Num(-n.value, n.sheet, n.cell)
            out.append((table, n))
    return out


@rule(
    "X001",
    "tables-disagree",
    "cross_table",
    Severity.ERROR,
    params=DisagreeParams,
    unit="€",
    fi="{quantity} {period}: {table_a} {actual} (solu {cell_a}), mutta {table_b} {expected} (solu {cell_b}); "
    "ero {difference}.",
    en="{quantity} {period}: {table_a} says {actual} (cell {cell_a}) but {table_b} says {expected} (cell {cell_b}); "
    "gap {difference}.",
    doc_fi="""
        Mitä tarkistetaan: sama suure samalta kaudelta on sama eri taulukoissa – yksiköiden lohkojen
        Toimiala yhteensä, Käyttötalous, Määrärahat ja Tunnusluvut-taulukon eurolukuiset tunnusluvut.

        Miksi sillä on väliä: kaksi taulukkoa, jotka näyttävät samasta talousarviosta eri luvut, kertovat
        päättäjille kaksi eri tarinaa; yleensä toista ei ole päivitetty talousarviomuutoksen jälkeen.

        Esimerkki: MENOT TA+muutokset 2024: Määrärahat −6 624 150, Toimiala yhteensä −6 649 150
        (ero 25 000).

        Mitä tehdä: selvitä, kumpi versio on voimassa, ja päivitä toinen taulukko.
    """,
)
def tables_disagree(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: the same quantity for the same period agrees between tables — department totals
    of the unit blocks, Käyttötalous, Määrärahat and the euro key figures of Tunnusluvut.

    Why it matters: two tables that print different numbers for the same budget tell the board two
    different stories; usually one was not updated after an amendment.

    Example: MENOT TA+muutokset 2024: Määrärahat −6 624 150, Toimiala yhteensä −6 649 150 (gap 25 000).

    What to do: find which version is current and update the other table.
    """
    for quantity, spec in _QUANTITIES:
        for period_key, period in book.periods.items():
            entries = _entries(book, spec, period_key)
            if len(entries) < 2:
                continue
            ref_table, ref = entries[0]
            for table, n in entries[1:]:
                diff = n.value - ref.value
                if ctx.within(diff):
                    continue
                yield Hit(
                    n.sheet,
                    n.cell,
                    DisagreeParams(
                        quantity=quantity,
                        period=period.label,
                        table_a=TABLE_NAMES[table],
                        table_b=TABLE_NAMES[ref_table],
                        cell_a=f"{n.sheet}!{n.cell}",
                        cell_b=f"{ref.sheet}!{ref.cell}",
                    ),
                    ref.value,
                    n.value,
                    diff,
                    softened_by=ctx.softened_by(diff),
                )


@rule(
    "X002",
    "budget-versions",
    "cross_table",
    Severity.WARNING,
    params=VersionsParams,
    unit="€",
    fi="Kaksi talousarvioversiota? {quantity}: {period_a} ({table_a}, {cell_a}) on {actual}, mutta {period_b} "
    "({table_b}, {cell_b}) on {expected}; ero {difference}. Tarkista, kumpi versio raporttiin kuuluu.",
    en="Two budget versions? {quantity}: {period_a} ({table_a}, {cell_a}) is {actual} but {period_b} ({table_b}, "
    "{cell_b}) is {expected}; gap {difference}. Check which version the report should show.",
    doc_fi="""
        Mitä tarkistetaan: saman vuoden alkuperäinen talousarvio (TA) yhdessä taulukossa verrattuna
        muutettuun talousarvioon (TA+muutokset) toisessa taulukossa, saman suureen osalta.

        Miksi sillä on väliä: luvut voivat perustellusti erota muutosten verran, mutta raportti, joka
        sekoittaa ne, vertaa keskenään lukuja, jotka eivät ole samaa asiaa; sama ero useassa taulukossa
        viittaa siihen, että jonkin taulukon sarake on nimetty väärän version mukaan.

        Esimerkki: Palvelujen ostot: TA 2024 Tunnusluvuissa −3 155 580, TA+muutokset 2024
        Käyttötaloudessa −3 180 580 (25 000 – sama ero kuin Määrärahojen ja Käyttötalouden välillä).

        Mitä tehdä: nimeä jokainen sarake sen version mukaan, jota se todella sisältää, tai käytä samaa
        versiota koko raportissa.
    """,
)
def budget_versions(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: a year's original budget (TA) in one table against its amended budget
    (TA+muutokset) in another, for the same quantity.

    Why it matters: the two may legitimately differ by the amendments, but a report that mixes them
    compares numbers that are not the same thing; the same gap in several tables points to a
    table labelled with the wrong version.

    Example: Palvelujen ostot: TA 2024 in Tunnusluvut −3 155 580, TA+muutokset 2024 in Käyttötalous
    −3 180 580 (25 000 — the same gap as between Määrärahat and Käyttötalous).

    What to do: label each column with the version it really holds, or use one version throughout.
    """
    budgets = [p for p in book.periods.values() if p.is_budget]
    for quantity, spec in _QUANTITIES:
        for pa in budgets:
            for pb in budgets:
                if pa.year != pb.year or pa.kind == pb.kind or pa.kind.value > pb.kind.value:
                    continue
                for ta, na in _entries(book, spec, pa.key):
                    for tb, nb in _entries(book, spec, pb.key):
                        if ta == tb:
                            continue
                        diff = na.value - nb.value
                        if ctx.within(diff):
                            continue
                        yield Hit(
                            na.sheet,
                            na.cell,
                            VersionsParams(
                                quantity=quantity,
                                period_a=pa.label,
                                period_b=pb.label,
                                table_a=TABLE_NAMES[ta],
                                table_b=TABLE_NAMES[tb],
                                cell_a=f"{na.sheet}!{na.cell}",
                                cell_b=f"{nb.sheet}!{nb.cell}",
                            ),
                            nb.value,
                            na.value,
                            diff,
                            softened_by=ctx.softened_by(diff),
                        )
                        break
                    else:
                        continue
                    break
