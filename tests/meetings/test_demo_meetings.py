from datetime import date

import pytest
from django.utils import timezone

from meetings.models import Action, ActionUpdate, Committee, Resolution
from meetings.pages import MeetingPage
from tests.demo import loaded_demo


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module, in a transaction rolled back at the end."""
    with loaded_demo(django_db_blocker, "2024-12"):
        yield


@pytest.fixture
def demo(loaded, db):
    return Committee.objects.get(code="CPP")


def test_the_demo_panel_meets_across_the_demo_period_with_minutes_and_resolutions(demo):
    meetings = list(demo.meetings.order_by("starts_at"))
    months = [timezone.localtime(m.starts_at).date().replace(day=1) for m in meetings]
    assert months[0] == date(2024, 4, 1) and date(2024, 12, 1) in months and len(months) >= 5
    minutes = [i.minutes for m in meetings for i in m.items.all() if i.minutes]
    assert any("ACTION" in text for text in minutes)
    assert any("RESOLVED" in text or "Agreed" in text for text in minutes)
    assert Resolution.objects.filter(agenda_item__meeting__committee=demo).count() >= 4
    assert all(m.scorecard_month for m in meetings[:-1])


def test_the_demo_panel_meets_on_the_second_tuesday_afternoon_of_its_months(demo):
    for meeting in demo.meetings.all():
        starts = timezone.localtime(meeting.starts_at)
        assert (starts.strftime("%A"), 8 <= starts.day <= 14, starts.hour) == ("Tuesday", True, 14)


def test_the_demo_has_actions_in_every_state_some_overdue_some_about_indicators(demo):
    actions = Action.objects.filter(committee=demo)
    statuses = set(actions.values_list("status", flat=True))
    assert statuses == {"open", "in_progress", "completed", "dropped"}
    assert actions.overdue(date(2025, 1, 31)).exists()
    assert actions.filter(indicators__code="CLA9").exists()
    assert all(a.completion_note for a in actions.filter(status="completed"))
    assert ActionUpdate.objects.filter(action__committee=demo).exclude(status_to="").exists()


def test_demo_actions_are_reported_closed_at_one_meeting_each(demo):
    closed = set(Action.objects.closed().values_list("pk", flat=True))
    reported = [a.pk for m in demo.meetings.all() for a in MeetingPage(m).arising_closed]
    assert sorted(reported) == sorted(closed)
