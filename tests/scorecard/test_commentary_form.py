"""The commentary form: a limit it says rather than enforces by cutting text short, a save that
changes nothing adds no version, and the month's figure in view as the commentary is written."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User

from indicators.commentary import write_commentary
from indicators.models import Commentary, Indicator

DECEMBER = date(2024, 12, 1)
URL = "/scorecard/commentary/AD7/2024-12/"
SAVED = "Two adoptions were delayed by court dates."


@pytest.fixture
def written(demo, db):
    officer = User.objects.get(username="officer")
    return write_commentary(Indicator.objects.get(code="AD7"), DECEMBER, SAVED, officer)


def versions():
    return list(
        Commentary.objects.filter(indicator__code="AD7", month=DECEMBER).values_list(
            "text", flat=True
        )
    )


def test_the_box_does_not_cut_pasted_text_short_and_says_the_limit(log_in):
    page = log_in("officer").get(URL).content.decode()
    box = re.search(r'<textarea [^>]*id="id_text"[^>]*>', page).group()
    assert "maxlength" not in box
    assert "At most 5,000 characters." in page


def test_commentary_over_the_limit_is_refused_saying_how_long_it_is(log_in):
    text = "x" * 5001
    response = log_in("officer").post(URL, {"text": text})
    page = response.content.decode()
    assert response.status_code == 200
    message = "Commentary can be at most 5,000 characters; this is 5,001."
    assert f'<li><a href="#id_text">{message}</a></li>' in page
    assert f'<span class="visually-hidden">Error:</span> {message}</p>' in page
    assert "Ensure this value" not in page and versions() == []
    assert f">{text}</textarea>" in page  # what was typed is kept to be shortened


def test_line_breaks_count_as_one_character_towards_the_limit(log_in):
    text = "\r\n".join(["x" * 99] * 51)  # 5,099 characters; 5,149 as the browser sends them
    page = log_in("officer").post(URL, {"text": text}).content.decode()
    assert "this is 5,099." in page and "5,149" not in page


def test_a_save_that_changes_nothing_adds_no_version_and_says_so(log_in, written):
    response = log_in("officer").post(URL, {"text": f"  {SAVED}\r\n"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [("/indicators/AD7/?month=2024-12", 302)]
    assert "Nothing changed: the commentary is as it was." in page
    assert "Commentary saved" not in page
    assert versions() == [SAVED]


def test_a_save_that_changes_the_text_adds_a_version_and_says_it_was_saved(log_in, written):
    response = log_in("officer").post(URL, {"text": SAVED + " Both are now placed."}, follow=True)
    assert "Commentary saved for AD7, December 2024." in response.content.decode()
    assert len(versions()) == 2


def test_writing_the_current_text_again_returns_no_version(written):
    officer = User.objects.get(username="officer")
    assert write_commentary(written.indicator, DECEMBER, SAVED, officer) is None
    written.refresh_from_db()
    assert written.is_current and versions() == [SAVED]


# The whole ladder for the save that changes nothing: only an officer is told it changed nothing.
def test_anonymous_people_saving_unchanged_commentary_are_sent_to_log_in(log_in, written):
    response = log_in(None).post(URL, {"text": SAVED})
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("username", ["panel", "analyst", "clerk"])
def test_other_roles_saving_unchanged_commentary_are_refused(log_in, written, username):
    response = log_in(username).post(URL, {"text": SAVED})
    assert response.status_code == 403 and "Nothing changed" not in response.content.decode()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_unchanged_commentary_sent_by_other_methods_is_refused(log_in, written, method):
    response = getattr(log_in("officer"), method)(URL, f"text={SAVED}")
    assert response.status_code == 405 and versions() == [SAVED]


def test_the_form_shows_the_months_figure_rag_and_target_above_the_box(log_in):
    page = log_in("officer").get(URL).content.decode()
    facts = page[page.index('id="figure-heading"') : page.index('<form method="post" class="form"')]
    assert "The figure for December 2024" in facts
    assert "<dt>Figure</dt><dd>485 days</dd>" in facts
    assert '<dt>RAG</dt><dd><span class="rag rag--amber">Amber</span></dd>' in facts
    assert "<dt>Target</dt><dd>426 days</dd>" in facts
    assert "<dd>Worsening since November 2024 (447 days)</dd>" in facts


def test_a_figure_without_a_rating_says_why_on_the_form(log_in):
    page = log_in("officer").get("/scorecard/commentary/CLA1/2024-12/").content.decode()
    assert re.search(r'<dt>RAG</dt><dd><span class="rag rag--none">No rating</span> \w', page)


def test_panel_members_see_the_figure_too(log_in):
    assert "<dt>Figure</dt><dd>485 days</dd>" in log_in("panel").get(URL).content.decode()


def test_the_page_title_starts_with_error_when_the_form_is_refused(log_in):
    officer = log_in("officer")
    refused = officer.post(URL, {"text": ""}).content.decode()
    assert "<title>Error: Commentary: AD7, December 2024" in refused
    assert "<title>Commentary: AD7, December 2024" in officer.get(URL).content.decode()


def write_earlier(month, text):
    officer = User.objects.get(username="officer")
    return write_commentary(Indicator.objects.get(code="AD7"), month, text, officer)


def box_text(page):
    return re.search(r"<textarea [^>]*>(.*?)</textarea>", page, re.S).group(1)


def test_the_form_shows_the_latest_earlier_months_commentary_to_start_from(log_in):
    write_earlier(date(2024, 10, 1), "October's account.")
    write_earlier(date(2024, 11, 1), "Two adopters withdrew; the agency is matching again.")
    page = log_in("officer").get(URL).content.decode()
    assert "Commentary for November 2024" in page and "Two adopters withdrew" in page
    assert "October's account" not in page
    assert box_text(page) == ""
    assert 'href="?start=earlier#id_text">Start from the November 2024 commentary' in page


def test_starting_from_the_earlier_commentary_puts_it_in_the_box(log_in):
    write_earlier(date(2024, 11, 1), "Two adopters withdrew; the agency is matching again.")
    page = log_in("officer").get(URL + "?start=earlier").content.decode()
    assert box_text(page) == "Two adopters withdrew; the agency is matching again."
    assert "The box below starts with this commentary" in page
    assert versions() == []


def test_a_month_with_commentary_keeps_its_own_text_and_offers_no_start(log_in, written):
    write_earlier(date(2024, 11, 1), "Two adopters withdrew; the agency is matching again.")
    page = log_in("officer").get(URL + "?start=earlier").content.decode()
    assert box_text(page) == SAVED
    assert "Start from the" not in page and "Commentary for November 2024" in page


def test_panel_members_read_the_earlier_commentary_with_nothing_to_start(log_in):
    write_earlier(date(2024, 11, 1), "Two adopters withdrew; the agency is matching again.")
    page = log_in("panel").get(URL + "?start=earlier").content.decode()
    assert "Two adopters withdrew" in page
    assert "<textarea" not in page and "Start from the" not in page


def test_an_indicator_without_earlier_commentary_offers_none(log_in):
    page = log_in("officer").get(URL).content.decode()
    assert "Start from the" not in page and 'id="earlier-heading"' not in page
