"""Highlights link to their indicator's page, except on that page itself; pages name an icon."""

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
