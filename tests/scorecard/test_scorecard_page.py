"""The monthly scorecard page: its query budget, its agreement with the pure rules, its
highlights and its answers to crafted URLs."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User

from indicators import roles
from indicators.choices import Status
from indicators.models import Benchmark, Commentary, Figure, Indicator, NeighbourFigure, Threshold
from indicators.periods import add_months
from scorecard import spc
from scorecard.presenters import Scorecard
from tests.scorecard.expected import expected_rows

DECEMBER = date(2024, 12, 1)
# session, user, 2 permissions, month check; then the data version, indicators, commentary and
# open actions (the months and rows kept from an earlier view need nothing more) ...
LATER_VIEW_QUERIES = 9
# ... or, on the first view, the months, the full scorecard (indicators, figures, thresholds,
# benchmarks, team and locality figures, commentary and actions) and the version again before
# keeping each.
FIRST_VIEW_QUERIES = 19
ROW = re.compile(
    r'<th scope="row" class="indicator-cell"><a href="/indicators/(\w+)/.*?</tr>', re.S
)


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def panel_member_with_indicators(count):
    """A panel member, and `count` indicators made by add_indicators with their commentary."""
    user = User.objects.create_user("counter")
    user.groups.add(Group.objects.get(name=roles.PANEL_MEMBER))
    add_indicators(count, user)
    return user


def add_indicators(count, author):
    """count headline indicators, each with 36 months of figures, two threshold sets, England and
    neighbour benchmarks and December's commentary."""
    indicators = Indicator.objects.bulk_create(
        Indicator(code=f"QC{n}", name=f"Measure {n}", service_area=f"Area {n % 4}",
                  unit="percent", polarity="higher", period_type="snapshot", precision=1,
                  is_headline=True)
        for n in range(count)
    )  # fmt: skip
    months = [add_months(date(2022, 1, 1), n) for n in range(36)]
    Figure.objects.bulk_create(
        Figure(indicator=i, month=m, value=Decimal(60 + (n + k) % 39), numerator=60 + (n + k) % 39,
               denominator=100, is_percentage=True)
        for n, i in enumerate(indicators) for k, m in enumerate(months)
    )  # fmt: skip
    Threshold.objects.bulk_create(
        Threshold(indicator=i, effective_from=start, green_at=90, red_at=75, target=90)
        for i in indicators
        for start in (date(2022, 4, 1), date(2024, 4, 1))
    )
    for i in indicators:
        for source in ("england", "neighbours"):
            benchmark = Benchmark.objects.create(indicator=i, source=source, year=2023, value=80)
            NeighbourFigure.objects.create(benchmark=benchmark, neighbour="Ashbury", value=81)
    Commentary.objects.bulk_create(
        Commentary(indicator=i, month=DECEMBER, text="What happened and why.", written_by=author)
        for i in indicators
    )


@pytest.mark.parametrize("count", [10, 100])
def test_the_scorecard_page_takes_the_same_queries_for_10_or_100_indicators(
    count, db, client, django_assert_num_queries
):
    user = panel_member_with_indicators(count)
    client.force_login(user)
    with django_assert_num_queries(FIRST_VIEW_QUERIES):
        first = client.get("/scorecard/?month=2024-12&scope=all").content.decode()
    with django_assert_num_queries(LATER_VIEW_QUERIES):
        later = client.get("/scorecard/?month=2024-12&scope=all").content.decode()
    assert first.count('class="indicator-cell"') >= count
    assert first.count("What happened and why.") == count
    assert scorecard_part(later) == scorecard_part(first)


def test_year_to_date_counts_take_no_more_queries_on_the_scorecard_page(
    db, client, django_assert_num_queries
):
    user = panel_member_with_indicators(10)
    Indicator.objects.filter(code__in=["QC0", "QC1", "QC2"]).update(
        unit="count", period_type="ytd", precision=0
    )
    client.force_login(user)
    with django_assert_num_queries(FIRST_VIEW_QUERIES):
        html = client.get("/scorecard/?month=2024-12&scope=all").content.decode()
    assert html.count("by December (90 a year)") == 3


def scorecard_part(html):
    """The page from its first heading to the end of the table (the CSRF token varies)."""
    return html[html.index("<h1") : html.index("</table>")]


@pytest.mark.parametrize("month", ["2024-12", "2024-07", "2024-04"])
def test_every_rows_rag_direction_and_spc_agree_with_the_pure_rules(demo, db, month):
    expected = expected_rows(date.fromisoformat(f"{month}-01"))
    rows = Scorecard(date.fromisoformat(f"{month}-01"), scope="all").rows
    assert {row.indicator.code for row in rows} == set(expected)
    for row in rows:
        wanted = expected[row.indicator.code]
        assert row.rag == wanted["rag"], row.indicator.code
        assert row.previous.direction == wanted["previous"], row.indicator.code
        assert row.last_year.direction == wanted["last_year"], row.indicator.code
        assert row.spc == wanted["spc"], row.indicator.code


def test_the_rendered_rag_direction_and_spc_are_the_pure_rules_answers(panel):
    html = panel.get("/scorecard/?month=2024-12&scope=all").content.decode()
    expected = expected_rows(DECEMBER)
    shown = {m.group(1): m.group(0) for m in ROW.finditer(html)}
    assert set(shown) == set(expected)
    for code, cells in shown.items():
        wanted = expected[code]
        assert re.search(r"rag rag--(\w+)", cells).group(1) == wanted["rag"].rating, code
        assert re.search(r"spc spc--(\w+)", cells).group(1) == wanted["spc"].variation, code
        assert re.findall(r"dot dot--(\w+)", cells) == wanted["shown"], code


def test_the_december_care_plans_dip_is_highlighted_above_the_scorecard(panel):
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    highlights = html[html.index('id="highlights-heading"') : html.index("<table")]
    assert re.search(
        r"Children looked after with an up-to-date care plan fell from [\d.]+% in \w+ "
        r"to 77\.0% in December",
        highlights,
    )


def test_the_care_plans_dip_is_said_from_october_as_the_issue_words_it(panel):
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    assert (
        "Children looked after with an up-to-date care plan fell from 91.0% in October to 77.0% "
        "in December" in html
    )


def test_a_target_missed_month_after_month_comes_after_this_months_movements(panel):
    card = panel.get("/scorecard/?month=2024-12").context["card"]
    kinds = [(h.code, h.kind) for h in card.highlights]
    assert ("CLA9", "big_movement") in kinds
    assert ("CL6", "missed_target") not in kinds[: kinds.index(("CLA9", "big_movement"))]
    assert len(kinds) == 6


def test_the_month_health_assessments_fell_to_25_percent_is_on_the_april_scorecard(panel):
    html = panel.get("/scorecard/?month=2024-04").content.decode()
    highlights = html[html.index('id="highlights-heading"') : html.index("<table")]
    assert "Initial health assessments completed within 20 working days fell from" in highlights
    assert "to 25.0% in April" in highlights
    row = next(m.group(0) for m in ROW.finditer(html) if m.group(1) == "H2")
    assert "25.0% (3 of 12)" in row and '<span class="rag rag--red">Red</span>' in row


@pytest.mark.parametrize("scope", ["headline", "all"])
def test_the_team_behind_the_others_is_highlighted_above_the_scorecard(panel, scope):
    html = panel.get(f"/scorecard/?month=2024-12&scope={scope}").content.decode()
    highlights = html[html.index('id="highlights-heading"') : html.index("<table")]
    assert re.search(r"Eastfield behind the other teams: [^<]+, [\d.]+% in December", highlights)


def test_highlights_link_to_the_indicator_in_the_month_they_speak_of(panel):
    html = panel.get("/scorecard/?month=2024-04").content.decode()
    highlights = html[html.index('id="highlights-heading"') : html.index("<table")]
    links = re.findall(r'href="(/indicators/\w+/[^"]*)"', highlights)
    assert links and all(link.endswith("?month=2024-04") for link in links)


def test_the_latest_month_is_shown_when_none_is_asked_for(panel):
    response = panel.get("/scorecard/")
    card = response.context["card"]
    assert card.month == DECEMBER and card.scope == "headline"
    shown = {m.group(1) for m in ROW.finditer(response.content.decode())}
    headline = set(Indicator.objects.active().headline().values_list("code", flat=True))
    assert shown == headline


def test_with_no_headline_indicator_the_scorecard_and_its_exports_say_there_are_none(panel):
    Indicator.objects.update(is_headline=False)
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    assert "No indicators to show." in html
    csv = panel.get("/scorecard/scorecard.csv?month=2024-12").content.decode("utf-8-sig")
    assert csv.splitlines()[1:] == []


@pytest.mark.parametrize(
    "month", ["2024-13", "abc", "1900-01", "99999-01", "2024-12-01", "0001-01", "1" * 25 + "-01"]
)
def test_a_month_with_no_figures_is_not_found(panel, month):
    assert panel.get("/scorecard/", {"month": month}).status_code == 404


def test_each_row_counts_the_open_actions_about_its_indicator(panel):
    from meetings.models import Action

    html = panel.get("/scorecard/?month=2024-12&scope=all").content.decode()
    counts = {m.group(1): int(re.search(r'class="num">(?:<a [^>]*>)?(\d+)', m.group(0)).group(1))
              for m in ROW.finditer(html)}  # fmt: skip
    expected = {
        code: Action.objects.open().filter(indicators__code=code).count() for code in counts
    }
    assert counts == expected and any(counts.values())
    one = next(code for code, count in counts.items() if count == 1)
    assert f"> open action about {one}</span>" in html
    assert f'href="/indicators/{one}/?month=2024-12#actions"' in html  # the month shown


def scorecard_row(client, code):
    html = client.get("/scorecard/?month=2024-12&scope=all").content.decode()
    return next(m.group(0) for m in ROW.finditer(html) if f">{code}</a>" in m.group(0))


def test_a_figure_of_no_children_at_all_is_flagged_as_fewer_than_ten(panel):
    december = Figure.objects.headline().filter(indicator__code="CLA9", month=date(2024, 12, 1))
    december.update(value=0, numerator=0, denominator=0)
    flagged = '0.0% (0 of 0)<br><span class="hint">Fewer than 10 children looked after at month'
    assert flagged in scorecard_row(panel, "CLA9")


def test_a_record_is_on_record_only_when_no_figure_is_held_before_the_months_read(demo, db):
    def record_of(code):
        card = Scorecard(date(2024, 12, 1), "all")
        return next(row.series for row in card.rows if row.indicator.code == code)

    assert not record_of("CLA9").held_before
    figure = Figure.objects.headline().get(indicator__code="CLA9", month=date(2022, 1, 1))
    Figure.objects.create(
        indicator=figure.indicator, month=date(2021, 12, 1), value=99, is_percentage=True
    )
    assert record_of("CLA9").held_before and not record_of("CLA7").held_before
    cla7 = Indicator.objects.get(code="CLA7")
    Figure.objects.create(indicator=cla7, month=date(2021, 12, 1), status=Status.UNAVAILABLE)
    assert not record_of("CLA7").held_before  # a blank figure is no record to beat


def test_a_blank_figure_without_a_status_says_no_figure_and_no_more(panel):
    december = Figure.objects.headline().filter(indicator__code="CLA9", month=date(2024, 12, 1))
    december.update(value=None, numerator=None, denominator=None)
    row = scorecard_row(panel, "CLA9")
    assert "<td>No figure</td>" in row and "(ok)" not in row


@pytest.mark.parametrize(
    ("status", "value", "shown"),
    [
        (Status.UNRELIABLE, 91.2, "91.2%, unreliable"),
        (Status.UNAVAILABLE, None, "No figure (unavailable)"),
    ],
)
def test_an_earlier_figure_not_compared_says_why(panel, status, value, shown):
    november = Figure.objects.headline().filter(indicator__code="CLA9", month=date(2024, 11, 1))
    november.update(value=value, status=status, status_reason="Late data")
    row = scorecard_row(panel, "CLA9")
    assert f'No comparison</span><br><span class="hint">{shown}</span>' in row


def test_a_highlight_gives_a_narrow_miss_with_the_places_its_row_shows(panel):
    cla9 = Figure.objects.headline().filter(indicator__code="CLA9")
    cla9.filter(month__in=[date(2024, 10, 1), date(2024, 11, 1)]).update(value=Decimal("96.0"))
    cla9.filter(month=date(2024, 12, 1)).update(value=Decimal("89.96"))
    html = panel.get("/scorecard/?month=2024-12&scope=all").content.decode()
    assert "89.96%" in scorecard_row(panel, "CLA9")
    assert "from 96.0% in November to 89.96% in December" in html


def test_a_missing_benchmark_is_read_out_as_none_published_not_a_dash(panel):
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    cla9 = next(m.group(0) for m in ROW.finditer(html) if ">CLA9</a>" in m.group(0))
    assert '<span aria-hidden="true">–</span><span class="visually-hidden">None published' in cla9


def test_the_pages_title_says_which_indicators_it_shows(panel):
    html = panel.get("/scorecard/?month=2024-12&scope=all&exceptions=on").content.decode()
    assert "<title>Scorecard December 2024, all indicators, amber and red only" in html


def test_the_indicator_page_lists_the_actions_about_it(panel):
    from meetings.models import Action

    action = Action.objects.filter(indicators__code="CLA9").first()
    html = panel.get("/indicators/CLA9/?month=2024-12").content.decode()
    assert "Actions about CLA9" in html and action.reference in html


def test_each_spc_verdict_has_an_icon_hidden_from_screen_readers_beside_its_words(panel):
    html = panel.get("/scorecard/?month=2024-12&scope=all").content.decode()
    cells = re.findall(r'<span class="spc spc--(\w+)">(.*?)</span>', html, re.S)
    assert cells and ("not_applied", " Not applied to a year-to-date total") in cells
    for variation, cell in cells:
        has_icon = '<svg class="spc-icon" aria-hidden="true"' in cell
        no_verdict = ("insufficient_data", "no_figure", "not_applied")
        assert has_icon == (variation not in no_verdict), variation
        assert spc.Variation(variation).label in cell


@pytest.mark.parametrize(
    ("month", "year_shown"), [(date(2024, 4, 1), 2023), (date(2024, 10, 1), 2023), (DECEMBER, 2024)]
)
def test_the_england_figure_for_a_year_is_shown_only_once_it_has_been_published(
    demo, db, month, year_shown
):
    """DfE publishes the year to March in November: April's scorecard cannot know it yet."""
    row = next(r for r in Scorecard(month, scope="all").rows if r.indicator.code == "CLA2")
    assert row.england.year == year_shown
    assert row.england_shown.endswith(f"({year_shown})")


def test_the_demo_foster_carer_approvals_restart_in_april_without_worsening_or_red(panel):
    html = panel.get("/scorecard/?month=2024-04&scope=all").content.decode()
    row = next(m.group(0) for m in ROW.finditer(html) if m.group(1) == "F2")
    assert "Worsening" not in row and "rag--red" not in row
    assert "Not comparable: the year-to-date count restarts in April" in row
    assert "<td>2 by April (20 a year)</td>" in row
    assert "Not applied to a year-to-date total" in row


def test_a_benchmark_year_held_without_a_figure_gives_way_to_the_year_before(demo, db):
    Benchmark.objects.filter(indicator__code="CLA2", source="england", year=2024).update(value=None)
    row = next(r for r in Scorecard(DECEMBER, scope="all").rows if r.indicator.code == "CLA2")
    assert row.england.year == 2023 and row.england_shown.endswith("(2023)")


def test_spc_limits_from_fewer_than_12_figures_are_marked_as_trial_ones(panel):
    early = Figure.objects.headline().filter(indicator__code="CLA9", month__lt=date(2024, 3, 1))
    early.delete()  # ten figures left: March to December 2024
    row = scorecard_row(panel, "CLA9")
    assert '<span class="hint">Trial limits: fewer than 12 figures</span>' in row
    printed = panel.get("/scorecard/print/?month=2024-12").content.decode()
    printed_row = re.search(r'<th scope="row">CLA9 .*?</tr>', printed, re.S)[0]
    assert "<br>Trial limits: fewer than 12 figures</td>" in printed_row
    assert "Trial limits" not in scorecard_row(panel, "CLA10")


@pytest.mark.parametrize("count", [10, 100])
def test_amber_and_red_on_the_headline_view_takes_the_same_queries_for_10_or_100_indicators(
    count, db, client, django_assert_num_queries
):
    user = panel_member_with_indicators(count)
    Indicator.objects.filter(code__endswith="0").update(is_headline=False)
    client.force_login(user)
    with django_assert_num_queries(FIRST_VIEW_QUERIES):
        first = client.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    with django_assert_num_queries(LATER_VIEW_QUERIES):
        later = client.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    assert scorecard_part(later) == scorecard_part(first)


def exceptions_in_december(headline):
    rows = Scorecard(DECEMBER, scope="all").exception_rows
    return [r for r in rows if r.indicator.is_headline == headline]


def test_amber_and_red_on_the_headline_view_says_it_is_headline_only(panel):
    html = panel.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    caption = "Amber and red headline indicators, December 2024, grouped by service area"
    assert f'<caption id="scorecard-caption">{caption}</caption>' in html
    assert "<title>Scorecard December 2024, headline indicators, amber and red only" in html
    shown = {m.group(1) for m in ROW.finditer(html)}
    assert shown == {r.indicator.code for r in exceptions_in_december(headline=True)}


def test_amber_and_red_on_the_headline_view_counts_the_others_and_links_to_them(panel):
    others = exceptions_in_december(headline=False)
    reds = sum(r.rag.rating == "red" for r in others)
    assert 0 < reds < len(others)  # the demo's December: AD4, CLA13 and F6 are red
    html = panel.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    assert (
        f'<p id="more-exceptions">{len(others)} more indicators rated amber or red ({reds} of '
        "them red) are not headline indicators: "
        '<a href="/scorecard/?month=2024-12&amp;scope=all&amp;exceptions=on">show all '
        "indicators</a>.</p>"
    ) in html


def test_one_red_indicator_left_out_of_the_headline_view_is_named_as_red(panel):
    others = exceptions_in_december(headline=False)
    red = next(r.indicator.code for r in others if r.rag.rating == "red")
    Indicator.objects.exclude(code=red).filter(code__in=[r.indicator.code for r in others]).update(
        is_headline=True
    )
    html = panel.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    assert "1 more indicator rated red is not a headline indicator: <a href=" in html


@pytest.mark.parametrize(
    "query", ["month=2024-12&scope=all&exceptions=on", "month=2024-12", "month=2024-12&scope=all"]
)
def test_views_that_leave_out_no_amber_or_red_say_nothing_of_others(panel, query):
    html = panel.get(f"/scorecard/?{query}").content.decode()
    assert 'id="more-exceptions"' not in html and "not headline indicators" not in html


def test_amber_and_red_in_all_indicators_is_captioned_as_all(panel):
    html = panel.get("/scorecard/?month=2024-12&scope=all&exceptions=on").content.decode()
    assert '<caption id="scorecard-caption">Amber and red indicators, December 2024,' in html


def test_the_latest_months_open_actions_are_headed_plainly(panel):
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    assert '<th scope="col">Open actions</th>' in html
    assert "open now" not in html and "as they are now" not in html


def test_an_earlier_months_open_actions_are_said_to_be_those_open_now(panel):
    html = panel.get("/scorecard/?month=2024-11&scope=all").content.decode()
    assert '<th scope="col">Open actions now</th>' in html
    assert "grouped by service area; open actions as they are now</caption>" in html
    hidden = re.findall(r'<span class="visually-hidden">([^<]*open[^<]*)</span>', html)
    assert hidden and all(re.fullmatch(r" actions? open now about \w+", h) for h in hidden)


def commentary_link(code, month="2024-12"):
    return f'<a class="missing" href="/scorecard/commentary/{code}/{month}/">Commentary needed'


@pytest.mark.parametrize("first", ["panel", "officer"])
def test_commentary_needed_links_to_the_form_only_for_those_who_may_write_it(
    demo, db, client, first
):
    """Rows are kept for everyone: each reader sees their own, whoever came first."""
    assert any(
        r.needs_commentary and r.indicator.code == "AD7" for r in exceptions_in_december(True)
    )
    pages = {}
    for username in (first, *({"panel", "officer"} - {first})):
        client.force_login(User.objects.get(username=username))
        pages[username] = client.get("/scorecard/?month=2024-12").content.decode()
    assert commentary_link("AD7") in pages["officer"]
    assert "/scorecard/commentary/" not in pages["panel"]
    assert '<span class="missing">Commentary needed</span>' in pages["panel"]


def highlighted_codes(html):
    start = html.index('id="highlights-heading"')
    return re.findall(r'<li><a href="/indicators/(\w+)/', html[start : html.index("</ul>", start)])


def test_amber_and_red_on_the_headline_view_keeps_the_headline_highlights(panel):
    """It reads every indicator's row, but its highlights are still the headline ones."""
    headline = [h.code for h in Scorecard(DECEMBER, scope="headline").highlights]
    assert headline != [h.code for h in Scorecard(DECEMBER, scope="all").highlights]
    html = panel.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    assert highlighted_codes(html) == headline
    assert highlighted_codes(panel.get("/scorecard/?month=2024-12").content.decode()) == headline
