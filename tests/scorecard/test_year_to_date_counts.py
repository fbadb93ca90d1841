"""A year-to-date count (like F2, new foster carer approvals since 1 April, target 20 a year)
on every page: judged against its target pro-rated to the month, and never said to worsen when
it restarts in April."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators import roles
from indicators.models import Figure, Indicator, Threshold
from indicators.periods import add_months
from indicators.rules import ThresholdSet
from scorecard.exports import HEADERS
from scorecard.presenters import HeldFigure, Scorecard, series_for

APRIL_2024 = date(2024, 4, 1)
SEPTEMBER_2024 = date(2024, 9, 1)
APRIL_2025 = date(2025, 4, 1)
# On pace for 20 a year: 2 by April, 10 by September, 20 by March, then 2 again in April.
# Each month's share of 20 a year, rounded up: a count below the share is behind the pace.
ON_PACE = [2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20, 2]
ROW = re.compile(
    r'<th scope="row" class="indicator-cell"><a href="/indicators/(\w+)/.*?</tr>', re.S
)


@pytest.fixture
def approvals(db):
    """An F2-like headline indicator held from April 2024 to April 2025."""
    indicator = Indicator.objects.create(
        code="FA2", name="New foster carer approvals (year to date)", service_area="Fostering",
        unit="count", polarity="higher", period_type="ytd", precision=0, is_headline=True,
    )  # fmt: skip
    Threshold.objects.create(
        indicator=indicator, effective_from=APRIL_2024, green_at=20, red_at=12, target=20
    )
    hold(indicator, ON_PACE)
    return indicator


def hold(indicator, values, start=APRIL_2024):
    Figure.objects.bulk_create(
        Figure(indicator=indicator, month=add_months(start, n), value=Decimal(value))
        for n, value in enumerate(values)
    )


@pytest.fixture
def panel(client_as):
    return client_as(roles.PANEL_MEMBER)


def scorecard_row(client, month, code="FA2"):
    html = client.get(f"/scorecard/?month={month}&scope=all").content.decode()
    return next(m.group(0) for m in ROW.finditer(html) if m.group(1) == code)


def test_a_count_on_pace_in_april_is_green_against_a_twelfth_of_the_year(approvals):
    row = Scorecard(APRIL_2025, scope="all").rows[0]
    assert (row.rag.rating, row.thresholds.target) == ("green", 2)


def test_a_count_behind_pace_in_september_is_rated_against_half_the_year(approvals):
    Figure.objects.filter(month=SEPTEMBER_2024).update(value=7)
    row = Scorecard(SEPTEMBER_2024, scope="all").rows[0]
    assert (row.rag.rating, row.target_shown) == ("amber", "10 by September (20 a year)")


def test_the_scorecard_row_in_april_is_not_red_and_says_both_targets(approvals, panel):
    row = scorecard_row(panel, "2025-04")
    assert '<span class="rag rag--green">Green</span>' in row
    assert "<td>2 by April (20 a year)</td>" in row


def test_a_year_to_date_percentage_keeps_its_whole_target_every_month(approvals):
    Indicator.objects.filter(code="FA2").update(unit="percent", precision=1)
    row = Scorecard(APRIL_2025, scope="all").rows[0]
    assert (row.rag.rating, row.target_shown) == ("red", "20.0%")


def test_the_indicator_page_judges_each_month_against_its_pro_rated_target(approvals, panel):
    response = panel.get("/indicators/FA2/?month=2025-04")
    html, page = response.content.decode(), response.context["page"]
    assert "FA2 was 2 in April 2025 against a target of 2 by April (20 a year) (Green)" in html
    targets = {row.month: row.target for row in page.trend_rows()}
    assert targets[date(2025, 3, 1)] == "20 by March (20 a year)"
    assert targets[SEPTEMBER_2024] == "10 by September (20 a year)"
    chart = page.trend_chart()
    assert chart["targets"][-2:] == [20.0, 2.0]
    assert "These thresholds are for a whole year." in html


def test_the_indicator_pages_chart_breaks_its_lines_where_the_count_restarts(approvals, panel):
    page = panel.get("/indicators/FA2/?month=2025-04").context["page"]
    assert page.trend_chart()["restarts"] == ["2025-04-01"]
    Indicator.objects.filter(code="FA2").update(period_type="snapshot")
    page = panel.get("/indicators/FA2/?month=2025-04").context["page"]
    assert page.trend_chart()["restarts"] == []


def test_the_scorecards_sparkline_breaks_where_the_count_restarts(approvals, panel):
    polylines = re.findall(r"<polyline ", scorecard_row(panel, "2025-04"))
    assert len(polylines) == 2  # April 2024 to March 2025, then April 2025 alone
    Indicator.objects.filter(code="FA2").update(period_type="snapshot")
    assert len(re.findall(r"<polyline ", scorecard_row(panel, "2025-04"))) == 1


def test_the_admin_says_a_year_to_date_counts_thresholds_are_the_whole_years(approvals, client_as):
    threshold = approvals.thresholds.get()
    analyst = client_as(roles.ANALYST)
    for url in (
        reverse("admin:indicators_threshold_change", args=[threshold.pk]),
        reverse("admin:indicators_indicator_change", args=[approvals.pk]),
    ):
        html = analyst.get(url).content.decode()
        assert "judged against it pro-rated to the months since April" in html


def test_the_figures_held_on_the_indicator_page_are_rated_against_the_pro_rated_target(
    approvals, panel
):
    html = panel.get("/indicators/FA2/?month=2025-04").content.decode()
    held = html[html.index('id="figures-heading"') :]
    assert "rag--red" not in held and held.count("rag--green") == len(ON_PACE)


def test_the_exception_report_gives_the_pro_rated_target(approvals, panel):
    Figure.objects.filter(month=SEPTEMBER_2024).update(value=7)
    html = panel.get("/scorecard/exceptions/?month=2024-09").content.decode()
    assert "7 against a target of 10 by September (20 a year)." in html


def test_in_april_the_previous_month_is_not_comparable_and_never_worsening(approvals, panel):
    row = scorecard_row(panel, "2025-04")
    assert "Worsening" not in row and "▼" not in row
    assert (
        '<span class="dot dot--restarted">Not comparable: the year-to-date count restarts in '
        "April</span>" in row
    )


def test_within_the_year_the_previous_month_is_up_not_improving(approvals, panel):
    row = Scorecard(SEPTEMBER_2024, scope="all").rows[0]
    assert (row.previous.direction, row.previous.words) == ("up", "Up since August 2024")
    assert "Improving" not in scorecard_row(panel, "2024-09")


def test_the_same_month_a_year_earlier_is_compared_like_for_like_by_polarity(approvals):
    Figure.objects.filter(month=APRIL_2025).update(value=1)
    row = Scorecard(APRIL_2025, scope="all").rows[0]
    assert (row.last_year.direction, row.last_year.arrow) == ("worsening", "▼")


def test_the_exception_report_and_print_pack_say_the_count_restarts(approvals, panel):
    Figure.objects.filter(month=APRIL_2025).update(value=1)
    exceptions = panel.get("/scorecard/exceptions/?month=2025-04").content.decode()
    assert (
        "1 against a target of 2 by April (20 a year). Not comparable: the year-to-date count "
        "restarts in April. Worsening since April 2024." in exceptions
    )
    pack = panel.get("/scorecard/print/?month=2025-04&scope=all").content.decode()
    assert "Not comparable: the year-to-date count restarts in April</span>" in pack


def test_spc_is_not_applied_and_the_scorecard_row_says_so(approvals, panel):
    row = scorecard_row(panel, "2025-04")
    assert '<span class="spc spc--not_applied"> Not applied to a year-to-date total</span>' in row
    assert "concerning" not in row.lower()


def test_the_indicator_page_draws_no_spc_limits_and_says_why(approvals, panel):
    response = panel.get("/indicators/FA2/?month=2025-04")
    page = response.context["page"]
    assert page.trend_chart()["spc"] is None
    assert not any(row.special_cause for row in page.trend_rows())
    assert "SPC is not applied to a year-to-date total" in response.content.decode()


def test_each_point_of_a_year_to_date_counts_series_carries_its_pro_rated_target():
    indicator = Indicator(code="FA2", name="Approvals", unit="count", polarity="higher",
                          period_type="ytd", precision=0)  # fmt: skip
    thresholds = [ThresholdSet(APRIL_2024, green_at=20, red_at=12, target=20)]
    months = [add_months(APRIL_2024, n) for n in range(len(ON_PACE))]
    by_month = {
        m: HeldFigure(m, v, None, None, "ok", "") for m, v in zip(months, ON_PACE, strict=True)
    }
    series = series_for(indicator, months, by_month, thresholds)
    assert series.is_year_to_date_count
    assert [p.target for p in series.points] == ON_PACE


def test_the_april_restart_is_not_highlighted_as_a_fall_above_the_scorecard(approvals, panel):
    html = panel.get("/scorecard/?month=2025-04").content.decode()
    assert "fell from 20 in March to 2 in April" not in html


def test_the_exports_give_the_target_pro_rated_to_the_month_with_its_rating(approvals, panel):
    response = panel.get("/scorecard/scorecard.csv?month=2024-09")
    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (row["Figure"], row["Target"], row["RAG"]) == ("10", "10", "Green")
    assert row["Target for the year"] == "20"
    workbook = panel.get("/scorecard/scorecard.xlsx?month=2024-09").content
    [values] = load_workbook(io.BytesIO(workbook)).active.iter_rows(min_row=2, values_only=True)
    cells = dict(zip(HEADERS, values, strict=True))
    assert (cells["Target"], cells["Target for the year"], cells["RAG"]) == (10, 20, "Green")


def test_the_exports_say_the_count_restarts_in_april_and_spc_is_not_applied(approvals, panel):
    response = panel.get("/scorecard/scorecard.csv?month=2025-04")
    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["Direction (previous month)"] == (
        "Not comparable: the year-to-date count restarts in April"
    )
    assert (row["Target"], row["RAG"], row["SPC"]) == (
        "2",
        "Green",
        "Not applied to a year-to-date total",
    )
