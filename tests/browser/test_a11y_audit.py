"""What an accessibility audit found, kept found: titles that name the page and say when a form
has problems, sorted columns that say so, plain words on a missing page, the error page on a
phone, buttons that stand apart and links that read from the left."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from indicators import roles
from indicators.catalogue import install_catalogue
from meetings.models import AgendaItem, Committee, Meeting
from meetings.workflows import confirm_action as confirm
from tests.workbooks import long_workbook

from .test_journey import FOCUS_STATE, XLSX, meeting_at

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COUNCIL = " – Westmere Borough Council"


@pytest.fixture
def held_meeting():
    """The catalogue, a meeting held yesterday with one agenda item, and the next in four weeks."""
    install_catalogue()
    Committee.objects.create(name="Corporate Parenting Panel", code="CPP")
    held = meeting_at(-1, status=Meeting.Status.HELD)
    item = AgendaItem.objects.create(meeting=held, order=1, title="Apologies")
    meeting_at(28)
    return item


def confirm_action(item, description, codes, due_in_days=14):
    """An action confirmed from the item's minutes, owned by the Head of Service."""
    due = timezone.localdate() + timedelta(days=due_in_days)
    with transaction.atomic():
        return confirm(item, description, "", codes, owner_name="Head of Service", due_date=due)


def test_a_form_sent_with_problems_starts_its_page_title_with_error(held_meeting, page_as):
    clerk = page_as(roles.CLERK)
    clerk.goto(reverse("meetings:meeting_new"))
    clerk.get_by_role("button", name="Save the meeting").click()
    expect(clerk.locator(".error-summary")).to_be_focused()
    # A screen reader reads the title first: it must say at once that the form was refused.
    expect(clerk).to_have_title(re.compile(r"^Error: Set up a meeting"))

    clerk.goto(reverse("meetings:item_new", args=[held_meeting.meeting.pk]))
    clerk.get_by_role("button", name="Save the item").click()
    expect(clerk.locator(".error-summary")).to_be_focused()
    expect(clerk).to_have_title(re.compile(r"^Error: Add an agenda item"))


def test_a_wrong_password_starts_the_sign_in_title_with_error(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page).to_have_title("Error: Sign in" + COUNCIL)
    context.close()


def test_forms_for_a_meeting_name_it_in_the_title(held_meeting, page_as):
    """Every meeting has an "Apologies" item: a title naming only the item says nothing of which
    meeting's minutes are open, in a tab or in the history."""
    item, meeting = held_meeting, held_meeting.meeting
    clerk = page_as(roles.CLERK)
    clerk.goto(reverse("meetings:minutes", args=[item.pk]))
    expect(clerk).to_have_title(f"Minutes of item 1: Apologies, {meeting}{COUNCIL}")
    clerk.goto(reverse("meetings:meeting_edit", args=[meeting.pk]))
    expect(clerk).to_have_title(f"Edit meeting: {meeting}{COUNCIL}")
    clerk.goto(reverse("meetings:item_edit", args=[item.pk]))
    expect(clerk).to_have_title(f"Edit agenda item 1: Apologies, {meeting}{COUNCIL}")
    clerk.goto(reverse("meetings:proposals", args=[item.pk]))
    expect(clerk).to_have_title(f"Confirm actions and resolutions: item 1, {meeting}{COUNCIL}")


def test_an_action_whose_update_was_refused_says_error_in_its_title(held_meeting, page_as):
    action = confirm_action(held_meeting, "Officers to report on CLA9.", ["CLA9"])
    clerk = page_as(roles.CLERK)
    clerk.goto(action.get_absolute_url())
    clerk.get_by_role("button", name="Add the update").click()
    expect(clerk.locator(".error-summary")).to_be_focused()
    expect(clerk).to_have_title(f"Error: Action {action.reference}{COUNCIL}")


def test_the_column_the_action_log_is_sorted_by_says_which_way(held_meeting, page_as):
    for n in range(2):
        confirm_action(held_meeting, f"Officers to report on CLA9, part {n}.", ["CLA9"], 7 + n)
    panel = page_as(roles.PANEL_MEMBER)
    panel.goto(reverse("meetings:actions") + "?status=all&sort=-due")
    headings = panel.locator("#action-table thead th")
    due = headings.filter(has_text="Due")
    expect(due).to_have_attribute("aria-sort", "descending")
    expect(due).to_contain_text("▼")  # seen, not only heard
    expect(panel.locator("#action-table th[aria-sort]")).to_have_count(1)
    # Every column heading is marked as one.
    assert headings.evaluate_all("ths => ths.every(th => th.scope === 'col')")

    due.get_by_role("link").click()
    expect(due).to_have_attribute("aria-sort", "ascending")
    expect(due).to_contain_text("▲")


def test_a_missing_meeting_says_so_in_plain_words(held_meeting, page_as):
    panel = page_as(roles.PANEL_MEMBER)
    response = panel.goto(reverse("meetings:meeting", args=[999999]))
    assert response.status == 404
    main = panel.get_by_role("main")
    expect(main).to_contain_text("There is no page at this address.")
    expect(main).not_to_contain_text("matches the given query")  # Django's words, not ours


def test_the_error_page_fits_a_phone(browser):
    """The 500 page is plain HTML (it must render when nothing else can), but a phone still
    needs telling to lay it out at its own width rather than a desktop's 980px."""
    context = browser.new_context(viewport={"width": 320, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_content(render_to_string("500.html"))
    assert page.evaluate("window.innerWidth") == 320
    context.close()


def test_an_upload_previews_commit_and_discard_buttons_stand_apart(
    held_meeting, settings, tmp_path, page_as
):
    settings.MEDIA_ROOT = tmp_path / "media"
    analyst = page_as(roles.ANALYST)
    analyst.goto(reverse("indicators:upload_new"))
    workbook = long_workbook(("CLA9", "2025-01", 80, 160, 200))
    analyst.get_by_label("Extract file").set_input_files(
        {"name": "extract.xlsx", "mimeType": XLSX, "buffer": workbook}
    )
    analyst.get_by_role("button", name="Upload and preview").click()
    commit = analyst.get_by_role("button", name="Commit these figures")
    discard = analyst.get_by_role("button", name="Discard this preview")
    expect(discard).to_be_visible()
    analyst.wait_for_load_state("load")  # measured with the style sheet applied
    above, below = commit.bounding_box(), discard.bounding_box()
    assert below["y"] - (above["y"] + above["height"]) >= 16
    # Each table on the page is named by a caption.
    expect(analyst.locator("main table:not(:has(caption))")).to_have_count(0)


def test_an_actions_indicator_links_read_from_the_left(held_meeting, page_as):
    action = confirm_action(held_meeting, "Officers to report on CLA9 and CL6.", ["CLA9", "CL6"])
    panel = page_as(roles.PANEL_MEMBER)
    panel.set_viewport_size({"width": 320, "height": 740})
    panel.goto(action.get_absolute_url())
    links = panel.locator(".summary-list dd .code-link")
    expect(links).to_have_count(2)
    panel.wait_for_load_state("load")
    aligned = links.evaluate_all("links => links.map(a => getComputedStyle(a).textAlign)")
    assert set(aligned) <= {"left", "start"}, aligned


def test_the_scorecard_explains_its_columns_when_asked(demo, page_as, check_page):
    """RAG, SPC and statistical neighbours are not everyday words for a new councillor."""
    panel = page_as(roles.PANEL_MEMBER)
    panel.goto(reverse("scorecard:scorecard"))
    summary = panel.locator("summary", has_text="How to read the scorecard")
    explanation = panel.get_by_text("RAG is short for red, amber and green.")
    expect(explanation).to_be_hidden()
    panel.wait_for_load_state("load")
    summary.focus()
    focus = summary.evaluate(FOCUS_STATE)
    assert focus["reached"] and focus["visible"], focus
    # Dark text on the yellow focus colour: the blue of a link is too faint on it.
    assert summary.evaluate("s => getComputedStyle(s).color") == "rgb(11, 12, 12)"
    assert summary.bounding_box()["height"] >= 24
    triangle = "s => getComputedStyle(s, '::before').content"
    assert "\u25b8" in summary.evaluate(triangle)  # shut: a triangle pointing at the words
    panel.keyboard.press("Enter")
    expect(explanation).to_be_visible()
    expect(panel.get_by_text("means the usual ups and downs", exact=False)).to_be_visible()
    assert "\u25be" in summary.evaluate(triangle)  # open: pointing down at what it shows
    expect(summary).to_have_accessible_name("How to read the scorecard")
    check_page(panel, "a11y-scorecard-how-to-read")


def test_an_upload_sent_without_a_file_marks_the_file_field_as_the_problem(held_meeting, page_as):
    analyst = page_as(roles.ANALYST)
    analyst.goto(reverse("indicators:upload_new"))
    analyst.get_by_role("button", name="Upload and preview").click()
    expect(analyst.locator(".error-summary")).to_be_focused()
    field = analyst.get_by_label("Extract file")
    # Heard as invalid, and seen so: the red bar beside the field, as on every other form.
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(analyst.locator(".form-group", has=field)).to_have_class(re.compile("form-group--error"))
