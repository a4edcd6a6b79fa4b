"""Where everything goes on the Laskelmat sheet: input cells, sections, figure and metric columns, and
which period each metric compares (the declared baselines)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_seuranta import metrics
from xl_seuranta.domain.baselines import budget_kinds, tp_against_budget
from xl_seuranta.domain.messages import Laskelmat
from xl_seuranta.domain.model import BudgetBook, TableInfo
from xl_seuranta.domain.periods import Period, PeriodKind
from xl_seuranta.domain.settings import Population
from xl_seuranta.layout import labels as L

SHEET_NAME = "Laskelmat"
PACE_MARGIN = 0.10
"""Deviation from pace (fraction) beyond which a row is coloured red/green."""
NO_NUMBER = '""'
"""Where no number is meaningful (zero base, sign flip, blank input) the sheet shows an empty cell, not
an Excel error value: the board reads this sheet, and #N/A looks like a broken formula. (The cell
functions return #N/A instead, so that formulas built on them can test for it.)"""

TABLE_ORDER = ("yksikot", "kayttotalous", "maararahat")
EUR_FORMAT = "#,##0"
PCT_FORMAT = "0.0%"
DATE_FORMAT = "d.m.yyyy"

# Fixed columns and top-area rows (1-based).
COL_UNIT, COL_LINE, COL_TYPE = 1, 2, 3
FIRST_FIGURE_COL = 4
ROW_TITLE, ROW_INFO, ROW_DATE, ROW_BASIS, ROW_SHARE = 1, 2, 3, 4, 5
DATE_REF = f"$B${ROW_DATE}"
BASIS_REF = f"$B${ROW_BASIS}"
SHARE_REF = f"$B${ROW_SHARE}"

METRICS = (
    "muutos_eur_tp",
    "muutos_pros_tp",
    "muutos_eur_ta",
    "muutos_pros_ta",
    "toteuma_pros",
    "poikkeama_pp",
    "ennuste",
)
PER_RESIDENT = "eur_per_asukas"
EURO_METRICS = {"muutos_eur_tp", "muutos_eur_ta", "ennuste", PER_RESIDENT}

COST_LINES = {"MENOT", L.EXPENSE_TOTAL, *L.EXPENSE_LINES}
REVENUE_LINES = {"TULOT", L.INCOME_TOTAL, *L.INCOME_LINES}
KIND_RANK = {PeriodKind.TA: 0, PeriodKind.TA_MUUTOS: 1, PeriodKind.TOTEUMA: 2, PeriodKind.TP: 3}


def texts(lang: str) -> dict[str, str]:
    """The sheet's texts in ``lang`` by name (the catalogue's ``Laskelmat`` group)."""
    return Laskelmat.templates(lang)


@dataclass
class Section:
    """One discovered table as laid out on the sheet."""

    info: TableInfo
    periods: list[Period]  # the table's period columns, source order
    rows: pd.DataFrame  # index: sheet row; columns unit, line, tyyppi, src_row, seasonal
    values: pd.DataFrame  # index: sheet row; one column per period key, NaN where no number
    refs: pd.DataFrame  # index: sheet row; one column per period key, "'Sheet'!B5"
    kinds: pd.DataFrame  # index: sheet row; one column per period key, CellKind value
    raws: pd.DataFrame  # index: sheet row; raw text of the source cell
    tp: tuple[Period, Period] | None = None  # (newest TP, baseline)
    ta: tuple[Period, Period] | None = None  # (newest budget, baseline)
    util: tuple[Period, Period] | None = None  # (year-to-date actuals, budget)
    per_resident: list[str] = field(default_factory=list)  # period keys with a population
    title_row: int = 0

    @property
    def first_row(self) -> int:
        return int(self.rows.index[0])

    @property
    def last_row(self) -> int:
        return int(self.rows.index[-1])

    def metrics(self) -> list[str]:
        out: list[str] = []
        if self.tp:
            out += ["muutos_eur_tp", "muutos_pros_tp"]
        if self.ta:
            out += ["muutos_eur_ta", "muutos_pros_ta"]
        if self.util:
            out += ["toteuma_pros", "poikkeama_pp", "ennuste"]
        return out


@dataclass
class SheetLayout:
    """Where everything goes on the Laskelmat sheet; shared by the plan and ``metric_values``."""

    lang: str
    report_date: dt.date | None
    basis: str
    populations: dict[str, tuple[int, float, Population]]  # period key -> (sheet row, value, source)
    missing_populations: list[str]  # period labels without a population
    note_rows: list[tuple[int, str]]
    header_row: int
    figure_cols: dict[str, int]  # period key -> column
    figure_periods: dict[str, Period]
    metric_cols: dict[str, int]  # metric id ('eur_per_asukas:TP2024' for per-resident) -> column
    source_col: int
    sections: list[Section]
    chart_rows: pd.DataFrame  # index: sheet row; columns unit, src_row (the section row it copies)
    chart_section: Section | None
    chart_block_row: int

    @property
    def last_col(self) -> int:
        return self.source_col

    @property
    def share(self) -> float:
        return float(metrics.kulunut_osuus(self.report_date, self.basis))


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def pairs(
    periods: list[Period], baseline_tp: str, baseline_ta: str
) -> tuple[tuple[Period, Period] | None, tuple[Period, Period] | None, tuple[Period, Period] | None]:
    """(TP pair, budget pair, utilisation pair) of one table, by the declared baselines."""
    by = {(p.kind, p.year): p for p in periods}
    kinds_pref = budget_kinds(baseline_ta)

    def budget(year: int, kinds: tuple[PeriodKind, ...] = kinds_pref) -> Period | None:
        return next((by[(k, year)] for k in kinds if (k, year) in by), None)

    tp_pair = None
    tps = sorted((p for p in periods if p.kind is PeriodKind.TP), key=lambda p: p.year)
    if tps:
        new = tps[-1]
        vs_budget = tp_against_budget(baseline_tp)
        old = budget(new.year - 1) if vs_budget else by.get((PeriodKind.TP, new.year - 1))
        tp_pair = (new, old) if old else None

    ta_pair = None
    years = sorted({p.year for p in periods if p.is_budget})
    if years:
        new_b = budget(years[-1])
        assert new_b is not None
        same_first = (new_b.kind, *(k for k in kinds_pref if k is not new_b.kind))
        old_b = budget(years[-1] - 1, same_first)
        ta_pair = (new_b, old_b) if old_b else None

    util_pair = None
    tots = sorted((p for p in periods if p.kind is PeriodKind.TOTEUMA), key=lambda p: p.as_of)
    if tots:
        tot = tots[-1]
        bud = budget(tot.year, (PeriodKind.TA_MUUTOS, PeriodKind.TA))
        util_pair = (tot, bud) if bud else None
    return tp_pair, ta_pair, util_pair


def _population_for(period: Period, pops: list[Population]) -> Population | None:
    """The declared population of a column: same period, else (budgets) the other budget kind's."""
    usable = [p for p in pops if p.period is not None and p.population is not None and p.population > 0]
    exact = next((p for p in usable if p.period is not None and p.period.key == period.key), None)
    if exact or not period.is_budget:
        return exact
    return next(
        (p for p in usable if p.period is not None and p.period.is_budget and p.period.year == period.year),
        None,
    )


def _tyyppi(line: str, reference: float, expenses_negative: bool, lang: str) -> str:
    t = texts(lang)
    if line in COST_LINES:
        return t["cost"]
    if line in REVENUE_LINES:
        return t["revenue"]
    # Net rows (NETTOMENO, TOIMINTAKATE): a net cost behaves like a cost, a net income like revenue.
    cost_sign = -1.0 if expenses_negative else 1.0
    if np.isnan(reference) or reference == 0 or np.sign(reference) == cost_sign:
        return t["cost"]
    return t["revenue"]


def _section_frame(book: BudgetBook, info: TableInfo) -> pd.DataFrame:
    f = book.frame
    if f.empty:
        return f
    sub = f[
        (f["sheet"] == info.sheet)
        & (f["table"] == info.table)
        & (f["measure"] == "value")
        & (f["row"] >= info.first_row)
        & (f["row"] <= info.last_row)
        & (f["col"].isin(list(info.periods)))
    ].copy()
    sub["key"] = sub["col"].map({c: p.key for c, p in info.periods.items()})
    return sub.drop_duplicates(["row", "key"])


def _wide(sub: pd.DataFrame, column: str, src_rows: np.ndarray, keys: list[str]) -> pd.DataFrame:
    """One row per source row, one column per period key."""
    return sub.pivot(index="row", columns="key", values=column).reindex(index=src_rows, columns=keys)


def sheet_layout(book: BudgetBook, lang: str = "fi") -> SheetLayout:
    """Lay out the Laskelmat sheet for ``book``: rows, columns, pairs and input cells."""
    t = texts(lang)
    settings = book.settings
    basis = settings.pace_basis if settings.pace_basis in metrics.OSUUS_TAVAT else "kk"
    tables = sorted(
        (i for i in book.tables if i.table in TABLE_ORDER),
        key=lambda i: TABLE_ORDER.index(i.table),
    )

    # Sections without sheet rows yet.
    raw_sections: list[tuple[TableInfo, pd.DataFrame, list[Period]]] = []
    for info in tables:
        sub = _section_frame(book, info)
        if sub.empty:
            continue
        periods = [info.periods[c] for c in sorted(info.periods)]
        seen: set[str] = set()
        periods = [p for p in periods if not (p.key in seen or seen.add(p.key))]  # type: ignore[func-returns-value]
        raw_sections.append((info, sub, periods))

    all_periods: dict[str, Period] = {}
    for _info, _sub, periods in raw_sections:
        for p in periods:
            all_periods.setdefault(p.key, p)
    ordered = sorted(all_periods.values(), key=lambda p: (p.year, KIND_RANK[p.kind], p.as_of))

    # Top area: report date, basis, share, then populations and notes.
    row = ROW_SHARE + 1
    populations: dict[str, tuple[int, float, Population]] = {}
    missing: list[str] = []
    for p in ordered:
        pop = _population_for(p, settings.populations)
        if pop is None or pop.population is None:
            missing.append(p.label)
            continue
        populations[p.key] = (row, float(pop.population), pop)
        row += 1
    note_rows: list[tuple[int, str]] = []
    if not populations:
        note_rows.append((row, t["no_pops"]))
        row += 1
    elif missing:
        note_rows.append((row, t["some_pops"].format(labels=", ".join(missing))))
        row += 1
    header_row = row + 1

    figure_cols = {p.key: FIRST_FIGURE_COL + i for i, p in enumerate(ordered)}
    col = FIRST_FIGURE_COL + len(ordered)

    # Pairs per section, then the metric columns any section needs.
    sections: list[Section] = []
    row = header_row + 1
    seasonal = {L.norm(s) for s in settings.seasonal}
    for info, sub, periods in raw_sections:
        tp, ta, util = pairs(periods, settings.baseline_tp, settings.baseline_ta)
        rows_meta = sub.sort_values(["row", "col"]).groupby("row", sort=True).first()[["unit", "line"]]
        n = len(rows_meta)
        title_row = row
        sheet_rows = pd.RangeIndex(title_row + 1, title_row + 1 + n)
        src_rows = rows_meta.index.to_numpy()

        keys = [p.key for p in periods]
        kinds = _wide(sub, "kind", src_rows, keys)
        values = _wide(sub, "value", src_rows, keys).astype(float).where(kinds == "number")
        refs = quote_sheet(info.sheet) + "!" + _wide(sub, "cell", src_rows, keys).astype(str)
        raws = _wide(sub, "raw", src_rows, keys)
        for frame in (kinds, values, refs, raws):
            frame.index = sheet_rows
        reference = values[util[1].key] if util else values.iloc[:, -1]
        unit = rows_meta["unit"].astype(str).to_numpy()
        line = rows_meta["line"].astype(str).to_numpy()
        rows = pd.DataFrame(
            {
                "unit": [u if u else t[f"section_{info.table}"] for u in unit],
                "line": line,
                "tyyppi": [
                    _tyyppi(ln, float(ref), book.expenses_negative, lang)
                    for ln, ref in zip(line, reference.to_numpy(), strict=True)
                ],
                "src_row": src_rows.astype(int),
                "seasonal": [
                    L.norm(u) in seasonal or L.norm(ln) in seasonal for u, ln in zip(unit, line, strict=True)
                ],
            },
            index=sheet_rows,
        )
        sections.append(
            Section(
                info=info,
                periods=periods,
                rows=rows,
                values=values,
                refs=refs,
                kinds=kinds,
                raws=raws,
                tp=tp,
                ta=ta,
                util=util,
                per_resident=[p.key for p in periods if p.key in populations],
                title_row=title_row,
            )
        )
        row = title_row + n + 2  # a blank row between sections

    used = {m for s in sections for m in s.metrics()}
    metric_cols: dict[str, int] = {}
    for m in METRICS:
        if m in used:
            metric_cols[m] = col
            col += 1
    for p in ordered:
        if any(p.key in s.per_resident for s in sections):
            metric_cols[f"{PER_RESIDENT}:{p.key}"] = col
            col += 1
    source_col = col

    # Chart data: the units' MENOT rows (not the department total) of the first unit table.
    chart_section = next((s for s in sections if s.info.table == "yksikot" and s.util), None)
    chart_rows = pd.DataFrame(columns=["unit", "src_row"])
    chart_block_row = row
    if chart_section is not None:
        r = chart_section.rows
        pick = r[(r["line"] == "MENOT") & ~r["unit"].map(L.is_total_unit)]
        if not pick.empty:
            first = chart_block_row + 2
            chart_rows = pd.DataFrame(
                {"unit": pick["unit"].to_numpy(), "src_row": pick.index.to_numpy()},
                index=pd.RangeIndex(first, first + len(pick)),
            )
        else:
            chart_section = None

    return SheetLayout(
        lang=lang,
        report_date=book.report_date,
        basis=basis,
        populations=populations,
        missing_populations=missing,
        note_rows=note_rows,
        header_row=header_row,
        figure_cols=figure_cols,
        figure_periods={p.key: p for p in ordered},
        metric_cols=metric_cols,
        source_col=source_col,
        sections=sections,
        chart_rows=chart_rows,
        chart_section=chart_section,
        chart_block_row=chart_block_row,
    )
