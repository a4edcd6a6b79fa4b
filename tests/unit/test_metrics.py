"""The metrics core: reference figures of the Kemijärvi report (30.6.2025) and properties."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xl_seuranta import metrics as m

amounts = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)
nonzero = amounts.filter(lambda x: abs(x) > 1e-6)
dates_2025 = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31))
any_dates = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2200, 12, 31))


# --- reference figures (Hallintopalvelut, osavuosikatsaus 30.6.2025) ------------------------


def test_reference_appropriations_change() -> None:
    assert m.muutos_pros(-6_837_670, -6_624_150) == pytest.approx(0.032233, abs=1e-6)
    assert round(m.muutos_pros(-6_837_670, -6_624_150) * 100, 1) == 3.2
    assert m.muutos_eur(-6_837_670, -6_624_150) == -213_520
    assert round(m.muutos_pros(1_297_670, 1_204_150) * 100, 1) == 7.8
    assert round(m.muutos_pros(-5_540_000, -5_420_000) * 100, 1) == 2.2


def test_reference_utilisation_and_per_resident() -> None:
    assert round(m.toteuma_pros(-3_584_333, -6_837_670) * 100, 1) == 52.4
    assert round(m.toteuma_pros(-1_351_238, -2_281_640) * 100, 1) == 59.2
    assert m.eur_per_asukas(-5_540_000, 6925) == pytest.approx(-800, abs=0.5)
    assert m.asukasluku_implisiittinen(-5_540_000, -800) == pytest.approx(6925)
    assert m.poikkeama_pp(-3_584_333, -6_837_670, "30.6.2025") == pytest.approx(0.0242, abs=1e-4)


def test_reference_elapsed_share() -> None:
    assert m.kulunut_osuus(dt.date(2025, 6, 30)) == 0.5
    assert m.kulunut_osuus(dt.date(2025, 6, 30), "pv") == pytest.approx(181 / 365)
    assert m.kulunut_osuus(dt.date(2024, 6, 30), "pv") == pytest.approx(182 / 366)
    assert m.kulunut_osuus(dt.date(2025, 6, 15)) == pytest.approx((5 + 15 / 30) / 12)
    assert m.kulunut_osuus(dt.date(2025, 12, 31)) == 1.0
    assert m.kulunut_osuus(dt.date(2024, 2, 29)) == pytest.approx(2 / 12)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2025, 6, 30),
        dt.datetime(2025, 6, 30, 15, 30),
        pd.Timestamp("2025-06-30"),
        np.datetime64("2025-06-30"),
        "2025-06-30",
        "2025-06-30T00:00:00",
        "30.6.2025",
        " 30.06.2025 ",
        45838,
        45838.75,
    ],
)
def test_date_inputs(value: object) -> None:
    assert m.kulunut_osuus(value) == 0.5
    assert m.parse_pvm(value) == dt.date(2025, 6, 30)


@pytest.mark.parametrize("value", ["31.2.2025", "abc", "", None, 0, -5, float("nan"), True, "45838"])
def test_invalid_dates_are_nan_and_strict_parse_raises(value: object) -> None:
    assert math.isnan(m.kulunut_osuus(value))
    with pytest.raises(ValueError, match="ei päivämäärä"):
        m.parse_pvm(value)


def test_elapsed_share_vectorised_over_mixed_and_typed_arrays() -> None:
    mixed = m.kulunut_osuus([dt.date(2025, 6, 30), "31.12.2025", None, "x", 45838])
    assert np.allclose(mixed, [0.5, 1.0, np.nan, np.nan, 0.5], equal_nan=True)
    serials = m.kulunut_osuus(np.array([[45838.0, np.nan], [45657.0, 0.0]]))
    assert serials.shape == (2, 2)
    assert np.allclose(serials, [[0.5, np.nan], [1.0, np.nan]], equal_nan=True)
    s = pd.Series(pd.to_datetime(["2025-06-30", None]), index=["a", "b"])
    out = m.kulunut_osuus(s)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b"]
    assert out["a"] == 0.5 and math.isnan(out["b"])


def test_unknown_basis_raises() -> None:
    with pytest.raises(ValueError, match="tuntematon tapa"):
        m.kulunut_osuus("30.6.2025", "vk")
    with pytest.raises(ValueError, match="ennustetapa"):
        m.ennuste(1, "30.6.2025", "eksponentiaalinen")


# --- change ---------------------------------------------------------------------------------


@given(nonzero, nonzero)
def test_change_sign_symmetry(a: float, b: float) -> None:
    x, y = m.muutos_pros(a, b), m.muutos_pros(-a, -b)
    assert (math.isnan(x) and math.isnan(y)) or x == y


@given(amounts)
def test_zero_and_blank_base_is_nan(a: float) -> None:
    assert math.isnan(m.muutos_pros(a, 0))
    assert math.isnan(m.muutos_pros(a, None))
    assert math.isnan(m.muutos_pros(a, float("nan")))
    assert math.isnan(m.toteuma_pros(a, 0))
    assert math.isnan(m.toteuma_pros(a, None))
    assert math.isnan(m.eur_per_asukas(a, 0))
    assert math.isnan(m.eur_per_asukas(a, -1))


@given(nonzero, nonzero)
def test_sign_flip_is_nan(a: float, b: float) -> None:
    assume(np.sign(a) != np.sign(b))
    assert math.isnan(m.muutos_pros(a, b))
    assert math.isnan(m.toteuma_pros(a, b))


@given(nonzero)
def test_zero_new_value_is_minus_100(b: float) -> None:
    assert m.muutos_pros(0, b) == -1.0
    assert m.toteuma_pros(0, b) == 0.0


@given(amounts, amounts)
def test_growing_magnitude_is_positive(a: float, b: float) -> None:
    assume(abs(b) > 1e-6 and np.sign(a) * np.sign(b) >= 0)
    r = m.muutos_pros(a, b)
    assert (r > 0) == (abs(a) > abs(b))
    assert math.isfinite(r)


@given(amounts)
def test_nan_propagates(a: float) -> None:
    for fn in (m.muutos_eur, m.muutos_pros, m.toteuma_pros, m.eur_per_asukas):
        assert math.isnan(fn(a, float("nan"))) and math.isnan(fn(float("nan"), 7.0))
        assert math.isnan(fn(None, 7.0))
    assert math.isnan(m.ennuste(float("nan"), "30.6.2025"))
    assert math.isnan(m.poikkeama_pp(a, 7.0, None))


def test_very_large_values_stay_finite() -> None:
    assert math.isfinite(m.muutos_pros(1e15, 1e-3))
    assert m.muutos_pros(-1e15, -5e14) == 1.0
    assert m.muutos_eur(1e15, -1e15) == 2e15
    assert math.isfinite(m.toteuma_pros(1e15, 1e-3))
    assert math.isfinite(m.ennuste(1e15, "1.1.2025"))


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=30))
def test_scalar_vs_array_agreement(pairs: list[tuple[float, float]]) -> None:
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    for fn in (m.muutos_eur, m.muutos_pros, m.toteuma_pros, m.eur_per_asukas, m.asukasluku_implisiittinen):
        vec = fn(a, b)
        ser = fn(pd.Series(a), b.tolist())
        assert isinstance(vec, np.ndarray) and vec.shape == a.shape
        assert isinstance(ser, pd.Series)
        scal = [fn(float(x), float(y)) for x, y in zip(a, b, strict=True)]
        assert all(isinstance(s, float) for s in scal)
        assert np.allclose(vec, scal, equal_nan=True, rtol=0, atol=0)
        assert np.allclose(ser.to_numpy(), scal, equal_nan=True, rtol=0, atol=0)


def test_lists_with_blanks() -> None:
    out = m.muutos_pros([110, None, 5], [100, 100, None])
    assert np.allclose(out, [0.1, np.nan, np.nan], equal_nan=True)
    assert math.isnan(m.muutos_pros(pd.Series([110.0, pd.NA], dtype="Float64"), 100).iloc[1])


# --- elapsed share and forecast -------------------------------------------------------------


@given(dates_2025, dates_2025, st.sampled_from(["kk", "pv"]))
def test_elapsed_share_monotone_and_in_unit_interval(d1: dt.date, d2: dt.date, tapa: str) -> None:
    e1, e2 = m.kulunut_osuus(d1, tapa), m.kulunut_osuus(d2, tapa)
    assert 0 < e1 <= 1 and 0 < e2 <= 1
    if d1 < d2:
        assert e1 < e2


@given(any_dates)
def test_elapsed_share_serial_equals_date(d: dt.date) -> None:
    serial = (d - dt.date(1899, 12, 30)).days
    for tapa in ("kk", "pv"):
        assert m.kulunut_osuus(serial, tapa) == m.kulunut_osuus(d, tapa)
        assert m.kulunut_osuus(f"{d.day}.{d.month}.{d.year}", tapa) == m.kulunut_osuus(d, tapa)


@given(amounts)
def test_forecast_at_half_year_doubles(t: float) -> None:
    assert m.ennuste(t, dt.date(2025, 6, 30)) == 2 * t
    assert m.ennuste(t, "31.12.2025") == t


def test_forecast_days_basis_and_bad_date() -> None:
    assert m.ennuste(-181, "30.6.2025", "lineaarinen_pv") == pytest.approx(-365)
    assert math.isnan(m.ennuste(-181, "ei pvm"))
    assert np.allclose(m.ennuste([10, 20], ["30.6.2025", "31.3.2025"]), [20, 80])


# --- sums, pace -----------------------------------------------------------------------------


def test_sum_check_1d_and_2d() -> None:
    assert m.tarkista_summa([1, 2, 3], 6) == 0.0
    assert m.tarkista_summa([1, 2, None], 4) == 1.0
    assert math.isnan(m.tarkista_summa([1, 2], None))
    gaps = m.tarkista_summa([[1, 10], [2, 20], [3, 30]], [6, 62])
    assert list(gaps) == [0.0, 2.0]
    assert list(m.tarkista_summa(np.array([[1, 10], [2, 20]]), 3)) == [0.0, -27.0]


def test_classify_gap() -> None:
    assert m.classify_gap(0) == "ok"
    assert m.classify_gap(-2) == "rounding"
    assert m.classify_gap(2.5) == "error"
    assert list(m.classify_gap([0, 1, -3, None], tolerance=1)) == ["ok", "rounding", "error", "unknown"]


def test_pace_is_direction_aware() -> None:
    # Hallintopalvelut MENOT at 30.6.: 73.3 % used of a cost budget -> behind (worse than pace).
    assert m.pace_status(0.733, 0.5, True) == "behind"
    assert m.is_unfavourable(0.733, 0.5, True) is True
    # the same utilisation on a revenue row is ahead (better than pace)
    assert m.pace_status(0.733, 0.5, False) == "ahead"
    assert m.is_unfavourable(0.733, 0.5, False) is False
    # within the one pace margin (10 pp, the rules' and the sheet's): Henkilöstökulut 59.2 %
    assert m.PACE_MARGIN == 0.10
    assert m.pace_status(0.592, 0.5, True) == "on_pace"
    assert m.pace_status(0.592, 0.5, True, margin=0.05) == "behind"
    out = m.pace_status([0.3, 0.3, np.nan], 0.5, [True, False, True])
    assert list(out) == ["ahead", "behind", "unknown"]
    assert list(m.is_unfavourable([0.3, 0.3, np.nan], 0.5, [True, False, True])) == [False, True, False]


@given(st.floats(0, 2), st.floats(0, 1), st.booleans())
def test_unfavourable_iff_behind(u: float, e: float, is_cost: bool) -> None:
    assert m.is_unfavourable(u, e, is_cost) == (m.pace_status(u, e, is_cost) == "behind")


def test_excel_formula_blank_instead_of_na() -> None:
    """Generated sheets ask for an empty cell instead of #N/A where no number is meaningful."""
    from xl_seuranta.metrics import excel_formula

    with_na = excel_formula("muutos_pros", uusi="F12", vanha="D12")
    blank = excel_formula("muutos_pros", uusi="F12", vanha="D12", na='""')
    assert "NA()" in with_na and "NA()" not in blank
    assert blank == with_na.replace("NA()", '""')


# --- the figures of the board view (Yhteenveto, Laskelmat) --------------------------------------


def test_reference_remaining_and_overrun() -> None:
    # Henkilöstökulut: budget -2 281 640, actuals -1 351 238 at 30.6.2025
    assert m.jaljella_eur(-2_281_640, -1_351_238) == -930_402  # signed as the budget
    assert m.jaljella_eur(-25_450, -28_660) == 3_210  # opposite sign: already over
    # the department's net: forecast -5 697 176 against the budget -5 540 000 is 157 176 over
    assert m.ylitys_eur(-5_697_176, -5_540_000) == 157_176
    assert m.ylitys_eur(5_697_176, 5_540_000, kulut_negatiivisina=False) == 157_176
    assert m.ylitys_eur(468_470, 210_610) == -257_860  # a net income above budget: under


def test_reference_seasonal_forecast() -> None:
    assert m.ennuste_kausiluonteinen(-22_655, -23_000) == -23_000  # the annual fee, not doubled
    assert m.ennuste_kausiluonteinen(-30_000, -23_000) == -30_000  # already past the budget
    assert m.ennuste_kausiluonteinen(30_000, 0) == 30_000  # no budget: the actual
    assert math.isnan(m.ennuste_kausiluonteinen(None, -23_000))
    # the total's linear forecast corrected by its seasonal parts
    assert m.ennuste_oikaistu(-2_891_108, 0.5, -23_000, -22_655) == pytest.approx(
        -5_782_216 - 23_000 + 45_310
    )
    assert m.ennuste_oikaistu(-2_891_108, 0.5, 0, 0) == m.ennuste(-2_891_108, "30.6.2025")


def test_reference_change_conventions() -> None:
    # Keskusvaalilautakunta MENOT: -22 986 -> -54 950
    assert m.muutos_eur_kasvu(-54_950, -22_986) == 31_964
    assert m.muutos_pros(-54_950, -22_986) == pytest.approx(1.3906, abs=1e-4)
    assert m.muutos_eur(-54_950, -22_986) == -31_964
    assert m.muutos_pros_etumerkillinen(-54_950, -22_986) == pytest.approx(-1.3906, abs=1e-4)
    assert m.muutos_eur_kasvu(10, -10) == -20  # a net cost of 10 became a net income: the cost fell
    assert m.muutos_eur_kasvu(-50, 0) == 50  # from nothing: growth
    assert math.isnan(m.muutos_pros_etumerkillinen(10, -10))


@given(nonzero, nonzero)
def test_change_eur_and_pct_agree_in_sign_under_both_conventions(new: float, old: float) -> None:
    """The point of one convention: a row never shows growth in € and shrinkage in % (or back)."""
    for eur, pct in (
        (m.muutos_eur_kasvu(new, old), m.muutos_pros(new, old)),
        (m.muutos_eur(new, old), m.muutos_pros_etumerkillinen(new, old)),
    ):
        if math.isnan(pct) or abs(pct) < 1e-12 or abs(eur) < 1e-6 * max(abs(new), abs(old)):
            continue
        assert math.copysign(1, eur) == math.copysign(1, pct)


@given(nonzero, st.floats(min_value=0, max_value=2))
def test_remaining_has_the_budgets_sign_until_it_is_spent(budget: float, used: float) -> None:
    """Signed as the budget while money is left; the opposite sign once the budget is exceeded."""
    left = m.jaljella_eur(budget, budget * used)
    if used < 1 - 1e-9:
        assert math.copysign(1, left) == math.copysign(1, budget)
    elif used > 1 + 1e-9:
        assert math.copysign(1, left) == -math.copysign(1, budget)


@given(amounts, amounts)
def test_seasonal_forecast_is_the_budget_or_a_larger_actual(actual: float, budget: float) -> None:
    fc = m.ennuste_kausiluonteinen(actual, budget)
    assert fc in (actual, budget)
    assert abs(fc) >= min(abs(actual), abs(budget)) and (budget != 0 or fc == actual)


def test_new_metrics_keep_the_container_shape() -> None:
    s = pd.Series([-1.0, None, -3.0], index=[10, 11, 12])
    b = pd.Series([-2.0, -2.0, -2.0], index=[10, 11, 12])
    out = m.jaljella_eur(b, s)
    assert isinstance(out, pd.Series) and list(out.index) == [10, 11, 12] and math.isnan(out[11])
    assert isinstance(m.ennuste_kausiluonteinen(np.array([1.0, 3.0]), np.array([2.0, 2.0])), np.ndarray)


@given(
    st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 10)), max_size=8),
    st.floats(min_value=0, max_value=100),
)
def test_classify_gap_of_one_number_is_that_of_an_array(gaps: list, tolerance: float) -> None:
    """The rules classify one total at a time through a plain-number shortcut: it must label every gap
    (NaN, infinities, exact thresholds) as the array form does."""
    from xl_seuranta.metrics import classify_gap

    array = list(classify_gap(np.array(gaps, dtype=float), tolerance)) if gaps else []
    assert [classify_gap(g, tolerance) for g in gaps] == array
    for edge in (0.5, -0.5, tolerance, -tolerance, 0.4999):
        assert classify_gap(edge, tolerance) == classify_gap(np.array([edge]), tolerance)[0]
