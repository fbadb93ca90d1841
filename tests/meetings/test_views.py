import re
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators import roles
from indicators.models import Figure, Indicator
from meetings.models import Action, AgendaItem, Meeting
from meetings.rendering import render_minutes
from meetings.workflows import add_update, complete_action
from tests.conftest import heading_levels, make_user

from .conftest import close_at, item_of, raise_action

MINUTES = """\
The Head of Service presented the scorecard.

ACTION: Officers to explain the movement in CLA7 and CLA8.

ACTION – The Designated Nurse to report on health assessments (H2).

RESOLVED: That the report be noted.
"""

GET_POST_VIEWS = [
    "meetings:meeting_new",
    "meetings:meeting_edit",
    "meetings:item_new",
    "meetings:item_edit",
    "meetings:minutes",
    "meetings:proposals",
]
POST_ONLY_VIEWS = ["meetings:action_update", "meetings:action_close", "meetings:action_reopen"]
NOT_CLERKS = [roles.PANEL_MEMBER, roles.ANALYST, roles.OFFICER]


@pytest.fixture
def december(catalogue):
    Figure.objects.create(
        indicator=Indicator.objects.get(code="CLA9"), month=date(2024, 12, 1), value=77,
        numerator=154, denominator=200, is_percentage=True,
    )  # fmt: skip
    return date(2024, 12, 1)


@pytest.fixture
def sample(meetings, officer):
    """The last meeting, its scorecard item with minutes, and an action the officer owns."""
    item = item_of(meetings[1], minutes=MINUTES)
    return {"meeting": meetings[1], "item": item, "action": raise_action(item, officer)}


def url(name, sample):
    target = {"meeting": ("meeting_edit", "item_new"),
              "action": ("action_update", "action_close", "action_reopen")}  # fmt: skip
    for key, names in target.items():
        if name.split(":")[1] in names:
            return reverse(name, args=[sample[key].pk])
    if name == "meetings:meeting_new":
        return reverse(name)
    return reverse(name, args=[sample["item"].pk])


# The permission ladder for every view that writes -------------------------------------------


def sent_to_log_in(response):
    return response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", GET_POST_VIEWS)
def test_meeting_forms_climb_the_permission_ladder(client_as, sample, name):
    target = url(name, sample)
    assert sent_to_log_in(client_as(None).get(target))
    assert sent_to_log_in(client_as(None).post(target))
    for role in NOT_CLERKS:
        assert client_as(role).get(target).status_code == 403, role
        assert client_as(role).post(target, {"venue": "x", "minutes": "x"}).status_code == 403
    assert Meeting.objects.count() == 3 and AgendaItem.objects.get().minutes == MINUTES
    clerk = client_as(roles.CLERK)
    assert clerk.get(target).status_code == 200
    assert clerk.put(target).status_code == 405 and clerk.delete(target).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY_VIEWS)
def test_action_forms_climb_the_permission_ladder(client_as, sample, name):
    target, data = url(name, sample), {"text": "x", "outcome": "dropped", "note": "x"}
    assert sent_to_log_in(client_as(None).post(target, data))
    for role in (roles.PANEL_MEMBER, roles.ANALYST):
        assert client_as(role).post(target, data).status_code == 403, role
    for role in (roles.OFFICER, roles.CLERK):
        opened = client_as(role).get(target)  # the address left in the browser by a refused form
        assert opened.status_code == 302 and opened.url == sample["action"].get_absolute_url()
    assert not sample["action"].updates.exists()


@pytest.mark.parametrize("name", POST_ONLY_VIEWS)
def test_an_officer_who_does_not_own_the_action_is_refused(client, sample, name):
    client.force_login(make_user(roles.OFFICER, "another-officer"))
    response = client.post(url(name, sample), {"text": "x", "outcome": "dropped", "note": "x"})
    assert response.status_code == 403
    assert not sample["action"].updates.exists()


@pytest.mark.parametrize("role", [roles.OFFICER, roles.CLERK])
def test_the_owner_or_a_clerk_may_add_an_update(client_as, sample, role):
    action = sample["action"]
    data = {"text": "Work started.", "status": "in_progress"}
    response = client_as(role).post(reverse("meetings:action_update", args=[action.pk]), data)
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    action.refresh_from_db()
    assert action.status == "in_progress" and action.updates.get().text == "Work started."


@pytest.mark.parametrize("role", [roles.OFFICER, roles.CLERK])
def test_the_owner_or_a_clerk_may_close_an_action_with_a_note(client_as, sample, users, role):
    action = sample["action"]
    data = {"outcome": "completed", "note": "Presented to the panel."}
    client_as(role).post(reverse("meetings:action_close", args=[action.pk]), data)
    action.refresh_from_db()
    assert action.status == "completed" and action.closed_by == users[role]
    assert action.completion_note == "Presented to the panel."


def test_closing_without_a_note_leaves_the_action_open_and_says_why(client_as, sample):
    action = sample["action"]
    close = reverse("meetings:action_close", args=[action.pk])
    response = client_as(roles.OFFICER).post(close, {"outcome": "completed", "note": ""})
    assert response.status_code == 200
    assert "Completion note: Write what was done" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_an_update_too_long_is_refused_with_the_reason_and_the_text_kept(client_as, sample):
    action = sample["action"]
    text = "The placement review found " + "x" * 5000
    response = client_as(roles.OFFICER).post(
        reverse("meetings:action_update", args=[action.pk]), {"text": text, "status": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Update: Ensure this value has at most 5000 characters" in page and text in page
    assert not action.updates.exists()


# The clerk's journey: meeting, agenda, minutes, proposals -----------------------------------


def test_a_clerk_sets_up_a_meeting(client_as, committee):
    data = {"committee": committee.pk, "venue": "Council Chamber", "status": "scheduled",
            "date": "2025-03-12", "time": "14:00"}  # fmt: skip
    response = client_as(roles.CLERK).post(reverse("meetings:meeting_new"), data)
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2025-03-12 14:00"
    assert meeting.venue == "Council Chamber"


def test_two_meetings_of_a_committee_cannot_start_at_the_same_time(client_as, meetings):
    start = timezone.localtime(meetings[0].starts_at)
    data = {"committee": meetings[0].committee_id, "status": "scheduled",
            "date": start.date().isoformat(), "time": "14:00"}  # fmt: skip
    response = client_as(roles.CLERK).post(reverse("meetings:meeting_new"), data)
    assert response.status_code == 200 and "already meets" in response.content.decode()


def test_a_meeting_a_few_seconds_after_another_is_the_same_meeting(client_as, meetings):
    start = timezone.localtime(meetings[0].starts_at)
    data = {"committee": meetings[0].committee_id, "status": "scheduled",
            "date": start.date().isoformat(), "time": f"{start:%H:%M}:30"}  # fmt: skip
    response = client_as(roles.CLERK).post(reverse("meetings:meeting_new"), data)
    assert response.status_code == 200 and "already meets" in response.content.decode()


def test_a_time_the_clocks_skip_is_refused(client_as, meetings):
    data = {"committee": meetings[0].committee_id, "status": "scheduled",
            "date": "2027-03-28", "time": "01:30"}  # fmt: skip
    response = client_as(roles.CLERK).post(reverse("meetings:meeting_new"), data)
    assert "There is no 01:30 on 28 March 2027" in response.content.decode()
    assert Meeting.objects.count() == len(meetings)


def test_a_clerk_edits_a_meeting(client_as, sample):
    meeting = sample["meeting"]
    start = timezone.localtime(meeting.starts_at)
    data = {"committee": meeting.committee_id, "venue": "Room 2", "status": "held",
            "date": start.date().isoformat(), "time": "10:30"}  # fmt: skip
    client_as(roles.CLERK).post(reverse("meetings:meeting_edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.venue == "Room 2" and timezone.localtime(meeting.starts_at).hour == 10


def test_the_edit_form_gives_the_date_picker_its_date_as_browsers_read_it(client_as, sample):
    meeting = sample["meeting"]
    page = client_as(roles.CLERK).get(reverse("meetings:meeting_edit", args=[meeting.pk]))
    day = timezone.localtime(meeting.starts_at).date()
    assert f'type="date" name="date" value="{day.isoformat()}"' in page.content.decode()


def test_a_clerk_adds_an_agenda_item_with_a_scorecard_month_and_presenter(
    client_as, meetings, december
):
    data = {"order": 1, "title": "Performance scorecard", "presenter": "Head of Service",
            "scorecard_month": "2024-12-01"}  # fmt: skip
    client_as(roles.CLERK).post(reverse("meetings:item_new", args=[meetings[2].pk]), data)
    item = meetings[2].items.get()
    assert (item.presenter, item.scorecard_month) == ("Head of Service", december)


def test_two_agenda_items_cannot_share_a_number(client_as, sample):
    data = {"order": 1, "title": "Another", "scorecard_month": ""}
    response = client_as(roles.CLERK).post(
        reverse("meetings:item_new", args=[sample["meeting"].pk]), data
    )
    assert response.status_code == 200 and sample["meeting"].items.count() == 1


def test_a_clerk_edits_an_agenda_item(client_as, sample):
    item = sample["item"]
    data = {"order": 2, "title": "Scorecard and exceptions", "presenter": "", "scorecard_month": ""}
    client_as(roles.CLERK).post(reverse("meetings:item_edit", args=[item.pk]), data)
    item.refresh_from_db()
    assert (item.order, item.title) == (2, "Scorecard and exceptions")


def test_saving_minutes_with_action_lines_leads_to_the_proposals(client_as, meetings, catalogue):
    item = item_of(meetings[1])
    response = client_as(roles.CLERK).post(
        reverse("meetings:minutes", args=[item.pk]), {"minutes": MINUTES}
    )
    assert response.url == reverse("meetings:proposals", args=[item.pk])
    item.refresh_from_db()
    assert item.minutes == MINUTES.strip()


def test_saving_minutes_without_action_lines_goes_back_to_the_meeting(client_as, meetings):
    item = item_of(meetings[1])
    response = client_as(roles.CLERK).post(
        reverse("meetings:minutes", args=[item.pk]), {"minutes": "Noted."}
    )
    assert response.url == item.meeting.get_absolute_url()  # no #item-: its message is seen


@pytest.mark.parametrize(("status", "warned"), [("held", False), ("approved", True)])
def test_the_minutes_form_warns_that_approved_minutes_are_the_record(
    client_as, meetings, status, warned
):
    item = item_of(meetings[1], minutes="Noted.")
    Meeting.objects.filter(pk=item.meeting_id).update(status=status)
    clerk = client_as(roles.CLERK)
    html = clerk.get(reverse("meetings:minutes", args=[item.pk])).content.decode()
    assert ("have been approved as a correct record" in html) == warned
    clerk.post(reverse("meetings:minutes", args=[item.pk]), {"minutes": "Noted, as corrected."})
    change = LogEntry.objects.get_for_object(item).latest("timestamp")
    assert change.actor.username == "clerk" and "minutes" in change.changes_dict


def test_the_proposals_page_shows_each_draft_with_its_indicators(client_as, meetings, catalogue):
    item = item_of(meetings[1], minutes=MINUTES)
    page = client_as(roles.CLERK).get(reverse("meetings:proposals", args=[item.pk]))
    html = page.content.decode()
    assert "Draft actions (2)" in html and "Draft resolutions (1)" in html
    assert "linked to CLA7 and CLA8" in html and "That the report be noted." in html


def test_only_people_who_can_update_an_action_are_offered_as_its_owner(
    client_as, meetings, catalogue, users
):
    item = item_of(meetings[1], minutes=MINUTES)
    html = client_as(roles.CLERK).get(reverse("meetings:proposals", args=[item.pk])).content
    owners = re.search(r'<select name="action-0-owner".*?</select>', html.decode(), re.S)[0]
    offered = set(re.findall(r'<option value="(\d+)"', owners))
    able = {users[roles.OFFICER].pk, users[roles.CLERK].pk}
    unable = {users[roles.PANEL_MEMBER].pk, users[roles.ANALYST].pk}
    assert {str(pk) for pk in able} <= offered and not {str(pk) for pk in unable} & offered


def proposals_data(officer, include_second=True):
    drafts = [
        {"description": "Officers to explain the movement in CLA7 and CLA8.", "codes": "CLA7 CLA8",
         "owner": officer.pk, "owner_name": "", "due": "next", "due_date": ""},
        {"description": "The Designated Nurse to report on health assessments (H2).",
         "codes": "H2", "owner": "", "owner_name": "Designated Nurse", "due": "date",
         "due_date": "2025-01-31"},
    ]  # fmt: skip
    data = {"action-TOTAL_FORMS": 2, "action-INITIAL_FORMS": 2, "resolution-TOTAL_FORMS": 1,
            "resolution-INITIAL_FORMS": 1, "resolution-0-include": "on",
            "resolution-0-text": "That the report be noted."}  # fmt: skip
    for index, draft in enumerate(drafts):
        draft["source_text"] = draft["description"]
        if index == 0 or include_second:
            draft["include"] = "on"
        data.update({f"action-{index}-{key}": value for key, value in draft.items()})
    return data


def test_confirming_proposals_creates_actions_with_owners_due_dates_and_links(
    client_as, meetings, catalogue, officer
):
    item = item_of(meetings[1], minutes=MINUTES)
    client_as(roles.CLERK).post(
        reverse("meetings:proposals", args=[item.pk]), proposals_data(officer)
    )
    first, second = Action.objects.order_by("reference")
    year = timezone.localtime(meetings[1].starts_at).year
    assert (first.reference, second.reference) == (f"CPP/{year}/01", f"CPP/{year}/02")
    assert (first.owner, first.due_at_next_meeting) == (officer, True)
    assert sorted(first.indicators.values_list("code", flat=True)) == ["CLA7", "CLA8"]
    assert (second.owner_name, second.due_date) == ("Designated Nurse", date(2025, 1, 31))
    assert [r.text for r in item.resolutions.all()] == ["That the report be noted."]


def test_unticked_drafts_are_not_confirmed(client_as, meetings, catalogue, officer):
    item = item_of(meetings[1], minutes=MINUTES)
    client_as(roles.CLERK).post(
        reverse("meetings:proposals", args=[item.pk]), proposals_data(officer, False)
    )
    assert Action.objects.count() == 1


def test_an_unticked_draft_however_wrong_does_not_stop_the_others_being_confirmed(
    client_as, meetings, catalogue, officer
):
    item = item_of(meetings[1], minutes=MINUTES)
    data = proposals_data(officer, False) | {
        "action-1-description": "x" * 2001,
        "action-1-due_date": "not a date",
    }
    client_as(roles.CLERK).post(reverse("meetings:proposals", args=[item.pk]), data)
    assert list(Action.objects.values_list("description", flat=True)) == [
        "Officers to explain the movement in CLA7 and CLA8."
    ]


def test_a_ticked_draft_left_blank_is_refused_with_what_to_do(
    client_as, meetings, catalogue, officer
):
    item = item_of(meetings[1], minutes=MINUTES)
    data = proposals_data(officer) | {"action-1-description": "", "resolution-0-text": " "}
    response = client_as(roles.CLERK).post(reverse("meetings:proposals", args=[item.pk]), data)
    page = response.content.decode()
    assert "Write the action, or untick it to leave it out." in page
    assert "Write the resolution, or untick it to leave it out." in page
    assert not Action.objects.exists() and not item.resolutions.exists()


def test_proposals_sent_twice_are_confirmed_once(client_as, meetings, catalogue, officer):
    item = item_of(meetings[1], minutes=MINUTES)
    clerk = client_as(roles.CLERK)
    url = reverse("meetings:proposals", args=[item.pk])
    clerk.post(url, proposals_data(officer))  # a double click, or Back and send again
    response = clerk.post(url, proposals_data(officer), follow=True)

    assert Action.objects.count() == 2 and item.resolutions.count() == 1
    assert "Nothing new was confirmed: those were confirmed already." in response.content.decode()


def test_a_draft_without_an_owner_or_due_date_is_refused(client_as, meetings, catalogue, officer):
    item = item_of(meetings[1], minutes=MINUTES)
    data = proposals_data(officer)
    data.update({"action-0-owner": "", "action-1-due_date": ""})
    response = client_as(roles.CLERK).post(reverse("meetings:proposals", args=[item.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Action.objects.exists()
    assert "Choose an owner" in html and "Give the due date" in html
    assert "Action 1, Owner name or role: Choose an owner" in html  # the summary at the top


def test_an_owners_name_too_long_is_refused_for_its_length_alone(client_as, meetings, officer):
    item = item_of(meetings[1], minutes=MINUTES)
    data = proposals_data(officer)
    data.update({"action-0-owner": "", "action-0-owner_name": "N" * 201})
    response = client_as(roles.CLERK).post(reverse("meetings:proposals", args=[item.pk]), data)
    html = response.content.decode()
    assert "at most 200 characters" in html and "Choose an owner" not in html


# What officers and panel members see --------------------------------------------------------


def test_an_officer_sees_only_their_actions_with_mine_on(client_as, sample):
    raise_action(sample["item"], None, description="Someone else's action.")
    html = client_as(roles.OFFICER).get(reverse("meetings:actions"), {"mine": "on"}).content
    assert sample["action"].reference.encode() in html
    assert b"Someone else" not in html


def test_the_action_page_shows_the_timeline_and_forms_to_its_owner(client_as, sample, officer):
    action = sample["action"]
    add_update(action, officer, "Work started.", "in_progress")
    html = client_as(roles.OFFICER).get(action.get_absolute_url()).content.decode()
    assert "Work started." in html and "Open → In progress" in html
    assert "Add the update" in html and "Close the action" in html
    forms = re.findall(r'<form method="post" action="/meetings/actions/[^"]*"[^>]*>', html)
    assert len(forms) == 2 and all(f.endswith(" novalidate>") for f in forms)


def test_panel_members_read_the_action_page_without_forms(client_as, sample):
    html = client_as(roles.PANEL_MEMBER).get(sample["action"].get_absolute_url()).content.decode()
    assert sample["action"].description in html and "Add the update" not in html


def test_the_next_meeting_shows_matters_arising(client_as, meetings, officer):
    earlier, last, upcoming = meetings
    late = raise_action(item_of(earlier), officer, description="Late review of CL6.",
                        due_date=timezone.localdate() - timedelta(days=3))  # fmt: skip
    done = raise_action(item_of(last), officer, description="Circulate the H2 report.")
    complete_action(done, officer, "Circulated by e-mail.")
    close_at(done, last.starts_at + timedelta(days=2))
    html = client_as(roles.PANEL_MEMBER).get(upcoming.get_absolute_url()).content.decode()
    arising = html.split('id="agenda-heading"')[0]
    assert "Open actions from earlier meetings (1)" in arising and late.reference in arising
    assert "Overdue" in arising
    assert "Closed since the last meeting (1)" in arising and "Circulated by e-mail." in arising


def test_the_meeting_page_shows_agenda_minutes_resolutions_and_actions_raised(
    client_as, sample, december
):
    item = sample["item"]
    item.presenter, item.scorecard_month = "Head of Service", december
    item.save()
    item.resolutions.create(order=1, text="That the report be noted.")
    html = client_as(roles.PANEL_MEMBER).get(sample["meeting"].get_absolute_url()).content.decode()
    agenda = html.split('id="agenda-heading"')[1]
    assert "1. Performance scorecard" in agenda and "Presented by Head of Service" in agenda
    assert "Scorecard for December 2024" in agenda and "?month=2024-12" in agenda
    assert "<p>The Head of Service presented the scorecard.</p>" in agenda
    assert "Resolved" in agenda and "That the report be noted." in agenda
    assert "Actions raised" in agenda and sample["action"].reference in agenda


def test_markup_pasted_into_minutes_never_runs(client_as, meetings):
    item_of(meetings[1], minutes=(
        "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[report](javascript:alert(2)) and <a href=\"javascript:alert(3)\">here</a>"
    ))  # fmt: skip
    html = client_as(roles.PANEL_MEMBER).get(meetings[1].get_absolute_url()).content.decode()
    minutes = html.split('class="minutes"')[1].split("</div>")[0]
    assert "<script" not in minutes and "onerror" not in minutes
    assert "javascript:" not in minutes and "<img" not in minutes
    assert "report" in minutes


def test_the_meetings_list_shows_those_coming_up_and_those_held(client_as, meetings):
    html = client_as(roles.ANALYST).get(reverse("meetings:meetings")).content.decode()
    coming, held = html.split(">Past meetings</h2>")
    assert meetings[2].get_absolute_url() in coming
    assert meetings[0].get_absolute_url() in held and meetings[1].get_absolute_url() in held
    assert meetings[0].get_absolute_url() not in coming


def test_the_meeting_pack_has_the_agenda_scorecard_exceptions_and_action_log(
    client_as, sample, december, officer
):
    item = sample["item"]
    item.scorecard_month = december
    item.save()
    nxt = Meeting.objects.upcoming().get()
    item_of(nxt, title="Performance scorecard", scorecard_month=december)
    response = client_as(roles.PANEL_MEMBER).get(reverse("meetings:meeting_pack", args=[nxt.pk]))
    html = response.content.decode()
    assert "Performance scorecard" in html and "Performance scorecard: December 2024" in html
    assert "Exception report for all 38 indicators: December 2024" in html and "CLA9" in html
    assert sample["action"].reference in html
    assert heading_levels(html).count(2) == 4  # agenda, action log, scorecard, exception report
    assert '<h3 id="highlights-heading"' in html and '<h3 id="exceptions-heading"' in html
    running_header = re.search(r"@top-left \{ content: ([^;]+);", html).group(1)
    assert str(nxt.committee) in running_header and f"{nxt.starts_at:%-d %B %Y}" in running_header


def test_the_meeting_packs_exception_report_includes_a_red_indicator_outside_the_headline_set(
    client_as, sample, december
):
    Figure.objects.create(
        indicator=Indicator.objects.get(code="F5", is_headline=False), month=december,
        value=10, numerator=1, denominator=10, is_percentage=True,
    )  # fmt: skip
    sample["item"].scorecard_month = december
    sample["item"].save()
    pack = client_as(roles.PANEL_MEMBER).get(
        reverse("meetings:meeting_pack", args=[sample["meeting"].pk])
    )
    exceptions = pack.content.decode().split("Exception report for all")[1]
    assert 'id="exception-F5"' in exceptions


def test_a_meeting_without_a_scorecard_month_has_a_pack_without_a_scorecard(client_as, sample):
    html = (
        client_as(roles.PANEL_MEMBER)
        .get(reverse("meetings:meeting_pack", args=[sample["meeting"].pk]))
        .content.decode()
    )
    assert "Agenda" in html and "Performance scorecard:" not in html


def test_the_meeting_page_makes_the_same_queries_however_many_actions(client_as, meetings, officer):
    client = client_as(roles.PANEL_MEMBER)
    earlier, last, _ = meetings

    def add_one_of_each():
        item = item_of(earlier, order=earlier.items.count() + 1)
        raise_action(item, officer)
        closed = raise_action(item, officer)
        complete_action(closed, officer, "Done.")
        close_at(closed, last.starts_at - timedelta(days=1))
        raise_action(item_of(last, order=last.items.count() + 1), officer)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(last.get_absolute_url()).status_code == 200
        return len(context)

    add_one_of_each()
    few = queries()
    for _ in range(4):
        add_one_of_each()
    assert queries() == few


def test_minutes_are_rendered_from_markdown_below_the_page_headings():
    html = render_minutes("# Health\n\n**Noted** the [report](https://example.org/r).\n\n- one")
    assert "<h3>Health</h3>" in html and "<strong>Noted</strong>" in html
    assert 'rel="noopener noreferrer nofollow"' in html and "<li>one</li>" in html


def test_each_line_of_the_minutes_is_shown_as_its_own_line():
    html = render_minutes("ACTION: Hana to report.\nACTION: Olu to visit.\nRESOLVED that x.")
    assert html == "<p>ACTION: Hana to report.<br>\nACTION: Olu to visit.<br>\nRESOLVED that x.</p>"


def test_a_link_to_an_unsafe_address_keeps_its_words_but_is_no_link():
    html = render_minutes(
        '[click](javascript:alert(1)), <a href="vbscript:x">this</a>, [that](javascript:x "Title")'
    )
    assert html == "<p>click, this, that</p>"


def test_a_closed_action_page_says_who_closed_it_and_offers_only_to_reopen(
    client_as, sample, officer
):
    complete_action(sample["action"], officer, "Report presented.")
    html = client_as(roles.OFFICER).get(sample["action"].get_absolute_url()).content.decode()
    assert "by Olu Adeyemi" in html and "Report presented." in html
    assert "Open → Completed" in html
    assert "Add the update" not in html and "Close the action" not in html
    assert "Reopen the action" in html


def test_a_clerk_reopens_a_closed_action_with_the_reason_on_its_timeline(
    client_as, sample, officer
):
    action = sample["action"]
    complete_action(action, officer, "Report presented.")
    reopen = reverse("meetings:action_reopen", args=[action.pk])

    response = client_as(roles.CLERK).post(reopen, {"reason": "The panel asked for more."})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.is_open and action.closed_at is None and action.completion_note == ""
    assert action.updates.latest("written_at").text == "The panel asked for more."


def test_reopening_without_a_reason_is_refused_on_the_page(client_as, sample, officer):
    action = sample["action"]
    complete_action(action, officer, "Report presented.")
    reopen = reverse("meetings:action_reopen", args=[action.pk])

    response = client_as(roles.CLERK).post(reopen, {"reason": " "})

    assert response.status_code == 200
    assert "Why it is reopened: Say why the action is reopened." in response.content.decode()
    action.refresh_from_db()
    assert not action.is_open


# A new owner or due date ----------------------------------------------------------------------


def reassign(client, action, **fields):
    data = {"reassign-owner": "", "reassign-owner_name": "Head of Service",
            "reassign-due": "date", "reassign-due_date": "2027-02-28",
            "reassign-reason": "Agreed at the meeting."} | fields  # fmt: skip
    return client.post(reverse("meetings:action_reassign", args=[action.pk]), data, follow=True)


def test_only_a_clerk_may_change_an_actions_owner_or_due_date(client_as, sample):
    action = sample["action"]
    target = reverse("meetings:action_reassign", args=[action.pk])
    assert sent_to_log_in(client_as(None).post(target))
    for role in NOT_CLERKS:  # the officer who owns it too: the panel gave it to them
        assert client_as(role).post(target, {"reassign-owner_name": "x"}).status_code == 403
        assert "Change the owner or due date" not in (
            client_as(role).get(action.get_absolute_url()).content.decode()
        )
    clerk = client_as(roles.CLERK)
    opened = clerk.get(target)  # the address left in the browser by a refused form
    assert opened.status_code == 302 and opened.url == action.get_absolute_url()
    assert clerk.put(target).status_code == 405 and clerk.delete(target).status_code == 405
    assert not action.updates.exists()
    assert "Change the owner or due date" in clerk.get(action.get_absolute_url()).content.decode()


def test_a_clerk_gives_an_action_a_new_owner_and_due_date_and_the_timeline_says_so(
    client_as, sample, users
):
    action = sample["action"]
    before = f"{action.due_date.day} {action.due_date:%B %Y}"
    response = reassign(client_as(roles.CLERK), action)
    action.refresh_from_db()
    assert (action.owner, action.owner_name, action.due_date) == (
        None, "Head of Service", date(2027, 2, 28),
    )  # fmt: skip
    update = action.updates.get()
    assert update.author == users[roles.CLERK] and update.status_to == ""
    assert update.text == (
        f"Owner changed from Olu Adeyemi to Head of Service. Due changed from {before} to "
        "28 February 2027. Agreed at the meeting."
    )
    assert f"Action {action.reference}: the new owner and due date are saved." in (
        response.content.decode()
    )


def test_an_owner_and_due_date_sent_unchanged_change_nothing_and_say_so(client_as, sample):
    action = sample["action"]
    fields = {"reassign-owner": action.owner_id, "reassign-owner_name": "",
              "reassign-due_date": action.due_date.isoformat()}  # fmt: skip
    response = reassign(client_as(roles.CLERK), action, **fields)
    assert "Nothing was changed: those are the owner and due date it has." in (
        response.content.decode()
    )
    assert not action.updates.exists()


def test_a_new_due_date_left_out_is_refused_on_the_page_with_the_choices_kept(client_as, sample):
    action = sample["action"]
    response = reassign(client_as(roles.CLERK), action, **{"reassign-due_date": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_reassign-due_date">' in html and "Give the due date" in html
    assert 'value="Head of Service"' in html and "Agreed at the meeting." in html
    action.refresh_from_db()
    assert action.owner_name == "" and not action.updates.exists()


def test_a_closed_action_keeps_its_owner_and_due_date_even_sent_a_new_one(client_as, sample):
    action = sample["action"]
    complete_action(action, None, "Reported.")
    html = client_as(roles.CLERK).get(action.get_absolute_url()).content.decode()
    assert "Change the owner or due date" not in html
    response = reassign(client_as(roles.CLERK), action)  # sent as a crafted request
    assert "A closed action keeps its owner and due date. Reopen it first." in (
        response.content.decode()
    )
    action.refresh_from_db()
    assert action.owner_name == "" and action.updates.count() == 1  # its closing only


def test_changing_only_the_due_date_of_a_leavers_action_keeps_its_owner(client_as, sample):
    action, officer = sample["action"], sample["action"].owner
    officer.is_active = False  # left the council
    officer.save()
    clerk = client_as(roles.CLERK)
    page = clerk.get(action.get_absolute_url()).content.decode()
    assert re.search(rf'<option value="{officer.pk}" selected>Olu Adeyemi</option>', page)
    reassign(clerk, action, **{"reassign-owner": officer.pk, "reassign-owner_name": ""})
    action.refresh_from_db()
    assert action.owner == officer and action.due_date == date(2027, 2, 28)
    assert action.updates.get().text.startswith("Due changed from ")


def test_an_owner_changed_to_another_of_the_same_name_is_saved_and_told_apart(
    client_as, sample, users
):
    action = sample["action"]
    namesake = make_user(roles.OFFICER, "olu2")
    namesake.first_name, namesake.last_name = "Olu", "Adeyemi"
    namesake.save()
    fields = {"reassign-owner": namesake.pk, "reassign-owner_name": "",
              "reassign-due_date": action.due_date.isoformat(), "reassign-reason": ""}  # fmt: skip
    reassign(client_as(roles.CLERK), action, **fields)
    action.refresh_from_db()
    assert action.owner == namesake
    old = users[roles.OFFICER].username
    assert action.updates.get().text == (
        f"Owner changed from Olu Adeyemi (account {old}) to Olu Adeyemi (account olu2)."
    )


def test_a_due_date_far_outside_the_panels_years_is_refused(client_as, sample):
    response = reassign(
        client_as(roles.CLERK), sample["action"], **{"reassign-due_date": "1999-12-31"}
    )
    assert "Give a date between January 2000 and ten years from now." in (response.content.decode())
    assert not sample["action"].updates.exists()


def test_an_indicators_page_calls_only_its_open_actions_due_before_today_overdue(
    client_as, meetings, catalogue, officer
):
    cla7 = Indicator.objects.get(code="CLA7")
    Figure.objects.create(indicator=cla7, month=date(2024, 12, 1), value=30)
    item = item_of(meetings[0])
    late = raise_action(item, officer, due_date=timezone.localdate() - timedelta(days=1))
    done = raise_action(item, officer, due_date=timezone.localdate() - timedelta(days=1))
    complete_action(done, officer, "Done.")
    for action in (late, done):
        action.indicators.set([cla7])
    html = client_as(roles.PANEL_MEMBER).get(reverse("indicator", args=["CLA7"])).content.decode()
    rows = {ref: html.split(ref)[1].split("</tr>")[0] for ref in (late.reference, done.reference)}
    assert "Overdue" in rows[late.reference] and "Overdue" not in rows[done.reference]
