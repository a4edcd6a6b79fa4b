"""Utilisation, the budget still unspent, and the pace of a line against the share of the year elapsed."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from xl_seuranta.domain.messages.catalogue import Text
from xl_seuranta.metrics.arrays import ArrayLike, labels, quiet, to_float, wrap
from xl_seuranta.metrics.dates import OSUUS_TAVAT, kulunut_expr, kulunut_osuus
from xl_seuranta.metrics.definition import Metric, Param, define, guard, need, share_ref

PACE_MARGIN = 0.10
"""How far (a fraction: 10 percentage points) utilisation may run from the elapsed share before a
line is flagged or coloured: monthly postings and invoicing rhythm make smaller gaps noise. The
pace rules, the Laskelmat colours and ``pace_status`` all use this one value."""


def toteuma_pros(toteuma: ArrayLike, budjetti: ArrayLike) -> Any:
    """Utilisation (toteutumisaste, Käyttö-%) ``toteuma / budjetti`` as a fraction.

    Both figures use the same sign convention, so the ratio is positive (-1 351 238 / -2 281 640 =
    0.592). Signs that differ mean the line went the other way than budgeted (a refund on a cost
    line); a "negative utilisation" would be misread, so that is NaN, and so is a zero or blank
    budget (an unbudgeted actual is the validator's finding, not a percentage).
    """
    t, b = to_float(toteuma), to_float(budjetti)

    def calc() -> np.ndarray:
        out = t / b
        bad = (b == 0) | (np.sign(t) * np.sign(b) < 0)
        return np.where(bad, np.nan, out)

    return wrap(quiet(calc), toteuma, budjetti)


def jaljella_eur(budjetti: ArrayLike, toteuma: ArrayLike) -> Any:
    """The budget still unspent (Jäljellä €): ``budjetti - toteuma``, in the budget's sign.

    A cost budget of −6 837 670 with −3 584 333 spent leaves −3 253 337 (negative like the budget);
    a revenue budget leaves a positive amount still to collect. A result of the other sign than the
    budget is the overrun. Blank on either side gives NaN: an unknown budget leaves nothing known.
    """
    b, t = to_float(budjetti), to_float(toteuma)
    return wrap(b - t, budjetti, toteuma)


def poikkeama_pp(
    toteuma: ArrayLike, budjetti: ArrayLike, pvm: ArrayLike, tapa: Literal["kk", "pv"] = "kk"
) -> Any:
    """Utilisation minus the elapsed share of the year (a fraction; show it as percentage points).

    +0.024 at 30.6. means 52.4 % used when 50 % of the year has passed. Whether that is good or
    bad depends on the line (see ``pace_status``); seasonal lines make it information, not error.
    """
    u = toteuma_pros(toteuma, budjetti)
    e = kulunut_osuus(pvm, tapa)
    return wrap(np.asarray(to_float(u) - to_float(e)), toteuma, budjetti, pvm)


def pace_status(
    utilisation: ArrayLike, elapsed: ArrayLike, is_cost: ArrayLike, margin: float = PACE_MARGIN
) -> Any:
    """Direction-aware pace label: ``"ahead"``, ``"behind"``, ``"on_pace"`` or ``"unknown"``.

    "ahead" means *better* than the calendar pace, "behind" means worse: for a cost row using
    more than ``elapsed + margin`` of the budget is behind (overspending), for a revenue row
    collecting more is ahead. Within ``margin`` it is on pace. NaN inputs give ``"unknown"``.
    """
    u, e = to_float(utilisation), to_float(elapsed)
    cost = np.asarray(is_cost, dtype=bool)
    with np.errstate(invalid="ignore"):
        over = u > e + margin
        under = u < e - margin
    good = np.where(cost, under, over)
    bad = np.where(cost, over, under)
    out = np.where(good, "ahead", np.where(bad, "behind", "on_pace"))
    out = np.where(np.isnan(u) | np.isnan(e), "unknown", out)
    return labels(out, utilisation, elapsed, is_cost)


def is_unfavourable(
    utilisation: ArrayLike, elapsed: ArrayLike, is_cost: ArrayLike, margin: float = PACE_MARGIN
) -> Any:
    """True where the pace is worse than the calendar by more than ``margin``.

    Cost row: utilisation > elapsed + margin; revenue row: utilisation < elapsed - margin.
    NaN inputs are False (nothing to flag).
    """
    u, e = to_float(utilisation), to_float(elapsed)
    cost = np.asarray(is_cost, dtype=bool)
    with np.errstate(invalid="ignore"):
        out = np.where(cost, u > e + margin, u < e - margin)
    return wrap(out, utilisation, elapsed, is_cost)


def _sign_guard(t: str, b: str) -> str:
    return f"OR({b}=0,SIGN({t})*SIGN({b})<0)"


def _toteuma_formula(r: dict[str, str]) -> str:
    t, b = need("toteuma_pros", r, "toteuma", "budjetti")
    return guard(f"IF({_sign_guard(t, b)},NA(),{t}/{b})", t, b)


def _jaljella_formula(r: dict[str, str]) -> str:
    b, t = need("jaljella_eur", r, "budjetti", "toteuma")
    return guard(f"{b}-{t}", b, t)


def _poikkeama_formula(r: dict[str, str]) -> str:
    t, b = need("poikkeama_pp", r, "toteuma", "budjetti")
    share, ref = share_ref(r, r.get("tapa", "kk"))
    return guard(f"IF({_sign_guard(t, b)},NA(),{t}/{b}-{share})", t, b, ref)


_TOTEUMA = Param(
    "toteuma",
    Text(
        "Toteuma (esim. TOT. 30.6.2025): luku tai alue", "Actual (e.g. TOT. 30.6.2025): a number or a range"
    ),
)
_BUDJETTI = Param(
    "budjetti", Text("Budjetti (esim. TA 2025): luku tai alue", "Budget (e.g. TA 2025): a number or a range")
)
_TAPA = Param(
    "tapa",
    Text(
        '"kk" = kuukausiperuste (30.6. = 50 %), "pv" = päiväperuste (181/365)',
        '"kk" = months basis (30.6. = 50 %), "pv" = days basis (181/365)',
    ),
    kind="option",
    choices=OSUUS_TAVAT,
    default="kk",
)

define(
    Metric(
        name="toteuma_pros",
        title=Text("Käyttö-%", "Utilisation %"),
        help=Text(
            "Toteutumisaste (käyttö-%): toteuma / budjetti. #N/A, kun budjetti on 0 tai tyhjä tai etumerkit eroavat.",
            "Utilisation: actual / budget. #N/A for a zero or blank budget or differing signs.",
        ),
        params=(_TOTEUMA, _BUDJETTI),
        func=toteuma_pros,
        formula=_toteuma_formula,
    )
)
define(
    Metric(
        name="jaljella_eur",
        title=Text("Jäljellä €", "Remaining €"),
        help=Text(
            "Talousarviota jäljellä: budjetti − toteuma, budjetin etumerkillä (toisenmerkkinen tulos on "
            "ylitys). Tyhjä syöte → #N/A.",
            "Budget remaining: budget − actual, in the budget's sign (the other sign is an overrun). A "
            "blank input gives #N/A.",
        ),
        params=(_BUDJETTI, _TOTEUMA),
        func=jaljella_eur,
        formula=_jaljella_formula,
    )
)
define(
    Metric(
        name="poikkeama_pp",
        title=Text("Poikkeama tahdista", "Deviation from pace"),
        help=Text(
            "Toteutumisaste miinus kulunut osuus vuodesta, prosenttiyksikköinä murtolukuna: 0,024 = "
            "2,4 %-yks. #N/A, kun toteutumisaste ei ole laskettavissa.",
            "Utilisation minus the share of the year elapsed, percentage points as a fraction: 0.024 = "
            "2.4 pp. #N/A where utilisation cannot be computed.",
        ),
        params=(
            _TOTEUMA,
            _BUDJETTI,
            Param(
                "pvm",
                Text("Toteuman päivämäärä (esim. 30.6.2025)", "Date of the actual (e.g. 30.6.2025)"),
                "date",
            ),
            _TAPA,
        ),
        func=poikkeama_pp,
        formula=_poikkeama_formula,
        extra_refs=("osuus",),
    )
)


def _kulunut_formula(r: dict[str, str]) -> str:
    (p,) = need("kulunut_osuus", r, "pvm")
    return guard(kulunut_expr(p, r.get("tapa", "kk")), p)


define(
    Metric(
        name="kulunut_osuus",
        title=Text("Kulunut osuus vuodesta", "Share of the year elapsed"),
        help=Text(
            "Vuodesta kulunut osuus päivämäärän lopussa (0–1).",
            "Share of the year elapsed at the end of the date (0–1).",
        ),
        params=(
            Param(
                "pvm",
                Text(
                    "Päivämäärä (esim. 30.6.2025): päivämäärä, teksti tai alue",
                    "Date (e.g. 30.6.2025): a date, text or a range",
                ),
                "date",
            ),
            _TAPA,
        ),
        func=kulunut_osuus,
        formula=_kulunut_formula,
    )
)


def ylitys_eur(ennuste: ArrayLike, budjetti: ArrayLike, kulut_negatiivisina: bool = True) -> Any:
    """Forecast overrun (+) or underrun (−) of a net-cost figure (nettomeno) against its budget.

    Positive means the forecast net cost exceeds the budget, whichever sign convention the workbook
    uses: with expenses negative ``budjetti - ennuste`` (−2 400 000 against −2 281 640 is +118 360),
    with expenses positive ``ennuste - budjetti``. Meant for net-cost rows (the binding level).
    """
    e, b = to_float(ennuste), to_float(budjetti)
    return wrap(b - e if kulut_negatiivisina else e - b, ennuste, budjetti)


def _ylitys_formula(r: dict[str, str]) -> str:
    e, b = need("ylitys_eur", r, "ennuste", "budjetti")
    negative = r.get("kulut_negatiivisina", "1") not in ("0", "False", "false")
    return guard(f"{b}-{e}" if negative else f"{e}-{b}", e, b)


define(
    Metric(
        name="ylitys_eur",
        title=Text("Ylitys €", "Overrun €"),
        help=Text(
            "Ennusteen ylitys (+) tai alitus (−) talousarviosta nettomenorivillä, kummalla tahansa "
            "etumerkkikäytännöllä. Tyhjä syöte → #N/A.",
            "The forecast's overrun (+) or underrun (−) of the budget on a net-cost row, under either sign "
            "convention. A blank input gives #N/A.",
        ),
        params=(
            Param(
                "ennuste",
                Text("Vuoden lopun ennuste: luku tai alue", "Year-end forecast: a number or a range"),
            ),
            _BUDJETTI,
            Param(
                "kulut_negatiivisina",
                Text(
                    "1 = menot negatiivisina (oletus), 0 = menot positiivisina",
                    "1 = expenses negative (default), 0 = expenses positive",
                ),
                kind="option",
                choices=("1", "0"),
                default="1",
            ),
        ),
        func=ylitys_eur,
        formula=_ylitys_formula,
    )
)
