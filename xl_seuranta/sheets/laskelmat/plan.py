"""The plan of the Laskelmat sheet: top area with the legend lines, header, sections of figures and metric
formulas, the direction-aware colour rules, print setup and the utilisation chart right of the printed
area; texts from the message catalogue."""

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
    fit_row_heights,
    text_height,
)
from xl_seuranta.sheets import formats
from xl_seuranta.sheets.laskelmat.formulas import (
    cell_ref,
    figure_formula,
    metric_formula,
    section_metrics,
    share_formula,
)
from xl_seuranta.sheets.laskelmat.layout import (
    COL_LINE,
    COL_UNIT,
    EURO_METRICS,
    FIRST_FIGURE_COL,
    INPUT_COL,
    PACE_MARGIN,
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
    section_name,
    sheet_layout,
    texts,
)

_WIDTH_FIGURE, _WIDTH_EUR, _WIDTH_PCT = 12.5, 11.5, 8.5  # a header word such as "TA+muutokset" fits
_TITLE = CellStyle(bold=True, font_size=14)
_NOTE = CellStyle(italic=True, font_color="595959")
_LEGEND = CellStyle(italic=True, font_color="404040", wrap=True, v_align="top")
_LABEL = CellStyle(bold=True)
_INPUT = CellStyle(fill="FFF2CC")
_HEADER = CellStyle(bold=True, fill="DDEBF7", wrap=True, v_align="center", h_align="center")
_SECTION = CellStyle(bold=True, fill="F2F2F2")
_SECTION_INFO = CellStyle(italic=True, fill="F2F2F2", font_color="595959")
_TEXT = CellStyle(wrap=True, v_align="top")
_EUR = CellStyle(number_format=formats.EUR, v_align="top")
_PCT = CellStyle(number_format=formats.PCT, v_align="top")
_PP = CellStyle(number_format=formats.PCT_SIGNED, v_align="top")
_RED_FILL, _RED_FONT = "FFC7CE", "9C0006"
_GREEN_FILL, _GREEN_FONT = "C6EFCE", "006100"


def _longest_word(texts: object, lower: float, upper: float) -> float:
    """A column width (characters) that holds the longest word of ``texts`` unbroken, within bounds.

    Wrapped text breaks between words; a word wider than its column is broken mid-word, which a
    reader takes for a typo. Capitals are wider than the character unit, so they count 1.15.
    """
    longest = 0.0
    for text in texts:  # type: ignore[attr-defined]
        for word in str(text).split():
            longest = max(longest, sum(1.15 if ch.isupper() else 1.0 for ch in word))
    return min(max(longest + 1.5, lower), upper)


def column_widths(layout: SheetLayout) -> dict[int, float]:
    """Widths of every column: the printed ones as narrow as their contents allow, then the helpers."""
    units = [u for s in layout.sections for u in s.rows["unit"]]
    lines = [ln for s in layout.sections for ln in s.rows["line"]]
    widths = {COL_UNIT: _longest_word(units, 16, 32), COL_LINE: _longest_word(lines, 10, 22)}
    widths |= dict.fromkeys(layout.figure_cols.values(), _WIDTH_FIGURE)
    widths |= {
        c: _WIDTH_EUR if _metric_style(m) is _EUR else _WIDTH_PCT for m, c in layout.metric_cols.items()
    }
    widths[layout.type_col] = 8.0
    widths[layout.source_col] = 16.0
    widths[layout.chart_cols[0]] = _longest_word(units, 16, 32)
    widths[layout.chart_cols[1]] = 10.0
    widths[layout.chart_cols[2]] = 10.0
    return widths


def _section_title(t: dict[str, str], name: str, sheet: str) -> str:
    """'Yksiköt', or 'Yksiköt (välilehti Toteuma)' when the table sits on a sheet of another name."""
    return name if sheet.casefold() == name.casefold() else t["section_title"].format(name=name, sheet=sheet)


def _metric_header(layout: SheetLayout, metric: str) -> str:
    t = texts(layout.lang)
    if metric.startswith(PER_RESIDENT + ":"):
        return t[PER_RESIDENT].format(label=layout.figure_labels[metric.split(":", 1)[1]])
    if metric == "ennuste":
        return t["ennuste"].format(year=layout.forecast_year or "")
    return t[metric]


def _metric_style(metric: str) -> CellStyle:
    if metric.split(":")[0] in EURO_METRICS:
        return _EUR
    return _PP if metric == "poikkeama_pp" else _PCT


# ----------------------------------------------------------------------------------- plan


def compute_sheet_plans(
    book: BudgetBook, lang: str = "fi", source_name: str | None = None
) -> list[SheetPlan]:
    """The plans of the 'Laske' job: Laskelmat, then the one-page Yhteenveto (shown after the write).

    Laskelmat comes first: Yhteenveto's formulas refer to its cells, and the open-book writer creates
    the sheets in this order (Excel turns a reference to a sheet that does not exist yet into an
    external link).
    """
    layout = sheet_layout(book, lang)
    plan = laskelmat_plan(book, layout)
    # Imported here: yhteenveto builds on this package's layout, so importing it at the top made a
    # cycle whenever yhteenveto was imported first.
    from xl_seuranta.sheets.yhteenveto import yhteenveto_plan

    summary = yhteenveto_plan(book, layout, source_name)
    if summary is None:
        return [plan.model_copy(update={"activate": True})]
    return [plan, summary.model_copy(update={"activate": True})]


def laskelmat_plan(book: BudgetBook, layout: SheetLayout) -> SheetPlan:
    """The generated 'Laskelmat' sheet (mode 'replace'); the user's sheets are untouched."""
    lang = layout.lang
    t = texts(lang)
    cells: list[CellWrite] = []
    merges: list[str] = []
    last_print = layout.last_print_col
    widths = column_widths(layout)
    print_width = sum(w for c, w in widths.items() if c <= last_print)

    def text(row: int, col: int, value: str, style: CellStyle | None = None, note: str | None = None) -> None:
        cells.append(CellWrite(row=row, col=col, value=str(value), style=style, note=note))

    # Top area.
    title = t["title"]
    owner = " ".join(x for x in (book.settings.municipality, book.settings.department) if x)
    text(ROW_TITLE, 1, f"{title} – {owner}" if owner else title, _TITLE)
    text(ROW_INFO, 1, t["info"], _NOTE)
    text(ROW_DATE, 1, t["date"], _LABEL)
    date_style = CellStyle(number_format=formats.DATE, fill=_INPUT.fill, h_align="left")
    cells.append(CellWrite(row=ROW_DATE, col=INPUT_COL, value=layout.report_date, style=date_style))
    text(ROW_BASIS, 1, t["basis"], _LABEL)
    text(ROW_BASIS, INPUT_COL, layout.basis, CellStyle(fill=_INPUT.fill, h_align="left"))
    text(ROW_SHARE, 1, t["share"], _LABEL)
    cells.append(
        CellWrite(
            row=ROW_SHARE,
            col=INPUT_COL,
            formula=share_formula(layout),
            style=CellStyle(number_format=formats.PCT, h_align="left"),
        )
    )
    for key, (row, value, pop) in layout.populations.items():
        text(row, 1, t["population"].format(label=layout.figure_labels[key]), _LABEL)
        cells.append(
            CellWrite(
                row=row,
                col=INPUT_COL,
                value=value,
                style=CellStyle(number_format=formats.EUR, fill=_INPUT.fill, h_align="left"),
            )
        )
        if pop.date:
            text(row, INPUT_COL + 1, t["pop_date"].format(date=pop.date), _NOTE)
    row_heights: dict[int, float] = {}
    for row, note in layout.note_rows:
        text(row, 1, note, _LEGEND)
        merges.append(f"A{row}:{cell_ref(last_print, row)}")
        row_heights[row] = text_height(note, print_width)

    # Header row.
    h = layout.header_row
    text(h, COL_UNIT, t["unit"], _HEADER)
    text(h, COL_LINE, t["line"], _HEADER)
    for key, col in layout.figure_cols.items():
        text(h, col, layout.figure_labels[key], _HEADER, note=layout.figure_notes.get(key))
    notes = {
        "muutos_eur_tp": t["note_tp"].format(base=book.settings.baseline_tp),
        "muutos_pros_tp": t["note_tp"].format(base=book.settings.baseline_tp),
        "muutos_eur_ta": t["note_ta"].format(base=book.settings.baseline_ta),
        "muutos_pros_ta": t["note_ta"].format(base=book.settings.baseline_ta),
        "toteuma_pros": t["note_util"],
        "poikkeama_pp": t["note_dev"],
        "jaljella_eur": t["note_left"],
        "ennuste": t["note_forecast"],
    }
    for metric, col in layout.metric_cols.items():
        text(h, col, _metric_header(layout, metric), _HEADER, note=notes.get(metric))
    text(h, layout.type_col, t["type"], _HEADER, note=t["note_type"])
    text(h, layout.source_col, t["source"], _HEADER)

    conditional: list[ConditionalFormatPlan] = []
    for s in layout.sections:
        text(
            s.title_row,
            COL_UNIT,
            _section_title(t, section_name(s.info.table, lang), s.info.sheet),
            _SECTION,
        )
        pairs = []
        if s.tp:
            pairs.append(t["pairs_tp"].format(new=s.tp[0].label, old=s.tp[1].label))
        if s.ta:
            pairs.append(t["pairs_ta"].format(new=s.ta[0].label, old=s.ta[1].label))
        if s.util:
            pairs.append(t["pairs_util"].format(tot=s.util[0].label, bud=s.util[1].label))
        if s.omitted:
            pairs.append(t["omitted"].format(n=s.omitted))
        cells.append(CellWrite(row=s.title_row, col=COL_LINE, style=_SECTION))
        text(s.title_row, FIRST_FIGURE_COL, " · ".join(pairs) or t["pairs_none"], _SECTION_INFO)
        for col in range(FIRST_FIGURE_COL + 1, last_print + 1):
            cells.append(CellWrite(row=s.title_row, col=col, style=_SECTION))
        columns = [(m, layout.metric_cols[m], _metric_style(m)) for m in section_metrics(s)]
        keys = [p.key for p in s.periods]
        fig_cols = [layout.figure_cols[s.colkey[k]] for k in keys]
        # Plain Python lists: per-cell pandas access would dominate the time on big books.
        refs, kinds, raws = (frame[keys].to_numpy().tolist() for frame in (s.refs, s.kinds, s.raws))
        first_cells = s.cells[keys].to_numpy()[:, 0].tolist()
        sheet_q = quote_sheet(s.info.sheet)
        meta_rows = zip(
            s.rows.index.tolist(),
            s.rows["unit"].tolist(),
            s.rows["line"].tolist(),
            s.rows["tyyppi"].tolist(),
            s.rows["seasonal"].tolist(),
            strict=True,
        )
        for i, (r, unit, line, tyyppi, is_seasonal) in enumerate(meta_rows):
            text(r, COL_UNIT, unit, _TEXT, note=t["note_seasonal"] if is_seasonal else None)
            text(r, COL_LINE, line, _TEXT)
            text(r, layout.type_col, tyyppi)
            for j, col in enumerate(fig_cols):
                src = refs[i][j]
                note = None
                if kinds[i][j] not in ("number", "blank"):
                    note = t["note_not_number"].format(raw=raws[i][j])
                cells.append(CellWrite(row=r, col=col, formula=figure_formula(src), style=_EUR, note=note))
            for metric, col, style in columns:
                cells.append(
                    CellWrite(row=r, col=col, formula=metric_formula(layout, s, metric, r), style=style)
                )
            cells.append(
                CellWrite(
                    row=r,
                    col=layout.source_col,
                    value=f"{s.info.sheet}!{first_cells[i]}",
                    hyperlink=f"{sheet_q}!{first_cells[i]}",
                )
            )
        if s.util:
            conditional += _pace_formats(layout, s, t)

    charts: list[ChartPlan] = []
    if layout.chart_section is not None and not layout.chart_rows.empty:
        charts = _chart_block(layout, cells, t)

    plan = SheetPlan(
        name=SHEET_NAME,
        mode="replace",
        cells=cells,
        merges=merges,
        column_widths=widths,
        freeze=cell_ref(FIRST_FIGURE_COL, layout.header_row + 1),
        conditional_formats=conditional,
        charts=charts,
        print_setup=PrintSetup(
            print_area=f"A1:{cell_ref(last_print, layout.last_row)}",
            repeat_rows=f"{layout.header_row}:{layout.header_row}",
            fit_to_width=True,
            landscape=True,
            margins_cm=(0.7, 0.7, 1.5, 1.5),
            footer_left=t["title"],
            footer_right=formats.page_footer(lang),
            footer_size=11,  # the page is scaled to fit its width, to about 75 %
        ),
        tab_color="4472C4",
    )
    plan = fit_row_heights(plan)
    return plan.model_copy(update={"row_heights": {**plan.row_heights, **row_heights}})


def _pace_formats(layout: SheetLayout, s: Section, t: dict[str, str]) -> list[ConditionalFormatPlan]:
    """Red/green by direction: one formula per range, driven by the Tyyppi helper column."""
    first, last = s.first_row, s.last_row
    util_col, dev_col = layout.metric_cols["toteuma_pros"], layout.metric_cols["poikkeama_pp"]
    ref = f"{cell_ref(min(util_col, dev_col), first)}:{cell_ref(max(util_col, dev_col), last)}"
    dev = f"${col_letter(dev_col)}{first}"
    typ = f"${col_letter(layout.type_col)}{first}"
    m = f"{PACE_MARGIN:g}"
    cost, revenue = t["cost"], t["revenue"]
    bad = f'=AND(ISNUMBER({dev}),OR(AND({typ}="{cost}",{dev}>{m}),AND({typ}="{revenue}",{dev}<-{m})))'
    good = f'=AND(ISNUMBER({dev}),OR(AND({typ}="{cost}",{dev}<-{m}),AND({typ}="{revenue}",{dev}>{m})))'
    return [
        ConditionalFormatPlan(ref=ref, formula=bad, fill=_RED_FILL, font_color=_RED_FONT),
        ConditionalFormatPlan(ref=ref, formula=good, fill=_GREEN_FILL, font_color=_GREEN_FONT),
    ]


def _chart_block(layout: SheetLayout, cells: list[CellWrite], t: dict[str, str]) -> list[ChartPlan]:
    """Chart data (unit, utilisation, pace on every row) right of the printed area, and the bar chart."""
    c_unit, c_util, c_pace = layout.chart_cols
    h = layout.header_row
    cells.append(CellWrite(row=h - 1, col=c_unit, value=t["chart_block"], style=_LABEL))
    cells.append(CellWrite(row=h, col=c_unit, value=t["unit"], style=_HEADER))
    cells.append(CellWrite(row=h, col=c_util, value=t["chart_util"], style=_HEADER))
    cells.append(CellWrite(row=h, col=c_pace, value=t["chart_pace"], style=_HEADER))
    util_col = col_letter(layout.metric_cols["toteuma_pros"])
    for row, meta in layout.chart_rows.iterrows():
        r = int(row)  # type: ignore[arg-type]
        cells.append(CellWrite(row=r, col=c_unit, value=str(meta["unit"])))
        cells.append(CellWrite(row=r, col=c_util, formula=f"={util_col}{int(meta['src_row'])}", style=_PCT))
        cells.append(CellWrite(row=r, col=c_pace, formula=f"={SHARE_REF}", style=_PCT))
    first, last = int(layout.chart_rows.index[0]), int(layout.chart_rows.index[-1])
    u, v, p = (col_letter(c) for c in layout.chart_cols)
    return [
        ChartPlan(
            kind="bar",
            title=t["chart_title"],
            categories_ref=f"{u}{first}:{u}{last}",
            series=[(t["chart_util"], f"{v}{first}:{v}{last}"), (t["chart_pace"], f"{p}{first}:{p}{last}")],
            anchor=cell_ref(c_pace + 2, h),
            width_cm=20,
            height_cm=max(10.0, 0.55 * len(layout.chart_rows) + 4),
            colors=["4472C4", "BFBFBF"],
            value_min=0,
            value_format="0 %",
            font_size=10,
        )
    ]


# ----------------------------------------------------------------------------- Python values
