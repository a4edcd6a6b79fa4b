"""Find the budget tables in any sheet by their labels and build the tidy frame.

A table starts at a header row holding at least two period headers ("TP 2023", "TA+MUUTOS 2024",
"TOT. 30.6. 2025"), written on one row or split over two (kinds on one row, years below, as the
source PDF prints them). Its rows are classified by their labels: unit headings followed by
MENOT/TULOT/NETTOMENO, operating-statement lines, key figures. Position never matters, so inserted
rows and columns, reordered sheets and re-spelled headers give the same model.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from xl_seuranta.domain.grid import Grid, a1
from xl_seuranta.domain.model import FRAME_COLUMNS, BudgetBook, TableInfo
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
    grid: Grid, r: int, default_year: int | None, ncols: int
) -> tuple[dict[int, Period], dict[int, str], dict[int, str], int] | None:
    """Period columns, header texts, change columns and header height if row r starts a header."""
    periods: dict[int, Period] = {}
    texts: dict[int, str] = {}
    for c in range(1, ncols + 1):
        v = grid.value(r, c)
        p = parse_period(v, default_year)
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


def _read_number(grid: Grid, r: int, c: int) -> ParsedNumber:
    """A number cell; a formula saved without its calculated value is its own kind, not a blank."""
    if (r, c) in grid.uncached_formulas and grid.value(r, c) is None:
        return ParsedNumber(CellKind.UNCACHED_FORMULA, None, None)
    return read_cell_number(grid.value(r, c))


def _label(grid: Grid, r: int, before_col: int) -> tuple[str | None, int]:
    for c in range(1, before_col):
        v = grid.value(r, c)
        if isinstance(v, str) and v.strip():
            return v, c
    return None, 0


def _default_year(grids: list[Grid], settings: Settings) -> int | None:
    if settings.year:
        return settings.year
    years = []
    for g in grids:
        for row in g.rows[:400]:
            for v in row:
                p = parse_period(v)
                if p is not None:
                    years.append(p.year)
    return max(years) if years else None


def discover_book(grids: list[Grid]) -> BudgetBook:
    """Discover settings, tables and goals in the workbook's grids."""
    settings, setting_notes = read_settings(grids)
    notes: list[LayoutNote] = list(setting_notes)
    default_year = _default_year(grids, settings)
    settings_grid = find_settings_grid(grids)
    records: list[dict[str, object]] = []
    tables: list[TableInfo] = []
    units_seen: Counter[str] = Counter()
    all_periods: dict[str, Period] = {}

    for grid in grids:
        if grid is settings_grid or grid.tool_sheet or grid.name in GENERATED_SHEETS:
            continue
        headers: list[tuple[int, tuple]] = []
        ncols = grid.n_cols  # computed once: it scans every row
        r = 1
        while r <= grid.n_rows:
            h = _header_at(grid, r, default_year, ncols)
            if h is not None:
                headers.append((r, h))
                r += h[3]
            else:
                r += 1
        for i, (hr, (periods, texts, extras, height)) in enumerate(headers):
            end = headers[i + 1][0] - 1 if i + 1 < len(headers) else grid.n_rows
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
            kinds = _parse_table(grid, info, settings, records, notes, units_seen)
            if kinds:
                info.table = kinds.most_common(1)[0][0]
                tables.append(info)
                for p in periods.values():
                    all_periods[p.key] = p
            for c, p in periods.items():
                if p.marker:
                    notes.append(HeaderFootnote(grid.name, a1(hr, c), header=texts.get(c, "")))

    frame = pd.DataFrame.from_records(records, columns=FRAME_COLUMNS)
    if not frame.empty:
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
        # Plain object columns: pandas' string dtype made the rules' many comparisons several times slower.
        for col in ("table", "unit", "line", "measure", "period", "kind", "sheet", "cell"):
            frame[col] = frame[col].astype(object)
    expenses_negative = True
    menot = frame[(frame["line"].isin(["MENOT", L.EXPENSE_TOTAL] + L.EXPENSE_LINES)) & frame["value"].notna()]
    if not menot.empty:
        expenses_negative = bool((menot["value"] < 0).sum() >= (menot["value"] > 0).sum())

    goals = read_goals(grids)
    return BudgetBook(
        grids=grids,
        settings=settings,
        frame=frame,
        tables=tables,
        goals=goals,
        periods=all_periods,
        notes=notes,
        expenses_negative=expenses_negative,
    )


def _parse_table(
    grid: Grid,
    info: TableInfo,
    settings: Settings,
    records: list[dict[str, object]],
    notes: list[LayoutNote],
    units_seen: Counter[str],
) -> Counter[str]:
    """Classify the rows of one table and append their numbers to ``records``."""
    value_cols = sorted(info.periods)
    extra_cols = sorted(info.extra_columns)
    first_num_col = min(value_cols + extra_cols)
    caption, _ = _label(grid, info.header_row, first_num_col)
    newest = max(value_cols)  # change columns describe the newest period column
    kinds: Counter[str] = Counter()
    current_unit: str | None = None
    heading_row: str | None = None  # A1 of the unit heading not yet followed by a block row
    last_key: str | None = None
    for r in range(info.first_row, info.last_row + 1):
        label, _label_col = _label(grid, r, first_num_col)
        cells = {c: _read_number(grid, r, c) for c in value_cols + extra_cols}
        has_values = any(p.kind is not CellKind.BLANK for p in cells.values())
        if label is None:
            continue
        measure_of = dict.fromkeys(value_cols, "value") | info.extra_columns
        block = L.block_row(label)
        line = L.line_name(label)
        key = L.key_figure(label)
        if block:
            if extra_cols:
                table, unit = "maararahat", (caption or settings.department or "").strip()
            else:
                table = "yksikot"
                if current_unit is None:
                    notes.append(RowWithoutUnit(grid.name, a1(r, _label_col), label=label.strip()))
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
            if not has_values:
                continue  # section heading such as TOIMINTATUOTOT above its lines
            table, unit, row_line = "kayttotalous", "", line
        elif key:
            if key == L.KEY_CHANGE:
                if last_key is None:
                    continue
                table, unit, row_line = "tunnusluvut", "", last_key
                measure_of = dict.fromkeys(value_cols, "change_pct")
            else:
                table, unit, row_line = "tunnusluvut", "", key
                last_key = key
        elif not has_values:
            name = label.strip()
            current_unit = L.TOTAL_UNIT if L.is_total_unit(name) else name
            heading_row = a1(r, _label_col)
            continue
        else:
            notes.append(UnrecognisedRow(grid.name, a1(r, _label_col), label=label.strip()))
            continue
        kinds[table] += 1
        for c in value_cols + extra_cols:
            parsed = cells[c]
            measure = measure_of[c]
            period = info.periods[c if c in info.periods else newest].key
            records.append(
                {
                    "table": table,
                    "unit": unit,
                    "line": row_line,
                    "measure": measure,
                    "period": period,
                    "value": parsed.value,
                    "kind": parsed.kind.value,
                    "raw": parsed.raw,
                    "sheet": grid.name,
                    "cell": a1(r, c),
                    "row": r,
                    "col": c,
                }
            )
    return kinds
