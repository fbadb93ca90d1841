"""The whole monthly cycle in a real browser, once with the mouse and once with the keyboard alone.

An analyst uploads and commits January's figures, a panel member sees the new month, an officer
explains the red CLA9, a clerk minutes an ACTION about it at a meeting, the officer updates and
closes that action, and at the next meeting the panel sees it under "Closed since the last
meeting". Every page on the way must pass axe-core's WCAG 2.2 AA checks.
"""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators import roles
from meetings.models import Committee, Meeting
from tests.workbooks import long_workbook

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_MONTH = "2025-01"  # the month after the demo's last (conftest.DEMO_UNTIL)
COMMENTARY = "Care plan reviews slipped while two teams were short of managers."
ACTION_LINE = "ACTION: Head of Service to set out the recovery plan for care plans (CLA9)."
ACTION_TEXT = "Head of Service to set out the recovery plan for care plans (CLA9)."

# Whether the focused element shows a focus indicator: an outline that can be seen, a box
# shadow, or the yellow focus background of the house style.
FOCUS_STATE = """(target) => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    && !['transparent', 'rgba(0, 0, 0, 0)'].includes(s.outlineColor);
  const indicated = outline || s.boxShadow !== 'none' || s.backgroundColor === 'rgb(255, 221, 0)';
  const label = (el.id ? '#' + el.id + ' ' : '') + (el.innerText || el.name || '').slice(0, 40);
  return {reached: el === target, visible: indicated && box.width > 0 && box.height > 0,
          name: el.tagName + ' ' + label};
}"""


def heading(page):
    return page.get_by_role("heading", level=1)


def january_workbook():
    """January 2025, after the demo's last month: CLA9 red (80% against 90%), CL6 amber."""
    return {
        "name": "extract-2025-01.xlsx",
        "mimeType": XLSX,
        "buffer": long_workbook(("CLA9", NEW_MONTH, 80, 160, 200), ("CL6", NEW_MONTH, 88, 88, 100)),
    }


def meeting_at(days_from_today, **fields):
    """A meeting of the demo's panel at 2pm, some days from today (negative: already held)."""
    day = timezone.localdate() + timedelta(days=days_from_today)
    return Meeting.objects.create(
        committee=Committee.objects.get(code="CPP"),
        starts_at=timezone.make_aware(datetime.combine(day, time(14, 0))),
        venue="Council Chamber",
        **fields,
    )


def meeting_link(page, meeting):
    """The meetings list links each meeting by its day and time, e.g. "Sunday 20 December 2026"."""
    day = f"{timezone.localtime(meeting.starts_at):%A %-d %B %Y}"
    return page.get_by_role("link", name=re.compile(day))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# Keyboard helpers ------------------------------------------------------------------------


def tab_to(page, target, backwards=False, limit=150):
    """Press Tab (or Shift+Tab) until the target has focus; every stop must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        state = target.evaluate(FOCUS_STATE)
        assert state["visible"], f"{page.url}: no visible focus on {state['name']}"
        if state["reached"]:
            return
    raise AssertionError(f"{page.url}: {key} never reached {target}")


def skip_to_main(page):
    """The first Tab on a fresh page lands on a visible skip link, which moves focus to main.

    A redirect keeps the fragment of the page it came from (#main-content once the skip link has
    been used), and the browser then starts Tab navigation at main already: nothing to skip.
    Nor on a page that opens with a message or a form's problems: focus is on them, in main.
    """
    if page.url.endswith("#main-content"):
        return
    notice = page.locator(".error-summary, .notifications").first
    if notice.count():
        expect(notice).to_be_focused()
        return
    skip = page.get_by_role("link", name="Skip to main content")
    tab_to(page, skip, limit=1)
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


def press(page, key):
    """Press a key that follows a link or submits a form, and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press(key)


def arrive(page, check_page, name):
    """Check a page with axe (see check_page), then skip to its main content."""
    check_page(page, name)
    skip_to_main(page)


def choose(page, select, text):
    """Pick an option of a focused select by typing the start of its label (no popup)."""
    page.keyboard.type(text)
    expect(select.locator("option:checked")).to_contain_text(text)


@pytest.fixture
def keyboard_page_as(browser, live_server, check_page):
    """keyboard_page_as(role): a new user of that role, signed in with the keyboard alone."""
    contexts = []

    def sign_in(role):
        user = make_user(role)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
        )
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        if len(contexts) == 1:
            arrive(page, check_page, "keyboard-login")
        else:
            skip_to_main(page)
        tab_to(page, page.get_by_label("Username"))
        page.keyboard.type(user.username)
        tab_to(page, page.get_by_label("Password"))
        page.keyboard.type(PASSWORD)
        press(page, "Enter")
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        return page

    yield sign_in
    for context in contexts:
        context.close()


def follow_nav(page, name, backwards=False):
    """Tab through the header to a main navigation link (Shift+Tab from main) and follow it."""
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
    tab_to(page, link, backwards=backwards)
    press(page, "Enter")


# The journey with the mouse --------------------------------------------------------------


def test_the_monthly_cycle_from_upload_to_the_next_meeting(demo, media, page_as, check_page):
    next_meeting = meeting_at(28)
    upload_and_commit(page_as(roles.ANALYST), check_page)
    panel = page_as(roles.PANEL_MEMBER)
    see_the_new_month(panel, check_page)
    officer = page_as(roles.OFFICER)
    explain_cla9(officer, check_page)
    minute_an_action(page_as(roles.CLERK), check_page)
    close_my_action(officer, check_page)
    see_it_closed_at_the_next_meeting(panel, check_page, next_meeting)


def upload_and_commit(page, check_page):
    page.get_by_role("link", name="Uploads").click()
    page.get_by_role("link", name="Upload an extract").click()
    check_page(page, "journey-upload-form")
    page.get_by_label("Extract file").set_input_files(january_workbook())
    page.get_by_role("button", name="Upload and preview").click()
    expect(heading(page)).to_contain_text("Preview of extract-2025-01.xlsx")
    expect(page.get_by_text("2 new, 0 changed, 0 unchanged")).to_be_visible()
    check_page(page, "journey-upload-preview")
    page.get_by_role("button", name="Commit these figures").click()
    expect(page.get_by_text("Committed: the figures are live.")).to_be_visible()
    check_page(page, "journey-upload-committed")


def see_the_new_month(page, check_page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scorecard").click()
    expect(heading(page)).to_contain_text("Scorecard: January 2025")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="CLA9", exact=True))
    expect(row).to_contain_text("80.0%")
    expect(row).to_contain_text("Red")
    check_page(page, "journey-scorecard-new-month")


def message_has_focus(page):
    """Focus is on the message, or on the main content it opens (after the skip link, the form
    was sent from #main-content and its page keeps the fragment), so it is read out first."""
    focused = "document.activeElement.contains(document.querySelector('.notifications'))"
    assert page.evaluate(focused)


def explain_cla9(page, check_page):
    page.goto(f"/scorecard/?month={NEW_MONTH}")
    page.get_by_role("link", name="Exception report").click()
    page.get_by_role("link", name="Write the commentary for CLA9").click()
    expect(heading(page)).to_contain_text("Commentary for January 2025")
    check_page(page, "journey-commentary-form")
    page.get_by_label("Commentary", exact=True).fill(COMMENTARY)
    page.get_by_role("button", name="Save commentary").click()
    saved = page.get_by_text("Commentary saved for CLA9, January 2025.")
    expect(saved).to_be_in_viewport()
    message_has_focus(page)
    # The indicator page it lands on is checked by test_pages (its chart makes axe slow here).
    expect(page.locator("#commentary")).to_contain_text(COMMENTARY)
    page.goto(f"/scorecard/exceptions/?month={NEW_MONTH}")
    expect(page.locator("article", has_text="CLA9")).to_contain_text(COMMENTARY)
    check_page(page, "journey-exception-report")


def minute_an_action(page, check_page):
    page.get_by_role("link", name="Meetings and actions").click()
    check_page(page, "journey-meetings")
    page.get_by_role("link", name="Set up a meeting").click()
    page.get_by_label("Committee").select_option(label="Corporate Parenting Panel")
    page.get_by_label("Venue").fill("Committee Room 1")
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_label("Date").fill(f"{timezone.localdate() - timedelta(days=1):%Y-%m-%d}")
    page.get_by_label("Time").fill("14:00")
    check_page(page, "journey-meeting-form")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("Meeting set up. Now add its agenda.")).to_be_visible()

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Performance scorecard")
    page.get_by_label("Scorecard month").select_option(label="January 2025")
    check_page(page, "journey-item-form")
    page.get_by_role("button", name="Save the item").click()
    page.get_by_role("link", name="Edit the item 1").click()
    page.get_by_label("Presenter").fill("Head of Service, Children in Care")
    page.get_by_role("button", name="Save the item").click()
    expect(page.get_by_text("Presented by Head of Service, Children in Care")).to_be_visible()

    page.get_by_role("link", name="Record the minutes of item 1").click()
    check_page(page, "journey-minutes-form")
    page.get_by_label("Minutes").fill(f"Members asked about care plans.\n\n{ACTION_LINE}")
    page.get_by_role("button", name="Save the minutes").click()
    expect(heading(page)).to_contain_text("Confirm the actions and resolutions")
    page.get_by_label("Owner", exact=True).select_option(label="browser-officer")
    expect(page.get_by_label("Due", exact=True)).to_have_value("next")
    check_page(page, "journey-proposals")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Confirmed 1 action and")).to_be_visible()
    expect(page.locator("#item-1")).to_contain_text(ACTION_TEXT)
    check_page(page, "journey-held-meeting")


def close_my_action(page, check_page):
    page.goto("/meetings/actions/")
    page.get_by_label("Only my actions").check()
    page.get_by_role("button", name="Apply filters").click()
    row = page.get_by_role("row").filter(has_text=ACTION_TEXT)
    expect(page.locator("tbody tr")).to_have_count(1)
    check_page(page, "journey-action-log-mine")
    row.get_by_role("link").first.click()
    expect(heading(page)).to_contain_text(ACTION_TEXT)
    check_page(page, "journey-action")
    page.get_by_label("Update", exact=True).fill("Recovery plan drafted with team managers.")
    page.get_by_label("Status", exact=True).select_option(label="In progress")
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("Update added.")).to_be_visible()
    page.get_by_label("Outcome").select_option(label="Completed")
    page.get_by_label("Completion note").fill("Recovery plan presented; reviews back on track.")
    page.get_by_role("button", name="Close the action").click()
    expect(page.get_by_text(re.compile(r"Action CPP/\d{4}/\d+ closed\."))).to_be_visible()
    check_page(page, "journey-action-closed")


def see_it_closed_at_the_next_meeting(page, check_page, meeting):
    page.get_by_role("link", name="Meetings and actions").click()
    meeting_link(page, meeting).click()
    closed = page.locator("h3:has-text('Closed since the last meeting') + .table-wide table")
    expect(closed).to_contain_text(ACTION_TEXT)
    expect(closed).to_contain_text("Recovery plan presented; reviews back on track.")
    check_page(page, "journey-next-meeting")


# The journey with the keyboard alone -----------------------------------------------------


def test_the_monthly_cycle_works_with_the_keyboard_alone(demo, media, keyboard_page_as, check_page):
    """Tab, Shift+Tab, Enter, Space and typing only; each Tab stop must show its focus. Axe runs
    here only on the pages the mouse journey does not visit (sign-in, home, uploads)."""
    next_meeting = meeting_at(28)
    upload_by_keyboard(keyboard_page_as(roles.ANALYST), check_page)
    panel = keyboard_page_as(roles.PANEL_MEMBER)
    follow_nav(panel, "Scorecard")
    expect(heading(panel)).to_contain_text("Scorecard: January 2025")
    skip_to_main(panel)
    officer = keyboard_page_as(roles.OFFICER)
    explain_cla9_by_keyboard(officer)
    minute_by_keyboard(keyboard_page_as(roles.CLERK))
    close_by_keyboard(officer)
    next_meeting_by_keyboard(panel, next_meeting)


def upload_by_keyboard(page, check_page):
    arrive(page, check_page, "keyboard-home")
    follow_nav(page, "Uploads", backwards=True)
    arrive(page, check_page, "keyboard-uploads")
    tab_to(page, page.get_by_role("link", name="Upload an extract"))
    press(page, "Enter")
    skip_to_main(page)
    file_input = page.get_by_label("Extract file")
    tab_to(page, file_input)
    file_input.set_input_files(january_workbook())  # a file chooser has no keys to press
    tab_to(page, page.get_by_role("button", name="Upload and preview"))
    press(page, "Enter")
    expect(heading(page)).to_contain_text("Preview of extract-2025-01.xlsx")
    skip_to_main(page)
    tab_to(page, page.get_by_role("button", name="Commit these figures"))
    press(page, "Space")
    expect(page.get_by_text("Committed: the figures are live.")).to_be_visible()


def explain_cla9_by_keyboard(page):
    follow_nav(page, "Scorecard")
    tab_to(page, page.get_by_role("link", name="Exception report"))
    press(page, "Enter")
    skip_to_main(page)
    tab_to(page, page.get_by_role("link", name="Write the commentary for CLA9"))
    press(page, "Enter")
    skip_to_main(page)
    tab_to(page, page.get_by_label("Commentary", exact=True))
    page.keyboard.type(COMMENTARY)
    tab_to(page, page.get_by_role("button", name="Save commentary"))
    press(page, "Enter")
    saved = page.get_by_text("Commentary saved for CLA9, January 2025.")
    expect(saved).to_be_in_viewport()
    message_has_focus(page)
    page.goto(f"/scorecard/exceptions/?month={NEW_MONTH}")
    expect(page.locator("article", has_text="CLA9")).to_contain_text(COMMENTARY)


def minute_by_keyboard(page):
    set_up_meeting_by_keyboard(page)
    tab_to(page, page.get_by_role("link", name="Add an agenda item"))
    press(page, "Enter")
    skip_to_main(page)
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Performance scorecard")
    month = page.get_by_label("Scorecard month")
    tab_to(page, month)
    choose(page, month, "January 2025")
    tab_to(page, page.get_by_role("button", name="Save the item"))
    press(page, "Enter")
    expect(page.get_by_text("Agenda item added.")).to_be_visible()
    skip_to_main(page)
    tab_to(page, page.get_by_role("link", name="Edit the item 1"))
    press(page, "Enter")
    tab_to(page, page.get_by_label("Presenter"))
    page.keyboard.type("Head of Service")
    tab_to(page, page.get_by_role("button", name="Save the item"))
    press(page, "Enter")
    expect(page.get_by_text("Presented by Head of Service")).to_be_visible()
    skip_to_main(page)
    tab_to(page, page.get_by_role("link", name="Record the minutes of item 1"))
    press(page, "Enter")
    skip_to_main(page)
    tab_to(page, page.get_by_label("Minutes"))
    page.keyboard.type(f"Members asked about care plans.\n\n{ACTION_LINE}")
    tab_to(page, page.get_by_role("button", name="Save the minutes"))
    press(page, "Enter")
    expect(heading(page)).to_contain_text("Confirm the actions and resolutions")
    confirm_by_keyboard(page)


def set_up_meeting_by_keyboard(page):
    follow_nav(page, "Meetings and actions")
    skip_to_main(page)
    tab_to(page, page.get_by_role("link", name="Set up a meeting"))
    press(page, "Enter")
    skip_to_main(page)
    committee = page.get_by_label("Committee")
    tab_to(page, committee)
    choose(page, committee, "Corporate Parenting Panel")
    held_on = day_equals_month_before(timezone.localdate())
    date_input = page.get_by_label("Date")
    tab_to(page, date_input)
    page.keyboard.type(f"{held_on:%d%m%Y}")
    expect(date_input).to_have_value(f"{held_on:%Y-%m-%d}")
    time_input = page.get_by_label("Time")
    tab_to(page, time_input)
    page.keyboard.type("1400")
    expect(time_input).to_have_value("14:00")
    tab_to(page, page.get_by_label("Venue"))
    page.keyboard.type("Committee Room 1")
    status = page.get_by_label("Status")
    tab_to(page, status)
    choose(page, status, "Held")
    tab_to(page, page.get_by_role("button", name="Save the meeting"))
    press(page, "Enter")
    expect(page.get_by_text("Meeting set up. Now add its agenda.")).to_be_visible()
    skip_to_main(page)


def day_equals_month_before(today):
    """The last date before today whose day and month are equal (11 November, say): typed into
    a date input it reads the same whether the browser puts the day or the month first."""
    dates = [date(year, m, m) for year in (today.year - 1, today.year) for m in range(1, 13)]
    return max(d for d in dates if d < today)


def confirm_by_keyboard(page):
    skip_to_main(page)
    owner = page.get_by_label("Owner", exact=True)
    tab_to(page, owner)
    choose(page, owner, "browser-officer")
    expect(page.get_by_label("Due", exact=True)).to_have_value("next")
    tab_to(page, page.get_by_role("button", name="Confirm"))
    press(page, "Enter")
    expect(page.get_by_text("Confirmed 1 action and")).to_be_visible()
    expect(page.locator("#item-1")).to_contain_text(ACTION_TEXT)


def close_by_keyboard(page):
    page.goto("/")
    follow_nav(page, "Meetings and actions")
    tab_to(page, page.get_by_role("link", name="The action log"))
    press(page, "Enter")
    skip_to_main(page)
    tab_to(page, page.get_by_label("Only my actions"))
    page.keyboard.press("Space")
    expect(page.get_by_label("Only my actions")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Apply filters"))
    press(page, "Enter")
    expect(page.get_by_label("Only my actions")).to_be_checked()
    expect(page.locator("tbody tr")).to_have_count(1)
    skip_to_main(page)
    row = page.get_by_role("row").filter(has_text=ACTION_TEXT)
    tab_to(page, row.get_by_role("link").first)
    press(page, "Enter")
    expect(heading(page)).to_contain_text(ACTION_TEXT)
    skip_to_main(page)
    update_and_close_by_keyboard(page)


def update_and_close_by_keyboard(page):
    tab_to(page, page.get_by_label("Update", exact=True))
    page.keyboard.type("Recovery plan drafted with team managers.")
    status = page.get_by_label("Status", exact=True)
    tab_to(page, status)
    choose(page, status, "In progress")
    tab_to(page, page.get_by_role("button", name="Add the update"))
    press(page, "Enter")
    expect(page.get_by_text("Update added.")).to_be_visible()
    skip_to_main(page)
    outcome = page.get_by_label("Outcome")
    tab_to(page, outcome)
    expect(outcome).to_have_value("completed")
    tab_to(page, page.get_by_label("Completion note"))
    page.keyboard.type("Recovery plan presented; reviews back on track.")
    tab_to(page, page.get_by_role("button", name="Close the action"))
    press(page, "Enter")
    expect(page.get_by_text(re.compile(r"Action CPP/\d{4}/\d+ closed\."))).to_be_visible()


def next_meeting_by_keyboard(page, meeting):
    page.goto("/")
    follow_nav(page, "Meetings and actions")
    skip_to_main(page)
    tab_to(page, meeting_link(page, meeting))
    press(page, "Enter")
    closed = page.locator("h3:has-text('Closed since the last meeting') + .table-wide table")
    expect(closed).to_contain_text(ACTION_TEXT)
    skip_to_main(page)
