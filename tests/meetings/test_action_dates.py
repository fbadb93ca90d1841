"""An action is dated by the meeting that raised it, not by the day its minutes were confirmed."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from indicators import roles
from meetings.models import Action, Meeting

from .conftest import item_of, raise_action


def test_the_timeline_dates_the_raising_by_the_meeting_and_says_when_it_was_confirmed(
    client_as, meetings, officer
):
    last = meetings[1]  # held 30 days ago, its minutes confirmed today
    action = raise_action(item_of(last), officer)
    html = client_as(roles.PANEL_MEMBER).get(action.get_absolute_url()).content.decode()
    # The page gives London dates: the UTC date is a day behind from 00:00 to 01:00 BST.
    held, today = date_format(last.date, "j F Y"), date_format(timezone.localdate(), "j F Y")
    assert f"<strong>{held}</strong>: raised at the meeting." in html
    assert f"Confirmed from the minutes on {today}." in html


def test_an_action_confirmed_just_after_midnight_in_summer_gives_the_london_date(
    client_as, committee, officer
):
    london = ZoneInfo("Europe/London")
    meeting = Meeting.objects.create(
        committee=committee, starts_at=datetime(2025, 6, 12, 14, tzinfo=london)
    )
    action = raise_action(item_of(meeting), officer)
    confirmed = datetime(2025, 6, 16, 0, 30, tzinfo=london)  # 23:30 on 15 June in UTC
    Action.objects.filter(pk=action.pk).update(created_at=confirmed)
    html = client_as(roles.PANEL_MEMBER).get(action.get_absolute_url()).content.decode()
    assert "Confirmed from the minutes on 16 June 2025." in html


def test_an_action_confirmed_on_the_day_of_its_meeting_says_only_that_it_was_raised(
    client_as, meetings, officer
):
    action = raise_action(item_of(meetings[1]), officer)
    Action.objects.filter(pk=action.pk).update(created_at=meetings[1].starts_at)
    html = client_as(roles.PANEL_MEMBER).get(action.get_absolute_url()).content.decode()
    assert "raised at the meeting." in html and "Confirmed from the minutes" not in html


def test_the_log_sorted_by_raised_follows_the_meetings_dates_not_when_minutes_were_confirmed(
    client_as, meetings, officer
):
    earlier, last, _ = meetings
    newer = raise_action(item_of(last), officer)
    older = raise_action(item_of(earlier), officer)  # its minutes confirmed after the other's
    Action.objects.filter(pk=newer.pk).update(created_at=timezone.now() - timedelta(days=1))
    url = reverse("meetings:actions") + "?show=all&sort=raised"
    html = client_as(roles.PANEL_MEMBER).get(url).content.decode()
    assert re.findall(r"CPP/\d{4}/\d\d", html) == [older.reference, newer.reference]
