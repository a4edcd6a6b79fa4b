"""Run the selected rules over a discovered book and return findings in a stable, workable order."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from xl_seuranta.domain.findings import Finding
from xl_seuranta.domain.grid import Grid, parse_a1
from xl_seuranta.domain.messages.checks import FAMILIES
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.layout import discover_book
from xl_seuranta.rules.registry import RULES, Context, make_finding

FAMILY_ORDER = list(FAMILIES)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_FAMILY_RANK = {family: i for i, family in enumerate(FAMILY_ORDER)}
"""FAMILY_ORDER.index as a lookup: the sort asks it once per finding."""


def _selected(code: str, select: Iterable[str] | None, ignore: Iterable[str] | None) -> bool:
    """ruff-style selection: a code or a prefix ('A', 'A00') selects or ignores a group."""
    if select and not any(code.startswith(s.upper()) for s in select):
        return False
    return not (ignore and any(code.startswith(s.upper()) for s in ignore))


def run_rules(
    book: BudgetBook,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """Every selected rule's findings, sorted by family, sheet, position and code (no text: the
    messages are rendered where they are shown)."""
    ctx = Context(tolerance=book.settings.rounding_tolerance, report_date=book.report_date)
    findings: list[Finding] = []
    for code, r in RULES.items():
        if r.func is None:
            continue
        for hit in r.func(book, ctx):
            emitted = hit.code or code
            if _selected(emitted, select, ignore):
                findings.append(make_finding(emitted, hit))
    sheet_order = {g.name: i for i, g in enumerate(book.grids)}
    where = functools.lru_cache(maxsize=None)(parse_a1)  # many findings share a cell

    def key(f: Finding) -> tuple:
        row, col = where(f.cell) if f.cell else (0, 0)
        return (
            _FAMILY_RANK[f.group],
            SEVERITY_ORDER[f.severity],  # a StrEnum is its value as a key; .value cost a lookup more
            sheet_order.get(f.sheet, -1),
            row,
            col,
            f.code,
        )

    findings.sort(key=key)
    return findings


def check_book(
    grids: list[Grid],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> tuple[BudgetBook, list[Finding]]:
    """Discover the layout of a workbook's grids and run the rules."""
    book = discover_book(grids)
    return book, run_rules(book, select, ignore)


def summarize(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity.value] += 1
    return out
