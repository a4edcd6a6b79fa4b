"""Rearranged copies of the example workbook, as a person might rearrange it (test helper).

None of these copies is stored in the repository: they are made from the example on every run.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from xl_seuranta.domain.fmt import number as format_fi


def _save(wb, path: Path) -> Path:
    wb.save(path)
    return path


def insert_rows_and_columns(src: Path, dst: Path) -> Path:
    """Blank rows inside tables, an extra column before the period columns, on every table sheet."""
    wb = load_workbook(src)
    for name in ("Määrärahat", "Käyttötalous", "Tunnusluvut", "Yksiköt"):
        ws = wb[name]
        ws.insert_cols(2)  # an empty 'notes' column between labels and numbers
        ws.cell(row=3, column=2, value="Huom.")
        ws.insert_rows(6, 2)  # blank rows inside the table
        ws.insert_rows(1, 1)  # a new title row on top
    wb["Tavoitteet"].insert_rows(6, 1)
    return _save(wb, dst)


def reorder_sheets(src: Path, dst: Path) -> Path:
    """Sheets in reverse order, and renamed where the name does not matter."""
    wb = load_workbook(src)
    wb._sheets.reverse()  # openpyxl has no public API for a full reorder
    wb["Yksiköt"].title = "Yksiköittäin 2025"
    wb["Käyttötalous"].title = "KT"
    return _save(wb, dst)


_RESPELL = {
    "TA+MUUTOS 2024": "TA + muutokset 2024",
    "TA+muutos 2024": "TA+MUUTOS 2024",
    "TA+muutos 2025": "TA+M 2025",
    "TOT. 30.6. 2025": "TOT 30.6.2025",
    "TP 2023": "TP2023",
    "TA 2025": "Talousarvio 2025",
}


def respell_headers(src: Path, dst: Path) -> Path:
    """Period headers spelled otherwise; the unit table's header split over two rows (kind, year)."""
    wb = load_workbook(src)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=6):
            for cell in row:
                if isinstance(cell.value, str) and cell.value in _RESPELL:
                    cell.value = _RESPELL[cell.value]
    ws = wb["Yksiköt"]
    ws.insert_rows(4, 1)
    for col in range(2, 7):
        text = str(ws.cell(row=3, column=col).value)
        parts = text.replace("TP2023", "TP 2023").replace("TOT 30.6.2025", "TOT. 30.6. 2025").rsplit(" ", 1)
        ws.cell(row=3, column=col, value=parts[0])
        ws.cell(row=4, column=col, value=int(parts[1]))
    return _save(wb, dst)


def numbers_as_text(src: Path, dst: Path, sheet: str = "Yksiköt") -> Path:
    """Every number of a sheet pasted as Finnish text: no-break spaces, Unicode minus."""
    wb = load_workbook(src)
    ws = wb[sheet]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.value = format_fi(float(cell.value), 0 if float(cell.value).is_integer() else 1)
    return _save(wb, dst)


def merged_headers(src: Path, dst: Path) -> Path:
    """Titles merged across the table; the unit table's header split over two rows with the kind
    merged over both rows where it names one column, as people lay out printed reports."""
    wb = load_workbook(src)
    for name in ("Määrärahat", "Käyttötalous", "Tunnusluvut", "Yksiköt"):
        wb[name].merge_cells("A1:F1")
    ws = wb["Yksiköt"]
    ws.insert_rows(4, 1)
    for col in range(2, 7):
        text = str(ws.cell(row=3, column=col).value)
        kind, year = text.rsplit(" ", 1)
        ws.cell(row=3, column=col, value=kind)
        ws.cell(row=4, column=col, value=int(year))
    ws.merge_cells("A3:A4")
    # "TA+MUUTOS" and "TA" over their year rows stay separate; TOT. 30.6. is merged across two rows
    # in Käyttötalous, with the year in the text.
    kt = wb["Käyttötalous"]
    kt.insert_rows(4, 1)
    kt.merge_cells("F3:F4")
    return _save(wb, dst)


VARIANTS = {
    "merged": merged_headers,
    "inserted": insert_rows_and_columns,
    "reordered": reorder_sheets,
    "respelled": respell_headers,
    "text_numbers": numbers_as_text,
}


_COST_LABELS = {
    "MENOT",
    "NETTOMENO",
    "Henkilöstökulut",
    "Palvelujen ostot",
    "Aineet, tarvikkeet ja tavarat",
    "Avustukset",
    "Vuokrat",
    "Muut toimintakulut",
    "TOIMINTAKULUT",
    "Henkilöstömenot €",
    "Palvelujen ostot €",
}


def expenses_positive(src: Path, dst: Path) -> Path:
    """The other common sign convention: expenses and net expenditure printed as positive numbers
    (NETTOMENO = MENOT − TULOT); margins (TOIMINTAKATE, €/asukas) stay negative for a net cost."""
    wb = load_workbook(src)
    for name in ("Määrärahat", "Käyttötalous", "Tunnusluvut", "Yksiköt"):
        ws = wb[name]
        for row in ws.iter_rows(min_row=4):
            label = str(row[0].value or "").strip()
            if label not in _COST_LABELS:
                continue
            for cell in row[1:]:
                if not isinstance(cell.value, int | float) or (name == "Määrärahat" and cell.column == 5):
                    continue  # change % is a change of magnitude: the same in both conventions
                if name == "Määrärahat" and cell.column == 4 and label == "NETTOMENO":
                    continue  # printed as the magnitude change (+120 000), which stays positive
                cell.value = -cell.value
    return _save(wb, dst)


def one_sheet(src: Path, dst: Path) -> Path:
    """All four tables stacked on one sheet, titles and blank rows between them, in another order."""
    wb = load_workbook(src)
    target = wb.create_sheet("Seuranta 30.6.", 1)
    r = 1
    for name in ("Yksiköt", "Tunnusluvut", "Määrärahat", "Käyttötalous"):
        ws = wb[name]
        for row in ws.iter_rows(values_only=True):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    target.cell(row=r, column=c, value=v)
            r += 1
        r += 2
        del wb[name]
    return _save(wb, dst)


VARIANTS["one_sheet"] = one_sheet


def without_unit_total(src: Path, dst: Path) -> Path:
    """The unit table as an ERP export gives it: the units only, no 'Toimiala yhteensä' block."""
    wb = load_workbook(src)
    ws = wb["Yksiköt"]
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Toimiala yhteensä")
    ws.delete_rows(first, 4)  # the heading and its MENOT, TULOT and NETTOMENO
    return _save(wb, dst)
