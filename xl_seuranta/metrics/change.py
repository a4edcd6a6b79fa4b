"""Change in euros and in percent, and how a printed change % compares with the recomputed one."""

from __future__ import annotations

from typing import Any

import numpy as np

from xl_seuranta.domain.messages.catalogue import Text
from xl_seuranta.metrics.arrays import ArrayLike, labels, quiet, to_float, wrap
from xl_seuranta.metrics.definition import Metric, Param, define, guard, need


def muutos_eur(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Signed change in euros, ``uusi - vanha``.

    Signed (not magnitude) because euros add up: the changes of the lines sum to the change of the
    total only if they keep their sign. A blank side gives NaN rather than treating blank as 0,
    because "no budget last year" and "budget 0" are different statements.
    """
    u, v = to_float(uusi), to_float(vanha)
    return wrap(u - v, uusi, vanha)


def muutos_eur_itseisarvo(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Change of magnitude in euros, ``|uusi| - |vanha|`` (growing expenses positive).

    Not a metric of its own for the user: it is the other sign rule a printed MUUTOS € column may
    follow, which the change rules must recognise (M003).
    """
    u, v = to_float(uusi), to_float(vanha)
    return wrap(np.abs(u) - np.abs(v), uusi, vanha)


def muutos_eur_kasvu(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Change in euros as growth of the magnitude: the € partner of ``muutos_pros``.

    ``|uusi| - |vanha|`` while both have the same sign (or the base is 0), so a growing expense reads
    +31 964 € beside +139,1 %, whatever sign convention the workbook uses. Across a sign flip (a net
    cost turning into a net income) it is ``(uusi - vanha) * sign(vanha)``: the move away from the
    base's direction, e.g. a net cost of 10 becoming a net income of 10 is −20 (the cost fell by 20).
    Blank input gives NaN. The default of the generated sheets (setting *Muutoksen etumerkki* =
    itseisarvo), so change € and change % never carry opposite signs on one row.
    """
    u, v = to_float(uusi), to_float(vanha)
    return wrap(np.where(v == 0, np.abs(u), (u - v) * np.sign(v)), uusi, vanha)


def muutos_pros_etumerkillinen(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Signed change as a fraction of the base's magnitude: ``(uusi - vanha) / |vanha|``.

    The % partner of ``muutos_eur`` (setting *Muutoksen etumerkki* = etumerkillinen): with expenses
    negative, growing expenses give a negative € and a negative %, so the two still agree. NaN from
    a zero base or across a sign flip, as for ``muutos_pros``.
    """
    u, v = to_float(uusi), to_float(vanha)

    def calc() -> np.ndarray:
        out = (u - v) / np.abs(v)
        return np.where((v == 0) | (np.sign(u) * np.sign(v) < 0), np.nan, out)

    return wrap(quiet(calc), uusi, vanha)


def muutos_pros(uusi: ArrayLike, vanha: ArrayLike) -> Any:
    """Change of magnitude as a fraction: ``(|uusi| - |vanha|) / |vanha|``.

    Why magnitude: expenses are negative in the source, and people read "expenses grew 3.2 %" when
    -6 837 670 replaces -6 624 150. A plain ``(uusi - vanha) / vanha`` would print +3.2 % there
    too, but -3.2 % for the same growth if the base were written with the other convention; the
    magnitude form is the same under either sign convention.

    Why NaN on a sign flip (e.g. a net cost turning into a net income): no percentage describes a
    change through zero; any number printed would be read as growth or shrinkage that did not
    happen. A zero base has no percentage either. A new value of 0 from a non-zero base is
    meaningful: -100 %.
    """
    u, v = to_float(uusi), to_float(vanha)

    def calc() -> np.ndarray:
        out = (np.abs(u) - np.abs(v)) / np.abs(v)
        bad = (v == 0) | (np.sign(u) * np.sign(v) < 0)
        return np.where(bad, np.nan, out)

    return wrap(quiet(calc), uusi, vanha)


def stated_fraction(stated: ArrayLike, computed: ArrayLike) -> Any:
    """A printed % may be in points (3.2) or a fraction (0.032): the reading closer to the truth."""
    s, c = to_float(stated), to_float(computed)
    out = quiet(lambda: np.where(np.abs(s - c) < np.abs(s / 100 - c), s, s / 100))
    return wrap(out, stated, computed)


def pct_rounding_class(stated: ArrayLike, computed: ArrayLike) -> Any:
    """How a printed change % (a fraction) compares with the recomputed one, shown to one decimal.

    ``"ok"``: both round to the same one-decimal percentage. ``"rounding_mode"``: off only by the
    rounding mode — the exact value truncated (7,46 % printed 7,4 %) or within 0.1 pp.
    ``"error"``: anything else. ``"unknown"`` where either is NaN.
    """
    fs, fc = to_float(stated), to_float(computed)
    s, c = fs * 100, fc * 100

    def calc() -> np.ndarray:
        same = np.abs(np.round(s, 1) - np.round(c, 1)) < 0.05
        truncated = np.trunc(fc * 1000) / 10
        mode = (np.abs(s - truncated) < 0.05) | (np.abs(s - c) < 0.1)
        out = np.where(same, "ok", np.where(mode, "rounding_mode", "error"))
        return np.where(np.isnan(s) | np.isnan(c), "unknown", out)

    return labels(quiet(calc), stated, computed)


def _muutos_eur_formula(r: dict[str, str]) -> str:
    u, v = need("muutos_eur", r, "uusi", "vanha")
    return guard(f"{u}-{v}", u, v)


define(
    Metric(
        name="muutos_eur",
        title=Text("Muutos €", "Change €"),
        help=Text(
            "Muutos euroina: uusi − vanha (etumerkillinen). Tyhjä syöte → #N/A.",
            "Change in euros: new − old (signed). A blank input gives #N/A.",
        ),
        params=(
            Param(
                "uusi",
                Text(
                    "Uusi arvo (esim. TA 2025): luku tai alue",
                    "New value (e.g. TA 2025): a number or a range",
                ),
            ),
            Param(
                "vanha",
                Text(
                    "Vertailuarvo (esim. TA+muutokset 2024): luku tai alue",
                    "Baseline (e.g. TA+muutokset 2024): a number or a range",
                ),
            ),
        ),
        func=muutos_eur,
        formula=_muutos_eur_formula,
    )
)


_UUSI = Param("uusi", Text("Uusi arvo: luku tai alue", "New value: a number or a range"))
_VANHA = Param("vanha", Text("Vertailuarvo (perusarvo): luku tai alue", "Baseline: a number or a range"))


def _muutos_pros_formula(r: dict[str, str]) -> str:
    u, v = need("muutos_pros", r, "uusi", "vanha")
    return guard(f"IF(OR({v}=0,SIGN({u})*SIGN({v})<0),NA(),(ABS({u})-ABS({v}))/ABS({v}))", u, v)


define(
    Metric(
        name="muutos_pros",
        title=Text("Muutos-%", "Change %"),
        help=Text(
            "Muutos-% itseisarvojen muutoksena: (|uusi| − |vanha|) / |vanha|; kasvavat menot = +%. "
            "#N/A, kun perusarvo on 0 tai tyhjä tai etumerkki vaihtuu.",
            "Change % of magnitude: (|new| − |old|) / |old|; growing expenses = +%. "
            "#N/A for a zero or blank base or a sign flip.",
        ),
        params=(_UUSI, _VANHA),
        func=muutos_pros,
        formula=_muutos_pros_formula,
    )
)


def _kasvu_formula(r: dict[str, str]) -> str:
    u, v = need("muutos_eur_kasvu", r, "uusi", "vanha")
    return guard(f"IF({v}=0,ABS({u}),({u}-{v})*SIGN({v}))", u, v)


def _etumerkillinen_formula(r: dict[str, str]) -> str:
    u, v = need("muutos_pros_etumerkillinen", r, "uusi", "vanha")
    return guard(f"IF(OR({v}=0,SIGN({u})*SIGN({v})<0),NA(),({u}-{v})/ABS({v}))", u, v)


define(
    Metric(
        name="muutos_eur_kasvu",
        title=Text("Muutos € (itseisarvo)", "Change € (magnitude)"),
        help=Text(
            "Muutos euroina itseisarvon kasvuna: |uusi| − |vanha| (kasvavat menot = +), etumerkin vaihtuessa "
            "(uusi − vanha) × perusarvon etumerkki. Tyhjä syöte → #N/A.",
            "Change in euros as growth of the magnitude: |new| − |old| (growing expenses = +); across a "
            "sign flip (new − old) × the base's sign. A blank input gives #N/A.",
        ),
        params=(_UUSI, _VANHA),
        func=muutos_eur_kasvu,
        formula=_kasvu_formula,
    )
)
define(
    Metric(
        name="muutos_pros_etumerkillinen",
        title=Text("Muutos-% (etumerkillinen)", "Change % (signed)"),
        help=Text(
            "Etumerkillinen muutos-%: (uusi − vanha) / |vanha|. #N/A, kun perusarvo on 0 tai tyhjä tai "
            "etumerkki vaihtuu.",
            "Signed change %: (new − old) / |old|. #N/A for a zero or blank base or a sign flip.",
        ),
        params=(_UUSI, _VANHA),
        func=muutos_pros_etumerkillinen,
        formula=_etumerkillinen_formula,
    )
)
