"""Pages read headline figures through an index of their own, not past every breakdown row."""

from datetime import date

import pytest
from django.db import connection

from indicators.models import Figure, Indicator
from indicators.periods import add_months

LAST = date(2024, 12, 1)


@pytest.fixture
def figures_with_breakdowns(db):
    indicators = Indicator.objects.bulk_create(
        Indicator(code=f"T{n}", name=f"Test {n}", service_area="Area", unit="count",
                  polarity="neutral", period_type="snapshot", precision=0)
        for n in range(20)
    )  # fmt: skip
    Figure.objects.bulk_create(
        Figure(indicator=indicator, month=add_months(LAST, -age), breakdown=breakdown,
               category=category, value=age)
        for indicator in indicators
        for age in range(24)
        for breakdown, category in [("", ""), *(("team", f"Team {n}") for n in range(10))]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":  # so few rows that a scan would otherwise win
            cursor.execute("SET LOCAL enable_seqscan = off")
    return [indicator.id for indicator in indicators]


def test_the_months_held_are_read_through_the_headline_index(figures_with_breakdowns):
    assert "figure_headline" in Figure.objects.months_held().explain()
    assert list(Figure.objects.months_held())[:2] == [LAST, add_months(LAST, -1)]


def test_a_scorecards_figures_are_read_through_the_headline_index(figures_with_breakdowns):
    held = Figure.objects.headline().between(add_months(LAST, -11), LAST)
    held = held.filter(indicator_id__in=figures_with_breakdowns).order_by()
    assert "figure_headline" in held.explain()
    assert held.count() == 20 * 12
