"""The Excel formulas of the Laskelmat cells: live references to the source figures, the elapsed share
and every metric, as ``metrics.excel_formula`` writes them (one definition for Python and Excel)."""

from __future__ import annotations

from xl_seuranta import metrics
from xl_seuranta.domain.grid import col_letter
from xl_seuranta.domain.periods import Period
from xl_seuranta.sheets.laskelmat.layout import (
    BASIS_REF,
    COL_TYPE,
    DATE_REF,
    NO_NUMBER,
    PACE_MARGIN,
    PER_RESIDENT,
    SHARE_REF,
    Section,
    SheetLayout,
)


def cell_ref(col: int, row: int) -> str:
    return f"{col_letter(col)}{row}"


def figure_formula(source: str) -> str:
    """A live copy of a source figure, empty where the source holds no number (a bare ``=src`` would
    turn a blank into 0 and print a 0 % utilisation)."""
    return f'=IF(ISNUMBER({source}),{source},"")'


def share_formula(layout: SheetLayout) -> str:
    kk = metrics.excel_formula("kulunut_osuus", na=NO_NUMBER, pvm=DATE_REF, tapa="kk")[1:]
    pv = metrics.excel_formula("kulunut_osuus", na=NO_NUMBER, pvm=DATE_REF, tapa="pv")[1:]
    return f'=IF({BASIS_REF}="pv",{pv},{kk})'


def metric_formula(layout: SheetLayout, section: Section, metric: str, row: int) -> str:
    fc = layout.figure_cols

    def ref(p: Period) -> str:
        return cell_ref(fc[p.key], row)

    if metric.startswith(PER_RESIDENT + ":"):
        key = metric.split(":", 1)[1]
        pop_row = layout.populations[key][0]
        return metrics.excel_formula(
            PER_RESIDENT, na=NO_NUMBER, summa=cell_ref(fc[key], row), asukasluku=f"$B${pop_row}"
        )
    if metric in ("muutos_eur_tp", "muutos_pros_tp", "muutos_eur_ta", "muutos_pros_ta"):
        pair = section.tp if metric.endswith("_tp") else section.ta
        assert pair is not None
        return metrics.excel_formula(metric[:-3], na=NO_NUMBER, uusi=ref(pair[0]), vanha=ref(pair[1]))
    assert section.util is not None
    tot, bud = section.util
    if metric == "toteuma_pros":
        return metrics.excel_formula("toteuma_pros", na=NO_NUMBER, toteuma=ref(tot), budjetti=ref(bud))
    if metric == "poikkeama_pp":
        return metrics.excel_formula(
            "poikkeama_pp", na=NO_NUMBER, toteuma=ref(tot), budjetti=ref(bud), osuus=SHARE_REF
        )
    if metric == "ennuste":
        return metrics.excel_formula("ennuste", na=NO_NUMBER, toteuma=ref(tot), osuus=SHARE_REF)
    raise ValueError(metric)


def section_metrics(section: Section) -> list[str]:
    return section.metrics() + [f"{PER_RESIDENT}:{k}" for k in section.per_resident]


def pace_rule_formulas(dev_col: int, first_row: int, cost: str, revenue: str) -> tuple[str, str]:
    """The (unfavourable, favourable) colour-rule formulas of a section, driven by its Tyyppi column: a
    cost ahead of pace or a revenue behind it by more than the margin is unfavourable."""
    dev = f"${col_letter(dev_col)}{first_row}"
    typ = f"${col_letter(COL_TYPE)}{first_row}"
    m = f"{PACE_MARGIN:g}"
    bad = f'=AND(ISNUMBER({dev}),OR(AND({typ}="{cost}",{dev}>{m}),AND({typ}="{revenue}",{dev}<-{m})))'
    good = f'=AND(ISNUMBER({dev}),OR(AND({typ}="{cost}",{dev}<-{m}),AND({typ}="{revenue}",{dev}>{m})))'
    return bad, good
