from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.choices import Polarity, Unit
from scorecard.spc import (
    MAKING_DATA_COUNT,
    Assurance,
    Rule,
    RuleSet,
    Side,
    Variation,
    analyse,
    not_applied,
)
from scorecard.spc_icons import assurance_icon, variation_icon

# 9, 11, 9, 11, ... : mean 10, every moving range 2.
STEADY = [9, 11] * 10


def flagged(result, rule):
    return [point.index for point in result.points if rule in point.rules]


def test_a_point_outside_the_limits_is_special_cause():
    # 20 steady figures then 31: mean 231 / 21 = 11; moving ranges are nineteen 2s and one 20,
    # so MR-bar = 58 / 20 = 2.9; limits 11 ± 2.66 × 2.9 = 11 ± 7.714, i.e. 3.286 to 18.714;
    # two sigma is 11 ± 7.714 × 2/3 = 11 ± 5.143.
    result = analyse([*STEADY, 31], Polarity.HIGHER)
    assert result.mean == pytest.approx(11)
    assert result.mean_moving_range == pytest.approx(2.9)
    assert result.upper_limit == pytest.approx(18.714)
    assert result.lower_limit == pytest.approx(3.286)
    assert result.upper_two_sigma == pytest.approx(11 + 7.714 * 2 / 3)
    assert flagged(result, Rule.OUTSIDE_LIMITS) == [20]
    assert [point.index for point in result.points if point.special_cause] == [20]
    assert result.latest.signal == Side.HIGH
    assert result.variation == Variation.IMPROVING_HIGH
    assert not result.trial


def test_the_same_series_is_concerning_when_lower_is_better():
    assert analyse([*STEADY, 31], Polarity.LOWER).variation == Variation.CONCERNING_HIGH


def test_a_low_point_is_concerning_when_higher_is_better_and_improving_when_lower_is():
    assert analyse([*STEADY, -9], Polarity.HIGHER).variation == Variation.CONCERNING_LOW
    assert analyse([*STEADY, -9], Polarity.LOWER).variation == Variation.IMPROVING_LOW


def test_a_neutral_indicator_gets_a_special_cause_that_is_neither_good_nor_bad():
    assert analyse([*STEADY, 31], Polarity.NEUTRAL).variation == Variation.NEUTRAL_HIGH
    assert analyse([*STEADY, -9], Polarity.NEUTRAL).variation == Variation.NEUTRAL_LOW
    assert analyse(STEADY, Polarity.NEUTRAL).variation == Variation.COMMON_CAUSE


def test_seven_in_a_row_above_the_mean_is_a_shift_and_every_point_is_flagged():
    # Sum 53 + 77 = 130 over 13 figures: the mean is exactly 10, and the 11s are above it.
    result = analyse([6, 14, 6, 14, 6, 7, *[11] * 7], Polarity.HIGHER)
    assert result.mean == pytest.approx(10)
    assert flagged(result, Rule.SHIFT) == list(range(6, 13))
    assert {point.signal for point in result.points if point.special_cause} == {Side.HIGH}
    assert result.variation == Variation.IMPROVING_HIGH


def test_six_in_a_row_is_not_a_shift():
    result = analyse([6, 14, 6, 14, 6, 7, *[11] * 6], Polarity.HIGHER)
    assert flagged(result, Rule.SHIFT) == []
    assert result.variation == Variation.COMMON_CAUSE


def test_a_point_exactly_on_the_mean_breaks_a_shift():
    # Sum 140 over 14 figures: the mean is exactly 10, the 10 in the middle of the 11s.
    result = analyse([6, 14, 6, 14, 6, 7, 11, 11, 11, 11, 10, 11, 11, 11], Polarity.HIGHER)
    assert result.mean == 10
    assert result.points[10].side == Side.ON_MEAN
    assert flagged(result, Rule.SHIFT) == []


def test_seven_strictly_rising_points_are_a_trend():
    result = analyse([10, 20, 10, 20, 10, 20, 13, 14, 15, 16, 17, 18, 19], Polarity.LOWER)
    assert flagged(result, Rule.TREND) == list(range(6, 13))
    assert [point.index for point in result.points if point.special_cause] == list(range(6, 13))
    assert result.variation == Variation.CONCERNING_HIGH


def test_a_tie_breaks_a_trend_so_six_rising_steps_around_it_are_not_flagged():
    # 13, 14, 15, 15, 16, 17, 18, 19: six rising steps, but 15 to 15 is not a rise.
    result = analyse([10, 20, 10, 20, 10, 20, 13, 14, 15, 15, 16, 17, 18, 19], Polarity.HIGHER)
    assert flagged(result, Rule.TREND) == []
    assert result.variation == Variation.COMMON_CAUSE


def test_a_falling_trend_points_low_even_above_the_mean():
    # 20 to 19 is a fall too, so the trend is the eight figures from the last 20.
    result = analyse([10, 20, 10, 20, 10, 20, 19, 18, 17, 16, 15, 14, 13], Polarity.HIGHER)
    assert flagged(result, Rule.TREND) == list(range(5, 13))
    assert result.latest.signal == Side.LOW
    assert result.variation == Variation.CONCERNING_LOW


def test_two_of_three_beyond_two_sigma_on_the_same_side_flags_both():
    # Upper two sigma is about 14.6, upper limit about 16.7: both 15s are between them.
    result = analyse([*STEADY, 15, 10, 15], Polarity.HIGHER)
    assert result.upper_two_sigma < 15 < result.upper_limit
    assert flagged(result, Rule.TWO_OF_THREE) == [20, 22]
    assert not result.points[21].special_cause
    assert result.variation == Variation.IMPROVING_HIGH


def test_two_of_three_on_opposite_sides_of_the_mean_is_not_special_cause():
    result = analyse([*STEADY, 15, 10, 5], Polarity.HIGHER)
    assert result.lower_two_sigma > 5
    assert result.upper_two_sigma < 15
    assert flagged(result, Rule.TWO_OF_THREE) == []
    assert result.variation == Variation.COMMON_CAUSE


def test_fewer_than_twelve_points_give_trial_limits():
    assert analyse(STEADY[:11], Polarity.HIGHER).trial
    assert not analyse(STEADY[:12], Polarity.HIGHER).trial


def test_fewer_than_two_points_give_no_spc():
    result = analyse([None, 42], Polarity.HIGHER, target=40)
    assert result.variation == Variation.INSUFFICIENT_DATA
    assert result.mean is None and result.upper_limit is None
    assert result.assurance is None
    assert [(point.index, point.value) for point in result.points] == [(1, 42)]
    assert result.summary() == "Not enough data for SPC: 1 figure, at least 2 needed."


def test_an_empty_series_gives_no_spc():
    assert analyse([], Polarity.HIGHER).variation == Variation.INSUFFICIENT_DATA


def test_missing_figures_are_skipped_but_points_keep_their_place_in_the_input():
    with_gaps = analyse([9, None, 11, 9, None, 11, 31], Polarity.HIGHER)
    without = analyse([9, 11, 9, 11, 31], Polarity.HIGHER)
    assert [point.index for point in with_gaps.points] == [0, 2, 3, 5, 6]
    assert with_gaps.mean == without.mean
    assert with_gaps.upper_limit == without.upper_limit


def test_only_the_latest_twenty_four_figures_are_used():
    result = analyse([1000] * 6 + STEADY + [9, 11, 9, 11], Polarity.HIGHER)
    assert result.points[0].index == 6
    assert len(result.points) == 24
    assert result.mean == pytest.approx(10)


def test_decimal_figures_give_the_same_result_as_floats():
    decimals = [Decimal("9.0"), Decimal("11.0")] * 6
    assert analyse(decimals, Polarity.HIGHER) == analyse([9.0, 11.0] * 6, Polarity.HIGHER)


def test_a_constant_series_has_limits_on_the_mean_and_no_special_cause():
    result = analyse([0.1] * 15, Polarity.HIGHER)
    assert result.mean == result.upper_limit == result.lower_limit == 0.1
    assert result.mean_moving_range == 0
    assert not any(point.special_cause for point in result.points)
    assert result.variation == Variation.COMMON_CAUSE


@pytest.mark.parametrize(
    ("polarity", "target", "assurance"),
    [
        (Polarity.HIGHER, 4, Assurance.CONSISTENTLY_MET),
        (Polarity.HIGHER, 16, Assurance.CONSISTENTLY_MISSED),
        (Polarity.HIGHER, 10, Assurance.HIT_AND_MISS),
        (Polarity.LOWER, 16, Assurance.CONSISTENTLY_MET),
        (Polarity.LOWER, 4, Assurance.CONSISTENTLY_MISSED),
        (Polarity.LOWER, 10, Assurance.HIT_AND_MISS),
    ],
)
def test_assurance_compares_the_target_with_the_process_limits(polarity, target, assurance):
    # Mean 10, MR-bar 2: limits 10 ± 5.32, i.e. 4.68 to 15.32.
    assert analyse(STEADY[:12], polarity, target=target).assurance == assurance


def test_a_target_on_a_constant_series_is_consistently_met():
    assert analyse([5] * 12, Polarity.HIGHER, 5).assurance == Assurance.CONSISTENTLY_MET


def test_there_is_no_assurance_without_a_target_or_for_a_neutral_indicator():
    assert analyse(STEADY, Polarity.HIGHER).assurance is None
    assert analyse(STEADY, Polarity.NEUTRAL, target=10).assurance is None


def test_the_rule_set_can_switch_rules_off():
    outside_off = RuleSet(name="No limits rule", outside_limits=False, two_of_three=False)
    result = analyse([*STEADY, 31], Polarity.HIGHER, rule_set=outside_off)
    assert result.variation == Variation.COMMON_CAUSE
    assert result.rule_set.name == "No limits rule"
    assert analyse(STEADY, Polarity.HIGHER).rule_set == MAKING_DATA_COUNT


def test_the_summary_describes_common_cause_with_the_mean_and_limits():
    result = analyse(STEADY[:12], Polarity.HIGHER)
    assert result.summary(Unit.PERCENT, 1) == (
        "Common cause variation: the latest figure is within the expected range "
        "(mean 10.0%, limits 4.7% to 15.3%)."
    )


def test_the_summary_explains_a_special_cause_and_trial_limits():
    # Mean 140 / 11 = 12.7; MR-bar (9 × 2 + 29) / 10 = 4.7; limits 12.7 ± 12.5.
    result = analyse([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 40], Polarity.LOWER)
    assert result.summary(Unit.DAYS, 0) == (
        "Special cause: concerning (higher): the latest figure is above the upper limit "
        "(mean 13 days, limits 0 days to 25 days). Trial limits: fewer than 12 figures."
    )


def test_the_summary_names_a_shift():
    result = analyse([6, 14, 6, 14, 6, 7, *[11] * 7], Polarity.HIGHER)
    assert "the latest figure is in a run of 7 or more above the mean" in result.summary()


figures = st.one_of(
    st.none(),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=500),
)


@given(
    values=st.lists(figures, max_size=40),
    polarity=st.sampled_from(list(Polarity)),
    target=st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6)),
)
def test_any_series_is_analysed_without_error_and_the_mean_sits_within_the_limits(
    values, polarity, target
):
    result = analyse(values, polarity, target)
    assert len(result.points) == min(24, sum(value is not None for value in values))
    assert result.summary()
    if result.variation != Variation.INSUFFICIENT_DATA:
        assert result.lower_limit <= result.lower_two_sigma <= result.mean
        assert result.mean <= result.upper_two_sigma <= result.upper_limit


def test_a_month_without_a_usable_figure_gets_no_verdict_though_its_limits_are_drawn():
    result = analyse([*STEADY, 30, None], Polarity.HIGHER, target=10)
    assert result.variation == Variation.NO_FIGURE and result.assurance is None
    assert result.mean is not None and result.points[-1].special_cause
    assert result.summary().startswith("No SPC verdict: this month's figure is missing")


def test_spc_not_applied_has_no_limits_points_verdict_or_icon_and_says_why():
    result = not_applied()
    assert (result.mean, result.upper_limit, result.points) == (None, None, ())
    assert result.variation == Variation.NOT_APPLIED and result.assurance is None
    assert result.variation.label == "Not applied to a year-to-date total"
    assert result.summary().startswith("SPC is not applied to a year-to-date total")
    assert variation_icon(result.variation) == "" and assurance_icon(result.assurance) == ""


def test_limits_are_shown_within_what_the_unit_can_be_and_the_rules_keep_the_raw_limits():
    # Mean 97.5, MR-bar 5: raw limits 97.5 ± 13.3, i.e. 84.2 to 110.8.
    result = analyse([95, 100] * 6, Polarity.HIGHER)
    assert result.upper_limit > 100
    assert result.shown_limits(Unit.PERCENT) == (result.lower_limit, 100.0)
    assert "limits 84.2% to 100.0%" in result.summary(Unit.PERCENT, 1)
    assert result.shown_limits(Unit.NUMBER) == (result.lower_limit, result.upper_limit)


def test_a_count_lower_limit_below_zero_is_shown_as_zero_but_a_score_may_be_negative():
    result = analyse([1, 9] * 6, Polarity.LOWER)
    assert result.lower_limit < 0
    assert result.shown_limits(Unit.COUNT)[0] == 0.0
    assert result.shown_limits(Unit.SCORE)[0] == result.lower_limit
    assert analyse([None, 5], Polarity.LOWER).shown_limits(Unit.COUNT) == (None, None)
