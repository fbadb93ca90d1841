"""Scorecard benchmark: the page for 40 and for 400 indicators of 36 months each, in one run.

    python -m benchmarks.scorecard [--repeat N] [--rounds R]

It runs on SQLite (the embedded database of `make run`) and on PostgreSQL (production's; the
database named by BENCH_DATABASE_URL with the size added, created afresh and dropped after, and
skipped when PostgreSQL cannot be reached). Each size gets its own database and process; the page
is rendered through the test client as a panel member and its SQL queries are counted, two ways,
N renders each:

- first view: the kept rows emptied before each render, as after an upload changes the figures;
- later views: rows kept from an earlier render, as for every view until the data changes.

The sizes take turns for R rounds, so both are measured in the same stretches of time, and the
ratio is that of the fastest render of each: on a shared machine, slower renders measure other
processes as much as the code (the advice of Python's `timeit`). Medians are printed too.

Goals: 400 indicators take at most 4 times as long as 40, with the same number of queries.

For scale it also gives a first view less the time spent building its rows (Scorecard._row):
what the page would take if that part cost nothing.
"""

import argparse
import importlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

from .harness import (
    BASE_DIR,
    child_env,
    pg_url,
    postgres_database,
    renamed,
    report,
    run_child,
    sqlite_url,
    verdict,
)

SIZES = (40, 400)
MONTHS = 36
LAST_MONTH = date(2024, 12, 1)
USERNAME = "bench-panel"
KINDS = ("cold", "warm")
UNITS = [("percent", "higher"), ("percent", "lower"), ("days", "lower"), ("count", "neutral"),
         ("rate_per_10k", "lower"), ("number", "lower")]  # fmt: skip


def main(argv=None):
    args = parse(argv)
    if args.measure:
        return measure(args.measure, args.repeat)
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as folder, ExitStack() as stack:
        media = Path(folder) / "media"
        collect_static(child_env(None, media))
        sqlite = {size: sqlite_url(Path(folder) / f"s{size}.sqlite3") for size in SIZES}
        postgres = {
            size: stack.enter_context(postgres_database(renamed(pg_url(), f"_scorecard_{size}")))
            for size in SIZES
        }
        status = 0
        for database, urls in (("SQLite", sqlite), ("PostgreSQL", postgres)):
            if None not in urls.values():
                print(f"\n{database}:")
                status |= on_database(urls, media, args)
        return status


def on_database(urls, media, args):
    """Both sizes on one kind of database, taking turns for args.rounds rounds, then the table."""
    rounds = []
    for _ in range(args.rounds):
        results = {}
        for size in SIZES:
            command = ["--measure", str(size), "--repeat", str(args.repeat)]
            env = child_env(urls[size], media)
            results[size] = run_child(f"{size} indicators", "benchmarks.scorecard", command, env)
            if results[size].error:
                print(f"{size} indicators: failed: {results[size].error}")
                return 1
        rounds.append(results)
    return show(rounds)


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scorecard")
    parser.add_argument("--repeat", type=int, default=5, help="timed renders per size and round")
    parser.add_argument("--rounds", type=int, default=3, help="turns each size takes")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args(argv)
    return args


def collect_static(env):
    """Production settings serve static files from the collected manifest."""
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"]
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True)


def show(rounds):
    """Each size's fastest and median render over every round, then the goals."""
    timings = {size: {kind: [] for kind in KINDS} for size in SIZES}
    for results in rounds:
        for size, result in results.items():
            for kind in KINDS:
                timings[size][kind] += result.extra[kind]
    queries = {size: rounds[0][size].extra["queries"] for size in SIZES}
    if any(results[size].extra["queries"] != queries[size] for results in rounds for size in SIZES):
        print(
            "the query counts differed between rounds:",
            [r[s].extra["queries"] for r in rounds for s in SIZES],
        )
        return 1
    print(f"{'scorecard page':<16}{'first view: fastest':>21}{'median':>8}{'queries':>9}"
          f"{'later views: fastest':>22}{'median':>8}{'queries':>9}")  # fmt: skip
    for size in SIZES:
        cells = "".join(
            f"{min(timings[size][kind]):>20.3f}s{statistics.median(timings[size][kind]):>7.3f}s"
            f"{queries[size][kind]:>9}"
            for kind in KINDS
        )
        print(f"{str(size) + ' indicators':<16}{cells}")
    small, large = SIZES
    renders = len(timings[small]["cold"]) // len(rounds)
    print(f"goals (400 vs 40 indicators: time at most 4×, the same queries; "
          f"{len(rounds)} rounds of {renders} renders):")  # fmt: skip
    for kind, words in (("warm", "later views"), ("cold", "first view ")):
        ratio, medians = ratios(timings, kind)
        counts = queries[small][kind], queries[large][kind]
        print(f"  {words}  time {verdict(ratio <= 4)} {ratio:.1f}× (medians {medians:.1f}×)   "
              f"queries {verdict(counts[0] == counts[1])} {counts[0]} and {counts[1]}")  # fmt: skip
    rest = {size: [t for results in rounds for t in results[size].extra["rest"]] for size in SIZES}
    ratio, medians = ratios({size: {"rest": rest[size]} for size in SIZES}, "rest")
    print(f"  for scale: a first view less the time spent building its rows from the figures read "
          f"takes {min(rest[small]):.3f} s and {min(rest[large]):.3f} s, {ratio:.1f}× "
          f"(medians {medians:.1f}×)")  # fmt: skip
    return 0


def ratios(timings, kind):
    """400 against 40 indicators: the fastest renders' ratio and the medians'."""
    small, large = (timings[size][kind] for size in SIZES)
    return min(large) / min(small), statistics.median(large) / statistics.median(small)


def measure(size, repeat):
    # The test client speaks plain HTTP to "testserver".
    os.environ.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0")
    # Django is set up by the module a server loads, so the page is measured as it is served.
    importlib.import_module("scorecard.wsgi")
    from django.contrib.auth.models import User
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client()
    client.force_login(User.objects.filter(username=USERNAME).first() or build(size))
    url = f"/scorecard/?month={LAST_MONTH:%Y-%m}&scope=all"
    assert client.get(url).status_code == 200  # templates compiled, connections open
    kept = caches["scorecard"]
    with rows_timed() as building:
        cold, cold_queries = timed_renders(client, url, repeat, before_each=kept.clear)
    warm, warm_queries = timed_renders(client, url, repeat)
    queries = {"cold": cold_queries, "warm": warm_queries}
    # What a first view would take if building its rows cost nothing: the rest of the page.
    rest = [render - rows for render, rows in zip(cold, building, strict=True)]
    extra = {"cold": cold, "warm": warm, "rest": rest, "queries": queries}
    report(rows=size, seconds=min(warm), extra=extra)
    return 0


@contextmanager
def rows_timed():
    """The seconds each render spends in Scorecard._row (a row built from figures already read:
    comparisons, RAG, SPC, sparkline, series), one total per render, appended as renders end."""
    from scorecard.presenters import Scorecard

    totals, build_row, build_rows = [], Scorecard._row, Scorecard._build_rows

    def timed_row(self, *args):
        started = time.perf_counter()
        row = build_row(self, *args)
        totals[-1] += time.perf_counter() - started
        return row

    def counted_rows(self):
        totals.append(0.0)
        return build_rows(self)

    Scorecard._row, Scorecard._build_rows = timed_row, counted_rows
    try:
        yield totals
    finally:
        Scorecard._row, Scorecard._build_rows = build_row, build_rows


def timed_renders(client, url, repeat, before_each=lambda: None):
    """The times of `repeat` renders and the queries of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeat):
        before_each()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return timings, len(queries)


def build(size):
    """size headline indicators, each with 36 months of figures, thresholds and a benchmark."""
    from django.contrib.auth.models import Group, User

    from indicators.models import Benchmark, Figure, Indicator, Threshold
    from indicators.periods import add_months

    rng = random.Random(size)
    indicators = Indicator.objects.bulk_create(
        Indicator(code=f"B{n}", name=f"Benchmark indicator {n}", service_area=f"Area {n % 7}",
                  unit=UNITS[n % len(UNITS)][0], polarity=UNITS[n % len(UNITS)][1],
                  period_type="snapshot", precision=1, is_headline=True, display_order=n)
        for n in range(size)
    )  # fmt: skip
    figures, thresholds, benchmarks = [], [], []
    for indicator in indicators:
        percent = indicator.unit == "percent"
        for offset in range(MONTHS):
            value = Decimal(rng.randint(600, 990)) / 10
            figures.append(Figure(indicator=indicator, month=add_months(LAST_MONTH, -offset),
                                  value=value, is_percentage=percent))  # fmt: skip
        if indicator.polarity != "neutral":
            green, red = (90, 80) if indicator.polarity == "higher" else (80, 90)
            thresholds.append(Threshold(indicator=indicator, effective_from=date(2020, 4, 1),
                                        green_at=green, red_at=red, target=green))  # fmt: skip
        benchmarks.append(Benchmark(indicator=indicator, source="england", year=2024, value=85))
    Figure.objects.bulk_create(figures, batch_size=2000)
    Threshold.objects.bulk_create(thresholds)
    Benchmark.objects.bulk_create(benchmarks)
    user = User.objects.create_user(USERNAME)
    user.groups.add(Group.objects.get(name="Panel member"))
    return user


if __name__ == "__main__":
    sys.exit(main())
