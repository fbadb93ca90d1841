"""The main navigation marks the section a page is in, to the eye as well as in words."""

import pytest
from playwright.sync_api import expect

from indicators import roles

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LOOK = "a => getComputedStyle(a).borderBottomWidth + ' ' + getComputedStyle(a).textDecorationLine"


@pytest.mark.parametrize("path", ["/meetings/", "/meetings/actions/"])
def test_the_section_of_a_page_is_marked_by_a_bar_under_its_link(demo, page_as, path):
    page = page_as(roles.CLERK)
    page.goto(path)
    nav = page.get_by_role("navigation", name="Main")
    section = nav.get_by_role("link", name="Meetings and actions")
    expect(section).to_have_attribute("aria-current", "page" if path == "/meetings/" else "true")
    assert section.evaluate(LOOK) == "4px none"
    assert nav.get_by_role("link", name="Scorecard").evaluate(LOOK) == "0px underline"


def test_marking_the_section_leaves_the_users_name_on_the_headers_line(demo, page_as):
    page = page_as(roles.CLERK)
    page.goto("/meetings/")
    tops = [
        page.get_by_role("link", name="Meetings and actions").bounding_box()["y"],
        page.get_by_role("button", name="Sign out").bounding_box()["y"],
    ]
    assert abs(tops[0] - tops[1]) < 10, tops
