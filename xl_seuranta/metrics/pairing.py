"""Which column a metric compares with which: change baselines, utilisation budgets, year-to-date columns.

The change rules check the workbook's printed changes against the declared baseline (Asetukset:
"Muutos-% vertailupohja TP / TA"), and the Laskelmat sheet computes its change and utilisation
columns from pairs of columns; both ask here, so a generated column and a check never compare a
figure with two different baselines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xl_seuranta.domain.baselines import budget_kinds, tp_against_budget
from xl_seuranta.domain.periods import Period, PeriodKind

Pair = tuple[Period, Period]


def newest_ytd(periods: Iterable[Period]) -> Period | None:
    """The newest year-to-date (TOT.) column."""
    ytd = [p for p in periods if p.kind is PeriodKind.TOTEUMA]
    return max(ytd, key=lambda p: p.as_of) if ytd else None


def utilisation_budget(periods: Iterable[Period], year: int) -> Period | None:
    """The budget a year's actuals are measured against: the amended budget if there is one, else TA."""
    by = {(p.kind, p.year): p for p in periods}
    return by.get((PeriodKind.TA_MUUTOS, year)) or by.get((PeriodKind.TA, year))


def baseline_of(
    periods: Sequence[Period], period: Period, baseline_tp: str, baseline_ta: str
) -> Period | None:
    """The declared baseline of a column among a table's columns.

    By default the previous year's TP for a TP column and the previous year's budget (the same
    version first) for a budget column; the TP baseline may be declared as the previous year's
    budget instead. A year-to-date column compares with the previous year's year-to-date column of
    the same month.
    """
    cands = [p for p in periods if p.year == period.year - 1]
    if period.kind is PeriodKind.TOTEUMA:
        return next(
            (p for p in cands if p.kind is PeriodKind.TOTEUMA and p.as_of.month == period.as_of.month), None
        )
    preferred = budget_kinds(baseline_ta)
    if period.kind is PeriodKind.TP:
        want = list(preferred) if tp_against_budget(baseline_tp) else [PeriodKind.TP]
    else:
        want = [period.kind, *(k for k in preferred if k is not period.kind)]
    for kind in want:
        for p in cands:
            if p.kind is kind:
                return p
    return None


def printed_change_baseline(
    table: str, periods: Sequence[Period], period: Period, baseline_tp: str, baseline_ta: str
) -> Period | None:
    """The baseline of a printed MUUTOS column: the declared one, except in the appropriations table
    (Määrärahat), whose MUUTOS columns compare its own two budget columns, the older with the newer."""
    if table == "maararahat":
        ordered = sorted(periods, key=lambda p: (p.year, p.as_of))
        return ordered[-2] if len(ordered) >= 2 else None
    return baseline_of(periods, period, baseline_tp, baseline_ta)


def change_pairs(
    periods: Sequence[Period], baseline_tp: str, baseline_ta: str
) -> tuple[Pair | None, Pair | None, Pair | None]:
    """(actuals pair, budget pair, utilisation pair) of one table, by the declared baselines.

    Actuals: the newest TP against its baseline. Budget: the newest year's budget (the declared
    version first) against its baseline. Utilisation: the newest year-to-date column against the
    same year's budget (``utilisation_budget``).
    """
    by = {(p.kind, p.year): p for p in periods}
    kinds_pref = budget_kinds(baseline_ta)

    tp_pair = None
    tps = sorted((p for p in periods if p.kind is PeriodKind.TP), key=lambda p: p.year)
    if tps:
        old = baseline_of(periods, tps[-1], baseline_tp, baseline_ta)
        tp_pair = (tps[-1], old) if old else None

    ta_pair = None
    years = sorted({p.year for p in periods if p.is_budget})
    if years:
        new_b = next(by[(k, years[-1])] for k in kinds_pref if (k, years[-1]) in by)
        old_b = baseline_of(periods, new_b, baseline_tp, baseline_ta)
        ta_pair = (new_b, old_b) if old_b else None

    util_pair = None
    tot = newest_ytd(periods)
    if tot is not None:
        bud = utilisation_budget(periods, tot.year)
        util_pair = (tot, bud) if bud else None
    return tp_pair, ta_pair, util_pair
