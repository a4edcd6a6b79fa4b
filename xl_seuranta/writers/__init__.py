"""Writers apply ``SheetPlan``s: openpyxl for files, xlwings for the open book."""
