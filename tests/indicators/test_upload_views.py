"""The upload flow in the web interface, and who may use it."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from indicators import roles, upload_views
from indicators.imports import commit_upload, discard_preview
from indicators.models import Figure, Indicator, Upload
from tests.workbooks import long_workbook

NOT_ANALYSTS = [roles.PANEL_MEMBER, roles.OFFICER, roles.CLERK]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def a_file(*figures, name="dec.xlsx"):
    return SimpleUploadedFile(name, long_workbook(*figures))


def good_file():
    last_year = date.today().year - 1
    return a_file(
        ("CLA9", f"{last_year}-12", 77, 154, 200), ("CLA9", f"{last_year}-11", 84, 168, 200)
    )


@pytest.fixture
def analyst(client_as, catalogue):
    return client_as(roles.ANALYST)


def upload_good_file(client):
    response = client.post(reverse("indicators:upload_new"), {"file": good_file()})
    assert response.status_code == 302
    return Upload.objects.newest_first().first()


def test_an_analyst_uploads_previews_and_commits(analyst):
    upload = upload_good_file(analyst)
    page = analyst.get(upload.get_absolute_url()).content.decode()
    assert "Preview of dec.xlsx" in page and "2 new, 0 changed, 0 unchanged" in page
    assert "Commit these figures" in page and not Figure.objects.exists()
    response = analyst.post(reverse("indicators:upload_commit", args=[upload.pk]), follow=True)
    assert "Committed: the figures are live." in response.content.decode()
    assert Figure.objects.count() == 2


def test_the_preview_lists_errors_with_their_cells_and_offers_no_commit(analyst):
    analyst.post(reverse("indicators:upload_new"), {"file": a_file(("CLA9", "2024-12", "lots"))})
    page = analyst.get(Upload.objects.get().get_absolute_url()).content.decode()
    assert "cannot be committed" in page and "C2" in page and "lots" in page
    assert "Commit these figures" not in page


def test_the_preview_shows_changed_figures_old_and_new(analyst):
    analyst.post(reverse("indicators:upload_commit", args=[upload_good_file(analyst).pk]))
    last_year = date.today().year - 1
    changed = a_file(("CLA9", f"{last_year}-12", 80, 160, 200))
    analyst.post(reverse("indicators:upload_new"), {"file": changed})
    page = analyst.get(Upload.objects.newest_first().first().get_absolute_url()).content.decode()
    assert "77.0% (154 of 200)" in page and "80.0% (160 of 200)" in page


def test_an_empty_or_oversized_file_is_refused_on_the_form(analyst, settings):
    response = analyst.post(
        reverse("indicators:upload_new"), {"file": SimpleUploadedFile("e.xlsx", b"")}
    )
    assert "file is empty" in response.content.decode()
    settings.EXTRACT_MAX_FILE_BYTES = 100
    response = analyst.post(reverse("indicators:upload_new"), {"file": good_file()})
    assert "the limit is" in response.content.decode() and not Upload.objects.exists()


def test_an_analyst_reverts_an_upload_from_its_page(analyst):
    upload = upload_good_file(analyst)
    analyst.post(reverse("indicators:upload_commit", args=[upload.pk]))
    response = analyst.post(reverse("indicators:upload_revert", args=[upload.pk]), follow=True)
    page = response.content.decode()
    assert f"Reverted: every figure that upload {upload.pk} touched is back as it was." in page
    listed = analyst.get(reverse("indicators:uploads")).content.decode()
    assert f'Revert of upload {upload.pk} <span class="hint">(dec.xlsx)</span>' in listed
    assert not Figure.objects.exists()
    refused = analyst.post(reverse("indicators:upload_revert", args=[upload.pk]), follow=True)
    assert "already been reverted" in refused.content.decode()


def test_history_lists_uploads_and_the_original_file_downloads(analyst):
    upload = upload_good_file(analyst)
    listed = analyst.get(reverse("indicators:uploads")).content.decode()
    assert "dec.xlsx" in listed
    assert f'<a href="{upload.get_absolute_url()}">Upload {upload.pk}</a>' in listed
    response = analyst.get(reverse("indicators:upload_file", args=[upload.pk]))
    assert b"".join(response.streaming_content) == upload.file.open("rb").read()
    assert "attachment" in response["Content-Disposition"]


def test_the_indicator_page_shows_each_figures_history(analyst, client_as):
    analyst.post(reverse("indicators:upload_commit", args=[upload_good_file(analyst).pk]))
    page = client_as(roles.PANEL_MEMBER).get(reverse("indicator", args=["CLA9"]))
    text = page.content.decode()
    assert "Figure history" in text and "No figure held" in text and "77.0%" in text
    assert "analyst" in text


def test_the_template_has_every_active_indicator_and_twelve_month_columns(analyst):
    response = analyst.get(reverse("indicators:upload_template"))
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["Scorecard"]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["Code", "Indicator"] and len(headers) == 14
    assert all(hasattr(h, "month") for h in headers[2:])
    assert sheet.max_row == 39
    assert sheet["C2"].number_format in ("#,##0", "0", "0.0")
    assert "How to fill this in" in workbook.sheetnames


def test_an_indicator_name_that_looks_like_a_formula_stays_text_in_the_template(analyst):
    Indicator.objects.filter(code="CLA9").update(name='=HYPERLINK("http://evil")')
    response = analyst.get(reverse("indicators:upload_template"))
    sheet = load_workbook(BytesIO(response.content))["Scorecard"]
    [name] = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "CLA9"]
    assert (name.value, name.data_type) == ('=HYPERLINK("http://evil")', "s")


# The permission ladder: anonymous, wrong roles, right role, wrong method.

WRITE_VIEWS = ["indicators:upload_commit", "indicators:upload_revert"]


@pytest.mark.parametrize("role", [None, *NOT_ANALYSTS])
def test_only_analysts_may_upload(client_as, catalogue, role):
    response = client_as(role).post(reverse("indicators:upload_new"), {"file": good_file()})
    assert response.status_code == (302 if role is None else 403)
    assert not Upload.objects.exists()


@pytest.mark.parametrize("name", WRITE_VIEWS)
@pytest.mark.parametrize("role", [None, *NOT_ANALYSTS])
def test_only_analysts_may_commit_or_revert(client_as, analyst, name, role):
    upload = upload_good_file(analyst)
    response = client_as(role).post(reverse(name, args=[upload.pk]))
    assert response.status_code == (302 if role is None else 403)
    if role is None:
        assert response.url.startswith(reverse("login"))
    assert not Figure.objects.exists()


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_commit_and_revert_refuse_get(analyst, name):
    upload = upload_good_file(analyst)
    assert analyst.get(reverse(name, args=[upload.pk])).status_code == 405


def test_unknown_uploads_are_not_found(analyst):
    for name in ["indicators:upload", "indicators:upload_file"]:
        assert analyst.get(reverse(name, args=[99999999999999])).status_code == 404


BUTTONS = {
    "indicators:upload_commit": "Nothing was committed.",
    "indicators:upload_revert": "Nothing was reverted.",
    "indicators:upload_discard": "There is nothing left to discard.",
}
GONE = "That preview no longer exists: it was discarded, perhaps in another tab."


@pytest.mark.parametrize("name", BUTTONS)
def test_a_button_pressed_for_an_upload_that_no_longer_exists_says_so_and_shows_the_list(
    analyst, name
):
    response = analyst.post(reverse(name, args=[99999999999999]), follow=True)
    assert response.redirect_chain == [(reverse("indicators:uploads"), 302)]
    assert f"{GONE} {BUTTONS[name]}" in response.content.decode()


@pytest.mark.parametrize("name", BUTTONS)
@pytest.mark.parametrize("role", [None, *NOT_ANALYSTS])
def test_a_button_for_an_upload_that_no_longer_exists_still_asks_who_pressed_it_first(
    client_as, catalogue, name, role
):
    response = client_as(role).post(reverse(name, args=[99999999999999]))
    assert response.status_code == (302 if role is None else 403)
    if role is None:
        assert response.url.startswith(reverse("login"))


def test_commit_pressed_in_a_second_tab_after_a_discard_in_the_first_commits_nothing(analyst):
    upload = upload_good_file(analyst)
    first_tab = discard(analyst, upload, follow=True)
    assert "Discarded the preview of dec.xlsx" in first_tab.content.decode()
    second_tab = analyst.post(reverse("indicators:upload_commit", args=[upload.pk]), follow=True)
    assert second_tab.redirect_chain == [(reverse("indicators:uploads"), 302)]
    assert f"{GONE} Nothing was committed." in second_tab.content.decode()
    assert "Discarded the preview" not in second_tab.content.decode()
    assert not Figure.objects.exists() and not Upload.objects.exists()


def test_discard_pressed_again_in_a_second_tab_says_the_preview_is_already_gone(analyst):
    upload = upload_good_file(analyst)
    discard(analyst, upload)
    again = discard(analyst, upload, follow=True)
    assert again.redirect_chain == [(reverse("indicators:uploads"), 302)]
    assert f"{GONE} There is nothing left to discard." in again.content.decode()


def test_a_figure_changed_by_less_than_it_shows_is_told_apart_before_and_after(analyst):
    last_year = date.today().year - 1
    held = a_file(("CLA9", f"{last_year}-12", Decimal("94.96"), 2374, 2500))
    analyst.post(reverse("indicators:upload_new"), {"file": held})
    analyst.post(reverse("indicators:upload_commit", args=[Upload.objects.get().pk]))
    revised = a_file(("CLA9", f"{last_year}-12", Decimal("95.04"), 2376, 2500))
    analyst.post(reverse("indicators:upload_new"), {"file": revised})
    upload = Upload.objects.newest_first().first()
    preview = analyst.get(upload.get_absolute_url()).content.decode()
    assert "this file changes it to 95.04%, which turns it from Amber to Green." in preview
    assert "<td>94.96% (2,374 of 2,500)</td><td>95.04% (2,376 of 2,500)</td>" in preview
    analyst.post(reverse("indicators:upload_commit", args=[upload.pk]))
    written = analyst.get(upload.get_absolute_url()).content.decode()
    assert "<td>94.96%</td><td>95.04%</td>" in written
    history = analyst.get(f"/indicators/CLA9/?month={last_year}-12").content.decode()
    assert re.search(r"<td>94\.96%</td>\s*<td>95\.04%</td>", history)


def test_the_preview_lists_new_figures_as_well_as_changed_ones(analyst):
    analyst.post(reverse("indicators:upload_commit", args=[upload_good_file(analyst).pk]))
    last_year = date.today().year - 1
    both = a_file(
        ("CLA9", f"{last_year}-12", 80, 160, 200),
        ("CLA9", f"{last_year}-12", 75, 6, 8, "team", "<b>North</b>"),
    )
    analyst.post(reverse("indicators:upload_new"), {"file": both})
    page = analyst.get(Upload.objects.newest_first().first().get_absolute_url()).content.decode()
    table = re.search(r"Figures this file changes or adds</h2>.*?</table>", page, re.S)[0]
    rows = re.findall(r"<tr><td>CLA9</td>(.*?)</tr>", table)
    assert len(rows) == 2
    assert rows[0].startswith(f"<td>Dec {last_year}</td><td>Headline</td><td>77.0% (154 of 200)")
    assert "<td>team: &lt;b&gt;North&lt;/b&gt;</td><td>No figure held</td>" in rows[1]
    assert "are listed" not in page  # all of them are


def test_a_long_preview_says_how_many_of_its_figures_it_lists(analyst, monkeypatch):
    monkeypatch.setattr("indicators.imports.MAX_CHANGED_SHOWN", 1)
    upload_good_file(analyst)
    page = analyst.get(Upload.objects.get().get_absolute_url()).content.decode()
    assert "The first 1 of 2 are listed, changed figures first." in page


def test_a_committed_upload_no_longer_offers_to_commit_beside_its_warnings(analyst):
    last_year = date.today().year - 1
    analyst.post(reverse("indicators:upload_new"), {"file": a_file(("CLA7", f"{last_year}-12", 3))})
    upload = Upload.objects.get()
    assert "You can still commit" in analyst.get(upload.get_absolute_url()).content.decode()
    analyst.post(reverse("indicators:upload_commit", args=[upload.pk]))
    page = analyst.get(upload.get_absolute_url()).content.decode()
    assert "You can still commit" not in page
    assert "The preview warned of these before the file was committed." in page


def test_the_upload_form_answers_only_get_and_post(analyst):
    assert analyst.put(reverse("indicators:upload_new")).status_code == 405
    assert analyst.get(reverse("indicators:upload_new")).status_code == 200


def test_an_upload_sent_without_a_file_is_answered_by_the_page_not_the_browser(analyst):
    form = analyst.get(reverse("indicators:upload_new")).content.decode()
    assert re.search(r'<form method="post"[^>]* novalidate>', form)
    page = analyst.post(reverse("indicators:upload_new"), {}).content.decode()
    assert '<li><a href="#id_file">Choose the extract file to upload.</a></li>' in page


# Refused previews, and discarding a preview.


def upload_refused_file(client, *bad_values):
    figures = [("CLA9", "2024-12", value) for value in bad_values]
    client.post(reverse("indicators:upload_new"), {"file": a_file(*figures, name="bad.xlsx")})
    return Upload.objects.newest_first().first()


def discard(client, upload, **kwargs):
    return client.post(reverse("indicators:upload_discard", args=[upload.pk]), **kwargs)


def test_a_refused_preview_reads_as_refused_with_its_errors_counted(analyst):
    upload_good_file(analyst)
    three = upload_refused_file(analyst, "lots", "many", "loads")
    one = upload_refused_file(analyst, "lots")
    listed = analyst.get(reverse("indicators:uploads")).content.decode()
    assert "<td>Refused: 3 errors</td>" in listed and "<td>Refused: 1 error</td>" in listed
    assert listed.count('<span class="visually-hidden">None: the file was refused</span>') == 2
    assert listed.count("Previewed, not committed") == 1  # the good file, waiting
    page = analyst.get(three.get_absolute_url()).content.decode()
    assert '<span class="caption">Refused: 3 errors</span>' in page
    assert "Previewed, not committed" not in page and "Discard this preview" in page
    assert "Refused: 1 error<" in analyst.get(one.get_absolute_url()).content.decode()


def test_a_refused_preview_says_no_figures_will_be_written_beside_the_sheets_it_read(analyst):
    # Read as three figures, then refused: a value given with the status "unavailable".
    rows = [("CLA9", "2024-10", 70, "unavailable"), ("CLA9", "2024-11", 71)]
    data = long_workbook(
        *rows, ("CLA9", "2024-12", 72), header=["indicator", "period", "value", "status"]
    )
    analyst.post(reverse("indicators:upload_new"), {"file": SimpleUploadedFile("x.xlsx", data)})
    upload = Upload.objects.get()
    assert upload.is_refused
    page = analyst.get(upload.get_absolute_url()).content.decode()
    assert "<dt>Figures</dt><dd>None will be written: the file was refused</dd>" in page
    assert "0 new" not in page
    sheets = re.search(r"Sheets read</h2>.*?</table>", page, re.S)[0]
    assert '<td>Data</td><td>long</td><td>1</td><td class="num">3</td>' in sheets


def test_an_analyst_discards_a_preview_and_its_stored_file(
    analyst, django_capture_on_commit_callbacks
):
    upload = upload_good_file(analyst)
    page = analyst.get(upload.get_absolute_url()).content.decode()
    discard_form = r'action="/indicators/uploads/\d+/discard/"[^>]*>\s*<input type="hidden"'
    assert re.search(discard_form, page)
    stored = upload.file
    assert stored.storage.exists(stored.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = discard(analyst, upload, follow=True)
    assert response.redirect_chain == [(reverse("indicators:uploads"), 302)]
    assert "Discarded the preview of dec.xlsx: it and its file are deleted." in (
        response.content.decode()
    )
    assert not Upload.objects.exists() and not stored.storage.exists(stored.name)


def test_a_refused_preview_can_be_discarded(analyst, django_capture_on_commit_callbacks):
    upload = upload_refused_file(analyst, "lots")
    with django_capture_on_commit_callbacks(execute=True):
        response = discard(analyst, upload, follow=True)
    assert "Discarded the preview of bad.xlsx" in response.content.decode()
    assert not Upload.objects.exists() and not upload.file.storage.exists(upload.file.name)


def test_a_commit_that_finds_its_preview_discarded_meanwhile_says_so(analyst, monkeypatch):
    """Two tabs: one discards the preview while the other's commit is on its way."""
    upload = upload_good_file(analyst)

    def discarded_first(preview, user):
        discard_preview(preview)
        return commit_upload(preview, user)

    monkeypatch.setattr(upload_views, "commit_upload", discarded_first)
    response = analyst.post(reverse("indicators:upload_commit", args=[upload.pk]), follow=True)
    assert response.redirect_chain == [(reverse("indicators:uploads"), 302)]
    assert f"{GONE} Nothing was committed." in response.content.decode()
    assert not Figure.objects.exists() and not Upload.objects.exists()


def test_committed_and_reverted_uploads_and_reverts_cannot_be_discarded(analyst):
    upload = upload_good_file(analyst)
    analyst.post(reverse("indicators:upload_commit", args=[upload.pk]))
    assert "Discard this preview" not in analyst.get(upload.get_absolute_url()).content.decode()
    refused = discard(analyst, upload, follow=True)
    assert refused.redirect_chain == [(upload.get_absolute_url(), 302)]
    assert "This upload has been committed, so it cannot be discarded." in (
        refused.content.decode()
    )
    analyst.post(reverse("indicators:upload_revert", args=[upload.pk]))
    assert "later reverted, so it cannot be discarded" in (
        discard(analyst, upload, follow=True).content.decode()
    )
    revert = Upload.objects.get(kind="revert")
    assert "A revert cannot be discarded" in discard(analyst, revert, follow=True).content.decode()
    assert Upload.objects.count() == 2 and upload.file.storage.exists(upload.file.name)
    assert Figure.objects.count() == 0  # the revert's work is left as it was


@pytest.mark.parametrize("role", [None, *NOT_ANALYSTS])
def test_only_analysts_may_discard_a_preview(client_as, analyst, role):
    upload = upload_good_file(analyst)
    response = discard(client_as(role), upload)
    assert response.status_code == (302 if role is None else 403)
    if role is None:
        assert response.url.startswith(reverse("login"))
    assert Upload.objects.filter(pk=upload.pk).exists()
    assert upload.file.storage.exists(upload.file.name)


def test_discarding_refuses_get(analyst):
    upload = upload_good_file(analyst)
    assert analyst.get(reverse("indicators:upload_discard", args=[upload.pk])).status_code == 405
    assert Upload.objects.filter(pk=upload.pk).exists()


def test_the_upload_list_takes_the_same_queries_however_many_uploads(analyst):
    def add_one_of_each():
        committed = upload_good_file(analyst)
        analyst.post(reverse("indicators:upload_commit", args=[committed.pk]))
        analyst.post(reverse("indicators:upload_revert", args=[committed.pk]))
        upload_good_file(analyst)
        upload_refused_file(analyst, "lots")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert analyst.get(reverse("indicators:uploads")).status_code == 200
        return len(context)

    add_one_of_each()
    few = queries()
    for _ in range(3):
        add_one_of_each()
    assert queries() == few


def test_a_file_with_the_same_error_in_many_rows_lists_the_first_hundred_and_counts_the_rest(
    analyst,
):
    rows = [("CLA9", "2024-12", "lots")] * 130
    analyst.post(reverse("indicators:upload_new"), {"file": a_file(*rows)})
    page = analyst.get(Upload.objects.get().get_absolute_url()).content.decode()
    assert "Values that are not numbers (130)" in page
    assert page.count("the value &#x27;lots&#x27; is not a number") == 100
    assert "cell C101:" in page and "cell C102:" not in page
    assert "The first 100 are listed; 30 more of the same kind are not shown." in page
