"""One indicator's page: trend chart data and its table, summary, breakdowns, commentary,
highlights, history, and plotly served by the application itself."""

import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.utils.html import escape

from indicators import rules
from indicators.choices import BenchmarkSource, Status
from indicators.models import Benchmark, Figure, Indicator, Threshold
from indicators.periods import add_months
from scorecard import spc
from scorecard.indicator_page import age_band_order
from tests.conftest import heading_levels

DECEMBER = date(2024, 12, 1)


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def page(client, code, month="2024-12"):
    return client.get(f"/indicators/{code}/?month={month}").content.decode()


def json_data(html, script_id):
    found = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


def spc_from_database(code, month):
    """SPC over the 24 months to `month`, worked out from the figures held."""
    indicator = Indicator.objects.get(code=code)
    held = {f.month: f for f in Figure.objects.headline().filter(indicator=indicator)}
    months = [add_months(month, -n) for n in range(23, -1, -1)]
    values = [
        f.value if (f := held.get(m)) and f.status not in (Status.UNAVAILABLE, Status.UNRELIABLE)
        else None
        for m in months
    ]  # fmt: skip
    in_force = rules.thresholds_in_force([t.as_rule() for t in indicator.thresholds.all()], month)
    return months, spc.analyse(values, indicator.polarity, in_force.target if in_force else None)


def test_the_trend_data_holds_36_months_with_the_target_line(panel):
    data = json_data(page(panel, "CLA9"), "trend-data")
    assert len(data["months"]) == len(data["values"]) == len(data["targets"]) == 36
    assert data["months"][-1] == "2024-12-01" and data["values"][-3:] == [91.0, 84.0, 77.0]
    assert set(data["targets"]) == {95.0}


def test_rag_bands_put_green_above_for_higher_is_better(panel):
    bands = {b["rating"]: b for b in json_data(page(panel, "CLA9"), "trend-data")["bands"]}
    assert bands["green"]["y0"] == 95.0 and bands["red"]["y1"] == 90.0
    assert (bands["amber"]["y0"], bands["amber"]["y1"]) == (90.0, 95.0)


def test_rag_bands_put_green_below_for_lower_is_better(panel):
    bands = {b["rating"]: b for b in json_data(page(panel, "CT1"), "trend-data")["bands"]}
    assert bands["green"]["y1"] == 26.0 and bands["red"]["y0"] == 35.0
    assert bands["green"]["y0"] < bands["red"]["y1"]


def test_a_context_measure_has_no_rag_bands(panel):
    assert json_data(page(panel, "CLA1"), "trend-data")["bands"] == []


@pytest.mark.parametrize(("code", "month"), [("CLA9", DECEMBER), ("H2", date(2024, 4, 1))])
def test_spc_mean_limits_and_special_causes_agree_with_the_pure_function(panel, code, month):
    data = json_data(page(panel, code, f"{month:%Y-%m}"), "trend-data")["spc"]
    months, expected = spc_from_database(code, month)
    assert (data["mean"], data["lower"], data["upper"]) == (
        expected.mean, *expected.shown_limits("percent"),
    )  # fmt: skip
    special = [months[p.index].isoformat() for p in expected.points if p.special_cause]
    assert [p["month"] for p in data["special"]] == special
    assert f"{month:%Y-%m-%d}" in special  # both months are the story's special causes


def test_a_percentage_process_limit_is_drawn_and_described_no_higher_than_100(panel):
    _, expected = spc_from_database("H2", DECEMBER)
    assert expected.upper_limit > 100  # mean + 2.66 × the mean moving range
    html = page(panel, "H2")
    assert json_data(html, "trend-data")["spc"]["upper"] == 100
    assert re.search(r"limits \d+\.\d% to 100\.0%\)", html)


@pytest.mark.parametrize(
    ("unit", "values", "floor_below_zero"),
    [
        ("score", [-4, -1, 2, 5], True),
        ("score", [10, 11, 10, 11], False),
        ("count", [0, 1, 0, 1], False),
    ],
)
def test_the_charts_floor_goes_below_zero_only_for_a_unit_that_can_and_does(
    panel, unit, values, floor_below_zero
):
    indicator = Indicator.objects.create(code="SC1", name="A score", service_area="Health",
                                         unit=unit, polarity="higher", period_type="snapshot",
                                         precision=0, is_headline=True)  # fmt: skip
    Threshold.objects.create(indicator=indicator, effective_from=date(2020, 4, 1), green_at=3,
                             red_at=1, target=3)  # fmt: skip
    Figure.objects.bulk_create(
        Figure(indicator=indicator, month=add_months(DECEMBER, n - len(values) + 1), value=v)
        for n, v in enumerate(values)
    )
    chart = panel.get("/indicators/SC1/?month=2024-12").context["page"]
    floor = min(band["y0"] for band in chart.trend_chart()["bands"])
    assert (floor < 0) is floor_below_zero
    assert floor <= min(values)


def test_the_table_gives_the_charts_figures_month_by_month(panel):
    html = page(panel, "H2", "2024-04")
    data = json_data(html, "trend-data")
    rows = dict(re.findall(r'<tr><th scope="row">(\w+ \d{4})</th><td>([^<]*)</td>', html))
    assert len(rows) == len(data["months"])
    assert rows["April 2024"] == "25.0% (3 of 12)"
    special = re.search(r"<th scope=\"row\">April 2024</th>.*?</tr>", html, re.S).group(0)
    assert "Special cause: A figure outside the process limits" in special
    common = re.search(r"<th scope=\"row\">March 2024</th>.*?</tr>", html, re.S).group(0)
    nothing = '<span aria-hidden="true">–</span><span class="visually-hidden">No special cause'
    assert nothing in common


def test_months_spc_did_not_judge_are_not_said_to_have_no_special_cause(panel):
    keep = date(2024, 12, 1)
    Figure.objects.filter(indicator__code="CLA9").exclude(month=keep).delete()
    html = page(panel, "CLA9")
    assert '<h2 id="trend-heading" class="heading-m">Trend over 1 month</h2>' in html
    december = re.search(r"<th scope=\"row\">December 2024</th>.*?</tr>", html, re.S).group(0)
    assert '<span class="visually-hidden">Not judged by SPC' in december
    assert "No special cause" not in december


def test_months_before_the_spc_window_were_not_judged(panel):
    html = page(panel, "CLA9")
    first_judged = add_months(DECEMBER, 1 - spc.MAX_POINTS)
    before, judged = (
        re.search(rf"<th scope=\"row\">{month:%B %Y}</th>.*?</tr>", html, re.S).group(0)
        for month in (add_months(first_judged, -1), first_judged)
    )
    assert "Not judged by SPC" in before and "Not judged" not in judged


def test_a_record_high_is_not_on_record_when_figures_are_held_from_before_the_chart(panel):
    cla9 = Indicator.objects.get(code="CLA9")
    Figure.objects.filter(indicator=cla9, month=DECEMBER, breakdown="").update(value=99.9)
    record = "Children looked after with an up-to-date care plan at 99.9%"
    assert f"Highest on record: {record}" in page(panel, "CLA9")
    Figure.objects.create(indicator=cla9, month=date(2021, 11, 1), status=Status.UNAVAILABLE)
    assert f"Highest on record: {record}" in page(panel, "CLA9")  # a blank is no record
    Figure.objects.create(indicator=cla9, month=date(2021, 12, 1), value=100, is_percentage=True)
    assert f"Highest in 36 months: {record}" in page(panel, "CLA9")


def test_a_team_name_keeps_its_direction_to_itself_in_the_breakdown_summary(panel):
    Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, category="Eastfield").update(
        category="East\u202efield"
    )
    assert "\u2068Eastfield\u2069 lowest at" in page(panel, "CLA9")


def test_a_one_sentence_summary_gives_the_figure_target_rating_and_spc(panel):
    html = page(panel, "CLA9")
    summary = re.search(r"<figcaption>(.*?)</figcaption>", html).group(1)
    assert summary.startswith(
        "CLA9 was 77.0% in December 2024 against a target of 95.0% (Red). Special cause"
    )


@pytest.mark.parametrize("code", ["CL6", "CLA9"])
def test_the_team_behind_is_lowest_in_the_breakdown_table_and_summary(panel, code):
    html = page(panel, code)
    chart = json_data(html, "breakdown-team-data")
    lowest = min(zip(chart["values"], chart["categories"], strict=True))[1]
    assert lowest == "Eastfield"
    assert re.search(
        r"By team in December 2024, \w+ was highest at [\d.]+% and Eastfield lowest", html
    )
    assert '<tr><th scope="row">Eastfield</th><td>' in html


@pytest.mark.parametrize("code", ["CL6", "CLA9"])
def test_the_team_behind_the_others_is_a_highlight_on_the_indicator_page(panel, code):
    html = page(panel, code)
    highlights = html[html.index('id="highlights-heading"') : html.index("</section>")]
    assert re.search(r"Eastfield behind the other teams: [^<]+, [\d.]+% in December", highlights)


@pytest.mark.parametrize("code", ["CLA14", "CLA1"])
def test_age_bands_are_listed_youngest_first(panel, code):
    chart = json_data(page(panel, code), "breakdown-age_band-data")
    assert chart["categories"] == ["Under 1", "1-4", "5-9", "10-15", "16-17"]


def test_other_dimensions_keep_alphabetical_order(panel):
    chart = json_data(page(panel, "CLA14"), "breakdown-ethnicity-data")
    assert chart["categories"] == sorted(chart["categories"])


def test_any_age_band_text_sorts_under_n_first_then_by_first_number_then_unknown():
    uploaded = ["Unknown", "16+", "10 to 15", "Under 1", "Other", "5-9", "Under 5", "1-4", "18"]
    assert sorted(uploaded, key=age_band_order) == [
        "Under 1", "Under 5", "1-4", "5-9", "10 to 15", "16+", "18", "Other", "Unknown",
    ]  # fmt: skip


def test_a_breakdown_of_fewer_than_ten_children_is_flagged(panel):
    Figure.objects.create(
        indicator=Indicator.objects.get(code="CLA9"), month=DECEMBER, breakdown="uasc",
        category="UASC", value=75, numerator=6, denominator=8, is_percentage=True,
    )  # fmt: skip
    html = page(panel, "CLA9")
    assert json_data(html, "breakdown-uasc-data")["small"] == [True]
    row = re.search(r'<tr><th scope="row">UASC</th>.*?</tr>', html).group(0)
    assert "75.0% (6 of 8)" in row
    assert "Fewer than 10 children looked after at month end: treat with caution" in row
    assert "1 based on fewer than 10 children looked after at month end." in html
    team = re.search(r'id="breakdown-team".*?</table>', html, re.S).group(0)
    assert "Fewer than 10 children" not in team


def test_the_care_plans_dip_is_highlighted_on_its_page(panel):
    assert re.search(
        r"Children looked after with an up-to-date care plan fell from [\d.]+% in \w+ "
        r"to 77\.0% in December",
        page(panel, "CLA9"),
    )


def test_the_25_percent_health_assessment_month_is_highlighted_on_its_page(panel):
    html = page(panel, "H2", "2024-04")
    assert "Initial health assessments completed within 20 working days fell from" in html
    assert "Lowest on record: Initial health assessments completed within 20 working days at " \
        "25.0% in April" in html  # fmt: skip


def test_the_page_shows_the_months_commentary_and_the_figure_history(panel):
    html = page(panel, "CLA9")
    commentary = re.search(r'id="commentary".*?</section>', html, re.S).group(0)
    assert "What happened: care plans up to date fell" in commentary
    assert "Olu Adeyemi" in commentary
    history = re.search(r'id="history-heading".*?</section>', html, re.S).group(0)
    assert "Demonstration data" in history and "Dec 2024" in history


def test_plotly_is_referenced_from_the_applications_own_static_files(panel):
    html = page(panel, "CLA9")
    assert '<script src="/static/vendor/plotly.min.js" defer></script>' in html
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)


def test_plotly_is_served_by_the_application_at_static_vendor(demo, db, client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # as in development; production collects the file
    assert finders.find("vendor/plotly.min.js")
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    assert b"plotly" in b"".join(response.streaming_content)[:2000].lower()


def test_the_latest_month_is_shown_when_none_is_asked_for(panel):
    html = panel.get("/indicators/CLA9/").content.decode()
    assert '<h2 id="month-heading" class="heading-m">December 2024</h2>' in html


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/NOPE/",
        "/indicators/%00/",
        "/indicators/CLA9/?month=2024-13",
        "/indicators/CLA9/?month=abc",
        "/indicators/CLA9/?month=1900-01",
        "/indicators/CLA9/?month=99999-01",
        "/indicators/CLA9/?month=0001-01",
        "/indicators/CLA9/?month=9999-12",
    ],
)
def test_an_unknown_indicator_or_month_is_not_found(panel, url):
    assert panel.get(url).status_code == 404


@pytest.mark.parametrize(("month", "latest_year"), [("2024-04", 2023), ("2024-12", 2024)])
def test_the_chart_plots_only_the_england_figures_published_by_the_month_shown(
    panel, month, latest_year
):
    points = json_data(page(panel, "CLA2", month), "trend-data")["benchmarks"]["England"]
    assert max(p["year"] for p in points) == latest_year


def test_the_chart_plots_a_benchmark_in_the_month_its_period_ends(panel):
    neighbours = Benchmark.objects.filter(source=BenchmarkSource.STATISTICAL_NEIGHBOURS)
    assert not neighbours.exclude(period_end=None).exists()  # they end as England's do
    for code, month in (("WF1", "09"), ("CLA2", "03")):
        points = json_data(page(panel, code, "2024-12"), "trend-data")["benchmarks"]
        months = {p["month"] for source in points.values() for p in source}
        assert len(points) == 2 and months, code
        assert {m[5:] for m in months} == {f"{month}-01"}, code
        assert all(p["month"].startswith(str(p["year"])) for s in points.values() for p in s)


def test_the_months_highlights_are_headed_under_the_months_heading(panel):
    html = page(panel, "CLA9")
    heading_levels(html)
    month = html.index('<h2 id="month-heading"')
    assert html.index('<h3 id="highlights-heading"') > month


def test_each_chart_is_named_briefly_and_its_summary_said_once_in_its_caption(panel):
    html = page(panel, "CLA9")
    figures = re.findall(r'<figure class="chart[^"]*">(.*?)</figure>', html, re.S)
    assert len(figures) >= 2  # the trend and at least one breakdown
    for figure in figures:
        name = re.search(r'role="img" aria-label="([^"]+)"', figure).group(1)
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
        assert name.endswith("described below") and name not in caption


@pytest.mark.parametrize(
    ("value", "status", "summary"),
    [
        (None, Status.UNAVAILABLE, "CLA9's figure for December 2024 is unavailable (Clinic data "
         "not received), so it gets no rating."),
        (80, Status.UNRELIABLE, "CLA9 was 80.0% in December 2024, but the figure is unreliable "
         "(Clinic data not received), so it gets no rating."),
    ],
)  # fmt: skip
def test_the_summary_says_why_a_figure_held_gets_no_rating(panel, value, status, summary):
    Figure.objects.headline().filter(indicator__code="CLA9", month=DECEMBER).update(
        value=value, status=status, status_reason="Clinic data not received."
    )
    html = page(panel, "CLA9")
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S)[1]
    expected = f'<span class="rag rag--none">No rating</span> {escape(summary)}'
    assert " ".join(lead.split()) == expected


def test_the_months_summary_leaves_its_rating_to_the_tag_and_the_charts_gives_it_in_words(panel):
    html = page(panel, "CLA9")
    lead = " ".join(re.search(r'<p class="lead">(.*?)</p>', html, re.S)[1].split())
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S)[1]
    assert lead.startswith('<span class="rag rag--red">Red</span> CLA9 was 77.0% in December')
    assert "(Red)" not in lead and "against a target of 95.0% (Red)." in caption


def test_a_small_denominator_that_is_not_children_is_called_what_it_is(panel):
    """CL7 is a caseload per personal adviser: its denominator is staff, not children."""
    Figure.objects.create(
        indicator=Indicator.objects.get(code="CL7"), month=DECEMBER, breakdown="team",
        category="North", value="23.5", numerator=141, denominator=6,
    )  # fmt: skip
    html = page(panel, "CL7")
    row = re.search(r'<tr><th scope="row">North</th>.*?</tr>', html).group(0)
    assert "Fewer than 10 personal adviser full-time equivalents: treat with caution" in row
    assert "children" not in row


def test_a_blank_provisional_figure_is_no_figure_not_a_reason_for_no_rating(panel):
    Figure.objects.headline().filter(indicator__code="CLA9", month=DECEMBER).update(
        value=None, numerator=None, denominator=None, status=Status.PROVISIONAL
    )
    lead = re.search(r'<p class="lead">(.*?)</p>', page(panel, "CLA9"), re.S)[1]
    assert lead.endswith("No figure is held for CLA9 in December 2024.")


def test_the_highlight_for_a_small_denominator_names_what_the_indicator_counts(demo, db):
    from scorecard import highlights
    from scorecard.presenters import Scorecard

    Figure.objects.headline().filter(indicator__code="F4", month=DECEMBER).update(
        value=75, numerator=6, denominator=8
    )
    row = next(r for r in Scorecard(DECEMBER, "all").rows if r.indicator.code == "F4")
    found = highlights.month_highlights([row.series], DECEMBER, limit=None)
    small = [h.sentence for h in found if h.kind == highlights.Kind.SMALL_NUMBERS]
    assert small == [
        "Based on fewer than 10 approved fostering households: Foster carers' most recent "
        "announced visit within timescale, 75.0% (6 of 8) in December"
    ]


@pytest.mark.parametrize(("month", "marked"), [("2024-04", True), ("2024-12", False)])
def test_the_benchmarks_table_marks_a_year_not_yet_published_in_the_month_shown(
    panel, month, marked
):
    html = page(panel, "CLA2", month)
    table = html[html.index('id="benchmarks-heading"') : html.index('id="figures-heading"')]
    row_2024 = re.search(r"<td>2024(.*?)</td>", table, re.S).group(1)
    assert ("Not published by" in row_2024) is marked
    assert "Not published by" not in re.search(r"<td>2023(.*?)</td>", table, re.S).group(1)


@pytest.mark.parametrize("month", ["2022-03", "2022-12", "2024-12"])
def test_the_spc_lines_start_at_the_first_figure_they_are_worked_out_from(panel, month):
    data = json_data(page(panel, "CLA9", month), "trend-data")
    first = next(m for m, v in zip(data["months"], data["values"], strict=True) if v is not None)
    assert data["spc"]["from"] == max(
        first, add_months(date.fromisoformat(f"{month}-01"), -23).isoformat()
    )


def test_a_months_figure_on_fewer_than_10_children_is_flagged_in_the_table_and_summary(panel):
    december = Figure.objects.headline().filter(indicator__code="CLA9", month=DECEMBER)
    december.update(value="83.3", numerator=5, denominator=6)
    counted = Indicator.objects.get(code="CLA9").counted
    html = page(panel, "CLA9")

    row = re.search(r"<th scope=\"row\">December 2024</th>(.*?)</tr>", html, re.S).group(1)
    assert f"Fewer than 10 {counted}" in row
    assert (
        f"rests on fewer than 10 {counted}"
        in re.search(r'<p class="lead">(.*?)</p>', html, re.S)[1]
    )
    november = re.search(r"<th scope=\"row\">November 2024</th>(.*?)</tr>", html, re.S).group(1)
    assert "Fewer than 10" not in november
