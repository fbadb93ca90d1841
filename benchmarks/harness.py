"""What the benchmarks share: child processes, throwaway databases, results and the table.

The parent process never imports Django: each measurement runs in a fresh child that sets
Django up against the database it is given and reports one JSON line, so peak memory (the
child's own `ru_maxrss`) belongs to that measurement alone.
"""

import json
import os
import resource
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/scorecards_bench"
RESULT_PREFIX = "BENCH-RESULT "
CHILD_TIMEOUT = 3600  # seconds; django-import-export at 100,000 rows takes minutes, not hours


@dataclass
class Result:
    """One measurement as the child reported it (or why there is none)."""

    label: str
    rows: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    baseline_mb: float = 0.0
    note: str = ""
    error: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.error and self.seconds > 0

    @property
    def rows_per_second(self):
        return self.rows / self.seconds if self.ok else 0.0


# In the parent ---------------------------------------------------------------------------------


def pg_url():
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL)


def renamed(url, suffix):
    """The database URL with `suffix` added to the database's name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path + suffix))


def sqlite_url(path):
    return f"sqlite:///{Path(path).resolve()}"


def child_env(database_url, media_root):
    """The environment a child runs Django in: production-like settings, DEBUG off."""
    env = dict(os.environ)
    env.pop("DEBUG", None)
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = "benchmark-only-key-not-a-secret"
    env.update(
        DJANGO_SETTINGS_MODULE="scorecard.settings",
        MEDIA_ROOT=str(media_root),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE_DIR),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_child(label, module, args, env, show_output=False):
    """Run `python -m module args` in a fresh process and read its one result line."""
    command = [sys.executable, "-m", module, *args]
    try:
        done = subprocess.run(
            command,
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Result(label, error=f"gave up after {CHILD_TIMEOUT} s")
    lines = done.stdout.splitlines()
    found = [line for line in lines if line.startswith(RESULT_PREFIX)]
    if show_output:
        print("\n".join(line for line in lines if not line.startswith(RESULT_PREFIX)))
    if not found:
        tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return Result(label, error=one_line(f"no result: {tail}"))
    result = Result(label, **json.loads(found[-1][len(RESULT_PREFIX) :]))
    result.error = one_line(result.error)
    return result


def one_line(text, limit=200):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def postgres_database(url):
    """Create the bench database afresh, yield its URL, and drop it after; None if unreachable."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    statement = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(statement)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        reason = one_line(str(exc).split("\n")[0], 120)
        where = f"{parts.hostname}:{parts.port or 5432}"
        print(f"PostgreSQL unreachable at {where} ({reason}): skipping the PostgreSQL rows.")
        yield None
        return
    try:
        yield url
    finally:
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
                conn.execute(statement)
        except psycopg.Error as exc:
            print(f"Could not drop the bench database {name}: {one_line(exc, 120)}")


# In a child ------------------------------------------------------------------------------------


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scorecard.settings")
    import django

    django.setup()


def peak_mb():
    """The largest resident set this process has had, in MB (Linux reports kilobytes)."""
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024


def report(**result):
    """The child's answer: one line on standard output that the parent looks for."""
    print(RESULT_PREFIX + json.dumps(result, default=str), flush=True)


def empty_tables(*models):
    """Delete every row of these tables (children first), so each run starts from empty."""
    from django.db import connection, transaction

    tables = [model._meta.db_table for model in models]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


# The report ------------------------------------------------------------------------------------


def print_table(results):
    header = f"{'measurement':<40} {'rows':>9} {'seconds':>9} {'rows/s':>10} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        if r.ok:
            print(
                f"{r.label:<40} {r.rows:>9,} {r.seconds:>9.{3 if r.seconds < 1 else 2}f} "
                f"{r.rows_per_second:>10,.0f} "
                f"{r.peak_mb:>8.0f}"
            )
        else:
            print(f"{r.label:<40} {'':>9} {'—':>9} {'—':>10} {'—':>8}  {r.error}")
    notes = [f"  {r.label}: {r.note}" for r in results if r.note]
    if notes:
        print("\n".join(["", "notes:", *notes]))


def verdict(met):
    return "PASS" if met else "MISS"
