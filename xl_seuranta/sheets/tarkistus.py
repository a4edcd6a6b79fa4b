"""The findings as a sheet: the 'Tarkistus' plan, every finding linked to its cell.

Written for the controller who has to decide, before the board meeting, whether the report can go
out: errors first (then warnings, then notes; inside each by rule family, sheet and position), a
count per rule at the top, repeats folded into one row (rounding differences of one table, blank
cells of one line) with the list of cells, filter buttons on the frozen header row, and a printout
at full size with page numbers. The workbook opens on this sheet after a check.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from xl_seuranta.domain import fmt
from xl_seuranta.domain.findings import Finding
from xl_seuranta.domain.grid import parse_a1
from xl_seuranta.domain.messages import Tarkistus, lang_of, render, severity_label, summary_text
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ConditionalFormatPlan,
    PrintSetup,
    SheetPlan,
    fit_row_heights,
    header_footer_text,
    text_height,
)
from xl_seuranta.rules.titles import rule_title
from xl_seuranta.sheets import formats

REPORT_SHEET = "Tarkistus"

_HEADERS = [
    Tarkistus.col_severity,
    Tarkistus.col_code,
    Tarkistus.col_sheet,
    Tarkistus.col_cell,
    Tarkistus.col_message,
    Tarkistus.col_expected,
    Tarkistus.col_actual,
    Tarkistus.col_difference,
]
_SEVERITIES = ("error", "warning", "info")
_FILLS = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
_WIDTHS = {1: 9.5, 2: 6.5, 3: 13, 4: 9, 5: 62, 6: 12, 7: 12, 8: 10}
_ROW_TITLE, _ROW_SUMMARY, _ROW_SOURCE, _ROW_LEGEND = 1, 2, 3, 4
_ROW_COUNTS = 6  # "Findings by rule": one row per severity that has findings
TOP = CellStyle(v_align="top")
WRAP_TOP = CellStyle(wrap=True, v_align="top")


# ------------------------------------------------------------------------------ order and folding


@dataclass
class SheetRow:
    """One row of the findings table: a finding, or several repeats of one folded together."""

    severity: str
    code: str
    sheet: str
    cells: list[str]
    message: str
    expected: float | None = None
    actual: float | None = None
    difference: float | None = None
    findings: list[Finding] = field(default_factory=list)
    unit: str | None = None  # of expected / actual / difference: '€' or '%'


def for_the_board(findings: list[Finding]) -> list[Finding]:
    """Errors, then warnings, then notes; the rule engine's order (family, sheet, position) inside."""
    return sorted(findings, key=lambda f: _SEVERITIES.index(f.severity.value))


def _fold_key(f: Finding) -> tuple | None:
    """Findings with the same key become one row: blank cells of one line, rounding of one table."""
    if f.code == "C005" and f.cell:
        return (f.code, f.sheet, parse_a1(f.cell)[0])
    if f.code == "A009" and f.softened_by is None:  # a softened one says so in its own message
        return (f.code, f.sheet)
    return None


def fold_repeats(findings: list[Finding], lang: str = "fi") -> list[SheetRow]:
    """The findings in board order with repeats folded; a group of one stays as it was."""
    groups: dict[tuple, list[Finding]] = {}
    order: list[tuple] = []
    for i, f in enumerate(for_the_board(findings)):
        key = _fold_key(f) or ("single", i)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(f)
    rows: list[SheetRow] = []
    for key in order:
        group = groups[key]
        first = group[0]
        cells = [f.cell for f in group if f.cell]
        if len(group) == 1:
            rows.append(
                SheetRow(
                    first.severity.value,
                    first.code,
                    first.sheet or "",
                    cells,
                    render(first, lang),
                    first.expected,
                    first.actual,
                    first.difference,
                    group,
                    first.unit,
                )
            )
            continue
        if first.code == "C005":
            p = first.params
            unit = getattr(p, "unit_name", None)
            message = Tarkistus.fold_C005(
                lang,
                unit=f"{unit} " if unit else "",
                line=getattr(p, "line", ""),
                periods=", ".join(str(getattr(f.params, "period", "")) for f in group),
                cells=", ".join(cells),
            )
        else:
            gaps = [abs(f.difference or 0) for f in group]
            items = [
                Tarkistus.fold_item(
                    lang,
                    what=getattr(f.params, "what", ""),
                    period=getattr(f.params, "period", ""),
                    cell=f.cell,
                )
                for f in group
            ]
            message = Tarkistus.fold_A009(
                lang,
                n=len(group),
                sheet=first.sheet,
                gaps=_span(min(gaps), max(gaps), lang),
                tolerance=float(getattr(first.params, "tolerance", 0) or 0),
                items="; ".join(items),
            )
        rows.append(
            SheetRow(first.severity.value, first.code, first.sheet or "", cells, message, findings=group)
        )
    return rows


def _span(low: float, high: float, lang: str) -> str:
    """'1–2' or, when both ends are the same, '1'."""
    lo, hi = fmt.amount(low, lang_of(lang)), fmt.amount(high, lang_of(lang))
    return lo if lo == hi else f"{lo}–{hi}"


def rule_counts(findings: list[Finding]) -> dict[str, list[tuple[str, int]]]:
    """severity -> [(code, number of findings)], codes in order."""
    counts = Counter((f.severity.value, f.code) for f in findings)
    out: dict[str, list[tuple[str, int]]] = {s: [] for s in _SEVERITIES}
    for (sev, code), n in sorted(counts.items(), key=lambda kv: kv[0][1]):
        out[sev].append((code, n))
    return out


# ------------------------------------------------------------------------------------------ plan


def tarkistus_plan(
    findings: list[Finding],
    summary: dict[str, int],
    lang: str = "fi",
    source_name: str | None = None,
    checked_at: dt.datetime | None = None,
) -> SheetPlan:
    """The Tarkistus sheet: summary, counts per rule, then the findings with errors first."""
    lang = lang_of(lang)
    labels = {sev: severity_label(sev, lang) for sev in _SEVERITIES}
    legend = Tarkistus.legend(lang)
    cells: list[CellWrite] = [
        CellWrite(
            row=_ROW_TITLE, col=1, value=Tarkistus.title(lang), style=CellStyle(bold=True, font_size=14)
        ),
        CellWrite(row=_ROW_SUMMARY, col=1, value=summary_text(summary, lang), style=CellStyle(bold=True)),
        CellWrite(
            row=_ROW_LEGEND,
            col=1,
            value=legend,
            style=CellStyle(italic=True, font_color="595959", wrap=True, v_align="top"),
        ),
    ]
    if source_name:
        when = fmt.timestamp(checked_at, lang) if checked_at else ""
        text = Tarkistus.checked(lang, source=source_name, when=when) if when else source_name
        cells.append(CellWrite(row=_ROW_SOURCE, col=1, value=text, style=CellStyle(italic=True)))

    merges = [f"A{_ROW_LEGEND}:H{_ROW_LEGEND}"]
    # Counts per rule: one row per severity, "A002 Yksiköiden summa ≠ toimiala yhteensä 2 · ...".
    row = _ROW_COUNTS
    cells.append(CellWrite(row=row, col=1, value=Tarkistus.counts_title(lang), style=CellStyle(bold=True)))
    row += 1
    for sev, items in rule_counts(findings).items():
        if not items:
            continue
        text = " · ".join(
            Tarkistus.count_item(lang, code=c, title=rule_title(c, lang), n=n) for c, n in items
        )
        sev_style = CellStyle(bold=True, fill=_FILLS[sev], v_align="top")
        cells.append(CellWrite(row=row, col=1, value=labels[sev], style=sev_style))
        count_style = CellStyle(h_align="left", v_align="top")
        cells.append(CellWrite(row=row, col=2, value=summary.get(sev, 0), style=count_style))
        cells.append(CellWrite(row=row, col=3, value=text, style=WRAP_TOP))
        merges.append(f"C{row}:H{row}")
        row += 1
    header_row = row + 1
    header_style = CellStyle(bold=True, fill="DCE6F1", wrap=True, v_align="center")
    for c, label in enumerate(_HEADERS, start=1):
        style = header_style.model_copy(update={"h_align": "right"}) if c >= 6 else header_style
        cells.append(CellWrite(row=header_row, col=c, value=label(lang), style=style))  # numbers right

    r = header_row + 1
    if not findings:
        cells.append(CellWrite(row=r, col=1, value=Tarkistus.none(lang)))
        r += 1
    for item in fold_repeats(findings, lang):
        first = item.cells[0] if item.cells else None
        link = f"'{item.sheet}'!{first}" if item.sheet and first else None
        shown = (
            Tarkistus.more_cells(lang, first=first, more=len(item.cells) - 1)
            if len(item.cells) > 1
            else first
        )
        cells += [
            CellWrite(row=r, col=1, value=labels[item.severity], style=TOP),
            CellWrite(row=r, col=2, value=item.code, style=TOP),
            CellWrite(row=r, col=3, value=item.sheet, style=WRAP_TOP),
            CellWrite(row=r, col=4, value=shown or "", hyperlink=link, style=TOP),
            CellWrite(row=r, col=5, value=item.message, style=WRAP_TOP),
        ]
        number_format = formats.PCT if item.unit == "%" else formats.EUR
        for c, v in ((6, item.expected), (7, item.actual), (8, item.difference)):
            if v is not None:
                style = CellStyle(number_format=number_format, v_align="top")
                cells.append(CellWrite(row=r, col=c, value=v, style=style))
        r += 1
    last = max(r - 1, header_row + 1)
    cf = [
        ConditionalFormatPlan(
            ref=f"A{header_row + 1}:A{last}", formula=f'=$A{header_row + 1}="{labels[sev]}"', fill=fill
        )
        for sev, fill in _FILLS.items()
    ]
    source = header_footer_text(source_name) if source_name else None
    plan = SheetPlan(
        name=REPORT_SHEET,
        mode="replace",
        cells=cells,
        merges=merges,
        column_widths=dict(_WIDTHS),
        freeze=f"A{header_row + 1}",
        conditional_formats=cf,
        autofilter=f"A{header_row}:H{last}" if findings else None,
        print_setup=PrintSetup(
            print_area=f"A1:H{last}",
            repeat_rows=f"{header_row}:{header_row}",
            fit_to_width=True,
            landscape=True,
            margins_cm=(1.5, 1.5, 1.8, 1.8),
            footer_left=source,
            footer_right=formats.page_footer(lang),
        ),
        tab_color="C00000" if summary.get("error") else "70AD47",
        activate=True,
    )
    # The count lines and the legend wrap over merged cells (C:H, A:H): size their rows for that width.
    heights = {r: h for r, h in fit_row_heights(plan).row_heights.items() if r > header_row}
    for c in cells:
        if c.col == 3 and _ROW_COUNTS < c.row < header_row and isinstance(c.value, str):
            heights[c.row] = text_height(c.value, sum(_WIDTHS[k] for k in range(3, 9)))
    heights[_ROW_LEGEND] = text_height(legend, sum(_WIDTHS.values()))
    return plan.model_copy(update={"row_heights": heights})
