"""Apply the xlwings remote engine's actions (``book.json()["actions"]``) to an openpyxl workbook.

A test utility: it plays the part of the Office.js client (xlwings-server
``static/js/custom-scripts/*.js``), so a test sees what the user would see in Excel after a
macro ran on xlwings Server. Argument semantics follow the JS callbacks: ``sheet_position``,
``start_row`` and ``start_column`` are 0-based; ``row_count``/``column_count`` give the range size.

Excel behaviour mimicked where it matters for tests: a written string starting with "'" is stored
as text without the apostrophe, "=..." becomes a formula, numeric/boolean/ISO-date strings are
parsed. Column widths arrive in points and are converted back to characters. Whole-column or
whole-sheet ranges only touch cells that exist. Any action not listed raises
``NotImplementedError``, so a test notices a new kind of write.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.comments import Comment
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

MAX_ROWS = 1048576
MAX_COLUMNS = 16384
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?)?$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

Action = dict[str, Any]


def apply_actions(actions: list[Action], wb: openpyxl.Workbook) -> None:
    """Apply every action in order; unknown actions raise NotImplementedError."""
    applier = _Applier(wb)
    for action in actions:
        handler = _HANDLERS.get(action["func"])
        if handler is None:
            raise NotImplementedError(f"apply_actions: action {action['func']!r} is not implemented")
        handler(applier, action)


def excel_value(value: object) -> tuple[object, str | None]:
    """What Excel stores for a value written via Range.values: (value, number format to set or None)."""
    if not isinstance(value, str):
        return value, None
    if value == "":
        return None, None
    if value.startswith("'"):
        return value[1:], "text"
    if value.startswith("="):
        return value, None
    if value.upper() in {"TRUE", "FALSE"}:
        return value.upper() == "TRUE", None
    if _NUMBER.match(value):
        number = float(value)
        return (int(number) if number.is_integer() and "." not in value else number), None
    m = _ISO.match(value)
    if m:
        parts = [int(g) for g in m.groups() if g is not None]
        when = dt.datetime(*parts)
        return when, ("yyyy-mm-dd" if len(parts) == 3 or when.time() == dt.time() else "yyyy-mm-dd h:mm:ss")
    return value, None


class _Applier:
    def __init__(self, wb: openpyxl.Workbook) -> None:
        self.wb = wb
        self.charts: dict[int, list[Any]] = {}  # sheet position -> charts in Office.js order

    def sheet(self, action: Action) -> Worksheet:
        return self.wb.worksheets[action["sheet_position"]]

    def bounds(self, action: Action) -> tuple[int, int, int, int]:
        r1 = action["start_row"] + 1
        c1 = action["start_column"] + 1
        return r1, c1, r1 + action["row_count"] - 1, c1 + action["column_count"] - 1

    def cells(self, action: Action, create: bool = True) -> Iterator[Cell]:
        """Cells of the action's range; huge (whole column/sheet) ranges yield only existing cells."""
        ws = self.sheet(action)
        r1, c1, r2, c2 = self.bounds(action)
        if not create or (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
            for (r, c), cell in sorted(ws._cells.items()):
                if r1 <= r <= r2 and c1 <= c <= c2 and isinstance(cell, Cell):
                    yield cell
            return
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cell = ws.cell(row=r, column=c)
                if isinstance(cell, Cell):
                    yield cell

    def ref(self, action: Action) -> str:
        r1, c1, r2, c2 = self.bounds(action)
        return f"{get_column_letter(c1)}{r1}:{get_column_letter(min(c2, MAX_COLUMNS))}{min(r2, MAX_ROWS)}"


# ----------------------------------------------------------------------------------- handlers


def _add_sheet(ap: _Applier, a: Action) -> None:
    position, name = a["args"][0], a["args"][1]
    ap.wb.create_sheet(title=name, index=position)


def _set_sheet_name(ap: _Applier, a: Action) -> None:
    ap.sheet(a).title = a["args"][0]


def _sheet_delete(ap: _Applier, a: Action) -> None:
    ap.wb.remove(ap.sheet(a))


def _set_sheet_visibility(ap: _Applier, a: Action) -> None:
    ap.sheet(a).sheet_state = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}[
        a["args"][0]
    ]


def _activate_sheet(ap: _Applier, a: Action) -> None:
    ap.wb.active = a["args"][0]


def _set_values(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    r1, c1, _, _ = ap.bounds(a)
    for i, row in enumerate(a["values"]):
        for j, raw in enumerate(row):
            cell = ws.cell(row=r1 + i, column=c1 + j)
            value, fmt = excel_value(raw)
            cell.value = value
            if fmt == "text":
                cell.data_type = "s"
                cell.quotePrefix = True
            elif fmt is not None and cell.number_format == "General":
                cell.number_format = fmt


def _set_formula(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    r1, c1, r2, c2 = ap.bounds(a)
    values = a["values"]
    if not isinstance(values, list):  # one formula for a bigger range (no reference adjusting here)
        values = [[values] * (c2 - c1 + 1) for _ in range(r2 - r1 + 1)]
    for i, row in enumerate(values):
        for j, formula in enumerate(row):
            value, _ = excel_value(formula)
            ws.cell(row=r1 + i, column=c1 + j).value = value


def _set_number_format(ap: _Applier, a: Action) -> None:
    for cell in ap.cells(a):
        cell.number_format = a["args"][0]


def _argb(color: str) -> str:
    return "FF" + color.lstrip("#").upper()


def _set_range_color(ap: _Applier, a: Action) -> None:
    color = a["args"][0]
    for cell in ap.cells(a):
        cell.fill = PatternFill() if color is None else PatternFill("solid", start_color=_argb(color))


def _set_range_colors(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    r1, c1, _, _ = ap.bounds(a)
    for i, row in enumerate(a["args"][0]):
        for j, color in enumerate(row):
            if color == "keep":
                continue
            cell = ws.cell(row=r1 + i, column=c1 + j)
            cell.fill = PatternFill() if color is None else PatternFill("solid", start_color=_argb(color))


def _set_font_property(ap: _Applier, a: Action) -> None:
    prop, value = a["args"][0], a["args"][1]
    for cell in ap.cells(a):
        font = Font(
            name=cell.font.name,
            size=cell.font.size,
            bold=cell.font.bold,
            italic=cell.font.italic,
            underline=cell.font.underline,
            color=cell.font.color,
        )
        if prop == "color":
            font.color = _argb(value)
        elif prop in {"bold", "italic"}:
            setattr(font, prop, bool(value))
        elif prop in {"size", "name"}:
            setattr(font, prop, value)
        else:
            raise NotImplementedError(f"setFontProperty {prop!r}")
        cell.font = font


def _alignment(ap: _Applier, a: Action, **changes: Any) -> None:
    for cell in ap.cells(a):
        al = cell.alignment
        kw = {
            "horizontal": al.horizontal,
            "vertical": al.vertical,
            "wrap_text": al.wrap_text,
            "indent": al.indent,
        }
        kw.update(changes)
        cell.alignment = Alignment(**kw)


def _set_wrap_text(ap: _Applier, a: Action) -> None:
    _alignment(ap, a, wrap_text=bool(a["args"][0]))


def _set_horizontal_alignment(ap: _Applier, a: Action) -> None:
    _alignment(ap, a, horizontal=a["args"][0].lower())


def _set_vertical_alignment(ap: _Applier, a: Action) -> None:
    _alignment(ap, a, vertical=a["args"][0].lower())


def points_to_chars(points: float) -> float:
    """Inverse of the writer's chars -> points conversion (Calibri 11)."""
    return round(max(points / 0.75 - 5, 0) / 7, 2)


def _set_column_width(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    _, c1, _, c2 = ap.bounds(a)
    for c in range(c1, c2 + 1):
        ws.column_dimensions[get_column_letter(c)].width = points_to_chars(a["args"][0])


def _set_row_height(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    r1, _, r2, _ = ap.bounds(a)
    for r in range(r1, r2 + 1):
        ws.row_dimensions[r].height = float(a["args"][0])


def _clear(cell: Cell, contents: bool, formats: bool) -> None:
    if contents:
        cell.value = None
        cell.hyperlink = None
    if formats:
        cell.style = "Normal"


def _clearer(contents: bool, formats: bool, whole_sheet: bool = False) -> Callable[[_Applier, Action], None]:
    def handler(ap: _Applier, a: Action) -> None:
        if whole_sheet:
            cells = [c for c in ap.sheet(a)._cells.values() if isinstance(c, Cell)]
        else:
            cells = list(ap.cells(a, create=False))
        for cell in cells:
            _clear(cell, contents, formats)

    return handler


def _range_merge(ap: _Applier, a: Action) -> None:
    ap.sheet(a).merge_cells(ap.ref(a))


def _range_unmerge(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    r1, c1, r2, c2 = ap.bounds(a)
    for merged in list(ws.merged_cells.ranges):
        mc1, mr1, mc2, mr2 = merged.bounds
        if mr1 <= r2 and r1 <= mr2 and mc1 <= c2 and c1 <= mc2:
            ws.unmerge_cells(merged.coord)


def _add_hyperlink(ap: _Applier, a: Action) -> None:
    address, text, tip = (str(x) for x in a["args"][:3])  # the JS calls toString() on all three
    ws = ap.sheet(a)
    cell = ws.cell(row=a["start_row"] + 1, column=a["start_column"] + 1)
    if address.startswith("#"):
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=address[1:], tooltip=tip)
    else:
        cell.hyperlink = Hyperlink(ref=cell.coordinate, target=address, tooltip=tip)
    cell.value = text
    cell.data_type = "s"


def _add_note(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    cell = ws[a["args"][0].replace("$", "")]
    if cell.comment is not None:
        raise ValueError(f"A note already exists on {cell.coordinate}")  # as the JS does
    cell.comment = Comment(a["args"][1], "xlwings")


def _set_note_text(ap: _Applier, a: Action) -> None:
    cell = ap.sheet(a)[a["args"][0].replace("$", "")]
    if cell.comment is None:
        raise ValueError(f"No note on {cell.coordinate}")
    cell.comment = Comment(a["args"][1], cell.comment.author)


def _delete_note(ap: _Applier, a: Action) -> None:
    ap.sheet(a)[a["args"][0].replace("$", "")].comment = None


def _freeze_at(ap: _Applier, a: Action) -> None:
    """Office.js freezeAt(range): the range is the frozen top-left block."""
    ws = ap.sheet(a)
    frozen = a["args"][0].replace("$", "")
    if re.fullmatch(r"\d+:\d+", frozen):
        ws.freeze_panes = f"A{int(frozen.split(':')[1]) + 1}"
    elif re.fullmatch(r"[A-Z]+:[A-Z]+", frozen):
        last = frozen.split(":")[1]
        ws.freeze_panes = f"{get_column_letter(range_boundaries(last + '1')[0] + 1)}1"
    else:
        _, _, c2, r2 = range_boundaries(frozen)
        ws.freeze_panes = f"{get_column_letter(c2 + 1)}{r2 + 1}"


def _unfreeze(ap: _Applier, a: Action) -> None:
    ap.sheet(a).freeze_panes = None


def _overlaps(sqref: object, box: tuple[int, int, int, int]) -> bool:
    r1, c1, r2, c2 = box
    for part in str(sqref).split():
        mc1, mr1, mc2, mr2 = range_boundaries(part)
        if mr1 <= r2 and r1 <= mr2 and mc1 <= c2 and c1 <= mc2:
            return True
    return False


def _delete_validation(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    box = ap.bounds(a)
    ws.data_validations.dataValidation = [
        dv for dv in ws.data_validations.dataValidation if not _overlaps(dv.sqref, box)
    ]


def _set_validation_list(ap: _Applier, a: Action) -> None:
    source, in_cell_dropdown = a["args"][0], a["args"][1]
    if source["type"] == "literal":
        formula1 = '"' + ",".join(source["values"]) + '"'
    elif source["type"] == "range":
        src_ws = ap.wb.worksheets[source["sheet_position"]]
        r1, c1 = source["start_row"] + 1, source["start_column"] + 1
        r2, c2 = r1 + source["row_count"] - 1, c1 + source["column_count"] - 1
        formula1 = f"'{src_ws.title}'!${get_column_letter(c1)}${r1}:${get_column_letter(c2)}${r2}"
    else:
        formula1 = "=" + source["name"]
    _delete_validation(ap, a)
    dv = DataValidation(type="list", formula1=formula1, showDropDown=not in_cell_dropdown, allow_blank=True)
    dv.add(ap.ref(a))
    ap.sheet(a).add_data_validation(dv)


def _clear_conditional_formats(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    box = ap.bounds(a)
    kept = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        if not _overlaps(cf.sqref, box):
            for rule in cf.rules:
                kept.add(str(cf.sqref), rule)
    ws.conditional_formatting = kept


def _add_conditional_format(ap: _Applier, a: Action) -> None:
    spec = a["args"][0]
    fill = PatternFill("solid", start_color=_argb(spec["fill_color"])) if spec.get("fill_color") else None
    font = Font(color=_argb(spec["font_color"])) if spec.get("font_color") else None
    if spec["type"] != "Custom":
        raise NotImplementedError(f"addConditionalFormat type {spec['type']!r}")
    rule = FormulaRule(
        formula=[spec["formula"].lstrip("=")], fill=fill, font=font, stopIfTrue=spec["stop_if_true"]
    )
    ap.sheet(a).conditional_formatting.add(ap.ref(a), rule)


_CHARTS = {
    "BarClustered": ("bar", "bar"),
    "ColumnClustered": ("bar", "col"),
    "BarStacked": ("bar", "bar"),
    "ColumnStacked": ("bar", "col"),
    "Line": ("line", None),
}


def _add_chart(ap: _Applier, a: Action) -> None:
    name, chart_type, sheet_name, address, _left, _top, width, height, plot_by, anchor, _style = a["args"]
    kind, bar_dir = _CHARTS[chart_type]
    chart: BarChart | LineChart = BarChart() if kind == "bar" else LineChart()
    if bar_dir:
        chart.type = bar_dir
    if chart_type.endswith("Stacked"):
        chart.grouping, chart.overlap = "stacked", 100
    ws = ap.sheet(a)
    src = ap.wb[sheet_name]
    c1, r1, c2, r2 = range_boundaries(address.replace("$", ""))
    if plot_by not in (None, "Columns"):
        raise NotImplementedError(f"addChart plot_by {plot_by!r}")
    # like Excel: a text first row holds the series names
    header = all(isinstance(src.cell(row=r1, column=c).value, str) for c in range(c1, c2 + 1)) and r2 > r1
    for c in range(c1, c2 + 1):
        values = Reference(src, min_col=c, max_col=c, min_row=r1 + 1 if header else r1, max_row=r2)
        title = src.cell(row=r1, column=c).value if header else None
        chart.series.append(Series(values, title=title))
    chart.width, chart.height = width * 2.54 / 72, height * 2.54 / 72
    chart.xlseuranta_name = name  # type: ignore[attr-defined]
    ws.add_chart(chart, (anchor or "A1").replace("$", ""))
    ap.charts.setdefault(a["sheet_position"], []).append(chart)


def _chart(ap: _Applier, a: Action) -> Any:
    return ap.sheet(a)._charts[a["args"][0]]


def _set_chart_title(ap: _Applier, a: Action) -> None:
    _chart(ap, a).title = a["args"][1]


def _set_chart_x_axis_values(ap: _Applier, a: Action) -> None:
    chart = _chart(ap, a)
    c1, r1, c2, r2 = range_boundaries(a["args"][2].replace("$", ""))
    chart.set_categories(Reference(ap.wb[a["args"][1]], min_col=c1, min_row=r1, max_col=c2, max_row=r2))


def _set_chart_axis(ap: _Applier, a: Action) -> None:
    """Office.js axis settings onto the openpyxl chart (as Excel would save them)."""
    chart = _chart(ap, a)
    axis = chart.x_axis if a["args"][1] == "category" else chart.y_axis
    for key, value in a["args"][2].items():
        if key == "visible":
            axis.delete = not value
        elif key == "minimum_scale":
            axis.scaling.min = value
        elif key == "maximum_scale":
            axis.scaling.max = value
        elif key == "major_unit":
            axis.majorUnit = value
        elif key == "number_format":
            axis.number_format = value
        elif key == "reverse_order":
            axis.scaling.orientation = "maxMin" if value else "minMax"
        elif key == "crosses":
            other = chart.y_axis if axis is chart.x_axis else chart.x_axis
            other.crosses = {"maximum": "max", "minimum": "min", "automatic": "autoZero"}[value]
        else:
            raise NotImplementedError(f"setChartAxis {key!r}")


def _set_chart_series(ap: _Applier, a: Action) -> None:
    series = _chart(ap, a).series[a["args"][1]]
    for key, value in a["args"][2].items():
        if key == "fill_color":
            series.graphicalProperties.solidFill = str(value).lstrip("#").upper()
        elif key == "line_color":
            series.graphicalProperties.line.solidFill = str(value).lstrip("#").upper()
        else:
            raise NotImplementedError(f"setChartSeries {key!r}")


def _set_chart_legend(ap: _Applier, a: Action) -> None:
    from openpyxl.chart.legend import Legend

    chart = _chart(ap, a)
    key, value = a["args"][1], a["args"][2]
    if key == "visible":
        chart.legend = Legend() if value else None
    elif key == "position":
        chart.legend = chart.legend or Legend()
        chart.legend.position = {"Top": "t", "Bottom": "b", "Left": "l", "Right": "r", "Corner": "tr"}[value]
    else:
        raise NotImplementedError(f"setChartLegend {key!r}")


def _delete_chart(ap: _Applier, a: Action) -> None:
    del ap.sheet(a)._charts[a["args"][0]]


def _set_print_area(ap: _Applier, a: Action) -> None:
    ws = ap.sheet(a)
    area = a["args"][0]
    if area:
        ws.print_area = area
    else:
        ws._print_area = None


def _names_add(ap: _Applier, a: Action) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    name, refers_to = a["args"][0], a["args"][1]
    dn = DefinedName(name, attr_text=refers_to.lstrip("="))
    if a.get("sheet_position") is None:
        ap.wb.defined_names[name] = dn
    else:
        ap.sheet(a).defined_names[name] = dn


def _noop(ap: _Applier, a: Action) -> None:
    """Actions with no visible effect on the saved workbook (autofit, recalculation, screen)."""


_HANDLERS: dict[str, Callable[[_Applier, Action], None]] = {
    "addSheet": _add_sheet,
    "setSheetName": _set_sheet_name,
    "sheetDelete": _sheet_delete,
    "setSheetVisibility": _set_sheet_visibility,
    "activateSheet": _activate_sheet,
    "setValues": _set_values,
    "setFormula": _set_formula,
    "setNumberFormat": _set_number_format,
    "setRangeColor": _set_range_color,
    "setRangeColors": _set_range_colors,
    "setFontProperty": _set_font_property,
    "setWrapText": _set_wrap_text,
    "setHorizontalAlignment": _set_horizontal_alignment,
    "setVerticalAlignment": _set_vertical_alignment,
    "setColumnWidth": _set_column_width,
    "setRowHeight": _set_row_height,
    "rangeClearContents": _clearer(contents=True, formats=False),
    "rangeClearFormats": _clearer(contents=False, formats=True),
    "rangeClear": _clearer(contents=True, formats=True),
    "sheetClear": _clearer(contents=True, formats=True, whole_sheet=True),
    "sheetClearContents": _clearer(contents=True, formats=False, whole_sheet=True),
    "sheetClearFormats": _clearer(contents=False, formats=True, whole_sheet=True),
    "rangeMerge": _range_merge,
    "rangeUnmerge": _range_unmerge,
    "addHyperlink": _add_hyperlink,
    "addNote": _add_note,
    "setNoteText": _set_note_text,
    "deleteNote": _delete_note,
    "freezePaneAtRange": _freeze_at,
    "freezePaneUnfreeze": _unfreeze,
    "setDataValidationList": _set_validation_list,
    "deleteDataValidation": _delete_validation,
    "clearConditionalFormats": _clear_conditional_formats,
    "addConditionalFormat": _add_conditional_format,
    "addChart": _add_chart,
    "setChartTitle": _set_chart_title,
    "setChartXAxisValues": _set_chart_x_axis_values,
    "deleteChart": _delete_chart,
    "setChartAxis": _set_chart_axis,
    "setChartSeries": _set_chart_series,
    "setChartLegend": _set_chart_legend,
    "setPrintArea": _set_print_area,
    "namesAdd": _names_add,
    "setAutofit": _noop,
    "setSheetAutofit": _noop,
    "calculate": _noop,
    "setCalculation": _noop,
    "setScreenUpdating": _noop,
}

KNOWN_ACTIONS = frozenset(_HANDLERS)
