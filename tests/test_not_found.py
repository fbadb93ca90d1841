"""A missing page says why in plain words: our own reason where we gave one, never Django's."""

import pytest
from django.urls import reverse

from indicators import roles

pytestmark = pytest.mark.django_db


def main_text(response):
    assert response.status_code == 404
    return response.content.decode().split("<main", 1)[1]


def test_an_unknown_indicator_code_says_no_indicator_has_it(client_as, catalogue):
    page = main_text(client_as(roles.PANEL_MEMBER).get("/indicators/NOPE99/"))
    assert "No indicator has that code." in page


def test_a_missing_meeting_says_there_is_no_page_not_djangos_words(client_as):
    page = main_text(client_as(roles.PANEL_MEMBER).get(reverse("meetings:meeting", args=[999])))
    assert "There is no page at this address." in page
    assert "matches the given query" not in page


def test_an_unknown_address_says_there_is_no_page(client_as):
    page = main_text(client_as(roles.PANEL_MEMBER).get("/no/such/page/"))
    assert "There is no page at this address." in page
    assert "Resolver404" not in page
