"""Ribbon and task-pane scripts of xl-seuranta for xlwings Server and xlwings Lite."""

from .scripts import laske, ohje, paivita_kaikki, tarkista, tavoitteet

__all__ = ["laske", "ohje", "paivita_kaikki", "tarkista", "tavoitteet"]
