"""The application served by gunicorn in a subprocess, against the test database.

Fault tests break things under a real server (a database restart, a full connection pool), so
the server runs as production does, in its own processes with DEBUG off; only static files are
not collected (tests/faults/server_settings.py). Tests that use it need
`django_db(transaction=True)` so that the server sees the rows they commit.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils.crypto import get_random_string

ROOT = Path(__file__).resolve().parents[2]
BUSY = "Sorry, the service is busy"
POSTGRES_URL_SCHEMES = ("postgres", "postgresql", "pgsql")


def on_postgresql():
    return os.environ.get("DATABASE_URL", "").split(":")[0] in POSTGRES_URL_SCHEMES


@dataclass
class Response:
    status: int
    body: str
    location: str = ""

    @property
    def busy(self):
        return self.status == 503 and BUSY in self.body


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "DATABASE_POOL_MAX_SIZE", "DATABASE_POOL_TIMEOUT")
    }
    env.update(
        DATABASE_URL=database_url(),
        SECRET_KEY=settings.SECRET_KEY,  # sessions made by the test must be valid there
        DJANGO_SETTINGS_MODULE="tests.faults.server_settings",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


class Session:
    """A signed-in user's cookies, made in the test process, with a CSRF secret for forms."""

    def __init__(self, user):
        client = Client()
        client.force_login(user)
        self.csrf = get_random_string(32)
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"


class AppServer:
    """`with AppServer(log_path, "--workers", "1") as server: server.get("/healthz")`."""

    def __init__(self, log_path, *gunicorn_args, **env):
        self.log_path = Path(log_path)
        self.port = free_port()
        self.args = gunicorn_args
        self.env = server_environment(**env)
        self.process = None

    def __enter__(self):
        command = [
            sys.executable, "-m", "gunicorn", "scorecard.wsgi", "--bind", f"127.0.0.1:{self.port}",
            "--no-control-socket", "--graceful-timeout", "5", *self.args,
        ]  # fmt: skip
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self.wait_until_serving()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def wait_until_serving(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log()}"
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not answer /healthz in {timeout}s:\n{self.log()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def log(self, last=4000):
        return self.log_path.read_text(errors="replace")[-last:]

    @property
    def worker_boots(self):
        return self.log_path.read_text(errors="replace").count("Booting worker")

    def request(self, method, path, session=None, fields=None):
        headers = {"Cookie": session.cookie} if session else {}
        body = None
        if fields is not None:
            body = urlencode({"csrfmiddlewaretoken": session.csrf, **fields})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
            return Response(answer.status, text, answer.getheader("Location") or "")
        finally:
            conn.close()

    def get(self, path, session=None):
        return self.request("GET", path, session)

    def post(self, path, session, fields):
        return self.request("POST", path, session, fields)
