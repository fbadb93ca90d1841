"""An ACTION line corrected after its action was confirmed is offered as a correction to that
action, not as a new one."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from indicators import roles
from meetings.models import Action
from meetings.workflows import (
    complete_action,
    confirm_action,
    keep_action_as_it_is,
    propose_from_minutes,
    record_minutes,
    reword_action,
)

from .conftest import item_of

NURSE = "Jane Smith to report on initial health assessments (H2) by the next meeting."
MOVEMENT = "Officers to explian the movment in CLA7 and CLA8."
MINUTES = f"The scorecard was presented.\n\nACTION: {NURSE}\n\nACTION: {MOVEMENT}\n"
NEW_NURSE = "John Brown to report on initial health assessments (H2) by the next meeting."
NEW_MOVEMENT = "Officers to explain the movement in CLA7 and CLA8."
CORRECTED = MINUTES.replace(NURSE, NEW_NURSE).replace(MOVEMENT, NEW_MOVEMENT)
NOT_CLERKS = [roles.PANEL_MEMBER, roles.ANALYST, roles.OFFICER]


@pytest.fixture
def item(meetings, catalogue):
    return item_of(meetings[1])


@pytest.fixture
def confirmed(item, officer):
    """The two actions confirmed from the minutes as first written: (nurse, movement)."""
    drafts = record_minutes(item, MINUTES).actions
    return [
        confirm_action(item, d.text, d.text, d.codes, owner=officer, due_at_next_meeting=True)
        for d in drafts
    ]


def proposals_url(item):
    return reverse("meetings:proposals", args=[item.pk])


def choices(item, *chosen, **fields):
    """The proposals form as the page sends it, with the choice made for each changed line."""
    drafts = propose_from_minutes(item)
    found, changed = len(drafts.actions), len(chosen)
    data = {"action-TOTAL_FORMS": found, "action-INITIAL_FORMS": found,
            "resolution-TOTAL_FORMS": 0, "resolution-INITIAL_FORMS": 0,
            "correction-TOTAL_FORMS": changed, "correction-INITIAL_FORMS": changed}  # fmt: skip
    for index, draft in enumerate(drafts.actions):
        data |= {f"action-{index}-description": draft.text, f"action-{index}-due": "next"}
    for index, (correction, choice) in enumerate(zip(drafts.corrections, chosen, strict=False)):
        action = correction.action  # its owner and due date, as the page fills them in
        data |= {
            f"correction-{index}-{key}": value
            for key, value in {"action": action.pk, "choice": choice,
                               "source_text": correction.found.text,
                               "description": correction.found.text,
                               "codes": " ".join(correction.found.codes),
                               "owner": action.owner_id or "", "owner_name": action.owner_name,
                               "due": "next" if action.due_at_next_meeting else "date",
                               "due_date": action.due_date or ""}.items()
        }  # fmt: skip
    return data | fields


def wording(action):
    action.refresh_from_db()
    return action.description, action.source_text


# What is proposed ----------------------------------------------------------------------------


def test_an_edited_confirmed_line_is_offered_as_a_correction_not_a_new_action(item, confirmed):
    drafts = record_minutes(item, CORRECTED)
    assert drafts.actions == []
    assert [(c.action, c.found.text) for c in drafts.corrections] == [
        (confirmed[0], NEW_NURSE),
        (confirmed[1], NEW_MOVEMENT),
    ]


def test_a_different_new_line_is_still_proposed_as_a_new_action(item, confirmed):
    different = "The Head of Fostering to report on the recruitment campaign (F2)."
    drafts = record_minutes(item, f"{CORRECTED}\nACTION: {different}\n")
    assert [d.text for d in drafts.actions] == [different]
    assert len(drafts.corrections) == 2


def test_a_line_like_a_confirmed_one_still_in_the_minutes_is_a_new_action(item, confirmed):
    like_it = NURSE.replace("initial", "review")
    drafts = record_minutes(item, f"{MINUTES}\nACTION: {like_it}\n")
    assert [d.text for d in drafts.actions] == [like_it] and drafts.corrections == []


def test_two_near_identical_confirmed_actions_are_matched_to_distinct_lines(item, officer):
    lines = ["Officers to review CLA7 by March.", "Officers to review CLA8 by March."]
    actions = [
        confirm_action(item, line, line, [], owner=officer, due_at_next_meeting=True)
        for line in lines
    ]
    edited = [line.replace("March", "April") for line in reversed(lines)]
    drafts = record_minutes(item, "".join(f"ACTION: {line}\n\n" for line in edited))
    assert drafts.actions == []
    assert [(c.found.text, c.action) for c in drafts.corrections] == [
        (edited[0], actions[1]),
        (edited[1], actions[0]),
    ]


def test_a_new_action_for_another_indicator_is_never_taken_for_an_edit(item, officer):
    """The clerk moves the CLA7 action's date and adds a new action for CLA8 in stock wording,
    more like the old CLA7 line than the CLA7 line edited is."""
    cla7 = "Head of Service to report on placement stability (CLA7) by March."
    cla8 = cla7.replace("CLA7", "CLA8")
    record_minutes(item, f"ACTION: {cla7}\n")
    confirm_action(item, cla7, cla7, ["CLA7"], owner=officer, due_at_next_meeting=True)
    moved = cla7.replace("March", "30 April")
    drafts = record_minutes(item, f"ACTION: {moved}\n\nACTION: {cla8}\n")
    assert [c.found.text for c in drafts.corrections] == [moved]
    assert [d.text for d in drafts.actions] == [cla8]


def test_a_line_replaced_by_one_for_another_indicator_leaves_the_new_one_proposed(item, officer):
    cla7 = "Head of Service to report on placement stability (CLA7) by March."
    record_minutes(item, f"ACTION: {cla7}\n")
    confirm_action(item, cla7, cla7, ["CLA7"], owner=officer, due_at_next_meeting=True)
    cla8 = cla7.replace("CLA7", "CLA8")
    drafts = record_minutes(item, f"ACTION: {cla8}\n")
    assert [d.text for d in drafts.actions] == [cla8] and drafts.corrections == []


def test_a_changed_line_with_nothing_chosen_is_refused_and_changes_nothing(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    data = choices(item, "keep", "keep")
    del data["correction-1-choice"]
    response = client_as(roles.CLERK).post(proposals_url(item), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_correction-1-choice_0">Changed line 2, What to do: Choose what to do' in html
    assert 'id="id_correction-1-choice_0"' in html
    assert 'aria-describedby="id_correction-1-choice_error"' in html
    assert html.count("Choose what to do with this line.") == 2  # summary and beside the choice
    assert [wording(a) for a in confirmed] == [(NURSE, NURSE), (MOVEMENT, MOVEMENT)]


# Updating or keeping the action --------------------------------------------------------------


def test_rewording_takes_the_new_line_links_its_indicators_and_notes_who_did_it(
    item, confirmed, users
):
    clerk, movement = users[roles.CLERK], confirmed[1]
    update = reword_action(movement, NEW_MOVEMENT, NEW_MOVEMENT, ("CLA8",), clerk)
    assert wording(movement) == (NEW_MOVEMENT, NEW_MOVEMENT)
    assert list(movement.indicators.values_list("code", flat=True)) == ["CLA8"]
    assert update.author == clerk and update.status_from == update.status_to == ""
    assert update.text == f'Wording corrected from the minutes. It read: "{MOVEMENT}"'


def test_a_closed_action_may_be_reworded_and_stays_closed(item, confirmed, users):
    nurse = confirmed[0]
    complete_action(nurse, users[roles.CLERK], "Reported.")
    reword_action(nurse, NEW_NURSE, NEW_NURSE, ("H2",), users[roles.CLERK])
    nurse.refresh_from_db()
    assert (nurse.description, nurse.status) == (NEW_NURSE, "completed")


def test_keeping_an_action_leaves_it_as_it_reads_and_the_line_is_not_offered_again(
    item, confirmed, users
):
    nurse = confirmed[0]
    keep_action_as_it_is(nurse, NEW_NURSE, users[roles.CLERK])
    assert wording(nurse) == (NURSE, NEW_NURSE)
    update = nurse.updates.get()
    assert (update.author, update.status_to) == (users[roles.CLERK], "")
    assert update.text == (
        "The line in the minutes was corrected; the action stands as it was. "
        f'It now reads: "{NEW_NURSE}"'
    )
    drafts = record_minutes(item, CORRECTED)
    assert drafts.actions == [] and [c.action for c in drafts.corrections] == [confirmed[1]]


def test_keeping_an_action_leaves_the_line_it_replaced_in_the_audit_log(item, confirmed, users):
    nurse = confirmed[0]
    keep_action_as_it_is(nurse, NEW_NURSE, users[roles.CLERK])
    entry = LogEntry.objects.get_for_object(nurse).latest("timestamp")
    assert entry.changes_dict["source_text"] == [NURSE, NEW_NURSE]


# The proposals page ----------------------------------------------------------------------------


def test_the_page_says_the_line_changed_shows_both_wordings_and_chooses_nothing(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    html = client_as(roles.CLERK).get(proposals_url(item)).content.decode()
    assert f'since action <a href="{confirmed[0].get_absolute_url()}">' in html
    assert f"{confirmed[0].reference}</a> was confirmed" in html
    same = "to report on initial health assessments (H2) by the next meeting."
    assert f"<del>Jane Smith</del> {same}" in html and f"<ins>John Brown</ins> {same}" in html
    assert 'value="keep" id="id_correction-0-choice_0"' in html and " checked" not in html
    assert "Draft actions (0)" in html and "Lines changed since their actions were" in html


def test_saving_minutes_with_only_a_changed_line_leads_to_the_proposals(client_as, item, confirmed):
    response = client_as(roles.CLERK).post(
        reverse("meetings:minutes", args=[item.pk]), {"minutes": CORRECTED}
    )
    assert response.url == proposals_url(item)


def test_updating_from_the_page_records_the_new_wording_and_an_update_by_the_clerk(
    client_as, item, confirmed, users
):
    record_minutes(item, CORRECTED)
    clerk = client_as(roles.CLERK)
    response = clerk.post(proposals_url(item), choices(item, "update", "keep"), follow=True)
    nurse = confirmed[0]
    assert wording(nurse) == (NEW_NURSE, NEW_NURSE) and Action.objects.count() == 2
    assert nurse.updates.get().author == users[roles.CLERK]
    assert "Wording corrected from the minutes" in nurse.updates.get().text
    assert "Updated 1 action from the minutes." in response.content.decode()


def test_leaving_it_keeps_the_action_and_the_line_is_not_offered_on_the_next_visit(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    clerk = client_as(roles.CLERK)
    clerk.post(proposals_url(item), choices(item, "keep", "keep"))
    assert [wording(a)[0] for a in confirmed] == [NURSE, MOVEMENT]
    assert Action.objects.count() == 2 and all(a.updates.count() == 1 for a in confirmed)
    html = clerk.get(proposals_url(item)).content.decode()
    assert "Draft actions (0)" in html and "Lines changed since" not in html
    response = clerk.post(reverse("meetings:minutes", args=[item.pk]), {"minutes": CORRECTED})
    assert response.url == item.meeting.get_absolute_url()  # no #item-: its message is seen


def test_a_changed_line_confirmed_as_new_is_a_separate_action(client_as, item, confirmed, officer):
    record_minutes(item, CORRECTED)
    data = choices(item, "keep", "new", **{"correction-1-owner": officer.pk})
    client_as(roles.CLERK).post(proposals_url(item), data)
    new = Action.objects.exclude(pk__in=[a.pk for a in confirmed]).get()
    assert (new.description, new.source_text, new.owner) == (NEW_MOVEMENT, NEW_MOVEMENT, officer)
    assert new.reference not in {a.reference for a in confirmed}
    assert wording(confirmed[1]) == (MOVEMENT, MOVEMENT)


def test_a_changed_line_left_as_it_is_is_not_checked_as_an_action(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    data = choices(item, "keep", "keep", **{"correction-0-description": "x" * 2001,
                                            "correction-1-due": "date",
                                            "correction-1-due_date": "not a date"})  # fmt: skip
    response = client_as(roles.CLERK).post(proposals_url(item), data)
    assert response.status_code == 302
    assert [wording(a) for a in confirmed] == [(NURSE, NEW_NURSE), (MOVEMENT, NEW_MOVEMENT)]


def test_an_update_with_a_wording_too_long_is_refused_and_changes_nothing(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    data = choices(item, "keep", "update", **{"correction-1-description": "x" * 2001})
    response = client_as(roles.CLERK).post(proposals_url(item), data)
    assert response.status_code == 200
    assert "Changed line 2, Description" in response.content.decode()
    assert [wording(a) for a in confirmed] == [(NURSE, NURSE), (MOVEMENT, MOVEMENT)]


def test_an_update_takes_the_owner_due_date_and_wording_given_and_says_what_changed(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    given = "John Brown to report on health assessments."
    fields = {"correction-0-owner": "", "correction-0-owner_name": "John Brown",
              "correction-0-due": "date", "correction-0-due_date": "2027-02-28",
              "correction-0-description": given}  # fmt: skip
    client_as(roles.CLERK).post(proposals_url(item), choices(item, "update", "keep", **fields))
    nurse = confirmed[0]
    nurse.refresh_from_db()
    assert (nurse.description, nurse.source_text) == (given, NEW_NURSE)
    assert (nurse.owner, nurse.owner_name) == (None, "John Brown")
    assert nurse.due_date == date(2027, 2, 28) and not nurse.due_at_next_meeting
    assert nurse.updates.get().text == (
        f'Wording corrected from the minutes. It read: "{NURSE}" Owner changed from '
        "Olu Adeyemi to John Brown. Due changed from the next meeting to 28 February 2027."
    )


def test_a_changed_line_confirmed_as_new_without_an_owner_is_refused_with_what_to_do(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    data = choices(item, "new", "update", **{"correction-0-owner": ""})
    response = client_as(roles.CLERK).post(proposals_url(item), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Changed line 1, Owner name or role: Choose an owner" in html
    assert Action.objects.count() == 2 and wording(confirmed[1]) == (MOVEMENT, MOVEMENT)


def test_a_correction_sent_twice_is_made_once(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    clerk, data = client_as(roles.CLERK), choices(item, "update", "new")
    data["correction-1-owner_name"] = "Head of Service"
    clerk.post(proposals_url(item), data)
    response = clerk.post(proposals_url(item), data, follow=True)  # Back, and send again
    assert confirmed[0].updates.count() == 1 and Action.objects.count() == 3
    assert "Nothing new was confirmed" in response.content.decode()


def test_a_correction_sent_for_another_items_action_changes_nothing(
    client_as, meetings, item, confirmed, officer
):
    other = item_of(meetings[0])
    elsewhere = confirm_action(other, "Elsewhere", "Elsewhere", [], owner=officer,
                               due_at_next_meeting=True)  # fmt: skip
    record_minutes(item, CORRECTED)
    data = choices(item, "update", "update", **{"correction-0-action": elsewhere.pk})
    client_as(roles.CLERK).post(proposals_url(item), data)
    assert wording(elsewhere) == ("Elsewhere", "Elsewhere") and not elsewhere.updates.exists()
    assert wording(confirmed[0]) == (NURSE, NURSE)
    assert wording(confirmed[1]) == (NEW_MOVEMENT, NEW_MOVEMENT)


def test_a_page_sent_without_the_changed_lines_on_it_changes_no_action(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    data = choices(item)
    del data["correction-TOTAL_FORMS"], data["correction-INITIAL_FORMS"]
    assert client_as(roles.CLERK).post(proposals_url(item), data).status_code == 302
    assert [wording(a) for a in confirmed] == [(NURSE, NURSE), (MOVEMENT, MOVEMENT)]


def test_the_wordings_are_shown_as_text_never_as_markup(client_as, item, officer):
    line = "Officers to review <b>CLA9</b> <script>alert(1)</script> by March."
    record_minutes(item, f"ACTION: {line}\n")
    confirm_action(item, line, line, [], owner=officer, due_at_next_meeting=True)
    record_minutes(item, f"ACTION: {line.replace('March', 'April')}\n")
    html = client_as(roles.CLERK).get(proposals_url(item)).content.decode()
    assert "<script>alert(1)" not in html and "<b>CLA9" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; by April." in html


# Who may make a correction ---------------------------------------------------------------------


def test_corrections_climb_the_permission_ladder(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    data, url = choices(item, "update", "update"), proposals_url(item)
    anonymous = client_as(None).post(url, data)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    for role in NOT_CLERKS:
        assert client_as(role).post(url, data).status_code == 403, role
    assert [wording(a)[0] for a in confirmed] == [NURSE, MOVEMENT]
    clerk = client_as(roles.CLERK)
    assert clerk.put(url, data).status_code == 405 and clerk.delete(url).status_code == 405
    assert clerk.post(url, data).status_code == 302
    assert [wording(a)[0] for a in confirmed] == [NEW_NURSE, NEW_MOVEMENT]


def test_someone_who_may_add_actions_but_not_change_them_cannot_correct_one(
    client, item, confirmed
):
    adder = User.objects.create_user("adder", password="a-long-test-password")
    adder.user_permissions.add(Permission.objects.get(codename="add_action"))
    client.force_login(adder)
    record_minutes(item, CORRECTED)
    assert client.get(proposals_url(item)).status_code == 200
    assert client.post(proposals_url(item), choices(item, "update", "keep")).status_code == 403
    assert [wording(a) for a in confirmed] == [(NURSE, NURSE), (MOVEMENT, MOVEMENT)]


def test_a_correction_sent_without_the_csrf_token_is_refused(users, item, confirmed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[roles.CLERK])
    record_minutes(item, CORRECTED)
    assert client.post(proposals_url(item), choices(item, "update", "update")).status_code == 403
    assert [wording(a)[0] for a in confirmed] == [NURSE, MOVEMENT]


# Lines taken out ------------------------------------------------------------------------------


def test_an_action_whose_line_was_taken_out_is_named_on_saving_and_on_the_proposals(
    client_as, item, confirmed
):
    without_nurse = MINUTES.replace(f"ACTION: {NURSE}\n", "")
    new_line = "The Head of Fostering to report on the recruitment campaign (F2)."
    clerk = client_as(roles.CLERK)
    saved = clerk.post(reverse("meetings:minutes", args=[item.pk]), {"minutes": without_nurse})
    assert saved.url == item.meeting.get_absolute_url()
    message = clerk.get(saved.url).content.decode()
    saved_for = f"Minutes saved for item {item.order}, {item.title}."
    assert (
        f"{saved_for} The line of action {confirmed[0].reference} is no longer in the "
        "minutes; it stays as it is." in message
    )
    drafts = record_minutes(item, f"{without_nurse}\nACTION: {new_line}\n")
    assert drafts.lines_gone == [confirmed[0]] and [d.text for d in drafts.actions] == [new_line]
    html = clerk.get(proposals_url(item)).content.decode()
    assert "Actions whose line is no longer in the minutes (1)" in html
    assert f'{confirmed[0].get_absolute_url()}">{confirmed[0].reference}</a>: {NURSE}' in html
    assert wording(confirmed[0]) == (NURSE, NURSE) and confirmed[0].is_open


def test_a_page_sent_back_after_another_clerk_dealt_with_a_line_shows_the_lines_as_they_are_now(
    client_as, item, confirmed, users
):
    record_minutes(item, CORRECTED)
    data = choices(item, "keep", "keep")
    del data["correction-0-choice"]  # refused, so the page comes back
    keep_action_as_it_is(confirmed[0], NEW_NURSE, users[roles.CLERK])  # meanwhile, in another tab
    response = client_as(roles.CLERK).post(proposals_url(item), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The changed lines are not as they were when this page was opened" in html
    assert f"Changed line 1: action {confirmed[1].reference}" in html
    assert "Changed line 2" not in html and 'name="correction-TOTAL_FORMS" value="1"' in html
    assert f'name="correction-0-action" value="{confirmed[1].pk}"' in html
    assert wording(confirmed[1]) == (MOVEMENT, MOVEMENT)


def test_an_action_draft_sent_with_a_line_not_in_the_minutes_confirms_nothing(client_as, item):
    record_minutes(item, f"ACTION: {NURSE}\n")
    data = choices(item, **{"action-0-source_text": "Officers to close the children's homes."})
    data |= {"action-0-include": "on", "action-0-owner_name": "Head of Service"}
    response = client_as(roles.CLERK).post(proposals_url(item), data, follow=True)
    assert not item.actions.exists()
    html = response.content.decode()
    assert "Confirmed 0 actions and 0 resolutions." in html
    assert "Left out 1 action whose line is no longer in the minutes." in html


def test_an_action_draft_whose_line_was_taken_out_meanwhile_confirms_nothing(client_as, item):
    record_minutes(item, f"ACTION: {NURSE}\n")
    data = choices(item, **{"action-0-include": "on", "action-0-owner_name": "Head of Service"})
    record_minutes(item, "The scorecard was presented.\n")  # meanwhile, in another tab
    response = client_as(roles.CLERK).post(proposals_url(item), data, follow=True)
    assert not item.actions.exists()
    assert "Left out 1 action whose line is no longer in the minutes." in (
        response.content.decode()
    )


def test_the_same_action_line_written_twice_is_proposed_once(item):
    drafts = record_minutes(item, f"ACTION: {NURSE}\n\nNoted.\n\nACTION: {NURSE}\n")
    assert [d.text for d in drafts.actions] == [NURSE]
    assert drafts.actions[0].line == 1
