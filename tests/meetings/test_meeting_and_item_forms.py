"""The meeting and agenda item forms: what a clerk is told when one is refused, and boxes to type
in that look like the page's others."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from indicators import roles
from meetings.forms import AgendaItemForm, MeetingForm, OwnerAndDue
from meetings.models import Meeting


def summary(response):
    """The error summary's lines, as the clerk reads them."""
    html = response.content.decode()
    lines = re.findall(r'<a href="#id_\w+">(.*?)</a>', html[html.find("error-summary") :])
    return [unescape(line) for line in lines]


def test_with_no_committee_set_up_the_clerk_is_told_who_adds_one_instead_of_an_empty_form(
    client_as, users
):
    html = client_as(roles.CLERK).get(reverse("meetings:meeting_new")).content.decode()
    assert "No committee has been set up yet" in html
    assert "Meetings → Committees" in html
    assert '<form method="post" class="form"' not in html
    assert reverse("admin:meetings_committee_add") not in html, "a clerk cannot add one there"


def test_with_no_committee_set_up_an_administrator_is_offered_the_admin_page_to_add_one(client, db):
    client.force_login(User.objects.create_superuser("admin", password="a-long-password"))
    html = client.get(reverse("meetings:meeting_new")).content.decode()
    assert f'<a href="{reverse("admin:meetings_committee_add")}">Add a committee</a>' in html


def test_a_clerk_allowed_to_add_committees_but_not_the_admin_is_not_offered_a_dead_link(
    client_as, users
):
    clerk = users[roles.CLERK]
    clerk.user_permissions.add(Permission.objects.get(codename="add_committee"))
    html = client_as(roles.CLERK).get(reverse("meetings:meeting_new")).content.decode()
    assert "No committee has been set up yet" in html
    assert reverse("admin:meetings_committee_add") not in html


def test_with_a_committee_set_up_the_clerk_gets_the_form(client_as, committee):
    html = client_as(roles.CLERK).get(reverse("meetings:meeting_new")).content.decode()
    assert "No committee has been set up yet" not in html
    assert '<form method="post" class="form"' in html


def test_a_meeting_sent_empty_is_refused_with_what_to_give_for_each_field(client_as, committee):
    response = client_as(roles.CLERK).post(reverse("meetings:meeting_new"), {"venue": ""})
    assert summary(response) == [
        "Committee: Choose the committee that meets.",
        "Date: Give the date of the meeting.",
        "Time: Give the time the meeting starts.",
        "Status: Choose the meeting's status.",
    ]


@pytest.mark.parametrize("day", ["0001-01-01", "1926-11-14", "9999-12-31"])
def test_a_meeting_dated_far_outside_the_panels_years_is_refused_as_a_slip(
    client_as, committee, day
):
    data = {"committee": committee.pk, "status": "scheduled", "date": day, "time": "14:00"}
    response = client_as(roles.CLERK).post(reverse("meetings:meeting_new"), data)
    assert summary(response) == ["Date: Give a date between January 2000 and ten years from now."]
    assert not Meeting.objects.exists()


def test_an_agenda_item_sent_empty_is_refused_with_what_to_give(client_as, meetings):
    response = client_as(roles.CLERK).post(
        reverse("meetings:item_new", args=[meetings[2].pk]), {"title": " "}
    )
    assert summary(response) == [
        "Item number: Give the item's number on the agenda.",
        "Title: Give the item a title.",
    ]


@pytest.mark.parametrize("number", ["0", "-1", "40000"])
def test_an_agenda_item_numbered_outside_1_to_999_is_refused_with_the_range(
    client_as, meetings, number
):
    data = {"order": number, "title": "Performance scorecard"}
    response = client_as(roles.CLERK).post(
        reverse("meetings:item_new", args=[meetings[2].pk]), data
    )
    assert summary(response) == ["Item number: Give a number from 1 to 999."]
    assert not meetings[2].items.exists()


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        (MeetingForm, ["date", "time", "venue"]),
        (lambda: AgendaItemForm(meeting=Meeting()), ["order", "title", "presenter"]),
        (lambda: OwnerAndDue(owner_choices=[]), ["owner_name", "due_date"]),
    ],
)
def test_every_box_to_type_in_has_the_pages_style_for_one(db, form, fields):
    shown = form()
    for field in fields:
        assert 'class="input"' in str(shown[field]), field
