"""Rule family 2: cell quality — what stands in a cell that should hold a number."""

from __future__ import annotations

from collections.abc import Iterator

from xl_seuranta.model import BudgetBook, Severity
from xl_seuranta.rules.registry import Context, Hit, rule


def _cells_of_kind(book: BudgetBook, kind: str):
    f = book.frame
    if f.empty:
        return f
    return f[f["kind"] == kind]


@rule(
    "C001",
    "number-as-text",
    "cells",
    Severity.WARNING,
    "Luku on tallennettu tekstinä ('{raw}'); tulkittu arvoksi {value}. Excel ei laske sitä summiin.",
    "A number is stored as text ('{raw}'), read as {value}. Excel leaves it out of sums.",
)
def number_as_text(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: numbers pasted as text, e.g. "−1 253 026" with a no-break space and a real minus.

    Why it matters: Excel's SUM skips text, so a total formula silently misses the figure; the tool
    reads it anyway so the other checks still work.

    Example: a unit's MENOT pasted from a PDF as "−1 253 026".

    What to do: convert to a number (Data ▸ Text to Columns, or retype).
    """
    for _, r in _cells_of_kind(book, "text_number").iterrows():
        yield Hit(r["sheet"], r["cell"], {"raw": r["raw"], "value": r["value"]}, actual=r["value"])


@rule(
    "C002",
    "placeholder",
    "cells",
    Severity.INFO,
    "Paikkamerkki '{raw}' luvun paikalla ({line}, {period}).",
    "Placeholder '{raw}' where a number belongs ({line}, {period}).",
)
def placeholder(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: placeholders such as "xx" or "-" in number cells.

    Why it matters: a placeholder is a deliberate gap, fine in a draft but not in the board's copy.

    Example: Tunnusluvut, Muutos % for TOT. 30.6. printed as "xx".

    What to do: fill the figure or explain why there is none.
    """
    for _, r in _cells_of_kind(book, "placeholder").iterrows():
        yield Hit(
            r["sheet"], r["cell"], {"raw": r["raw"], "line": r["line"], "period": _plabel(book, r["period"])}
        )


@rule(
    "C003",
    "excel-error",
    "cells",
    Severity.ERROR,
    "Solussa on Excelin virhearvo {raw} ({line}, {period}).",
    "The cell holds the Excel error value {raw} ({line}, {period}).",
)
def excel_error(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: Excel error values (#DIV/0!, #REF!, #N/A …) in budget tables.

    Why it matters: an error value propagates into every total that uses the cell.

    Example: a utilisation % dividing by an empty budget cell.

    What to do: fix the formula or the cell it refers to.
    """
    for _, r in _cells_of_kind(book, "error").iterrows():
        yield Hit(
            r["sheet"], r["cell"], {"raw": r["raw"], "line": r["line"], "period": _plabel(book, r["period"])}
        )


@rule(
    "C004",
    "text-not-number",
    "cells",
    Severity.ERROR,
    "Solussa on tekstiä '{raw}', vaikka siinä pitäisi olla luku ({line}, {period}).",
    "The cell holds the text '{raw}' where a number belongs ({line}, {period}).",
)
def text_not_number(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: text that is not a number in a number cell of a budget table.

    Why it matters: the figure is missing from every check and every sum.

    Example: "n. 5000" typed in a TA column.

    What to do: type the number alone; put remarks in a comment.
    """
    for _, r in _cells_of_kind(book, "text").iterrows():
        yield Hit(
            r["sheet"], r["cell"], {"raw": r["raw"], "line": r["line"], "period": _plabel(book, r["period"])}
        )


@rule(
    "C005",
    "blank-in-number-row",
    "cells",
    Severity.WARNING,
    "Tyhjä solu rivillä, jonka muissa sarakkeissa on lukuja: {unit}{line}, {period}.",
    "Blank cell in a row whose other columns hold numbers: {unit}{line}, {period}.",
)
def blank_in_number_row(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: a short row — a blank where the row's other period columns have numbers.

    Why it matters: a blank is read as zero by Excel, so a column total changes without anyone
    having decided it; often a block printed fewer numbers than there are columns.

    Example: "Tilap. suojelun lisätuki/valtio" prints two numbers for five columns.

    What to do: type 0 where the figure really is zero, else fill in the figure.
    """
    f = book.frame
    if f.empty:
        return
    for _, rows in f[f["measure"] == "value"].groupby(["sheet", "row"], sort=False):
        if not (rows["kind"] == "blank").any() or (rows["kind"] == "blank").all():
            continue
        for _, r in rows[rows["kind"] == "blank"].iterrows():
            unit = f"{r['unit']} " if r["unit"] else ""
            yield Hit(
                r["sheet"], r["cell"], {"unit": unit, "line": r["line"], "period": _plabel(book, r["period"])}
            )


def _plabel(book: BudgetBook, key: str) -> str:
    p = book.periods.get(key)
    return p.label if p else key
