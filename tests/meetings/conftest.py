"""A committee with three meetings around today: two held, one to come."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from indicators import roles
from meetings.models import Action, AgendaItem, Committee, Meeting
from meetings.workflows import confirm_action


def meeting_on(committee, days_from_today, **fields):
    day = timezone.localdate() + timedelta(days=days_from_today)
    starts_at = timezone.make_aware(datetime.combine(day, time(14, 0)))
    return Meeting.objects.create(committee=committee, starts_at=starts_at, **fields)


def item_of(meeting, order=1, **fields):
    return AgendaItem.objects.create(
        meeting=meeting, order=order, title=fields.pop("title", "Performance scorecard"), **fields
    )


def raise_action(item, owner=None, description="Officers to review CLA9.", **due):
    """An action raised at the item: due in a fortnight unless a due date or next_meeting given."""
    if due.pop("next_meeting", False):
        due = {"due_at_next_meeting": True}
    else:
        due = {"due_date": due.get("due_date", timezone.localdate() + timedelta(days=14))}
    return confirm_action(
        item, description, description, [],
        owner=owner, owner_name="" if owner else "Head of Fostering", **due,
    )  # fmt: skip


def close_at(action, when):
    """Backdate an action's closure, as if it had been closed then."""
    Action.objects.filter(pk=action.pk).update(closed_at=when)


@pytest.fixture
def committee(db):
    return Committee.objects.create(name="Corporate Parenting Panel", code="CPP")


@pytest.fixture
def meetings(committee):
    """(earlier, last, next): held 90 and 30 days ago, and the one in 30 days' time."""
    return (
        meeting_on(committee, -90, status=Meeting.Status.MINUTES_APPROVED),
        meeting_on(committee, -30, status=Meeting.Status.HELD),
        meeting_on(committee, 30),
    )


@pytest.fixture
def officer(users):
    officer = users[roles.OFFICER]
    officer.first_name, officer.last_name, officer.email = "Olu", "Adeyemi", "olu@example.org"
    officer.save()
    return officer
