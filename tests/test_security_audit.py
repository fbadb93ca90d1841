"""What a hostile user of each role could try, and what stops it (found in a security review)."""

import csv
import io
import struct
import tracemalloc
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from indicators import roles
from indicators.models import Figure, Indicator, Upload
from meetings.rendering import LINK_ADDRESS_LIMIT, LINK_TEXT_LIMIT, render_minutes
from tests.test_url_access import meeting_samples
from tests.workbooks import long_workbook

# OWASP's formula starts include a tab and a carriage return, which a spreadsheet may skip.
HIDDEN_FORMULAS = ['\t=HYPERLINK("http://evil.example","x")', "\r=1+1"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def csv_cells(text):
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def test_text_behind_a_tab_or_carriage_return_is_quoted_in_the_extract_and_read_back(
    catalogue, tmp_path
):
    source = tmp_path / "in.csv"  # a worksheet's XML would read the carriage return as \n
    rows = [("CLA9", f"2024-{m:02d}", 80, text) for m, text in enumerate(HIDDEN_FORMULAS, 1)]
    with open(source, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["indicator", "period", "value", "commentary"], *rows])
    call_command("import_extract", str(source))
    output = tmp_path / "out.csv"
    call_command("export_extract", output=str(output))
    cells = csv_cells(output.read_bytes().decode())
    assert all(f"'{text}" in cells for text in HIDDEN_FORMULAS)
    call_command("import_extract", str(output))
    assert Upload.objects.newest_first().first().changed_count == 0
    assert sorted(Figure.objects.values_list("commentary", flat=True)) == sorted(HIDDEN_FORMULAS)


def test_text_behind_a_tab_is_quoted_in_the_scorecard_and_action_log_csv(
    client_as, users, catalogue
):
    Figure.objects.create(
        indicator=Indicator.objects.get(code="CLA9"), month=date(2024, 12, 1), value=None,
        status="unavailable", status_reason=HIDDEN_FORMULAS[0],
    )  # fmt: skip
    _meeting, _item, action = meeting_samples(users)
    action.description = HIDDEN_FORMULAS[1]
    action.save()
    client = client_as(roles.PANEL_MEMBER)
    scorecard = client.get("/scorecard/scorecard.csv?month=2024-12&scope=all").content.decode()
    assert f"'{HIDDEN_FORMULAS[0]}" in csv_cells(scorecard)
    log = client.get("/meetings/actions/export.csv?show=all").content.decode()
    assert f"'{HIDDEN_FORMULAS[1]}" in csv_cells(log)


def workbook_whose_sheet_lies_about_its_size(inflated_mb, stated=2000):
    """A workbook whose sheet's XML inflates to `inflated_mb` MB while the zip's headers say it
    is `stated` bytes, so the zip-bomb check, which adds up the stated sizes, passes it."""
    source = zipfile.ZipFile(io.BytesIO(long_workbook(("CLA9", "2024-12", 80))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            with bomb.open(info.filename, "w") as part:
                part.write(source.read(info.filename))
                if info.filename == "xl/worksheets/sheet1.xml":
                    for _ in range(inflated_mb):
                        part.write(b" " * 1024 * 1024)
    data = bytearray(buffer.getvalue())
    written = zipfile.ZipFile(io.BytesIO(bytes(data)))
    sheet = written.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, sheet.header_offset + 22, stated)  # the local header
    entry = data.find(sheet.filename.encode(), written.start_dir) - 46
    struct.pack_into("<I", data, entry + 24, stated)  # the central directory
    return bytes(data)


def test_a_workbook_that_lies_about_its_unpacked_size_is_refused_without_unpacking_it(
    client_as, catalogue
):
    upload = SimpleUploadedFile("bomb.xlsx", workbook_whose_sheet_lies_about_its_size(100))
    tracemalloc.start()
    try:
        response = client_as(roles.ANALYST).post(reverse("indicators:upload_new"), {"file": upload})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024  # not the 100 MB the sheet would unpack to
    assert response.status_code == 302
    assert "The workbook is damaged" in Upload.objects.get().summary["errors"][0]["message"]


def test_a_file_whose_name_is_mostly_extension_is_kept_and_downloads(client_as, catalogue):
    name = "x." + "b" * 98
    client = client_as(roles.ANALYST)
    upload = SimpleUploadedFile(name, long_workbook(("CLA9", "2024-12", 80)))
    response = client.post(reverse("indicators:upload_new"), {"file": upload})
    assert response.status_code == 302
    kept = Upload.objects.get()
    assert kept.file_name == name
    download = client.get(reverse("indicators:upload_file", args=[kept.pk]))
    assert download.status_code == 200 and name in download["Content-Disposition"]


def test_an_upload_whose_kept_file_is_missing_says_so_rather_than_failing(client_as, catalogue):
    upload = Upload(file_name="x.csv", state="committed", committed_at="2024-12-01T00:00Z")
    upload.file.save("x.csv", ContentFile(b"indicator,period,value\n"), save=True)
    upload.file.storage.delete(upload.file.name)  # a server whose MEDIA_ROOT is not shared
    response = client_as(roles.ANALYST).get(reverse("indicators:upload_file", args=[upload.pk]))
    assert response.status_code == 404
    assert "missing from the server" in response.content.decode()


def test_minutes_of_many_brackets_show_every_bracket_and_keep_their_links(client_as, users):
    meeting, item, _action = meeting_samples(users)
    item.minutes = "See [the report](https://example.org/r).\n\n" + "[" * 10_000
    item.save()
    response = client_as(roles.PANEL_MEMBER).get(reverse("meetings:meeting", args=[meeting.pk]))
    page = response.content.decode()
    assert "[" * 10_000 in page
    assert '<a href="https://example.org/r" rel="noopener noreferrer nofollow">the report' in page


def test_a_links_words_are_looked_for_only_so_far_from_its_bracket():
    # Looking from every "[" to the end of its block made 10,000 "[" take 18 seconds a view.
    near, far = "a" * (LINK_TEXT_LIMIT - 10), "a" * LINK_TEXT_LIMIT
    assert '<a href="https://example.org/near"' in render_minutes(
        f"[{near}](https://example.org/near)"
    )
    assert "<a " not in render_minutes(f"[{far}](https://example.org/far)")


def test_a_links_address_is_looked_for_only_so_far_from_its_bracket():
    # Looking from every "(" to the end of its block made 12,500 "[a](" take 42 seconds a view.
    near = "https://example.org/" + "a" * (LINK_ADDRESS_LIMIT - 30)
    far = "https://example.org/" + "a" * LINK_ADDRESS_LIMIT
    assert f'<a href="{near}"' in render_minutes(f"[near]({near})")
    assert "<a " not in render_minutes(f"[far]({far})")


def test_minutes_rendered_once_are_not_rendered_again_for_the_next_view():
    text = "RESOLVED: the panel noted [the report](https://example.org/r)."
    first = render_minutes(text, "the minutes of item 1")
    hits = render_minutes.cache_info().hits
    assert render_minutes(text, "the minutes of item 1") is first
    assert render_minutes.cache_info().hits == hits + 1


def test_long_minutes_of_links_and_bracketed_names_keep_every_link():
    lines = [
        f"[Child A] was discussed; see [report {n}](https://example.org/{n})." for n in range(100)
    ]
    shown = render_minutes("\n".join(lines))
    assert shown.count('<a href="https://example.org/') == 100
    assert shown.count("[Child A]") == 100


def test_brackets_in_code_are_shown_as_typed():
    assert "<code>a[0]</code>" in render_minutes("`a[0]` and [[")


@pytest.mark.parametrize(
    "page, said",
    [("login", "The username or password is not right"),
     ("admin:login", "The username or password is not right, or this account may not use")],
)  # fmt: skip
def test_a_username_too_long_for_any_account_is_told_it_is_not_right(client, users, page, said):
    response = client.post(reverse(page), {"username": "a" * 300, "password": "x"})
    assert response.status_code == 200
    assert said in response.content.decode()
    assert "_auth_user_id" not in client.session


PAGED = {"/meetings/actions/": ("table", 50), "/indicators/CLA9/": ("figures", 24)}


@pytest.mark.parametrize("page", sorted(PAGED))
def test_a_page_size_in_the_address_is_ignored_and_a_page_past_the_end_shows_the_last(
    client_as, users, catalogue, page
):
    meeting_samples(users)
    table, rows = PAGED[page]
    client = client_as(roles.PANEL_MEMBER)
    for size in ("-1", "1", "100000"):
        response = client.get(f"{page}?per_page={size}&page=2")
        assert response.status_code == 200, size
        shown = response.context[table]
        assert shown.paginator.per_page == rows
        assert shown.page.number == shown.paginator.num_pages
