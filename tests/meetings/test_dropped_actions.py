"""Why an action was dropped is shown with it, as what was done is: the close form tells the
officer that panel members will read it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from indicators import roles
from meetings.workflows import drop_action
from tests.migrating import migrated_to

from .conftest import close_at, item_of, raise_action

REASON = "Superseded by the sufficiency strategy agreed in March."


def test_the_next_meeting_says_why_an_action_closed_since_the_last_was_dropped(
    client_as, meetings, officer
):
    earlier, last, upcoming = meetings
    action = raise_action(item_of(earlier), officer)
    drop_action(action, officer, REASON)
    close_at(action, last.starts_at + timedelta(days=1))
    html = client_as(roles.PANEL_MEMBER).get(upcoming.get_absolute_url()).content.decode()
    assert f"Dropped: {REASON}" in html


def test_a_dropped_actions_page_gives_the_reason_under_its_own_name(client_as, meetings, officer):
    action = raise_action(item_of(meetings[1]), officer)
    drop_action(action, officer, REASON)
    html = client_as(roles.PANEL_MEMBER).get(action.get_absolute_url()).content.decode()
    assert f"<dt>Why it was dropped</dt><dd>{REASON}</dd>" in html


BEFORE = [("meetings", "0003_resolution_source_text")]
AFTER = [("meetings", "0004_dropped_actions_keep_their_reason")]


def closed_fields(apps):
    """What an action closed before the reason was kept needs: a committee, meeting and item."""
    committee = apps.get_model("meetings", "Committee").objects.create(name="CPP", code="CPP")
    meeting = apps.get_model("meetings", "Meeting").objects.create(
        committee=committee, starts_at=datetime(2025, 1, 9, 14, tzinfo=UTC)
    )
    item = apps.get_model("meetings", "AgendaItem").objects.create(meeting=meeting, order=1)
    return {"closed_at": datetime(2025, 2, 1, tzinfo=UTC), "owner_name": "Head of Service",
            "due_at_next_meeting": True, "committee": committee, "agenda_item": item}  # fmt: skip


def dropped_before(apps):
    """An action dropped, reopened and dropped again, and one completed, before the reason was
    kept with the action."""
    closed = closed_fields(apps)
    Action, Update = (
        apps.get_model("meetings", "Action"),
        apps.get_model("meetings", "ActionUpdate"),
    )
    dropped = Action.objects.create(reference="CPP/2025/01", status="dropped", **closed)
    for day, text in [(1, "No longer needed."), (3, REASON)]:
        Update.objects.create(action=dropped, text=text, status_to="dropped",
                              written_at=datetime(2025, 2, day, tzinfo=UTC))  # fmt: skip
    Action.objects.create(reference="CPP/2025/02", status="completed", completion_note="Done.",
                          **closed)  # fmt: skip


def dropped_without_a_dropping_update(apps):
    """Dropped with no update that dropped it (in the admin, say): one with no updates at all,
    one with only an update that left its status alone."""
    closed = closed_fields(apps)
    Action = apps.get_model("meetings", "Action")
    Action.objects.create(reference="CPP/2025/01", status="dropped", **closed)
    chased = Action.objects.create(reference="CPP/2025/02", status="dropped", **closed)
    apps.get_model("meetings", "ActionUpdate").objects.create(
        action=chased, text="Chased the team.", written_at=datetime(2025, 1, 20, tzinfo=UTC)
    )


def completion_notes_at(targets):
    Action = migrated_to(targets).get_model("meetings", "Action")
    return list(Action.objects.order_by("reference").values_list("completion_note", flat=True))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_actions_dropped_before_take_their_reason_from_their_timeline_and_it_can_be_undone():
    try:
        dropped_before(migrated_to(BEFORE))
        notes = completion_notes_at(AFTER)
        back = completion_notes_at(BEFORE)
    finally:
        call_command("migrate", verbosity=0)
    assert notes == [REASON, "Done."]
    assert back == ["", "Done."]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_actions_dropped_before_without_an_update_that_dropped_them_are_left_without_a_reason():
    try:
        dropped_without_a_dropping_update(migrated_to(BEFORE))
        notes = completion_notes_at(AFTER)
    finally:
        call_command("migrate", verbosity=0)
    assert notes == ["", ""]
