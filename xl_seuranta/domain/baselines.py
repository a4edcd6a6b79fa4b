"""The declared change-% baselines (Asetukset: "Muutos-% vertailupohja TP / TA"), read one way for all.

The validator's change rules and the Laskelmat formulas must compare a column with the same baseline,
so the reading of the free-text setting lives here.
"""

from __future__ import annotations

import re

from xl_seuranta.domain.periods import PeriodKind


def _mentions(text: str | None, word: str) -> bool:
    return bool(text) and re.search(rf"(?<![a-zåäö]){word}(?![a-zåäö])", text.casefold()) is not None


def tp_against_budget(baseline_tp: str | None) -> bool:
    """True when actuals are declared to be compared with the previous year's budget, not actuals."""
    return _mentions(baseline_tp, "ta") and not _mentions(baseline_tp, "tp")


def budget_kinds(baseline_ta: str | None) -> tuple[PeriodKind, PeriodKind]:
    """Budget versions in order of preference for the budget baseline ('TA+muutokset' first if declared)."""
    if re.search(r"muuto|\+\s*m", (baseline_ta or "").casefold()):
        return (PeriodKind.TA_MUUTOS, PeriodKind.TA)
    return (PeriodKind.TA, PeriodKind.TA_MUUTOS)
