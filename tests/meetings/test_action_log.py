import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators import roles
from meetings.models import Committee, Meeting
from meetings.workflows import add_update, complete_action, drop_action

from .conftest import close_at, item_of, meeting_on, raise_action

FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def log(meetings, officer, users):
    """Actions in each state the filters pick out, and one from another committee."""
    earlier, last, _upcoming = meetings
    today = timezone.localdate()
    actions = {
        "overdue": raise_action(item_of(earlier), officer, due_date=today - timedelta(days=5)),
        "next": raise_action(item_of(last), officer, next_meeting=True),
        "later": raise_action(last.items.get(), None, due_date=today + timedelta(days=90)),
        "recently_closed": raise_action(earlier.items.get(), users[roles.CLERK]),
        "long_closed": raise_action(earlier.items.get(), officer),
    }
    complete_action(actions["recently_closed"], users[roles.CLERK], "Done.")
    close_at(actions["recently_closed"], last.starts_at + timedelta(days=2))
    drop_action(actions["long_closed"], officer, "Superseded.")
    close_at(actions["long_closed"], last.starts_at - timedelta(days=2))
    fostering = Committee.objects.create(name="Fostering Panel", code="FP")
    meeting_on(fostering, 20)
    actions["elsewhere"] = raise_action(item_of(meeting_on(fostering, -10)), officer,
                                        due_date=today + timedelta(days=60))  # fmt: skip
    return actions


def listed(client, **filters):
    html = client.get(reverse("meetings:actions"), filters).content.decode()
    return html


def references(client, log, **filters):
    html = listed(client, **filters)
    found = [(html.find(a.reference + "<"), name) for name, a in log.items()]
    return [name for place, name in sorted(found) if place >= 0]


@pytest.fixture
def panel(client_as):
    return client_as(roles.PANEL_MEMBER)


def test_the_log_shows_open_actions_by_default(panel, log):
    assert sorted(references(panel, log)) == ["elsewhere", "later", "next", "overdue"]


def test_an_action_about_no_indicator_says_so_behind_its_dash(panel, log):
    assert not log["overdue"].indicators.exists()
    row = listed(panel).split(log["overdue"].reference + "<")[1].split("</tr>")[0]
    assert '<span aria-hidden="true">–</span><span class="visually-hidden">None linked' in row


def test_overdue_shows_only_open_actions_past_their_due_date_marked_overdue(panel, log):
    assert references(panel, log, show="overdue") == ["overdue"]
    assert "Overdue" in listed(panel, show="overdue")


def test_due_by_next_meeting_includes_those_due_at_it_and_before(panel, log):
    assert references(panel, log, show="due_next") == ["overdue", "next"]


def test_due_by_next_meeting_follows_each_committees_own_next_meeting(panel, log):
    Committee.objects.get(code="FP").meetings.filter(starts_at__gt=timezone.now()).update(
        starts_at=timezone.now() + timedelta(days=70)
    )
    assert "elsewhere" in references(panel, log, show="due_next")


def test_closed_since_last_meeting_leaves_out_those_reported_before(panel, log):
    assert references(panel, log, show="closed_since_last") == ["recently_closed"]


def test_closed_since_last_meeting_is_counted_from_the_committees_own_last_meeting(
    panel, log, meetings
):
    committee = meetings[0].committee_id
    assert references(panel, log, show="closed_since_last", committee=committee) == [
        "recently_closed"
    ]


def test_mine_shows_only_the_signed_in_users_actions(client_as, log):
    officer = client_as(roles.OFFICER)
    assert sorted(references(officer, log, mine="on", show="all")) == [
        "elsewhere", "long_closed", "next", "overdue",
    ]  # fmt: skip


def test_the_log_filters_by_committee_and_by_owner(panel, log, users):
    fostering = Committee.objects.get(code="FP")
    assert references(panel, log, committee=fostering.pk) == ["elsewhere"]
    clerk = users[roles.CLERK].pk
    assert references(panel, log, owner=clerk, show="all") == ["recently_closed"]


def test_the_owner_filter_offers_whoever_owns_an_action_and_nobody_else(panel, log, users):
    html = listed(panel)
    choices = re.search(r'<select name="owner".*?</select>', html, re.S)[0]
    offered = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', choices)
    owners = [users[roles.CLERK], log["overdue"].owner]
    expected = sorted((str(u.pk), u.get_full_name() or u.username) for u in owners)
    assert offered[0] == ("", "Anyone")
    assert sorted(offered[1:-1]) == expected
    assert offered[-1] == ("name:Head of Fostering", "Head of Fostering")


def test_the_log_filters_by_an_owner_without_an_account(panel, log):
    assert references(panel, log, owner="name:Head of Fostering", show="all") == ["later"]


def test_an_owner_who_owns_nothing_now_leaves_the_other_filters_in_place(panel, log, users):
    analyst = users[roles.ANALYST].pk
    assert references(panel, log, owner=analyst, show="overdue") == ["overdue"]
    said = "The owner in this link owns no actions now, so everyone's are shown."
    assert said in listed(panel, owner=analyst) and said not in listed(panel)


def test_the_log_sorts_by_a_column_either_way(panel, log):
    ascending = references(panel, log, show="all", sort="reference")
    assert ascending == sorted(ascending, key=lambda name: log[name].reference)
    assert references(panel, log, show="all", sort="-reference") == ascending[::-1]


def test_the_log_sorts_by_due_date(panel, log):
    assert references(panel, log, sort="due") == ["overdue", "next", "elsewhere", "later"]


def test_the_log_makes_the_same_queries_however_many_actions(panel, log, meetings, officer):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert panel.get(reverse("meetings:actions"), {"show": "all"}).status_code == 200
        return len(context)

    few = queries()
    for _ in range(6):
        action = raise_action(meetings[0].items.get(), officer)
        add_update(action, officer, "Started.", "in_progress")
    assert queries() == few


def test_text_in_the_excel_export_never_becomes_a_formula(panel, log, officer):
    raise_action(log["next"].agenda_item, officer, description=FORMULA)
    response = panel.get(reverse("meetings:action_export_xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="actions.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[3] for row in sheet.iter_rows(min_row=2)]
    [cell] = [c for c in cells if c.value == FORMULA]
    assert cell.data_type == "s"


def test_control_characters_pasted_into_an_update_do_not_break_the_excel_export(
    panel, log, officer
):
    add_update(log["overdue"], officer, "Pasted from Word:\x0bsecond line\x1b.", "in_progress")
    response = panel.get(reverse("meetings:action_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Pasted from Word:second line." in [row[8].value for row in sheet.iter_rows(min_row=2)]


def test_text_in_the_csv_export_never_becomes_a_formula(panel, log, officer):
    raise_action(log["next"].agenda_item, officer, description=FORMULA)
    response = panel.get(reverse("meetings:action_export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Reference", "Meeting raised", "Item", "Action"]
    assert "'" + FORMULA in [row[3] for row in rows[1:]]


def test_exports_follow_the_filters_and_carry_the_latest_update(panel, log, officer):
    add_update(log["overdue"], officer, "Chased the team.", "in_progress")
    response = panel.get(reverse("meetings:action_export_csv"), {"show": "overdue"})
    [header, row] = list(csv.reader(io.StringIO(response.content.decode())))
    record = dict(zip(header, row, strict=True))
    assert record["Reference"] == log["overdue"].reference
    assert record["Status"] == "In progress" and record["Latest update"] == "Chased the team."
    assert record["Due"].endswith("(overdue)") and record["Owner"] == "Olu Adeyemi"


def test_dates_in_the_log_are_local_dates_not_utc(panel, committee, officer):
    just_after_midnight = timezone.make_aware(datetime(2024, 7, 1, 0, 30))
    meeting = Meeting.objects.create(committee=committee, starts_at=just_after_midnight)
    action = raise_action(item_of(meeting), officer)
    complete_action(action, officer, "Done.")
    close_at(action, just_after_midnight)
    assert re.search(r"(?<!\d)1 Jul 2024", listed(panel, show="all"))
    response = panel.get(reverse("meetings:action_export_csv"), {"show": "all"})
    [header, row] = list(csv.reader(io.StringIO(response.content.decode())))
    record = dict(zip(header, row, strict=True))
    assert record["Meeting raised"] == record["Date closed"] == "1 July 2024"


def test_both_exports_head_the_note_column_as_what_was_done_or_why_it_was_dropped(panel, log):
    """The column holds a completed action's note and a dropped one's reason."""
    query = {"show": "all"}
    response = panel.get(reverse("meetings:action_export_csv"), query)
    [header, *rows] = list(csv.reader(io.StringIO(response.content.decode())))
    notes = {row[0]: row[header.index("Completion note or why dropped")] for row in rows}
    assert notes[log["long_closed"].reference] == "Superseded."
    assert notes[log["recently_closed"].reference] == "Done."
    response = panel.get(reverse("meetings:action_export_xlsx"), query)
    [header, *rows] = load_workbook(io.BytesIO(response.content)).active.values
    assert header[-1] == "Completion note or why dropped"
    assert {row[0]: row[-1] for row in rows}[log["long_closed"].reference] == "Superseded."
