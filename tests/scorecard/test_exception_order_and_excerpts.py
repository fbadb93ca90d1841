"""The exception report puts red before amber, and commentary on the scorecard is cut at a word."""

import re

import pytest
from django.contrib.auth.models import User

from scorecard.presenters import COMMENTARY_PREVIEW, excerpt


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def test_the_exception_report_lists_red_indicators_before_amber_ones(panel):
    html = panel.get("/scorecard/exceptions/?month=2024-12").content.decode()
    ratings = re.findall(r'<article class="exception".*?rag rag--(\w+)', html, re.S)
    assert "red" in ratings and "amber" in ratings
    assert ratings == sorted(ratings, key=lambda rating: rating != "red")


def test_within_red_and_within_amber_the_scorecards_order_is_kept(panel):
    card = panel.get("/scorecard/exceptions/?month=2024-12").context["card"]
    order = {row.indicator.code: n for n, row in enumerate(card.rows)}
    for rating in ("red", "amber"):
        codes = [r.indicator.code for r in card.exception_rows if r.rag.rating == rating]
        assert codes == sorted(codes, key=order.get)


def test_a_long_commentary_is_cut_after_a_whole_word():
    text = "The service recruited two social workers in November, and caseloads are falling " * 3
    cut = excerpt(text, COMMENTARY_PREVIEW)
    assert len(cut) <= COMMENTARY_PREVIEW and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "


def test_a_commentary_without_spaces_to_cut_at_is_cut_where_it_must_be():
    cut = excerpt("x" * 500, 140)
    assert cut == "x" * 139 + "…"


def test_a_short_commentary_is_shown_whole_with_its_spacing_tidied():
    assert excerpt("  Two   lines\nof text ", 140) == "Two lines of text"


def test_a_commentary_cut_at_the_end_of_a_sentence_ends_with_the_ellipsis_alone():
    text = "Most care leavers have moved out of the area or declined contact. Advisers try again."
    assert excerpt(text, 70) == "Most care leavers have moved out of the area or declined contact…"
