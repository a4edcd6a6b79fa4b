"""The findings as a sheet: the 'Tarkistus' plan, every finding linked to its cell."""

from __future__ import annotations

import datetime as dt

from xl_seuranta.domain import fmt
from xl_seuranta.domain.findings import Finding
from xl_seuranta.domain.messages import Tarkistus, family_label, lang_of, render, severity_label, summary_text
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ConditionalFormatPlan,
    PrintSetup,
    SheetPlan,
    fit_row_heights,
)

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
_FILLS = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
_NUMBER_FORMATS = {"%": "0.0%", "€": "#,##0;-#,##0;0", None: "#,##0;-#,##0;0"}


def tarkistus_plan(
    findings: list[Finding],
    summary: dict[str, int],
    lang: str = "fi",
    source_name: str | None = None,
    checked_at: dt.datetime | None = None,
) -> SheetPlan:
    """The Tarkistus sheet: a summary line, then the findings grouped by rule family, each linked to its cell."""
    lang = lang_of(lang)
    cells: list[CellWrite] = [
        CellWrite(row=1, col=1, value=Tarkistus.title(lang), style=CellStyle(bold=True, font_size=14)),
        CellWrite(row=2, col=1, value=summary_text(summary, lang)),
    ]
    if source_name:
        stamp = f" {fmt.timestamp(checked_at, lang)}" if checked_at else ""
        cells.append(CellWrite(row=3, col=1, value=f"{source_name}{stamp}", style=CellStyle(italic=True)))
    header_row = 5
    for c, label in enumerate(_HEADERS, start=1):
        cells.append(
            CellWrite(
                row=header_row, col=c, value=label(lang), style=CellStyle(bold=True, fill="DCE6F1", wrap=True)
            )
        )
    r = header_row + 1
    if not findings:
        cells.append(CellWrite(row=r, col=1, value=Tarkistus.none(lang)))
    group = None
    top = CellStyle(v_align="top")
    for f in findings:
        if f.group != group:
            group = f.group
            name = family_label(group, lang)
            cells.append(CellWrite(row=r, col=1, value=name, style=CellStyle(bold=True, fill="F2F2F2")))
            r += 1
        link = f"'{f.sheet}'!{f.cell}" if f.sheet and f.cell else None
        cells += [
            CellWrite(row=r, col=1, value=severity_label(f.severity, lang), style=top),
            CellWrite(row=r, col=2, value=f.code, style=top),
            CellWrite(row=r, col=3, value=f.sheet or "", style=top),
            CellWrite(row=r, col=4, value=f.cell or "", hyperlink=link, style=top),
            CellWrite(row=r, col=5, value=render(f, lang), style=CellStyle(wrap=True, v_align="top")),
        ]
        for c, v in ((6, f.expected), (7, f.actual), (8, f.difference)):
            if v is not None:
                number_format = _NUMBER_FORMATS[f.unit]
                cells.append(
                    CellWrite(
                        row=r, col=c, value=v, style=CellStyle(number_format=number_format, v_align="top")
                    )
                )
        r += 1
    last = max(r - 1, header_row + 1)
    cf = [
        ConditionalFormatPlan(
            ref=f"A{header_row + 1}:A{last}", formula=f'=$A{header_row + 1}="{label}"', fill=fill
        )
        for sev, fill in _FILLS.items()
        for label in [severity_label(sev, lang)]
    ]
    return fit_row_heights(
        SheetPlan(
            name=REPORT_SHEET,
            mode="replace",
            cells=cells,
            column_widths={1: 12, 2: 8, 3: 16, 4: 8, 5: 90, 6: 14, 7: 14, 8: 12},
            freeze=f"A{header_row + 1}",
            conditional_formats=cf,
            print_setup=PrintSetup(print_area=f"A1:H{last}", repeat_rows=f"{header_row}:{header_row}"),
            tab_color="C00000" if summary.get("error") else "70AD47",
        )
    )
