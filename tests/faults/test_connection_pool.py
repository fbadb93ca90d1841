"""More requests at once than the connection pool has connections (PostgreSQL only).

gunicorn runs one process with 8 threads and DATABASE_POOL_MAX_SIZE=2, DATABASE_POOL_TIMEOUT=1,
and gets a burst of scorecard pages and action updates at once. A request may wait for a
connection or be refused with the friendly 503 page; it is never a 500, and every update that
was accepted is written exactly once while every refused one leaves nothing behind.
"""

import importlib.util
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier

import pytest
from django.contrib.auth.models import User

from indicators.catalogue import install_catalogue
from meetings.models import Action, ActionUpdate
from scorecard.demo import load_demo
from tests.faults.appserver import AppServer, Session, on_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not on_postgresql(),
        reason="needs PostgreSQL (CI sets DATABASE_URL): the connection pool is psycopg's",
    ),
]

PAGES = 24
UPDATES_PER_ACTION = 6


@pytest.fixture
def demo():
    install_catalogue()
    load_demo(date(2025, 3, 1))


def burst(server, jobs):
    """Every job (method, path, session, fields) sent at the same moment from its own thread."""
    start = Barrier(len(jobs))

    def send(job):
        method, path, session, fields = job
        start.wait()
        return server.request(method, path, session, fields)

    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(send, jobs))


def update_jobs(session, actions):
    return [
        ("POST", f"/meetings/actions/{action.pk}/update/", session,
         {"text": f"Pool test update {action.pk}-{n}", "status": "in_progress" if n % 2 else ""})
        for action in actions
        for n in range(UPDATES_PER_ACTION)
    ]  # fmt: skip


def test_a_full_pool_makes_requests_wait_or_get_the_busy_page_and_never_half_writes(demo, tmp_path):
    assert importlib.util.find_spec("psycopg_pool"), (
        "DATABASE_POOL_MAX_SIZE needs the psycopg_pool package: depend on psycopg[binary,pool]"
    )
    panel = Session(User.objects.get(username="panel"))
    officer_user = User.objects.get(username="officer")
    officer = Session(officer_user)
    actions = list(Action.objects.open().owned_by(officer_user).order_by("pk"))
    assert actions, "the demo gives the officer open actions"
    updates_before = ActionUpdate.objects.count()
    pages = [("GET", "/scorecard/?scope=all", panel, None)] * PAGES
    updates = update_jobs(officer, actions)
    server = AppServer(
        tmp_path / "server.log", "--workers", "1", "--worker-class", "gthread", "--threads", "8",
        DATABASE_POOL_MAX_SIZE="2", DATABASE_POOL_TIMEOUT="1",
    )  # fmt: skip
    with server:
        answers = burst(server, pages + updates)
        after = (server.get("/healthz").status, server.get("/scorecard/", panel).status)
        log = server.log()
    page_answers, update_answers = answers[:PAGES], answers[PAGES:]
    statuses = Counter(answer.status for answer in answers)
    assert all(a.status == 200 or a.busy for a in page_answers), (statuses, log)
    assert all(a.status == 302 or a.busy for a in update_answers), (statuses, log)
    assert after == (200, 200), "the pool recovers once the burst is over"

    for (_, _, _, fields), answer in zip(updates, update_answers, strict=True):
        written = ActionUpdate.objects.filter(text=fields["text"]).count()
        assert written == (1 if answer.status == 302 else 0), (fields["text"], answer.status)
    accepted = sum(answer.status == 302 for answer in update_answers)
    assert ActionUpdate.objects.count() == updates_before + accepted
    for action in actions:
        action.refresh_from_db()
        moved = action.updates.exclude(status_to="").order_by("written_at", "id").last()
        assert action.status == (moved.status_to if moved else Action.Status.OPEN)
