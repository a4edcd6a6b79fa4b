"""Rule family 3: arithmetic identities — nets, sums of units and of income/expense lines.

Figures are rounded to whole euros, so a sum may be off by 1–2 €. A gap within the tolerance (a
setting, default 2 €) is reported once as info under A009, never as an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from xl_seuranta import metrics
from xl_seuranta.domain.findings import Params, Severity
from xl_seuranta.domain.frame import Frame, group_codes
from xl_seuranta.domain.messages import Part, Text
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.layout import labels as L
from xl_seuranta.metrics.forecast import table_wide
from xl_seuranta.rules.common import lookup, numbers
from xl_seuranta.rules.registry import Context, Hit, declare, rule


class NetParams(Params):
    unit: str
    period: str
    cells: str


class PeriodParams(Params):
    period: str


class LinesParams(Params):
    period: str
    hint_line: str | None = None  # the line whose value the gap equals exactly


class UnitsTotalParams(LinesParams):
    line: str


class DepartmentTotalParams(LinesParams):
    line: str  # the unit rows' line: MENOT, TULOT or NETTOMENO
    table: str  # where the department's figure stands: Käyttötalous or Määrärahat
    total_line: str  # its line there


class RoundingParams(Params):
    what: str
    period: str
    tolerance: float


HINT = {
    "hint": Part(
        "hint_line",
        Text(
            "; ero on täsmälleen rivin '{hint_line}' luku", "; the gap equals the line '{hint_line}' exactly"
        ),
    )
}


def _gap_hit(
    ctx: Context,
    sheet: str,
    cell: str,
    expected: float,
    actual: float,
    error: Params,
    what: str,
    period: str,
    parts: Sequence[tuple[str, float]] = (),
) -> Hit | None:
    """A hit for a total that differs from its parts (``metrics.classify_gap``); rounding gaps go to A009.

    ``error`` holds the rule's parameters; when the gap equals one part exactly
    (``metrics.equal_part``), its ``hint_line`` names that part.
    """
    diff = actual - expected
    kind = metrics.classify_gap(diff, ctx.tolerance)
    if kind == "ok":
        return None
    if kind == "rounding":
        rounding = RoundingParams(what=what, period=period, tolerance=ctx.tolerance)
        return Hit(
            sheet, cell, rounding, expected, actual, diff, code="A009", softened_by=ctx.softened_by(diff)
        )
    i = metrics.equal_part(diff, [v for _, v in parts])
    if i >= 0:
        error = error.model_copy(update={"hint_line": parts[i][0]})
    return Hit(sheet, cell, error, expected, actual, diff)


def _by_line(f: Frame, groups: np.ndarray, n: int, lines: Sequence[str]) -> dict[str, np.ndarray]:
    """Per group, the frame position of each line's number (the last one in reading order), -1 if none."""
    out = {}
    for line in lines:
        pos = np.full(n, -1, dtype=np.int64)
        hit = np.flatnonzero(f["line"] == line)
        pos[groups[hit]] = hit  # numpy assigns in order: the last row of a line wins
        out[line] = pos
    return out


def _gaps(ctx: Context, totals: np.ndarray, expected: np.ndarray, f: Frame) -> np.ndarray:
    """The positions (into ``totals``) whose gap is not 'ok'."""
    gap = f["value"][totals] - expected
    return np.flatnonzero(metrics.classify_gap(gap, ctx.tolerance) != "ok")


@rule(
    "A001",
    "net-not-sum",
    "arithmetic",
    Severity.ERROR,
    params=NetParams,
    unit="€",
    fi="{unit} {period}: NETTOMENO {actual} ≠ MENOT + TULOT = {expected} (ero {difference}; solut {cells}).",
    en="{unit} {period}: NETTOMENO {actual} ≠ MENOT + TULOT = {expected} (gap {difference}; cells {cells}).",
    doc_fi="""
        Mitä tarkistetaan: NETTOMENO = MENOT + TULOT jokaisen yksikön lohkossa ja Määrärahat-taulukossa,
        joka sarakkeessa.

        Miksi sillä on väliä: valtuusto sitoo määrärahat nettomenoon; jos nettomeno ei seuraa yläpuolisista
        riveistä, jokin kolmesta luvusta on kirjoitettu tai liitetty väärin.

        Esimerkki: Hallintopalvelut TP 2023: −483 576 + 162 266 = −321 310, taulukossa −321 311
        (pyöristysero).

        Mitä tehdä: liitä sarakkeen kolme riviä uudelleen taloushallintojärjestelmästä. (Jos menot on
        esitetty positiivisina lukuina, yhtälö on NETTOMENO = MENOT − TULOT; työkalu tunnistaa käytännön
        itse.)
    """,
)
def net_not_sum(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: NETTOMENO = MENOT + TULOT for every unit block and for Määrärahat, every column.

    Why it matters: the net is what the council binds; if it does not follow from the rows above it,
    one of the three was typed or pasted wrong.

    Example: Hallintopalvelut TP 2023: −483 576 + 162 266 = −321 310, printed −321 311 (rounding).

    What to do: re-paste the three rows from the ERP for that column. (With expenses printed as
    positive numbers the identity is NETTOMENO = MENOT − TULOT; the convention is detected.)
    """
    for table in ("yksikot", "maararahat"):
        w = table_wide(book, table)  # one row per source row, every period side by side
        if not len(w):
            continue
        units, n = group_codes(w.unit)
        for key, values in w.values.items():
            by = {}
            for line in ("MENOT", "TULOT", "NETTOMENO"):
                pos = np.full(n, -1, dtype=np.int64)
                rows = np.flatnonzero((w.line == line) & ~np.isnan(values))
                pos[units[rows]] = rows  # the last such row of a unit wins, as in reading order
                by[line] = pos
            complete = np.flatnonzero((by["MENOT"] >= 0) & (by["TULOT"] >= 0) & (by["NETTOMENO"] >= 0))
            m, t, net = (by[k][complete] for k in ("MENOT", "TULOT", "NETTOMENO"))
            expected = values[m] + values[t] if book.expenses_negative else values[m] - values[t]
            gap = values[net] - expected
            label = book.periods[key].label
            for j in np.flatnonzero(metrics.classify_gap(gap, ctx.tolerance) != "ok").tolist():
                i, unit = int(net[j]), str(w.unit[net[j]])
                cells = ", ".join(w.cell(key, int(r)) or "" for r in (m[j], t[j], i))
                hit = _gap_hit(
                    ctx,
                    str(w.sheet[i]),
                    w.cell(key, i) or "",
                    float(expected[j]),
                    float(values[i]),
                    NetParams(unit=unit or table, period=label, cells=cells),
                    f"{unit} NETTOMENO",
                    label,
                )
                if hit:
                    yield hit


@rule(
    "A002",
    "units-not-total",
    "arithmetic",
    Severity.ERROR,
    params=UnitsTotalParams,
    unit="€",
    parts=HINT,
    fi="Yksiköiden summa ei täsmää Toimiala yhteensä -riviin: {line} {period} on {actual}, yksiköiden summa "
    "{expected} (ero {difference}){hint}.",
    en="The units do not add up to 'Toimiala yhteensä': {line} {period} is {actual}, the units sum to "
    "{expected} (gap {difference}){hint}.",
    doc_fi="""
        Mitä tarkistetaan: yksiköiden lohkojen summa on sama kuin toimialan kokonaissumma (Toimiala
        yhteensä), rivi riviltä.

        Miksi sillä on väliä: jos yksikkö on lisätty, poistettu tai päivitetty vain yhteen paikkaan,
        Toimiala yhteensä ei enää vastaa osiensa summaa – ja päättäjät lukevat juuri kokonaissummaa.

        Esimerkki: MENOT TOT. 30.6.2025: yksiköiden summa on −3 583 616, Toimiala yhteensä −3 584 333.

        Mitä tehdä: etsi yksikkö, joka puuttuu luettelosta, tai lohko, johon on jäänyt edellisen
        raportointikerran luvut.
    """,
)
def units_not_total(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: the unit blocks sum to the department total (Toimiala yhteensä), row by row.

    Why it matters: a unit added, dropped or updated in one place only makes the department total
    disagree with its parts, and the board reads the total.

    Example: MENOT TOT. 30.6.2025: the units sum to −3 583 616, the total says −3 584 333.

    What to do: look for a unit missing from the list or a block left at last quarter's figures.
    """
    f = numbers(book, table="yksikot", measure="value")
    is_total = f["unit"] == L.TOTAL_UNIT
    if f.empty or not is_total.any():
        return
    groups, n = group_codes(f["line"], f["period"])
    total = np.full(n, -1, dtype=np.int64)
    first_total = np.flatnonzero(is_total)[::-1]
    total[groups[first_total]] = first_total  # reversed: the first total row of a group wins
    parts = ~is_total
    part_sum = np.bincount(groups[parts], weights=f["value"][parts], minlength=n)
    has_parts = np.bincount(groups[parts], minlength=n) > 0
    checked = np.flatnonzero((total >= 0) & has_parts)
    for k in _gaps(ctx, total[checked], part_sum[checked], f).tolist():
        g = int(checked[k])
        i = int(total[g])
        mine = np.flatnonzero(parts & (groups == g))
        label = book.periods[f["period"][i]].label
        hit = _gap_hit(
            ctx,
            f["sheet"][i],
            f["cell"][i],
            float(part_sum[g]),
            float(f["value"][i]),
            UnitsTotalParams(line=f["line"][i], period=label),
            f"Toimiala yhteensä {f['line'][i]}",
            label,
            _named(f["unit"][mine], f["value"][mine]),
        )
        if hit:
            yield hit


def _named(names: np.ndarray, values: np.ndarray) -> list[tuple[str, float]]:
    """(name, value) of parts, a repeated name once (its last value), in order of first appearance."""
    return list(dict(zip(map(str, names.tolist()), map(float, values.tolist()), strict=True)).items())


# Where the department's own MENOT / TULOT / NETTOMENO stand when the unit table has no total row.
_DEPARTMENT_FIGURES = {
    "MENOT": (("kayttotalous", "", L.EXPENSE_TOTAL), ("maararahat", None, "MENOT")),
    "TULOT": (("kayttotalous", "", L.INCOME_TOTAL), ("maararahat", None, "TULOT")),
    "NETTOMENO": (("kayttotalous", "", L.MARGIN), ("maararahat", None, "NETTOMENO")),
}
_TABLE_NAMES = {"kayttotalous": "Käyttötalous", "maararahat": "Määrärahat"}


@rule(
    "A006",
    "units-not-department-figure",
    "arithmetic",
    Severity.ERROR,
    params=DepartmentTotalParams,
    unit="€",
    parts=HINT,
    fi="Yksiköiden summa ei täsmää toimialan lukuun: {line} {period} on yksiköissä yhteensä {expected}, "
    "mutta {table}-taulukon {total_line} on {actual} (ero {difference}){hint}.",
    en="The units do not add up to the department's figure: {line} {period} sums to {expected} over the "
    "units, but {table} {total_line} says {actual} (gap {difference}){hint}.",
    doc_fi="""
        Mitä tarkistetaan: kun yksikkötaulukossa ei ole Toimiala yhteensä -lohkoa, yksiköiden MENOT,
        TULOT ja NETTOMENO lasketaan yhteen ja summaa verrataan toimialan lukuihin muualla työkirjassa:
        Käyttötalouden TOIMINTAKULUT, TOIMINTATUOTOT ja TOIMINTAKATE (tai Määrärahojen MENOT, TULOT ja
        NETTOMENO), sarake sarakkeelta.

        Miksi sillä on väliä: taloushallintojärjestelmän otteissa yksikköerittely tulee usein ilman
        yhteensä-riviä; silloin ainoa tapa huomata puuttuva tai vanhentunut yksikkö on verrata summaa
        toimialan omiin lukuihin.

        Esimerkki: yksiköiden MENOT TOT. 30.6.2025 ovat yhteensä −3 583 616, Käyttötalouden
        TOIMINTAKULUT −3 584 333 (ero −717).

        Mitä tehdä: etsi yksikkö, joka puuttuu erittelystä tai jonka luvut ovat edelliseltä kaudelta.
    """,
)
def units_not_department_figure(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: when the unit table has no 'Toimiala yhteensä' block, the sum of the units'
    MENOT, TULOT and NETTOMENO against the department's figures elsewhere in the workbook —
    Käyttötalous TOIMINTAKULUT / TOIMINTATUOTOT / TOIMINTAKATE, else Määrärahat MENOT / TULOT /
    NETTOMENO — column by column, with the same gap explanation as A002.

    Why it matters: ERP exports often carry the unit breakdown without a total block; comparing the
    sum with the department's own figures is then the only way to notice a unit missing or left at
    last quarter's figures.

    Example: the units' MENOT TOT. 30.6.2025 sum to −3 583 616, Käyttötalous TOIMINTAKULUT says
    −3 584 333 (gap −717).

    What to do: look for a unit missing from the breakdown or a block with last period's figures.
    """
    f = numbers(book, table="yksikot", measure="value")
    if f.empty or (f["unit"] == L.TOTAL_UNIT).any():
        return  # a total row is checked by A002
    for line, places in _DEPARTMENT_FIGURES.items():
        rows = f.take(f["line"] == line)
        if rows.empty:
            continue
        periods, n = group_codes(rows["period"])
        sums = np.bincount(periods, weights=rows["value"], minlength=n)
        first = np.full(n, len(rows), dtype=np.int64)
        np.minimum.at(first, periods, np.arange(len(rows)))
        for g in range(n):
            key = str(rows["period"][first[g]])
            found = next(
                (
                    (table, name, num)
                    for table, unit, name in places
                    if (num := lookup(book, table, name, key, unit))
                ),
                None,
            )
            if found is None:
                continue
            table, name, num = found
            # A margin printed beside expenses printed positive has the other sign than NETTOMENO.
            flip = -1.0 if name == L.MARGIN and not book.expenses_negative else 1.0
            mine = np.flatnonzero(periods == g)
            label = book.periods[key].label
            hit = _gap_hit(
                ctx,
                num.sheet,
                num.cell,
                flip * float(sums[g]),
                num.value,
                DepartmentTotalParams(line=line, period=label, table=_TABLE_NAMES[table], total_line=name),
                f"{_TABLE_NAMES[table]} {name}",
                label,
                _named(rows["unit"][mine], flip * rows["value"][mine]),
            )
            if hit:
                yield hit


def _lines_vs_total(book: BudgetBook, ctx: Context, lines: list[str], total: str) -> Iterator[Hit]:
    f = numbers(book, table="kayttotalous", measure="value")
    groups, n = group_codes(f["period"])
    is_total, is_part = f["line"] == total, f.mask(line=set(lines))
    first = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(is_total)[::-1]
    first[groups[rows]] = rows  # the first total row of each column
    part_sum = np.bincount(groups[is_part], weights=f["value"][is_part], minlength=n)
    checked = np.flatnonzero((first >= 0) & (np.bincount(groups[is_part], minlength=n) > 0))
    for k in _gaps(ctx, first[checked], part_sum[checked], f).tolist():
        g = int(checked[k])
        i = int(first[g])
        mine = np.flatnonzero(is_part & (groups == g))
        label = book.periods[f["period"][i]].label
        hit = _gap_hit(
            ctx,
            f["sheet"][i],
            f["cell"][i],
            float(part_sum[g]),
            float(f["value"][i]),
            LinesParams(period=label),
            total,
            label,
            _named(f["line"][mine], f["value"][mine]),
        )
        if hit:
            yield hit


@rule(
    "A003",
    "income-lines-not-total",
    "arithmetic",
    Severity.ERROR,
    params=LinesParams,
    unit="€",
    parts=HINT,
    fi="TOIMINTATUOTOT {period}: rivien summa {expected}, kokonaissumma {actual} (ero {difference}){hint}.",
    en="TOIMINTATUOTOT {period}: the lines sum to {expected}, the total says {actual} (gap {difference}){hint}.",
    doc_fi="""
        Mitä tarkistetaan: Myyntituotot + Maksutuotot + Tuet ja avustukset + Vuokratuotot + Muut
        toimintatuotot = TOIMINTATUOTOT, joka sarakkeessa.

        Miksi sillä on väliä: jos kokonaissummasta puuttuu rivi, toimialan tuotot näyttävät todellista
        pienemmiltä.

        Esimerkki: TA 2025: rivien summa on 1 304 170, TOIMINTATUOTOT-rivillä 1 297 670; ero 6 500 on
        täsmälleen Vuokratuotot-rivin luku.

        Mitä tehdä: tarkista, puuttuuko viestissä mainittu rivi kokonaissumman kaavasta tai liitetystä
        summasta.
    """,
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
    params=LinesParams,
    unit="€",
    parts=HINT,
    fi="TOIMINTAKULUT {period}: rivien summa {expected}, kokonaissumma {actual} (ero {difference}){hint}.",
    en="TOIMINTAKULUT {period}: the lines sum to {expected}, the total says {actual} (gap {difference}){hint}.",
    doc_fi="""
        Mitä tarkistetaan: Henkilöstökulut + Palvelujen ostot + Aineet… + Avustukset + Vuokrat + Muut
        toimintakulut = TOIMINTAKULUT, joka sarakkeessa.

        Miksi sillä on väliä: määräraha sitoo nimenomaan menoja; kokonaissumma, josta puuttuu rivi,
        kätkee menoja.

        Esimerkki: TP 2023: rivien summa on −6 179 690, TOIMINTAKULUT-rivillä −6 179 689 (pyöristysero,
        huomio).

        Mitä tehdä: laske rivit uudelleen yhteen; katso ensin riviä, jonka viesti nimeää.
    """,
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
    params=PeriodParams,
    unit="€",
    fi="TOIMINTAKATE {period}: TOIMINTATUOTOT + TOIMINTAKULUT = {expected}, taulukossa {actual} (ero {difference}).",
    en="TOIMINTAKATE {period}: TOIMINTATUOTOT + TOIMINTAKULUT = {expected}, the table says {actual} "
    "(gap {difference}).",
    doc_fi="""
        Mitä tarkistetaan: TOIMINTAKATE = TOIMINTATUOTOT + TOIMINTAKULUT, joka sarakkeessa.

        Miksi sillä on väliä: toimintakate on käyttötalouden tuloslaskelman tärkein tulosrivi.

        Esimerkki: TA 2025: 1 297 670 − 6 837 670 = −5 540 000.

        Mitä tehdä: laske toimintakate uudelleen kahdesta kokonaissummasta.
    """,
)
def margin_not_sum(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: TOIMINTAKATE = TOIMINTATUOTOT + TOIMINTAKULUT, every column.

    Why it matters: the operating margin is the bottom line of the operating statement.

    Example: TA 2025: 1 297 670 − 6 837 670 = −5 540 000.

    What to do: recompute the margin from the two totals.
    """
    f = numbers(book, table="kayttotalous", measure="value")
    groups, n = group_codes(f["period"])
    by = _by_line(f, groups, n, (L.INCOME_TOTAL, L.EXPENSE_TOTAL, L.MARGIN))
    complete = np.flatnonzero((by[L.INCOME_TOTAL] >= 0) & (by[L.EXPENSE_TOTAL] >= 0) & (by[L.MARGIN] >= 0))
    income, expense, margin = (by[k][complete] for k in (L.INCOME_TOTAL, L.EXPENSE_TOTAL, L.MARGIN))
    values = f["value"]
    expected = (
        values[income] + values[expense] if book.expenses_negative else values[income] - values[expense]
    )
    for k in _gaps(ctx, margin, expected, f).tolist():
        i = int(margin[k])
        label = book.periods[f["period"][i]].label
        hit = _gap_hit(
            ctx,
            f["sheet"][i],
            f["cell"][i],
            float(expected[k]),
            float(values[i]),
            PeriodParams(period=label),
            L.MARGIN,
            label,
        )
        if hit:
            yield hit


declare(
    "A009",
    "rounding-difference",
    "arithmetic",
    Severity.INFO,
    params=RoundingParams,
    unit="€",
    fi="Pyöristysero: {what} {period} on {actual}, osien summa {expected} (ero {difference} €, "
    "toleranssi {tolerance} €).",
    en="Rounding difference: {what} {period} is {actual}, the parts sum to {expected} (gap {difference} €, "
    "tolerance {tolerance} €).",
    doc="""
        What it checks: sums that are off by no more than the rounding tolerance (a setting).

        Why it matters: figures are rounded to whole euros, so 1–2 € gaps are expected; they are
        listed for completeness, never as errors.

        Example: TOIMINTATUOTOT TP 2023: lines 1 499 109, total 1 499 108.

        What to do: nothing, unless the tolerance should be tighter.
    """,
    doc_fi="""
        Mitä tarkistetaan: summat, jotka poikkeavat osiensa summasta enintään pyöristystoleranssin verran
        (asetus Asetukset-välilehdellä).

        Miksi sillä on väliä: luvut on pyöristetty täysiin euroihin, joten 1–2 euron erot ovat
        odotettuja; ne luetellaan täydellisyyden vuoksi, ei koskaan virheinä.

        Esimerkki: TOIMINTATUOTOT TP 2023: rivien summa 1 499 109, kokonaissumma 1 499 108.

        Mitä tehdä: ei mitään, ellei toleranssia ole syytä tiukentaa.
    """,
)
