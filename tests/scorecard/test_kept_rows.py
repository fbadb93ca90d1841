"""Scorecard rows are kept between views, and never outlive what they show: a new figure,
threshold, commentary or closed action is on the very next view."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User

from indicators.commentary import write_commentary
from indicators.imports import import_extract, revert_upload
from indicators.models import DataVersion, Figure, Indicator, Threshold
from meetings.models import Action
from meetings.workflows import complete_action
from scorecard import scorecard_page
from scorecard.presenters import Scorecard
from tests.workbooks import long_workbook

DECEMBER = date(2024, 12, 1)
PAGE = "/scorecard/?month=2024-12&scope=all"


@pytest.fixture
def panel(demo, db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(User.objects.get(username="panel"))
    return client


def row(client, code, url=PAGE):
    html = client.get(url).content.decode()
    found = re.search(rf'<a href="/indicators/{code}/\?month=[^"]*">{code}</a>.*?</tr>', html, re.S)
    return found.group(0) if found else None


def test_an_imported_figure_and_its_revert_are_on_the_next_view(panel):
    assert "77.0% (154 of 200)" in row(panel, "CLA9")
    _, upload = import_extract(long_workbook(("CLA9", "2024-12", 80, 160, 200)), "fix.xlsx")
    assert "80.0% (160 of 200)" in row(panel, "CLA9")
    revert_upload(upload)
    assert "77.0% (154 of 200)" in row(panel, "CLA9")


def test_a_threshold_changed_in_the_admin_changes_the_rag_on_the_next_view(panel):
    assert '<span class="rag rag--red">Red</span>' in row(panel, "CLA9")
    for threshold in Threshold.objects.filter(indicator__code="CLA9"):
        threshold.green_at, threshold.red_at = 70, 60
        threshold.save()
    assert '<span class="rag rag--green">Green</span>' in row(panel, "CLA9")


def test_an_indicator_renamed_is_on_the_next_view(panel):
    row(panel, "CLA9")
    Indicator.objects.filter(code="CLA9").update(name="Care plans reviewed on time")
    assert "Care plans reviewed on time" in row(panel, "CLA9")


def test_new_commentary_is_on_the_next_view(panel):
    row(panel, "CLA9")
    officer = User.objects.get(username="officer")
    write_commentary(Indicator.objects.get(code="CLA9"), DECEMBER, "Two teams caught up.", officer)
    assert "Two teams caught up." in row(panel, "CLA9")


def test_closing_an_action_lowers_the_count_on_the_next_view(panel):
    action = Action.objects.open().filter(indicators__isnull=False).first()
    code = action.indicators.first().code
    count = Action.objects.open().filter(indicators__code=code).count()
    assert f'>{count}<span class="visually-hidden"> open actions' in row(panel, code)
    complete_action(action, User.objects.get(username="clerk"), "Done.")
    assert re.search(rf'class="num">(<a [^>]*>)?{count - 1}\b', row(panel, code))


def test_rows_built_while_the_figures_change_are_not_kept(panel, monkeypatch):
    class ChangedWhileBuilding(Scorecard):
        def _build_rows(self):
            rows = super()._build_rows()
            Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="").update(
                value=81, numerator=162
            )
            return rows

    monkeypatch.setattr(scorecard_page, "Scorecard", ChangedWhileBuilding)
    assert "77.0% (154 of 200)" in row(panel, "CLA9")
    monkeypatch.setattr(scorecard_page, "Scorecard", Scorecard)
    assert "81.0% (162 of 200)" in row(panel, "CLA9")


def test_only_amber_and_red_keeps_to_the_exceptions_when_the_rows_were_kept(panel):
    panel.get(PAGE)
    html = panel.get(PAGE + "&exceptions=1").content.decode()
    shown = set(re.findall(r'<a href="/indicators/(\w+)/\?month=2024-12">', html))
    exceptions = {r.indicator.code for r in Scorecard(DECEMBER, scope="all").exception_rows}
    assert shown == exceptions and exceptions


def test_the_headline_view_after_all_shows_only_headline_indicators(panel):
    panel.get(PAGE)
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    shown = set(re.findall(r'<a href="/indicators/(\w+)/\?month=2024-12">', html))
    assert shown == set(Indicator.objects.active().headline().values_list("code", flat=True))


def test_without_a_data_version_nothing_is_kept_and_every_view_is_built(panel):
    DataVersion.objects.all().delete()
    assert "77.0% (154 of 200)" in row(panel, "CLA9")
    Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="").update(value=78)
    DataVersion.objects.all().delete()  # as on a database without the triggers
    assert "78.0% (154 of 200)" in row(panel, "CLA9")
