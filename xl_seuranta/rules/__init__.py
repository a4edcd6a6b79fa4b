"""The rule catalogue: importing this package registers every rule family.

The engine (which brings layout discovery and pandas) is imported on first use, so that listing the
rules (``xl-seuranta rules``) stays light.
"""

from xl_seuranta.rules import arithmetic, cells, change, cross_table, goals, pace, per_resident, structure
from xl_seuranta.rules.registry import RULES, rule_doc


def __getattr__(name: str) -> object:
    if name in ("check_book", "run_rules"):
        from xl_seuranta.rules import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RULES",
    "arithmetic",
    "cells",
    "change",
    "check_book",
    "cross_table",
    "goals",
    "pace",
    "per_resident",
    "rule_doc",
    "run_rules",
    "structure",
]
