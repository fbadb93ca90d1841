from datetime import date
from decimal import ROUND_CEILING, Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.choices import Direction, PeriodType, Polarity, Rag, Status, Unit
from indicators.formatting import format_number
from indicators.periods import add_months, financial_year_start, month_range
from indicators.rules import (
    RagResult,
    ThresholdSet,
    describe_direction,
    describe_target,
    direction_arrow,
    direction_of_travel,
    marks_of,
    places_apart,
    pro_rated,
    rag_label,
    rate,
    thresholds_by_month,
    thresholds_for_months,
    thresholds_in_force,
)

APRIL_2024 = date(2024, 4, 1)
HIGHER_SET = ThresholdSet(APRIL_2024, green_at=Decimal("80"), red_at=Decimal("70"))
LOWER_SET = ThresholdSet(APRIL_2024, green_at=Decimal("10"), red_at=Decimal("20"))
RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}

numbers = st.decimals(min_value=-10_000, max_value=10_000, places=3)
# Figures shown on the scorecard are never negative (and format_number writes -0.001 as "-0").
shown_figures = st.decimals(min_value=0, max_value=10_000, places=3)
precisions = st.integers(min_value=0, max_value=2)


def rating(value, polarity, thresholds, **kwargs):
    return rate(value, polarity, thresholds, **kwargs).rating


# Choosing the thresholds in force


def test_no_thresholds_are_in_force_before_the_first_effective_date():
    sets = [ThresholdSet(APRIL_2024, 80, 70)]
    assert thresholds_in_force(sets, date(2024, 3, 1)) is None


def test_no_thresholds_are_in_force_when_there_are_none():
    assert thresholds_in_force([], APRIL_2024) is None


def test_a_set_is_in_force_from_its_own_month():
    sets = [ThresholdSet(APRIL_2024, 80, 70)]
    assert thresholds_in_force(sets, APRIL_2024) == sets[0]


def test_march_uses_the_old_set_and_april_the_new_one():
    old = ThresholdSet(date(2023, 4, 1), 75, 65)
    new = ThresholdSet(APRIL_2024, 80, 70)
    assert thresholds_in_force([new, old], date(2024, 3, 1)) == old
    assert thresholds_in_force([new, old], APRIL_2024) == new


def test_the_latest_set_started_wins_whatever_the_input_order():
    sets = [
        ThresholdSet(date(2022, 4, 1), 70, 60),
        ThresholdSet(APRIL_2024, 80, 70),
        ThresholdSet(date(2023, 4, 1), 75, 65),
    ]
    assert thresholds_in_force(sets, date(2025, 1, 1)) == sets[1]
    assert thresholds_in_force(sets, date(2024, 1, 1)) == sets[2]


start_months = st.dates(min_value=date(2021, 1, 1), max_value=date(2025, 12, 1)).map(
    lambda d: d.replace(day=1)
)


@given(st.lists(start_months, max_size=4, unique=True))
def test_thresholds_by_month_agree_with_thresholds_in_force_month_by_month(starts):
    sets = [ThresholdSet(start, 80 + n, 70) for n, start in enumerate(starts)]
    months = month_range(date(2020, 11, 1), date(2026, 2, 1))
    expected = [thresholds_in_force(sets, month) for month in months]
    assert thresholds_by_month(sets, months) == expected


def test_a_set_starting_later_is_not_yet_in_force():
    sets = [ThresholdSet(date(2023, 4, 1), 75, 65), ThresholdSet(date(2025, 4, 1), 85, 75)]
    assert thresholds_in_force(sets, date(2025, 3, 1)) == sets[0]


# RAG, higher is better


@pytest.mark.parametrize("value", [Decimal("80"), 80, 80.0])
def test_value_exactly_at_green_threshold_is_green_for_higher_polarity(value):
    assert rating(value, Polarity.HIGHER, HIGHER_SET) == Rag.GREEN


def test_value_just_below_green_threshold_is_amber_for_higher_polarity():
    assert rating(Decimal("79.99"), Polarity.HIGHER, HIGHER_SET) == Rag.AMBER


def test_value_above_green_threshold_is_green_for_higher_polarity():
    assert rating(Decimal("80.01"), Polarity.HIGHER, HIGHER_SET) == Rag.GREEN


def test_value_exactly_at_red_threshold_is_amber_for_higher_polarity():
    assert rating(Decimal("70"), Polarity.HIGHER, HIGHER_SET) == Rag.AMBER


def test_value_just_above_red_threshold_is_amber_for_higher_polarity():
    assert rating(Decimal("70.01"), Polarity.HIGHER, HIGHER_SET) == Rag.AMBER


def test_value_just_below_red_threshold_is_red_for_higher_polarity():
    assert rating(Decimal("69.99"), Polarity.HIGHER, HIGHER_SET) == Rag.RED


# RAG, lower is better


def test_value_exactly_at_green_threshold_is_green_for_lower_polarity():
    assert rating(Decimal("10"), Polarity.LOWER, LOWER_SET) == Rag.GREEN


def test_value_just_above_green_threshold_is_amber_for_lower_polarity():
    assert rating(Decimal("10.01"), Polarity.LOWER, LOWER_SET) == Rag.AMBER


def test_value_below_green_threshold_is_green_for_lower_polarity():
    assert rating(Decimal("9.99"), Polarity.LOWER, LOWER_SET) == Rag.GREEN


def test_value_exactly_at_red_threshold_is_amber_for_lower_polarity():
    assert rating(Decimal("20"), Polarity.LOWER, LOWER_SET) == Rag.AMBER


def test_value_just_below_red_threshold_is_amber_for_lower_polarity():
    assert rating(Decimal("19.99"), Polarity.LOWER, LOWER_SET) == Rag.AMBER


def test_value_just_above_red_threshold_is_red_for_lower_polarity():
    assert rating(Decimal("20.01"), Polarity.LOWER, LOWER_SET) == Rag.RED


# RAG, numbers of different types


def test_a_float_equal_to_the_threshold_compares_as_written_not_as_binary():
    thresholds = ThresholdSet(APRIL_2024, green_at=Decimal("0.1"), red_at=Decimal("0.05"))
    assert rating(0.1, Polarity.HIGHER, thresholds) == Rag.GREEN
    assert rating(0.1, Polarity.LOWER, ThresholdSet(APRIL_2024, 0.1, 0.2)) == Rag.GREEN


def test_the_value_is_not_rounded_before_comparing():
    assert rating(Decimal("79.99"), Polarity.HIGHER, HIGHER_SET) == Rag.AMBER
    assert rating(79.999, Polarity.HIGHER, HIGHER_SET) == Rag.AMBER


def test_float_thresholds_work_with_decimal_values():
    thresholds = ThresholdSet(APRIL_2024, green_at=80.5, red_at=70.5)
    assert rating(Decimal("80.5"), Polarity.HIGHER, thresholds) == Rag.GREEN
    assert rating(Decimal("70.5"), Polarity.HIGHER, thresholds) == Rag.AMBER


def test_plain_strings_are_accepted_for_polarity_and_status():
    assert rating(Decimal("85"), "higher", HIGHER_SET, status="provisional") == Rag.GREEN
    assert rating(Decimal("85"), "neutral", HIGHER_SET) == Rag.NONE


# RAG, when there is no rating


def test_a_rated_value_says_why():
    assert rate(Decimal("85"), Polarity.HIGHER, HIGHER_SET) == RagResult(
        Rag.GREEN, "At or better than the green threshold"
    )
    assert rate(Decimal("60"), Polarity.HIGHER, HIGHER_SET).reason == "Worse than the red threshold"


def test_neutral_polarity_gets_no_rating():
    assert rate(Decimal("85"), Polarity.NEUTRAL, HIGHER_SET) == RagResult(
        Rag.NONE, "Context measure: no rating"
    )


def test_no_thresholds_in_force_gets_no_rating():
    assert rate(Decimal("85"), Polarity.HIGHER, None) == RagResult(
        Rag.NONE, "No thresholds set for this month"
    )


def test_a_set_without_green_at_gets_no_rating():
    thresholds = ThresholdSet(APRIL_2024, green_at=None, red_at=70)
    assert rate(Decimal("85"), Polarity.HIGHER, thresholds).rating == Rag.NONE


def test_a_set_without_red_at_gets_no_rating():
    thresholds = ThresholdSet(APRIL_2024, green_at=80, red_at=None)
    assert rate(Decimal("85"), Polarity.HIGHER, thresholds).reason == (
        "No thresholds set for this month"
    )


def test_a_month_before_the_first_thresholds_gets_no_rating():
    thresholds = thresholds_in_force([HIGHER_SET], date(2024, 3, 1))
    assert rating(Decimal("85"), Polarity.HIGHER, thresholds) == Rag.NONE


def test_no_figure_gets_no_rating():
    assert rate(None, Polarity.HIGHER, HIGHER_SET) == RagResult(Rag.NONE, "No figure")


def test_an_unavailable_figure_gets_no_rating_and_says_so():
    result = rate(None, Polarity.HIGHER, HIGHER_SET, status=Status.UNAVAILABLE)
    assert result == RagResult(Rag.NONE, "Figure unavailable")


def test_an_unreliable_figure_gets_no_rating_even_with_a_value():
    result = rate(Decimal("85"), Polarity.HIGHER, HIGHER_SET, status=Status.UNRELIABLE)
    assert result == RagResult(Rag.NONE, "Figure unreliable")


def test_the_reason_from_the_data_is_added_to_the_status():
    result = rate(
        Decimal("85"),
        Polarity.HIGHER,
        HIGHER_SET,
        status=Status.UNRELIABLE,
        status_reason="system migration",
    )
    assert result.reason == "Figure unreliable: system migration"


def test_a_provisional_figure_still_gets_a_rating():
    result = rate(Decimal("60"), Polarity.HIGHER, HIGHER_SET, status=Status.PROVISIONAL)
    assert result.rating == Rag.RED
    assert "provisional" in result.reason


def test_a_provisional_figure_at_the_green_threshold_is_green():
    assert rating(80, Polarity.LOWER, ThresholdSet(APRIL_2024, 80, 90), status="provisional") == (
        Rag.GREEN
    )


@pytest.mark.parametrize(
    ("rag", "label"),
    [(Rag.GREEN, "Green"), (Rag.AMBER, "Amber"), (Rag.RED, "Red"), (Rag.NONE, "No rating")],
)
def test_rag_label_gives_the_word(rag, label):
    assert rag_label(rag) == label


def test_rag_label_accepts_the_stored_string():
    assert rag_label("amber") == "Amber"


# RAG properties


@st.composite
def higher_thresholds(draw):
    green_at = draw(numbers)
    red_at = draw(numbers.filter(lambda n: n <= green_at))
    return ThresholdSet(APRIL_2024, green_at, red_at)


@given(higher_thresholds(), numbers, numbers)
def test_higher_polarity_rating_never_falls_as_the_value_rises(thresholds, a, b):
    low, high = sorted([a, b])
    low_rank = RANK[rating(low, Polarity.HIGHER, thresholds)]
    assert low_rank <= RANK[rating(high, Polarity.HIGHER, thresholds)]


@given(higher_thresholds(), numbers)
def test_higher_polarity_rating_matches_the_written_rule(thresholds, value):
    expected = Rag.AMBER
    if value >= thresholds.green_at:
        expected = Rag.GREEN
    elif value < thresholds.red_at:
        expected = Rag.RED
    assert rating(value, Polarity.HIGHER, thresholds) == expected


@given(numbers, numbers, numbers)
def test_lower_polarity_rating_of_v_is_higher_polarity_rating_of_minus_v(value, green_at, red_at):
    lower = ThresholdSet(APRIL_2024, green_at, red_at)
    mirrored = ThresholdSet(APRIL_2024, -green_at, -red_at)
    assert rating(value, Polarity.LOWER, lower) == rating(-value, Polarity.HIGHER, mirrored)


@given(higher_thresholds(), numbers)
def test_a_rated_value_is_never_no_rating(thresholds, value):
    assert rating(value, Polarity.HIGHER, thresholds) != Rag.NONE


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    higher_thresholds(),
)
def test_a_float_rates_the_same_as_its_decimal_text(value, thresholds):
    as_decimal = Decimal(str(value))
    assert rating(value, Polarity.HIGHER, thresholds) == rating(
        as_decimal, Polarity.HIGHER, thresholds
    )


# Direction of travel


def test_a_rise_is_improving_when_higher_is_better():
    assert direction_of_travel(Decimal("78"), Decimal("77"), Polarity.HIGHER, 1) == (
        Direction.IMPROVING
    )


def test_a_rise_is_worsening_when_lower_is_better():
    assert direction_of_travel(Decimal("78"), Decimal("77"), Polarity.LOWER, 1) == (
        Direction.WORSENING
    )


def test_a_fall_is_worsening_when_higher_is_better():
    assert direction_of_travel(76, 77, Polarity.HIGHER, 0) == Direction.WORSENING


def test_a_fall_is_improving_when_lower_is_better():
    assert direction_of_travel(76, 77, Polarity.LOWER, 0) == Direction.IMPROVING


def test_a_neutral_indicator_goes_up_or_down():
    assert direction_of_travel(78, 77, Polarity.NEUTRAL, 0) == Direction.UP
    assert direction_of_travel(76, 77, Polarity.NEUTRAL, 0) == Direction.DOWN


def test_equal_values_are_no_change_for_every_polarity():
    for polarity in Polarity:
        assert direction_of_travel(77, 77, polarity, 1) == Direction.NO_CHANGE


def test_a_change_too_small_to_show_is_no_change():
    assert direction_of_travel(77.04, 77.0, Polarity.HIGHER, 1) == Direction.NO_CHANGE


def test_a_small_change_that_shows_once_rounded_is_a_change():
    assert direction_of_travel(77.06, 77.0, Polarity.HIGHER, 1) == Direction.IMPROVING


def test_rounding_is_half_up_when_comparing():
    assert direction_of_travel(Decimal("77.05"), Decimal("77.0"), Polarity.HIGHER, 1) == (
        Direction.IMPROVING
    )


def test_at_precision_zero_a_change_under_one_is_no_change():
    assert direction_of_travel(426.4, 426, Polarity.LOWER, 0) == Direction.NO_CHANGE


def test_a_missing_current_or_previous_figure_is_not_comparable():
    assert direction_of_travel(None, 77, Polarity.HIGHER, 1) == Direction.NOT_COMPARABLE
    assert direction_of_travel(77, None, Polarity.HIGHER, 1) == Direction.NOT_COMPARABLE
    assert direction_of_travel(None, None, Polarity.NEUTRAL, 1) == Direction.NOT_COMPARABLE


def test_describe_direction_names_the_comparison_month():
    assert describe_direction(Direction.IMPROVING, "November 2024") == (
        "Improving since November 2024"
    )


def test_describe_direction_for_no_change_and_neutral_moves():
    assert describe_direction(Direction.NO_CHANGE, "Dec 2023") == "No change since Dec 2023"
    assert describe_direction(Direction.UP, "Dec 2023") == "Up since Dec 2023"
    assert describe_direction("worsening", "Dec 2023") == "Worsening since Dec 2023"


def test_describe_direction_when_not_comparable():
    assert describe_direction(Direction.NOT_COMPARABLE, "December 2023") == (
        "No comparison with December 2023"
    )


def test_arrow_follows_the_raw_movement_not_its_meaning():
    assert direction_arrow(78, 77, 0) == "▲"
    assert direction_arrow(76, 77, 0) == "▼"


def test_arrow_for_no_visible_change_points_sideways():
    assert direction_arrow(77.04, 77.0, 1) == "▶"


def test_arrow_is_empty_when_not_comparable():
    assert direction_arrow(None, 77, 1) == ""


# Direction properties


@given(numbers, numbers, precisions)
def test_higher_polarity_direction_mirrors_lower(current, previous, precision):
    mirror = {
        Direction.IMPROVING: Direction.WORSENING,
        Direction.WORSENING: Direction.IMPROVING,
        Direction.NO_CHANGE: Direction.NO_CHANGE,
    }
    higher = direction_of_travel(current, previous, Polarity.HIGHER, precision)
    assert mirror[higher] == direction_of_travel(current, previous, Polarity.LOWER, precision)


@given(numbers, numbers, precisions)
def test_neutral_up_is_higher_polarity_improving(current, previous, precision):
    as_neutral = {
        Direction.IMPROVING: Direction.UP,
        Direction.WORSENING: Direction.DOWN,
        Direction.NO_CHANGE: Direction.NO_CHANGE,
    }
    higher = direction_of_travel(current, previous, Polarity.HIGHER, precision)
    assert as_neutral[higher] == direction_of_travel(current, previous, Polarity.NEUTRAL, precision)


@given(shown_figures, shown_figures, precisions)
def test_no_change_exactly_when_the_displayed_figures_agree(current, previous, precision):
    same_on_screen = format_number(current, precision) == format_number(previous, precision)
    direction = direction_of_travel(current, previous, Polarity.HIGHER, precision)
    assert (direction == Direction.NO_CHANGE) == same_on_screen


@given(numbers, numbers, precisions)
def test_swapping_current_and_previous_reverses_the_direction(current, previous, precision):
    forward = direction_of_travel(current, previous, Polarity.NEUTRAL, precision)
    backward = direction_of_travel(previous, current, Polarity.NEUTRAL, precision)
    reverse = {Direction.UP: Direction.DOWN, Direction.DOWN: Direction.UP}
    assert backward == reverse.get(forward, forward)


@given(numbers, numbers, precisions)
def test_arrow_agrees_with_neutral_direction(current, previous, precision):
    arrows = {Direction.UP: "▲", Direction.DOWN: "▼", Direction.NO_CHANGE: "▶"}
    direction = direction_of_travel(current, previous, Polarity.NEUTRAL, precision)
    assert direction_arrow(current, previous, precision) == arrows[direction]


# Year-to-date counts: thresholds pro-rated to the month

F2_YEAR = ThresholdSet(APRIL_2024, green_at=20, red_at=12, target=20)
SEPTEMBER_2024 = date(2024, 9, 1)
MARCH_2025 = date(2025, 3, 1)
APRIL_2025 = date(2025, 4, 1)
YTD, COUNT = PeriodType.YEAR_TO_DATE, Unit.COUNT


def counted(period_type=YTD, unit=COUNT, polarity=Polarity.HIGHER, precision=0):
    return SimpleNamespace(
        period_type=period_type, unit=unit, polarity=polarity, precision=precision
    )


F2 = counted()


def scaled(thresholds):
    return (thresholds.green_at, thresholds.red_at, thresholds.target)


def test_a_year_to_date_count_in_september_is_judged_against_half_the_years_thresholds():
    september = pro_rated(F2_YEAR, SEPTEMBER_2024, Polarity.HIGHER, 0)
    assert scaled(september) == (10, 6, 10)
    assert september.whole_year == F2_YEAR


def test_in_april_a_year_to_date_count_is_judged_against_a_twelfth_of_the_year_rounded():
    assert scaled(pro_rated(F2_YEAR, APRIL_2024, Polarity.HIGHER, 0)) == (2, 1, 2)


def test_in_march_a_year_to_date_count_is_judged_against_the_whole_years_thresholds():
    assert scaled(pro_rated(F2_YEAR, MARCH_2025, Polarity.HIGHER, 0)) == (20, 12, 20)


def test_pro_rated_thresholds_round_up_when_higher_is_better_so_behind_the_pace_is_not_green():
    may = pro_rated(F2_YEAR, date(2024, 5, 1), Polarity.HIGHER, 0)  # 3.33 a year's 2/12
    assert scaled(may) == (4, 2, 4)
    assert rating(3, Polarity.HIGHER, may) == Rag.AMBER
    assert pro_rated(F2_YEAR, APRIL_2024, Polarity.HIGHER, 1).green_at == Decimal("1.7")


def test_pro_rated_thresholds_round_down_when_lower_is_better():
    may = pro_rated(ThresholdSet(APRIL_2024, 20, 40, 20), date(2024, 5, 1), Polarity.LOWER, 0)
    assert scaled(may) == (3, 6, 3)  # 3.33 and 6.67
    assert rating(4, Polarity.LOWER, may) == Rag.AMBER


def test_small_yearly_thresholds_keep_red_reachable_in_april():
    april = pro_rated(ThresholdSet(APRIL_2024, 5, 3, 5), APRIL_2024, Polarity.HIGHER, 0)
    assert rating(0, Polarity.HIGHER, april) == Rag.RED
    assert rating(1, Polarity.HIGHER, april) == Rag.GREEN


@given(
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=11),
    st.sampled_from([Polarity.HIGHER, Polarity.LOWER]),
)
def test_a_whole_count_is_rated_as_against_the_unrounded_share_of_the_year(
    count, yearly, months_after_april, polarity
):
    green, red = (yearly, yearly // 2) if polarity == Polarity.HIGHER else (yearly, yearly * 2)
    whole_year = ThresholdSet(APRIL_2024, green, red, green)
    month = add_months(APRIL_2024, months_after_april)
    months = months_after_april + 1
    # Multiplied before divided, as the code does: a twelfth taken first is a recurring decimal.
    green_share, red_share = Decimal(green * months) / 12, Decimal(red * months) / 12
    exact = ThresholdSet(APRIL_2024, green_share, red_share, green_share)
    assert rating(count, polarity, pro_rated(whole_year, month, polarity, 0)) == rating(
        count, polarity, exact
    )


def test_a_share_of_the_year_that_comes_out_whole_is_not_lost_to_a_recurring_decimal():
    # 12 x 1/12 is exactly 1; a twelfth taken first would leave 0.999... and round down to 0.
    april = pro_rated(ThresholdSet(APRIL_2024, 12, 24), APRIL_2024, Polarity.LOWER, 0)
    assert april.green_at == Decimal(1)


def test_a_missing_target_stays_missing_when_pro_rated():
    assert (
        pro_rated(ThresholdSet(APRIL_2024, 20, 12), SEPTEMBER_2024, Polarity.HIGHER, 0).target
        is None
    )


def test_no_thresholds_in_force_stay_none_when_pro_rated():
    assert pro_rated(None, SEPTEMBER_2024, Polarity.HIGHER, 0) is None
    assert thresholds_for_months([F2_YEAR], [date(2024, 3, 1)], F2) == [None]


def test_thresholds_for_months_pro_rates_a_year_to_date_count_month_by_month():
    months = [MARCH_2025, APRIL_2025]
    found = thresholds_for_months([F2_YEAR], months, F2)
    assert [scaled(t) for t in found] == [(20, 12, 20), (2, 1, 2)]


@pytest.mark.parametrize(
    ("period_type", "unit"),
    [(YTD, Unit.PERCENT), (PeriodType.SNAPSHOT, COUNT), (PeriodType.ROLLING_12, COUNT)],
)
def test_only_a_year_to_date_count_is_pro_rated(period_type, unit):
    months = month_range(APRIL_2024, MARCH_2025)
    found = thresholds_for_months([F2_YEAR], months, counted(period_type, unit, precision=1))
    assert found == thresholds_by_month([F2_YEAR], months)


@pytest.mark.parametrize(("value", "rag"), [(10, Rag.GREEN), (6, Rag.AMBER), (5, Rag.RED)])
def test_a_year_to_date_count_in_september_is_rated_against_its_pro_rated_thresholds(value, rag):
    thresholds = thresholds_for_months([F2_YEAR], [SEPTEMBER_2024], F2)[0]
    assert rating(value, Polarity.HIGHER, thresholds) == rag


def test_a_year_to_date_count_on_pace_in_april_is_not_red():
    thresholds = thresholds_for_months([F2_YEAR], [APRIL_2025], F2)[0]
    assert rating(2, Polarity.HIGHER, thresholds) == Rag.GREEN
    assert rating(2, Polarity.HIGHER, F2_YEAR) == Rag.RED


def test_a_neutral_year_to_date_count_still_gets_no_rating():
    thresholds = thresholds_for_months([F2_YEAR], [SEPTEMBER_2024], F2)[0]
    assert rate(40, Polarity.NEUTRAL, thresholds) == RagResult(
        Rag.NONE, "Context measure: no rating"
    )


@given(higher_thresholds(), start_months, precisions)
def test_pro_rating_keeps_green_at_or_above_red_when_higher_is_better(thresholds, month, places):
    scaled_set = pro_rated(thresholds, month, Polarity.HIGHER, places)
    assert scaled_set.green_at >= scaled_set.red_at


@given(st.decimals(min_value=0, max_value=10_000, places=2), start_months, precisions)
def test_a_pro_rated_target_grows_through_the_year_to_the_whole_years(target, month, places):
    thresholds = ThresholdSet(APRIL_2024, target, target, target)
    april = financial_year_start(month)
    year = [
        pro_rated(thresholds, add_months(april, n), Polarity.HIGHER, places).target
        for n in range(12)
    ]
    assert year == sorted(year)
    assert year[-1] == target.quantize(Decimal(1).scaleb(-places), rounding=ROUND_CEILING)


def test_the_target_shown_for_a_year_to_date_count_says_both_figures():
    september = pro_rated(F2_YEAR, SEPTEMBER_2024, Polarity.HIGHER, 0)
    assert describe_target(september, SEPTEMBER_2024, COUNT, 0) == "10 by September (20 a year)"


def test_the_target_shown_for_other_indicators_is_the_target_alone():
    assert describe_target(ThresholdSet(APRIL_2024, 95, 90, 95), APRIL_2024, Unit.PERCENT, 1) == (
        "95.0%"
    )


def test_no_target_is_shown_as_none_set():
    assert describe_target(None, APRIL_2024, COUNT, 0) == "None set"
    no_target = pro_rated(ThresholdSet(APRIL_2024, 20, 12), SEPTEMBER_2024, Polarity.HIGHER, 0)
    assert describe_target(no_target, SEPTEMBER_2024, COUNT, 0) == "None set"


# Year-to-date counts: direction of travel


def ytd_direction(current, previous, month, earlier, polarity=Polarity.HIGHER):
    return direction_of_travel(current, previous, polarity, 0, (month, earlier))


def test_a_year_to_date_count_in_april_is_not_comparable_with_march():
    assert ytd_direction(2, 19, APRIL_2025, MARCH_2025) == Direction.RESTARTED


def test_the_april_restart_is_said_in_words_with_no_arrow():
    assert describe_direction(Direction.RESTARTED, "March 2025") == (
        "Not comparable: the year-to-date count restarts in April"
    )
    assert direction_arrow(2, 19, 0, Direction.RESTARTED) == ""


def test_within_the_year_a_year_to_date_count_only_goes_up_neither_better_nor_worse():
    october = date(2024, 10, 1)
    assert ytd_direction(11, 10, october, SEPTEMBER_2024) == Direction.UP
    assert ytd_direction(10, 10, october, SEPTEMBER_2024) == Direction.NO_CHANGE
    assert ytd_direction(11, 10, october, SEPTEMBER_2024, Polarity.LOWER) == Direction.UP


def test_a_year_to_date_count_against_the_same_month_a_year_earlier_keeps_its_polarity():
    assert ytd_direction(3, 2, APRIL_2025, APRIL_2024) == Direction.IMPROVING
    assert ytd_direction(8, 10, SEPTEMBER_2024, date(2023, 9, 1)) == Direction.WORSENING
    assert ytd_direction(8, 10, SEPTEMBER_2024, date(2023, 9, 1), Polarity.LOWER) == (
        Direction.IMPROVING
    )


def test_other_indicators_falling_from_march_to_april_are_still_worsening():
    assert direction_of_travel(2, 19, Polarity.HIGHER, 0) == Direction.WORSENING


@given(start_months, start_months, numbers, numbers)
def test_a_year_to_date_count_is_rated_by_polarity_only_like_for_like(month, earlier, a, b):
    direction = ytd_direction(a, b, month, earlier)
    if month.month == earlier.month:
        assert direction == direction_of_travel(a, b, Polarity.HIGHER, 0)
    elif financial_year_start(month) == financial_year_start(earlier):
        assert direction in (Direction.UP, Direction.DOWN, Direction.NO_CHANGE)
    else:
        assert direction == Direction.RESTARTED


@pytest.mark.parametrize(
    ("value", "marks", "polarity", "precision", "places"),
    [
        (Decimal("94.96"), (95,), Polarity.HIGHER, 1, 2),  # shown as 95.0 it would look met
        (94.996, (95,), Polarity.HIGHER, 1, 3),
        (Decimal("95.04"), (95,), Polarity.HIGHER, 1, 1),  # meets it: 95.0 tells no lie
        (Decimal("5.04"), (5,), Polarity.LOWER, 1, 2),  # lower is better: above misses
        (Decimal("4.96"), (5,), Polarity.LOWER, 1, 1),
        (Decimal("84"), (95, 95, 90), Polarity.HIGHER, 1, 1),  # well short: plain to see
        (Decimal("89.96"), (95, 95, 90), Polarity.HIGHER, 1, 2),  # the red threshold too
        (Decimal("94.99999"), (95,), Polarity.HIGHER, 1, 1),  # past every extra place
        (Decimal("94.96"), (95,), Polarity.NEUTRAL, 1, 1),  # no rating to explain
        (Decimal("94.96"), (None, None), Polarity.HIGHER, 1, 1),
        (None, (95,), Polarity.HIGHER, 1, 1),
        (Decimal("9.6"), (10,), Polarity.HIGHER, 0, 1),
    ],
)
def test_places_apart_shows_a_figure_apart_from_a_mark_it_misses(
    value, marks, polarity, precision, places
):
    assert places_apart(value, marks, polarity, precision) == places


def test_marks_of_are_the_target_and_thresholds_in_force():
    assert marks_of(None) == ()
    assert marks_of(ThresholdSet(APRIL_2024, 80, 70, 85)) == (85, 80, 70)


@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=5),
    mark=st.decimals(min_value=-1000, max_value=1000, places=2),
    polarity=st.sampled_from([Polarity.HIGHER, Polarity.LOWER]),
    precision=st.integers(min_value=0, max_value=2),
)
def test_a_missed_mark_never_looks_met_unless_no_extra_place_tells_them_apart(
    value, mark, polarity, precision
):
    places = places_apart(value, (mark,), polarity, precision)
    missed = value < mark if polarity == Polarity.HIGHER else value > mark
    apart_at_most = format_number(value, precision + 3) != format_number(mark, precision + 3)
    if missed and apart_at_most:
        assert format_number(value, places) != format_number(mark, places)
        assert places == precision or format_number(value, places - 1) == format_number(
            mark, places - 1
        )  # no more places than it takes
    else:
        assert places == precision
