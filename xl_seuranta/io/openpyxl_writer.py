"""Render ``SheetPlan``s with openpyxl: into an in-memory workbook, or alone into a scratch package.

Files are not saved through openpyxl any more: openpyxl rewrites every part of a workbook it saves
and drops what it does not model (pictures, shapes, form controls, the cached values of formulas).
``render_scratch`` renders only the tool's own sheets into a fresh workbook, and the package splicer
(``xl_seuranta.io.splice``, driven by ``xl_seuranta.io.workbook_writer``) moves them into the user's
file. ``apply_plans_to_workbook`` applies plans, patches of user sheets included, to a workbook
loaded in memory (tests use it to replay what Excel would do).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from copy import copy

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.legend import Legend
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.comments import Comment
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from xl_seuranta.domain.messages import Files, UserError
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    DataValidationPlan,
    PrintSetup,
    SheetPlan,
    is_internal_link,
)

#: Hidden sheet that holds drop-down options too long for an inline list (Excel's 255-char limit).
LIST_SHEET = "xlseuranta_listat"
NOTE_AUTHOR = "xl-seuranta"
HYPERLINK_COLOR = "0563C1"

Box = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row (1-based, inclusive)


class WorkbookWriteError(UserError):
    """The plans could not be written; the message is for the user, in their language."""


# --------------------------------------------------------------------------------------------- API


def render_scratch(
    plans: list[SheetPlan],
    default_font: object | None = None,
    list_sheet: str = LIST_SHEET,
    list_columns: dict[int, list[str]] | None = None,
) -> bytes:
    """The tool's sheets rendered alone into a fresh workbook, as .xlsx bytes, for the splicer.

    ``default_font`` (an lxml ``<font>`` of the user's workbook) becomes the scratch's font 0, so a
    formatted generated cell starts from the user's default font as it did when openpyxl wrote into
    the loaded workbook. ``list_columns`` seeds the drop-down list sheet with the columns other
    generated sheets still use (column number -> key and options), at their old positions.
    """
    wb = Workbook()
    wb.remove(wb.active)
    if default_font is not None:
        wb._fonts = IndexedList([Font.from_tree(default_font)])
    if list_columns:
        lists = wb.create_sheet(list_sheet)
        lists.sheet_state = "hidden"
        for col, values in sorted(list_columns.items()):
            for row, value in enumerate(values, start=1):
                lists.cell(row=row, column=col).value = clean_text(value)
                lists.cell(row=row, column=col).data_type = "s"
    for plan in plans:
        if plan.mode != "replace":
            raise WorkbookWriteError(Files.patch, name=plan.name)
    try:
        apply_plans_to_workbook(wb, plans, list_sheet=list_sheet)
        if not wb.worksheets:  # nothing to render: an empty sheet that nobody splices
            wb.create_sheet("Sheet")
        if wb.worksheets and wb.worksheets[0].sheet_state == "hidden" and len(wb.worksheets) > 1:
            wb.move_sheet(wb.worksheets[0], offset=len(wb.worksheets) - 1)  # a visible sheet first
        wb.active = 0
        out = io.BytesIO()
        wb.save(out)
    except WorkbookWriteError:
        raise
    except Exception as exc:  # a plan that openpyxl rejects (bad range, bad format, ...)
        raise WorkbookWriteError(Files.plans_failed, reason=exc) from exc
    return out.getvalue()


def apply_plans_to_workbook(wb: Workbook, plans: Iterable[SheetPlan], list_sheet: str = LIST_SHEET) -> None:
    """Apply plans to an in-memory openpyxl workbook (no saving). Patch plans are checked first.

    ``list_sheet`` names the hidden sheet for drop-down lists too long to write inline.
    """
    plans = list(plans)
    for plan in plans:
        if plan.mode == "patch" and plan.name not in wb.sheetnames:
            raise WorkbookWriteError(Files.sheet_missing, sheet=plan.name)
    for plan in plans:
        _apply_plan(wb, plan, list_sheet)
    shown = [p.name for p in plans if p.activate]
    if shown:
        activate_sheet(wb, shown[-1])


def activate_sheet(wb: Workbook, name: str) -> None:
    """Show ``name`` when the workbook opens: the active tab, and the only selected one.

    openpyxl's ``wb.active`` does not unselect the other tabs, and Excel opens a workbook with
    several selected tabs as a group, where typing goes into every sheet of the group.
    """
    target = wb[name]
    if target.sheet_state != "visible":
        return
    wb.active = wb.index(target)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is target


# ------------------------------------------------------------------------------------ one sheet


def _apply_plan(wb: Workbook, plan: SheetPlan, list_sheet: str = LIST_SHEET) -> None:
    if plan.mode == "replace":
        ws = _fresh_sheet(wb, plan.name)
    else:
        ws = wb[plan.name]
        _clear_refs(ws, plan.clear_refs)
        _drop_duplicates(ws, plan)

    for cw in plan.cells:
        _write_cell(ws, cw)
    for ref in plan.merges:
        ws.merge_cells(ref.replace("$", ""))
    for col, width in plan.column_widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, height in plan.row_heights.items():
        ws.row_dimensions[row].height = height
    if plan.freeze is not None:
        ws.freeze_panes = plan.freeze
    for dv in plan.validations:
        _add_validation(wb, ws, dv, list_sheet)
    for cf in plan.conditional_formats:
        _add_conditional_format(ws, cf)
    for chart in plan.charts:
        _add_chart(ws, chart)
    if plan.print_setup is not None:
        _print_setup(ws, plan.print_setup)
    if plan.tab_color is not None:
        ws.sheet_properties.tabColor = _argb(plan.tab_color)
    if plan.autofilter is not None:
        ws.auto_filter.ref = plan.autofilter.replace("$", "")


def _fresh_sheet(wb: Workbook, name: str) -> Worksheet:
    """An empty sheet called ``name``: the old one (if any) is replaced at the same position."""
    if name not in wb.sheetnames:
        return wb.create_sheet(title=name)
    old = wb[name]
    index = wb.index(old)
    was_active = wb.active is old
    local_names = dict(old.defined_names)
    visibility = old.sheet_state
    wb.remove(old)
    ws = wb.create_sheet(title=name, index=index)
    ws.sheet_state = visibility
    for key, defined in local_names.items():
        ws.defined_names[key] = defined
    if was_active:
        wb.active = index
    return ws


def _boxes(refs: Iterable[str]) -> list[Box]:
    return [range_boundaries(ref.replace("$", "")) for ref in refs]  # type: ignore[misc]


def _inside(inner: Box, outers: list[Box]) -> bool:
    c1, r1, c2, r2 = inner
    return any(oc1 <= c1 and or1 <= r1 and c2 <= oc2 and r2 <= or2 for oc1, or1, oc2, or2 in outers)


def _sqref_boxes(sqref: object) -> list[Box]:
    return _boxes(str(sqref).split())


def _clear_refs(ws: Worksheet, refs: list[str]) -> None:
    """Clear values, styles, links and notes of the tool's previous output; drop its merges,
    validations, conditional formats and charts that lie entirely inside those ranges."""
    boxes = _boxes(refs)
    if not boxes:
        return
    for merged in list(ws.merged_cells.ranges):
        if _inside(merged.bounds, boxes):
            ws.unmerge_cells(merged.coord)
    for c1, r1, c2, r2 in boxes:
        for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
            for cell in row:
                if not isinstance(cell, Cell):
                    continue
                cell.value = None
                cell.hyperlink = None
                cell.comment = None
                cell.style = "Normal"
    _filter_conditional_formats(ws, lambda sqref, _formula: _inside_all(sqref, boxes))
    _filter_validations(ws, lambda sqref, _formula: _inside_all(sqref, boxes))
    ws._charts = [ch for ch in ws._charts if not _chart_anchor_in(ch, boxes)]


def _inside_all(sqref: object, boxes: list[Box]) -> bool:
    return all(_inside(b, boxes) for b in _sqref_boxes(sqref))


def _chart_anchor_in(chart: object, boxes: list[Box]) -> bool:
    anchor = getattr(chart, "anchor", None)
    marker = getattr(anchor, "_from", None)
    if marker is None:
        if isinstance(anchor, str):
            c1, r1, _, _ = range_boundaries(anchor)
            return _inside((c1, r1, c1, r1), boxes)
        return False
    col, row = marker.col + 1, marker.row + 1
    return _inside((col, row, col, row), boxes)


def _drop_duplicates(ws: Worksheet, plan: SheetPlan) -> None:
    """Rerunning a patch plan must not pile up identical rules or charts at the same anchor."""
    cf_keys = {(_norm_sqref(cf.ref), _strip_eq(cf.formula)) for cf in plan.conditional_formats}
    dv_keys = {(_norm_sqref(dv.ref), _list_formula_key(dv)) for dv in plan.validations}
    _filter_conditional_formats(ws, lambda sqref, formula: (_norm_sqref(sqref), formula) in cf_keys)
    _filter_validations(ws, lambda sqref, formula: (_norm_sqref(sqref), formula) in dv_keys)
    anchors = _boxes([ch.anchor for ch in plan.charts])
    ws._charts = [ch for ch in ws._charts if not _chart_anchor_in(ch, anchors)]


def _norm_sqref(sqref: object) -> str:
    return " ".join(sorted(str(sqref).replace("$", "").upper().split()))


def _strip_eq(formula: str) -> str:
    return formula[1:] if formula.startswith("=") else formula


def _filter_conditional_formats(ws: Worksheet, drop: Callable[[object, str], bool]) -> None:
    kept = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            formula = rule.formula[0] if rule.formula else ""
            if not drop(cf.sqref, formula):
                kept.add(str(cf.sqref), rule)
    ws.conditional_formatting = kept


def _filter_validations(ws: Worksheet, drop: Callable[[object, str], bool]) -> None:
    dvs = ws.data_validations.dataValidation
    ws.data_validations.dataValidation = [dv for dv in dvs if not drop(dv.sqref, dv.formula1 or "")]


# ----------------------------------------------------------------------------------- cells


def clean_text(text: str) -> str:
    """Remove control characters that a worksheet cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _write_cell(ws: Worksheet, cw: CellWrite) -> None:
    cell = ws.cell(row=cw.row, column=cw.col)
    if not isinstance(cell, Cell):
        raise WorkbookWriteError(Files.merged_cell, cell=cell.coordinate)
    if cw.formula is not None:
        formula = cw.formula if cw.formula.startswith("=") else "=" + cw.formula
        cell.value = formula
    elif isinstance(cw.value, str):
        cell.value = clean_text(cw.value)
        cell.data_type = "s"  # ALWAYS text, even "=1+1" typed by a user
    else:
        cell.value = cw.value
        if isinstance(cw.value, dt.datetime):
            cell.number_format = "yyyy-mm-dd h:mm:ss" if cw.value.time() != dt.time() else "yyyy-mm-dd"
        elif isinstance(cw.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    if cw.hyperlink:
        _hyperlink(cell, cw.hyperlink)
    if cw.style is not None:
        _style(cell, cw.style)
    if cw.note:
        comment = Comment(clean_text(cw.note), NOTE_AUTHOR)
        comment.width, comment.height = 240, 100
        cell.comment = comment


def _hyperlink(cell: Cell, target: str) -> None:
    if not is_internal_link(target):
        cell.hyperlink = Hyperlink(ref=cell.coordinate, target=target)
    else:
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target.lstrip("#"), display=None)
    font = copy(cell.font)  # keep the name and size: a bare Font() prints in the viewer's default font
    font.color, font.underline = _argb(HYPERLINK_COLOR), "single"
    cell.font = font


def _argb(color: str) -> str:
    c = color.lstrip("#").upper()
    return c if len(c) == 8 else "FF" + c


def _style(cell: Cell, style: CellStyle) -> None:
    if style.number_format is not None:
        cell.number_format = style.number_format
    font_kw: dict[str, object] = {}
    if style.bold is not None:
        font_kw["bold"] = style.bold
    if style.italic is not None:
        font_kw["italic"] = style.italic
    if style.font_color is not None:
        font_kw["color"] = _argb(style.font_color)
    if style.font_size is not None:
        font_kw["size"] = style.font_size
    if font_kw:
        font = copy(cell.font)
        for key, value in font_kw.items():
            setattr(font, key, value)
        cell.font = font
    if style.fill is not None:
        cell.fill = PatternFill(fill_type="solid", start_color=_argb(style.fill), end_color=_argb(style.fill))
    if style.wrap is not None or style.h_align is not None or style.v_align is not None:
        al = cell.alignment
        cell.alignment = Alignment(
            horizontal=style.h_align if style.h_align is not None else al.horizontal,
            vertical=style.v_align if style.v_align is not None else al.vertical,
            wrap_text=style.wrap if style.wrap is not None else al.wrap_text,
            indent=al.indent,
            text_rotation=al.text_rotation,
            shrink_to_fit=al.shrink_to_fit,
        )


# ------------------------------------------------------------------ validations, formats, charts


def list_formula(options: list[str]) -> str:
    """Inline list source for a drop-down: '"a,b,c"' (Excel limit: 255 characters)."""
    return '"' + ",".join(o.replace('"', '""') for o in options) + '"'


def inline_list_fits(options: list[str]) -> bool:
    """Whether options fit an inline list (no separators, at most 255 characters joined)."""
    return len(",".join(options)) <= 255 and not any("," in o or ";" in o for o in options)


def _list_formula_key(dv: DataValidationPlan) -> str:
    return list_formula(dv.options) if inline_list_fits(dv.options) else ""


def _add_validation(
    wb: Workbook, ws: Worksheet, plan: DataValidationPlan, list_sheet: str = LIST_SHEET
) -> None:
    if inline_list_fits(plan.options):
        formula1 = list_formula(plan.options)
    else:
        formula1 = _options_on_list_sheet(wb, ws.title, plan, list_sheet)
    dv = DataValidation(
        type="list",
        formula1=formula1,
        allow_blank=plan.allow_blank,
        showDropDown=False,  # (sic) False means the in-cell arrow IS shown
        showErrorMessage=True,
        errorTitle="Virheellinen arvo",
        error="Valitse arvo luettelosta.",
    )
    if plan.prompt:
        dv.prompt = plan.prompt
        dv.showInputMessage = True
    dv.add(plan.ref)
    ws.add_data_validation(dv)


def _options_on_list_sheet(wb: Workbook, sheet: str, plan: DataValidationPlan, list_sheet: str) -> str:
    """Write long option lists to a hidden helper sheet, one column per (sheet, range)."""
    if list_sheet in wb.sheetnames:
        lists = wb[list_sheet]
    else:
        lists = wb.create_sheet(list_sheet)
        lists.sheet_state = "hidden"
    key = f"{sheet}!{plan.ref}"
    col = None
    for c in range(1, lists.max_column + 1):
        if lists.cell(row=1, column=c).value in (key, None):
            col = c
            break
    if col is None:
        col = lists.max_column + 1
    for r in range(1, lists.max_row + 1):
        lists.cell(row=r, column=col).value = None
    lists.cell(row=1, column=col).value = key
    lists.cell(row=1, column=col).data_type = "s"
    for i, option in enumerate(plan.options, start=2):
        lists.cell(row=i, column=col).value = clean_text(option)
        lists.cell(row=i, column=col).data_type = "s"
    letter = get_column_letter(col)
    quoted = list_sheet.replace("'", "''")
    return f"'{quoted}'!${letter}$2:${letter}${len(plan.options) + 1}"


def _add_conditional_format(ws: Worksheet, plan: ConditionalFormatPlan) -> None:
    fill = (
        PatternFill(fill_type="solid", start_color=_argb(plan.fill), end_color=_argb(plan.fill))
        if plan.fill
        else None
    )
    font = Font(color=_argb(plan.font_color)) if plan.font_color else None
    rule = FormulaRule(formula=[_strip_eq(plan.formula)], fill=fill, font=font)
    ws.conditional_formatting.add(plan.ref, rule)


def _ref(ws: Worksheet, a1: str) -> Reference:
    c1, r1, c2, r2 = range_boundaries(a1.replace("$", ""))
    return Reference(ws, min_col=c1, min_row=r1, max_col=c2, max_row=r2)


def _text_props(size_pt: float, bold: bool = False) -> RichText:
    """Chart text properties: one size (hundredths of a point in the XML) for labels and legend."""
    props = CharacterProperties(sz=round(size_pt * 100), b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _chart_title(text: str, size_pt: float) -> Title:
    props = CharacterProperties(sz=round(size_pt * 100), b=True)
    para = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def _add_chart(ws: Worksheet, plan: ChartPlan) -> None:
    chart: BarChart | LineChart
    if plan.kind == "line":
        chart = LineChart()
    else:
        chart = BarChart()
        chart.type = "bar" if plan.kind == "bar" else "col"
        chart.grouping = "stacked" if plan.stacked else "clustered"
        if plan.stacked:
            chart.overlap = 100
        chart.gapWidth = 60
    chart.title = _chart_title(plan.title, plan.font_size + 2)
    chart.width = plan.width_cm
    chart.height = plan.height_cm
    for i, (name, ref) in enumerate(plan.series):
        series = Series(_ref(ws, ref), title=name)
        if plan.colors and i < len(plan.colors):
            color = plan.colors[i].lstrip("#").upper()
            if plan.kind == "line":
                series.graphicalProperties.line.solidFill = color
            else:
                series.graphicalProperties.solidFill = color
                series.graphicalProperties.line.solidFill = "7F7F7F"
        chart.series.append(series)
    chart.set_categories(_ref(ws, plan.categories_ref))
    categories, values = chart.x_axis, chart.y_axis
    # Excel draws an axis whose <c:delete> element is missing as deleted: declare both visible.
    categories.delete = False
    values.delete = False
    categories.txPr = _text_props(plan.font_size)
    values.txPr = _text_props(plan.font_size)
    if plan.value_min is not None:
        values.scaling.min = plan.value_min
    if plan.value_max is not None:
        values.scaling.max = plan.value_max
    if plan.major_unit is not None:
        values.majorUnit = plan.major_unit
    if plan.value_format is not None:
        values.numFmt = NumFmt(formatCode=plan.value_format, sourceLinked=False)
    if plan.kind == "bar" and plan.categories_top_down:
        categories.scaling.orientation = "maxMin"  # first row at the top, like the table
        values.crosses = "max"  # ... and the value axis stays at the bottom
    if plan.legend == "none":
        chart.legend = None
    else:
        chart.legend = Legend(legendPos={"bottom": "b", "right": "r", "top": "t"}[plan.legend])
        chart.legend.txPr = _text_props(plan.font_size)
    ws.add_chart(chart, plan.anchor)


def _print_setup(ws: Worksheet, plan: PrintSetup) -> None:
    if plan.print_area:
        ws.print_area = plan.print_area
    if plan.repeat_rows:
        ws.print_title_rows = plan.repeat_rows
    if plan.repeat_cols:
        ws.print_title_cols = plan.repeat_cols
    ws.page_setup.orientation = "landscape" if plan.landscape else "portrait"
    ws.page_setup.paperSize = {"A4": ws.PAPERSIZE_A4, "A3": ws.PAPERSIZE_A3, "letter": ws.PAPERSIZE_LETTER}[
        plan.paper_size
    ]
    fit = plan.fit_to_width or plan.fit_to_height
    if fit:
        ws.page_setup.fitToWidth = 1 if plan.fit_to_width else 0
        ws.page_setup.fitToHeight = 1 if plan.fit_to_height else 0
    elif plan.scale is not None:
        ws.page_setup.scale = plan.scale
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=fit)
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = fit
    for row in plan.row_breaks:
        ws.row_breaks.append(Break(id=row))
    for part, text in (
        (ws.oddFooter.left, plan.footer_left),
        (ws.oddFooter.center, plan.footer_center),
        (ws.oddFooter.right, plan.footer_right),
    ):
        if text:
            part.text = text
            part.size = plan.footer_size
    if plan.margins_cm is not None:
        left, right, top, bottom = (cm / 2.54 for cm in plan.margins_cm)
        ws.page_margins.left, ws.page_margins.right = left, right
        ws.page_margins.top, ws.page_margins.bottom = top, bottom
    if plan.center_horizontally:
        ws.print_options.horizontalCentered = True
