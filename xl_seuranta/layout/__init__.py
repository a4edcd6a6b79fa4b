"""Layout discovery: find the budget tables, settings and goals by their labels, not by addresses.

``discover_book`` (which builds a pandas frame) is imported on first use, so that the label
vocabulary (``layout.labels``) can be imported without pandas, e.g. to list the rules.
"""

__all__ = ["discover_book"]


def __getattr__(name: str) -> object:
    if name == "discover_book":
        from xl_seuranta.layout.discover import discover_book

        return discover_book
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
