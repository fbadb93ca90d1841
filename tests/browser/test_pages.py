"""The panel's pages in a real browser: month picker, exceptions, an indicator's chart, the pack."""

import io
import json
import re
import unicodedata
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import override_settings
from playwright.sync_api import expect
from pypdf import PdfReader

from indicators import roles
from indicators.commentary import write_commentary
from indicators.models import Indicator, Upload
from meetings.models import Action, Meeting

from .conftest import ARTEFACTS, PASSWORD, make_user

# The live server reads from its own thread, so the data must be committed; the flush after each
# test removes the role groups the migrations made, so they are restored before each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


# Quotes, a backslash and a closing tag: the running header must print them as they are.
AWKWARD_PANEL = 'Children\'s "Corporate Parenting" Panel \\ </style> A&B'
# The scorecard's title row, printed on each page under the running header, names the table.
REPEATED_TABLE_TITLE = "Scorecard: all indicators, by service area"
SCORECARD_HEADINGS = (
    "Indicator December 2024 Previous month Same month last year Target RAG SPC "
    "England / neighbours Last 13 months Commentary Open actions now"
)

# WCAG 2.2's reflow criterion (1.4.10): content fits 320 CSS pixels, a 1280px screen at 400%
# zoom, without scrolling sideways; only a data table may scroll, and then in its own box.
PHONE = {"width": 320, "height": 740}
# An A4 landscape page less the side margins in print.css (297 mm - 2 × 10 mm), in CSS pixels.
A4_LANDSCAPE_CONTENT_PX = round(277 / 25.4 * 96)
# Cells whose contents reach past their right padding into the next column.
# Words for screen readers only are clipped to a pixel, so their text is never seen to overflow.
OVERFLOWING_CELLS = """() => [...document.querySelectorAll(".scorecard--print :is(th, td)")]
  .filter(cell => {
    const padding = parseFloat(getComputedStyle(cell).paddingRight);
    const edge = cell.getBoundingClientRect().right - padding;
    return [...cell.querySelectorAll("*"), cell]
      .filter(element => !element.closest(".visually-hidden"))
      .flatMap(element => [...element.childNodes].filter(node => node.nodeType !== 1))
      .concat([...cell.querySelectorAll("svg")])
      .some(node => {
        const contents = document.createRange();
        contents.selectNode(node);
        return contents.getBoundingClientRect().right > edge + 0.5;
      });
  })
  .map(cell => cell.textContent.trim())"""

# Visible captions that reach past either side of the box their table scrolls in, with every
# box scrolled to its far right.
CAPTIONS_CUT_OFF = """() => [...document.querySelectorAll("caption")]
  .filter(caption => caption.closest(".table-wide, .table-scroll"))
  .filter(caption => !caption.classList.contains("visually-hidden"))
  .filter(caption => {
    const scroller = caption.closest(".table-wide, .table-scroll");
    scroller.scrollLeft = scroller.scrollWidth;
    const box = scroller.getBoundingClientRect();
    const text = document.createRange();
    text.selectNodeContents(caption);
    const shown = text.getBoundingClientRect();
    return shown.left < box.left - 0.5 || shown.right > box.right + 0.5;
  })
  .map(caption => caption.textContent.trim())"""


def heading(page):
    return page.get_by_role("heading", level=1)


def test_plotly_is_served_by_the_live_server(browser, live_server):
    context = browser.new_context()
    try:
        response = context.request.get(f"{live_server.url}/static/vendor/plotly.min.js")
        assert response.status == 200
        assert "javascript" in response.headers["content-type"]
        assert len(response.body()) > 1_000_000
    finally:
        context.close()


def test_the_month_picker_shows_the_scorecard_for_the_month_chosen(demo, page_as, check_page):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/scorecard/?month=2024-11")
    expect(heading(page)).to_contain_text("Scorecard: November 2024")

    page.get_by_label("Month", exact=True).select_option(label="December 2024")
    page.get_by_role("button", name="Show", exact=True).click()

    expect(page).to_have_url(re.compile(r"month=2024-12"))
    expect(heading(page)).to_contain_text("Scorecard: December 2024")
    expect(page.get_by_role("table").locator("caption")).to_contain_text("December 2024")
    check_page(page, "scorecard")


def test_the_session_cookie_stays_secure_over_the_live_servers_plain_http(page_as):
    page = page_as(roles.PANEL_MEMBER)
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert cookies[settings.CSRF_COOKIE_NAME]["secure"]


def test_signing_in_with_a_field_left_empty_says_which_at_the_top_and_at_the_field(
    browser, live_server, check_page
):
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("Username").fill("someone")
        page.get_by_role("button", name="Sign in").click()

        expect(page.locator(".error-summary")).to_be_focused()
        page.get_by_role("link", name="Password: Enter your password.").click()
        password = page.get_by_label("Password")
        expect(password).to_be_focused()
        expect(password).to_have_attribute("aria-invalid", "true")
        expect(password).to_have_accessible_description("Error: Enter your password.")
        expect(page.get_by_label("Username")).not_to_have_attribute("aria-invalid", "true")
        check_page(page, "sign-in-problem")
    finally:
        context.close()


def test_only_amber_and_red_leaves_just_the_exceptions(demo, page_as, check_page):
    page = page_as(roles.OFFICER)
    page.goto("/scorecard/?month=2024-12")

    page.get_by_label("Only amber and red").check()
    page.get_by_role("button", name="Show", exact=True).click()

    expect(page).to_have_url(re.compile(r"exceptions=on"))
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text(
        "Amber and red headline indicators, December 2024"
    )
    ratings = table.locator("tbody .rag").all_inner_texts()
    assert ratings and set(ratings) <= {"Amber", "Red"}
    expect(table.get_by_role("link", name="CLA9", exact=True)).to_be_visible()
    check_page(page, "scorecard-exceptions")

    page.get_by_role("link", name="Exception report", exact=True).click()
    expect(heading(page)).to_contain_text("Exception report: December 2024")
    check_page(page, "exception-report")


def test_on_a_laptop_screen_the_scorecard_fits_the_page_with_rows_a_few_lines_tall(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/scorecard/?month=2024-12")

    table = page.locator("table.scorecard")
    assert table.bounding_box()["width"] <= page.locator("#main-content").bounding_box()["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    heights = [box["height"] for box in (r.bounding_box() for r in
               table.locator("tbody tr:not(.group-row)").all())]  # fmt: skip
    assert max(heights) < 200 and sum(heights) / len(heights) < 150


# Months of the demo with a figure that cannot be used, or with "No comparison" in the month
# after one, and the words the scorecard must still show for it: the reason, in full.
UNUSABLE_FIGURES = [
    ("2024-04", "headline", "H4",
     "Figure unavailable: Dental data not received from the integrated care board in time."),
    ("2023-09", "all", "CLA17",
     "Figure unavailable: Placement postcodes not available after the case-management upgrade."),
    ("2023-11", "all", "CLA17", "No comparison"),
    ("2024-07", "all", "ED1",
     "Figure unreliable: Start-of-term PEP data incomplete while schools re-registered."),
    ("2024-08", "all", "ED1", "No comparison"),
]  # fmt: skip


def test_on_a_laptop_a_month_with_an_unusable_figure_fits_its_box_and_says_why(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.set_viewport_size({"width": 1280, "height": 800})
    for month, scope, code, words in UNUSABLE_FIGURES:
        page.goto(f"/scorecard/?month={month}&scope={scope}")
        box, table = page.locator(".table-wide"), page.locator("table.scorecard")
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), f"{month} scrolls sideways"
        assert table.bounding_box()["width"] <= box.bounding_box()["width"], month
        rows = table.locator("tbody tr:not(.group-row)").all()
        heights = [r.bounding_box()["height"] for r in rows]
        assert max(heights) < 200 and sum(heights) / len(heights) < 150, (month, max(heights))
        row = table.locator("tbody tr", has=page.get_by_role("link", name=code, exact=True))
        expect(row.get_by_text(words).first).to_be_visible()


def test_on_a_screen_too_narrow_for_the_table_its_rows_keep_room_for_their_words(demo, page_as):
    """At 1024px (or 200% zoom on a laptop) the table scrolls in its box; its indicator names
    must not be squeezed to their longest word, which made rows twice as tall."""
    page = page_as(roles.PANEL_MEMBER)
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto("/scorecard/?month=2024-12&scope=all")
    table = page.locator("table.scorecard")
    assert table.locator("tbody th[scope=row]").first.bounding_box()["width"] >= 140
    heights = [r.bounding_box()["height"] for r in table.locator("tbody tr:not(.group-row)").all()]
    assert max(heights) < 200 and sum(heights) / len(heights) < 150


def test_the_highlights_box_leaves_room_below_its_last_line(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/scorecard/?month=2024-12")
    box = page.locator(".highlights").bounding_box()
    last = page.locator(".highlights li").last.bounding_box()
    assert box["y"] + box["height"] - (last["y"] + last["height"]) >= 8


@pytest.mark.parametrize(
    "path",
    [
        "/scorecard/?month=2024-12&scope=all",
        "/indicators/CL6/?month=2024-12",  # an action about it
        "/indicators/CL1/?month=2024-12",  # benchmarks
    ],
)
def test_on_a_phone_wide_tables_scroll_in_their_own_box_not_the_page(
    demo, page_as, check_page, path
):
    page = page_as(roles.PANEL_MEMBER)
    page.set_viewport_size(PHONE)
    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    boxes = page.locator(".table-wide")
    assert boxes.count() >= 1
    scrolling = [box for box in boxes.all() if box.evaluate("b => b.scrollWidth > b.clientWidth")]
    assert scrolling, "a table this wide should scroll on a phone"
    scrolling[0].focus()
    page.keyboard.press("ArrowRight")
    expect(scrolling[0]).not_to_have_js_property("scrollLeft", 0)
    assert page.evaluate(CAPTIONS_CUT_OFF) == []
    check_page(page, "phone" + path.split("?")[0].replace("/", "-").rstrip("-"))


def test_on_a_phone_the_packs_forms_meetings_and_upload_pages_fit_the_screen(demo, page_as):
    page = page_as(roles.ANALYST)
    User.objects.get(username="browser-analyst").groups.add(Group.objects.get(name=roles.OFFICER))
    page.set_viewport_size(PHONE)
    upload = Upload.objects.newest_first().first()
    meeting = Meeting.objects.filter(items__scorecard_month__isnull=False).first()
    action = Action.objects.first()
    for path in ("/scorecard/print/?month=2024-12", f"/meetings/{meeting.pk}/pack/",
                 "/meetings/", "/meetings/actions/", f"/meetings/actions/{action.pk}/",
                 "/scorecard/commentary/CLA9/2024-12/", "/indicators/uploads/new/",
                 "/indicators/uploads/", f"/indicators/uploads/{upload.pk}/"):  # fmt: skip
        assert page.goto(path).ok, path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


def test_an_indicator_opened_from_the_scorecard_draws_its_trend_chart(demo, page_as, check_page):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/scorecard/?month=2024-12")

    page.get_by_role("table").get_by_role("link", name="CLA9", exact=True).click()

    expect(page).to_have_url(re.compile(r"/indicators/CLA9/\?month=2024-12$"))
    expect(heading(page)).to_contain_text("up-to-date care plan")
    chart = page.locator("#trend-chart")
    expect(chart).to_have_attribute("data-drawn", "true")
    expect(chart.locator("svg.main-svg").first).to_be_visible()
    check_page(page, "indicator-cla9")


def test_a_charts_hover_label_rounds_as_the_table_and_escape_hides_it(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = page.locator("[data-chart][data-drawn]").first
    expect(chart).to_be_visible()

    chart.evaluate(
        "c => Plotly.Fx.hover(c, [{curveNumber: 0, pointNumber: c.data[0].x.length - 1}])"
    )
    label = page.locator(".hoverlayer .hovertext")
    expect(label).to_contain_text("December 2024: 77.0%")
    assert (
        label.locator("path").first.evaluate("p => getComputedStyle(p).fill")
        == "rgb(255, 255, 255)"
    )

    page.keyboard.press("Escape")
    expect(label).to_have_count(0)


def test_the_rag_bands_of_the_latest_thresholds_are_named_on_the_chart(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = page.locator("#trend-chart")
    expect(chart).to_have_attribute("data-drawn", "true")
    for name in ("Green", "Amber", "Red"):
        expect(chart.locator(".annotation-text", has_text=name)).to_have_count(1)
    bands = json.loads(page.locator("#trend-data").text_content())["bands"]
    latest = {b["rating"].title(): b for b in bands if b["x1"] == bands[-1]["x1"]}
    named = chart.evaluate("c => c.layout.annotations.map(a => [a.text, a.y])")
    assert sorted(text for text, _ in named) == sorted(latest)
    for text, y in named:
        assert latest[text]["y0"] < y < latest[text]["y1"], text


def sign_in_again(page, role):
    """Sign in on the sign-in page the browser was sent to, as the browser user of `role`."""
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill(f"browser-{role.lower().replace(' ', '-')}")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def send_as_the_session_ends(page, button):
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.get_by_role("button", name=button).click()


def test_commentary_typed_as_the_session_ended_is_put_back_after_signing_in(demo, page_as):
    page = page_as(roles.OFFICER)
    page.goto("/scorecard/commentary/CLA9/2024-12/")
    box = page.get_by_label("Commentary", exact=True)
    box.fill("Written over an afternoon.\n\nSecond paragraph.")
    send_as_the_session_ends(page, "Save commentary")
    sign_in_again(page, roles.OFFICER)

    expect(page).to_have_url(re.compile(r"/scorecard/commentary/CLA9/2024-12/$"))
    expect(page.locator(".draft-notice")).to_be_focused()
    expect(page.locator(".draft-notice")).to_contain_text("was not saved")
    expect(box).to_have_value("Written over an afternoon.\n\nSecond paragraph.")
    page.get_by_role("button", name="Save commentary").click()
    expect(page.locator(".notifications")).to_contain_text("Commentary saved for CLA9")

    page.goto("/scorecard/commentary/CLA9/2024-12/")
    expect(page.locator(".draft-notice")).to_have_count(0)


def test_text_put_back_after_signing_in_can_be_discarded(demo, page_as, check_page):
    page = page_as(roles.OFFICER)
    page.goto("/scorecard/commentary/CLA9/2024-12/")
    box = page.get_by_label("Commentary", exact=True)
    saved = box.input_value()
    box.fill("Second thoughts.")
    send_as_the_session_ends(page, "Save commentary")
    sign_in_again(page, roles.OFFICER)

    expect(box).to_have_value("Second thoughts.")
    check_page(page, "commentary-draft-put-back")
    page.get_by_role("button", name=re.compile("^Discard the unsaved text in .Commentary")).click()
    expect(box).to_have_value(saved)
    expect(box).to_be_focused()
    page.reload()
    expect(box).to_have_value(saved)
    expect(page.locator(".draft-notice")).to_have_count(0)


def test_an_officer_starts_from_last_months_commentary_and_saves_it_changed(
    demo, page_as, check_page
):
    officer = User.objects.get(username="officer")
    last_month = "Two adopters withdrew; the agency is matching again."
    write_commentary(Indicator.objects.get(code="AD7"), date(2024, 11, 1), last_month, officer)
    page = page_as(roles.OFFICER)
    page.goto("/scorecard/commentary/AD7/2024-12/")
    page.get_by_role("link", name="Start from the November 2024 commentary").click()

    box = page.get_by_label("Commentary", exact=True)
    expect(box).to_have_value(last_month)
    check_page(page, "commentary-started-from-last-month")
    box.fill(last_month + " One child was matched in December.")
    page.get_by_role("button", name="Save commentary").click()
    expect(page.locator(".notifications")).to_contain_text("Commentary saved for AD7")


def test_an_action_update_typed_as_the_session_ended_is_back_on_the_action_after_sign_in(
    demo, page_as
):
    page = page_as(roles.CLERK)
    action = Action.objects.filter(status=Action.Status.OPEN).first()
    page.goto(f"/meetings/actions/{action.pk}/")
    page.get_by_label("Update", exact=True).fill("Report drafted for the next panel.")
    send_as_the_session_ends(page, "Add the update")
    sign_in_again(page, roles.CLERK)

    expect(page).to_have_url(re.compile(rf"/meetings/actions/{action.pk}/$"))
    expect(page.get_by_label("Update", exact=True)).to_have_value(
        "Report drafted for the next panel."
    )


def test_an_update_refused_then_sent_as_the_session_ended_is_back_on_the_action(demo, page_as):
    page = page_as(roles.CLERK)
    action = Action.objects.filter(status=Action.Status.OPEN).first()
    page.goto(f"/meetings/actions/{action.pk}/")
    page.get_by_label("Update", exact=True).fill("   ")  # passes the browser, not the server
    page.get_by_role("button", name="Add the update").click()
    expect(page).to_have_url(re.compile(rf"/meetings/actions/{action.pk}/update/$"))
    page.get_by_label("Update", exact=True).fill("The real update.")
    send_as_the_session_ends(page, "Add the update")
    sign_in_again(page, roles.CLERK)

    expect(page).to_have_url(re.compile(rf"/meetings/actions/{action.pk}/$"))
    expect(page.get_by_label("Update", exact=True)).to_have_value("The real update.")


def test_a_closing_note_comes_back_with_its_outcome_so_it_is_saved_as_meant(demo, page_as):
    page = page_as(roles.CLERK)
    action = Action.objects.filter(status=Action.Status.OPEN).first()
    page.goto(f"/meetings/actions/{action.pk}/")
    page.get_by_label("Outcome").select_option("dropped")
    page.get_by_label("Completion note").fill("Superseded by the sufficiency strategy.")
    send_as_the_session_ends(page, "Close the action")
    sign_in_again(page, roles.CLERK)

    expect(page.get_by_label("Completion note")).to_have_value(
        "Superseded by the sufficiency strategy."
    )
    expect(page.get_by_label("Outcome")).to_have_value("dropped")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator(".notifications")).to_contain_text("closed")
    action.refresh_from_db()
    assert action.status == Action.Status.DROPPED


def test_a_text_is_kept_through_wrong_passwords_until_signing_in(demo, page_as, settings):
    page = page_as(roles.OFFICER)
    page.goto("/scorecard/commentary/CLA9/2024-12/")
    page.get_by_label("Commentary", exact=True).fill("Kept through mistakes.")
    send_as_the_session_ends(page, "Save commentary")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("browser-officer")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_contain_text("Signing in is paused")
    assert "Kept through mistakes." in page.evaluate("JSON.stringify(sessionStorage)")


def test_a_saved_update_is_not_put_back_and_another_user_never_gets_the_text(demo, page_as):
    page = page_as(roles.CLERK)
    action = Action.objects.filter(status=Action.Status.OPEN).first()
    page.goto(f"/meetings/actions/{action.pk}/")
    page.get_by_label("Update", exact=True).fill("Saved once.")
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".notifications")).to_contain_text("Update added.")
    expect(page.get_by_label("Update", exact=True)).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)

    page.get_by_label("Update", exact=True).fill("Not for anyone else.")
    send_as_the_session_ends(page, "Add the update")
    make_user(roles.OFFICER)
    sign_in_again(page, roles.OFFICER)  # someone else at the same computer
    page.goto(f"/meetings/actions/{action.pk}/#signed-in")
    expect(page.locator("main")).not_to_contain_text("Not for anyone else.")
    assert "Not for anyone else." not in page.evaluate("JSON.stringify(sessionStorage)")


def test_a_form_sent_with_a_problem_opens_with_focus_on_the_problem(demo, page_as, check_page):
    page = page_as(roles.OFFICER)
    page.goto("/scorecard/commentary/CLA9/2024-12/")
    page.get_by_label("Commentary", exact=True).fill("   ")
    page.get_by_role("button", name="Save commentary").click()

    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Enter the commentary.")
    check_page(page, "commentary-with-a-problem")  # its links still readable while it has focus


def test_focus_on_a_tables_scroll_box_and_a_checkbox_is_a_black_ring_in_a_yellow_one(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/scorecard/?month=2024-12")
    for target in (page.locator(".table-wide").first, page.get_by_label("Only amber and red")):
        target.focus()
        style = target.evaluate(
            "e => [getComputedStyle(e).outlineColor, getComputedStyle(e).boxShadow]"
        )
        assert style[0] == "rgb(11, 12, 12)" and "rgb(255, 221, 0)" in style[1], style


@pytest.mark.parametrize(
    ("code", "has_target"), [("CLA1", False), ("CLA4", False), ("CLA9", True), ("F2", True)]
)
def test_a_charts_legend_lists_only_the_lines_it_draws(demo, page_as, code, has_target):
    page = page_as(roles.PANEL_MEMBER)
    page.goto(f"/indicators/{code}/?month=2024-12")
    chart = page.locator("#trend-chart")
    expect(chart).to_have_attribute("data-drawn", "true")
    targets = json.loads(page.locator("#trend-data").text_content())["targets"]
    assert any(target is not None for target in targets) == has_target
    legend = chart.locator(".legend .traces").all_text_contents()
    assert legend[0] == "Figure" and ("Target" in legend) == has_target
    assert legend == chart.evaluate("c => c.data.map(t => t.name)")


def test_a_year_to_date_counts_chart_leaves_a_gap_between_march_and_april(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/F2/?month=2024-12")

    chart = page.locator("#trend-chart")
    expect(chart).to_have_attribute("data-drawn", "true")
    drawn = chart.evaluate("c => c.data.slice(0, 2).map(t => ({name: t.name, x: t.x, y: t.y}))")
    for trace in drawn:  # the figures and the target
        gaps = [x for x, y in zip(trace["x"], trace["y"], strict=True) if y is None]
        assert gaps == ["2022-04-01", "2023-04-01", "2024-04-01"], trace["name"]
        before = trace["x"].index("2024-04-01") - 1
        assert trace["x"][before] == "2024-03-01" and trace["y"][before] is not None


def test_the_print_pack_renders_and_prints_to_pdf(demo, page_as, check_page):
    page = page_as(roles.CLERK)
    page.goto("/scorecard/print/?month=2024-12")

    expect(heading(page)).to_contain_text(settings.PANEL_NAME)
    expect(heading(page)).to_contain_text("December 2024")
    check_page(page, "print-pack")

    pdf = page.pdf(path=ARTEFACTS / "panel-pack-2024-12.pdf", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000


def pdf_page_texts(pdf):
    """Each page's text, its lines joined by single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_each_printed_page_names_the_panel_and_month_numbers_itself_and_repeats_headings(
    demo, page_as
):
    page = page_as(roles.PANEL_MEMBER)
    with override_settings(PANEL_NAME=AWKWARD_PANEL):
        page.goto("/scorecard/print/?month=2024-12&scope=all")
    pdf = page.pdf(path=ARTEFACTS / "panel-pack-2024-12-all.pdf", format="A4", landscape=True)

    texts = pdf_page_texts(pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"{AWKWARD_PANEL} · December 2024" in text, number
        assert f"Page {number} of {len(texts)}" in text, number
    exceptions_start = next(n for n, text in enumerate(texts) if "Exception report" in text)
    assert exceptions_start >= 2
    for text in texts[:exceptions_start]:
        assert f"{REPEATED_TABLE_TITLE} {SCORECARD_HEADINGS}" in text
    # The running header names the panel; the table's repeated title row does not say it again
    # (the first page's own heading names the panel too).
    for number, text in enumerate(texts[1:], start=2):
        assert text.count(AWKWARD_PANEL) == 1, number


PAGE_NUMBER = re.compile(r"Page \d+ of \d+")


def last_lines(pdf, month="December 2024"):
    """The last line of each printed page's own text: not the running header or page number,
    which the PDF's text may give after it, and with ligatures ("ﬁ") as the letters they join."""
    running_header = f"{settings.PANEL_NAME} · {month}"
    ends = []
    for printed in PdfReader(io.BytesIO(pdf)).pages:
        lines = unicodedata.normalize("NFKC", printed.extract_text()).splitlines()
        own = [line for line in lines if line != running_header and not PAGE_NUMBER.fullmatch(line)]
        ends.append(own[-1] if own else "")
    return ends


HEADINGS = "() => [...document.querySelectorAll('h1, h2, h3, h4')].map(h => h.textContent.trim())"


@pytest.mark.parametrize("scope", ["headline", "all"])
def test_no_printed_page_ends_with_a_service_areas_name_or_a_heading(demo, page_as, scope):
    page = page_as(roles.PANEL_MEMBER)
    page.goto(f"/scorecard/print/?month=2024-12&scope={scope}")
    headings = page.evaluate(HEADINGS)
    ends = last_lines(page.pdf(format="A4", landscape=True))
    areas = set(Indicator.objects.values_list("service_area", flat=True))
    assert not (areas | set(headings)) & set(ends)


# The pack's last section again and again, each time lower down a page of its own, so that for
# some height its heading fits at the foot of the page and its line does not.
LOWER_AND_LOWER = """section => {
  const trials = [];
  for (let height = 560; height <= 700; height += 4) {
    const trial = document.createElement("div");
    const spacer = document.createElement("div");
    trial.style.breakBefore = "page";
    spacer.style.height = `${height}px`;
    trial.append(spacer, section.cloneNode(true));
    trials.push(trial);
  }
  document.querySelector("main").replaceChildren(...trials);
}"""


def test_a_printed_heading_goes_over_to_the_next_page_with_the_line_after_it(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/scorecard/print/?month=2024-12")
    section = page.locator('section[aria-labelledby="unusable-heading"]')
    heading_text = section.get_by_role("heading").text_content()
    section.evaluate(LOWER_AND_LOWER)
    ends = last_lines(page.pdf(format="A4", landscape=True))
    assert len(ends) > 36 and heading_text not in ends


def printed_pack(page, query="month=2024-12&scope=all"):
    """The pack laid out as Chromium prints it: print styles, at the width of an A4 page."""
    page.set_viewport_size({"width": A4_LANDSCAPE_CONTENT_PX, "height": 800})
    page.emulate_media(media="print")
    page.goto(f"/scorecard/print/?{query}")
    return page


# September has the longest month name in a year-to-date target ("10 by September (20 a year)").
@pytest.mark.parametrize("month", ["2024-12", "2024-09"])
def test_no_printed_cell_overflows_its_column_on_a4_landscape(demo, page_as, month):
    page = printed_pack(page_as(roles.PANEL_MEMBER), f"month={month}&scope=all")
    overflowing = page.evaluate(OVERFLOWING_CELLS)
    assert not overflowing, "\n".join(overflowing)


@pytest.mark.parametrize("media", ["screen", "print"])
def test_a_long_unbroken_word_in_the_packs_commentary_wraps_within_the_page(demo, page_as, media):
    write_commentary(Indicator.objects.get(code="CLA9"), date(2024, 12, 1), "x" * 5000, None)
    page = page_as(roles.PANEL_MEMBER)
    page.set_viewport_size({"width": A4_LANDSCAPE_CONTENT_PX, "height": 800})
    page.emulate_media(media=media)
    page.goto("/scorecard/print/?month=2024-12")
    expect(page.locator("#exception-CLA9 ~ .commentary")).to_contain_text("x" * 100)
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_LANDSCAPE_CONTENT_PX


def test_the_printed_trends_are_black_and_keep_their_accessible_names(demo, page_as):
    page = printed_pack(page_as(roles.PANEL_MEMBER))
    trend = page.get_by_role("img", name=re.compile(r"^Trend of CLA9 over the 13 months to"))
    expect(trend).to_be_visible()
    expect(trend).to_have_css("color", "rgb(11, 12, 12)")
    page.screenshot(path=ARTEFACTS / "print-pack-as-printed.png", full_page=True)
