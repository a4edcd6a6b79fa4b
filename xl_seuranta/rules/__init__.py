"""The rule catalogue: importing this package registers every rule family."""

from xl_seuranta.rules import arithmetic, cells, change, cross_table, goals, pace, per_resident, structure
from xl_seuranta.rules.engine import check_book, run_rules
from xl_seuranta.rules.registry import RULES, rule_doc

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
