"""Layout discovery: find the budget tables, settings and goals by their labels, not by addresses."""

from xl_seuranta.layout.discover import discover_book

__all__ = ["discover_book"]
