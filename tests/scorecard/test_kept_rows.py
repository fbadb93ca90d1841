"""Scorecard rows are kept between views, and never outlive what they show: a new figure,
threshold, commentary or closed action is on the very next view."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches

from indicators.commentary import write_commentary
from indicators.imports import import_extract, revert_upload
from indicators.models import Benchmark, DataVersion, Figure, Indicator, Threshold
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


ROW_LINK = r'<th scope="row" class="indicator-cell"><a href="/indicators/(\w+)/\?month=2024-12">'


def row(client, code, url=PAGE):
    html = client.get(url).content.decode()
    link = rf'<th scope="row" class="indicator-cell"><a href="/indicators/{code}/\?month=[^"]*">'
    found = re.search(rf"{link}{code}</a>.*?</tr>", html, re.S)
    return found.group(0) if found else None


def test_an_imported_figure_and_its_revert_are_on_the_next_view(panel):
    assert "77.0% (154 of 200)" in row(panel, "CLA9")
    _, upload = import_extract(long_workbook(("CLA9", "2024-12", 80, 160, 200)), "fix.xlsx")
    assert "80.0% (160 of 200)" in row(panel, "CLA9")
    revert_upload(upload)
    assert "77.0% (154 of 200)" in row(panel, "CLA9")


def test_a_threshold_changed_in_the_admin_changes_the_rag_on_the_next_view(panel, client):
    assert '<span class="rag rag--red">Red</span>' in row(panel, "CLA9")
    in_force = Threshold.objects.filter(indicator__code="CLA9", effective_from__lte=DECEMBER)
    threshold = in_force.order_by("-effective_from").first()
    client.force_login(User.objects.get(username="analyst"))
    response = client.post(
        f"/admin/indicators/threshold/{threshold.pk}/change/",
        {"indicator": threshold.indicator_id, "effective_from": threshold.effective_from,
         "green_at": 70, "red_at": 60, "target": 70, "_save": "Save"},
    )  # fmt: skip
    assert response.status_code == 302
    client.force_login(User.objects.get(username="panel"))
    assert '<span class="rag rag--green">Green</span>' in row(panel, "CLA9")


def test_a_new_england_benchmark_is_on_the_next_view(panel):
    row(panel, "CLA9")
    indicator = Indicator.objects.get(code="CLA9")
    Benchmark.objects.create(indicator=indicator, source="england", year=2024, value="88.8")
    assert "88.8% (2024)" in row(panel, "CLA9")


def test_a_newly_imported_month_becomes_the_scorecards_month_with_its_highlights(panel):
    before = panel.get("/scorecard/").content.decode()
    assert "January 2025" not in before
    import_extract(long_workbook(("CLA9", "2025-01", 40, 80, 200)), "january.xlsx")
    after = panel.get("/scorecard/").content.decode()
    assert '<option value="2025-01" selected>January 2025</option>' in after
    assert "Scorecard: January 2025" in after
    highlights = after[after.index('id="highlights-heading"') : after.index("<table")]
    assert "Children looked after with an up-to-date care plan fell from" in highlights
    assert "to 40.0% in January 2025" in highlights


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
    assert f'>{count}<span class="visually-hidden"> open action' in row(panel, code)
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

    kept = caches["scorecard"]
    stored = []
    monkeypatch.setattr(kept, "set_many", lambda entries: stored.extend(entries))
    monkeypatch.setattr(scorecard_page, "Scorecard", ChangedWhileBuilding)
    assert "77.0% (154 of 200)" in row(panel, "CLA9")
    assert stored and not [key for key in stored if ":row:" in key or ":highlights:" in key]
    monkeypatch.setattr(scorecard_page, "Scorecard", Scorecard)
    assert "81.0% (162 of 200)" in row(panel, "CLA9")


def test_only_amber_and_red_keeps_to_the_exceptions_when_the_rows_were_kept(panel):
    panel.get(PAGE)
    html = panel.get(PAGE + "&exceptions=1").content.decode()
    shown = set(re.findall(ROW_LINK, html))
    exceptions = {r.indicator.code for r in Scorecard(DECEMBER, scope="all").exception_rows}
    assert shown == exceptions and exceptions


@pytest.mark.parametrize("unticked", ["0", "false", "off", "OFF", ""])
def test_only_amber_and_red_is_off_when_the_address_says_so(panel, unticked):
    html = panel.get(PAGE + f"&exceptions={unticked}").content.decode()
    assert set(re.findall(ROW_LINK, html)) == {i.code for i in Indicator.objects.active()}


def test_the_headline_view_after_all_shows_only_headline_indicators(panel):
    panel.get(PAGE)
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    shown = set(re.findall(ROW_LINK, html))
    assert shown == set(Indicator.objects.active().headline().values_list("code", flat=True))


def test_without_a_data_version_nothing_is_kept_and_every_view_is_built(panel):
    DataVersion.objects.all().delete()
    assert "77.0% (154 of 200)" in row(panel, "CLA9")
    Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="").update(value=78)
    DataVersion.objects.all().delete()  # as on a database without the triggers
    assert "78.0% (154 of 200)" in row(panel, "CLA9")


def test_amber_and_red_on_the_headline_view_counts_the_others_when_headline_rows_were_kept(
    panel,
):
    headline = panel.get("/scorecard/?month=2024-12").content.decode()
    html = panel.get("/scorecard/?month=2024-12&exceptions=on").content.decode()
    card = Scorecard(DECEMBER, scope="all")
    left_out = [r for r in card.exception_rows if not r.indicator.is_headline]
    assert f'<p id="more-exceptions">{len(left_out)} more indicators rated' in html
    shown = set(re.findall(ROW_LINK, html))
    assert shown == {r.indicator.code for r in card.exception_rows if r.indicator.is_headline}
    start = headline.index('id="highlights-heading"')
    highlights = headline[start : headline.index("</section>", start)]
    assert highlights in html  # the headline highlights, though every row was read


def test_a_month_no_longer_the_latest_says_its_open_actions_are_those_open_now(panel):
    assert ">Open actions</th>" in panel.get("/scorecard/?month=2024-12").content.decode()
    import_extract(long_workbook(("CLA9", "2025-01", 40, 80, 200)), "january.xlsx")
    html = panel.get("/scorecard/?month=2024-12").content.decode()
    assert ">Open actions now</th>" in html and " open action about " not in html
    assert re.search(r"> actions? open now about \w+</span>", html)


def test_commentary_written_takes_the_link_to_write_it_off_the_officers_next_view(panel, client):
    client.force_login(User.objects.get(username="officer"))
    link = 'href="/scorecard/commentary/AD7/2024-12/"'
    assert link in row(client, "AD7")
    officer = User.objects.get(username="officer")
    write_commentary(Indicator.objects.get(code="AD7"), DECEMBER, "Two were delayed.", officer)
    written = row(client, "AD7")
    assert link not in written and "Two were delayed." in written
