"""Sums of parts against their printed total, and what a gap between them is."""

from __future__ import annotations

from typing import Any

import numpy as np

from xl_seuranta.domain.messages.catalogue import Text
from xl_seuranta.metrics.arrays import ArrayLike, is_pandas, is_scalar, labels, to_float
from xl_seuranta.metrics.definition import Metric, Param, define, need

ROUNDING_TOLERANCE = 2.0
"""The default rounding tolerance in euros (the Asetukset setting Pyöristystoleranssi)."""
NOISE = 0.5
"""Gaps under half a euro are no gap: figures are whole euros, anything smaller is float noise or cents."""


def tarkista_summa(osat: ArrayLike, summa: ArrayLike, toleranssi: float = 0.0) -> Any:
    """Gap between a printed total and the sum of its parts: ``summa - sum(osat)``.

    ``osat`` 1-D: the parts of one total; ``summa`` is a scalar, the result a scalar.
    ``osat`` 2-D: one part per ROW, one check per COLUMN (a block of unit rows under period
    columns, checked against the total row below it); parts are summed over axis 0 and the result
    has one gap per column (``summa`` is a scalar or one value per column).

    Blank parts count as 0 (an unprinted line in a breakdown is an empty line), a blank total
    gives NaN. A gap within ``toleranssi`` euros is rounding and gives 0 (the cell function's
    default is the settings default, 2 €); with the default 0 the actual gap is returned, and
    ``classify_gap`` says what it is.
    """
    parts = to_float(osat)
    total = to_float(summa)
    if parts.ndim == 0:
        parts = parts.reshape(1)
    gap = total - np.nansum(parts, axis=0)
    with np.errstate(invalid="ignore"):
        gap = np.where(np.abs(gap) <= toleranssi, 0.0, gap)
    if parts.ndim == 1 and is_scalar(summa):
        return float(gap)
    if is_pandas(summa) and np.ndim(gap) == 1 and len(gap) == len(summa):
        return type(summa)(gap, index=summa.index)
    return np.asarray(gap)


def classify_gap(gap: ArrayLike, tolerance: float = ROUNDING_TOLERANCE) -> Any:
    """``"ok"`` under half a euro, ``"rounding"`` within ``tolerance`` euros, ``"error"`` beyond it.

    Figures are printed rounded to whole euros, so a total can be off by 1-2 € without anyone
    having made a mistake; that is information, not an error. NaN gives ``"unknown"``.
    """
    if type(gap) is float or type(gap) is int:  # one total, as most rules ask: no arrays to make
        g = abs(gap)
        return "unknown" if g != g else "ok" if g < NOISE else "rounding" if g <= tolerance else "error"
    g = np.abs(to_float(gap))
    with np.errstate(invalid="ignore"):
        out = np.where(g < NOISE, "ok", np.where(g <= tolerance, "rounding", "error"))
    out = np.where(np.isnan(g), "unknown", out)
    return labels(out, gap)


def within(gap: ArrayLike, tolerance: float) -> Any:
    """True where two figures agree within ``tolerance`` euros (not an error); NaN is False."""
    g = np.abs(to_float(gap))
    with np.errstate(invalid="ignore"):
        return g <= tolerance + 1e-9


def equal_part(gap: float, parts: ArrayLike) -> int:
    """Index of the first part whose magnitude equals the gap (within half a euro), else -1.

    A total that differs from its parts by exactly one line usually left that line out; the
    message names it.
    """
    p = to_float(parts).ravel()
    hit = np.flatnonzero((p != 0) & (np.abs(np.abs(gap) - np.abs(p)) < NOISE))
    return int(hit[0]) if hit.size else -1


def _tarkista_formula(r: dict[str, str]) -> str:
    osat, s = need("tarkista_summa", r, "osat", "summa")
    gap = f"{s}-SUM({osat})"
    tol = r.get("toleranssi")
    body = gap if tol is None else f"IF(ABS({gap})<={tol},0,{gap})"
    return f'IF({s}="",NA(),{body})'


define(
    Metric(
        name="tarkista_summa",
        title=Text("Summan erotus", "Sum gap"),
        help=Text(
            "Summan erotus: summa − osien summa sarakkeittain. Pyöristysero (|ero| ≤ toleranssi) → 0; "
            "tyhjät osat lasketaan nollaksi, tyhjä summa → #N/A.",
            "Gap of a total: total − the sum of its parts, column by column. A rounding gap (|gap| ≤ "
            "tolerance) → 0; blank parts count as 0, a blank total gives #N/A.",
        ),
        params=(
            Param(
                "osat",
                Text(
                    "Osat: yksi osa per rivi, yksi tarkistus per sarake",
                    "Parts: one part per row, one check per column",
                ),
                "range",
            ),
            Param(
                "summa",
                Text(
                    "Yhteensä-rivi: luku tai rivi (yksi arvo per sarake)",
                    "The total row: a number or a row (one value per column)",
                ),
            ),
            Param(
                "toleranssi",
                Text(
                    "Pyöristystoleranssi euroina (oletus 2; 0 näyttää kaikki erot)",
                    "Rounding tolerance in euros (default 2; 0 shows every gap)",
                ),
                "num",
                default=ROUNDING_TOLERANCE,
            ),
        ),
        func=tarkista_summa,
        formula=_tarkista_formula,
    )
)
