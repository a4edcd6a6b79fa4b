"""The 'Laske' job: one generated sheet, *Laskelmat*, of live figures and native Excel metric formulas.

Design
------
* The tool owns exactly one sheet, ``Laskelmat`` (plan mode ``replace``): rerunning replaces what it
  generated last time and nothing else. The user's own sheets are never patched.
* One row per source row of every discovered table (units' MENOT/TULOT/NETTOMENO, operating-statement
  lines, appropriations), grouped in sections under one frozen header row. Labels are written as text
  values; the figures are live formulas referencing the source cells, so pasting new actuals into the
  source updates the sheet without rerunning the tool.
* Metric columns are the en-US formulas of ``metrics.excel_formula`` over those local cells, so Excel
  computes them without Python; ``metric_values`` computes the same numbers with the metrics core
  (``NaN`` exactly where the formula gives an empty cell) and the tests compare the two after a LibreOffice
  recalculation.
* Baselines are the declared ones (Asetukset): newest TP vs the previous year's TP, newest budget vs the
  previous year's budget (TA or TA+muutokset, as declared, falling back to the other kind). Utilisation
  is year-to-date actuals vs the same year's budget, TA+muutokset when present, else TA. Each section's
  title row states the pairs it uses, so nothing is guessed silently.
* The elapsed share comes from one input cell at the top (the report date) and the basis ('kk'/'pv');
  every pace metric references that cell absolutely, so editing the date re-paces the whole sheet.

A source cell that does not hold a number (blank, 'xx', a number stored as text) is shown blank
(``=IF(ISNUMBER(src),src,"")``): a bare ``=src`` would turn a blank into 0 and print a 0 % utilisation.
The validator reports such cells; here they get a cell note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_seuranta import metrics
from xl_seuranta.domain.baselines import budget_kinds, tp_against_budget
from xl_seuranta.domain.grid import col_letter
from xl_seuranta.domain.messages import Laskelmat
from xl_seuranta.domain.model import BudgetBook, TableInfo
from xl_seuranta.domain.periods import Period, PeriodKind
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    PrintSetup,
    SheetPlan,
)
from xl_seuranta.domain.settings import Population
from xl_seuranta.layout import labels as L

__all__ = ["SHEET_NAME", "PACE_MARGIN", "compute_sheet_plans", "metric_values", "sheet_layout"]

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
_EURO_METRICS = {"muutos_eur_tp", "muutos_eur_ta", "ennuste", PER_RESIDENT}

_TITLE = CellStyle(bold=True, font_size=14)
_NOTE = CellStyle(italic=True, font_color="595959")
_LABEL = CellStyle(bold=True)
_INPUT = CellStyle(fill="FFF2CC")
_HEADER = CellStyle(bold=True, fill="DDEBF7", wrap=True, v_align="center", h_align="center")
_SECTION = CellStyle(bold=True, fill="F2F2F2")
_SECTION_INFO = CellStyle(italic=True, fill="F2F2F2", font_color="595959")
_EUR = CellStyle(number_format=EUR_FORMAT)
_PCT = CellStyle(number_format=PCT_FORMAT)
_RED_FILL, _RED_FONT = "FFC7CE", "9C0006"
_GREEN_FILL, _GREEN_FONT = "C6EFCE", "006100"

_COST_LINES = {"MENOT", L.EXPENSE_TOTAL, *L.EXPENSE_LINES}
_REVENUE_LINES = {"TULOT", L.INCOME_TOTAL, *L.INCOME_LINES}
_KIND_RANK = {PeriodKind.TA: 0, PeriodKind.TA_MUUTOS: 1, PeriodKind.TOTEUMA: 2, PeriodKind.TP: 3}


def _t(lang: str) -> dict[str, str]:
    """The sheet's texts in ``lang`` by name (the catalogue's ``Laskelmat`` group)."""
    return Laskelmat.templates(lang)


# ------------------------------------------------------------------------------------- layout


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


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _pairs(
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
    t = _t(lang)
    if line in _COST_LINES:
        return t["cost"]
    if line in _REVENUE_LINES:
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
    t = _t(lang)
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
    ordered = sorted(all_periods.values(), key=lambda p: (p.year, _KIND_RANK[p.kind], p.as_of))

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
        tp, ta, util = _pairs(periods, settings.baseline_tp, settings.baseline_ta)
        rows_meta = sub.sort_values(["row", "col"]).groupby("row", sort=True).first()[["unit", "line"]]
        n = len(rows_meta)
        title_row = row
        sheet_rows = pd.RangeIndex(title_row + 1, title_row + 1 + n)
        src_rows = rows_meta.index.to_numpy()

        keys = [p.key for p in periods]
        kinds = _wide(sub, "kind", src_rows, keys)
        values = _wide(sub, "value", src_rows, keys).astype(float).where(kinds == "number")
        refs = _quote(info.sheet) + "!" + _wide(sub, "cell", src_rows, keys).astype(str)
        raws = _wide(sub, "raw", src_rows, keys)
        for frame in (kinds, values, refs, raws):
            frame.index = sheet_rows
        reference = values[util[1].key] if util else values.iloc[:, -1]
        unit = rows_meta["unit"].astype(str).to_numpy()
        line = rows_meta["line"].astype(str).to_numpy()
        rows = pd.DataFrame(
            {
                "unit": [
                    u if u else t[f"section_{info.table}"] for u in unit
                ],
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


# ------------------------------------------------------------------------------- formulas


def _cell(col: int, row: int) -> str:
    return f"{col_letter(col)}{row}"


def _share_formula(layout: SheetLayout) -> str:
    kk = metrics.excel_formula("kulunut_osuus", na=NO_NUMBER, pvm=DATE_REF, tapa="kk")[1:]
    pv = metrics.excel_formula("kulunut_osuus", na=NO_NUMBER, pvm=DATE_REF, tapa="pv")[1:]
    return f'=IF({BASIS_REF}="pv",{pv},{kk})'


def _metric_formula(layout: SheetLayout, section: Section, metric: str, row: int) -> str:
    fc = layout.figure_cols

    def ref(p: Period) -> str:
        return _cell(fc[p.key], row)

    if metric.startswith(PER_RESIDENT + ":"):
        key = metric.split(":", 1)[1]
        pop_row = layout.populations[key][0]
        return metrics.excel_formula(
            PER_RESIDENT, na=NO_NUMBER, summa=_cell(fc[key], row), asukasluku=f"$B${pop_row}"
        )
    if metric in ("muutos_eur_tp", "muutos_pros_tp", "muutos_eur_ta", "muutos_pros_ta"):
        pair = section.tp if metric.endswith("_tp") else section.ta
        assert pair is not None
        return metrics.excel_formula(metric[:-3], na=NO_NUMBER, uusi=ref(pair[0]), vanha=ref(pair[1]))
    assert section.util is not None
    tot, bud = section.util
    if metric == "toteuma_pros":
        return metrics.excel_formula("toteuma_pros", na=NO_NUMBER, toteuma=ref(tot), budjetti=ref(bud))
    if metric == "poikkeama_pp":
        return metrics.excel_formula(
            "poikkeama_pp", na=NO_NUMBER, toteuma=ref(tot), budjetti=ref(bud), osuus=SHARE_REF
        )
    if metric == "ennuste":
        return metrics.excel_formula("ennuste", na=NO_NUMBER, toteuma=ref(tot), osuus=SHARE_REF)
    raise ValueError(metric)


def _section_metrics(section: Section) -> list[str]:
    return section.metrics() + [f"{PER_RESIDENT}:{k}" for k in section.per_resident]


def _metric_header(layout: SheetLayout, metric: str) -> str:
    t = _t(layout.lang)
    if metric.startswith(PER_RESIDENT + ":"):
        return t[PER_RESIDENT].format(label=layout.figure_periods[metric.split(":", 1)[1]].label)
    return t[metric]


# ----------------------------------------------------------------------------------- plan


def compute_sheet_plans(book: BudgetBook, lang: str = "fi") -> list[SheetPlan]:
    """The plan of the generated 'Laskelmat' sheet (mode 'replace'); the user's sheets are untouched."""
    layout = sheet_layout(book, lang)
    t = _t(lang)
    cells: list[CellWrite] = []

    def text(row: int, col: int, value: str, style: CellStyle | None = None, note: str | None = None) -> None:
        cells.append(CellWrite(row=row, col=col, value=str(value), style=style, note=note))

    # Top area.
    title = t["title"]
    owner = " ".join(x for x in (book.settings.municipality, book.settings.department) if x)
    text(ROW_TITLE, 1, f"{title} – {owner}" if owner else title, _TITLE)
    text(ROW_INFO, 1, t["info"], _NOTE)
    text(ROW_DATE, 1, t["date"], _LABEL)
    date_style = CellStyle(number_format=DATE_FORMAT, fill=_INPUT.fill, h_align="left")
    cells.append(CellWrite(row=ROW_DATE, col=2, value=layout.report_date, style=date_style))
    text(ROW_BASIS, 1, t["basis"], _LABEL)
    text(ROW_BASIS, 2, layout.basis, CellStyle(fill=_INPUT.fill, h_align="left"))
    text(ROW_SHARE, 1, t["share"], _LABEL)
    cells.append(CellWrite(row=ROW_SHARE, col=2, formula=_share_formula(layout), style=_PCT))
    for key, (row, value, pop) in layout.populations.items():
        text(row, 1, t["population"].format(label=layout.figure_periods[key].label), _LABEL)
        cells.append(
            CellWrite(
                row=row, col=2, value=value, style=CellStyle(number_format=EUR_FORMAT, fill=_INPUT.fill)
            )
        )
        if pop.date:
            text(row, 3, t["pop_date"].format(date=pop.date), _NOTE)
    for row, note in layout.note_rows:
        text(row, 1, note, _NOTE)

    # Header row.
    h = layout.header_row
    text(h, COL_UNIT, t["unit"], _HEADER)
    text(h, COL_LINE, t["line"], _HEADER)
    text(h, COL_TYPE, t["type"], _HEADER, note=t["note_type"])
    for key, col in layout.figure_cols.items():
        text(h, col, layout.figure_periods[key].label, _HEADER)
    notes = {
        "muutos_eur_tp": t["note_tp"].format(base=book.settings.baseline_tp),
        "muutos_pros_tp": t["note_tp"].format(base=book.settings.baseline_tp),
        "muutos_eur_ta": t["note_ta"].format(base=book.settings.baseline_ta),
        "muutos_pros_ta": t["note_ta"].format(base=book.settings.baseline_ta),
        "toteuma_pros": t["note_util"],
        "poikkeama_pp": t["note_dev"].format(m=round(PACE_MARGIN * 100)),
        "ennuste": t["note_forecast"],
    }
    for metric, col in layout.metric_cols.items():
        text(h, col, _metric_header(layout, metric), _HEADER, note=notes.get(metric))
    text(h, layout.source_col, t["source"], _HEADER)

    conditional: list[ConditionalFormatPlan] = []
    for s in layout.sections:
        text(
            s.title_row,
            COL_UNIT,
            t["section_title"].format(name=t[f"section_{s.info.table}"], sheet=s.info.sheet),
            _SECTION,
        )
        pairs = []
        if s.tp:
            pairs.append(t["pairs_tp"].format(new=s.tp[0].label, old=s.tp[1].label))
        if s.ta:
            pairs.append(t["pairs_ta"].format(new=s.ta[0].label, old=s.ta[1].label))
        if s.util:
            pairs.append(t["pairs_util"].format(tot=s.util[0].label, bud=s.util[1].label))
        text(s.title_row, COL_LINE, " · ".join(pairs) or t["pairs_none"], _SECTION_INFO)
        for col in range(COL_TYPE, layout.last_col + 1):
            cells.append(CellWrite(row=s.title_row, col=col, style=_SECTION))
        section_metrics = [
            (m, layout.metric_cols[m], _EUR if m.split(":")[0] in _EURO_METRICS else _PCT)
            for m in _section_metrics(s)
        ]
        keys = [p.key for p in s.periods]
        fig_cols = [layout.figure_cols[k] for k in keys]
        # Plain Python lists: per-cell pandas access would dominate the time on big books.
        refs, kinds, raws = (frame[keys].to_numpy().tolist() for frame in (s.refs, s.kinds, s.raws))
        sheet_q = _quote(s.info.sheet)
        meta_rows = zip(
            s.rows.index.tolist(),
            s.rows["unit"].tolist(),
            s.rows["line"].tolist(),
            s.rows["tyyppi"].tolist(),
            s.rows["seasonal"].tolist(),
            s.rows["src_row"].tolist(),
            strict=True,
        )
        for i, (r, unit, line, tyyppi, is_seasonal, src_row) in enumerate(meta_rows):
            text(r, COL_UNIT, unit, note=t["note_seasonal"] if is_seasonal else None)
            text(r, COL_LINE, line)
            text(r, COL_TYPE, tyyppi)
            for j, col in enumerate(fig_cols):
                src = refs[i][j]
                note = None
                if kinds[i][j] not in ("number", "blank"):
                    note = t["note_not_number"].format(raw=raws[i][j])
                cells.append(
                    CellWrite(row=r, col=col, formula=f'=IF(ISNUMBER({src}),{src},"")', style=_EUR, note=note)
                )
            for metric, col, style in section_metrics:
                cells.append(
                    CellWrite(row=r, col=col, formula=_metric_formula(layout, s, metric, r), style=style)
                )
            cells.append(
                CellWrite(
                    row=r,
                    col=layout.source_col,
                    value=f"{s.info.sheet}!{src_row}",
                    hyperlink=f"{sheet_q}!A{src_row}",
                )
            )
        if s.util:
            conditional += _pace_formats(layout, s, t)

    charts: list[ChartPlan] = []
    last_row = max([s.last_row for s in layout.sections], default=layout.header_row)
    if layout.chart_section is not None and not layout.chart_rows.empty:
        charts, last_row = _chart_block(layout, cells, t)

    widths = {COL_UNIT: 34.0, COL_LINE: 30.0, COL_TYPE: 9.0}
    widths |= dict.fromkeys(layout.figure_cols.values(), 14.0)
    widths |= {c: 13.0 for c in layout.metric_cols.values()}
    widths[layout.source_col] = 16.0
    plan = SheetPlan(
        name=SHEET_NAME,
        mode="replace",
        cells=cells,
        column_widths=widths,
        freeze=_cell(FIRST_FIGURE_COL, layout.header_row + 1),
        conditional_formats=conditional,
        charts=charts,
        print_setup=PrintSetup(
            print_area=f"A1:{_cell(layout.last_col, last_row)}",
            repeat_rows=f"{layout.header_row}:{layout.header_row}",
            fit_to_width=True,
            landscape=True,
        ),
        tab_color="4472C4",
    )
    return [plan]


def _pace_formats(layout: SheetLayout, s: Section, t: dict[str, str]) -> list[ConditionalFormatPlan]:
    """Red/green by direction: one formula per range, driven by the Tyyppi helper column."""
    first, last = s.first_row, s.last_row
    util_col, dev_col = layout.metric_cols["toteuma_pros"], layout.metric_cols["poikkeama_pp"]
    ref = f"{_cell(min(util_col, dev_col), first)}:{_cell(max(util_col, dev_col), last)}"
    dev = f"${col_letter(dev_col)}{first}"
    typ = f"${col_letter(COL_TYPE)}{first}"
    m = f"{PACE_MARGIN:g}"
    cost, revenue = t["cost"], t["revenue"]
    bad = f'=AND(ISNUMBER({dev}),OR(AND({typ}="{cost}",{dev}>{m}),AND({typ}="{revenue}",{dev}<-{m})))'
    good = f'=AND(ISNUMBER({dev}),OR(AND({typ}="{cost}",{dev}<-{m}),AND({typ}="{revenue}",{dev}>{m})))'
    return [
        ConditionalFormatPlan(ref=ref, formula=bad, fill=_RED_FILL, font_color=_RED_FONT),
        ConditionalFormatPlan(ref=ref, formula=good, fill=_GREEN_FILL, font_color=_GREEN_FONT),
    ]


def _chart_block(
    layout: SheetLayout, cells: list[CellWrite], t: dict[str, str]
) -> tuple[list[ChartPlan], int]:
    """Chart data (unit, utilisation, pace on every row) and the bar chart over it."""
    top = layout.chart_block_row
    cells.append(CellWrite(row=top, col=COL_UNIT, value=t["chart_block"], style=_SECTION))
    cells.append(CellWrite(row=top + 1, col=1, value=t["unit"], style=_HEADER))
    cells.append(CellWrite(row=top + 1, col=2, value=t["chart_util"], style=_HEADER))
    cells.append(CellWrite(row=top + 1, col=3, value=t["chart_pace"], style=_HEADER))
    util_col = col_letter(layout.metric_cols["toteuma_pros"])
    for row, meta in layout.chart_rows.iterrows():
        r = int(row)  # type: ignore[arg-type]
        cells.append(CellWrite(row=r, col=1, value=str(meta["unit"])))
        cells.append(CellWrite(row=r, col=2, formula=f"={util_col}{int(meta['src_row'])}", style=_PCT))
        cells.append(CellWrite(row=r, col=3, formula=f"={SHARE_REF}", style=_PCT))
    first, last = int(layout.chart_rows.index[0]), int(layout.chart_rows.index[-1])
    height = max(9.0, 0.6 * len(layout.chart_rows) + 3)
    chart = ChartPlan(
        kind="bar",
        title=t["chart_title"],
        categories_ref=f"A{first}:A{last}",
        series=[(t["chart_util"], f"B{first}:B{last}"), (t["chart_pace"], f"C{first}:C{last}")],
        anchor=_cell(FIRST_FIGURE_COL + 1, top),
        width_cm=18,
        height_cm=height,
    )
    chart_rows = int(height / 0.5) + 1  # default row height is about 0.5 cm
    return [chart], max(last, top + chart_rows)


# ----------------------------------------------------------------------------- Python values


def metric_values(book: BudgetBook, lang: str = "fi") -> pd.DataFrame:
    """Every number the Laskelmat formulas compute, computed with the metrics core.

    One row per generated formula cell: ``what`` ('input' | 'figure' | 'metric' | 'chart'),
    ``table``, ``unit``, ``line``, ``metric`` (metric id or period key), ``row``, ``col``, ``cell``
    (A1 on Laskelmat) and ``value``. ``NaN`` is where the sheet shows an empty cell (for 'figure' rows: a
    blank cell). Computed vectorised per table over all its rows.
    """
    layout = sheet_layout(book, lang)
    share = layout.share
    tapa = "lineaarinen" if layout.basis == "kk" else "lineaarinen_pv"
    parts: list[pd.DataFrame] = [
        pd.DataFrame(
            {
                "what": ["input"],
                "table": [""],
                "unit": [""],
                "line": [""],
                "metric": ["kulunut_osuus"],
                "row": [ROW_SHARE],
                "col": [2],
                "value": [share],
            }
        )
    ]
    util_by_row: dict[int, float] = {}
    for s in layout.sections:
        v = s.values
        results: dict[str, pd.Series] = {p.key: v[p.key] for p in s.periods}
        what = dict.fromkeys(results, "figure")
        if s.tp:
            results["muutos_eur_tp"] = metrics.muutos_eur(v[s.tp[0].key], v[s.tp[1].key])
            results["muutos_pros_tp"] = metrics.muutos_pros(v[s.tp[0].key], v[s.tp[1].key])
        if s.ta:
            results["muutos_eur_ta"] = metrics.muutos_eur(v[s.ta[0].key], v[s.ta[1].key])
            results["muutos_pros_ta"] = metrics.muutos_pros(v[s.ta[0].key], v[s.ta[1].key])
        if s.util:
            tot, bud = v[s.util[0].key], v[s.util[1].key]
            results["toteuma_pros"] = metrics.toteuma_pros(tot, bud)
            results["poikkeama_pp"] = metrics.poikkeama_pp(tot, bud, layout.report_date, layout.basis)
            results["ennuste"] = metrics.ennuste(tot, layout.report_date, tapa)
            if s is layout.chart_section:
                util_by_row = results["toteuma_pros"].to_dict()
        for key in s.per_resident:
            results[f"{PER_RESIDENT}:{key}"] = metrics.eur_per_asukas(v[key], layout.populations[key][1])
        for name, series in results.items():
            col = layout.figure_cols[name] if what.get(name) == "figure" else layout.metric_cols[name]
            parts.append(
                pd.DataFrame(
                    {
                        "what": what.get(name, "metric"),
                        "table": s.info.table,
                        "unit": s.rows["unit"],
                        "line": s.rows["line"],
                        "metric": name,
                        "row": s.rows.index,
                        "col": col,
                        "value": pd.Series(series, index=s.rows.index).astype(float),
                    }
                )
            )
    if layout.chart_section is not None and not layout.chart_rows.empty:
        c = layout.chart_rows
        n = len(c)
        chart_util = c["src_row"].map(util_by_row).astype(float)
        for metric, col, values in (
            ("toteuma_pros", 2, chart_util.to_numpy()),
            ("kulunut_osuus", 3, np.full(n, share)),
        ):
            parts.append(
                pd.DataFrame(
                    {
                        "what": "chart",
                        "table": "yksikot",
                        "unit": c["unit"].to_numpy(),
                        "line": "MENOT",
                        "metric": metric,
                        "row": c.index.to_numpy(),
                        "col": col,
                        "value": values,
                    }
                )
            )
    out = pd.concat(parts, ignore_index=True)
    out["row"] = out["row"].astype(int)
    out["col"] = out["col"].astype(int)
    out["cell"] = [_cell(c, r) for c, r in zip(out["col"], out["row"], strict=True)]
    return out[["what", "table", "unit", "line", "metric", "row", "col", "cell", "value"]]
