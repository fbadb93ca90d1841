"""Buttons pressed at the same moment by different analysts, on SQLite (the database `make run`
uses): each commit or revert waits its turn; none is a server error.

The presses run in a child process against a SQLite file, as under `manage.py runserver`: the
test database of SQLite is kept in memory, where locking works otherwise."""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from indicators import roles, upload_views
from indicators.models import Upload
from indicators.writing import raw_executemany
from tests.workbooks import long_workbook

ROOT = Path(__file__).resolve().parents[2]
PRESSES = 3
# How long each press waits, once inside its transaction, for the others to get there too. Where
# transactions queue, only one gets in at a time, and the wait just runs out.
HOLD_SECONDS = 3


def child_environment(database, media):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scorecard.settings",
        "DATABASE_URL": database,
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": "test-only",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
    }


def run_child(args, database, media):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=child_environment(database, media),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    path = tmp_path_factory.mktemp("collisions") / "migrated.sqlite3"
    for command in (["migrate", "-v0"], ["load_catalogue"]):
        result = run_child(["manage.py", *command], f"sqlite:///{path}", path.parent)
        assert result.returncode == 0, result.stderr
    return path


def press_in_a_child(migrated, tmp_path, kind):
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated, database)
    code = f"import django; django.setup(); from {__name__} import press_at_once as p; p({kind!r})"
    result = run_child(["-c", code], f"sqlite:///{database}", tmp_path / "media")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_three_commits_pressed_at_once_on_sqlite_each_wait_their_turn(migrated, tmp_path):
    pressed = press_in_a_child(migrated, tmp_path, "commit")
    assert pressed["statuses"] == [302] * PRESSES, "not 500, nor the busy page"
    assert pressed["states"] == ["committed"] * PRESSES
    assert pressed["figures"] == PRESSES


def test_three_reverts_pressed_at_once_on_sqlite_each_wait_their_turn(migrated, tmp_path):
    pressed = press_in_a_child(migrated, tmp_path, "revert")
    assert pressed["statuses"] == [302] * PRESSES, "not 500, nor the busy page"
    assert pressed["states"] == ["reverted"] * PRESSES
    assert pressed["values"] == ["60.000000"] * PRESSES, "each month is back as it was"


# In the child process.


def press_at_once(kind):
    """Press Commit (or Revert) on PRESSES uploads of different months at the same moment, each
    held inside its transaction until all are there, so that all write at once. Prints what
    they answered and what became of the uploads, as JSON."""
    from django.contrib.auth.models import Group, User

    from indicators import imports

    analyst = User.objects.create_user("analyst", is_staff=True)
    analyst.groups.add(Group.objects.get(name=roles.ANALYST))
    uploads = uploads_to_press(kind, analyst)
    check = imports.refuse_if_stale if kind == "commit" else imports.refuse_if_overwritten
    setattr(imports, check.__name__, held_until_all_arrive(check, threading.Barrier(PRESSES)))
    statuses = {}
    threads = [
        threading.Thread(target=press, args=(kind, upload, analyst, statuses)) for upload in uploads
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    print(json.dumps(outcome(uploads, statuses)))


def uploads_to_press(kind, analyst):
    from indicators.imports import commit_upload, import_extract, preview_extract, save_preview

    months = [f"{date.today().year - 1}-{month:02d}" for month in range(10, 10 + PRESSES)]
    if kind == "revert":
        import_extract(long_workbook(*[("CLA9", m, 60, 120, 200) for m in months]), "held.xlsx")
    uploads = []
    for month in months:
        data = long_workbook(("CLA9", month, 77, 154, 200))
        name = f"{month}.xlsx"
        uploads.append(save_preview(preview_extract(data, name), data, name, analyst))
    if kind == "revert":
        for upload in uploads:
            commit_upload(upload)
    return uploads


def held_until_all_arrive(check, barrier):
    def held(*args):
        answer = check(*args)
        # Broken once the wait runs out: the presses queue, and this one went in alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=HOLD_SECONDS)
        return answer

    return held


def press(kind, upload, analyst, statuses):
    from django.db import connections
    from django.test import Client

    try:
        client = Client(raise_request_exception=False)
        client.force_login(analyst)
        response = client.post(reverse(f"indicators:upload_{kind}", args=[upload.pk]))
        statuses[upload.pk] = response.status_code
    finally:
        connections.close_all()


def outcome(uploads, statuses):
    from indicators.models import Figure

    pks = [upload.pk for upload in uploads]
    states = dict(Upload.objects.filter(pk__in=pks).values_list("pk", "state"))
    values = Figure.objects.order_by("month").values_list("value", flat=True)
    return {
        "statuses": [statuses.get(pk) for pk in pks],
        "states": [states[pk] for pk in pks],
        "figures": len(values),
        "values": [str(value) for value in values],
    }


# The narrower facts, in this process.


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's own executemany is the write path on SQLite only",
)
@pytest.mark.django_db
def test_a_failed_write_by_sqlites_own_executemany_raises_djangos_database_error():
    assert connection.vendor == "sqlite"
    with pytest.raises(OperationalError, match="no such table"):
        raw_executemany("INSERT INTO no_such_table (a) VALUES (?)", [(1,)])


def test_a_commit_that_finds_the_database_locked_gets_the_busy_page(
    client_as, catalogue, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    analyst = client_as(roles.ANALYST)
    upload = Upload.objects.create(file_name="dec.xlsx")

    def locked(upload, user):
        raise OperationalError("database is locked")

    monkeypatch.setattr(upload_views, "commit_upload", locked)
    response = analyst.post(reverse("indicators:upload_commit", args=[upload.pk]))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Sorry, the service is busy" in response.content.decode()
