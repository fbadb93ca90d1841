"""Commits that race, and a commit that dies half-way: PostgreSQL only (row locks, processes)."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from openpyxl import Workbook

from indicators.catalogue import install_catalogue
from indicators.imports import import_extract
from indicators.models import Figure, FigureRevision, Indicator, Upload
from tests.workbooks import long_workbook

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 1, 15)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
        reason="needs PostgreSQL (CI sets DATABASE_URL); SQLite has no row locks",
    ),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    install_catalogue()


def import_in_thread(data, name, start, results):
    try:
        start.wait()
        preview, upload = import_extract(data, name, today=TODAY)
        results[name] = (preview.ok, upload.pk if upload else None)
    finally:
        connections.close_all()


def test_two_commits_of_the_same_figures_at_once_end_as_if_one_ran_after_the_other():
    rows = [
        (code, f"2024-{m:02d}", 60 + m) for code in ("CLA9", "CLA10", "F4") for m in range(1, 13)
    ]
    first = long_workbook(*rows)
    second = long_workbook(*[(code, period, value + 10) for code, period, value in rows])
    start, results = threading.Barrier(2), {}
    threads = [
        threading.Thread(target=import_in_thread, args=(data, name, start, results))
        for data, name in ((first, "first.xlsx"), (second, "second.xlsx"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results["first.xlsx"][0] and results["second.xlsx"][0]
    uploads = list(Upload.objects.order_by("committed_at"))
    assert len(uploads) == 2, "both commits are recorded"
    earlier, later = uploads
    assert earlier.created_count == 36 and later.changed_count == 36
    for figure in Figure.objects.all():
        revisions = FigureRevision.objects.filter(
            indicator=figure.indicator, month=figure.month
        ).order_by("upload__committed_at")
        assert revisions.count() == 2, "no revision is lost"
        created, changed = revisions
        assert created.existed_before is False
        assert changed.value_before == created.value, "the later commit saw the earlier one"
        assert figure.value == changed.value


def big_workbook(path, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(["indicator", "period", "value", "breakdown", "category"])
    codes = list(Indicator.objects.filter(unit="count").values_list("code", flat=True))
    for index in range(rows):
        code = codes[index % len(codes)]
        month = 1 + (index // len(codes)) % 12
        sheet.append([code, f"2024-{month:02d}", index % 500, "team", f"Team {index}"])
    workbook.save(path)


def manage(*args):
    settings_db = connection.settings_dict
    url = f"postgres://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}/{settings_db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-only", "DEBUG": ""}
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def writing_figures():
    with connection.cursor() as cursor:
        cursor.execute(
            # The import runs in one transaction: any open transaction of another backend on
            # this database is the import at work (locking, comparing or copying).
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND datname = current_database() AND xact_start IS NOT NULL "
            "AND query ILIKE '%%indicators_%%'"
        )
        return cursor.fetchone()[0] > 0


def test_an_import_killed_during_its_commit_leaves_no_trace_and_the_next_succeeds(tmp_path):
    path = tmp_path / "big.xlsx"
    big_workbook(path, 60_000)
    process = manage("import_extract", str(path))
    deadline = time.monotonic() + 120
    while not writing_figures():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert not Figure.objects.exists()
    assert not Upload.objects.exists() and not FigureRevision.objects.exists()

    retry = manage("import_extract", str(path))
    _out, err = retry.communicate(timeout=300)
    assert retry.returncode == 0, err
    assert Figure.objects.count() == 60_000 and Upload.objects.count() == 1


def test_reloading_the_catalogue_during_an_import_waits_for_it_instead_of_deadlocking():
    # The catalogue updates this indicator last; the import holds it and then writes a figure,
    # which renews the data version row. Had the reload taken that row before waiting for the
    # indicator, each would wait for the other.
    last = Indicator.objects.order_by("display_order").last()
    locked, results = threading.Event(), {}

    def import_holding(indicator):
        try:
            with transaction.atomic():
                Indicator.objects.filter(pk=indicator.pk).lock()
                locked.set()
                wait_until_a_query_is_blocked()
                Figure.objects.create(indicator=indicator, month=date(2024, 12, 1), value=1)
            results["import"] = "committed"
        except Exception as error:  # the test reports whatever happened
            results["import"] = error
        finally:
            connections.close_all()

    def reload_catalogue():
        try:
            locked.wait(10)
            install_catalogue()
            results["catalogue"] = "committed"
        except Exception as error:
            results["catalogue"] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=import_holding, args=(last,)),
        threading.Thread(target=reload_catalogue),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == {"import": "committed", "catalogue": "committed"}


def wait_until_a_query_is_blocked(seconds=10):
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the catalogue reload never waited for the import's lock")
