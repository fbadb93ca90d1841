"""Tables in a real browser: boxes a keyboard can scroll, pages that say which is shown, and
links big enough to hit."""

import re
from itertools import pairwise

import pytest
from playwright.sync_api import expect

from indicators import roles
from indicators.models import Upload
from meetings.models import Action, Meeting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Boxes that scroll sideways on a phone: django-tables2's and the project's own.
SCROLL_BOXES = ".table-container, .table-wide"


def pages_with_tables():
    meeting = Meeting.objects.filter(items__actions__isnull=False).distinct().first()
    upload = Upload.objects.newest_first().first()
    return [
        "/indicators/",
        "/meetings/actions/",
        "/indicators/CLA9/?month=2024-12",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        "/indicators/uploads/",
        f"/indicators/uploads/{upload.pk}/",
    ]


def test_every_tables_scroll_box_takes_focus_and_has_a_name(demo, page_as, check_page):
    page = page_as(roles.ANALYST)
    for path in pages_with_tables():
        page.goto(path)
        boxes = page.locator(SCROLL_BOXES)
        assert boxes.count(), path
        for box in boxes.all():
            expect(box).to_have_role("region")
            expect(box).to_have_accessible_name(re.compile(r"\S"))
            box.focus()
            expect(box).to_be_focused()
    for path in ("/indicators/", "/meetings/actions/", "/meetings/", "/indicators/uploads/"):
        page.goto(path)
        check_page(page, "tables" + path.replace("/", "-").rstrip("-"))


def test_the_action_logs_table_is_named_by_its_caption(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/meetings/actions/")
    expect(page.get_by_role("region", name="Actions", exact=True)).to_have_count(1)
    expect(page.get_by_role("table", name="Actions", exact=True)).to_have_count(1)


def test_the_page_of_figures_shown_is_marked_current_in_words_and_to_the_eye(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    pages = page.get_by_role("navigation", name="Pages of figures held, latest first")
    current = pages.locator("[aria-current=page]")
    expect(current).to_have_text("1")
    expect(current).to_have_accessible_name("Page 1")
    other = pages.get_by_role("link", name="Page 2", exact=True)
    look = "a => [getComputedStyle(a).backgroundColor, getComputedStyle(a).fontWeight]"
    assert current.evaluate(look) != other.evaluate(look)

    other.click()
    expect(pages.locator("[aria-current=page]")).to_have_text("2")


def test_each_indicator_link_in_the_action_log_is_at_least_24px_square(demo, page_as):
    action = next(a for a in Action.objects.all() if a.indicators.count() >= 2)
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/meetings/actions/?show=all")
    row = page.locator("tr", has=page.get_by_role("link", name=action.reference, exact=True))
    links = row.locator("td").last.get_by_role("link")
    assert links.count() >= 2
    boxes = [link.bounding_box() for link in links.all()]
    for box in boxes:
        assert box["width"] >= 24 and box["height"] >= 24, box
    for left, right in pairwise(boxes):
        apart = right["x"] >= left["x"] + left["width"] or right["y"] >= left["y"] + left["height"]
        assert apart, (left, right)
