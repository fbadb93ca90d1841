from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import Action, ActionReminder, AgendaItem, Committee, Meeting

from .conftest import item_of, meeting_on, raise_action


def refused(**changes):
    """Whether the database refuses the change (each attempt in its own savepoint)."""
    try:
        with transaction.atomic():
            changes.pop("model").objects.filter(pk=changes.pop("pk")).update(**changes)
    except IntegrityError:
        return True
    return False


@pytest.fixture
def action(meetings, officer):
    return raise_action(item_of(meetings[1]), officer)


def test_a_reference_is_unique_within_a_committee(action):
    with pytest.raises(IntegrityError):
        Action.objects.create(
            committee=action.committee, reference=action.reference, agenda_item=action.agenda_item,
            description="Copy", owner_name="Clerk", due_date=date(2025, 1, 1),
        )  # fmt: skip


def test_the_same_reference_may_be_used_by_another_committee(action):
    other = Committee.objects.create(name="Fostering Panel", code="FP")
    Action.objects.filter(pk=action.pk).update(committee=other)
    assert raise_action(action.agenda_item).reference == action.reference


def test_an_action_needs_an_owner_account_or_a_name(action):
    assert refused(model=Action, pk=action.pk, owner=None, owner_name="")
    assert not refused(model=Action, pk=action.pk, owner=None, owner_name="Designated Nurse")


def test_an_action_is_due_on_a_date_or_at_the_next_meeting_never_both_or_neither(action):
    assert refused(model=Action, pk=action.pk, due_at_next_meeting=True)
    assert refused(model=Action, pk=action.pk, due_date=None)
    assert not refused(model=Action, pk=action.pk, due_date=None, due_at_next_meeting=True)


def test_a_completed_action_must_have_a_completion_note(action):
    closed = {"model": Action, "pk": action.pk, "status": "completed", "closed_at": timezone.now()}
    assert refused(**closed)
    assert not refused(**closed, completion_note="Done.")


def test_closed_actions_have_a_closing_time_and_open_ones_do_not(action):
    assert refused(model=Action, pk=action.pk, status="dropped")
    assert refused(model=Action, pk=action.pk, closed_at=timezone.now())


def test_a_committee_code_is_upper_case_letters_and_digits(db):
    with pytest.raises(IntegrityError):
        Committee.objects.create(name="Lower", code="cpp")


def test_one_meeting_per_committee_at_a_time_and_one_item_per_position(meetings):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(committee=meetings[0].committee, starts_at=meetings[0].starts_at)
    item_of(meetings[0])
    with pytest.raises(IntegrityError):
        item_of(meetings[0], title="Another item in the same place")


def test_a_scorecard_month_is_the_first_of_the_month(meetings):
    with pytest.raises(IntegrityError):
        AgendaItem.objects.create(
            meeting=meetings[0], order=1, title="Scorecard", scorecard_month=date(2024, 12, 5)
        )


def test_one_reminder_per_action_per_day(action):
    ActionReminder.objects.create(action=action, sent_on=date(2024, 12, 1))
    with pytest.raises(IntegrityError):
        ActionReminder.objects.create(action=action, sent_on=date(2024, 12, 1))


def test_due_at_next_meeting_follows_the_next_meeting_of_the_committee(meetings, officer):
    action = raise_action(item_of(meetings[1]), officer, next_meeting=True)
    assert Action.objects.with_due().get(pk=action.pk).due == meetings[2].date
    moved = meetings[2].starts_at + timedelta(days=7)
    Meeting.objects.filter(pk=meetings[2].pk).update(starts_at=moved)
    assert Action.objects.with_due().get(pk=action.pk).due == meetings[2].date + timedelta(days=7)


def test_due_at_next_meeting_before_one_is_scheduled_is_never_overdue(meetings, officer):
    action = raise_action(item_of(meetings[2]), officer, next_meeting=True)
    listed = Action.objects.with_due().get(pk=action.pk)
    assert listed.due is None
    assert listed.due_label() == "Next meeting (not yet scheduled)"
    assert not Action.objects.overdue(date(2100, 1, 1)).exists()


def test_overdue_means_open_and_due_before_today(meetings, officer):
    item = item_of(meetings[0])
    today = timezone.localdate()
    late = raise_action(item, officer, due_date=today - timedelta(days=1))
    raise_action(item, officer, due_date=today)
    done = raise_action(item, officer, due_date=today - timedelta(days=5))
    Action.objects.filter(pk=done.pk).update(status="dropped", closed_at=timezone.now())
    assert list(Action.objects.overdue(today)) == [late]
    assert Action.objects.with_due().get(pk=late.pk).is_overdue(today)


def test_overdue_at_a_meeting_counts_an_action_open_then_and_closed_since(meetings, officer):
    earlier, last, _ = meetings
    action = raise_action(item_of(earlier), officer, due_date=last.date - timedelta(days=1))
    Action.objects.filter(pk=action.pk).update(
        status="completed", completion_note="Done.", closed_at=last.starts_at + timedelta(days=1)
    )
    action.refresh_from_db()
    assert action.was_overdue_at(last.starts_at, last.date)
    assert not action.was_overdue_at(last.starts_at, last.date - timedelta(days=1))
    assert not action.was_overdue_at(last.starts_at + timedelta(days=2), timezone.localdate())
    assert not action.is_overdue(timezone.localdate())


def test_an_action_says_whether_it_was_confirmed_on_another_day_than_its_meeting(meetings, officer):
    action = raise_action(item_of(meetings[1]), officer)  # confirmed today, 30 days later
    assert action.confirmed_on_another_day
    # 23:30 UTC the night before a meeting at 00:30 BST is the same London day
    meeting = Meeting.objects.create(
        committee=meetings[0].committee, starts_at=timezone.make_aware(datetime(2025, 6, 16, 0, 30))
    )
    action = raise_action(item_of(meeting), officer)
    action.created_at = datetime(2025, 6, 15, 23, 45, tzinfo=UTC)
    assert not action.confirmed_on_another_day


def test_a_completion_note_is_named_as_why_it_was_dropped_for_a_dropped_action(action):
    assert action.completion_note_label == "Completion note"
    action.status = Action.Status.DROPPED
    assert action.completion_note_label == "Why it was dropped"


def test_closed_between_uses_the_closing_time(action, meetings):
    Action.objects.filter(pk=action.pk).update(status="dropped", closed_at=timezone.now())
    assert list(Action.objects.closed_between(meetings[1].starts_at, timezone.now())) == [action]
    assert not Action.objects.closed_between(meetings[0].starts_at, meetings[1].starts_at)


def test_an_owner_is_shown_by_name_with_any_role_given(action, officer):
    assert action.owner_label == "Olu Adeyemi"
    action.owner_name = "Head of Service"
    assert action.owner_label == "Olu Adeyemi (Head of Service)"
    action.owner = None
    assert action.owner_label == "Head of Service"


def test_meetings_know_the_one_before_and_after(meetings):
    earlier, last, upcoming = meetings
    assert last.previous() == earlier and last.following() == upcoming
    assert earlier.previous() is None and upcoming.following() is None
    assert list(Meeting.objects.upcoming()) == [upcoming]
    assert list(Meeting.objects.past()) == [last, earlier]


def test_a_meeting_in_another_committee_is_not_next(meetings, officer):
    other = Committee.objects.create(name="Fostering Panel", code="FP")
    meeting_on(other, -10)
    assert meetings[1].following() == meetings[2]
