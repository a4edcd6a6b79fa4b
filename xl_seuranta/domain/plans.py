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
    """A simple bar or line chart over ranges of the same sheet."""

    kind: Literal["bar", "column", "line"] = "bar"
    title: str
    categories_ref: str  # A1 range of labels
    series: list[tuple[str, str]]  # (series name, A1 range of values)
    anchor: str  # top-left cell, e.g. "J3"
    width_cm: float = 16
    height_cm: float = 9
    value_min: float | None = None  # e.g. 0: percentages near each other must not look far apart
    categories_top_down: bool = False  # a bar chart lists categories in the table's order (top first)


class PrintSetup(BaseModel):
    """Print settings so the board gets readable pages."""

    print_area: str | None = None  # e.g. "A1:H60"
    repeat_rows: str | None = None  # e.g. "1:4"
    fit_to_width: bool = True
    landscape: bool = True
    paper_size: Literal["A4", "A3", "letter"] = "A4"  # Finnish offices print on A4


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


class BookPlan(BaseModel):
    """The sheets to write in one go; writers apply all or nothing."""

    sheets: list[SheetPlan] = Field(default_factory=list)


def _wrapped_lines(text: str, chars_per_line: int) -> int:
    """Lines a text needs when word-wrapped greedily at ``chars_per_line``."""
    lines = 0
    for para in text.split("\n"):
        n, used = 1, 0
        for word in para.split():
            w = len(word)
            if used and used + 1 + w > chars_per_line:
                n, used = n + 1, 0
            used = used + (1 if used else 0) + w
            while used > chars_per_line:  # a word longer than the column
                n, used = n + 1, used - chars_per_line
        lines += n
    return max(lines, 1)


def estimate_row_heights(plan: SheetPlan, default_font: float = 11.0) -> dict[int, float]:
    """Row heights (points) that show every wrapped text of ``plan`` in full.

    Excel grows rows with wrapped text when it opens a file, but LibreOffice (and so a PDF made with
    it) keeps the default height, which hides all but the first line. Widths are in Excel character
    units; the estimate is a little generous (wider fonts such as DejaVu Sans in LibreOffice).
    """
    heights: dict[int, float] = {}
    for c in plan.cells:
        if not isinstance(c.value, str) or not c.style or not c.style.wrap:
            continue
        size = c.style.font_size or default_font
        width = plan.column_widths.get(c.col, 8.43)
        cpl = max(int(width * 1.1 * default_font / size), 1)
        h = _wrapped_lines(c.value, cpl) * size * 1.32 + 3
        heights[c.row] = max(heights.get(c.row, 0.0), round(h, 1))
    return {r: h for r, h in sorted(heights.items()) if h > default_font * 1.32 + 3.5}


def fit_row_heights(plan: SheetPlan) -> SheetPlan:
    """The plan with row heights that show its wrapped texts in full (explicit heights win)."""
    return plan.model_copy(update={"row_heights": {**estimate_row_heights(plan), **plan.row_heights}})
