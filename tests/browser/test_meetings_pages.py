"""Meetings in a real browser: minutes with two ACTION lines, confirmed, one closed by its owner,
and reported to the panel at the next meeting as closed since the last one."""

import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from indicators import roles
from indicators.catalogue import install_catalogue
from meetings.models import AgendaItem, Committee, Meeting
from meetings.workflows import complete_action, confirm_action, confirm_resolution, record_minutes

from .test_journey import heading, meeting_at, meeting_link

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MINUTES = """The Head of Service presented the scorecard.

ACTION: Head of Service to report on the fall in care plans up to date (CLA9).

ACTION – Eastfield team manager to bring pathway plans (CL6) up to date.

RESOLVED: That the report be noted."""
FIRST = "Head of Service to report on the fall in care plans up to date (CLA9)."
SECOND = "Eastfield team manager to bring pathway plans (CL6) up to date."
NOTE = "Report presented: plans were late while two teams lacked managers; now recovered."
REVIEW = "That the Panel asks officers for a review of placement stability by March."


@pytest.fixture
def panel_meetings():
    """The catalogue (for the codes in the minutes), a meeting held yesterday with one agenda
    item, and the next meeting in four weeks."""
    install_catalogue()
    Committee.objects.create(name="Corporate Parenting Panel", code="CPP")
    held = meeting_at(-1, status=Meeting.Status.HELD)
    AgendaItem.objects.create(meeting=held, order=1, title="Performance scorecard")
    return held, meeting_at(28)


def test_two_actions_minuted_one_closed_shows_at_the_next_meeting(
    panel_meetings, page_as, check_page
):
    held, following = panel_meetings
    officer = page_as(roles.OFFICER)  # the owner needs an account before the clerk picks them
    clerk = page_as(roles.CLERK)
    clerk.goto(held.get_absolute_url())
    minute_two_actions(clerk, check_page)

    officer.goto("/meetings/actions/")
    table = officer.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    check_page(officer, "meetings-action-log")
    table.get_by_role("row").filter(has_text=FIRST).get_by_role("link").first.click()
    close_with_note(officer, check_page)

    panel = page_as(roles.PANEL_MEMBER)
    panel.goto("/meetings/")
    meeting_link(panel, following).click()
    closed = panel.locator("h3:has-text('Closed since the last meeting (1)') + .table-wide table")
    expect(closed).to_contain_text(FIRST)
    expect(closed).to_contain_text(NOTE)
    expect(closed).not_to_contain_text(SECOND)
    still_open = panel.locator(
        "h3:has-text('Open actions from earlier meetings (1)') + .table-wide table"
    )
    expect(still_open).to_contain_text(SECOND)
    check_page(panel, "meetings-next-meeting")


def minute_two_actions(page, check_page):
    check_page(page, "meetings-held-meeting")
    page.get_by_role("link", name="Record the minutes of item 1").click()
    page.get_by_label("Minutes").fill(MINUTES)
    check_page(page, "meetings-minutes-form")
    page.get_by_role("button", name="Save the minutes").click()
    expect(heading(page)).to_contain_text("Confirm the actions and resolutions")
    first = page.get_by_role("group", name=re.compile(r"^Action 1: linked to CLA9"))
    first.get_by_label("Owner", exact=True).select_option(label="browser-officer")
    second = page.get_by_role("group", name=re.compile(r"^Action 2: linked to CL6"))
    second.get_by_label("Owner", exact=True).select_option(label="browser-officer")
    second.get_by_label("Due", exact=True).select_option(label="By a date")
    due = timezone.localdate() + timedelta(days=14)
    second.get_by_label("Due date").fill(f"{due:%Y-%m-%d}")
    check_page(page, "meetings-proposals")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Confirmed 2 actions and 1 resolution.")).to_be_visible()
    actions_raised = page.locator("#item-1 table")
    expect(actions_raised).to_contain_text(FIRST)
    expect(actions_raised).to_contain_text(SECOND)
    expect(actions_raised).to_contain_text(f"{due:%-d %b %Y}")
    check_page(page, "meetings-held-meeting-minuted")


def close_with_note(page, check_page):
    expect(heading(page)).to_contain_text(FIRST)
    check_page(page, "meetings-action")
    page.get_by_label("Outcome").select_option(label="Completed")
    page.get_by_label("Completion note").fill(NOTE)
    page.get_by_role("button", name="Close the action").click()
    expect(page.get_by_text(re.compile(r"Action CPP/\d{4}/01 closed\."))).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text(NOTE)
    check_page(page, "meetings-action-closed")


def test_a_changed_resolved_line_left_unanswered_is_named_and_linked_to_its_choices(
    panel_meetings, page_as, check_page
):
    held, _ = panel_meetings
    item = held.items.get()
    confirm_resolution(item, REVIEW, REVIEW)
    record_minutes(item, f"RESOLVED: {REVIEW.replace('March', 'April')}")
    clerk = page_as(roles.CLERK)
    clerk.goto(reverse("meetings:proposals", args=[item.pk]))
    changed = clerk.get_by_role("group", name="Changed resolution line 1: resolution 1")
    expect(changed).to_be_visible()
    check_page(clerk, "meetings-proposals-changed-resolution")

    clerk.get_by_role("button", name="Confirm").click()
    summary = clerk.locator(".error-summary")
    expect(summary).to_be_focused()
    problem = summary.get_by_role(
        "link", name="Changed resolution line 1, What to do: Choose what to do with this line."
    )
    expect(problem).to_have_attribute("href", "#id_rcorrection-0-choice_0")
    check_page(clerk, "meetings-proposals-changed-resolution-unanswered")
    problem.click()
    expect(clerk.get_by_label("Leave the resolution as it reads")).to_be_focused()
    choices = clerk.get_by_role("group", name="What to do")
    expect(choices).to_have_accessible_description("Error: Choose what to do with this line.")


def confirmed(held, line, codes):
    """An action confirmed from `line` of the held meeting's minutes, due at the next meeting."""
    return confirm_action(held.items.get(), line, line, codes,
                          owner_name="Head of Service", due_at_next_meeting=True)  # fmt: skip


def panel_on_a_phone(page_as, url):
    panel = page_as(roles.PANEL_MEMBER)
    panel.set_viewport_size({"width": 320, "height": 800})
    panel.goto(url)
    return panel


def fits_the_width(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_refused_page_on_a_phone_names_a_draft_another_clerk_confirmed_meanwhile(
    panel_meetings, page_as, check_page
):
    held, _ = panel_meetings
    item = held.items.get()
    record_minutes(item, MINUTES)
    clerk = page_as(roles.CLERK)
    clerk.set_viewport_size({"width": 320, "height": 800})
    clerk.goto(reverse("meetings:proposals", args=[item.pk]))
    # Meanwhile, in another office:
    confirm_action(item, FIRST, FIRST, ["CLA9"], owner_name="Head", due_at_next_meeting=True)
    clerk.get_by_role("button", name="Confirm").click()  # refused: no owners given

    expect(
        clerk.get_by_text(re.compile(r"Action CPP/\d{4}/01 was confirmed by someone else"))
    ).to_be_visible()
    expect(clerk.get_by_role("group", name=re.compile(r"^Action \d"))).to_have_count(1)
    expect(clerk.get_by_role("group", name="Action 1: linked to CL6")).to_be_visible()
    assert fits_the_width(clerk)
    check_page(clerk, "meetings-proposals-confirmed-meanwhile-320")


def test_an_action_about_two_indicators_links_each_with_room_to_tap(
    panel_meetings, page_as, check_page
):
    held, _ = panel_meetings
    action = confirmed(held, "Officers to explain the movement in CLA7 and CLA8.", ["CLA7", "CLA8"])
    panel = page_as(roles.PANEL_MEMBER)
    panel.goto(action.get_absolute_url())
    expect(panel.get_by_role("link", name=re.compile(r"^CLA8 "))).to_be_visible()
    check_page(panel, "meetings-action-two-indicators")


def test_minutes_with_a_wide_table_and_a_long_address_do_not_widen_a_phones_page(
    panel_meetings, page_as, check_page
):
    held, _ = panel_meetings
    address = "https://intranet.example.gov.uk/" + "children-in-care-visits-report-" * 8
    rows = "".join(f"| Team {n} | {address} | 9{n}% |\n" for n in range(3))
    record_minutes(
        held.items.get(), f"See {address}.\n\n| Team | Report | Visits |\n|---|---|---|\n{rows}"
    )
    panel = panel_on_a_phone(page_as, held.get_absolute_url())
    expect(panel.get_by_role("region", name="Table 1 in the minutes of item 1")).to_be_visible()
    assert fits_the_width(panel)
    check_page(panel, "meetings-minutes-wide-table-320")


def test_a_completion_note_with_a_long_address_does_not_widen_a_phones_page(
    panel_meetings, page_as, check_page
):
    held, _ = panel_meetings
    action = confirmed(held, FIRST, ["CLA9"])
    address = "https://intranet.example.gov.uk/" + "care-plan-recovery-report-" * 6
    complete_action(action, None, f"Report presented: {address}")
    panel = panel_on_a_phone(page_as, action.get_absolute_url())
    expect(panel.get_by_text("care-plan-recovery-report-", exact=False).first).to_be_visible()
    assert fits_the_width(panel)
    check_page(panel, "meetings-action-long-note-320")


def test_a_meeting_form_sent_empty_lists_its_problems_as_links_with_room_to_tap(
    panel_meetings, page_as, check_page
):
    clerk = page_as(roles.CLERK)
    clerk.goto(reverse("meetings:meeting_new"))
    clerk.locator("form.form input:not([type=hidden])").evaluate_all(
        "inputs => inputs.forEach(input => { input.value = ''; })"
    )
    clerk.locator("form.form button[type=submit]").first.click()

    links = clerk.locator(".error-summary li a")
    expect(links.first).to_be_visible()
    clerk.wait_for_load_state("load")  # measured with the style sheet applied
    tops = links.evaluate_all("links => links.map(a => a.getBoundingClientRect().top)")
    assert len(tops) >= 2
    # Links under 24px tall need their centres 24px apart (WCAG 2.5.8, axe's target-size).
    assert min(after - before for before, after in pairwise(tops)) >= 24
    check_page(clerk, "meetings-new-meeting-errors")
