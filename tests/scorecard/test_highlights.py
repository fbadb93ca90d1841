from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from indicators.choices import Direction, PeriodType, Polarity, Status, Unit
from indicators.rules import ThresholdSet
from scorecard.highlights import (
    Breakdown,
    Category,
    Highlight,
    Kind,
    Point,
    Series,
    missed_target_runs,
    month_highlights,
    series_highlights,
)

CARE_PLANS = "Children looked after with an up-to-date care plan"
DECEMBER = date(2024, 12, 1)


def month_after(start: date, months: int) -> date:
    number = start.year * 12 + start.month - 1 + months
    return date(number // 12, number % 12 + 1, 1)


def monthly(values, *, end=DECEMBER, target=None, **fields) -> Series:
    """A series whose last value is for end, one value a month before it."""
    start = month_after(end, 1 - len(values))
    points = tuple(
        Point(month_after(start, position), value, target=target)
        for position, value in enumerate(values)
    )
    defaults = {
        "code": "CLA-CP",
        "name": CARE_PLANS,
        "unit": Unit.PERCENT,
        "polarity": Polarity.HIGHER,
        "precision": 1,
    }
    return Series(points=points, **{**defaults, **fields})


def sentences(series, month=DECEMBER, kind=None):
    found = series_highlights(series, month)
    return [highlight.sentence for highlight in found if kind is None or highlight.kind == kind]


def with_latest(series: Series, **changes) -> Series:
    return replace(series, points=(*series.points[:-1], series.points[-1]._replace(**changes)))


def test_a_dip_through_two_months_is_reported_from_its_start():
    found = series_highlights(monthly([91.0, 84.0, 77.0]), DECEMBER)
    assert found == [
        Highlight(
            "CLA-CP",
            Kind.BIG_MOVEMENT,
            f"{CARE_PLANS} fell from 91.0% in October to 77.0% in December",
            89,
            Direction.WORSENING,
        )
    ]


def test_a_movement_across_a_new_year_names_both_years():
    series = monthly([84.0, 91.0], end=date(2025, 1, 1))
    assert sentences(series, date(2025, 1, 1)) == [
        f"{CARE_PLANS} rose from 84.0% in December 2024 to 91.0% in January 2025"
    ]


def test_a_rise_then_fall_is_compared_with_the_peak():
    assert sentences(monthly([77.0, 91.0, 77.0])) == [
        f"{CARE_PLANS} fell from 91.0% in November to 77.0% in December"
    ]


def test_equal_changes_are_reported_against_the_nearer_month():
    assert sentences(monthly([91.0, 80.0, 91.0, 77.0])) == [
        f"{CARE_PLANS} fell from 91.0% in November to 77.0% in December"
    ]


def test_a_percentage_must_move_five_points_to_be_big():
    assert sentences(monthly([80.0, 84.9])) == []
    assert sentences(monthly([80.0, 85.0])) == [
        f"{CARE_PLANS} rose from 80.0% in November to 85.0% in December"
    ]


def test_other_units_must_move_a_tenth_of_the_earlier_figure():
    days = {"unit": Unit.DAYS, "precision": 0, "name": "Average days to adoption"}
    assert sentences(monthly([400, 439], **days)) == []
    assert sentences(monthly([400, 440], **days)) == [
        "Average days to adoption rose from 400 days in November to 440 days in December"
    ]


def test_a_rise_from_zero_is_not_a_relative_movement():
    assert sentences(monthly([0, 3], unit=Unit.COUNT, precision=0)) == []


def test_a_change_too_small_to_display_is_not_a_movement():
    assert sentences(monthly([0.01, 0.014], unit=Unit.NUMBER, precision=1)) == []


def test_movement_importance_follows_polarity_but_the_wording_does_not():
    rise = monthly([10.0, 15.0], polarity=Polarity.LOWER)
    [highlight] = series_highlights(rise, DECEMBER)
    assert highlight.sentence == f"{CARE_PLANS} rose from 10.0% in November to 15.0% in December"
    assert (highlight.direction, highlight.importance) == (Direction.WORSENING, 80)
    [neutral] = series_highlights(replace(rise, polarity=Polarity.NEUTRAL), DECEMBER)
    assert (neutral.direction, neutral.importance) == (Direction.UP, 45)


def test_decimal_figures_are_compared_like_floats():
    assert sentences(monthly([Decimal("91.0"), Decimal("84.0"), Decimal("77.0")])) == [
        f"{CARE_PLANS} fell from 91.0% in October to 77.0% in December"
    ]


def test_highest_in_twenty_four_months_stops_at_the_last_figure_as_high():
    values = [80.0] * 11 + [96.0] + [80.0] * 23 + [82.0]
    assert sentences(monthly(values), kind=Kind.HIGHEST) == [
        f"Highest in 24 months: {CARE_PLANS} at 82.0% in December"
    ]


def test_an_equal_earlier_figure_means_it_is_not_strictly_the_highest():
    assert sentences(monthly([82.0] + [80.0] * 10 + [82.0]), kind=Kind.HIGHEST) == []
    assert sentences(monthly([82.0] + [80.0] * 11 + [82.0]), kind=Kind.HIGHEST) == [
        f"Highest in 12 months: {CARE_PLANS} at 82.0% in December"
    ]


def test_the_highest_of_all_the_figures_held_is_on_record():
    assert sentences(monthly([80.0] * 12 + [82.0]), kind=Kind.HIGHEST) == [
        f"Highest on record: {CARE_PLANS} at 82.0% in December"
    ]


def test_the_highest_of_the_months_read_is_not_on_record_when_earlier_figures_are_held():
    series = replace(monthly([80.0] * 35 + [82.0]), held_before=True)
    assert sentences(series, kind=Kind.HIGHEST) == [
        f"Highest in 36 months: {CARE_PLANS} at 82.0% in December"
    ]


def test_highest_for_longer_than_three_years_is_said_as_thirty_six_months():
    values = [90.0] + [80.0] * 48 + [82.0]
    assert sentences(monthly(values), kind=Kind.HIGHEST) == [
        f"Highest in 36 months: {CARE_PLANS} at 82.0% in December"
    ]


def test_fewer_than_twelve_months_is_not_a_record():
    assert sentences(monthly([80.0] * 10 + [82.0]), kind=Kind.HIGHEST) == []


def test_the_lowest_figure_is_good_news_when_lower_is_better():
    series = monthly([30.0] * 12 + [29.0], polarity=Polarity.LOWER, name="Placement moves")
    [highlight] = series_highlights(series, DECEMBER)
    assert highlight.sentence == "Lowest on record: Placement moves at 29.0% in December"
    assert (highlight.kind, highlight.direction, highlight.importance) == (
        Kind.LOWEST,
        Direction.IMPROVING,
        40,
    )


def test_three_months_below_target_is_reported_with_the_name():
    series = monthly([95.0, 89.0, 88.0, 87.0], target=90.0)
    assert sentences(series, kind=Kind.MISSED_TARGET) == [
        f"Below target for 3 consecutive months: {CARE_PLANS}, 87.0% against a target of 90.0% "
        "in December"
    ]


def test_two_months_below_target_is_not_reported():
    assert sentences(monthly([95.0, 91.0, 88.0, 87.0], target=90.0), kind=Kind.MISSED_TARGET) == []


def test_above_target_counts_as_missing_it_when_lower_is_better():
    series = monthly([12.0, 13.0, 14.0], target=10.0, polarity=Polarity.LOWER, name="Moves")
    assert sentences(series, kind=Kind.MISSED_TARGET) == [
        "Above target for 3 consecutive months: Moves, 14.0% against a target of 10.0% in December"
    ]


def test_a_month_without_a_figure_breaks_a_run_below_target():
    series = monthly([88.0, None, 88.0, 87.0], target=90.0)
    assert sentences(series, kind=Kind.MISSED_TARGET) == []


def test_a_neutral_indicator_never_misses_a_target():
    series = monthly([88.0, 88.0, 87.0], target=90.0, polarity=Polarity.NEUTRAL)
    assert sentences(series, kind=Kind.MISSED_TARGET) == []


def test_the_indicators_ending_a_run_of_missed_targets_are_found_by_code():
    run = monthly([95.0, 89.0, 88.0, 87.0], target=90.0, code="IN-RUN")
    short = monthly([95.0, 91.0, 88.0, 87.0], target=90.0, code="SHORT")
    ended = with_latest(
        monthly([89.0, 88.0, 87.0, 80.0], target=90.0, code="ENDED"), status=Status.UNRELIABLE
    )
    assert missed_target_runs([run, short, ended], DECEMBER) == {"IN-RUN"}
    assert missed_target_runs([run, short, ended], month_after(DECEMBER, -1)) == {"ENDED"}


def test_a_denominator_under_ten_is_flagged_with_its_count():
    series = with_latest(
        monthly([50.0], name="Care leavers in education"), numerator=3, denominator=6
    )
    assert sentences(series) == [
        "Based on fewer than 10 children: Care leavers in education, 50.0% (3 of 6) in December"
    ]


def test_a_small_denominator_says_what_it_counts_and_an_average_shows_no_count():
    caseload = monthly([23.5], name="Caseload per personal adviser", unit=Unit.NUMBER)
    caseload = replace(caseload, counted="personal adviser full-time equivalents")
    assert sentences(with_latest(caseload, numerator=141, denominator=6)) == [
        "Based on fewer than 10 personal adviser full-time equivalents: Caseload per personal "
        "adviser, 23.5 in December"
    ]


def test_a_denominator_of_ten_is_not_small():
    assert sentences(with_latest(monthly([50.0]), numerator=5, denominator=10)) == []


def test_a_denominator_of_nothing_is_the_smallest_of_all():
    named = monthly([0.0], name="Care leavers in education")
    series = with_latest(named, numerator=0, denominator=0)
    assert sentences(series) == [
        "Based on fewer than 10 children: Care leavers in education, 0.0% (0 of 0) in December"
    ]


def test_a_month_with_no_figure_says_so_and_nothing_else():
    assert sentences(monthly([91.0, 84.0, None])) == [f"No figure for {CARE_PLANS} in December"]
    assert sentences(monthly([91.0]), date(2025, 1, 1)) == [
        f"No figure for {CARE_PLANS} in January"
    ]


def test_an_unavailable_or_unreliable_month_says_why():
    series = monthly([91.0, 84.0, 70.0])
    assert sentences(with_latest(series, status=Status.UNAVAILABLE)) == [
        f"No figure for {CARE_PLANS} in December: marked unavailable"
    ]
    [unreliable] = series_highlights(with_latest(series, status=Status.UNRELIABLE), DECEMBER)
    assert unreliable.kind == Kind.UNRELIABLE
    assert unreliable.sentence == f"The figure for {CARE_PLANS} in December is marked unreliable"


def test_an_unreliable_earlier_figure_is_not_compared():
    series = monthly([91.0, 84.0, 77.0])
    unreliable_october = series.points[0]._replace(status=Status.UNRELIABLE)
    series = replace(series, points=(unreliable_october, *series.points[1:]))
    assert sentences(series) == [f"{CARE_PLANS} fell from 84.0% in November to 77.0% in December"]


def test_month_highlights_put_the_most_important_first_then_order_by_code():
    worse = monthly([91.0, 77.0], code="B")
    better = monthly([77.0, 91.0], code="A")
    missing = monthly([91.0, None], code="C")
    also_worse = monthly([91.0, 77.0], code="A2")
    found = month_highlights([worse, better, missing, also_worse], DECEMBER)
    assert [(h.code, h.importance) for h in found] == [("A2", 89), ("B", 89), ("C", 60), ("A", 59)]


def test_month_highlights_are_the_same_whatever_order_the_series_come_in():
    series_list = [monthly([91.0, 77.0], code=code) for code in ("D", "A", "C", "B")]
    assert month_highlights(series_list, DECEMBER) == month_highlights(
        sorted(series_list, key=lambda series: series.code), DECEMBER
    )


def test_month_highlights_keep_to_the_limit():
    series_list = [monthly([91.0, 77.0], code=f"X{number:02d}") for number in range(12)]
    assert [h.code for h in month_highlights(series_list, DECEMBER, limit=3)] == [
        "X00",
        "X01",
        "X02",
    ]
    assert len(month_highlights(series_list, DECEMBER)) == 8
    assert len(month_highlights(series_list, DECEMBER, limit=None)) == 12


def test_one_indicator_can_have_several_highlights_in_a_fixed_order():
    values = [95.0] * 12 + [89.0, 88.0, 77.0]
    found = series_highlights(with_latest(monthly(values, target=90.0), denominator=13), DECEMBER)
    assert [highlight.kind for highlight in found] == [
        Kind.MISSED_TARGET,
        Kind.BIG_MOVEMENT,
        Kind.LOWEST,
    ]


@pytest.mark.parametrize("small", ["latest", "earlier"])
def test_a_change_of_one_child_in_fewer_than_10_is_no_big_movement_nor_a_record(small):
    values = [62.5] * 12 + [62.5, 62.5, 75.0]  # 5 of 8, then 6 of 8
    series = monthly(values)
    if small == "latest":
        series = with_latest(series, numerator=6, denominator=8)
    else:
        points = [p._replace(numerator=5, denominator=8) for p in series.points[:-1]]
        series = replace(series, points=(*points, series.points[-1]._replace(denominator=20)))
    kinds = [highlight.kind for highlight in series_highlights(series, DECEMBER)]
    assert Kind.BIG_MOVEMENT not in kinds
    assert (Kind.SMALL_NUMBERS in kinds) is (small == "latest")


def test_a_target_missed_narrowly_comes_after_a_big_fall_and_one_missed_by_far_before_it():
    narrow = monthly([94.0, 94.2, 94.2, 94.2], target=95.0, code="CL1")
    far = monthly([80.0, 80.0, 80.0, 80.0], target=95.0, code="CL2")
    fall = monthly([91.0, 91.0, 84.0, 77.0], code="CLA9")
    found = month_highlights([narrow, far, fall], DECEMBER)
    assert [(h.code, h.kind) for h in found] == [
        ("CL2", Kind.MISSED_TARGET),
        ("CLA9", Kind.BIG_MOVEMENT),
        ("CL1", Kind.MISSED_TARGET),
    ]


def test_equally_important_highlights_come_in_the_order_codes_are_read():
    series_list = [monthly([91.0, 77.0], code=code) for code in ("CLA10", "CLA9", "CLA7", "AD1")]
    found = month_highlights(series_list, DECEMBER)
    assert [h.code for h in found] == ["AD1", "CLA7", "CLA9", "CLA10"]


# A team or locality behind the others

TEAMS = (("Northgate", 84.0), ("Riverside", 82.5), ("Westbrook", 85.3))


def by_team(figures, *, dimension="team", month=DECEMBER, polarity=Polarity.HIGHER, **fields):
    categories = tuple(Category(name, Decimal(str(value)), **fields) for name, value in figures)
    series = monthly([80.0, 81.0, 80.5], polarity=polarity)
    return replace(series, breakdowns=(Breakdown(month, dimension, categories),))


def test_a_team_well_behind_every_other_is_named():
    series = by_team((*TEAMS, ("Eastfield", 56.8)))
    [found] = series_highlights(series, DECEMBER)
    assert found.kind == Kind.BEHIND_OTHERS
    assert found.sentence == (
        f"Eastfield behind the other teams: {CARE_PLANS}, 56.8% in December against "
        "82.5% to 85.3% elsewhere"
    )


def test_a_figure_that_misses_its_target_by_less_than_is_shown_gets_the_places_to_show_it():
    series = monthly([94.96] * 3, target=95)
    assert sentences(series, kind=Kind.MISSED_TARGET) == [
        f"Below target for 3 consecutive months: {CARE_PLANS}, 94.96% against a target of "
        "95.00% in December"
    ]
    hair = monthly([94.99999] * 3, target=95)  # past every extra place: shown as usual
    assert sentences(hair, kind=Kind.MISSED_TARGET) == [
        f"Below target for 3 consecutive months: {CARE_PLANS}, 95.0% against a target of "
        "95.0% in December"
    ]


# Unicode's first-strong isolate and its end: a name's direction stays within them.
ISOLATE, END = "\u2068", "\u2069"


def test_a_name_that_turns_text_right_to_left_cannot_turn_the_figures_after_it():
    left_open = "East\u202efield"  # a right-to-left override, never closed
    series = by_team((*TEAMS, (left_open, 56.8)))
    series = replace(series, name="Care plans \u202eup to date")
    [found] = series_highlights(series, DECEMBER)
    assert found.sentence == (
        f"{ISOLATE}Eastfield{END} behind the other teams: "
        f"{ISOLATE}Care plans up to date{END}, 56.8% in December against 82.5% to 85.3% "
        "elsewhere"
    )


def test_a_stray_end_of_isolate_in_a_name_cannot_close_ours_early():
    series = by_team((*TEAMS, ("East\u2069\u202efield", 56.8)))
    [found] = series_highlights(series, DECEMBER)
    assert found.sentence.startswith(f"{ISOLATE}Eastfield{END} behind the other teams: ")


def test_a_name_in_a_right_to_left_script_keeps_the_figures_after_it_in_order():
    series = monthly([91.0, 84.0, 77.0], name="خطط الرعاية")
    [found] = series_highlights(series, DECEMBER)
    assert found.sentence.startswith(f"{ISOLATE}خطط الرعاية{END} fell from 91.0% in October")


def test_a_team_a_little_behind_the_next_worst_is_not_news():
    assert sentences(by_team((*TEAMS, ("Eastfield", 78.0))), kind=Kind.BEHIND_OTHERS) == []


def test_for_a_lower_is_better_measure_the_highest_locality_is_behind():
    figures = (("North", 12.0), ("South", 14.0), ("East", 30.0), ("West", 13.5))
    series = by_team(figures, dimension="locality", polarity=Polarity.LOWER)
    assert sentences(series, kind=Kind.BEHIND_OTHERS) == [
        f"East behind the other localities: {CARE_PLANS}, 30.0% in December against "
        "12.0% to 14.0% elsewhere"
    ]


def test_age_bands_neutral_measures_and_two_teams_are_never_compared():
    behind = (*TEAMS, ("Eastfield", 56.8))
    assert sentences(by_team(behind, dimension="age_band"), kind=Kind.BEHIND_OTHERS) == []
    neutral = by_team(behind, polarity=Polarity.NEUTRAL)
    assert sentences(neutral, kind=Kind.BEHIND_OTHERS) == []
    assert sentences(by_team(behind[:1] + behind[-1:]), kind=Kind.BEHIND_OTHERS) == []


def test_counts_are_never_compared_across_teams_whose_sizes_differ():
    adoptions = replace(by_team((("North", 12), ("South", 14), ("West", 13), ("East", 2))),
                        unit=Unit.COUNT, precision=0)  # fmt: skip
    assert sentences(adoptions, kind=Kind.BEHIND_OTHERS) == []


def test_teams_of_fewer_than_ten_children_and_unusable_figures_are_left_out():
    small = by_team((*TEAMS, ("Eastfield", 56.8)), numerator=5, denominator=9)
    assert sentences(small, kind=Kind.BEHIND_OTHERS) == []
    unreliable = replace(
        by_team(TEAMS),
        breakdowns=(Breakdown(DECEMBER, "team", (
            *(Category(name, Decimal(str(value))) for name, value in TEAMS),
            Category("Eastfield", Decimal("56.8"), status=Status.UNRELIABLE),
        )),),
    )  # fmt: skip
    assert sentences(unreliable, kind=Kind.BEHIND_OTHERS) == []


def test_a_breakdown_for_another_month_says_nothing_about_this_one():
    series = by_team((*TEAMS, ("Eastfield", 56.8)), month=date(2024, 11, 1))
    assert sentences(series, kind=Kind.BEHIND_OTHERS) == []


@pytest.mark.parametrize(
    ("december", "importance"), [(86.0, 80), (84.0, 82), (77.0, 89), (76.0, 90), (25.0, 90)]
)
def test_the_bigger_a_fall_up_to_three_times_a_big_one_the_more_it_matters(december, importance):
    [fall] = series_highlights(monthly([91.0, december]), DECEMBER)
    assert fall.importance == importance


# Year-to-date counts, which climb through each year and restart every April

APPROVALS = "New foster carer approvals (year to date)"
APRIL_2025 = date(2025, 4, 1)


def approvals(values, *, end=APRIL_2025, targets=None, **fields) -> Series:
    """An F2-like count since 1 April, one value a month to end, each with its own target."""
    fields = {"period_type": PeriodType.YEAR_TO_DATE, **fields}
    series = monthly(
        values, end=end, code="F2", name=APPROVALS, unit=Unit.COUNT, precision=0, **fields
    )
    if targets is None:
        return series
    points = tuple(p._replace(target=t) for p, t in zip(series.points, targets, strict=True))
    return replace(series, points=points)


def test_a_year_to_date_count_restarting_in_april_is_not_a_fall():
    assert sentences(approvals([15, 17, 20, 2]), APRIL_2025) == []
    as_snapshot = approvals([15, 17, 20, 2], period_type=PeriodType.SNAPSHOT)
    assert sentences(as_snapshot, APRIL_2025) == [
        f"{APPROVALS} fell from 20 in March to 2 in April"
    ]


def test_a_year_to_date_count_climbing_through_the_year_is_neither_a_movement_nor_a_record():
    year = [2, 3, 5, 7, 8, 10, 12, 13, 15, 17, 18, 20]
    assert sentences(approvals(year * 2, end=date(2025, 3, 1)), date(2025, 3, 1)) == []
    as_snapshot = approvals(year * 2, end=date(2025, 3, 1), period_type=PeriodType.SNAPSHOT)
    kinds = {h.kind for h in series_highlights(as_snapshot, date(2025, 3, 1))}
    assert kinds == {Kind.BIG_MOVEMENT, Kind.HIGHEST}


def test_a_year_to_date_percentage_still_gets_its_movements():
    series = monthly([91.0, 84.0, 77.0], period_type=PeriodType.YEAR_TO_DATE)
    assert sentences(series) == [f"{CARE_PLANS} fell from 91.0% in October to 77.0% in December"]


def test_a_year_to_date_count_below_its_pro_rated_target_says_by_which_month():
    november = date(2024, 11, 1)
    series = approvals([5, 6, 8], end=november, targets=[10, 12, 13])
    assert sentences(series, november, kind=Kind.MISSED_TARGET) == [
        f"Below target for 3 consecutive months: {APPROVALS}, 8 against a target of 13 by November"
    ]


def test_a_year_to_date_count_on_its_pro_rated_target_has_no_missed_target_run():
    november = date(2024, 11, 1)
    assert sentences(approvals([10, 12, 13], end=november, targets=[10, 12, 13]), november) == []


@pytest.mark.parametrize(("held_before", "said"), [(True, "at least 4"), (False, "4")])
def test_a_run_of_misses_back_to_the_first_month_read_may_have_begun_earlier(held_before, said):
    series = replace(monthly([80.0] * 4, target=90.0), held_before=held_before)
    [run] = sentences(series, kind=Kind.MISSED_TARGET)
    assert run.startswith(f"Below target for {said} consecutive months:")


def test_a_run_that_began_within_the_months_read_is_counted_exactly():
    series = replace(monthly([95.0, 80.0, 80.0, 80.0], target=90.0), held_before=True)
    [run] = sentences(series, kind=Kind.MISSED_TARGET)
    assert run.startswith("Below target for 3 consecutive months:")


def test_a_fall_told_from_an_earlier_month_says_when_last_month_went_the_other_way():
    assert sentences(monthly([88.3, 80.5, 82.7]), kind=Kind.BIG_MOVEMENT) == [
        f"{CARE_PLANS} fell from 88.3% in October to 82.7% in December, though up from 80.5% "
        "in November"
    ]


@pytest.mark.parametrize("november", [84.0, 77.0, 77.04])
def test_a_fall_continued_or_level_since_last_month_needs_no_though(november):
    [said] = sentences(monthly([91.0, november, 77.0]), kind=Kind.BIG_MOVEMENT)
    assert "though" not in said


def test_a_movement_to_a_narrow_miss_gives_the_figure_with_the_places_its_row_shows():
    red_at_90 = ThresholdSet(date(2020, 4, 1), Decimal(95), Decimal(90), Decimal(95))
    series = monthly([Decimal("96.0"), Decimal("89.96")])
    series = replace(series, points=tuple(p._replace(thresholds=red_at_90) for p in series.points))
    assert sentences(series, kind=Kind.BIG_MOVEMENT) == [
        f"{CARE_PLANS} fell from 96.0% in November to 89.96% in December"
    ]


def test_a_record_at_a_narrow_miss_gives_the_figure_with_the_places_its_row_shows():
    red_at_90 = ThresholdSet(date(2020, 4, 1), Decimal(95), Decimal(90), Decimal(95))
    values = [Decimal(85) + Decimal(n) / 10 for n in range(14)] + [Decimal("89.96")]
    series = monthly(values)
    series = replace(series, points=tuple(p._replace(thresholds=red_at_90) for p in series.points))
    assert sentences(series, kind=Kind.HIGHEST) == [
        f"Highest on record: {CARE_PLANS} at 89.96% in December"
    ]


def test_a_target_missed_at_a_narrow_miss_of_a_threshold_gives_the_places_its_row_shows():
    red_at_90 = ThresholdSet(date(2020, 4, 1), Decimal(95), Decimal(90), Decimal(95))
    series = monthly([Decimal("89.96")] * 3, target=Decimal(95))
    series = replace(series, points=tuple(p._replace(thresholds=red_at_90) for p in series.points))
    assert sentences(series, kind=Kind.MISSED_TARGET) == [
        f"Below target for 3 consecutive months: {CARE_PLANS}, 89.96% against a target of "
        "95.00% in December"
    ]
