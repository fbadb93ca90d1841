from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.periods import (
    add_months,
    financial_year_label,
    financial_year_start,
    is_first_month_of_financial_year,
    last_complete_month,
    month_label,
    month_range,
    month_start,
    months_between,
    months_into_financial_year,
    same_month_last_year,
    short_month_label,
)

any_date = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
any_month = any_date.map(month_start)
month_offsets = st.integers(min_value=-600, max_value=600)


def test_month_start_is_the_first_of_the_month():
    assert month_start(date(2024, 12, 31)) == date(2024, 12, 1)


def test_month_start_of_a_first_is_unchanged():
    assert month_start(date(2024, 12, 1)) == date(2024, 12, 1)


def test_add_months_within_a_year():
    assert add_months(date(2024, 4, 1), 3) == date(2024, 7, 1)


def test_add_months_forward_across_a_year_end():
    assert add_months(date(2024, 11, 1), 3) == date(2025, 2, 1)


def test_add_months_backward_across_a_year_end():
    assert add_months(date(2025, 2, 1), -3) == date(2024, 11, 1)


def test_add_months_back_from_january_gives_december():
    assert add_months(date(2025, 1, 1), -1) == date(2024, 12, 1)


def test_add_twelve_months_is_the_same_month_next_year():
    assert add_months(date(2024, 6, 1), 12) == date(2025, 6, 1)


def test_add_months_returns_the_first_of_the_month_from_a_late_day():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 1)


def test_add_zero_months_gives_the_month_start():
    assert add_months(date(2024, 5, 17), 0) == date(2024, 5, 1)


def test_months_between_counts_across_years():
    assert months_between(date(2023, 11, 1), date(2025, 2, 1)) == 15


def test_months_between_is_negative_when_end_comes_first():
    assert months_between(date(2025, 2, 1), date(2024, 11, 1)) == -3


def test_months_between_ignores_the_day_of_the_month():
    assert months_between(date(2024, 1, 31), date(2024, 2, 1)) == 1


def test_month_range_includes_both_ends():
    assert month_range(date(2024, 11, 1), date(2025, 1, 1)) == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
    ]


def test_month_range_of_one_month_has_one_entry():
    assert month_range(date(2024, 11, 15), date(2024, 11, 30)) == [date(2024, 11, 1)]


def test_month_range_is_empty_when_end_comes_first():
    assert month_range(date(2025, 1, 1), date(2024, 11, 1)) == []


def test_31_march_belongs_to_the_financial_year_started_the_april_before():
    assert financial_year_start(date(2025, 3, 31)) == date(2024, 4, 1)


def test_1_april_starts_a_new_financial_year():
    assert financial_year_start(date(2025, 4, 1)) == date(2025, 4, 1)


def test_january_belongs_to_the_previous_calendar_years_financial_year():
    assert financial_year_start(date(2025, 1, 15)) == date(2024, 4, 1)


def test_december_belongs_to_the_financial_year_started_that_april():
    assert financial_year_start(date(2024, 12, 31)) == date(2024, 4, 1)


def test_financial_year_label_names_both_years():
    assert financial_year_label(date(2025, 3, 1)) == "2024-25"


def test_financial_year_label_changes_on_1_april():
    assert financial_year_label(date(2025, 3, 31)) == "2024-25"
    assert financial_year_label(date(2025, 4, 1)) == "2025-26"


def test_financial_year_label_across_a_century_keeps_two_digits():
    assert financial_year_label(date(1999, 6, 1)) == "1999-00"


def test_financial_year_label_in_the_first_decade_of_a_century_is_zero_padded():
    assert financial_year_label(date(2008, 6, 1)) == "2008-09"


def test_april_is_the_first_month_of_the_financial_year():
    assert is_first_month_of_financial_year(date(2024, 4, 1))


def test_march_and_may_are_not_the_first_month_of_the_financial_year():
    assert not is_first_month_of_financial_year(date(2024, 3, 1))
    assert not is_first_month_of_financial_year(date(2024, 5, 1))


def test_same_month_last_year_goes_back_twelve_months():
    assert same_month_last_year(date(2025, 1, 1)) == date(2024, 1, 1)


def test_same_month_last_year_from_29_february_is_a_month_start():
    assert same_month_last_year(date(2024, 2, 29)) == date(2023, 2, 1)


def test_month_label_spells_out_the_month():
    assert month_label(date(2024, 12, 1)) == "December 2024"


def test_short_month_label_abbreviates_the_month():
    assert short_month_label(date(2024, 12, 1)) == "Dec 2024"


def test_last_complete_month_is_the_month_before_today():
    assert last_complete_month(date(2025, 3, 15)) == date(2025, 2, 1)


def test_last_complete_month_on_the_first_is_still_the_month_before():
    assert last_complete_month(date(2025, 3, 1)) == date(2025, 2, 1)


def test_last_complete_month_in_january_is_last_december():
    assert last_complete_month(date(2025, 1, 10)) == date(2024, 12, 1)


@given(any_month, month_offsets)
def test_adding_then_subtracting_months_returns_the_same_month(month, n):
    assert add_months(add_months(month, n), -n) == month


@given(any_month, month_offsets)
def test_months_between_undoes_add_months(month, n):
    assert months_between(month, add_months(month, n)) == n


@given(any_date)
def test_every_date_lies_in_the_twelve_months_from_its_financial_year_start(d):
    start = financial_year_start(d)
    assert start.month == 4
    assert start.day == 1
    assert start <= d < add_months(start, 12)


@given(any_month, st.integers(min_value=0, max_value=60))
def test_month_range_has_one_entry_per_month(start, n):
    months = month_range(start, add_months(start, n))
    assert len(months) == n + 1
    assert all(m.day == 1 for m in months)
    assert months == sorted(set(months))


@pytest.mark.parametrize(
    ("month", "position"),
    [(date(2024, 4, 1), 1), (date(2024, 9, 1), 6), (date(2024, 12, 1), 9),
     (date(2025, 1, 1), 10), (date(2025, 3, 31), 12)],
)  # fmt: skip
def test_the_financial_year_counts_april_as_month_1_and_march_as_month_12(month, position):
    assert months_into_financial_year(month) == position


@given(any_month)
def test_a_months_position_in_its_financial_year_counts_from_its_april(month):
    position = months_into_financial_year(month)
    assert 1 <= position <= 12
    assert add_months(financial_year_start(month), position - 1) == month
