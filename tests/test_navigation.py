"""The main navigation marks where the reader is: the page a link leads to, or its part."""

import re

import pytest

from indicators import roles

pytestmark = pytest.mark.django_db


def marked(html):
    nav = re.search(r'<nav aria-label="Main".*?</nav>', html, re.S)[0]
    return re.findall(r'<a href="[^"]*" aria-current="(\w+)">([^<]*)</a>', nav)


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/scorecard/", [("page", "Scorecard")]),
        ("/scorecard/exceptions/", [("true", "Scorecard")]),
        ("/indicators/", [("page", "Indicators")]),
        ("/indicators/CLA9/", [("true", "Indicators")]),
        ("/indicators/uploads/", [("page", "Uploads")]),
        ("/indicators/uploads/new/", [("true", "Uploads")]),
        ("/meetings/", [("page", "Meetings and actions")]),
        ("/", []),
    ],
)
def test_the_navigation_marks_one_link_as_current(client_as, catalogue, path, current):
    html = client_as(roles.ANALYST).get(path).content.decode()
    assert marked(html) == current
