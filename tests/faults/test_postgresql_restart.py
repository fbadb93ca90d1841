"""PostgreSQL restarting under a running application (PostgreSQL on this machine only).

THIS TEST RESTARTS THE WHOLE LOCAL POSTGRESQL CLUSTER (`pg_ctlcluster … restart`, then a short
stop and start): every other connection to it, other test runs included, is cut. It leaves the
cluster running whatever happens.

gunicorn serves the app against the test database. While PostgreSQL is down, pages and /healthz
answer 503 (the friendly page), never 500; once it is back, requests succeed again without the
application being restarted: CONN_HEALTH_CHECKS replaces the connection the restart killed.
"""

import shutil
import subprocess
import threading
import time

import pytest
from django.db import connection, connections

from indicators.catalogue import install_catalogue
from indicators.roles import PANEL_MEMBER
from tests.conftest import make_user
from tests.faults.appserver import AppServer, Session, on_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not on_postgresql(), reason="needs PostgreSQL (CI sets DATABASE_URL) to restart it"
    ),
    pytest.mark.skipif(
        shutil.which("pg_ctlcluster") is None, reason="needs pg_ctlcluster (a local cluster)"
    ),
]

PAGE = "/indicators/"


def local_cluster():
    """(version, name) of the cluster on this machine that serves the test database's port."""
    port = str(connection.settings_dict.get("PORT") or 5432)
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    for line in listing.stdout.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == port:
            return version, name
    pytest.skip(f"no local cluster listens on port {port}")


def pg_ctlcluster(cluster, command):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, command],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def accepting_connections(timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
            return True
        time.sleep(0.2)
    return False


def leave_running(cluster):
    status = subprocess.run(["pg_ctlcluster", *cluster, "status"], capture_output=True, check=False)
    if status.returncode != 0:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "start"], check=False
        )
    accepting_connections(60)
    connections.close_all()  # the test's own connection died with the restart


def watch(server, session, stop):
    """Ask for a page again and again until told to stop; the answers, in order."""
    answers = []
    while not stop.is_set():
        answers.append(server.get(PAGE, session))
        time.sleep(0.05)
    return answers


def until_served(server, session, timeout=30):
    """Answers to the page until one is a 200, or the time runs out."""
    answers, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        answers.append(server.get(PAGE, session))
        if answers[-1].status == 200:
            break
        time.sleep(0.2)
    return answers


def restart_while_watching(server, session, cluster):
    stop, answers = threading.Event(), []
    watcher = threading.Thread(target=lambda: answers.extend(watch(server, session, stop)))
    watcher.start()
    try:
        pg_ctlcluster(cluster, "restart")
    finally:
        stop.set()
        watcher.join(60)
    return answers + until_served(server, session)


def outage(server, session, cluster):
    pg_ctlcluster(cluster, "stop")
    down = [server.get("/healthz"), server.get(PAGE, session), server.get("/scorecard/", session)]
    pg_ctlcluster(cluster, "start")
    return down, until_served(server, session)


def test_requests_get_the_busy_page_while_postgresql_is_down_and_succeed_when_it_is_back(
    tmp_path,
):
    install_catalogue()
    session = Session(make_user(PANEL_MEMBER))
    cluster = local_cluster()
    with AppServer(tmp_path / "server.log", "--workers", "1") as server:
        assert server.get(PAGE, session).status == 200  # the worker now holds a connection
        try:
            around_restart = restart_while_watching(server, session, cluster)
            down, back = outage(server, session, cluster)
        finally:
            leave_running(cluster)
        log, boots = server.log(), server.worker_boots

    statuses = [answer.status for answer in around_restart]
    assert all(a.status == 200 or a.busy for a in around_restart), (statuses, log)
    assert statuses[-1] == 200, f"served again after the restart: {statuses}"
    assert [answer.status for answer in down] == [503, 503, 503], log
    assert all(answer.busy for answer in down[1:]), "pages show the friendly busy page"
    assert [a.status for a in back][-1] == 200, "served again once PostgreSQL started"
    assert all(a.status == 200 or a.busy for a in back), ([a.status for a in back], log)
    assert boots == 1, "the application itself was never restarted"
