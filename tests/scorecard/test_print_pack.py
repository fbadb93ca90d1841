"""The panel pack: its running header, its columns, and exceptions that cover every indicator."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from indicators.models import Figure, Indicator
from scorecard.presenters import Scorecard
from scorecard.templatetags.css import css_string
from tests.conftest import heading_levels

from .test_scorecard_page import panel_member_with_indicators

CSS_ESCAPE = re.compile(r"\\([0-9a-f]{1,6}) ")
DECEMBER = date(2024, 12, 1)
# session, user, 2 permissions, the month asked for; then one scorecard of every indicator:
# indicators, figures, thresholds, benchmarks, team and locality figures, commentary and open
# actions.
PACK_QUERIES = 12
TABLE = re.compile(r'<table class="table scorecard scorecard--print">.*?</table>', re.S)
EXCEPTIONS = re.compile(r'<section aria-labelledby="exceptions-heading">.*?</section>', re.S)
UNUSABLE = re.compile(r'<section aria-labelledby="unusable-heading">.*?</section>', re.S)
RUNNING_HEADER = re.compile(r"<style>@page \{ @top-left \{ content: (.*?); \} \}</style>")


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def read_css_string(written):
    """The text a browser reads from a CSS string written by css_string."""
    assert written.startswith('"') and written.endswith('"')
    return CSS_ESCAPE.sub(lambda match: chr(int(match[1], 16)), written[1:-1])


def test_css_string_writes_quotes_backslashes_newlines_and_angle_brackets_as_escapes():
    written = css_string('A "B" & C\'s\\\n</style>')
    assert written == '"A \\22 B\\22  \\26  C\\27 s\\5c \\a \\3c /style\\3e "'


def test_css_string_ends_each_escape_so_a_following_digit_stays_a_digit():
    assert read_css_string(css_string('"1')) == '"1'


@given(st.text())
def test_css_string_gives_back_any_text_and_nothing_can_break_out(text):
    written = css_string(text)
    assert read_css_string(written) == text
    inside = written[1:-1]
    assert not re.search(r"[\"'<>\n\r\f\x00]", inside)
    assert not re.search(r"\\(?![0-9a-f]{1,6} )", inside)


def test_a_panel_name_that_closes_the_style_element_stays_inside_it():
    template = Template("{% load css %}<style>b { content: {{ name|css_string }}; }</style>")
    html = template.render(Context({"name": "</style><script>alert(1)</script>"}))
    assert html.count("</style>") == 1 and "<script>" not in html


def test_the_pack_writes_its_running_header_from_the_panels_name_and_the_month(panel, settings):
    settings.PANEL_NAME = 'The "Panel"'
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    assert RUNNING_HEADER.search(html)[1] == '"The \\22 Panel\\22 " " · " "December 2024"'


def test_the_packs_title_names_the_panel_once_with_the_month_and_council(panel, settings):
    settings.PANEL_NAME, settings.COUNCIL_NAME = "Corporate Parenting Panel", "Westmere"
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    title = re.search(r"<title>(.*?)</title>", html)[1]
    assert title == "Corporate Parenting Panel: pack for December 2024 – Westmere"


def test_the_packs_content_security_policy_lets_its_running_header_style_through(panel):
    policy = panel.get("/scorecard/print/?month=2024-12")["Content-Security-Policy"]
    style_src = next(d for d in policy.split(";") if d.strip().startswith("style-src"))
    assert "'unsafe-inline'" in style_src.split()


def printed_rows(html):
    """Indicator code -> the cells of its row in the printed scorecard."""
    return dict(
        re.findall(r'<th scope="row">(\w+) .*?</th>(.*?)</tr>', TABLE.search(html)[0], re.S)
    )


def test_each_printed_row_draws_its_trend_with_a_name_and_counts_its_open_actions(panel):
    rows = printed_rows(panel.get("/scorecard/print/?month=2024-12&scope=all").content.decode())
    card = Scorecard(DECEMBER, scope="all")
    for row in card.rows:
        assert str(row.sparkline) in rows[row.indicator.code]
        assert (
            rows[row.indicator.code].rstrip().endswith(f'<td class="num">{row.open_actions}</td>')
        )
    assert any(row.open_actions for row in card.rows)
    assert 'role="img" aria-label="Trend of CLA9 over the 13 months to December' in rows["CLA9"]


def test_a_printed_benchmark_not_yet_published_is_said_in_words_behind_its_dash(panel):
    rows = printed_rows(panel.get("/scorecard/print/?month=2024-12&scope=all").content.decode())
    nothing = '<span aria-hidden="true">–</span><span class="visually-hidden">none published</span>'
    for row in Scorecard(DECEMBER, scope="all").rows:
        for source, shown in (("England", row.england_shown), ("Neighbours", row.neighbours_shown)):
            expected = f"{source}: {shown or nothing}"
            assert expected in rows[row.indicator.code], (row.indicator.code, source)
    assert any(not row.neighbours_shown for row in Scorecard(DECEMBER, scope="all").rows)


def test_a_printed_row_says_commentary_is_needed_where_the_page_does(panel):
    rows = printed_rows(panel.get("/scorecard/print/?month=2024-12&scope=all").content.decode())
    card = Scorecard(DECEMBER, scope="all")
    for row in card.rows:
        commentary_cell = rows[row.indicator.code].split("<td>")[-1]
        assert ("Commentary needed" in commentary_cell) == row.needs_commentary, row.indicator.code
    assert any(row.needs_commentary for row in card.rows)


def test_the_printed_scorecard_heads_its_trend_and_open_actions_columns(panel):
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    head = re.search(r"<thead>.*?</thead>", TABLE.search(html)[0], re.S)[0]
    assert '<th scope="col">Last 13 months</th>' in head
    assert '<th scope="col" class="num">Open actions now</th>' in head
    assert head.count('colspan="11"') == 1


def exception_codes(html):
    return set(re.findall(r'id="exception-(\w+)"', EXCEPTIONS.search(html)[0]))


def test_the_packs_exceptions_cover_every_indicator_whatever_the_scorecards_scope(panel):
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    every = panel.get("/scorecard/exceptions/?month=2024-12").content.decode()
    assert "AD4 " not in TABLE.search(html)[0]
    assert not Indicator.objects.get(code="AD4").is_headline
    assert "AD4" in exception_codes(html)
    assert exception_codes(html) == exception_codes(every)
    assert "Exception report for all 38 indicators: December 2024" in html


def test_the_packs_exception_report_holds_its_sections_under_its_heading(panel):
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    heading_levels(html)
    report = html.split("Exception report for all 38 indicators")[1]
    assert '<h3 id="exceptions-heading"' in report and '<h3 id="unusable-heading"' in report
    assert re.search(r'<h4 class="heading-s" id="exception-\w+">', report)


@pytest.mark.parametrize("scope", ["headline", "all"])
def test_the_packs_highlights_are_the_scorecards_for_the_same_scope(panel, scope):
    query = f"?month=2024-12&scope={scope}"
    pack = panel.get(f"/scorecard/print/{query}").content.decode()
    scorecard = panel.get(f"/scorecard/{query}").content.decode()
    highlights = re.compile(r'<section class="highlights".*?</section>', re.S)
    assert highlights.search(pack)[0] == highlights.search(scorecard)[0]


def test_the_packs_unusable_figures_cover_indicators_outside_the_scorecards_scope(panel):
    Figure.objects.filter(indicator__code="AD4", month=DECEMBER, breakdown="").update(
        value=None, status="unavailable", status_reason="Court data late"
    )
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    assert "AD4</a> <bdi>Average days from placement order" in UNUSABLE.search(html)[0]
    assert "<bdi>unavailable, Court data late</bdi>." in UNUSABLE.search(html)[0]


@pytest.mark.parametrize("count", [10, 30])
def test_the_pack_takes_the_same_queries_for_10_or_30_indicators(
    count, db, client, django_assert_num_queries
):
    user = panel_member_with_indicators(count)
    Indicator.objects.filter(code__in=[f"QC{n}" for n in range(0, count, 2)]).update(
        is_headline=False
    )
    client.force_login(user)
    with django_assert_num_queries(PACK_QUERIES):
        html = client.get("/scorecard/print/?month=2024-12").content.decode()
    assert TABLE.search(html)[0].count('<th scope="row">QC') == count // 2
    red_or_amber = {code for code in exception_codes(html) if code.startswith("QC")}
    assert html.count("What happened and why.") == count // 2 + len(red_or_amber)
    assert len(red_or_amber) > count // 2
