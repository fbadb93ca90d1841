from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Benchmark, Figure, Indicator, NeighbourFigure, Threshold

pytestmark = pytest.mark.django_db


def figure(code="CLA9", **fields):
    indicator = Indicator.objects.get(code=code)
    values = {
        "month": date(2024, 12, 1),
        "value": Decimal("77"),
        "is_percentage": indicator.is_percentage,
    }
    return Figure(indicator=indicator, **{**values, **fields})


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make().save()


def test_a_figure_is_held_once_per_indicator_month_breakdown_and_category(catalogue):
    figure().save()
    figure(breakdown="team", category="Eastfield").save()
    refused(figure)
    refused(lambda: figure(breakdown="team", category="Eastfield"))


def test_a_figure_month_must_be_the_first_of_the_month(catalogue):
    refused(lambda: figure(month=date(2024, 12, 31)))


def test_breakdown_and_category_come_together(catalogue):
    refused(lambda: figure(breakdown="team"))
    refused(lambda: figure(category="Eastfield"))


def test_numerator_and_denominator_cannot_be_negative(catalogue):
    refused(lambda: figure(code="AD7", value=400, numerator=-1, denominator=10))
    refused(lambda: figure(code="AD7", value=400, numerator=4000, denominator=-10))


def test_a_percentage_has_whole_counts_with_the_numerator_within_the_denominator(catalogue):
    refused(lambda: figure(numerator=201, denominator=200))
    refused(lambda: figure(numerator=Decimal("154.5"), denominator=200))
    refused(lambda: figure(numerator=154, denominator=Decimal("200.5")))
    refused(lambda: figure(value=Decimal("100.1")))
    figure(numerator=154, denominator=200).save()


def test_averages_may_have_totals_above_a_fractional_denominator(catalogue):
    figure(code="AD7", value=Decimal("455.5"), numerator=8199, denominator=18).save()
    figure(code="WF1", value=Decimal("16.1"), numerator=1420, denominator=Decimal("88.2")).save()
    assert Figure.objects.count() == 2


def test_an_unavailable_figure_has_no_value(catalogue):
    refused(lambda: figure(status="unavailable"))
    figure(value=None, status="unavailable", status_reason="System down").save()


def test_a_figure_reads_with_its_count(catalogue):
    held = figure(numerator=154, denominator=200)
    assert held.indicator.show_figure(held) == "77.0% (154 of 200)"
    assert not held.small_denominator
    assert figure(numerator=3, denominator=8).small_denominator
    assert figure(value=0, numerator=0, denominator=0).small_denominator


def test_a_rate_per_10000_reads_with_its_count_and_an_average_without(catalogue):
    rate = figure(code="CLA7", value=Decimal("21.910112"), numerator=39, denominator=17800)
    assert rate.indicator.show_figure(rate) == "21.9 per 10,000 (39 of 17,800)"
    average = figure(code="AD7", value=Decimal("455.5"), numerator=8199, denominator=18)
    assert average.indicator.show_figure(average) == "456 days"


def test_thresholds_start_on_the_first_of_a_month_and_once_per_month(catalogue):
    cla9 = Indicator.objects.get(code="CLA9")
    refused(
        lambda: Threshold(indicator=cla9, effective_from=date(2024, 4, 2), green_at=1, red_at=0)
    )
    refused(
        lambda: Threshold(indicator=cla9, effective_from=date(2020, 4, 1), green_at=1, red_at=0)
    )


def test_thresholds_must_point_the_way_of_the_polarity(catalogue):
    cla9 = Indicator.objects.get(code="CLA9")
    with pytest.raises(ValidationError, match="green must be at or above red"):
        Threshold(
            indicator=cla9, effective_from=date(2024, 4, 1), green_at=80, red_at=90
        ).full_clean()
    ad7 = Indicator.objects.get(code="AD7")
    with pytest.raises(ValidationError, match="green must be at or below red"):
        Threshold(
            indicator=ad7, effective_from=date(2024, 4, 1), green_at=500, red_at=400
        ).full_clean()
    cla1 = Indicator.objects.get(code="CLA1")
    with pytest.raises(ValidationError, match="no RAG thresholds"):
        Threshold(
            indicator=cla1, effective_from=date(2024, 4, 1), green_at=1, red_at=2
        ).full_clean()


def test_the_unit_cannot_change_once_figures_are_held(catalogue):
    figure().save()
    cla9 = Indicator.objects.get(code="CLA9")
    cla9.unit = "count"
    with pytest.raises(ValidationError, match="unit cannot change"):
        cla9.full_clean()


def test_neighbour_benchmarks_give_mean_median_and_our_rank(catalogue):
    benchmark = Benchmark.objects.create(
        indicator=Indicator.objects.get(code="CL3"), source="neighbours", year=2024, is_demo=True
    )
    for name, value in [("A", 50), ("B", 60), ("C", 40), ("D", 70)]:
        NeighbourFigure.objects.create(benchmark=benchmark, neighbour=name, value=value)
    assert benchmark.neighbour_mean == Decimal(55)
    assert benchmark.neighbour_median == Decimal(55)
    assert benchmark.rank_among_neighbours(Decimal(65), "higher") == (2, 5)
    assert benchmark.rank_among_neighbours(Decimal(65), "lower") == (4, 5)
    assert benchmark.rank_among_neighbours(Decimal(65), "neutral") is None


def test_a_benchmark_without_a_publication_date_is_assumed_out_from_the_november_after_its_year(
    catalogue,
):
    cl3 = Indicator.objects.get(code="CL3")
    Benchmark.objects.create(indicator=cl3, source="neighbours", year=2024, value=50)
    published = Benchmark.objects.filter(indicator=cl3, source="neighbours")

    assert not published.published_by(date(2024, 4, 1)).filter(year=2024).exists()
    assert not published.published_by(date(2024, 10, 1)).filter(year=2024).exists()
    assert published.published_by(date(2024, 11, 1)).filter(year=2024).exists()
    assert published.published_by(date(2025, 3, 1)).filter(year=2024).exists()


def test_a_neighbours_figure_without_a_date_comes_out_with_the_england_figure_for_its_year(
    catalogue,
):
    wf1 = Indicator.objects.get(code="WF1")  # England's 2024 figure came out in February 2025
    Benchmark.objects.create(indicator=wf1, source="neighbours", year=2024, value=15)
    published = Benchmark.objects.filter(indicator=wf1, source="neighbours")

    assert not published.published_by(date(2025, 1, 1)).exists()
    assert published.published_by(date(2025, 2, 1)).exists()


def test_a_stated_publication_date_counts_from_the_month_it_falls_in(catalogue):
    cl3 = Indicator.objects.get(code="CL3")
    Benchmark.objects.create(
        indicator=cl3, source="neighbours", year=2024, value=50, published_on=date(2024, 7, 18)
    )
    published = Benchmark.objects.filter(indicator=cl3, source="neighbours")

    assert not published.published_by(date(2024, 6, 1)).exists()
    assert published.published_by(date(2024, 7, 1)).exists()
