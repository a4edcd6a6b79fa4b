"""Thin @script wrappers: the logic and the Finnish messages live in :mod:`xl_seuranta.app.macros`."""

import xlwings as xw
from xlwings import script

from xl_seuranta.app import macros


@script
def tarkista(book: xw.Book):
    """Tarkista: validate the workbook and write the 'Tarkistus' sheet."""
    macros.tarkista(book)


@script
def laske(book: xw.Book):
    """Laske: compute the metric columns."""
    macros.laske(book)


@script
def tavoitteet(book: xw.Book):
    """Tavoitteet: refresh the goal follow-up sheet."""
    macros.tavoitteet(book)


@script
def paivita_kaikki(book: xw.Book):
    """Päivitä kaikki: all of the above from one read."""
    macros.paivita_kaikki(book)


@script
def ohje(book: xw.Book):
    """Ohje: show the short help text."""
    macros.ohje(book)
