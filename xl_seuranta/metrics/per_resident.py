"""Euros per resident, and the population a printed €/asukas figure implies."""

from __future__ import annotations

from typing import Any

import numpy as np

from xl_seuranta.domain.messages.catalogue import Text
from xl_seuranta.metrics.arrays import ArrayLike, quiet, to_float, wrap
from xl_seuranta.metrics.definition import Metric, Param, define, guard, need


def eur_per_asukas(summa: ArrayLike, asukasluku: ArrayLike) -> Any:
    """Euros per resident, ``summa / asukasluku``; NaN for a zero, negative or blank population.

    The caller is responsible for pairing the figure with the population *of its date*.
    """
    s, a = to_float(summa), to_float(asukasluku)
    return wrap(quiet(lambda: np.where(a > 0, s / a, np.nan)), summa, asukasluku)


def asukasluku_implisiittinen(summa: ArrayLike, eur_per_asukas: ArrayLike) -> Any:
    """The population implied by a printed €/asukas: ``summa / eur_per_asukas``.

    The validator compares it with the declared population, or with the other columns' implied
    populations, to spot a figure computed with a population of another date. NaN when €/asukas is
    0/blank or its sign differs from the sum (a negative population means the two figures do not
    belong together).
    """
    s, e = to_float(summa), to_float(eur_per_asukas)

    def calc() -> np.ndarray:
        bad = (e == 0) | (np.sign(s) * np.sign(e) < 0)
        return np.where(bad, np.nan, s / e)

    return wrap(quiet(calc), summa, eur_per_asukas)


def _eur_per_asukas_formula(r: dict[str, str]) -> str:
    s, a = need("eur_per_asukas", r, "summa", "asukasluku")
    return guard(f"IF({a}<=0,NA(),{s}/{a})", s, a)


def _implied_formula(r: dict[str, str]) -> str:
    s, e = need("asukasluku_implisiittinen", r, "summa", "eur_per_asukas")
    return guard(f"IF(OR({e}=0,SIGN({s})*SIGN({e})<0),NA(),{s}/{e})", s, e)


define(
    Metric(
        name="eur_per_asukas",
        title=Text("€/asukas", "€/resident"),
        help=Text(
            "Euroa asukasta kohden: summa / asukasluku. #N/A, kun asukasluku on 0, negatiivinen tai tyhjä.",
            "Euros per resident: sum / population. #N/A for a zero, negative or blank population.",
        ),
        params=(
            Param("summa", Text("Euromäärä: luku tai alue", "Amount in euros: a number or a range")),
            Param(
                "asukasluku",
                Text(
                    "Asukasluku (saman ajankohdan): luku tai alue",
                    "Population (of the same date): a number or a range",
                ),
            ),
        ),
        func=eur_per_asukas,
        formula=_eur_per_asukas_formula,
    )
)
define(
    Metric(
        name="asukasluku_implisiittinen",
        title=Text("Asukasluku (päätelty)", "Population (implied)"),
        help=Text(
            "Asukasluku, jolla €/asukas-luku on laskettu: summa / €/asukas. #N/A, kun €/asukas on 0 tai "
            "tyhjä tai etumerkit eroavat.",
            "The population a €/resident figure was computed with: sum / €/resident. #N/A for a zero or "
            "blank figure or differing signs.",
        ),
        params=(
            Param(
                "summa",
                Text(
                    "Euromäärä (esim. toimintakate): luku tai alue",
                    "Amount in euros (e.g. the operating margin): a number or a range",
                ),
            ),
            Param(
                "eur_per_asukas",
                Text(
                    "Esitetty €/asukas-luku: luku tai alue",
                    "The printed €/resident figure: a number or a range",
                ),
            ),
        ),
        func=asukasluku_implisiittinen,
        formula=_implied_formula,
    )
)
