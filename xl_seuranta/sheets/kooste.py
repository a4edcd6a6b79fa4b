"""The consolidated report: one row per workbook, the finance director's view across departments.

``xl-seuranta summary`` checks every department's workbook and writes a new workbook with one sheet,
*Kooste*: municipality, department, report date, the binding level's annual budget, year-to-date
actual, utilisation against the share of the year elapsed, the year-end forecast and the overrun it
implies, the number of findings, and a link to the workbook. Totals are live formulas, the colours
are conditional formats (they follow the numbers if someone edits them), and a chart shows each
department's utilisation against the calendar.

The figures come from the same functions the rules use (``rules.pace.binding_level``, the metrics
core), so a row shows exactly what T004 warns about in that workbook. Net cost is shown positive
whatever sign convention each workbook uses, so that departments add up.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from xl_seuranta.domain import fmt
from xl_seuranta.domain.messages import Kooste, lang_of
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    PrintSetup,
    SheetPlan,
    fit_row_heights,
)
from xl_seuranta.metrics import toteuma_pros
from xl_seuranta.rules.pace import binding_level

SHEET_NAME = "Kooste"
EUR_FORMAT = "#,##0"
PCT_FORMAT = "0.0 %"  # "52,2 %": Finnish writes a space before the percent sign
DATE_FORMAT = "d.m.yyyy"
PACE_MARGIN = 0.10  # utilisation this far ahead of the calendar is coloured, as in Laskelmat

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
(
    COL_MUNICIPALITY,
    COL_DEPARTMENT,
    COL_DATE,
    COL_BUDGET,
    COL_ACTUAL,
    COL_UTIL,
    COL_ELAPSED,
    COL_FORECAST,
    COL_OVERRUN,
    COL_ERRORS,
    COL_WARNINGS,
    COL_NOTES,
    COL_FILE,
    COL_PROBLEM,
) = range(1, 15)

_HEADERS = (
    Kooste.col_municipality,
    Kooste.col_department,
    Kooste.col_date,
    Kooste.col_budget,
    Kooste.col_actual,
    Kooste.col_util,
    Kooste.col_elapsed,
    Kooste.col_forecast,
    Kooste.col_overrun,
    Kooste.col_errors,
    Kooste.col_warnings,
    Kooste.col_notes,
    Kooste.col_file,
    Kooste.col_remark,
)
_WIDTHS = {
    1: 14,
    2: 26,
    3: 20,
    4: 14,
    5: 14,
    6: 10,
    7: 10,
    8: 14,
    9: 14,
    10: 8,
    11: 11,
    12: 9,
    13: 28,
    14: 45,
}
_RED_FILL, _RED_FONT = "F8CBAD", "9C0006"
_GREEN_FILL, _GREEN_FONT = "C6EFCE", "006100"
_GREY_FILL = "D9D9D9"
_HEADER_FILL = "DCE6F1"


@dataclass
class KoosteRow:
    """One workbook's line: its figures, or why it could not be processed (``problem``)."""

    path: str
    link: str | None = None  # the workbook relative to the report's folder, set when writing
    municipality: str | None = None
    department: str | None = None
    report_date: dt.date | None = None
    budget: float | None = None  # net cost at the binding level, costs positive
    actual: float | None = None
    utilisation: float | None = None
    elapsed: float | None = None
    forecast: float | None = None
    overrun: float | None = None  # forecast - budget: positive means over the appropriation
    errors: int | None = None
    warnings: int | None = None
    notes: int | None = None
    problem: str | None = None


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def workbook_row(path: str, book: BudgetBook, summary: dict[str, int], lang: str = "fi") -> KoosteRow:
    """The figures of one checked workbook, from the binding level T004 judges."""
    s = book.settings
    row = KoosteRow(
        path=path,
        municipality=s.municipality,
        department=s.department,
        report_date=book.report_date,
        errors=summary.get("error", 0),
        warnings=summary.get("warning", 0),
        notes=summary.get("info", 0),
    )
    bl = binding_level(book)
    if bl is None:
        row.problem = Kooste.no_binding(lang)
        return row
    cost = -1.0 if book.expenses_negative else 1.0  # net cost positive, whatever the workbook's signs
    row.budget = _finite(cost * bl.budget)
    row.actual = _finite(cost * bl.actual)
    row.utilisation = _finite(float(toteuma_pros(bl.actual, bl.budget)))
    row.elapsed = _finite(bl.elapsed)
    row.forecast = _finite(cost * bl.forecast)
    if row.forecast is not None and row.budget is not None:
        row.overrun = _finite(row.forecast - row.budget)
    return row


def kooste_plan(rows: list[KoosteRow], lang: str = "fi", compiled: dt.datetime | None = None) -> SheetPlan:
    """The *Kooste* sheet: a header, one row per workbook, live totals, colours and a chart."""
    compiled = compiled or dt.datetime.now()
    unread = sum(1 for r in rows if r.errors is None)
    info = Kooste.info(
        lang,
        count=len(rows),
        unprocessed=Kooste.unprocessed(lang, count=unread) if unread else "",
        when=fmt.timestamp(compiled, lang_of(lang)),
    )
    cells = [
        CellWrite(row=1, col=1, value=Kooste.title(lang), style=CellStyle(bold=True, font_size=14)),
        CellWrite(row=2, col=1, value=info, style=CellStyle(italic=True)),
    ]
    header = CellStyle(bold=True, fill=_HEADER_FILL, wrap=True, v_align="center")
    for col, label in enumerate(_HEADERS, start=1):
        cells.append(CellWrite(row=HEADER_ROW, col=col, value=label(lang), style=header))

    eur, pct = CellStyle(number_format=EUR_FORMAT), CellStyle(number_format=PCT_FORMAT)
    for i, r in enumerate(rows):
        n = FIRST_ROW + i
        top = CellStyle(v_align="top")
        for col, text in ((COL_MUNICIPALITY, r.municipality), (COL_DEPARTMENT, r.department)):
            if text:
                cells.append(CellWrite(row=n, col=col, value=text, style=top))
        if r.problem:
            cells.append(
                CellWrite(row=n, col=COL_PROBLEM, value=r.problem, style=CellStyle(wrap=True, v_align="top"))
            )
        if r.report_date:
            cells.append(
                CellWrite(
                    row=n, col=COL_DATE, value=r.report_date, style=CellStyle(number_format=DATE_FORMAT)
                )
            )
        numbers = (
            (COL_BUDGET, r.budget, eur),
            (COL_ACTUAL, r.actual, eur),
            (COL_UTIL, r.utilisation, pct),
            (COL_ELAPSED, r.elapsed, pct),
            (COL_FORECAST, r.forecast, eur),
            (COL_OVERRUN, r.overrun, eur),
        )
        for col, value, style in numbers:
            if value is not None:
                cells.append(CellWrite(row=n, col=col, value=value, style=style))
        for col, count in ((COL_ERRORS, r.errors), (COL_WARNINGS, r.warnings), (COL_NOTES, r.notes)):
            if count is not None:
                cells.append(CellWrite(row=n, col=col, value=count))
        name = r.path.replace("\\", "/").rsplit("/", 1)[-1]
        cells.append(CellWrite(row=n, col=COL_FILE, value=name, hyperlink=r.link, style=top))

    last = FIRST_ROW + max(len(rows), 1) - 1
    total = last + 1
    cells += _totals(total, last, lang)
    chart_top = total + 2
    height = min(max(7.0, 1.5 + 0.55 * len(rows)), 40.0)
    chart = ChartPlan(
        kind="bar",
        title=Kooste.chart_title(lang),
        categories_ref=f"B{FIRST_ROW}:B{last}",
        series=[
            (Kooste.col_util(lang), f"F{FIRST_ROW}:F{last}"),
            (Kooste.col_elapsed(lang), f"G{FIRST_ROW}:G{last}"),
        ],
        anchor=f"B{chart_top}",
        width_cm=22,
        height_cm=height,
        value_min=0,
        categories_top_down=True,
    )
    chart_bottom = chart_top + int(height / 0.5) + 1
    return fit_row_heights(
        SheetPlan(
            name=SHEET_NAME,
            mode="replace",
            cells=cells,
            column_widths=_WIDTHS,
            row_heights={HEADER_ROW: 32},
            freeze=f"C{FIRST_ROW}",
            conditional_formats=_colours(last),
            charts=[chart],
            print_setup=PrintSetup(
                print_area=f"A1:N{chart_bottom}", repeat_rows=f"{HEADER_ROW}:{HEADER_ROW}"
            ),
            tab_color="1F4E78",
        )
    )


def _totals(total: int, last: int, lang: str) -> list[CellWrite]:
    """The totals row: sums of the money and the counts, utilisation of the sums (live formulas)."""
    bold = CellStyle(bold=True, fill="F2F2F2")
    eur = CellStyle(bold=True, fill="F2F2F2", number_format=EUR_FORMAT)
    cells = [CellWrite(row=total, col=COL_DEPARTMENT, value=Kooste.total(lang), style=bold)]
    for col in (COL_BUDGET, COL_ACTUAL, COL_FORECAST, COL_OVERRUN, COL_ERRORS, COL_WARNINGS, COL_NOTES):
        letter = "ABCDEFGHIJKLMN"[col - 1]
        style = eur if col in (COL_BUDGET, COL_ACTUAL, COL_FORECAST, COL_OVERRUN) else bold
        cells.append(
            CellWrite(row=total, col=col, formula=f"=SUM({letter}{FIRST_ROW}:{letter}{last})", style=style)
        )
    # Utilisation of the department sums, only over rows that have both figures.
    both = f'SUMIFS(E{FIRST_ROW}:E{last},D{FIRST_ROW}:D{last},"<>")'
    budget = f'SUMIFS(D{FIRST_ROW}:D{last},E{FIRST_ROW}:E{last},"<>")'
    cells.append(
        CellWrite(
            row=total,
            col=COL_UTIL,
            formula=f'=IF({budget}=0,"",{both}/{budget})',
            style=CellStyle(bold=True, fill="F2F2F2", number_format=PCT_FORMAT),
        )
    )
    for col in (COL_MUNICIPALITY, COL_DATE, COL_ELAPSED, COL_FILE, COL_PROBLEM):
        cells.append(CellWrite(row=total, col=col, value=None, style=bold))
    return cells


def _colours(last: int) -> list[ConditionalFormatPlan]:
    """Red where a department runs ahead of the calendar or towards an overrun, or has errors;
    green where the forecast stays within the budget; grey where the workbook was not processed."""
    f = FIRST_ROW

    def red(ref: str, formula: str) -> ConditionalFormatPlan:
        return ConditionalFormatPlan(ref=ref, formula=formula, fill=_RED_FILL, font_color=_RED_FONT)

    return [
        ConditionalFormatPlan(
            ref=f"A{f}:N{last}", formula=f'=AND($J{f}="",$N{f}<>"")', fill=_GREY_FILL, font_color="595959"
        ),
        red(f"F{f}:F{last}", f"=AND(ISNUMBER($F{f}),ISNUMBER($G{f}),$F{f}>$G{f}+{PACE_MARGIN})"),
        red(f"H{f}:I{last}", f"=AND(ISNUMBER($I{f}),$I{f}>0)"),
        ConditionalFormatPlan(
            ref=f"H{f}:I{last}",
            formula=f"=AND(ISNUMBER($I{f}),$I{f}<=0)",
            fill=_GREEN_FILL,
            font_color=_GREEN_FONT,
        ),
        red(f"J{f}:J{last}", f"=AND(ISNUMBER($J{f}),$J{f}>0)"),
    ]
