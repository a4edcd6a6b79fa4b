"""Where everything goes on the Laskelmat sheet: input cells, sections, figure and metric columns, which
period each metric compares (the declared baselines) and how each row's year-end forecast is built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_seuranta import metrics
from xl_seuranta.domain.grid import col_letter
from xl_seuranta.domain.messages import Laskelmat
from xl_seuranta.domain.model import BudgetBook, TableInfo
from xl_seuranta.domain.periods import Period, PeriodKind
from xl_seuranta.domain.settings import Population
from xl_seuranta.layout import labels as L

SHEET_NAME = "Laskelmat"
PACE_MARGIN = metrics.PACE_MARGIN
"""Deviation from pace (fraction) beyond which a row is coloured red/green: the pace rules' margin."""
NO_NUMBER = '""'
"""Where no number is meaningful (zero base, sign flip, blank input) the sheet shows an empty cell, not
an Excel error value: the board reads this sheet, and #N/A looks like a broken formula. (The cell
functions return #N/A instead, so that formulas built on them can test for it.)"""

TABLE_ORDER = ("yksikot", "kayttotalous", "maararahat")

# Fixed columns and top-area rows (1-based).
COL_UNIT, COL_LINE = 1, 2
FIRST_FIGURE_COL = 3
ROW_TITLE, ROW_INFO, ROW_DATE, ROW_BASIS, ROW_SHARE = 1, 2, 3, 4, 5
INPUT_COL = 3  # the inputs sit right of the unit and line columns, so their labels are never cut
DATE_REF = f"${col_letter(INPUT_COL)}${ROW_DATE}"
BASIS_REF = f"${col_letter(INPUT_COL)}${ROW_BASIS}"
SHARE_REF = f"${col_letter(INPUT_COL)}${ROW_SHARE}"

METRICS = (
    "muutos_eur_tp",
    "muutos_pros_tp",
    "muutos_eur_ta",
    "muutos_pros_ta",
    "toteuma_pros",
    "poikkeama_pp",
    "jaljella_eur",
    "ennuste",
)
PER_RESIDENT = "eur_per_asukas"
EURO_METRICS = {"muutos_eur_tp", "muutos_eur_ta", "jaljella_eur", "ennuste", PER_RESIDENT}

COST_LINES = metrics.COST_LINES
REVENUE_LINES = metrics.REVENUE_LINES
KIND_RANK = {PeriodKind.TA: 0, PeriodKind.TA_MUUTOS: 1, PeriodKind.TOTEUMA: 2, PeriodKind.TP: 3}


@dataclass
class Section:
    """One discovered table as laid out on the sheet."""

    info: TableInfo
    periods: list[Period]  # the table's period columns that hold numbers, source order
    colkey: dict[str, str]  # period key -> figure column key of the sheet
    rows: pd.DataFrame  # index: sheet row; unit, line, tyyppi, src_row, seasonal, total
    values: pd.DataFrame  # index: sheet row; one column per period key, NaN where no number
    refs: pd.DataFrame  # index: sheet row; one column per period key, "'Sheet'!B5"
    kinds: pd.DataFrame  # index: sheet row; one column per period key, CellKind value
    raws: pd.DataFrame  # index: sheet row; raw text of the source cell
    cells: pd.DataFrame  # index: sheet row; A1 address of the source cell
    tp: tuple[Period, Period] | None = None  # (newest TP, baseline)
    ta: tuple[Period, Period] | None = None  # (newest budget, baseline)
    util: tuple[Period, Period] | None = None  # (year-to-date actuals, budget)
    per_resident: list[str] = field(default_factory=list)  # figure column keys with a population
    title_row: int = 0
    omitted: int = 0  # rows of zeros left out
    # row -> (kind, ((part row, weight), …)): how the forecast cell is built (``metrics.forecast_plan``)
    forecast: dict[int, tuple[str, tuple[tuple[int, float], ...]]] = field(default_factory=dict)
    plan: metrics.ForecastPlan | None = None  # the same plan by position in ``rows``
    letters: dict[str, str] = field(default_factory=dict)  # period key -> the sheet's column letter
    pair_letters: dict[str, str] = field(default_factory=dict)  # 'tp_new', 'ta_old', 'tot', 'bud' -> letter

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
            out += ["toteuma_pros", "poikkeama_pp", "jaljella_eur", "ennuste"]
        return out


@dataclass
class SheetLayout:
    """Where everything goes on the Laskelmat sheet; shared by the plan, ``metric_values`` and Yhteenveto."""

    lang: str
    report_date: dt.date | None
    basis: str
    change_sign: str
    populations: dict[str, tuple[int, float, Population]]  # column key -> (sheet row, value, source)
    missing_populations: list[str]  # column labels without a population
    note_rows: list[tuple[int, str]]  # legend lines (merged over the printed width)
    header_row: int
    figure_cols: dict[str, int]  # column key -> column
    figure_labels: dict[str, str]  # column key -> header text
    figure_notes: dict[str, str]  # column key -> header note (which version each table uses)
    metric_cols: dict[str, int]  # metric id ('eur_per_asukas:TP2024' for per-resident) -> column
    type_col: int
    source_col: int
    sections: list[Section]
    chart_cols: tuple[int, int, int]  # unit, utilisation, pace: to the right of the printed area
    chart_rows: pd.DataFrame  # index: sheet row; columns unit, src_row (the section row it copies)
    chart_section: Section | None
    forecast_year: int | None

    @property
    def last_print_col(self) -> int:
        return max([*self.figure_cols.values(), *self.metric_cols.values(), COL_LINE])

    @property
    def last_col(self) -> int:
        return self.chart_cols[-1]

    @property
    def last_row(self) -> int:
        return max([s.last_row for s in self.sections], default=self.header_row)

    @property
    def share(self) -> float:
        return float(metrics.kulunut_osuus(self.report_date, self.basis))


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def pairs(
    periods: list[Period], baseline_tp: str, baseline_ta: str
) -> tuple[tuple[Period, Period] | None, tuple[Period, Period] | None, tuple[Period, Period] | None]:
    """(TP pair, budget pair, utilisation pair) of one table, by the declared baselines (the pairing
    the change rules use too: ``metrics.pairing``)."""
    return metrics.pairing.change_pairs(periods, baseline_tp, baseline_ta)


def texts(lang: str) -> dict[str, str]:
    """The sheet's texts in ``lang`` by name (the catalogue's ``Laskelmat`` group)."""
    return Laskelmat.templates(lang)


def section_name(table: str, lang: str) -> str:
    """'Yksiköt' for the unit table, and so on."""
    return texts(lang)[f"section_{table}"]


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


def _tyyppi(line: str, reference: float, expenses_negative: bool, t: dict[str, str]) -> str:
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


def _column_keys(periods: list[Period]) -> dict[str, str]:
    """Period key -> sheet column key: one budget column per year where the table has one version."""
    versions: dict[int, int] = {}
    for p in periods:
        if p.is_budget:
            versions[p.year] = versions.get(p.year, 0) + 1
    return {p.key: (f"BUD{p.year}" if p.is_budget and versions[p.year] == 1 else p.key) for p in periods}


def _forecast_plan(
    book: BudgetBook, table: str, units: np.ndarray, lines: np.ndarray, sheet_rows: pd.Index
) -> tuple[metrics.ForecastPlan, list[str], list[tuple[tuple[int, float], ...]]]:
    """How each row's year-end forecast is built (``metrics.forecast_plan``, as T004's department
    forecast): 'seasonal' (at the budget or the actual past it), 'corrected' (a total or a unit's net:
    its linear forecast plus what its seasonal parts change, each with its sign) or 'linear'."""
    plan = metrics.forecast_plan(
        np.full(len(units), table, dtype=object), units, lines, book.settings.seasonal, book.expenses_negative
    )
    rows = sheet_rows.tolist()
    parts: list[list[tuple[int, float]]] = [[] for _ in rows]
    for total, part, weight in zip(
        plan.total.tolist(), plan.part.tolist(), plan.weight.tolist(), strict=True
    ):
        parts[total].append((rows[part], weight))
    kinds = [
        "seasonal" if s else ("corrected" if p else "linear")
        for s, p in zip(plan.seasonal, parts, strict=True)
    ]
    return plan, kinds, [tuple(p) for p in parts]


def _pair_letters(
    letters: dict[str, str],
    tp: tuple[Period, Period] | None,
    ta: tuple[Period, Period] | None,
    util: tuple[Period, Period] | None,
) -> dict[str, str]:
    """The column letters of a section's compared periods, looked up once (not per formula cell)."""
    out: dict[str, str] = {}
    for name, pair in (("tp", tp), ("ta", ta)):
        if pair:
            out[f"{name}_new"], out[f"{name}_old"] = letters[pair[0].key], letters[pair[1].key]
    if util:
        out["tot"], out["bud"] = letters[util[0].key], letters[util[1].key]
    return out


def sheet_layout(book: BudgetBook, lang: str = "fi") -> SheetLayout:
    """Lay out the Laskelmat sheet for ``book``: rows, columns, pairs and input cells."""
    t = texts(lang)
    settings = book.settings
    basis = settings.pace_basis if settings.pace_basis in metrics.OSUUS_TAVAT else "kk"
    tables = sorted(
        (i for i in book.tables if i.table in TABLE_ORDER),
        key=lambda i: TABLE_ORDER.index(i.table),
    )

    # Sections: their periods with numbers, their rows without the all-zero ones.
    raw_sections: list[tuple[TableInfo, pd.DataFrame, list[Period], pd.DataFrame, int]] = []
    for info in tables:
        sub = _section_frame(book, info)
        if sub.empty:
            continue
        periods = [info.periods[c] for c in sorted(info.periods)]
        seen: set[str] = set()
        periods = [p for p in periods if not (p.key in seen or seen.add(p.key))]  # type: ignore[func-returns-value]
        has_number = set(sub.loc[(sub["kind"] == "number") & sub["value"].notna(), "key"])
        periods = [p for p in periods if p.key in has_number]
        if not periods:
            continue
        sub = sub[sub["key"].isin([p.key for p in periods])]
        meta = sub.sort_values(["row", "col"]).groupby("row", sort=True).first()[["unit", "line"]]
        # A row of zeros (every figure 0 or blank, nothing else typed) says nothing: left out, counted.
        plain = sub["kind"].isin(["number", "blank"]).groupby(sub["row"]).all()
        magnitude = sub["value"].where(sub["kind"] == "number").abs().fillna(0).groupby(sub["row"]).sum()
        zero_rows = set(magnitude[(magnitude == 0) & plain].index)
        keep = meta[~meta.index.isin(zero_rows)]
        if keep.empty:
            continue
        raw_sections.append((info, sub, periods, keep, len(meta) - len(keep)))

    # Figure columns: merged budget columns, only those with numbers, in period order.
    col_periods: dict[str, list[Period]] = {}
    for _info, _sub, periods, _meta, _omitted in raw_sections:
        for p in periods:
            col_periods.setdefault(_column_keys(periods)[p.key], [])
            if p not in col_periods[_column_keys(periods)[p.key]]:
                col_periods[_column_keys(periods)[p.key]].append(p)
    ordered_keys = sorted(
        col_periods, key=lambda k: min((p.year, KIND_RANK[p.kind], p.as_of) for p in col_periods[k])
    )
    figure_labels: dict[str, str] = {}
    figure_notes: dict[str, str] = {}
    for key in ordered_keys:
        labels = list(dict.fromkeys(p.label for p in col_periods[key]))
        if len(labels) == 1:
            figure_labels[key] = labels[0]
        else:
            year = col_periods[key][0].year
            figure_labels[key] = t["budget_year"].format(year=year)
            items = []
            for info, _sub, periods, _meta, _omitted in raw_sections:
                used = [p.label for p in periods if _column_keys(periods)[p.key] == key]
                if used:
                    items.append(f"{section_name(info.table, lang)} {used[0]}")
            figure_notes[key] = t["budget_year_note"].format(year=year, items=", ".join(items))

    # Top area: report date, basis, share, then populations and the legend lines.
    row = ROW_SHARE + 1
    populations: dict[str, tuple[int, float, Population]] = {}
    missing: list[str] = []
    for key in ordered_keys:
        pop = _population_for(col_periods[key][0], settings.populations)
        if pop is None or pop.population is None:
            missing.append(figure_labels[key])
            continue
        populations[key] = (row, float(pop.population), pop)
        row += 1
    row += 1
    note_rows: list[tuple[int, str]] = []
    sign = "etumerkillinen" if settings.change_sign == "etumerkillinen" else "itseisarvo"
    legends = [
        t["legend_sign_signed" if sign == "etumerkillinen" else "legend_sign_magnitude"],
        t["legend_metrics"],
        t["legend_colours"].format(m=round(PACE_MARGIN * 100)),
    ]
    if not populations:
        legends.append(t["no_pops"])
    elif missing:
        legends.append(t["some_pops"].format(labels=", ".join(missing)))
    for text in legends:
        note_rows.append((row, text))
        row += 1
    header_row = row + 1

    figure_cols = {k: FIRST_FIGURE_COL + i for i, k in enumerate(ordered_keys)}
    col = FIRST_FIGURE_COL + len(ordered_keys)

    # Sections with sheet rows, pairs and forecasts; then the metric columns any section needs.
    sections: list[Section] = []
    row = header_row + 1
    for info, sub, periods, meta, omitted in raw_sections:
        tp, ta, util = pairs(periods, settings.baseline_tp, settings.baseline_ta)
        n = len(meta)
        title_row = row
        sheet_rows = pd.RangeIndex(title_row + 1, title_row + 1 + n)
        src_rows = meta.index.to_numpy()
        keys = [p.key for p in periods]
        kinds = _wide(sub, "kind", src_rows, keys)
        values = _wide(sub, "value", src_rows, keys).astype(float).where(kinds == "number")
        cells = _wide(sub, "cell", src_rows, keys).astype(str)
        refs = quote_sheet(info.sheet) + "!" + cells
        raws = _wide(sub, "raw", src_rows, keys)
        for frame in (kinds, values, refs, raws, cells):
            frame.index = sheet_rows
        reference = values[util[1].key] if util else values.iloc[:, -1]
        unit = meta["unit"].astype(str).to_numpy()
        line = meta["line"].astype(str).to_numpy()
        rows = pd.DataFrame(
            {
                "unit": [u if u else section_name(info.table, lang) for u in unit],
                "line": line,
                "tyyppi": [
                    _tyyppi(ln, float(ref), book.expenses_negative, t)
                    for ln, ref in zip(line, reference.to_numpy(), strict=True)
                ],  # seasonal rows get 'kausi' below: no red or green for them
                "src_row": src_rows.astype(int),
                "seasonal": metrics.is_seasonal(unit, line, settings.seasonal),
                "total": [info.table == "yksikot" and L.is_total_unit(u) for u in unit],
            },
            index=sheet_rows,
        )
        rows.loc[rows["seasonal"], "tyyppi"] = t["seasonal"]
        plan, fc_kinds, fc_parts = _forecast_plan(book, info.table, unit, line, sheet_rows)
        colkey = _column_keys(periods)
        sections.append(
            Section(
                info=info,
                periods=periods,
                colkey=colkey,
                rows=rows,
                values=values,
                refs=refs,
                kinds=kinds,
                raws=raws,
                cells=cells,
                tp=tp,
                ta=ta,
                util=util,
                per_resident=[colkey[p.key] for p in periods if colkey[p.key] in populations],
                title_row=title_row,
                omitted=omitted,
                forecast=dict(zip(rows.index.tolist(), zip(fc_kinds, fc_parts, strict=True), strict=True)),
                plan=plan,
                letters=(letters := {p.key: col_letter(figure_cols[colkey[p.key]]) for p in periods}),
                pair_letters=_pair_letters(letters, tp, ta, util),
            )
        )
        row = title_row + n + 2  # a blank row between sections

    used = {m for s in sections for m in s.metrics()}
    metric_cols: dict[str, int] = {}
    for m in METRICS:
        if m in used:
            metric_cols[m] = col
            col += 1
    for key in ordered_keys:
        if any(key in s.per_resident for s in sections):
            metric_cols[f"{PER_RESIDENT}:{key}"] = col
            col += 1
    type_col, source_col = col, col + 1
    chart_cols = (source_col + 2, source_col + 3, source_col + 4)

    # Chart data: the units' MENOT rows (not the department total) of the first unit table.
    chart_section = next((s for s in sections if s.info.table == "yksikot" and s.util), None)
    chart_rows = pd.DataFrame(columns=["unit", "src_row"])
    if chart_section is not None:
        r = chart_section.rows
        pick = r[(r["line"] == "MENOT") & ~r["total"]]
        if not pick.empty:
            first = header_row + 1
            chart_rows = pd.DataFrame(
                {"unit": pick["unit"].to_numpy(), "src_row": pick.index.to_numpy()},
                index=pd.RangeIndex(first, first + len(pick)),
            )
        else:
            chart_section = None

    years = [s.util[0].year for s in sections if s.util]
    return SheetLayout(
        lang=lang,
        report_date=book.report_date,
        basis=basis,
        change_sign=sign,
        populations=populations,
        missing_populations=missing,
        note_rows=note_rows,
        header_row=header_row,
        figure_cols=figure_cols,
        figure_labels=figure_labels,
        figure_notes=figure_notes,
        metric_cols=metric_cols,
        type_col=type_col,
        source_col=source_col,
        sections=sections,
        chart_cols=chart_cols,
        chart_rows=chart_rows,
        chart_section=chart_section,
        forecast_year=max(years) if years else None,
    )


# ------------------------------------------------------------------------------- formulas
