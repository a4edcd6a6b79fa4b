"""The plan of the Laskelmat sheet: top area, header, sections of figures and metric formulas, the
direction-aware colour rules and the utilisation chart; texts from the message catalogue."""

from __future__ import annotations

from xl_seuranta.domain.grid import col_letter
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    PrintSetup,
    SheetPlan,
)
from xl_seuranta.sheets.laskelmat.formulas import (
    cell_ref,
    figure_formula,
    metric_formula,
    pace_rule_formulas,
    section_metrics,
    share_formula,
)
from xl_seuranta.sheets.laskelmat.layout import (
    COL_LINE,
    COL_TYPE,
    COL_UNIT,
    DATE_FORMAT,
    EUR_FORMAT,
    EURO_METRICS,
    FIRST_FIGURE_COL,
    PACE_MARGIN,
    PCT_FORMAT,
    PER_RESIDENT,
    ROW_BASIS,
    ROW_DATE,
    ROW_INFO,
    ROW_SHARE,
    ROW_TITLE,
    SHARE_REF,
    SHEET_NAME,
    Section,
    SheetLayout,
    quote_sheet,
    sheet_layout,
    texts,
)

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


def _metric_header(layout: SheetLayout, metric: str) -> str:
    t = texts(layout.lang)
    if metric.startswith(PER_RESIDENT + ":"):
        return t[PER_RESIDENT].format(label=layout.figure_periods[metric.split(":", 1)[1]].label)
    return t[metric]


def compute_sheet_plans(book: BudgetBook, lang: str = "fi") -> list[SheetPlan]:
    """The plan of the generated 'Laskelmat' sheet (mode 'replace'); the user's sheets are untouched."""
    layout = sheet_layout(book, lang)
    t = texts(lang)
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
    cells.append(CellWrite(row=ROW_SHARE, col=2, formula=share_formula(layout), style=_PCT))
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
        metric_styles = [
            (m, layout.metric_cols[m], _EUR if m.split(":")[0] in EURO_METRICS else _PCT)
            for m in section_metrics(s)
        ]
        keys = [p.key for p in s.periods]
        fig_cols = [layout.figure_cols[k] for k in keys]
        # Plain Python lists: per-cell pandas access would dominate the time on big books.
        refs, kinds, raws = (frame[keys].to_numpy().tolist() for frame in (s.refs, s.kinds, s.raws))
        sheet_q = quote_sheet(s.info.sheet)
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
                cells.append(CellWrite(row=r, col=col, formula=figure_formula(src), style=_EUR, note=note))
            for metric, col, style in metric_styles:
                cells.append(
                    CellWrite(row=r, col=col, formula=metric_formula(layout, s, metric, r), style=style)
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
        freeze=cell_ref(FIRST_FIGURE_COL, layout.header_row + 1),
        conditional_formats=conditional,
        charts=charts,
        print_setup=PrintSetup(
            print_area=f"A1:{cell_ref(layout.last_col, last_row)}",
            repeat_rows=f"{layout.header_row}:{layout.header_row}",
            fit_to_width=True,
            landscape=True,
        ),
        tab_color="4472C4",
    )
    return [plan]


def _pace_formats(layout: SheetLayout, s: Section, t: dict[str, str]) -> list[ConditionalFormatPlan]:
    """Red/green by direction over the utilisation and deviation columns of a section."""
    util_col, dev_col = layout.metric_cols["toteuma_pros"], layout.metric_cols["poikkeama_pp"]
    ref = f"{cell_ref(min(util_col, dev_col), s.first_row)}:{cell_ref(max(util_col, dev_col), s.last_row)}"
    bad, good = pace_rule_formulas(dev_col, s.first_row, t["cost"], t["revenue"])
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
        anchor=cell_ref(FIRST_FIGURE_COL + 1, top),
        width_cm=18,
        height_cm=height,
    )
    chart_rows = int(height / 0.5) + 1  # default row height is about 0.5 cm
    return [chart], max(last, top + chart_rows)
