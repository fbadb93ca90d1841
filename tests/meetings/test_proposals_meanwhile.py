"""A draft on an open proposals page that another clerk confirms meanwhile: named when the page is
sent back, never offered again, never skipped without a word."""

import pytest
from django.urls import reverse

from indicators import roles
from meetings.models import Action
from meetings.workflows import confirm_action, confirm_resolution, record_minutes

from .conftest import item_of
from .test_views import MINUTES, proposals_data

FIRST = "Officers to explain the movement in CLA7 and CLA8."
SECOND = "The Designated Nurse to report on health assessments (H2)."
NOTED = "That the report be noted."


@pytest.fixture
def item(meetings, catalogue):
    item = item_of(meetings[1])
    record_minutes(item, MINUTES)
    return item


def confirmed_elsewhere(item):
    """Another clerk, in another tab, confirms the first action and the resolution."""
    action = confirm_action(item, FIRST, FIRST, ["CLA7"], owner_name="Head of Service",
                            due_at_next_meeting=True)  # fmt: skip
    confirm_resolution(item, NOTED, NOTED)
    return action


def send(client_as, item, data):
    url = reverse("meetings:proposals", args=[item.pk])
    return client_as(roles.CLERK).post(url, data, follow=True)


def test_a_refused_page_names_the_drafts_confirmed_meanwhile_and_does_not_offer_them(
    client_as, item, officer
):
    data = proposals_data(officer) | {"action-1-due_date": ""}  # refused: no due date
    action = confirmed_elsewhere(item)
    html = send(client_as, item, data).content.decode()
    assert "Give the due date" in html
    assert (
        f"Action {action.reference} was confirmed by someone else while this page was open, "
        "so it is not offered here again."
    ) in html
    assert "Resolution 1 was confirmed by someone else while this page was open" in html
    assert 'name="action-TOTAL_FORMS" value="1"' in html
    assert f'name="action-0-source_text" value="{SECOND}"' in html
    assert 'name="resolution-TOTAL_FORMS" value="0"' in html


def test_the_error_summary_names_the_drafts_as_numbered_on_the_page_sent_back(
    client_as, item, officer
):
    data = proposals_data(officer) | {"action-1-due_date": ""}
    confirmed_elsewhere(item)
    html = send(client_as, item, data).content.decode()
    assert 'href="#id_action-0-due_date">Action 1, Due date: Give the due date' in html


def test_a_draft_confirmed_meanwhile_is_not_refused_for_what_it_was_sent_with(
    client_as, item, officer
):
    data = proposals_data(officer) | {"action-0-owner": ""}  # the draft confirmed elsewhere
    confirmed_elsewhere(item)
    send(client_as, item, data)
    assert set(Action.objects.values_list("description", flat=True)) == {FIRST, SECOND}


def test_a_page_sent_after_drafts_were_confirmed_meanwhile_says_they_were_not_confirmed_again(
    client_as, item, officer
):
    action = confirmed_elsewhere(item)
    html = send(client_as, item, proposals_data(officer)).content.decode()
    assert "Confirmed 1 action and 0 resolutions." in html
    assert (
        f"Action {action.reference} was confirmed by someone else while this page was open, "
        "so it was not confirmed again."
    ) in html
    assert Action.objects.filter(description=FIRST).count() == 1
    assert item.resolutions.count() == 1


def test_a_page_whose_every_draft_was_confirmed_meanwhile_names_each_and_why_it_was_not_again(
    client_as, item, officer
):
    first = confirmed_elsewhere(item)
    second = confirm_action(item, SECOND, SECOND, ["H2"], owner_name="Designated Nurse",
                            due_at_next_meeting=True)  # fmt: skip
    html = send(client_as, item, proposals_data(officer)).content.decode()
    assert "Nothing new was confirmed: those were confirmed already." in html
    for name in (f"Action {first.reference}", f"Action {second.reference}", "Resolution 1"):
        assert (
            f"{name} was confirmed already, by someone else while this page was open or by this "
            "page sent before, so it was not confirmed again."
        ) in html
    assert Action.objects.count() == 2 and item.resolutions.count() == 1


def test_a_page_sent_twice_does_not_say_someone_else_confirmed_its_drafts(client_as, item, officer):
    send(client_as, item, proposals_data(officer))  # a double click, or Back and send again
    html = send(client_as, item, proposals_data(officer)).content.decode()
    assert "was confirmed by someone else" not in html
    assert "by this page sent before, so it was not confirmed again." in html


def test_a_page_sent_with_more_drafts_than_any_minutes_hold_is_refused_in_words(client_as, item):
    data = {"action-TOTAL_FORMS": "5000", "action-INITIAL_FORMS": "0",
            "resolution-TOTAL_FORMS": "0", "resolution-INITIAL_FORMS": "0"}  # fmt: skip
    response = send(client_as, item, data)
    assert "<li>Please submit at most 1000 forms.</li>" in response.content.decode()
    assert not Action.objects.exists()
