"""Rule family 3: arithmetic identities — nets, sums of units and of income/expense lines.

Figures are rounded to whole euros, so a sum may be off by 1–2 €. A gap within the tolerance (a
setting, default 2 €) is reported once as info under A009, never as an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from xl_seuranta.domain.model import BudgetBook, Severity
from xl_seuranta.layout import labels as L
from xl_seuranta.rules.common import numbers
from xl_seuranta.rules.registry import Context, Hit, message_only, rule


def _gap_hit(
    ctx: Context,
    sheet: str,
    cell: str,
    expected: float,
    actual: float,
    params: dict,
    what: str,
    children: dict[str, float] | None = None,
) -> Hit | None:
    """A hit for a total that differs from its parts; rounding gaps go to A009."""
    diff = actual - expected
    if abs(diff) < 0.5:
        return None
    params = {**params, "expected": expected, "actual": actual, "difference": diff}
    if abs(diff) <= ctx.tolerance:
        return Hit(
            sheet,
            cell,
            {**params, "what": what, "tolerance": ctx.tolerance},
            expected,
            actual,
            diff,
            code="A009",
        )
    hint_fi = hint_en = ""
    for name, value in (children or {}).items():
        if value != 0 and abs(abs(diff) - abs(value)) < 0.5:
            hint_fi = f"; ero on täsmälleen rivin '{name}' luku"
            hint_en = f"; the gap equals the line '{name}' exactly"
            break
    params["hint"] = hint_fi if ctx.lang != "en" else hint_en
    return Hit(sheet, cell, params, expected, actual, diff)


@rule(
    "A001",
    "net-not-sum",
    "arithmetic",
    Severity.ERROR,
    "{unit} {period}: NETTOMENO {actual} ≠ MENOT + TULOT = {expected} (ero {difference}; solut {cells}).",
    "{unit} {period}: NETTOMENO {actual} ≠ MENOT + TULOT = {expected} (gap {difference}; cells {cells}).",
)
def net_not_sum(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: NETTOMENO = MENOT + TULOT for every unit block and for Määrärahat, every column.

    Why it matters: the net is what the council binds; if it does not follow from the rows above it,
    one of the three was typed or pasted wrong.

    Example: Hallintopalvelut TP 2023: −483 576 + 162 266 = −321 310, printed −321 311 (rounding).

    What to do: re-paste the three rows from the ERP for that column. (With expenses printed as
    positive numbers the identity is NETTOMENO = MENOT − TULOT; the convention is detected.)
    """
    f = numbers(book, measure="value")
    f = f[f["table"].isin(["yksikot", "maararahat"]) & f["line"].isin(["MENOT", "TULOT", "NETTOMENO"])]
    for (table, unit, period), rows in f.groupby(["table", "unit", "period"], sort=False):
        by = {r["line"]: r for _, r in rows.iterrows()}
        if not {"MENOT", "TULOT", "NETTOMENO"} <= by.keys():
            continue
        m, t, n = (float(by[k]["value"]) for k in ("MENOT", "TULOT", "NETTOMENO"))
        expected = m + t if book.expenses_negative else m - t
        cells = f"{by['MENOT']['cell']}, {by['TULOT']['cell']}, {by['NETTOMENO']['cell']}"
        hit = _gap_hit(
            ctx,
            by["NETTOMENO"]["sheet"],
            by["NETTOMENO"]["cell"],
            expected,
            n,
            {"unit": unit or table, "period": book.periods[period].label, "cells": cells},
            f"{unit} NETTOMENO",
        )
        if hit:
            yield hit


@rule(
    "A002",
    "units-not-total",
    "arithmetic",
    Severity.ERROR,
    "Yksiköiden summa ei täsmää Toimiala yhteensä -riviin: {line} {period} on {actual}, yksiköiden summa "
    "{expected} (ero {difference}){hint}.",
    "The units do not add up to 'Toimiala yhteensä': {line} {period} is {actual}, the units sum to "
    "{expected} (gap {difference}){hint}.",
)
def units_not_total(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: the unit blocks sum to the department total (Toimiala yhteensä), row by row.

    Why it matters: a unit added, dropped or updated in one place only makes the department total
    disagree with its parts, and the board reads the total.

    Example: MENOT TOT. 30.6.2025: the units sum to −3 583 616, the total says −3 584 333.

    What to do: look for a unit missing from the list or a block left at last quarter's figures.
    """
    f = numbers(book, table="yksikot", measure="value")
    if f.empty or L.TOTAL_UNIT not in set(f["unit"]):
        return
    for (line, period), rows in f.groupby(["line", "period"], sort=False):
        total = rows[rows["unit"] == L.TOTAL_UNIT]
        parts = rows[rows["unit"] != L.TOTAL_UNIT]
        if total.empty or parts.empty:
            continue
        t = total.iloc[0]
        expected = float(parts["value"].sum())
        children = {str(r["unit"]): float(r["value"]) for _, r in parts.iterrows()}
        hit = _gap_hit(
            ctx,
            t["sheet"],
            t["cell"],
            expected,
            float(t["value"]),
            {"line": line, "period": book.periods[period].label},
            f"Toimiala yhteensä {line}",
            children,
        )
        if hit:
            yield hit


def _lines_vs_total(book: BudgetBook, ctx: Context, lines: list[str], total: str) -> Iterator[Hit]:
    f = numbers(book, table="kayttotalous", measure="value")
    for period, rows in f.groupby("period", sort=False):
        t = rows[rows["line"] == total]
        parts = rows[rows["line"].isin(lines)]
        if t.empty or parts.empty:
            continue
        tr = t.iloc[0]
        children = {str(r["line"]): float(r["value"]) for _, r in parts.iterrows()}
        hit = _gap_hit(
            ctx,
            tr["sheet"],
            tr["cell"],
            float(parts["value"].sum()),
            float(tr["value"]),
            {"period": book.periods[period].label},
            total,
            children,
        )
        if hit:
            yield hit


@rule(
    "A003",
    "income-lines-not-total",
    "arithmetic",
    Severity.ERROR,
    "TOIMINTATUOTOT {period}: rivien summa {expected}, kokonaissumma {actual} (ero {difference}){hint}.",
    "TOIMINTATUOTOT {period}: the lines sum to {expected}, the total says {actual} (gap {difference}){hint}.",
)
def income_lines_not_total(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: Myyntituotot + Maksutuotot + Tuet ja avustukset + Vuokratuotot + Muut toimintatuotot
    = TOIMINTATUOTOT, every column.

    Why it matters: a total that leaves out a line understates the department's income.

    Example: TA 2025: the lines sum to 1 304 170, TOIMINTATUOTOT says 1 297 670; the gap 6 500 is
    exactly Vuokratuotot.

    What to do: check whether the total's formula or the pasted total misses the named line.
    """
    yield from _lines_vs_total(book, ctx, L.INCOME_LINES, L.INCOME_TOTAL)


@rule(
    "A004",
    "expense-lines-not-total",
    "arithmetic",
    Severity.ERROR,
    "TOIMINTAKULUT {period}: rivien summa {expected}, kokonaissumma {actual} (ero {difference}){hint}.",
    "TOIMINTAKULUT {period}: the lines sum to {expected}, the total says {actual} (gap {difference}){hint}.",
)
def expense_lines_not_total(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: Henkilöstökulut + Palvelujen ostot + Aineet… + Avustukset + Vuokrat + Muut
    toimintakulut = TOIMINTAKULUT, every column.

    Why it matters: expenses are what the appropriation binds; a total that misses a line hides spending.

    Example: TP 2023: the lines sum to −6 179 690, the total says −6 179 689 (rounding, info).

    What to do: re-add the lines; look first at the line the message names.
    """
    yield from _lines_vs_total(book, ctx, L.EXPENSE_LINES, L.EXPENSE_TOTAL)


@rule(
    "A005",
    "margin-not-sum",
    "arithmetic",
    Severity.ERROR,
    "TOIMINTAKATE {period}: TOIMINTATUOTOT + TOIMINTAKULUT = {expected}, taulukossa {actual} (ero {difference}).",
    "TOIMINTAKATE {period}: TOIMINTATUOTOT + TOIMINTAKULUT = {expected}, the table says {actual} "
    "(gap {difference}).",
)
def margin_not_sum(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: TOIMINTAKATE = TOIMINTATUOTOT + TOIMINTAKULUT, every column.

    Why it matters: the operating margin is the bottom line of the operating statement.

    Example: TA 2025: 1 297 670 − 6 837 670 = −5 540 000.

    What to do: recompute the margin from the two totals.
    """
    f = numbers(book, table="kayttotalous", measure="value")
    for period, rows in f.groupby("period", sort=False):
        by = {r["line"]: r for _, r in rows.iterrows()}
        if not {L.INCOME_TOTAL, L.EXPENSE_TOTAL, L.MARGIN} <= by.keys():
            continue
        i, e = float(by[L.INCOME_TOTAL]["value"]), float(by[L.EXPENSE_TOTAL]["value"])
        expected = i + e if book.expenses_negative else i - e
        m = by[L.MARGIN]
        hit = _gap_hit(
            ctx,
            m["sheet"],
            m["cell"],
            expected,
            float(m["value"]),
            {"period": book.periods[period].label},
            L.MARGIN,
        )
        if hit:
            yield hit


message_only(
    "A009",
    "rounding-difference",
    "arithmetic",
    Severity.INFO,
    "Pyöristysero: {what} {period} on {actual}, osien summa {expected} (ero {difference} €, "
    "toleranssi {tolerance} €).",
    "Rounding difference: {what} {period} is {actual}, the parts sum to {expected} (gap {difference} €, "
    "tolerance {tolerance} €).",
    """What it checks: sums that are off by no more than the rounding tolerance (a setting).

             Why it matters: figures are rounded to whole euros, so 1–2 € gaps are expected; they are
             listed for completeness, never as errors.

             Example: TOIMINTATUOTOT TP 2023: lines 1 499 109, total 1 499 108.

             What to do: nothing, unless the tolerance should be tighter.""",
)
