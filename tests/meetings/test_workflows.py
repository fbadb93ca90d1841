from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from meetings.models import Action
from meetings.pages import MeetingPage
from meetings.workflows import (
    ActionRefused,
    add_update,
    complete_action,
    confirm_action,
    confirm_resolution,
    drop_action,
    record_minutes,
    reopen_action,
)

from .conftest import close_at, item_of, meeting_on, raise_action

MINUTES = """\
The Head of Service presented the scorecard.

ACTION: Officers to explain the movement in CLA7 and CLA8.

ACTION – The Designated Nurse to report on health assessments (H2).

RESOLVED: That the report be noted.

Agreed: that the health sub-group reports twice a year.
"""


@pytest.fixture
def item(meetings):
    return item_of(meetings[1])


@pytest.fixture
def action(item, officer):
    return raise_action(item, officer)


def test_saving_minutes_proposes_every_action_and_resolution_with_codes(catalogue, item):
    proposals = record_minutes(item, MINUTES)
    item.refresh_from_db()
    assert item.minutes == MINUTES
    assert [(a.text, a.codes) for a in proposals.actions] == [
        ("Officers to explain the movement in CLA7 and CLA8.", ("CLA7", "CLA8")),
        ("The Designated Nurse to report on health assessments (H2).", ("H2",)),
    ]
    assert [r.text for r in proposals.resolutions] == [
        "That the report be noted.",
        "that the health sub-group reports twice a year.",
    ]


def test_confirmed_drafts_are_not_proposed_again(catalogue, item, officer):
    first = record_minutes(item, MINUTES)
    found = first.actions[0]
    confirm_action(item, "Edited wording", found.text, found.codes, owner=officer,
                   due_at_next_meeting=True)  # fmt: skip
    confirm_resolution(item, first.resolutions[0].text)
    again = record_minutes(item, MINUTES)
    assert [a.text for a in again.actions] == [first.actions[1].text]
    assert [r.text for r in again.resolutions] == [first.resolutions[1].text]


def test_a_confirmed_action_is_linked_to_the_indicators_named(catalogue, item, officer):
    action = confirm_action(item, "Review", "Review", ["CLA7", "CLA8", "NOPE1"], owner=officer,
                            due_at_next_meeting=True)  # fmt: skip
    assert sorted(action.indicators.values_list("code", flat=True)) == ["CLA7", "CLA8"]


def test_references_count_up_within_the_year_of_the_meeting(committee, officer):
    autumn = item_of(meeting_on(committee, 0))
    autumn.meeting.starts_at = timezone.make_aware(datetime(2024, 3, 5, 14))
    autumn.meeting.save()
    spring = item_of(meeting_on(committee, 1))
    spring.meeting.starts_at = timezone.make_aware(datetime(2025, 1, 9, 14))
    spring.meeting.save()
    refs = [raise_action(autumn, officer).reference for _ in range(3)]
    assert refs == ["CPP/2024/01", "CPP/2024/02", "CPP/2024/03"]
    assert raise_action(spring, officer).reference == "CPP/2025/01"


def test_due_at_next_meeting_ignores_any_date_given(item, officer):
    action = confirm_action(item, "Review", "Review", [], owner=officer,
                            due_date=date(2025, 1, 1), due_at_next_meeting=True)  # fmt: skip
    assert action.due_date is None and action.due_at_next_meeting


def test_resolutions_are_numbered_in_the_order_confirmed(item):
    assert [confirm_resolution(item, t).order for t in ("one", "two")] == [1, 2]


def test_an_update_is_dated_with_its_author_and_any_change_of_status(action, officer):
    update = add_update(action, officer, "Work started.", "in_progress")
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert (update.author, update.text) == (officer, "Work started.")
    assert (update.status_from, update.status_to) == ("open", "in_progress")
    assert timezone.now() - update.written_at < timedelta(minutes=1)


def test_an_update_without_a_status_keeps_the_status(action, officer):
    update = add_update(action, officer, "Still waiting for the data.")
    action.refresh_from_db()
    assert action.status == "open" and update.status_from == update.status_to == ""


def test_an_update_cannot_close_an_action(action, officer):
    with pytest.raises(ActionRefused):
        add_update(action, officer, "Done.", "completed")
    action.refresh_from_db()
    assert action.status == "open" and not action.updates.exists()


def test_completing_needs_a_note_and_records_who_and_when(action, officer):
    with pytest.raises(ActionRefused):
        complete_action(action, officer, "  ")
    complete_action(action, officer, "Report presented and noted.")
    action.refresh_from_db()
    assert action.status == "completed" and action.closed_by == officer
    assert action.completion_note == "Report presented and noted."
    assert timezone.now() - action.closed_at < timedelta(minutes=1)


def test_a_closed_action_cannot_be_closed_or_updated_again(action, officer):
    complete_action(action, officer, "Done.")
    with pytest.raises(ActionRefused):
        drop_action(action, officer, "Changed our minds.")
    with pytest.raises(ActionRefused):
        add_update(action, officer, "More news.")


def test_dropping_needs_a_reason_and_closes_the_action(action, officer):
    with pytest.raises(ActionRefused):
        drop_action(action, officer, "")
    update = drop_action(action, officer, "Superseded by the sufficiency report.")
    action.refresh_from_db()
    assert action.status == "dropped" and action.closed_at is not None
    assert (update.status_to, update.text) == ("dropped", "Superseded by the sufficiency report.")


def test_reopening_clears_the_closure(action, officer):
    complete_action(action, officer, "Done.")
    reopen_action(action, officer, "The figures were wrong.")
    action.refresh_from_db()
    assert (action.status, action.closed_at, action.closed_by) == ("open", None, None)
    assert action.completion_note == ""
    with pytest.raises(ActionRefused):
        reopen_action(action, officer, "Again.")


def test_an_action_moves_open_to_in_progress_to_completed_and_is_reported_closed_once(
    meetings, officer
):
    earlier, last, upcoming = meetings
    action = raise_action(item_of(earlier), officer, next_meeting=True)
    add_update(action, officer, "Started.", "in_progress")
    assert action in MeetingPage(last).arising_open
    complete_action(action, officer, "Presented to the panel.")
    close_at(action, last.starts_at - timedelta(days=3))
    timeline = [(u.status_from, u.status_to) for u in action.updates.all()]
    assert timeline == [("open", "in_progress"), ("in_progress", "completed")]
    assert action not in MeetingPage(last).arising_open
    assert [a.pk for a in MeetingPage(last).arising_closed] == [action.pk]
    assert MeetingPage(upcoming).arising_closed == []
    assert MeetingPage(earlier).arising_closed == []


def test_an_action_closed_after_the_last_meeting_is_reported_at_the_next_one_only(
    meetings, officer
):
    earlier, last, upcoming = meetings
    action = raise_action(item_of(earlier), officer)
    complete_action(action, officer, "Done after the last meeting.")
    assert [a.pk for a in MeetingPage(upcoming).arising_closed] == [action.pk]
    assert MeetingPage(last).arising_closed == []


def test_matters_arising_are_open_actions_from_earlier_meetings_only(meetings, officer):
    earlier, last, upcoming = meetings
    old = raise_action(item_of(earlier), officer)
    recent = raise_action(item_of(last), officer)
    raise_action(item_of(upcoming), officer)
    assert [a.pk for a in MeetingPage(upcoming).arising_open] == [old.pk, recent.pk]
    assert [a.pk for a in MeetingPage(last).arising_open] == [old.pk]


def test_an_action_left_open_is_carried_to_every_later_meeting(meetings, officer):
    earlier, last, upcoming = meetings
    action = raise_action(item_of(earlier), officer, next_meeting=True)
    for meeting in (last, upcoming):
        assert [a.pk for a in MeetingPage(meeting).arising_open] == [action.pk]
    assert Action.objects.with_due().get(pk=action.pk).due == last.date
