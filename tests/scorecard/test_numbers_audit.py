"""An audit of the numbers the panel reads, each expectation worked out by hand from design.md's
rules (never by calling the code under test): thresholds that change on 1 April, figures on a
threshold, lower-is-better and neutral measures, rounding half up, year-to-date counts, unusable
figures, SPC's window, benchmarks by publication date and small numbers."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from indicators.choices import Direction, Polarity, Rag, Status, Unit
from indicators.formatting import format_value
from indicators.models import Benchmark, Figure, Indicator, Threshold
from indicators.periods import add_months
from scorecard.exports import scorecard_csv
from scorecard.highlights import Kind, Point, Series, series_highlights
from scorecard.indicator_page import IndicatorPage
from scorecard.presenters import Scorecard
from scorecard.spc import Variation

MARCH_2025, APRIL_2025 = date(2025, 3, 1), date(2025, 4, 1)


def make_indicator(code="AU1", **fields):
    defaults = {
        "name": f"Audit measure {code}", "service_area": "Audit", "unit": Unit.PERCENT,
        "polarity": Polarity.HIGHER, "period_type": "snapshot", "precision": 1,
        "is_headline": True,
    }  # fmt: skip
    return Indicator.objects.create(code=code, **{**defaults, **fields})


def hold(indicator, last_month, values, **fields):
    """`values` for the months up to and including last_month, oldest first."""
    first = add_months(last_month, 1 - len(values))
    Figure.objects.bulk_create(
        Figure(indicator=indicator, month=add_months(first, n), value=value, **fields)
        for n, value in enumerate(values)
        if value is not None
    )


def row_for(month, code="AU1"):
    return next(r for r in Scorecard(month, scope="all").rows if r.indicator.code == code)


def csv_row(month, code="AU1"):
    text = scorecard_csv(Scorecard(month, scope="all")).lstrip("\ufeff")
    return next(r for r in csv.DictReader(io.StringIO(text)) if r["Code"] == code)


# Thresholds that change on 1 April ---------------------------------------------------------


@pytest.fixture
def retargeted(db):
    """Higher is better: green at 90, red below 80 to March 2025; green at 95, red below 90 from
    April 2025. 92% in both months is green in March and amber in April."""
    indicator = make_indicator()
    Threshold.objects.create(
        indicator=indicator, effective_from=date(2024, 4, 1), green_at=90, red_at=80, target=90
    )
    Threshold.objects.create(
        indicator=indicator, effective_from=APRIL_2025, green_at=95, red_at=90, target=95
    )
    hold(indicator, APRIL_2025, [92] * 13)
    return indicator


def test_march_is_rated_against_the_old_thresholds_and_april_against_the_new(retargeted):
    march, april = row_for(MARCH_2025), row_for(APRIL_2025)
    assert (march.rag.rating, march.target_shown) == (Rag.GREEN, "90.0%")
    assert (april.rag.rating, april.target_shown) == (Rag.AMBER, "95.0%")


def test_the_indicator_pages_table_rates_each_month_against_its_own_thresholds(retargeted):
    rows = {r.month: r for r in IndicatorPage(retargeted, APRIL_2025).trend_rows()}
    assert (rows[MARCH_2025].rag.rating, rows[MARCH_2025].target) == (Rag.GREEN, "90.0%")
    assert (rows[APRIL_2025].rag.rating, rows[APRIL_2025].target) == (Rag.AMBER, "95.0%")


def test_a_threshold_change_is_not_a_change_in_the_figure(retargeted):
    # 92 both months: the rating moved, the figure did not.
    assert row_for(APRIL_2025).previous.direction == Direction.NO_CHANGE


# Figures exactly on a threshold, through the database ----------------------------------------


@pytest.mark.parametrize(
    ("polarity", "green_at", "red_at", "value", "rating", "shown"),
    [
        (Polarity.HIGHER, 95, 90, "95", Rag.GREEN, "95.0%"),
        (Polarity.HIGHER, 95, 90, "90", Rag.AMBER, "90.0%"),
        # Red below 90 by 0.01: shown to the places that show it is below, never as 90.0%.
        (Polarity.HIGHER, 95, 90, "89.99", Rag.RED, "89.99%"),
        (Polarity.LOWER, 10, 12, "10", Rag.GREEN, "10.0%"),
        (Polarity.LOWER, 10, 12, "12", Rag.AMBER, "12.0%"),
        (Polarity.LOWER, 10, 12, "12.01", Rag.RED, "12.01%"),
        (Polarity.LOWER, 10, 12, "10.04", Rag.AMBER, "10.04%"),
    ],
)
def test_a_figure_on_a_threshold_is_rated_as_design_says(
    db, polarity, green_at, red_at, value, rating, shown
):
    indicator = make_indicator(polarity=polarity)
    Threshold.objects.create(
        indicator=indicator, effective_from=APRIL_2025, green_at=green_at, red_at=red_at,
        target=green_at,
    )  # fmt: skip
    hold(indicator, APRIL_2025, [Decimal(value)])
    row = row_for(APRIL_2025)
    assert (row.rag.rating, row.shown) == (rating, shown)
    assert csv_row(APRIL_2025)["RAG"] == rating.label


def test_a_neutral_measure_gets_no_rating_and_goes_up_or_down(db):
    indicator = make_indicator(unit=Unit.COUNT, polarity=Polarity.NEUTRAL, precision=0)
    hold(indicator, APRIL_2025, [400, 431])
    row = row_for(APRIL_2025)
    assert row.rag.rating == Rag.NONE and row.rag.reason == "Context measure: no rating"
    assert (row.previous.direction, row.previous.arrow) == (Direction.UP, "▲")


# Rounding: half up, from the decimal digits, and changes too small to show --------------------


@pytest.mark.parametrize(
    ("value", "unit", "precision", "expected"),
    [
        ("77.05", Unit.PERCENT, 1, "77.1%"),  # as a float 77.05 is 77.0499999...
        ("2.25", Unit.PERCENT, 1, "2.3%"),  # bankers would make it 2.2%
        ("0.125", Unit.NUMBER, 2, "0.13"),
        ("425.5", Unit.DAYS, 0, "426 days"),
        ("0.5", Unit.DAYS, 0, "1 day"),
        ("123456789.5", Unit.COUNT, 0, "123,456,790"),
        ("0.04", Unit.RATE_PER_10K, 1, "0.0 per 10,000"),
        ("-0.04", Unit.NUMBER, 1, "0.0"),  # never "-0.0"
    ],
)
def test_figures_are_rounded_half_up_from_their_decimal_digits(value, unit, precision, expected):
    assert format_value(Decimal(value), unit, precision) == expected
    assert format_value(float(value), unit, precision) == expected


def test_a_figure_read_back_from_the_database_is_rounded_half_up_on_page_and_in_csv(db):
    indicator = make_indicator(polarity=Polarity.NEUTRAL)
    hold(indicator, APRIL_2025, [Decimal("77.05")])
    assert row_for(APRIL_2025).shown == "77.1%"
    assert csv_row(APRIL_2025)["Figure"] == "77.1"
    assert IndicatorPage(indicator, APRIL_2025).trend_rows()[0].shown == "77.1%"


def test_a_change_smaller_than_the_places_shown_is_no_change(db):
    # 76.96 and 77.04 are both 77.0%: no change, whatever the raw figures did.
    indicator = make_indicator()
    hold(indicator, APRIL_2025, [Decimal("76.96"), Decimal("77.04")])
    row = row_for(APRIL_2025)
    assert (row.previous.direction, row.previous.arrow) == (Direction.NO_CHANGE, "▶")
    assert csv_row(APRIL_2025)["Direction (previous month)"] == "No change"


def test_a_change_at_the_half_shows_once_rounded_half_up(db):
    # 77.04 is 77.0% and 77.05 is 77.1%: a change shown is a change.
    indicator = make_indicator(polarity=Polarity.LOWER)
    hold(indicator, APRIL_2025, [Decimal("77.04"), Decimal("77.05")])
    assert row_for(APRIL_2025).previous.direction == Direction.WORSENING


# Year-to-date counts across April -----------------------------------------------------------


@pytest.fixture
def adoptions(db):
    """A year-to-date count, higher is better: 20 a year (red below 12) to March 2025, then 24 a
    year (red below 12) from April 2025."""
    indicator = make_indicator(
        code="AU2", unit=Unit.COUNT, period_type="ytd", precision=0, name="Adopted (year to date)"
    )
    for start, target in ((date(2024, 4, 1), 20), (APRIL_2025, 24)):
        Threshold.objects.create(
            indicator=indicator, effective_from=start, green_at=target, red_at=12, target=target
        )
    year_to_march_2025 = [1, 3, 5, 6, 8, 9, 11, 12, 14, 16, 18, 19]
    hold(indicator, date(2025, 9, 1), [*year_to_march_2025, 2, 4, 5, 8, 10, 11])
    return indicator


def test_a_count_in_september_is_judged_against_half_of_the_new_years_target(adoptions):
    # 24 a year: 12 by September; red below 12 a year is below 6 by September. 11 is amber.
    row = row_for(date(2025, 9, 1), "AU2")
    assert row.target_shown == "12 by September (24 a year)"
    assert row.rag.rating == Rag.AMBER
    values = csv_row(date(2025, 9, 1), "AU2")
    assert (values["Target"], values["Target for the year"]) == ("12", "24")


def test_in_april_a_count_restarts_and_is_compared_like_for_like_with_last_april(adoptions):
    row = row_for(APRIL_2025, "AU2")
    assert row.previous.direction == Direction.RESTARTED and row.previous.arrow == ""
    # 2 in April 2025 against 1 in April 2024: more children adopted, so improving.
    assert row.last_year.direction == Direction.IMPROVING
    # 24 a year is 2 by April: 2 is green.
    assert (row.target_shown, row.rag.rating) == ("2 by April (24 a year)", Rag.GREEN)
    assert row.spc.variation == Variation.NOT_APPLIED


def test_within_the_year_a_count_goes_up_without_good_or_bad(adoptions):
    assert row_for(date(2025, 9, 1), "AU2").previous.direction == Direction.UP


def test_a_year_to_date_count_gets_no_movement_or_record_highlight(adoptions):
    kinds = {h.kind for h in Scorecard(date(2025, 3, 1), scope="all").highlights}
    assert not kinds & {Kind.BIG_MOVEMENT, Kind.HIGHEST, Kind.LOWEST}


# Unavailable and unreliable figures ---------------------------------------------------------


def test_an_unreliable_figure_gets_no_rating_no_comparison_and_no_spc_verdict(db):
    indicator = make_indicator()
    Threshold.objects.create(
        indicator=indicator, effective_from=date(2024, 4, 1), green_at=95, red_at=90, target=95
    )
    hold(indicator, MARCH_2025, [80] * 12)
    Figure.objects.create(
        indicator=indicator, month=APRIL_2025, value=50, status=Status.UNRELIABLE,
        status_reason="Duplicate records",
    )  # fmt: skip
    row = row_for(APRIL_2025)
    assert (row.rag.rating, row.rag.reason) == (Rag.NONE, "Figure unreliable: Duplicate records")
    assert row.previous.direction == Direction.NOT_COMPARABLE
    assert row.spc.variation == Variation.NO_FIGURE
    assert row.is_unusable and row.needs_commentary
    sentences = [h.sentence for h in Scorecard(APRIL_2025, scope="all").highlights]
    assert "The figure for Audit measure AU1 in April is marked unreliable" in sentences
    values = csv_row(APRIL_2025)
    assert (values["Status"], values["Status reason"], values["RAG"]) == (
        "Unreliable", "Duplicate records", "No rating",
    )  # fmt: skip


# SPC's window: 12 figures for firm limits, the latest 24 at most --------------------------------


@pytest.mark.parametrize(("count", "trial"), [(11, True), (12, False)])
def test_limits_are_trial_below_twelve_figures(db, count, trial):
    indicator = make_indicator(polarity=Polarity.NEUTRAL)
    hold(indicator, APRIL_2025, [9, 11] * 6 if count == 12 else [9, 11] * 5 + [9])
    result = row_for(APRIL_2025).spc
    assert result.trial is trial
    note = "Trial limits: fewer than 12 figures" if trial else ""
    assert csv_row(APRIL_2025)["SPC note"] == note


def test_only_the_latest_24_months_figures_set_the_limits(db):
    # 25 figures: 1,000 then 9, 11, ... The 1,000 is left out: mean 10, moving range 2, so
    # limits 10 ± 5.32 and the latest 11 is common cause.
    indicator = make_indicator(polarity=Polarity.NEUTRAL, unit=Unit.NUMBER)
    hold(indicator, APRIL_2025, [1000] + [9, 11] * 12)
    result = row_for(APRIL_2025).spc
    assert len(result.points) == 24
    assert result.mean == pytest.approx(10)
    assert (result.lower_limit, result.upper_limit) == pytest.approx((4.68, 15.32))
    assert result.variation == Variation.COMMON_CAUSE


# Benchmarks as published by the month shown ---------------------------------------------------


@pytest.fixture
def benchmarked(db):
    indicator = make_indicator(polarity=Polarity.NEUTRAL)
    hold(indicator, date(2025, 11, 1), [70] * 20)
    # Year to 31 March 2024, out in November 2024; year to 31 March 2025, out in November 2025.
    for year, value in ((2024, 69), (2025, 67)):
        Benchmark.objects.create(indicator=indicator, source="england", year=year, value=value)
    return indicator


@pytest.mark.parametrize(
    ("month", "shown"),
    [
        (date(2024, 10, 1), ""),  # the year to March 2024 is not out yet, and none before it
        (date(2024, 11, 1), "69.0% (2024)"),
        (date(2025, 10, 1), "69.0% (2024)"),
        (date(2025, 11, 1), "67.0% (2025)"),
    ],
)
def test_the_england_figure_is_the_latest_published_by_the_month(benchmarked, month, shown):
    assert row_for(month).england_shown == shown


def test_a_benchmark_with_a_publication_date_waits_for_its_month(benchmarked):
    Benchmark.objects.filter(year=2025).update(published_on=date(2025, 12, 15))
    assert row_for(date(2025, 11, 1)).england_shown == "69.0% (2024)"


# Small numbers: a denominator of 9 is flagged, of 10 is not -------------------------------------


@pytest.mark.parametrize(("denominator", "small"), [(9, True), (10, False)])
def test_a_rate_on_fewer_than_ten_is_flagged_and_said(db, denominator, small):
    indicator = make_indicator(denominator_description="Children adopted (in the year)")
    hold(indicator, APRIL_2025, [Decimal(600) / denominator], numerator=6, denominator=denominator)
    row = row_for(APRIL_2025)
    assert row.figure.small_denominator is small
    sentence = (
        f"Based on fewer than 10 children adopted: Audit measure AU1, "
        f"{format_value(Decimal(600) / denominator, Unit.PERCENT, 1)} (6 of {denominator}) in April"
    )
    said = [h.sentence for h in Scorecard(APRIL_2025, scope="all").highlights]
    assert (sentence in said) is small


# Records: judged as the figures are shown -----------------------------------------------------

DECEMBER = date(2024, 12, 1)


def series(values, polarity=Polarity.HIGHER):
    start = add_months(DECEMBER, 1 - len(values))
    points = tuple(Point(add_months(start, n), Decimal(v)) for n, v in enumerate(values))
    return Series("AU1", "Care plans", Unit.PERCENT, polarity, 1, points)


def records(values):
    found = series_highlights(series(values), DECEMBER)
    return [h.sentence for h in found if h.kind in (Kind.HIGHEST, Kind.LOWEST)]


def test_a_figure_shown_the_same_as_an_earlier_one_is_not_a_record_above_it():
    # 80.01% and 80.04% are both 80.0%: the earlier figure is equalled, not beaten, so December
    # is the highest in the 13 months since it (not "on record").
    assert records(["80.01", *["70"] * 12, "80.04"]) == [
        "Highest in 13 months: Care plans at 80.0% in December"
    ]


def test_no_record_is_claimed_where_the_direction_of_travel_says_no_change():
    # November's 79.96% and December's 80.01% are both 80.0%: no change, and so no record.
    assert records([*["70"] * 12, "79.96", "80.01"]) == []


def test_a_lowest_is_judged_as_shown_too():
    assert records(["60.04", *["70"] * 12, "60.01"]) == [
        "Lowest in 13 months: Care plans at 60.0% in December"
    ]


def test_a_figure_shown_above_every_earlier_one_is_a_record():
    assert records(["80.04", *["70"] * 12, "80.05"]) == [
        "Highest on record: Care plans at 80.1% in December"
    ]


# A narrow miss of a lower-is-better target, wherever it is written ------------------------------


@pytest.fixture
def narrowly_above(db):
    """Lower is better, green at 10, red above 12; 10.04% for three months misses the target by
    less than the one place usually shown."""
    indicator = make_indicator(polarity=Polarity.LOWER)
    Threshold.objects.create(
        indicator=indicator, effective_from=date(2024, 4, 1), green_at=10, red_at=12, target=10
    )
    hold(indicator, APRIL_2025, [Decimal("9.5"), *[Decimal("10.04")] * 3])
    return indicator


def test_the_csv_gives_a_narrow_miss_and_its_target_to_the_places_that_show_it(narrowly_above):
    values = csv_row(APRIL_2025)
    assert (values["Figure"], values["Target"], values["RAG"]) == ("10.04", "10.00", "Amber")
    assert values["Previous month"] == "10.0"  # not beside its rating: the usual place


def test_the_missed_target_highlight_shows_the_miss(narrowly_above):
    said = [h.sentence for h in Scorecard(APRIL_2025, scope="all").highlights]
    assert (
        "Above target for 3 consecutive months: Audit measure AU1, 10.04% against a target of "
        "10.00% in April"
    ) in said
