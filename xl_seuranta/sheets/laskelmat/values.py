"""Every number the Laskelmat formulas compute, computed in Python with the metrics core."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_seuranta import metrics
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.sheets.laskelmat.formulas import cell_ref, change_metric
from xl_seuranta.sheets.laskelmat.layout import (
    INPUT_COL,
    PER_RESIDENT,
    ROW_SHARE,
    Section,
    SheetLayout,
    sheet_layout,
)


def _forecasts(s: Section, tot: pd.Series, bud: pd.Series, share: float) -> pd.Series:
    """The seasonal-aware year-end forecast of every row of a section (``metrics.forecast_values``, the
    definition T004's department forecast uses; NaN where the sheet is empty)."""
    assert s.plan is not None
    _linear, forecast = metrics.forecast_values(s.plan, tot.to_numpy(float), bud.to_numpy(float), share)
    return pd.Series(forecast, index=s.rows.index)


def metric_values(book: BudgetBook, lang: str = "fi") -> pd.DataFrame:
    """Every number the Laskelmat formulas compute, computed with the metrics core.

    One row per generated formula cell: ``what`` ('input' | 'figure' | 'metric' | 'chart'),
    ``table``, ``unit``, ``line``, ``metric`` (metric id or period key), ``row``, ``col``, ``cell``
    (A1 on Laskelmat) and ``value``. ``NaN`` is where the sheet shows an empty cell (for 'figure' rows: a
    blank cell). Computed vectorised per table over all its rows.
    """
    return layout_values(sheet_layout(book, lang))


def layout_values(layout: SheetLayout) -> pd.DataFrame:
    share = layout.share
    change = {
        "eur": getattr(metrics, change_metric(layout, "eur")),
        "pros": getattr(metrics, change_metric(layout, "pros")),
    }
    parts: list[pd.DataFrame] = [
        pd.DataFrame(
            {
                "what": ["input"],
                "table": [""],
                "unit": [""],
                "line": [""],
                "metric": ["kulunut_osuus"],
                "row": [ROW_SHARE],
                "col": [INPUT_COL],
                "value": [share],
            }
        )
    ]
    util_by_row: dict[int, float] = {}
    for s in layout.sections:
        v = s.values
        results: dict[str, pd.Series] = {p.key: v[p.key] for p in s.periods}
        what = dict.fromkeys(results, "figure")
        cols = {p.key: layout.figure_cols[s.colkey[p.key]] for p in s.periods}
        for pair_name, pair in (("tp", s.tp), ("ta", s.ta)):
            if pair:
                results[f"muutos_eur_{pair_name}"] = change["eur"](v[pair[0].key], v[pair[1].key])
                results[f"muutos_pros_{pair_name}"] = change["pros"](v[pair[0].key], v[pair[1].key])
        if s.util:
            tot, bud = v[s.util[0].key], v[s.util[1].key]
            results["toteuma_pros"] = metrics.toteuma_pros(tot, bud)
            results["poikkeama_pp"] = metrics.poikkeama_pp(tot, bud, layout.report_date, layout.basis)
            results["jaljella_eur"] = metrics.jaljella_eur(bud, tot)
            results["ennuste"] = _forecasts(s, tot, bud, share)
            if s is layout.chart_section:
                util_by_row = results["toteuma_pros"].to_dict()
        for key in s.per_resident:
            period_key = next(p.key for p in s.periods if s.colkey[p.key] == key)
            results[f"{PER_RESIDENT}:{key}"] = metrics.eur_per_asukas(
                v[period_key], layout.populations[key][1]
            )
        for name, series in results.items():
            col = cols[name] if what.get(name) == "figure" else layout.metric_cols[name]
            parts.append(
                pd.DataFrame(
                    {
                        "what": what.get(name, "metric"),
                        "table": s.info.table,
                        "unit": s.rows["unit"],
                        "line": s.rows["line"],
                        "metric": name,
                        "row": s.rows.index,
                        "col": col,
                        "value": pd.Series(series, index=s.rows.index).astype(float),
                    }
                )
            )
    if layout.chart_section is not None and not layout.chart_rows.empty:
        c = layout.chart_rows
        n = len(c)
        chart_util = c["src_row"].map(util_by_row).astype(float)
        for metric, col, values in (
            ("toteuma_pros", layout.chart_cols[1], chart_util.to_numpy()),
            ("kulunut_osuus", layout.chart_cols[2], np.full(n, share)),
        ):
            parts.append(
                pd.DataFrame(
                    {
                        "what": "chart",
                        "table": "yksikot",
                        "unit": c["unit"].to_numpy(),
                        "line": "MENOT",
                        "metric": metric,
                        "row": c.index.to_numpy(),
                        "col": col,
                        "value": values,
                    }
                )
            )
    out = pd.concat(parts, ignore_index=True)
    out["row"] = out["row"].astype(int)
    out["col"] = out["col"].astype(int)
    out["cell"] = [cell_ref(c, r) for c, r in zip(out["col"], out["row"], strict=True)]
    return out[["what", "table", "unit", "line", "metric", "row", "col", "cell", "value"]]
