"""The scorecard's links: highlights to their indicators (not on an indicator's own page), the
print pack and downloads; and the icon every page names."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def highlights(html):
    return html[html.index('id="highlights-heading"') :].split("</section>", 1)[0]


def test_on_an_indicators_page_its_highlights_are_not_links_to_the_same_page(panel):
    said = highlights(panel.get("/indicators/CLA9/?month=2024-12").content.decode())
    assert "fell from 91.0% in October to 77.0% in December" in said
    assert "<a " not in said


def test_on_the_scorecard_each_highlight_links_to_its_indicator_in_the_month(panel):
    said = highlights(panel.get("/scorecard/?month=2024-12").content.decode())
    assert '<a href="/indicators/CLA9/?month=2024-12">CLA9</a>: ' in said


def test_pages_name_the_sites_icon_so_browsers_do_not_ask_for_a_missing_one(panel):
    html = panel.get("/scorecard/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")


def test_the_scorecards_print_and_download_links_say_what_each_gives(panel):
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    for words in (
        "Print the panel pack",
        "Download the pack as Excel",
        "Download the scorecard as CSV",
    ):
        assert f"{words}</a>" in html


def csv_codes(response):
    return [
        row["Code"] for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    ]


def test_the_csv_of_the_amber_and_red_view_holds_just_those_indicators(panel):
    page = panel.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    link = re.search(
        r'href="(/scorecard/scorecard\.csv\?[^"]+)">Download these amber and red', page
    )
    response = panel.get(link.group(1).replace("&amp;", "&"))
    assert response["Content-Disposition"].endswith('scorecard-2024-12-amber-and-red.csv"')
    card = panel.get("/scorecard/exceptions/?month=2024-12").context["card"]
    headline = {r.indicator.code for r in card.exception_rows if r.indicator.is_headline}
    assert headline and set(csv_codes(response)) == headline
    everything = panel.get("/scorecard/scorecard.csv?month=2024-12")
    assert len(csv_codes(everything)) > len(headline)
