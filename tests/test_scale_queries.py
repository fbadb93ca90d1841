"""Pages and exports whose work must not grow faster than their rows, measured at two sizes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl.worksheet.worksheet import Worksheet

from indicators import roles
from indicators.models import FigureRevision, Indicator, Upload
from meetings.models import Committee
from meetings.workflows import add_update
from tests.meetings.conftest import item_of, meeting_on, raise_action

# A big extract's summary: its first 1,000 changed figures, its warnings and its months.
BIG_SUMMARY = {"changed": [{"code": "CLA9", "note": "x" * 200}] * 1000}


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return context


@pytest.fixture
def panel(client_as):
    return client_as(roles.PANEL_MEMBER)


@pytest.fixture
def sheet_scans(monkeypatch):
    """How many times a worksheet's last row was looked for: each look reads every cell."""
    looks = []
    max_row = Worksheet.max_row

    def counted(sheet):
        looks.append(1)
        return max_row.fget(sheet)

    monkeypatch.setattr(Worksheet, "max_row", property(counted))
    return looks


def add_actions(count, users):
    committee, _ = Committee.objects.get_or_create(code="CPP")
    item = item_of(meeting_on(committee, -count))
    for _ in range(count):
        action = raise_action(item, users[roles.OFFICER])
        add_update(action, users[roles.OFFICER], "Started.", "in_progress")


def test_the_action_logs_workbook_takes_the_same_queries_and_sheet_scans_for_3_or_30_actions(
    panel, users, sheet_scans
):
    counts = []
    for count in (3, 27):
        add_actions(count, users)
        sheet_scans.clear()
        queries = queries_for(panel, reverse("meetings:action_export_xlsx"), {"show": "all"})
        counts.append((len(queries), len(sheet_scans)))
    assert counts[0] == counts[1]


def revise(indicator, uploads, months):
    """`uploads` committed uploads, each with a big summary, that each revised `months`
    figures of the indicator."""
    for _ in range(uploads):
        upload = Upload.objects.create(
            state=Upload.State.COMMITTED, committed_at=timezone.now(), summary=BIG_SUMMARY
        )
        FigureRevision.objects.bulk_create(
            FigureRevision(upload=upload, indicator=indicator, month=date(2015, n + 1, 1),
                           existed_before=False, value=n)
            for n in range(months)
        )  # fmt: skip


def test_the_indicator_pages_figure_history_reads_no_uploads_summary_for_2_or_20_uploads(
    catalogue, panel
):
    indicator = Indicator.objects.get(code="CLA9")
    counts = []
    for uploads in (2, 18):
        revise(indicator, uploads, months=12)
        queries = queries_for(panel, indicator.get_absolute_url())
        counts.append(len(queries))
        history = [q["sql"] for q in queries if "indicators_figurerevision" in q["sql"]]
        assert history and not any('"indicators_upload"."summary"' in sql for sql in history)
        assert not any('"indicators_upload"."planned"' in sql for sql in history)
    assert counts[0] == counts[1]


def test_the_catalogue_makes_the_same_queries_for_38_or_338_indicators(catalogue, panel):
    counts = [len(queries_for(panel, reverse("indicators:catalogue")))]
    Indicator.objects.bulk_create(
        Indicator(code=f"X{n}", name=f"Local indicator {n}", service_area="Local", unit="count",
                  polarity="neutral", period_type="snapshot", precision=0)
        for n in range(300)
    )  # fmt: skip
    for page in (1, 4):
        counts.append(len(queries_for(panel, reverse("indicators:catalogue"), {"page": page})))
    assert counts[0] == counts[1] == counts[2]
