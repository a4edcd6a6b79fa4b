"""Find the budget tables in any sheet by their labels and build the tidy frame.

A table starts at a header row holding at least two period headers ("TP 2023", "TA+MUUTOS 2024",
"TOT. 30.6. 2025"), written on one row or split over two (kinds on one row, years below, as the
source PDF prints them). Its rows are classified by their labels: unit headings followed by
MENOT/TULOT/NETTOMENO, operating-statement lines, key figures. Position never matters, so inserted
rows and columns, reordered sheets and re-spelled headers give the same model.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections import Counter

import numpy as np

from xl_seuranta.domain.frame import Frame
from xl_seuranta.domain.grid import Grid, a1
from xl_seuranta.domain.model import BudgetBook, TableInfo
from xl_seuranta.domain.notes import (
    DuplicateUnit,
    HeaderFootnote,
    LayoutNote,
    RowWithoutUnit,
    UnrecognisedRow,
)
from xl_seuranta.domain.numbers import CellKind, ParsedNumber, read_cell_number
from xl_seuranta.domain.periods import Period, kind_only_date, parse_kind_only, parse_period
from xl_seuranta.domain.settings import Settings
from xl_seuranta.layout import labels as L
from xl_seuranta.layout.goal_reader import read_goals
from xl_seuranta.layout.row_texts import row_texts
from xl_seuranta.layout.settings_reader import find_settings_grid, read_settings

# Sheets the tool writes itself, never read back as source tables: known by the marker the file
# writer leaves (Grid.tool_sheet), and by these names for a book without markers (the open book).
GENERATED_SHEETS = {"Tarkistus", "Tavoiteseuranta", "Laskelmat"}

_YEAR_RE = re.compile(r"^\s*((?:19|20)\d\d)\s*\*?\s*$")


def _year_of(value: object) -> int | None:
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    if isinstance(value, float) and value.is_integer() and 1900 <= value <= 2100:
        return int(value)
    if isinstance(value, str):
        m = _YEAR_RE.match(value)
        return int(m.group(1)) if m else None
    return None


def _header_at(
    grid: Grid, r: int, default_year: int | None, ncols: int, headers: _Headers
) -> tuple[dict[int, Period], dict[int, str], dict[int, str], int] | None:
    """Period columns, header texts, change columns and header height if row r starts a header."""
    periods: dict[int, Period] = {}
    texts: dict[int, str] = {}
    for c in range(1, ncols + 1):
        v = grid.value(r, c)
        p = headers.period(v, default_year)
        if p is not None:
            periods[c] = p
            texts[c] = str(v)
    height = 1
    if len(periods) < 2:
        # Two-row header: kinds on this row, years on the next.
        periods, texts = {}, {}
        for c in range(1, ncols + 1):
            v = grid.value(r, c)
            kind = parse_kind_only(v)
            year = _year_of(grid.value(r + 1, c))
            if kind is None or year is None:
                continue
            text = f"{v} {grid.value(r + 1, c)}"
            p = parse_period(text)
            if p is None and kind_only_date(str(v)) is None:
                continue
            if p is not None:
                periods[c] = p.model_copy(update={"marker": p.marker or "*" in str(grid.value(r + 1, c))})
                texts[c] = text
        height = 2
        if len(periods) < 2:
            return None
    extras: dict[int, str] = {}
    for c in range(1, ncols + 1):
        if c in periods:
            continue
        v = grid.value(r, c)
        kind = L.change_column(v)
        if kind is None and height == 2 and L.norm(v) == "muutos":
            kind = L.change_column(f"muutos {grid.value(r + 1, c)}")
        if kind:
            extras[c] = kind
            texts[c] = str(v) if height == 1 else f"{v} {grid.value(r + 1, c)}"
    return periods, texts, extras, height


def _label(grid: Grid, r: int, before_col: int) -> tuple[str | None, int]:
    for c in range(1, before_col):
        v = grid.value(r, c)
        if isinstance(v, str) and v.strip():
            return v, c
    return None, 0


class _Headers:
    """Period parsing of header cells, memoised: a sheet repeats the same few header texts, and a
    20 000-row sheet would otherwise parse every one of its cells as a possible header."""

    def __init__(self, default_year: int | None) -> None:
        self.default_year = default_year
        self._period: dict[tuple[str, int | None], Period | None] = {}
        self._headerish: dict[str, bool] = {}

    def period(self, value: object, default_year: int | None = None) -> Period | None:
        if not isinstance(value, str):
            return None
        key = (value, default_year)
        if key not in self._period:
            self._period[key] = parse_period(value, default_year)
        return self._period[key]

    def headerish(self, value: str) -> bool:
        """Could this text head a period column (alone, or as the kind above a year)?"""
        hit = self._headerish.get(value)
        if hit is None:
            hit = self._headerish[value] = _KIND_START.match(value) is not None and (
                self.period(value, self.default_year) is not None or parse_kind_only(value) is not None
            )
        return hit


# Every period header starts with its kind: TP, TA (TA+muutokset, talousarvio), TOT (toteuma,
# toteutuma), tilinpäätös. Texts that cannot are not parsed at all.
_KIND_START = re.compile(r"^[\W_]*t[aopi]", re.IGNORECASE)


def _default_year(grids: list[Grid], settings: Settings, headers: _Headers) -> int | None:
    if settings.year:
        return settings.year
    years = []
    for g in grids:
        for row in g.rows[:400]:
            for v in row:
                p = headers.period(v)
                if p is not None:
                    years.append(p.year)
    return max(years) if years else None


def _header_rows(
    grid: Grid, headers: _Headers, ncols: int, texts: list[list[str]]
) -> list[tuple[int, tuple]]:
    """(row, header) of every table header in reading order.

    Only rows with at least two header-like texts can start a table (two periods on one row, or two
    kinds over a row of years), so the full header parse runs on those rows only.
    """
    headerish = headers.headerish
    candidates = []
    for i, row in enumerate(texts):
        if len(row) >= 2 and sum(map(headerish, row)) >= 2:
            candidates.append(i + 1)
    found: list[tuple[int, tuple]] = []
    next_free = 1
    for r in candidates:
        if r < next_free:
            continue  # inside the previous two-row header
        h = _header_at(grid, r, headers.default_year, ncols, headers)
        if h is not None:
            found.append((r, h))
            next_free = r + h[3]
    return found


def discover_book(grids: list[Grid]) -> BudgetBook:
    """Discover settings, tables and goals in the workbook's grids."""
    settings, setting_notes = read_settings(grids)
    notes: list[LayoutNote] = list(setting_notes)
    headers = _Headers(None)
    headers.default_year = _default_year(grids, settings, headers)
    settings_grid = find_settings_grid(grids)
    chunks: list[Frame] = []
    tables: list[TableInfo] = []
    units_seen: Counter[str] = Counter()
    all_periods: dict[str, Period] = {}
    text_cells = {id(g): row_texts(g) for g in grids}  # both header searches start from these

    for grid in grids:
        if grid is settings_grid or grid.tool_sheet or grid.name in GENERATED_SHEETS:
            continue
        ncols = grid.n_cols  # computed once: it scans every row
        found = _header_rows(grid, headers, ncols, text_cells[id(grid)])
        for i, (hr, (periods, texts, extras, height)) in enumerate(found):
            end = found[i + 1][0] - 1 if i + 1 < len(found) else grid.n_rows
            info = TableInfo(
                table="",
                sheet=grid.name,
                header_row=hr,
                periods=periods,
                header_cells=texts,
                extra_columns=extras,
                first_row=hr + height,
                last_row=end,
            )
            kinds, chunk = _parse_table(grid, info, settings, notes, units_seen)
            chunks.append(chunk)
            if kinds:
                info.table = kinds.most_common(1)[0][0]
                tables.append(info)
                for p in periods.values():
                    all_periods[p.key] = p
            for c, p in periods.items():
                if p.marker:
                    notes.append(HeaderFootnote(grid.name, a1(hr, c), header=texts.get(c, "")))

    cells = Frame.concat(chunks)
    expenses_negative = True
    if not cells.empty:
        cost = cells.mask(line=_EXPENSE_SIDE) & ~np.isnan(cells["value"])
        values = cells["value"][cost]
        if values.size:
            expenses_negative = bool((values < 0).sum() >= (values > 0).sum())

    goals = read_goals(grids, [text_cells[id(g)] for g in grids])
    return BudgetBook(
        grids=grids,
        settings=settings,
        cells=cells,
        tables=tables,
        goals=goals,
        periods=all_periods,
        notes=notes,
        expenses_negative=expenses_negative,
    )


_EXPENSE_SIDE = frozenset({"MENOT", L.EXPENSE_TOTAL, *L.EXPENSE_LINES})


@functools.lru_cache(maxsize=65536)
def _classify(label: str) -> tuple[str | None, str | None, str | None]:
    """(unit block row, operating-statement line, key figure) a row label names; cached per label."""
    return L.block_row(label), L.line_name(label), L.key_figure(label)


@functools.lru_cache(maxsize=65536)
def _parse_text_cell(raw: str) -> ParsedNumber:
    return read_cell_number(raw)


_NUMERIC_TYPES = frozenset({int, float})
_BLANK_TYPES = frozenset({type(None)})


def _parse_cells(raws: list[object]) -> tuple[np.ndarray, np.ndarray]:
    """Values (NaN where no number) and kinds of cells: plain numbers and blanks vectorised, the few
    other cells (text, numbers stored as text, errors) one by one."""
    n = len(raws)
    types = list(map(type, raws))
    numeric = np.fromiter(map(_NUMERIC_TYPES.__contains__, types), dtype=bool, count=n)
    blank = np.fromiter(map(_BLANK_TYPES.__contains__, types), dtype=bool, count=n)
    values = np.full(n, np.nan)
    if numeric.any():
        cells = np.empty(n, dtype=object)
        cells[:] = raws
        values[numeric] = cells[numeric].astype(float)
    kinds = np.where(numeric, "number", "blank").astype(object)
    bad = numeric & ~np.isfinite(values)  # NaN or infinity read as a number: not an amount
    values[bad] = np.nan
    kinds[bad] = CellKind.ERROR.value
    for i in np.flatnonzero(~numeric & ~blank).tolist():
        v = raws[i]
        p = _parse_text_cell(v) if type(v) is str else read_cell_number(v)
        values[i] = math.nan if p.value is None else p.value
        kinds[i] = p.kind.value
    return values, kinds


def _parse_table(
    grid: Grid,
    info: TableInfo,
    settings: Settings,
    notes: list[LayoutNote],
    units_seen: Counter[str],
) -> tuple[Counter[str], Frame]:
    """Classify the rows of one table; its numbers as a frame chunk (row by row, columns in order)."""
    value_cols = sorted(info.periods)
    extra_cols = sorted(info.extra_columns)
    num_cols = value_cols + extra_cols
    idx = [c - 1 for c in num_cols]
    first_num_col = min(num_cols)
    caption, _ = _label(grid, info.header_row, first_num_col)
    newest = max(value_cols)  # change columns describe the newest period column
    period_of = [info.periods[c if c in info.periods else newest].key for c in num_cols]
    plain_measures = ["value"] * len(value_cols) + [info.extra_columns[c] for c in extra_cols]
    change_measures = ["change_pct"] * len(value_cols) + [info.extra_columns[c] for c in extra_cols]
    uncached = grid.uncached_formulas
    kinds: Counter[str] = Counter()
    current_unit: str | None = None
    heading_row: str | None = None  # A1 of the unit heading not yet followed by a block row
    last_key: str | None = None
    # Row by row: (sheet row, table, unit, line, measures, raw cells)
    kept: list[tuple[int, str, str, str, list[str], list[object]]] = []
    rows = grid.rows
    getter = operator.itemgetter(*idx) if len(idx) > 1 else None
    width = max(idx) + 1
    for r in range(info.first_row, min(info.last_row, len(rows)) + 1):
        row = rows[r - 1]
        first = row[0] if row and first_num_col > 1 else None
        if type(first) is str and first.strip():
            label, label_col = first, 1  # the usual place: column A
        else:
            label, label_col = None, 0
            for c in range(1, min(first_num_col - 1, len(row))):
                v = row[c]
                if type(v) is str and v.strip():
                    label, label_col = v, c + 1
                    break
            if label is None:
                continue
        if getter is not None and len(row) >= width:
            raws = list(getter(row))
        else:
            n = len(row)
            raws = [row[i] if i < n else None for i in idx]
        if uncached:
            raws = [
                _UNCACHED if v is None and (r, c) in uncached else v
                for v, c in zip(raws, num_cols, strict=True)
            ]
        measures = plain_measures
        block, line, key = _classify(label)
        if block:
            if extra_cols:
                table, unit = "maararahat", (caption or settings.department or "").strip()
            else:
                table = "yksikot"
                if current_unit is None:
                    notes.append(RowWithoutUnit(grid.name, a1(r, label_col), label=label.strip()))
                    continue
                if heading_row is not None:
                    # The heading names a unit only now that a block row follows it: titles and
                    # notes between tables never count as (duplicate) units.
                    key_name = L.norm(current_unit)
                    units_seen[key_name] += 1
                    if units_seen[key_name] > 1:
                        notes.append(DuplicateUnit(grid.name, heading_row, unit=current_unit))
                        current_unit = f"{current_unit} ({units_seen[key_name]})"
                    heading_row = None
                unit = current_unit
            row_line = block
        elif line:
            if not _has_values(raws):
                continue  # section heading such as TOIMINTATUOTOT above its lines
            table, unit, row_line = "kayttotalous", "", line
        elif key:
            if key == L.KEY_CHANGE:
                if last_key is None:
                    continue
                table, unit, row_line = "tunnusluvut", "", last_key
                measures = change_measures
            else:
                table, unit, row_line = "tunnusluvut", "", key
                last_key = key
        elif not _has_values(raws):
            name = label.strip()
            current_unit = L.TOTAL_UNIT if L.is_total_unit(name) else name
            heading_row = a1(r, label_col)
            continue
        else:
            notes.append(UnrecognisedRow(grid.name, a1(r, label_col), label=label.strip()))
            continue
        kinds[table] += 1
        kept.append((r, table, unit, row_line, measures, raws))
    return kinds, _chunk(grid.name, kept, num_cols, period_of)


def _has_values(raws: list[object]) -> bool:
    """Whether a row's number columns hold anything (asked only of rows that are no unit block row:
    most rows are, and asking every row cost a fifth of a big table's parse)."""
    return any(v is not None and (type(v) is not str or v.strip()) for v in raws)


class _Uncached:
    """Marks a formula saved without its calculated value among the raw cells."""

    def __repr__(self) -> str:
        return "<uncached formula>"


_UNCACHED = _Uncached()


def _chunk(sheet: str, kept: list, num_cols: list[int], period_of: list[str]) -> Frame:
    """The frame rows of one table's kept rows: one per (row, number column), row by row."""
    if not kept:
        return Frame()
    width = len(num_cols)
    n = len(kept) * width
    rows, tables, units, lines, measures, raws = zip(*kept, strict=True)  # columns of the kept rows
    flat: list[object] = list(itertools.chain.from_iterable(raws))
    uncached = [i for i, v in enumerate(flat) if v is _UNCACHED] if any(_UNCACHED in r for r in raws) else []
    for i in uncached:
        flat[i] = None
    values, kinds = _parse_cells(flat)
    for i in uncached:
        kinds[i] = CellKind.UNCACHED_FORMULA.value

    def repeat(column: tuple) -> np.ndarray:
        return np.repeat(np.array(column, dtype=object), width)

    return Frame(
        {
            "table": repeat(tables),
            "unit": repeat(units),
            "line": repeat(lines),
            "measure": list(itertools.chain.from_iterable(measures)),
            "period": period_of * len(kept),
            "value": values,
            "kind": kinds,
            "raw": flat,
            "sheet": np.full(n, sheet, dtype=object),
            "row": np.repeat(np.array(rows, dtype=np.int64), width),
            "src": np.repeat(np.arange(len(kept), dtype=np.int64), width),
            "col": np.tile(np.array(num_cols, dtype=np.int64), len(kept)),
        }
    )
