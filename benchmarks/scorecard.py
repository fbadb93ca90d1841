"""Scorecard benchmark: the page for 40 and for 400 indicators of 36 months each, in one run.

    python -m benchmarks.scorecard [--repeat N]

Each size gets its own SQLite database and process; the page is rendered through the test client
as a panel member and its SQL queries are counted, two ways, each the median of N renders:

- first view: the kept rows emptied before each render, as after an upload changes the figures;
- later views: rows kept from an earlier render, as for every view until the data changes.

Goals: 400 indicators take at most 4 times as long as 40, with the same number of queries.
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
from datetime import date
from decimal import Decimal
from pathlib import Path

from .harness import BASE_DIR, child_env, report, run_child, sqlite_url, verdict

SIZES = (40, 400)
MONTHS = 36
LAST_MONTH = date(2024, 12, 1)
UNITS = [("percent", "higher"), ("percent", "lower"), ("days", "lower"), ("count", "neutral"),
         ("rate_per_10k", "lower"), ("number", "lower")]  # fmt: skip


def main(argv=None):
    args = parse(argv)
    if args.measure:
        return measure(args.measure, args.repeat)
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as folder:
        results = {}
        collect_static(child_env(None, Path(folder) / "media"))
        for size in SIZES:
            env = child_env(sqlite_url(Path(folder) / f"s{size}.sqlite3"), Path(folder) / "media")
            command = ["--measure", str(size), "--repeat", str(args.repeat)]
            results[size] = run_child(f"{size} indicators", "benchmarks.scorecard", command, env)
        show(results)
    return 0


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scorecard")
    parser.add_argument("--repeat", type=int, default=5, help="timed renders per size")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args(argv)
    return args


def collect_static(env):
    """Production settings serve static files from the collected manifest."""
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"]
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True)


def show(results):
    for size, result in results.items():
        if result.error:
            print(f"{size} indicators: failed: {result.error}")
            return
    print(
        f"{'scorecard page':<18}{'first view':>12}{'queries':>9}{'later views':>14}{'queries':>9}"
    )
    for size, result in results.items():
        x = result.extra
        print(f"{str(size) + ' indicators':<18}{x['cold']:>11.3f}s{x['cold_queries']:>9}"
              f"{x['warm']:>13.3f}s{x['warm_queries']:>9}")  # fmt: skip
    small, large = results[SIZES[0]].extra, results[SIZES[1]].extra
    print("goals (400 vs 40 indicators: time at most 4×, the same queries):")
    for kind, words in (("warm", "later views"), ("cold", "first view ")):
        ratio = large[kind] / small[kind]
        same = small[f"{kind}_queries"] == large[f"{kind}_queries"]
        print(f"  {words}  time {verdict(ratio <= 4)} {ratio:.1f}×   queries {verdict(same)} "
              f"{small[f'{kind}_queries']} and {large[f'{kind}_queries']}")  # fmt: skip


def measure(size, repeat):
    # The test client speaks plain HTTP to "testserver".
    os.environ.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0")
    # Django is set up by the module a server loads, so the page is measured as it is served.
    importlib.import_module("scorecard.wsgi")
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client()
    client.force_login(build(size))
    url = f"/scorecard/?month={LAST_MONTH:%Y-%m}&scope=all"
    assert client.get(url).status_code == 200  # templates compiled, connections open
    kept = caches["scorecard"]
    cold, cold_queries = timed_renders(client, url, repeat, before_each=kept.clear)
    warm, warm_queries = timed_renders(client, url, repeat)
    report(rows=size, seconds=warm,
           extra={"cold": cold, "cold_queries": cold_queries, "warm": warm,
                  "warm_queries": warm_queries})  # fmt: skip
    return 0


def timed_renders(client, url, repeat, before_each=lambda: None):
    """The median time of `repeat` renders and the queries of the last."""
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
    return statistics.median(timings), len(queries)


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
    user = User.objects.create_user("bench-panel")
    user.groups.add(Group.objects.get(name="Panel member"))
    return user


if __name__ == "__main__":
    sys.exit(main())
