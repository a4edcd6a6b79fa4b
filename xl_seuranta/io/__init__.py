"""Reading and writing: python-calamine and openpyxl for files, xlwings for the open book.

Imports only the domain: readers give ``Grid``s, writers apply ``SheetPlan``s.
"""
