"""Apply ``SheetPlan``s to an open book through the xlwings API (desktop Excel or xlwings Server).

The same plans as the openpyxl writer, written with ``xw.Book`` calls only, so the code runs
unchanged on the desktop (COM) engine and on the remote engine (xlwings Server / Lite), where every
call becomes an action the Office.js client applies. Nothing here reads formats: on the remote engine
only values are readable.

Remote engine (xlwings 0.37.8 + Office.js client) limits, handled here:
- column widths are in points, not characters: converted with Calibri 11 metrics (7 px per char);
- text is parsed by Excel when written as a value, so strings that Excel would turn into a formula,
  number, date or boolean get an apostrophe prefix (Excel stores the text without it);
- no page orientation, print titles, fit-to-page, page breaks, footers, autofilter buttons or tab
  colour: skipped, reported in the return value;
- data validation: list only, no prompt / allow-blank settings (Excel keeps its defaults);
- conditional formats: before adding a rule to a range, earlier rules on that range are cleared
  (they can't be read on this engine), so the tool owns the formatting of that range.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import xlwings as xw

from xl_seuranta.domain.grid import col_letter, parse_a1
from xl_seuranta.domain.messages import Files
from xl_seuranta.domain.plans import (
    BookPlan,
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    DataValidationPlan,
    SheetPlan,
    is_internal_link,
)
from xl_seuranta.io.openpyxl_writer import (
    HYPERLINK_COLOR,
    LIST_SHEET,
    WorkbookWriteError,
    clean_text,
    inline_list_fits,
)

_H_ALIGN = {"left": "left", "center": "center", "right": "right"}
_V_ALIGN = {"top": "top", "center": "center", "bottom": "bottom"}
_CHART_TYPES = {"bar": "bar_clustered", "column": "column_clustered", "line": "line"}
_STACKED_TYPES = {"bar": "bar_stacked", "column": "column_stacked", "line": "line_stacked"}
_BOOL_WORDS = {"TRUE", "FALSE", "TOSI", "EPÄTOSI"}
# Words Excel may parse as a date or time ("Jan-24", "maalis 2024", "12:30", "1.2.")
_DATE_LIKE = re.compile(r"^[A-Za-zÅÄÖåäö]{3,10}[\s\-/.]+\d")

Rect = tuple[int, int, int, int]  # row1, col1, row2, col2 (1-based, inclusive)


def needs_text_prefix(text: str) -> bool:
    """Whether Excel would not keep ``text`` as typed when written as a value.

    Anything starting with a non-letter (=, +, -, @, ', digits, spaces, #...), booleans and
    month-like words followed by digits. A leading apostrophe makes Excel store the rest as text.
    """
    if not text:
        return False
    return not text[0].isalpha() or text.upper() in _BOOL_WORDS or bool(_DATE_LIKE.match(text))


def as_excel_text(text: str) -> str:
    """The value to send so that Excel stores exactly ``text``."""
    text = clean_text(text)
    return "'" + text if needs_text_prefix(text) else text


def chars_to_points(chars: float) -> float:
    """Excel column width in characters (Calibri 11) to points, as the remote engine expects."""
    if chars <= 0:
        return 0.0
    return round((chars * 7 + 5) * 0.75, 2)


def is_remote(book: xw.Book) -> bool:
    try:
        return book.app.engine.name == "remote"
    except Exception:  # pragma: no cover - exotic engines
        return False


# --------------------------------------------------------------------------------------------- API


def apply_plans_to_book(book: xw.Book, plans: list[SheetPlan] | BookPlan) -> list[str]:
    """Apply every plan to the open ``book``.

    Returns notes (Finnish) about plan features this engine can't write, e.g. print orientation on
    xlwings Server. Raises ``WorkbookWriteError`` before writing anything if a patch plan names a
    sheet that doesn't exist.
    """
    sheet_plans = plans.sheets if isinstance(plans, BookPlan) else list(plans)
    for plan in sheet_plans:
        if plan.mode == "patch" and _find_sheet(book, plan.name) is None:
            raise WorkbookWriteError(Files.sheet_missing, sheet=plan.name)
    skipped: list[str] = []
    for plan in sheet_plans:
        _Writer(book, plan, skipped).run()
    shown = [p.name for p in sheet_plans if p.activate]
    if shown:
        sheet = _find_sheet(book, shown[-1])
        if sheet is not None:
            try:
                sheet.activate()
            except Exception:  # showing the result is a courtesy, never a failure
                skipped.append(f"{sheet.name}: välilehden näyttäminen ei onnistunut.")
    return skipped


def _find_sheet(book: xw.Book, name: str) -> xw.Sheet | None:
    for sheet in book.sheets:
        if sheet.name.casefold() == name.casefold():
            return sheet
    return None


def rectangles(cells: dict[tuple[int, int], Hashable]) -> list[tuple[Rect, Hashable]]:
    """Group cells with equal keys into rectangles: horizontal runs, then stacked equal runs."""
    runs: list[tuple[int, int, int, Hashable]] = []  # row, col1, col2, key
    for row, col in sorted(cells):
        key = cells[(row, col)]
        if runs and runs[-1][0] == row and runs[-1][2] == col - 1 and runs[-1][3] == key:
            r, c1, _, k = runs[-1]
            runs[-1] = (r, c1, col, k)
        else:
            runs.append((row, col, col, key))
    open_rects: dict[tuple[int, int, Hashable], list[int]] = {}  # (c1, c2, key) -> [row1, row2]
    done: list[tuple[Rect, Hashable]] = []
    for row, c1, c2, key in runs:
        slot = open_rects.get((c1, c2, key))
        if slot is not None and slot[1] == row - 1:
            slot[1] = row
            continue
        if slot is not None:
            done.append(((slot[0], c1, slot[1], c2), key))
        open_rects[(c1, c2, key)] = [row, row]
    for (c1, c2, key), (r1, r2) in open_rects.items():
        done.append(((r1, c1, r2, c2), key))
    return sorted(done, key=lambda item: item[0])


def _bounds(ref: str) -> Rect:
    parts = ref.replace("$", "").split(":")
    r1, c1 = parse_a1(parts[0])
    r2, c2 = parse_a1(parts[-1])
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def freeze_range(cell: str) -> str | None:
    """Top-left unfrozen cell ("B5") to the Office.js range of frozen cells ("A1:A4")."""
    row, col = parse_a1(cell)
    if row > 1 and col > 1:
        return f"A1:{col_letter(col - 1)}{row - 1}"
    if row > 1:
        return f"1:{row - 1}"
    if col > 1:
        return f"A:{col_letter(col - 1)}"
    return None


class _Writer:
    def __init__(self, book: xw.Book, plan: SheetPlan, skipped: list[str]) -> None:
        self.book = book
        self.plan = plan
        self.skipped = skipped
        self.remote = is_remote(book)
        self.sheet: xw.Sheet

    def skip(self, what: str) -> None:
        note = f"{self.plan.name}: {what} ei ole tuettu tässä Excel-ympäristössä; ohitettiin."
        if note not in self.skipped:
            self.skipped.append(note)

    def attempt(self, what: str, fn: Callable[[], object]) -> None:
        try:
            fn()
        except (NotImplementedError, AttributeError):
            self.skip(what)

    def rng(self, r1: int, c1: int, r2: int | None = None, c2: int | None = None) -> Any:
        if r2 is None or c2 is None or (r1, c1) == (r2, c2):
            return self.sheet.range((r1, c1))
        return self.sheet.range((r1, c1), (r2, c2))

    # ------------------------------------------------------------------------------ flow
    def run(self) -> None:
        plan = self.plan
        existing = _find_sheet(self.book, plan.name)
        if plan.mode == "replace":
            if existing is None:
                last = self.book.sheets[len(self.book.sheets) - 1]
                self.sheet = self.book.sheets.add(name=plan.name, after=last)
            else:
                self.sheet = existing
                self._clear_sheet()
        else:
            assert existing is not None
            self.sheet = existing
            for ref in plan.clear_refs:
                self._clear_range(ref)
        # links first: Office.js writes a link's display text into the cell, the values then win
        self._hyperlinks()
        self._values()
        self._formulas()
        self._styles()
        self._notes()
        for ref in plan.merges:
            self.attempt("solujen yhdistäminen", lambda ref=ref: self.rng(*_bounds(ref)).merge())
        for col, width in plan.column_widths.items():
            self._column_width(col, width)
        for row, height in plan.row_heights.items():
            self.attempt("rivin korkeus", lambda row=row, height=height: self._row_height(row, height))
        if plan.freeze is not None:
            self._freeze(plan.freeze)
        for dv in plan.validations:
            self.attempt("tietojen kelpoisuustarkistus", lambda dv=dv: self._validation(dv))
        for cf in plan.conditional_formats:
            self.attempt("ehdollinen muotoilu", lambda cf=cf: self._conditional_format(cf))
        for chart in plan.charts:
            self.attempt("kaavio", lambda chart=chart: self._chart(chart))
        self._print_setup()
        if plan.tab_color is not None:
            self._tab_color(plan.tab_color)
        if plan.autofilter is not None:
            self._autofilter(plan.autofilter)

    # ------------------------------------------------------------------------------ clearing
    def _clear_sheet(self) -> None:
        sheet = self.sheet
        self.attempt("muistiinpanojen poisto", lambda: [note.delete() for note in list(sheet.notes)])
        self.attempt("kaavioiden poisto", lambda: [ch.delete() for ch in reversed(list(sheet.charts))])
        sheet.clear()
        cells = sheet.cells
        self.attempt("ehdollisten muotoilujen poisto", cells.conditional_formats.clear)
        self.attempt("kelpoisuustarkistusten poisto", cells.data_validation.delete)
        self.attempt("yhdistettyjen solujen purku", cells.unmerge)
        self.attempt("ruutujen kiinnityksen poisto", sheet.freeze_panes.unfreeze)

    def _clear_range(self, ref: str) -> None:
        r1, c1, r2, c2 = _bounds(ref)
        rng = self.rng(r1, c1, r2, c2)
        rng.clear()  # values and formats (the tool's styles) back to default
        self.attempt("ehdollisten muotoilujen poisto", rng.conditional_formats.clear)
        self.attempt("kelpoisuustarkistusten poisto", rng.data_validation.delete)
        self.attempt("yhdistettyjen solujen purku", rng.unmerge)

    # ------------------------------------------------------------------------------ cells
    def _values(self) -> None:
        cells = {(c.row, c.col): c for c in self.plan.cells if c.formula is None}
        if not cells:
            return
        if self.plan.mode == "replace":
            # the sheet is empty: one block, gaps written as empty cells
            rows = [r for r, _ in cells]
            cols = [c for _, c in cells]
            r1, r2, c1, c2 = min(rows), max(rows), min(cols), max(cols)
            block = [
                [_excel_value(cells[(r, c)].value) if (r, c) in cells else None for c in range(c1, c2 + 1)]
                for r in range(r1, r2 + 1)
            ]
            self.rng(r1, c1, r2, c2).value = block
            return
        keyed = dict.fromkeys(cells, 0)
        for (r1, c1, r2, c2), _ in rectangles(keyed):
            block = [
                [_excel_value(cells[(r, c)].value) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)
            ]
            self.rng(r1, c1, r2, c2).value = block

    def _formulas(self) -> None:
        cells = {(c.row, c.col): c for c in self.plan.cells if c.formula is not None}
        for (r1, c1, r2, c2), _ in rectangles(dict.fromkeys(cells, 0)):
            block = [
                [_formula_text(cells[(r, c)].formula) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)
            ]
            rng = self.rng(r1, c1, r2, c2)
            rng.formula = block[0][0] if (r1, c1) == (r2, c2) else block

    def _styles(self) -> None:
        styles: dict[tuple[int, int], Hashable] = {}
        for cw in self.plan.cells:
            style = _effective_style(cw)
            if style is not None:
                styles[(cw.row, cw.col)] = _style_key(style)
        for (r1, c1, r2, c2), key in rectangles(styles):
            self._apply_style(self.rng(r1, c1, r2, c2), CellStyle(**dict(key)))  # type: ignore[arg-type]

    def _apply_style(self, rng: Any, style: CellStyle) -> None:
        if style.number_format is not None:
            rng.number_format = style.number_format
        if style.fill is not None:
            rng.color = "#" + style.fill.lstrip("#")
        if style.bold is not None:
            rng.font.bold = style.bold
        if style.italic is not None:
            rng.font.italic = style.italic
        if style.font_color is not None:
            rng.font.color = "#" + style.font_color.lstrip("#")
        if style.font_size is not None:
            rng.font.size = style.font_size
        if style.wrap is not None:
            rng.wrap_text = style.wrap
        if style.h_align is not None:
            self.attempt("vaakatasaus", lambda: setattr(rng, "horizontal_alignment", _H_ALIGN[style.h_align]))
        if style.v_align is not None:
            self.attempt("pystytasaus", lambda: setattr(rng, "vertical_alignment", _V_ALIGN[style.v_align]))

    def _hyperlinks(self) -> None:
        for cw in self.plan.cells:
            if cw.hyperlink:
                self.attempt("hyperlinkki", lambda cw=cw: self._hyperlink(cw))

    def _notes(self) -> None:
        for cw in self.plan.cells:
            if cw.note:
                self.attempt("muistiinpano", lambda cw=cw: self._note(cw))

    def _hyperlink(self, cw: CellWrite) -> None:
        target = cw.hyperlink or ""
        internal = is_internal_link(target)
        # "#'Sheet'!B12" is Excel's in-document address (COM and Office.js; UNVERIFIED in Office.js)
        address = "#" + target.lstrip("#") if internal else target
        text = cw.value if cw.value is not None else target
        text = clean_text(text.isoformat() if isinstance(text, dt.date) else str(text))
        rng = self.rng(cw.row, cw.col)
        rng.add_hyperlink(address, text_to_display=text, screen_tip=text)
        if cw.style is None or cw.style.font_color is None:
            rng.font.color = "#" + HYPERLINK_COLOR

    def _note(self, cw: CellWrite) -> None:
        rng = self.rng(cw.row, cw.col)
        text = clean_text(cw.note or "")
        existing = rng.note
        if existing is not None:
            existing.text = text
        else:
            rng.add_note(text)

    # ------------------------------------------------------------------------------ sheet-level
    def _column_width(self, col: int, width: float) -> None:
        rng = self.sheet.range(f"{col_letter(col)}:{col_letter(col)}")
        rng.column_width = chars_to_points(width) if self.remote else width

    def _row_height(self, row: int, height: float) -> None:
        self.sheet.range(f"{row}:{row}").row_height = height  # points on both engines

    def _freeze(self, cell: str) -> None:
        target = freeze_range(cell)
        panes = self.sheet.freeze_panes

        def freeze() -> None:
            panes.unfreeze()
            if target is not None:
                panes.freeze_at(target)

        self.attempt("ruutujen kiinnitys", freeze)

    def _validation(self, plan: DataValidationPlan) -> None:
        r1, c1, r2, c2 = _bounds(plan.ref)
        rng = self.rng(r1, c1, r2, c2)
        rng.data_validation.delete()
        if inline_list_fits(plan.options):
            rng.data_validation.set_list(list(plan.options), in_cell_dropdown=True)
        else:
            rng.data_validation.set_list(self._options_on_list_sheet(plan), in_cell_dropdown=True)
        if plan.prompt:
            self.skip("syöttöohje (kelpoisuustarkistuksen kehote)")

    def _options_on_list_sheet(self, plan: DataValidationPlan) -> Any:
        lists = _find_sheet(self.book, LIST_SHEET)
        if lists is None:
            last = self.book.sheets[len(self.book.sheets) - 1]
            lists = self.book.sheets.add(name=LIST_SHEET, after=last)
            self.attempt("apuvälilehden piilotus", lambda: setattr(lists, "visible", False))
            header: list[Any] = []
        else:
            header = list(lists.range("1:1").value or [])  # values are readable on every engine
        key = f"{self.plan.name}!{plan.ref}"
        col = next((i + 1 for i, v in enumerate(header) if v in (key, None)), len(header) + 1)
        lists.range((1, col), (1 + max(len(plan.options), 1000), col)).clear_contents()
        values = [[as_excel_text(key)]] + [[as_excel_text(o)] for o in plan.options]
        lists.range((1, col), (len(values), col)).value = values
        return lists.range((2, col), (len(values), col))

    def _conditional_format(self, plan: ConditionalFormatPlan) -> None:
        r1, c1, r2, c2 = _bounds(plan.ref)
        rng = self.rng(r1, c1, r2, c2)
        rng.conditional_formats.clear()
        formula = plan.formula if plan.formula.startswith("=") else "=" + plan.formula
        rng.conditional_formats.add_custom(
            formula,
            fill_color=("#" + plan.fill.lstrip("#")) if plan.fill else None,
            font_color=("#" + plan.font_color.lstrip("#")) if plan.font_color else None,
        )

    def _chart(self, plan: ChartPlan) -> None:
        name = f"xlseuranta {plan.anchor}"
        for chart in list(self.sheet.charts):
            if chart.name == name:
                chart.delete()
        box = _series_box(plan, self.plan.cells)
        source = self.rng(*box)
        points = 72 / 2.54
        chart = self.sheet.charts.add(
            chart_type=(_STACKED_TYPES if plan.stacked else _CHART_TYPES)[plan.kind],
            source=source,
            plot_by="columns",
            anchor=self.sheet.range(plan.anchor),
            width=plan.width_cm * points,
            height=plan.height_cm * points,
            name=name,
        )
        chart.title = plan.title
        cr1, cc1, cr2, cc2 = _bounds(plan.categories_ref)
        chart.set_x_axis_values(self.rng(cr1, cc1, cr2, cc2))
        self.attempt("kaavion akselit", lambda: self._chart_axes(chart, plan))
        if plan.colors:
            self.attempt("kaavion värit", lambda: self._chart_colors(chart, plan))
        self.attempt("kaavion selite", lambda: self._chart_legend(chart, plan))

    @staticmethod
    def _chart_axes(chart: Any, plan: ChartPlan) -> None:
        """Both axes visible (as the file writer declares them), with the plan's scale and format."""
        values: dict[str, object] = {"visible": True}
        if plan.value_min is not None:
            values["minimum_scale"] = plan.value_min
        if plan.value_max is not None:
            values["maximum_scale"] = plan.value_max
        if plan.major_unit is not None:
            values["major_unit"] = plan.major_unit
        if plan.value_format is not None:
            values["number_format"] = plan.value_format
        categories: dict[str, object] = {"visible": True}
        if plan.kind == "bar" and plan.categories_top_down:
            categories["reverse_order"] = True
            categories["crosses"] = "maximum"
        chart.category_axis.set(**categories)
        chart.value_axis.set(**values)

    @staticmethod
    def _chart_colors(chart: Any, plan: ChartPlan) -> None:
        series = chart.series
        for i, color in enumerate(plan.colors or []):
            if i < len(series):
                series[i].set(fill_color="#" + color.lstrip("#"))

    @staticmethod
    def _chart_legend(chart: Any, plan: ChartPlan) -> None:
        if plan.legend == "none":
            chart.legend.visible = False
        else:
            chart.legend.visible = True
            chart.legend.position = plan.legend

    def _autofilter(self, ref: str) -> None:
        if self.remote:
            self.skip("suodatinpainikkeet")
            return
        try:  # desktop Excel (COM)
            self.sheet.api.Range(ref).AutoFilter()
        except Exception:
            self.skip("suodatinpainikkeet")

    def _print_setup(self) -> None:
        ps = self.plan.print_setup
        if ps is None:
            return
        if ps.print_area:
            self.sheet.page_setup.print_area = ps.print_area
        if self.remote:
            if ps.repeat_rows or ps.repeat_cols:
                self.skip("tulostusotsikot")
            if ps.row_breaks:
                self.skip("sivunvaihdot")
            if ps.footer_left or ps.footer_center or ps.footer_right:
                self.skip("alatunniste")
            self.skip("tulostuksen suunta ja sivun leveyteen sovitus")
            return
        try:  # desktop Excel (COM); UNVERIFIED outside Windows
            page = self.sheet.api.PageSetup
            page.Orientation = 2 if ps.landscape else 1
            page.PaperSize = {"A4": 9, "A3": 8, "letter": 1}[ps.paper_size]
            if ps.repeat_rows:
                first, last = ps.repeat_rows.split(":")
                page.PrintTitleRows = f"${first}:${last}"
            if ps.repeat_cols:
                first, last = ps.repeat_cols.split(":")
                page.PrintTitleColumns = f"${first}:${last}"
            if ps.fit_to_width or ps.fit_to_height:
                page.Zoom = False
                page.FitToPagesWide = 1 if ps.fit_to_width else False
                page.FitToPagesTall = 1 if ps.fit_to_height else False
            elif ps.scale is not None:
                page.Zoom = ps.scale
            size = f"&{round(ps.footer_size)}"
            page.LeftFooter = size + ps.footer_left if ps.footer_left else ""
            page.CenterFooter = size + ps.footer_center if ps.footer_center else ""
            page.RightFooter = size + ps.footer_right if ps.footer_right else ""
            if ps.margins_cm is not None:
                left, right, top, bottom = (cm * 72 / 2.54 for cm in ps.margins_cm)
                page.LeftMargin, page.RightMargin, page.TopMargin, page.BottomMargin = (
                    left,
                    right,
                    top,
                    bottom,
                )
            page.CenterHorizontally = ps.center_horizontally
            self.sheet.api.ResetAllPageBreaks()
            for row in ps.row_breaks:
                self.sheet.api.HPageBreaks.Add(self.sheet.api.Rows(row + 1))
        except Exception:
            self.skip("tulostusasetukset")

    def _tab_color(self, color: str) -> None:
        if self.remote:
            self.skip("välilehden väri")
            return
        try:  # desktop Excel (COM): Tab.Color is BGR
            rgb = int(color.lstrip("#"), 16)
            r, g, b = rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF
            self.sheet.api.Tab.Color = r + (g << 8) + (b << 16)
        except Exception:
            self.skip("välilehden väri")


# ------------------------------------------------------------------------------------- helpers


def _excel_value(value: object) -> object:
    if isinstance(value, str):
        return as_excel_text(value)
    return value


def _formula_text(formula: str | None) -> str:
    f = formula or ""
    return f if f.startswith("=") else "=" + f


def _effective_style(cw: CellWrite) -> CellStyle | None:
    """The plan's style plus the date format the openpyxl writer gives date values."""
    style = cw.style
    if (
        cw.formula is None
        and isinstance(cw.value, dt.date)
        and (style is None or style.number_format is None)
    ):
        is_dt = isinstance(cw.value, dt.datetime) and cw.value.time() != dt.time()
        fmt = "yyyy-mm-dd h:mm:ss" if is_dt else "yyyy-mm-dd"
        style = (style or CellStyle()).model_copy(update={"number_format": fmt})
    if style is None or not style.model_dump(exclude_none=True):
        return None
    return style


def _style_key(style: CellStyle) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(style.model_dump(exclude_none=True).items()))


def _series_box(plan: ChartPlan, cells: Iterable[CellWrite]) -> Rect:
    """Bounding box of the series values, plus the header row above when it holds the names."""
    boxes = [_bounds(ref) for _, ref in plan.series]
    r1 = min(b[0] for b in boxes)
    c1 = min(b[1] for b in boxes)
    r2 = max(b[2] for b in boxes)
    c2 = max(b[3] for b in boxes)
    values = {(c.row, c.col): c.value for c in cells}
    if r1 > 1 and all(
        values.get((b[0] - 1, b[1])) == name for (name, _), b in zip(plan.series, boxes, strict=True)
    ):
        r1 -= 1
    return r1, c1, r2, c2


__all__ = [
    "apply_plans_to_book",
    "as_excel_text",
    "chars_to_points",
    "freeze_range",
    "needs_text_prefix",
    "rectangles",
]
