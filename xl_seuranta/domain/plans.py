"""Sheet plans: what to write into a workbook, described without touching one.

Every generated sheet or column (the Tarkistus findings sheet, metric columns, goal sheets) is first
described as a ``SheetPlan``. Two writers apply plans: openpyxl for files and xlwings for the open
book (desktop or server). Describing once keeps the two from drifting apart and lets tests compare
both outputs cell by cell.

Conventions: rows and columns are 1-based; colours are 'RRGGBB' hex; number formats are en-US codes
(Excel shows them in the user's locale); a ``CellWrite`` with ``formula`` writes a formula, one with
``value`` writes a constant, and a string value is ALWAYS written as text, even if it starts with '='.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field

CellValue = str | int | float | bool | dt.date | dt.datetime | None


class CellStyle(BaseModel):
    """Formatting for one cell; None means 'leave as the writer's default'."""

    number_format: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    font_color: str | None = None
    fill: str | None = None
    wrap: bool | None = None
    h_align: Literal["left", "center", "right"] | None = None
    v_align: Literal["top", "center", "bottom"] | None = None
    font_size: float | None = None


class CellWrite(BaseModel):
    """One cell to write: a constant value or a formula, with optional style, link and note."""

    row: int
    col: int
    value: CellValue = None
    formula: str | None = None  # en-US formula text starting with '=' (commas as separators)
    style: CellStyle | None = None
    hyperlink: str | None = None  # "'Sheet name'!B12" in the workbook, else an URL or a relative file path
    note: str | None = None


def is_internal_link(target: str) -> bool:
    """Whether a hyperlink target is a place in the workbook ("'Sheet'!B12") rather than an URL or a
    file (the consolidated report links every row to its workbook by a path relative to itself)."""
    return "!" in target and not re.match(r"^(https?|ftp|file|mailto):", target, re.IGNORECASE)


class DataValidationPlan(BaseModel):
    """A drop-down list on a range (e.g. the Tila column of the goal sheet)."""

    ref: str  # A1 range such as "F5:F40"
    options: list[str]
    prompt: str | None = None
    allow_blank: bool = True


class ConditionalFormatPlan(BaseModel):
    """A formula-based conditional format: where ``formula`` is true, apply the fill/font."""

    ref: str  # A1 range
    formula: str  # en-US formula relative to the top-left cell of ref, e.g. '=$F5="Toteutunut"'
    fill: str | None = None
    font_color: str | None = None


class ChartPlan(BaseModel):
    """A simple bar, column or line chart over ranges of the same sheet.

    Axes are always declared visible (``<c:delete val="0"/>``): openpyxl 3.1 leaves the element out
    and Excel then draws a chart without axes. ``font_size`` is the size of every text in the chart
    (title a little larger), so a chart prints legibly at the sheet's print scale.
    """

    kind: Literal["bar", "column", "line"] = "bar"
    title: str
    categories_ref: str  # A1 range of labels
    series: list[tuple[str, str]]  # (series name, A1 range of values)
    anchor: str  # top-left cell, e.g. "J3"
    width_cm: float = 16
    height_cm: float = 9
    stacked: bool = False
    colors: list[str] | None = None  # one 'RRGGBB' fill per series, in order
    value_min: float | None = None
    value_max: float | None = None
    major_unit: float | None = None  # 1 for a whole-number count axis
    value_format: str | None = None  # number format of the value axis labels, e.g. "0 %"
    categories_top_down: bool = True  # bar charts list the first category at the top, as the table does
    legend: Literal["bottom", "right", "top", "none"] = "bottom"
    font_size: float = 9


class PrintSetup(BaseModel):
    """Print settings so the board gets readable pages.

    ``fit_to_width`` scales the printout to one page wide and as many pages tall as needed; the
    sheets are laid out so that this scale stays near 100 % (no text under 8 pt on paper).
    Header and footer texts use Excel's codes (``&P`` page, ``&N`` pages); a literal ``&`` in a
    text must be written ``&&`` (see ``header_footer_text``).
    """

    print_area: str | None = None  # e.g. "A1:H60"
    repeat_rows: str | None = None  # e.g. "1:4"
    repeat_cols: str | None = None  # e.g. "A:B"
    fit_to_width: bool = True
    fit_to_height: bool = False  # also one page tall (a one-page summary)
    scale: int | None = None  # percent, when not fitting
    landscape: bool = True
    paper_size: Literal["A4", "A3", "letter"] = "A4"  # Finnish offices print on A4
    row_breaks: list[int] = Field(default_factory=list)  # a new page starts after each of these rows
    footer_left: str | None = None
    footer_center: str | None = None
    footer_right: str | None = None
    footer_size: float = 9  # points before scaling: a sheet printed at 75 % needs 11 for 8 pt on paper
    margins_cm: tuple[float, float, float, float] | None = None  # left, right, top, bottom
    center_horizontally: bool = False


def header_footer_text(text: str) -> str:
    """Text for a page header or footer: Excel reads ``&`` as the start of a code, so double it."""
    return text.replace("&", "&&")


class SheetPlan(BaseModel):
    """Everything to write into one sheet.

    mode 'replace': the tool owns the whole sheet; it is created or cleared and rewritten.
    mode 'patch': the sheet belongs to the user; only ``clear_refs`` (what the tool generated last
    time) are cleared and ``cells`` written; nothing else is touched.
    """

    name: str
    mode: Literal["replace", "patch"] = "replace"
    cells: list[CellWrite] = Field(default_factory=list)
    clear_refs: list[str] = Field(default_factory=list)
    column_widths: dict[int, float] = Field(default_factory=dict)  # 1-based column -> width (chars)
    row_heights: dict[int, float] = Field(default_factory=dict)  # 1-based row -> height (points)
    freeze: str | None = None  # top-left unfrozen cell, e.g. "A5"
    validations: list[DataValidationPlan] = Field(default_factory=list)
    conditional_formats: list[ConditionalFormatPlan] = Field(default_factory=list)
    charts: list[ChartPlan] = Field(default_factory=list)
    print_setup: PrintSetup | None = None
    tab_color: str | None = None
    merges: list[str] = Field(default_factory=list)  # A1 ranges shown as one cell (long wrapped texts)
    autofilter: str | None = None  # A1 range of a table, header row first: filter buttons on the header
    activate: bool = False  # the sheet the workbook shows after the write (and opens on next time)


class BookPlan(BaseModel):
    """The sheets to write in one go; writers apply all or nothing."""

    sheets: list[SheetPlan] = Field(default_factory=list)


_CHARS_PER_UNIT = 1.2
"""Characters of running text per column-width unit. The unit is the width of a digit (7 px in
Calibri 11); Finnish prose averages about 1.3 characters per unit in Calibri or Carlito, so 1.2 errs
on the side of one line too many rather than a last line cut off."""


def _wrapped_lines(text: str, chars_per_line: int) -> int:
    """Lines a text needs when word-wrapped greedily at ``chars_per_line``."""
    lines = 0
    used: float
    for para in text.split("\n"):
        n, used = 1, 0
        for word in para.split():
            w = sum(1.35 if ch.isupper() else 1.0 for ch in word)  # capitals are wider (~1.1 units)
            if used and used + 1 + w > chars_per_line:
                n, used = n + 1, 0
            used = used + (1 if used else 0) + w
            while used > chars_per_line:  # a word longer than the column
                n, used = n + 1, used - chars_per_line
        lines += n
    return max(lines, 1)


def text_height(text: str, width_chars: float, font_size: float = 11.0, default_font: float = 11.0) -> float:
    """Row height (points) that shows ``text`` wrapped over ``width_chars`` (Excel character units).

    For a text in merged cells, whose row height Excel does not grow by itself.
    """
    cpl = max(int(width_chars * _CHARS_PER_UNIT * default_font / font_size), 1)
    return round(_wrapped_lines(text, cpl) * font_size * 1.32 + 3, 1)


def estimate_row_heights(plan: SheetPlan, default_font: float = 11.0) -> dict[int, float]:
    """Row heights (points) that show every wrapped text of ``plan`` in full.

    Excel grows rows with wrapped text when it opens a file, but LibreOffice (and so a PDF made with
    it) keeps the default height, which hides all but the first line. Widths are in Excel character
    units; the estimate is a little generous (see ``_CHARS_PER_UNIT``), and a line is 1.32 × the font
    size, as Excel spaces Calibri.
    """
    heights: dict[int, float] = {}
    for c in plan.cells:
        if not isinstance(c.value, str) or not c.style or not c.style.wrap:
            continue
        size = c.style.font_size or default_font
        width = plan.column_widths.get(c.col, 8.43)
        cpl = max(int(width * _CHARS_PER_UNIT * default_font / size), 1)
        h = _wrapped_lines(c.value, cpl) * size * 1.32 + 3
        heights[c.row] = max(heights.get(c.row, 0.0), round(h, 1))
    return {r: h for r, h in sorted(heights.items()) if h > default_font * 1.32 + 3.5}


def fit_row_heights(plan: SheetPlan) -> SheetPlan:
    """The plan with row heights that show its wrapped texts in full (explicit heights win)."""
    return plan.model_copy(update={"row_heights": {**estimate_row_heights(plan), **plan.row_heights}})
