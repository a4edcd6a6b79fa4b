"""The one-page board view *Yhteenveto*: per unit and for the department, the figures a city board asks
about at an interim report.

For each unit's net expenditure (the binding level, *nettomeno*) and the department total: the annual
budget, actuals to date, Käyttö-%, Jäljellä € (budget still unspent), the seasonal-aware year-end
forecast and the forecast overrun (+) or underrun (−); a bar chart of Käyttö-% by unit whose
gridlines fall on the quarters; a footer with the report date and the source file.

The sheet is a view on *Laskelmat*: every figure is a live reference to the Laskelmat cell that
computes it (so the two sheets can never disagree, and pasting new actuals into the source updates
both), and the overrun column is ``metrics.excel_formula("ylitys_eur")`` over those cells.
``yhteenveto_values`` gives the same numbers from the metrics core for the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xl_seuranta import metrics
from xl_seuranta.domain.grid import col_letter
from xl_seuranta.domain.messages import Yhteenveto
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    PrintSetup,
    SheetPlan,
    fit_row_heights,
    header_footer_text,
    text_height,
)
from xl_seuranta.sheets import formats
from xl_seuranta.sheets.laskelmat.layout import (
    DATE_REF,
    NO_NUMBER,
    SHARE_REF,
    Section,
    SheetLayout,
    sheet_layout,
)
from xl_seuranta.sheets.laskelmat.layout import SHEET_NAME as LASKELMAT
from xl_seuranta.sheets.laskelmat.values import layout_values

SHEET_NAME = "Yhteenveto"

# Columns: label, budget, actuals, Käyttö-%, Jäljellä €, forecast, overrun; helper beyond the print area.
C_LABEL, C_BUDGET, C_ACTUAL, C_UTIL, C_LEFT, C_FORECAST, C_OVERRUN = range(1, 8)
ROW_TITLE, ROW_DATE_LINE, ROW_SHARE_LINE, ROW_LEGEND, HEADER_ROW = 1, 2, 3, 4, 6
_WIDTHS = {
    C_LABEL: 33,
    C_BUDGET: 11.5,
    C_ACTUAL: 11.5,
    C_UTIL: 8.5,
    C_LEFT: 11.5,
    C_FORECAST: 11.5,
    C_OVERRUN: 11.5,
}
C_GAP, C_CHART = 8, 9  # the chart stands right of the table, its bars level with the table's rows
_CHART_COLS = 7  # columns of default width (8.43 characters, about 1.7 cm) under the chart
_ROW_PT = 15.0
_HEADER = CellStyle(bold=True, fill="DDEBF7", wrap=True, v_align="center", h_align="center")
_TOTAL_FILL = "F2F2F2"
_RED_FILL, _RED_FONT = "FFC7CE", "9C0006"


def _t(lang: str) -> dict[str, str]:
    """The sheet's texts in ``lang`` by name (the catalogue's ``Yhteenveto`` group)."""
    return Yhteenveto.templates(lang)


@dataclass
class BoardRow:
    """One row of the summary: its label and the Laskelmat row it shows."""

    label: str
    laskelmat_row: int
    total: bool


def _board_rows(layout: SheetLayout) -> tuple[Section, list[BoardRow]] | None:
    """The units' NETTOMENO rows (department total last); else the operating statement's totals."""
    units = next((s for s in layout.sections if s.info.table == "yksikot" and s.util), None)
    if units is not None:
        r = units.rows[units.rows["line"] == "NETTOMENO"]
        rows = [
            BoardRow(str(u), int(i), bool(t)) for i, u, t in zip(r.index, r["unit"], r["total"], strict=True)
        ]
        rows.sort(key=lambda b: b.total)  # stable: units in source order, then the total
        if rows:
            return units, rows
    lines = next((s for s in layout.sections if s.info.table == "kayttotalous" and s.util), None)
    if lines is not None:
        r = lines.rows
        return lines, [BoardRow(str(ln), int(i), False) for i, ln in zip(r.index, r["line"], strict=True)]
    return None


def _with_figures(section: Section, rows: list[BoardRow]) -> list[BoardRow]:
    """Leave out the rows whose budget and actuals are both zero or blank (a unit with nothing this year)."""
    assert section.util is not None
    tot, bud = (section.values[p.key].fillna(0) for p in section.util)
    return [b for b in rows if b.total or tot[b.laskelmat_row] != 0 or bud[b.laskelmat_row] != 0]


def _fmt_date(d: object) -> str:
    return f"{d.day}.{d.month}.{d.year}" if d is not None else ""  # type: ignore[attr-defined]


def yhteenveto_plan(
    book: BudgetBook, layout: SheetLayout, source_name: str | None = None
) -> SheetPlan | None:
    """The Yhteenveto sheet (mode 'replace'), or None when no table has actuals against a budget."""
    picked = _board_rows(layout)
    if picked is None:
        return None
    section, rows = picked
    assert section.util is not None
    t = _t(layout.lang)
    rows = _with_figures(section, rows)
    is_units = section.info.table == "yksikot"
    q = f"'{LASKELMAT}'!"
    fc = layout.figure_cols
    src = {
        C_BUDGET: col_letter(fc[section.colkey[section.util[1].key]]),
        C_ACTUAL: col_letter(fc[section.colkey[section.util[0].key]]),
        C_UTIL: col_letter(layout.metric_cols["toteuma_pros"]),
        C_LEFT: col_letter(layout.metric_cols["jaljella_eur"]),
        C_FORECAST: col_letter(layout.metric_cols["ennuste"]),
    }
    styles = {
        C_BUDGET: formats.EUR,
        C_ACTUAL: formats.EUR,
        C_UTIL: formats.PCT,
        C_LEFT: formats.EUR,
        C_FORECAST: formats.EUR,
        C_OVERRUN: formats.EUR,
    }
    owner = " ".join(x for x in (book.settings.municipality, book.settings.department) if x)
    cells: list[CellWrite] = [
        CellWrite(
            row=ROW_TITLE,
            col=1,
            value=f"{t['title']} – {owner}" if owner else t["title"],
            style=CellStyle(bold=True, font_size=14),
        ),
        CellWrite(row=ROW_DATE_LINE, col=C_LABEL, value=t["date"], style=CellStyle(bold=True)),
        CellWrite(
            row=ROW_DATE_LINE,
            col=C_BUDGET,
            formula=f"={q}{DATE_REF}",
            style=CellStyle(number_format=formats.DATE, h_align="right"),
        ),
        CellWrite(row=ROW_SHARE_LINE, col=C_LABEL, value=t["share"], style=CellStyle(bold=True)),
        CellWrite(
            row=ROW_SHARE_LINE,
            col=C_BUDGET,
            formula=f"={q}{SHARE_REF}",
            style=CellStyle(number_format=formats.PCT, h_align="right"),
        ),
    ]
    legend = t["legend_units" if is_units else "legend_lines"]
    cells.append(
        CellWrite(
            row=ROW_LEGEND,
            col=1,
            value=legend,
            style=CellStyle(italic=True, font_color="404040", wrap=True, v_align="top"),
        )
    )
    headers = {
        C_LABEL: t["unit" if is_units else "line"],
        C_BUDGET: layout.figure_labels[section.colkey[section.util[1].key]],
        C_ACTUAL: layout.figure_labels[section.colkey[section.util[0].key]],
        C_UTIL: t["util"],
        C_LEFT: t["left"],
        C_FORECAST: t["forecast"].format(year=layout.forecast_year or ""),
        C_OVERRUN: t["overrun"],
    }
    for c, text in headers.items():
        cells.append(CellWrite(row=HEADER_ROW, col=c, value=text, style=_HEADER))
    negative = "1" if book.expenses_negative else "0"
    r = HEADER_ROW + 1
    for b in rows:
        fill = _TOTAL_FILL if b.total else None
        cells.append(
            CellWrite(
                row=r, col=C_LABEL, value=b.label, style=CellStyle(wrap=True, bold=b.total or None, fill=fill)
            )
        )
        for c, letter in src.items():
            style = CellStyle(number_format=styles[c], bold=b.total or None, fill=fill)
            cells.append(CellWrite(row=r, col=c, formula=f"={q}{letter}{b.laskelmat_row}", style=style))
        if is_units:
            overrun = metrics.excel_formula(
                "ylitys_eur",
                na=NO_NUMBER,
                ennuste=f"{col_letter(C_FORECAST)}{r}",
                budjetti=f"{col_letter(C_BUDGET)}{r}",
                kulut_negatiivisina=negative,
            )
            style = CellStyle(number_format=styles[C_OVERRUN], bold=b.total or None, fill=fill)
            cells.append(CellWrite(row=r, col=C_OVERRUN, formula=overrun, style=style))
        r += 1
    last_row = r - 1
    last_col = C_OVERRUN if is_units else C_FORECAST
    charts: list[ChartPlan] = []
    cf: list[ConditionalFormatPlan] = []
    units = [b for b in rows if not b.total]
    if is_units:
        over = f"{col_letter(C_OVERRUN)}{HEADER_ROW + 1}"
        cf.append(
            ConditionalFormatPlan(
                ref=f"{over}:{col_letter(C_OVERRUN)}{last_row}",
                formula=f"=AND(ISNUMBER({over}),{over}>0.5)",
                fill=_RED_FILL,
                font_color=_RED_FONT,
            )
        )
    if is_units and units:
        first_unit, last_unit = HEADER_ROW + 1, HEADER_ROW + len(units)
        util = col_letter(C_UTIL)
        charts.append(
            ChartPlan(
                kind="bar",
                title=t["chart_title"].format(date=_fmt_date(layout.report_date)),
                categories_ref=f"A{first_unit}:A{last_unit}",
                series=[(t["util"], f"{util}{first_unit}:{util}{last_unit}")],
                anchor=f"{col_letter(C_CHART)}{HEADER_ROW}",
                width_cm=_CHART_COLS * 1.7,
                height_cm=max(8.0, (len(units) + 3) * _ROW_PT / 28.35),
                colors=["4472C4"],
                value_min=0,
                major_unit=0.25,
                value_format="0 %",
                legend="none",
                font_size=10,
            )
        )
    date_text = _fmt_date(layout.report_date)
    footer = t["footer"].format(date=date_text, source=source_name) if source_name else date_text
    widths = dict(_WIDTHS)
    total_width = sum(w for c, w in widths.items() if c <= last_col)
    print_cols = C_CHART + _CHART_COLS if charts else last_col
    chart_bottom = HEADER_ROW + round(charts[0].height_cm * 28.35 / _ROW_PT) + 1 if charts else last_row
    if charts:
        widths[C_GAP] = 2
    plan = SheetPlan(
        name=SHEET_NAME,
        mode="replace",
        cells=cells,
        merges=[f"A{ROW_LEGEND}:{col_letter(last_col)}{ROW_LEGEND}"],
        column_widths=widths,
        freeze=f"A{HEADER_ROW + 1}",
        conditional_formats=cf,
        charts=charts,
        print_setup=PrintSetup(
            print_area=f"A1:{col_letter(print_cols)}{max(last_row, chart_bottom)}",
            fit_to_width=True,
            fit_to_height=True,
            landscape=True,
            margins_cm=(1.2, 1.2, 1.2, 1.5),
            center_horizontally=True,
            footer_left=header_footer_text(footer),
            footer_right=formats.page_footer(layout.lang),
            footer_size=11,  # the page is scaled to fit, to about 80 %
        ),
        tab_color="2F5597",
    )
    plan = fit_row_heights(plan)
    heights = {**plan.row_heights, ROW_LEGEND: text_height(legend, total_width)}
    return plan.model_copy(update={"row_heights": heights})


def yhteenveto_values(book: BudgetBook, lang: str = "fi") -> pd.DataFrame:
    """Every number on Yhteenveto, from the metrics core: ``row``, ``col``, ``cell``, ``label``,
    ``metric`` and ``value`` (NaN where the sheet shows an empty cell)."""
    layout = sheet_layout(book, lang)
    picked = _board_rows(layout)
    if picked is None:
        return pd.DataFrame(columns=["row", "col", "cell", "label", "metric", "value"])
    section, rows = picked
    assert section.util is not None
    rows = _with_figures(section, rows)
    mv = layout_values(layout).set_index(["row", "col"])["value"]
    fc = layout.figure_cols
    sources = {
        C_BUDGET: ("budjetti", fc[section.colkey[section.util[1].key]]),
        C_ACTUAL: ("toteuma", fc[section.colkey[section.util[0].key]]),
        C_UTIL: ("toteuma_pros", layout.metric_cols["toteuma_pros"]),
        C_LEFT: ("jaljella_eur", layout.metric_cols["jaljella_eur"]),
        C_FORECAST: ("ennuste", layout.metric_cols["ennuste"]),
    }
    out = []
    for i, b in enumerate(rows):
        r = HEADER_ROW + 1 + i
        got = {c: float(mv.get((b.laskelmat_row, col), float("nan"))) for c, (_, col) in sources.items()}
        for c, (name, _) in sources.items():
            out.append((r, c, b.label, name, got[c]))
        if section.info.table == "yksikot":
            value = metrics.ylitys_eur(got[C_FORECAST], got[C_BUDGET], book.expenses_negative)
            out.append((r, C_OVERRUN, b.label, "ylitys_eur", float(value)))
    out.append((ROW_SHARE_LINE, C_BUDGET, "", "kulunut_osuus", layout.share))
    frame = pd.DataFrame(out, columns=["row", "col", "label", "metric", "value"])
    frame["cell"] = [f"{col_letter(c)}{r}" for r, c in zip(frame["row"], frame["col"], strict=True)]
    return frame[["row", "col", "cell", "label", "metric", "value"]]
