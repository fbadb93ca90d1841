"""An update sent twice (a double click, or Back and send again) is added once, and says so."""

from datetime import timedelta

from django.urls import reverse

from indicators import roles
from meetings.models import ActionUpdate
from meetings.workflows import add_update

from .conftest import item_of, raise_action


def send_update(client, action, text, status=""):
    url = reverse("meetings:action_update", args=[action.pk])
    return client.post(url, {"text": text, "status": status}, follow=True)


def test_an_update_sent_twice_is_added_once_and_the_second_says_so(client_as, meetings, officer):
    action = raise_action(item_of(meetings[1]), officer)
    owner = client_as(roles.OFFICER)
    send_update(owner, action, "Chased the team.", "in_progress")
    response = send_update(owner, action, "Chased the team.", "in_progress")
    assert [u.text for u in action.updates.all()] == ["Chased the team."]
    assert "That update is on the timeline already; it was not added again." in (
        response.content.decode()
    )


def test_the_same_words_weeks_later_are_added(meetings, officer):
    action = raise_action(item_of(meetings[1]), officer)
    earlier = add_update(action, officer, "No change this month.")
    ActionUpdate.objects.filter(pk=earlier.pk).update(
        written_at=earlier.written_at - timedelta(days=28)
    )
    add_update(action, officer, "No change this month.")
    assert action.updates.count() == 2


def test_the_same_words_from_someone_else_are_added(meetings, officer, users):
    action = raise_action(item_of(meetings[1]), officer)
    add_update(action, officer, "Report sent.")
    add_update(action, users[roles.CLERK], "Report sent.")
    assert action.updates.count() == 2
