"""A meeting's page keeps, however long ago it was held, the actions that were open at it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from indicators import roles
from meetings.pages import MeetingPage
from meetings.workflows import complete_action

from .conftest import close_at, item_of, raise_action


def matters_arising(client, meeting):
    html = client.get(meeting.get_absolute_url()).content.decode()
    return html.split('id="agenda-heading"')[0]


def test_an_action_closed_after_a_meeting_is_still_listed_as_open_at_it(
    client_as, meetings, officer
):
    earlier, last, upcoming = meetings
    late = raise_action(item_of(earlier), officer, due_date=last.date - timedelta(days=7))
    complete_action(late, officer, "Reported to the panel.")
    close_at(late, last.starts_at + timedelta(days=3))
    arising = matters_arising(client_as(roles.PANEL_MEMBER), last)
    assert "Open actions from earlier meetings (1)" in arising and late.reference in arising
    closed_on = date_format(timezone.localtime(last.starts_at + timedelta(days=3)), "j M Y")
    assert f"Open at this meeting; completed {closed_on}" in arising
    assert "Overdue" in arising  # as it was at the meeting
    assert [a.pk for a in MeetingPage(upcoming).arising_closed] == [late.pk]
    assert MeetingPage(upcoming).arising_open == []


def test_an_action_closed_before_a_meeting_is_not_listed_as_open_at_it(meetings, officer):
    earlier, last, _ = meetings
    done = raise_action(item_of(earlier), officer)
    complete_action(done, officer, "Done.")
    close_at(done, last.starts_at - timedelta(days=1))
    assert MeetingPage(last).arising_open == []


def test_an_action_still_open_says_only_its_status(client_as, meetings, officer):
    earlier, last, _ = meetings
    raise_action(item_of(earlier), officer, due_date=timezone.localdate() + timedelta(days=60))
    arising = matters_arising(client_as(roles.PANEL_MEMBER), last)
    assert "<td>Open</td>" in arising and "Open at this meeting" not in arising


def test_an_action_due_before_the_next_meeting_but_not_yet_is_not_called_overdue(
    client_as, meetings, officer
):
    last, upcoming = meetings[1], meetings[2]
    raise_action(item_of(last), officer, due_date=timezone.localdate() + timedelta(days=7))
    client = client_as(roles.PANEL_MEMBER)
    assert "Overdue" not in matters_arising(client, upcoming)
    pack = client.get(reverse("meetings:meeting_pack", args=[upcoming.pk])).content.decode()
    assert "Overdue" not in pack
