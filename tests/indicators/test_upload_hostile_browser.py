"""The upload pages an analyst meets, in Chromium at 320px (WCAG's reflow width): a refused file,
a preview with warnings, a committed upload, its revert and the list. Each passes axe-core and
none scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from indicators import roles
from indicators.catalogue import install_catalogue
from tests.browser.conftest import (  # noqa: F401 - fixtures used by name
    check_page,
    live_server,
    page_as,
    started_chromium,
)
from tests.workbooks import long_workbook

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium for this module only, so the event loop Playwright leaves running ends with it
    (see tests/browser/conftest.py)."""
    with started_chromium() as chromium:
        yield chromium


@pytest.fixture
def phone(page_as, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    install_catalogue()
    page = page_as(roles.ANALYST)
    page.set_viewport_size({"width": 320, "height": 800})
    return page


def upload(page, *figures):
    page.goto("/indicators/uploads/new/")
    data = long_workbook(*figures)
    page.get_by_label("Extract file").set_input_files(
        {"name": "dec.xlsx", "mimeType": XLSX, "buffer": data}
    )
    page.get_by_role("button", name="Upload and preview").click()


def assert_no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at 320px"


def test_a_refused_file_is_an_error_page_that_fits_a_phone(phone, check_page):  # noqa: F811
    upload(phone, ("CLA9", "2024-12", "lots"), ("CLA99", "2024-12", 5))
    expect(phone).to_have_title(re.compile(r"^Error: Preview of dec\.xlsx"))
    expect(phone.get_by_role("alert")).to_contain_text("cell C2")
    assert_no_sideways_scroll(phone)
    check_page(phone, "upload-hostile-refused-320")


def test_a_file_sent_without_choosing_one_is_an_error_page(phone, check_page):  # noqa: F811
    phone.goto("/indicators/uploads/new/")
    phone.keyboard.press("Tab")
    phone.get_by_role("button", name="Upload and preview").focus()
    phone.keyboard.press("Enter")
    expect(phone).to_have_title(re.compile(r"^Error: Upload an extract"))
    assert_no_sideways_scroll(phone)
    check_page(phone, "upload-hostile-no-file-320")


def test_preview_commit_revert_and_the_list_fit_a_phone(phone, check_page):  # noqa: F811
    upload(phone, ("CLA9", "2024-12", 77, 154, 200), ("CLA7", "2024-12", 22.5))
    expect(phone.get_by_role("heading", name="Warnings")).to_be_visible()
    assert_no_sideways_scroll(phone)
    check_page(phone, "upload-hostile-preview-320")
    phone.get_by_role("button", name="Commit these figures").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("Committed: the figures are live.")).to_be_visible()
    assert_no_sideways_scroll(phone)
    check_page(phone, "upload-hostile-committed-320")
    phone.get_by_role("button", name="Revert this upload").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("is back as it was")).to_be_visible()
    assert_no_sideways_scroll(phone)
    check_page(phone, "upload-hostile-reverted-320")
    phone.goto("/indicators/uploads/")
    assert_no_sideways_scroll(phone)
    check_page(phone, "upload-hostile-list-320")
