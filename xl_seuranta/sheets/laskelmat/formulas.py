"""The Excel formulas of the Laskelmat cells: live references to the source figures, the elapsed share
and every metric, as ``metrics.excel_formula`` writes them (one definition for Python and Excel)."""

from __future__ import annotations

from xl_seuranta import metrics
from xl_seuranta.domain.grid import col_letter
from xl_seuranta.sheets.laskelmat.layout import (
    BASIS_REF,
    DATE_REF,
    INPUT_COL,
    NO_NUMBER,
    PER_RESIDENT,
    SHARE_REF,
    Section,
    SheetLayout,
)


def cell_ref(col: int, row: int) -> str:
    return f"{col_letter(col)}{row}"


def share_formula(layout: SheetLayout) -> str:
    kk = metrics.excel_formula("kulunut_osuus", na=NO_NUMBER, pvm=DATE_REF, tapa="kk")[1:]
    pv = metrics.excel_formula("kulunut_osuus", na=NO_NUMBER, pvm=DATE_REF, tapa="pv")[1:]
    return f'=IF({BASIS_REF}="pv",{pv},{kk})'


def change_metric(layout: SheetLayout, kind: str) -> str:
    """The metric behind a change column under the sheet's sign convention ('eur' or 'pros')."""
    if layout.change_sign == "etumerkillinen":
        return "muutos_eur" if kind == "eur" else "muutos_pros_etumerkillinen"
    return "muutos_eur_kasvu" if kind == "eur" else "muutos_pros"


def metric_formula(layout: SheetLayout, section: Section, metric: str, row: int) -> str:
    """The formula of one metric cell of a section's row (``row`` on the Laskelmat sheet)."""
    fc = layout.figure_cols
    pl = section.pair_letters  # the compared columns' letters, looked up once per section

    if metric.startswith(PER_RESIDENT + ":"):
        key = metric.split(":", 1)[1]
        pop_row = layout.populations[key][0]
        return metrics.excel_formula(
            PER_RESIDENT,
            na=NO_NUMBER,
            summa=cell_ref(fc[key], row),
            asukasluku=f"${col_letter(INPUT_COL)}${pop_row}",
        )
    if metric in ("muutos_eur_tp", "muutos_pros_tp", "muutos_eur_ta", "muutos_pros_ta"):
        pair = metric[-2:]
        name = change_metric(layout, "eur" if metric.startswith("muutos_eur") else "pros")
        return metrics.excel_formula(
            name, na=NO_NUMBER, uusi=f"{pl[pair + '_new']}{row}", vanha=f"{pl[pair + '_old']}{row}"
        )
    tot, bud = f"{pl['tot']}{row}", f"{pl['bud']}{row}"
    if metric == "toteuma_pros":
        return metrics.excel_formula("toteuma_pros", na=NO_NUMBER, toteuma=tot, budjetti=bud)
    if metric == "poikkeama_pp":
        return metrics.excel_formula("poikkeama_pp", na=NO_NUMBER, toteuma=tot, budjetti=bud, osuus=SHARE_REF)
    if metric == "jaljella_eur":
        return metrics.excel_formula("jaljella_eur", na=NO_NUMBER, budjetti=bud, toteuma=tot)
    if metric == "ennuste":
        kind, parts = section.forecast[row]
        if kind == "seasonal":
            return metrics.excel_formula("ennuste_kausiluonteinen", na=NO_NUMBER, toteuma=tot, budjetti=bud)
        if kind == "corrected":
            fc_col = col_letter(layout.metric_cols["ennuste"])

            def signed(col: str) -> str:  # N(): an empty cell (no actual) adds nothing
                return "".join(f"{'+' if w > 0 else '-'}N({col}{p})" for p, w in parts).lstrip("+")

            return metrics.excel_formula(
                "ennuste_oikaistu",
                na=NO_NUMBER,
                toteuma=tot,
                osuus=SHARE_REF,
                kausi_ennuste=signed(fc_col),
                kausi_toteuma=signed(pl["tot"]),
            )
        return metrics.excel_formula("ennuste", na=NO_NUMBER, toteuma=tot, osuus=SHARE_REF)
    raise ValueError(metric)


def section_metrics(section: Section) -> list[str]:
    return section.metrics() + [f"{PER_RESIDENT}:{k}" for k in section.per_resident]


def figure_formula(source: str) -> str:
    """A live copy of a source figure, empty where the source holds no number (a bare ``=src`` would
    turn a blank into 0 and print a 0 % utilisation)."""
    return f'=IF(ISNUMBER({source}),{source},"")'
