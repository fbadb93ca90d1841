"""What a walk through the meetings pages as a clerk, an officer and a panel member found, kept
found: forms that ask in the order a clerk thinks, dates written as people write them, fields
that say how they go together, and pages that say so when there is nothing to do."""

import re
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators import roles
from meetings.forms import ProposedActionForm
from meetings.models import Meeting

from .conftest import item_of, raise_action

pytestmark = pytest.mark.django_db

LONG_ACTION = (
    "Officers to prepare a report on placement sufficiency, including the number of children "
    "placed more than twenty miles from home, the cost of external residential placements, the "
    "plan for new in-house children's homes and a timetable for recruiting foster carers."
)


def labels(html):
    return re.findall(r'<label class="label" for="[^"]*">([^<]*)</label>', html)


def h1(html):
    return re.search(r"<h1\b.*?</h1>", html, re.S)[0]


def test_setting_up_a_meeting_asks_which_committee_and_when_before_where(client_as, committee):
    html = client_as(roles.CLERK).get(reverse("meetings:meeting_new")).content.decode()
    assert labels(html) == ["Committee", "Date", "Time", "Venue", "Status"]
    assert '<option value="" selected>Choose a committee</option>' in html
    assert "---------" not in html


def test_the_meeting_forms_lead_back_to_the_meetings_and_the_meeting(client_as, meetings):
    clerk = client_as(roles.CLERK)
    html = clerk.get(reverse("meetings:meeting_new")).content.decode()
    assert f'<a href="{reverse("meetings:meetings")}">Meetings</a>' in html
    meeting = meetings[2]
    html = clerk.get(reverse("meetings:meeting_edit", args=[meeting.pk])).content.decode()
    assert f'<a href="{meeting.get_absolute_url()}">{meeting}</a>' in html


def test_dates_in_meeting_names_and_due_dates_have_no_leading_zero(client_as, committee, officer):
    starts_at = timezone.make_aware(datetime(2024, 7, 1, 14, 0))
    meeting = Meeting.objects.create(committee=committee, starts_at=starts_at)
    action = raise_action(item_of(meeting), officer, due_date=date(2024, 9, 2))
    assert str(meeting) == "Corporate Parenting Panel, 1 July 2024"
    assert action.due_label() == "2 Sep 2024"
    html = client_as(roles.PANEL_MEMBER).get(reverse("meetings:actions"), {"show": "all"})
    assert "2 Sep 2024" in html.content.decode() and "02 Sep" not in html.content.decode()
    assert re.search(r"(?<!\d)1 Jul 2024", html.content.decode())


def test_an_overdue_reminder_says_when_the_action_was_due(meetings, officer):
    due = timezone.localdate() - timedelta(days=3)
    raise_action(item_of(meetings[1]), officer, due_date=due)
    call_command("send_action_reminders", stdout=StringIO())
    assert f"is overdue (it was due on {due:%-d %B %Y}):" in mail.outbox[0].body


def test_the_owner_and_due_date_fields_say_how_they_go_with_the_ones_above(
    client_as, meetings, officer
):
    action = raise_action(item_of(meetings[1]), officer)
    html = client_as(roles.CLERK).get(action.get_absolute_url()).content.decode()
    assert 'id="id_reassign-owner_name_helptext"' in html
    assert "For an owner without an account, such as Head of Fostering" in html
    assert "Only when it is due by a date." in html
    assert 'aria-describedby="id_reassign-due_date_helptext"' in html


def test_a_draft_actions_indicators_are_listed_in_words():
    def linked(codes):
        return ProposedActionForm(initial={"codes": codes}).linked_to()

    assert linked("CLA7 CLA8 H2") == "CLA7, CLA8 and H2"
    assert linked("CLA9 H2") == "CLA9 and H2"
    assert linked("F2") == "F2"
    assert linked("") == ""


def test_confirming_with_nothing_found_says_so_rather_than_what_to_do(client_as, meetings):
    item = item_of(meetings[1], minutes="Members noted the report.")
    html = client_as(roles.CLERK).get(reverse("meetings:proposals", args=[item.pk]))
    html = html.content.decode()
    assert "These were found in the minutes" not in html
    assert "Nothing in these minutes is waiting to be confirmed." in html
    assert f'href="{item.meeting.get_absolute_url()}#item-1">Back to the meeting</a>' in html


def test_an_item_with_minutes_offers_to_edit_them_not_record_them(client_as, meetings):
    item_of(meetings[1], minutes="Members noted the report.")
    item_of(meetings[1], order=2, title="Any other business")
    html = client_as(roles.CLERK).get(meetings[1].get_absolute_url()).content.decode()
    assert 'Edit the minutes<span class="visually-hidden"> of item 1</span>' in html
    assert 'Record the minutes<span class="visually-hidden"> of item 2</span>' in html


def test_a_long_action_is_read_below_a_heading_of_its_reference(client_as, meetings, officer):
    long = raise_action(item_of(meetings[1]), officer, description=LONG_ACTION)
    html = client_as(roles.PANEL_MEMBER).get(long.get_absolute_url()).content.decode()
    assert LONG_ACTION.replace("'", "&#x27;") not in h1(html)
    assert f"Action {long.reference}</h1>" in h1(html)
    assert LONG_ACTION.replace("'", "&#x27;") in html

    short = raise_action(item_of(meetings[1], order=2), officer, description="Review CLA9.")
    html = client_as(roles.PANEL_MEMBER).get(short.get_absolute_url()).content.decode()
    assert "Review CLA9.</h1>" in h1(html)
