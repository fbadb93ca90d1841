from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.test import RequestFactory

from indicators.models import Benchmark, Figure, Indicator
from indicators.periods import month_range
from scorecard.demo import BREAKDOWNS, TEAM_BEHIND, demo_password, headline_figures

SCALE = {"percent": 100, "rate_per_10k": 10_000}


@pytest.fixture
def demo(catalogue, settings):
    settings.DEBUG = True
    call_command("load_demo", until="2024-12")


def headline(code, month):
    return Figure.objects.headline().get(indicator__code=code, month=month)


def test_the_demo_holds_three_years_of_every_indicator(demo):
    months = list(Figure.objects.headline().dates("month", "month"))
    assert len(months) == 36
    assert months[0] == date(2022, 1, 1) and months[-1] == date(2024, 12, 1)
    assert Figure.objects.headline().count() == 38 * 36


def test_care_plans_dip_from_91_in_october_to_77_in_december(demo):
    october = headline("CLA9", date(2024, 10, 1))
    assert october.indicator.show_figure(october) == "91.0% (182 of 200)"
    december = headline("CLA9", date(2024, 12, 1))
    assert (december.value, december.numerator, december.denominator) == (77, 154, 200)


def test_health_assessments_fall_to_25_percent_in_one_month(demo):
    assert headline("H2", date(2024, 4, 1)).value == 25


def test_numerators_and_denominators_agree_with_values(demo):
    for figure in (
        Figure.objects.exclude(numerator=None).exclude(denominator=0).select_related("indicator")
    ):
        scale = SCALE.get(figure.indicator.unit, 1)
        expected = figure.numerator / figure.denominator * scale
        assert abs(figure.value - expected) < Decimal("0.000001"), figure


def test_every_rate_per_10000_is_its_count_over_the_population_times_10000(demo):
    rates = Figure.objects.headline().filter(indicator__unit="rate_per_10k")
    assert rates.values("indicator").distinct().count() == 3
    for figure in rates.select_related("indicator"):
        assert figure.denominator >= 10_000, figure  # a population, not a population / 10,000
        expected = figure.numerator / figure.denominator * 10_000
        assert abs(figure.value - expected) < Decimal("0.000001"), figure


def test_the_rate_of_children_looked_after_is_near_englands_and_counts_cla1s_children(demo):
    england = Benchmark.objects.filter(indicator__code="CLA2", source="england")
    low, high = min(b.value for b in england), max(b.value for b in england)
    for figure in Figure.objects.headline().filter(indicator__code="CLA2"):
        assert low - 3 <= figure.value <= high + 3, figure
        assert figure.numerator == headline("CLA1", figure.month).value


def test_one_team_is_clearly_behind_the_others(demo):
    december = Figure.objects.filter(
        indicator__code="CL6", month=date(2024, 12, 1), breakdown="team"
    )
    values = {f.category: f.value for f in december}
    behind = values.pop(TEAM_BEHIND)
    assert all(behind + 10 < value for value in values.values())


def test_breakdowns_add_up_to_the_headline_in_every_dimension_and_month(demo):
    for code, dimension, _ in BREAKDOWNS:
        parts = Figure.objects.filter(indicator__code=code, breakdown=dimension)
        sums = parts.values("month").annotate(
            value=Sum("value"), numerator=Sum("numerator"), denominator=Sum("denominator")
        )
        assert len(sums) == 36
        for held in sums:
            total = headline(code, held["month"])
            if total.is_percentage:
                parts_add_up = (held["numerator"], held["denominator"])
                assert parts_add_up == (total.numerator, total.denominator), (code, held)
            else:
                assert held["value"] == total.value, (code, dimension, held)


def test_breakdown_rates_lie_either_side_of_the_headline_rate(demo):
    total = headline("CLA14", date(2024, 12, 1)).value
    for dimension in ("age_band", "ethnicity"):
        parts = Figure.objects.filter(
            indicator__code="CLA14", month=date(2024, 12, 1), breakdown=dimension
        )
        values = [f.value for f in parts]
        assert min(values) < total < max(values), dimension


def test_some_figures_are_unavailable_with_reasons_and_one_indicator_has_small_numbers(demo):
    unavailable = Figure.objects.filter(status="unavailable")
    assert unavailable.count() >= 2
    assert all(f.value is None and f.status_reason for f in unavailable)
    assert Figure.objects.filter(indicator__code="AD6", denominator__lt=10).exists()


def test_neighbour_benchmarks_are_marked_as_demo(demo):
    neighbours = Benchmark.objects.filter(source="neighbours")
    assert neighbours.exists() and all(b.is_demo for b in neighbours)
    assert neighbours.first().neighbours.count() == 10


def test_one_demo_user_per_role_can_log_in(demo, client):
    for username in ("panel", "analyst", "officer", "clerk"):
        # django-axes wants the request that carries the credentials.
        request = RequestFactory().post("/login/")
        assert client.login(request=request, username=username, password=demo_password(username))
        assert User.objects.get(username=username).groups.count() == 1
        client.logout()


def test_the_demo_figures_are_the_same_every_time(catalogue):
    months = month_range(date(2022, 1, 1), date(2024, 12, 1))

    def generate():
        return [
            (f.month, f.value, f.numerator, f.denominator, f.status)
            for indicator in Indicator.objects.order_by("code")
            for f in headline_figures(indicator, months)
        ]

    assert generate() == generate()


def test_loading_again_with_if_empty_adds_nothing(demo, capsys):
    count = Figure.objects.count()
    call_command("load_demo", if_empty=True)
    assert Figure.objects.count() == count
    with pytest.raises(CommandError, match="already held"):
        call_command("load_demo")


def test_the_demo_refuses_to_load_with_debug_off(catalogue, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo")
    assert not Figure.objects.exists()


@pytest.mark.parametrize("until", ["December", "2025-13", "2025", "99999999999999999999-01"])
def test_a_bad_until_month_is_refused_as_bad_usage(catalogue, settings, until):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="YYYY-MM") as refused:
        call_command("load_demo", until=until)
    assert refused.value.returncode == 2
    assert not Figure.objects.exists()


@pytest.mark.parametrize("until", [f"{date.today():%Y-%m}", "0001-03", "1992-11"])
def test_an_until_month_not_ended_or_too_early_to_import_is_refused_as_bad_usage(
    catalogue, settings, until
):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="the latest that has ended") as refused:
        call_command("load_demo", until=until)
    assert refused.value.returncode == 2
    assert not Figure.objects.exists()


def test_bad_usage_is_reported_before_the_demo_is_refused_for_other_reasons(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="YYYY-MM") as refused:
        call_command("load_demo", until="2025-13", if_empty=True)
    assert refused.value.returncode == 2
