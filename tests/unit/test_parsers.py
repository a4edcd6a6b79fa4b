"""Property tests for the Finnish number parser and the period header parser."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from xl_seuranta.domain.fmt import number as format_fi
from xl_seuranta.domain.numbers import CellKind, parse_number_text, read_cell_number
from xl_seuranta.domain.periods import PeriodKind, parse_kind_only, parse_period

ints = st.integers(min_value=-(10**12), max_value=10**12)


@given(ints)
def test_finnish_text_round_trip_integers(n: int) -> None:
    text = format_fi(float(n))  # no-break spaces, Unicode minus
    assert parse_number_text(text) == n
    parsed = read_cell_number(text)
    assert parsed.kind is CellKind.TEXT_NUMBER and parsed.value == n


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=9))
def test_decimal_comma(n: int, d: int) -> None:
    sign = "-" if n < 0 else ""
    text = f"{sign}{format_fi(float(abs(n)))},{d}"
    expected = abs(n) + d / 10
    assert parse_number_text(text) == (-expected if n < 0 else expected)


@given(
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from([" ", "\u00a0", "\u202f", ""]),
    st.sampled_from(["-", "\u2212", ""]),
)
def test_separator_and_minus_variants(n: int, sep: str, minus: str) -> None:
    digits = f"{n:,}".replace(",", sep)
    assert parse_number_text(minus + digits) == (-n if minus else n)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12))
def test_words_are_not_numbers(word: str) -> None:
    p = read_cell_number(word)
    assert p.value is None and p.kind in (CellKind.TEXT, CellKind.PLACEHOLDER)


def test_cell_kinds() -> None:
    assert read_cell_number("xx").kind is CellKind.PLACEHOLDER
    assert read_cell_number("#DIV/0!").kind is CellKind.ERROR
    assert read_cell_number(None).kind is CellKind.BLANK
    assert read_cell_number(3.5).kind is CellKind.NUMBER
    assert read_cell_number("7,8 %").value == 0.078
    assert read_cell_number("1.234.567").kind is CellKind.TEXT  # not guessed at


years = st.integers(min_value=1990, max_value=2099)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@given(years, st.sampled_from(["TA+MUUTOS {y}", "TA+muutos {y}", "TA + muutokset {y}", "ta+muutos {y}*"]))
def test_amended_budget_spellings(year: int, pattern: str) -> None:
    p = parse_period(pattern.format(y=year))
    assert p is not None and p.kind is PeriodKind.TA_MUUTOS and p.year == year and p.is_annual


@given(
    dates, st.sampled_from(["TOT. {d}.{m}. {y}", "TOT {d}.{m}.{y}", "Toteuma {d}.{m}.{y}", "TOT.{d}.{m}.{y}"])
)
def test_year_to_date_spellings(date: dt.date, pattern: str) -> None:
    p = parse_period(pattern.format(d=date.day, m=date.month, y=date.year))
    assert p is not None and p.kind is PeriodKind.TOTEUMA and p.as_of == date


@given(years, st.sampled_from(["TP", "TA", "Tilinpäätös", "Talousarvio"]), st.booleans())
def test_plain_kinds(year: int, kind: str, star: bool) -> None:
    p = parse_period(f"{kind} {year}{'*' if star else ''}")
    assert p is not None and p.year == year and p.marker is star
    assert p.kind is (PeriodKind.TP if kind in ("TP", "Tilinpäätös") else PeriodKind.TA)


def test_year_taken_from_report_year_and_two_row_kinds() -> None:
    assert parse_period("TOT. 30.6.", 2025).as_of == dt.date(2025, 6, 30)
    assert parse_period("TOT. 30.6.") is None
    assert parse_kind_only("TA+MUUTOS") is PeriodKind.TA_MUUTOS
    assert parse_period("MUUTOS €") is None and parse_period("2024") is None
    assert parse_period("TOT 31.2.2025") is None  # no such date


def test_year_to_date_ranges_and_short_years() -> None:
    for text in ("TOT. 1.1.–30.6.2025", "Toteuma 1.1.-30.6.2025", "Tot. 30.6.25"):
        p = parse_period(text)
        assert p is not None and p.kind is PeriodKind.TOTEUMA and p.as_of == dt.date(2025, 6, 30), text
    assert parse_period("TOT. 2.1.–30.6.2025") is None  # not a year-to-date range
