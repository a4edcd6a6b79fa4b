"""Numbers, percentages and dates for people: Finnish habits by default, English on request."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from xl_seuranta.domain import fmt
from xl_seuranta.domain.numbers import parse_number_text

MINUS, NBSP = "\u2212", "\u00a0"


def test_finnish_number_has_real_minus_and_no_break_spaces() -> None:
    assert fmt.number(-6624150) == f"{MINUS}6{NBSP}624{NBSP}150"
    assert fmt.number(1234.5, 1) == f"1{NBSP}234,5"
    assert fmt.number(-6624150, lang="en") == "-6,624,150"


def test_a_value_rounding_to_zero_has_no_sign() -> None:
    assert fmt.number(-0.4) == "0"
    assert fmt.number(-0.04, 1) == "0,0"
    assert fmt.amount(-0.004) == "0,00"


def test_amount_takes_the_decimals_it_needs() -> None:
    assert fmt.amount(25000.0) == f"25{NBSP}000"
    assert fmt.amount(7.46) == "7,5"
    assert fmt.amount(0.25) == "0,25"
    assert fmt.amount(123.4) == "123"


def test_percent_and_date() -> None:
    assert fmt.percent(0.522) == f"52,2{NBSP}%"
    assert fmt.percent(0.0746, 2) == f"7,46{NBSP}%"
    assert fmt.percent(-0.032) == f"{MINUS}3,2{NBSP}%"
    assert fmt.percent_points(24.5) == f"24,5{NBSP}%"
    assert fmt.date(dt.date(2025, 6, 30)) == "30.6.2025"
    assert fmt.date(dt.datetime(2025, 6, 30, 14, 5)) == "30.6.2025"
    assert fmt.date(dt.date(2025, 6, 30), "en") == "2025-06-30"


def test_no_number_and_absurd_numbers_stay_readable() -> None:
    assert fmt.number(None) == fmt.number(math.nan) == "–"
    assert fmt.number(-math.inf) == f"{MINUS}∞"
    assert fmt.number(1e300) == "1,0E300"
    assert len(fmt.number(-4.698551e18)) < 12


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=2))
def test_finnish_numbers_read_back_as_what_python_rounds_to(value: float, decimals: int) -> None:
    """Babel with the exact binary value rounds as Python's own formatting does."""
    text = fmt.number(value, decimals)
    assert parse_number_text(text) == float(f"{value:.{decimals}f}")
    assert "-" not in text and ("." not in text)


def test_value_formats_by_type_and_spec() -> None:
    assert fmt.value(0.032, spec=fmt.Percent(1)) == f"3,2{NBSP}%"
    assert fmt.value(dt.date(2025, 1, 2)) == "2.1.2025"
    assert fmt.value("TA 2025") == "TA 2025"
    assert fmt.value(None) == "–"


@given(
    st.floats(min_value=-1e14, max_value=1e14, allow_nan=False),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["fi", "en"]),
)
def test_numbers_are_exactly_babels(value: float, decimals: int, lang: str) -> None:
    """The fast path prints what Babel's pattern formatting of the exact value prints."""
    from decimal import Decimal

    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    sign = fmt.MINUS[lang] if round(value, decimals) < 0 else ""
    assert fmt.number(value, decimals, lang) == sign + format_decimal(
        Decimal(abs(value)), pattern, locale=lang
    )
