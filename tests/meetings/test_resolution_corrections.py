"""A resolution keeps the line of the minutes it came from: reworded on confirming, it is not
proposed again, and a RESOLVED line corrected after it was confirmed is offered as a change to
it, not as a second resolution."""

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import roles
from meetings.minutes import line_key
from meetings.models import Resolution
from meetings.workflows import (
    confirm_resolution,
    correct_resolution,
    keep_resolution_as_it_is,
    propose_from_minutes,
    record_minutes,
)

from .conftest import item_of, raise_action

NOTED = "That the report be noted."
REVIEW = "That the Panel asks officers for a review of placement stability by March."
NEW_REVIEW = "That the Panel asks officers for a review of placement stability by April."
THANKS = "That the Panel thanks the fostering team for its work this year."
MINUTES = f"The scorecard was presented.\n\nRESOLVED: {NOTED}\n\nRESOLVED: {REVIEW}\n"
CORRECTED = MINUTES.replace(REVIEW, NEW_REVIEW)
TWO_PARTS = "RESOLVED: That the Panel (i) notes the report; and (ii) asks for a review.\n"
THREE_PARTS = (
    "RESOLVED: That the Panel (i) notes the report; (ii) asks for a review; and (iii) thanks "
    "the team.\n"
)
NOT_CLERKS = [roles.PANEL_MEMBER, roles.ANALYST, roles.OFFICER]


@pytest.fixture
def item(meetings):
    return item_of(meetings[1])


@pytest.fixture
def confirmed(item):
    """The two resolutions confirmed from the minutes as first written: (noted, review)."""
    return [
        confirm_resolution(item, r.text, r.text) for r in record_minutes(item, MINUTES).resolutions
    ]


def proposals_url(item):
    return reverse("meetings:proposals", args=[item.pk])


def page_data(item, *chosen, **fields):
    """The proposals form as the page sends it: every draft resolution ticked, and the choice
    made for each changed RESOLVED line, its wording as the page fills it in."""
    drafts = propose_from_minutes(item)
    found, changed = len(drafts.resolutions), len(drafts.resolution_corrections)
    data = {"action-TOTAL_FORMS": 0, "action-INITIAL_FORMS": 0,
            "correction-TOTAL_FORMS": 0, "correction-INITIAL_FORMS": 0,
            "resolution-TOTAL_FORMS": found, "resolution-INITIAL_FORMS": found,
            "rcorrection-TOTAL_FORMS": changed, "rcorrection-INITIAL_FORMS": changed}  # fmt: skip
    for index, draft in enumerate(drafts.resolutions):
        data |= {f"resolution-{index}-include": "on", f"resolution-{index}-text": draft.text,
                 f"resolution-{index}-source_text": draft.text}  # fmt: skip
    for index, correction in enumerate(drafts.resolution_corrections):
        data |= {f"rcorrection-{index}-resolution": correction.resolution.pk,
                 f"rcorrection-{index}-source_text": correction.found.text,
                 f"rcorrection-{index}-text": correction.found.text}  # fmt: skip
    for index, choice in enumerate(chosen):
        data[f"rcorrection-{index}-choice"] = choice
    return data | fields


def as_recorded(item):
    return list(item.resolutions.order_by("order").values_list("text", "source_text"))


# What is proposed ----------------------------------------------------------------------------


def test_a_resolution_reworded_on_confirming_is_not_proposed_again(client_as, item):
    record_minutes(item, MINUTES)
    clerk = client_as(roles.CLERK)
    reworded = "That the Panel notes the scorecard report."
    clerk.post(proposals_url(item), page_data(item, **{"resolution-0-text": reworded}))
    assert as_recorded(item) == [(reworded, NOTED), (REVIEW, REVIEW)]
    drafts = propose_from_minutes(item)
    assert drafts.resolutions == drafts.resolution_corrections == drafts.resolutions_gone == []
    html = clerk.get(proposals_url(item)).content.decode()
    assert "Draft resolutions (0)" in html and "Lines changed since their resolutions" not in html


def test_a_numbered_resolution_gaining_a_part_leaves_its_old_parts_as_they_were(item):
    for found in record_minutes(item, TWO_PARTS).resolutions:
        confirm_resolution(item, found.text, found.text)
    drafts = record_minutes(item, THREE_PARTS)
    assert [r.text for r in drafts.resolutions] == ["That the Panel thanks the team."]
    assert drafts.resolution_corrections == drafts.resolutions_gone == []


def test_a_line_reads_the_same_whatever_its_case_punctuation_spacing_or_trailing_and():
    review = line_key("That the Panel asks for a review.")
    assert review == line_key("that the panel  asks for a review; and")
    assert review != line_key("That the Panel asks for a rethink.")


def test_an_edited_resolved_line_is_offered_as_a_change_not_a_new_resolution(item, confirmed):
    drafts = record_minutes(item, CORRECTED)
    assert drafts.resolutions == [] and drafts.resolutions_gone == []
    assert [(c.resolution, c.found.text) for c in drafts.resolution_corrections] == [
        (confirmed[1], NEW_REVIEW)
    ]


def test_a_different_new_resolved_line_is_still_proposed_as_a_new_resolution(item, confirmed):
    drafts = record_minutes(item, f"{CORRECTED}\nRESOLVED: {THANKS}\n")
    assert [r.text for r in drafts.resolutions] == [THANKS]
    assert len(drafts.resolution_corrections) == 1


def test_a_resolution_whose_line_was_taken_out_is_named_on_saving_and_on_the_proposals(
    client_as, item, confirmed
):
    without_review = MINUTES.replace(f"RESOLVED: {REVIEW}\n", "")
    clerk = client_as(roles.CLERK)
    saved = clerk.post(reverse("meetings:minutes", args=[item.pk]), {"minutes": without_review})
    assert saved.url == item.meeting.get_absolute_url()
    saved_for = f"Minutes saved for item {item.order}, {item.title}."
    assert (
        f"{saved_for} The line of resolution 2 is no longer in the minutes; it stays as it is."
        in clerk.get(saved.url).content.decode()
    )
    record_minutes(item, f"{without_review}\nRESOLVED: {THANKS}\n")
    html = clerk.get(proposals_url(item)).content.decode()
    assert "Resolutions whose line is no longer in the minutes (1)" in html
    assert f"Resolution 2: {REVIEW}" in html
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW)]


def test_a_resolution_confirmed_before_lines_were_kept_still_matches_its_line(item):
    """As migration 0003 left them: the line taken to be the text."""
    record_minutes(item, MINUTES)
    Resolution.objects.create(agenda_item=item, order=1, text=NOTED, source_text=NOTED)
    assert [r.text for r in propose_from_minutes(item).resolutions] == [REVIEW]


def test_one_reworded_before_lines_were_kept_is_offered_once_as_changed(item):
    reworded = "That the report is noted."
    record_minutes(item, f"RESOLVED: {NOTED}\n")
    old = Resolution.objects.create(agenda_item=item, order=1, text=reworded, source_text=reworded)
    assert [c.resolution for c in propose_from_minutes(item).resolution_corrections] == [old]
    keep_resolution_as_it_is(old, NOTED)
    drafts = propose_from_minutes(item)
    assert drafts.resolutions == drafts.resolution_corrections == drafts.resolutions_gone == []


def test_a_resolution_confirmed_without_its_line_takes_its_wording_as_the_line(item):
    assert confirm_resolution(item, NOTED).source_text == NOTED


# The choices on the page -----------------------------------------------------------------------


def test_the_page_shows_both_wordings_and_chooses_nothing(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    html = client_as(roles.CLERK).get(proposals_url(item)).content.decode()
    assert "Lines changed since their resolutions were confirmed (1)" in html
    assert "Changed resolution line 1: resolution 2" in html
    # Both wordings, with the word that differs struck through and underlined.
    same = "That the Panel asks officers for a review of placement stability by"
    assert f"{same} <del>March.</del>" in html and f"{same} <ins>April.</ins>" in html
    assert 'value="keep" id="id_rcorrection-0-choice_0"' in html and " checked" not in html
    assert "Leave the resolution as it reads" in html
    assert "Correct the resolution to the new wording" in html
    assert "Record it as a new resolution" in html


def test_saving_minutes_with_only_a_changed_resolved_line_leads_to_the_proposals(
    client_as, item, confirmed
):
    response = client_as(roles.CLERK).post(
        reverse("meetings:minutes", args=[item.pk]), {"minutes": CORRECTED}
    )
    assert response.url == proposals_url(item)


def test_leaving_the_resolution_takes_the_new_line_only_and_it_is_not_offered_again(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    clerk = client_as(roles.CLERK)
    response = clerk.post(proposals_url(item), page_data(item, "keep"), follow=True)
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, NEW_REVIEW)]
    assert "Left 1 resolution unchanged." in response.content.decode()
    html = clerk.get(proposals_url(item)).content.decode()
    assert "Draft resolutions (0)" in html and "Lines changed since" not in html


def test_correcting_the_resolution_takes_the_wording_given_and_the_new_line(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    given = "That the Panel asks for a review of placement stability by the end of April."
    data = page_data(item, "correct", **{"rcorrection-0-text": given})
    response = client_as(roles.CLERK).post(proposals_url(item), data, follow=True)
    assert as_recorded(item) == [(NOTED, NOTED), (given, NEW_REVIEW)]
    assert "Corrected 1 resolution from the minutes." in response.content.decode()
    assert propose_from_minutes(item).resolution_corrections == []


def test_recording_it_as_new_adds_a_resolution_and_leaves_the_first_as_it_was(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    response = client_as(roles.CLERK).post(proposals_url(item), page_data(item, "new"), follow=True)
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW), (NEW_REVIEW, NEW_REVIEW)]
    assert "Confirmed 0 actions and 1 resolution." in response.content.decode()
    drafts = propose_from_minutes(item)
    assert drafts.resolution_corrections == [] and drafts.resolutions_gone == [confirmed[1]]


def test_a_changed_line_with_nothing_chosen_is_refused_naming_it_and_nothing_is_written(
    client_as, item, confirmed
):
    record_minutes(item, f"{CORRECTED}\nRESOLVED: {THANKS}\n")
    response = client_as(roles.CLERK).post(proposals_url(item), page_data(item))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'href="#id_rcorrection-0-choice_0">Changed resolution line 1, What to do: '
        "Choose what to do with this line." in html
    )
    assert 'aria-describedby="id_rcorrection-0-choice_error"' in html
    assert html.count("Choose what to do with this line.") == 2  # summary and beside the choice
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW)]


def test_a_correction_with_its_wording_blanked_is_refused_and_nothing_is_written(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    data = page_data(item, "correct", **{"rcorrection-0-text": " "})
    html = client_as(roles.CLERK).post(proposals_url(item), data).content.decode()
    assert "Write the resolution, or choose to leave it as it reads." in html
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW)]


def test_a_resolution_left_as_it_reads_is_not_checked_for_its_wording(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    data = page_data(item, "keep", **{"rcorrection-0-text": "x" * 5001})
    assert client_as(roles.CLERK).post(proposals_url(item), data).status_code == 302
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, NEW_REVIEW)]


# Sent twice, late, or made up ------------------------------------------------------------------


def test_a_resolution_change_sent_twice_is_made_once(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    clerk, data = client_as(roles.CLERK), page_data(item, "new")
    clerk.post(proposals_url(item), data)
    response = clerk.post(proposals_url(item), data, follow=True)  # Back, and send again
    assert item.resolutions.count() == 3
    assert "Nothing new was confirmed" in response.content.decode()


def test_a_change_sent_after_another_clerk_made_one_changes_nothing_more(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    data = page_data(item, "new")  # the page as opened
    correct_resolution(confirmed[1], NEW_REVIEW, NEW_REVIEW)  # meanwhile, in another tab
    client_as(roles.CLERK).post(proposals_url(item), data)
    assert as_recorded(item) == [(NOTED, NOTED), (NEW_REVIEW, NEW_REVIEW)]


def test_a_page_sent_back_after_another_clerk_dealt_with_a_line_shows_the_lines_as_they_are_now(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED.replace(NOTED, "That the report is noted."))
    data = page_data(item, "keep", "new")
    del data["rcorrection-1-choice"]  # refused, so the page comes back
    keep_resolution_as_it_is(confirmed[0], "That the report is noted.")  # meanwhile
    response = client_as(roles.CLERK).post(proposals_url(item), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The changed lines are not as they were when this page was opened" in html
    assert "Changed resolution line 1: resolution 2" in html
    assert "Changed resolution line 2" not in html
    assert 'name="rcorrection-TOTAL_FORMS" value="1"' in html
    assert f'name="rcorrection-0-resolution" value="{confirmed[1].pk}"' in html
    assert item.resolutions.count() == 2 and as_recorded(item)[1] == (REVIEW, REVIEW)


def test_a_change_sent_for_another_items_resolution_changes_nothing(
    client_as, meetings, item, confirmed
):
    elsewhere = confirm_resolution(item_of(meetings[0]), REVIEW, REVIEW)
    record_minutes(item, CORRECTED)
    data = page_data(item, "correct", **{"rcorrection-0-resolution": elsewhere.pk})
    client_as(roles.CLERK).post(proposals_url(item), data)
    elsewhere.refresh_from_db()
    assert (elsewhere.text, elsewhere.source_text) == (REVIEW, REVIEW)
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW)]


def test_a_draft_sent_with_a_line_not_in_the_minutes_confirms_nothing(client_as, item):
    record_minutes(item, f"RESOLVED: {NOTED}\n")
    data = page_data(item, **{"resolution-0-source_text": "That the Panel approves the budget."})
    response = client_as(roles.CLERK).post(proposals_url(item), data, follow=True)
    assert not item.resolutions.exists()
    assert "Left out 1 resolution whose line is no longer in the minutes." in (
        response.content.decode()
    )


def test_a_page_sent_without_the_changed_resolved_lines_on_it_changes_nothing(
    client_as, item, confirmed
):
    record_minutes(item, CORRECTED)
    data = page_data(item, "correct")
    del data["rcorrection-TOTAL_FORMS"], data["rcorrection-INITIAL_FORMS"]
    assert client_as(roles.CLERK).post(proposals_url(item), data).status_code == 302
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW)]


# Who may change a resolution -------------------------------------------------------------------


def test_resolution_changes_climb_the_permission_ladder(client_as, item, confirmed):
    record_minutes(item, CORRECTED)
    data, url = page_data(item, "correct"), proposals_url(item)
    anonymous = client_as(None).post(url, data)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    for role in NOT_CLERKS:
        assert client_as(role).post(url, data).status_code == 403, role
    assert as_recorded(item)[1] == (REVIEW, REVIEW)
    clerk = client_as(roles.CLERK)
    assert clerk.get(url).status_code == 200
    assert clerk.put(url, data).status_code == 405 and clerk.delete(url).status_code == 405
    assert clerk.post(url, data).status_code == 302
    assert as_recorded(item)[1] == (NEW_REVIEW, NEW_REVIEW)


def test_someone_who_may_add_resolutions_but_not_change_them_cannot_change_one(
    client, item, confirmed
):
    adder = User.objects.create_user("adder", password="a-long-test-password")
    adder.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_action", "add_resolution"])
    )
    client.force_login(adder)
    record_minutes(item, CORRECTED)
    assert client.get(proposals_url(item)).status_code == 200
    assert client.post(proposals_url(item), page_data(item, "correct")).status_code == 403
    assert as_recorded(item)[1] == (REVIEW, REVIEW)


# Numbered parts, repeated lines, lines taken out and put back ----------------------------------

COLON_TWO_PARTS = "RESOLVED that the Panel: (i) notes the report; (ii) asks for X.\n"


def test_a_numbered_resolution_losing_a_part_leaves_the_part_kept_as_it_was(item):
    for found in record_minutes(item, COLON_TWO_PARTS).resolutions:
        confirm_resolution(item, found.text, found.text)
    drafts = record_minutes(item, "RESOLVED that the Panel: (i) notes the report.\n")
    assert drafts.resolutions == drafts.resolution_corrections == []
    assert [r.text for r in drafts.resolutions_gone] == ["that the Panel asks for X."]


def test_a_listed_resolution_gaining_and_losing_parts_leaves_its_other_parts_as_they_were(item):
    listed = "RESOLVED that the Panel:\n(i) notes the report;\n(ii) asks for X.\n"
    for found in record_minutes(item, listed).resolutions:
        confirm_resolution(item, found.text, found.text)
    drafts = record_minutes(item, listed.replace("X.", "X; and\n(iii) thanks the team."))
    assert [r.text for r in drafts.resolutions] == ["that the Panel thanks the team."]
    drafts = record_minutes(item, "RESOLVED that the Panel:\n(i) notes the report.\n")
    assert drafts.resolutions == drafts.resolution_corrections == []


def test_a_numbered_resolution_with_its_parts_reordered_proposes_nothing(item):
    for found in record_minutes(item, THREE_PARTS).resolutions:
        confirm_resolution(item, found.text, found.text)
    reordered = (
        "RESOLVED: That the Panel (i) thanks the team; (ii) asks for a review; and (iii) notes "
        "the report.\n"
    )
    drafts = record_minutes(item, reordered)
    assert drafts.resolutions == drafts.resolution_corrections == drafts.resolutions_gone == []


def test_a_part_confirmed_after_another_clerk_added_a_part_is_confirmed_with_its_line_now(
    client_as, item
):
    record_minutes(item, TWO_PARTS)
    data = page_data(item)  # the page as opened: part (ii) ends with its full stop
    record_minutes(item, THREE_PARTS)  # meanwhile, in another tab
    response = client_as(roles.CLERK).post(proposals_url(item), data, follow=True)
    assert as_recorded(item) == [
        ("That the Panel notes the report", "That the Panel notes the report"),
        ("That the Panel asks for a review.", "That the Panel asks for a review"),
    ]
    assert "no longer in the minutes" not in response.content.decode()
    assert [r.text for r in propose_from_minutes(item).resolutions] == [
        "That the Panel thanks the team."
    ]


def test_a_change_chosen_while_another_clerk_added_a_part_after_it_is_still_made(client_as, item):
    for found in record_minutes(item, TWO_PARTS).resolutions:
        confirm_resolution(item, found.text, found.text)
    record_minutes(item, TWO_PARTS.replace("a review", "a full review"))
    data = page_data(item, "keep")
    record_minutes(item, THREE_PARTS.replace("a review", "a full review"))  # meanwhile
    response = client_as(roles.CLERK).post(proposals_url(item), data, follow=True)
    assert as_recorded(item)[1] == (
        "That the Panel asks for a review.",
        "That the Panel asks for a full review",
    )
    assert "Left 1 resolution unchanged." in response.content.decode()


def test_the_same_resolved_line_twice_is_proposed_once(item):
    drafts = record_minutes(item, f"RESOLVED: {NOTED}\n\nRESOLVED: {NOTED.upper()}\n")
    assert [r.text for r in drafts.resolutions] == [NOTED]


def test_the_same_resolved_line_twice_confirmed_and_sent_again_is_one_resolution(client_as, item):
    record_minutes(item, f"RESOLVED: {NOTED}\n\nRESOLVED: {REVIEW}\n\nRESOLVED: {NOTED}\n")
    clerk, data = client_as(roles.CLERK), page_data(item)
    assert "Draft resolutions (2)" in clerk.get(proposals_url(item)).content.decode()
    response = clerk.post(proposals_url(item), data, follow=True)
    assert "Confirmed 0 actions and 2 resolutions." in response.content.decode()
    clerk.post(proposals_url(item), data)  # Back, and send again
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW)]


def test_a_resolution_whose_line_was_taken_out_and_put_back_is_neither_proposed_nor_gone(
    item, confirmed
):
    record_minutes(item, MINUTES.replace(f"RESOLVED: {REVIEW}\n", ""))
    assert propose_from_minutes(item).resolutions_gone == [confirmed[1]]
    drafts = record_minutes(item, MINUTES.replace(REVIEW, REVIEW.upper()))
    assert drafts.resolutions == drafts.resolution_corrections == drafts.resolutions_gone == []


def test_a_draft_whose_line_was_taken_out_and_put_back_meanwhile_is_confirmed(client_as, item):
    record_minutes(item, MINUTES)
    data = page_data(item)
    record_minutes(item, f"RESOLVED: {NOTED}\n")
    record_minutes(item, MINUTES)
    client_as(roles.CLERK).post(proposals_url(item), data)
    assert as_recorded(item) == [(NOTED, NOTED), (REVIEW, REVIEW)]


# Who may confirm them, and what the page costs -------------------------------------------------


def test_someone_who_may_add_actions_but_not_resolutions_confirms_actions_and_no_resolution(
    client, item
):
    adder = User.objects.create_user("adder", password="a-long-test-password")
    adder.user_permissions.add(Permission.objects.get(codename="add_action"))
    client.force_login(adder)
    record_minutes(item, f"ACTION: Officers to write to the school.\n\n{MINUTES}")
    html = client.get(proposals_url(item)).content.decode()
    assert "Resolutions are not shown" in html and "Draft resolutions" not in html
    data = page_data(item) | {  # the resolutions ticked, as a crafted page could send them
        "action-TOTAL_FORMS": 1, "action-INITIAL_FORMS": 1, "action-0-include": "on",
        "action-0-description": "Officers to write to the school.",
        "action-0-source_text": "Officers to write to the school.",
        "action-0-due": "next", "action-0-owner_name": "Head of Service",
    }  # fmt: skip
    assert client.post(proposals_url(item), data).status_code == 302
    assert item.actions.count() == 1 and not item.resolutions.exists()


def numbered_lines(count, month, start=0):
    """`count` ACTION and RESOLVED lines, numbered from `start`, each for the month given."""
    return "".join(
        f"ACTION: Officer {n} to write to school {n} by {month}.\n\n"
        f"RESOLVED: That the Panel asks for report {n} on placements by {month}.\n\n"
        for n in range(start, start + count)
    )


def test_the_proposals_page_makes_the_same_queries_however_many_drafts_and_changed_lines(
    client_as, item, officer
):
    clerk, url = client_as(roles.CLERK), proposals_url(item)

    def queries(count):
        """That many actions and resolutions confirmed, their lines changed, and new ones."""
        item.actions.all().delete()
        item.resolutions.all().delete()
        first = record_minutes(item, numbered_lines(count, "March"))
        for draft in first.actions:
            raise_action(item, officer, draft.text)
        for draft in first.resolutions:
            confirm_resolution(item, draft.text, draft.text)
        drafts = record_minutes(
            item, numbered_lines(count, "April") + numbered_lines(count, "May", 9)
        )
        assert len(drafts.corrections) == len(drafts.resolution_corrections) == count
        with CaptureQueriesContext(connection) as context:
            assert clerk.get(url).status_code == 200
            assert clerk.post(url, page_data(item)).status_code == 200  # nothing chosen: refused
        return len(context)

    assert queries(1) == queries(4)
