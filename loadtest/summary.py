"""Print the figures of a locust run; exit 1 if any request failed or the server answered 5xx.

Usage: python loadtest/summary.py RESULTS_DIR, holding locust_stats.csv and locust_failures.csv
(locust --csv), samples.csv (every response time, from loadtest/locustfile.py) and the server's
access.log. Besides every request, it reports the pages alone (no sign-in: each sign-in spends
half a CPU-second on PBKDF2 by design) and the steady state after a warm-up (LOADTEST_WARMUP
seconds, 30 by default), once the queue the burst of sign-ins leaves behind has drained.
"""

import csv
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

P95_GOAL_MS = 500
STATUS = re.compile(r'" (\d{3}) ')
SIGN_IN = "/login/"
WARMUP_SECONDS = float(os.environ.get("LOADTEST_WARMUP", "30"))


def read_rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def percentile(sorted_values, fraction):
    """Nearest rank, as locust reports them."""
    if not sorted_values:
        return math.nan
    return sorted_values[max(math.ceil(fraction * len(sorted_values)) - 1, 0)]


def figures(samples):
    """(count, requests a second, p50, p95, p99, failures) for some samples."""
    if not samples:
        return 0, 0.0, math.nan, math.nan, math.nan, 0
    times = sorted(s["ms"] for s in samples)
    started = min(s["started"] for s in samples)
    ended = max(s["started"] + s["ms"] / 1000 for s in samples)
    rate = len(samples) / max(ended - started, 1e-9)
    failures = sum(not s["ok"] for s in samples)
    return (len(samples), rate, *(percentile(times, f) for f in (0.5, 0.95, 0.99)), failures)


def line(label, samples):
    count, rate, p50, p95, p99, failures = figures(samples)
    return (
        f"{label:<34} {count:>6} requests {rate:>6.1f}/s   p50 {p50:>5.0f} ms   "
        f"p95 {p95:>5.0f} ms   p99 {p99:>5.0f} ms   errors {failures}"
    )


def read_samples(path):
    return [
        {"started": float(row["started"]), "name": row["name"], "ms": float(row["ms"]),
         "ok": row["ok"] == "True"}
        for row in read_rows(path)
    ]  # fmt: skip


def print_table(rows):
    print(f"{'request':<44} {'count':>6} {'fails':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}")
    for row in rows:
        name = f"{row['Type']} {row['Name']}"
        cells = [row[c] for c in ("50%", "95%", "99%", "Max Response Time")]
        cells = ["-" if c in ("", "N/A") else f"{float(c):.0f}" for c in cells]
        print(
            f"{name[:44]:<44} {row['Request Count']:>6} {row['Failure Count']:>5} "
            + " ".join(f"{c:>6}" for c in cells)
        )


def server_statuses(results):
    log = results / "access.log"
    text = log.read_text() if log.exists() else ""
    return Counter(match.group(1) for match in STATUS.finditer(text))


def main(results):
    rows = read_rows(results / "locust_stats.csv")
    samples = read_samples(results / "samples.csv")
    print("\nPer request, milliseconds (locust's figures):")
    print_table([row for row in rows if row["Name"] != "Aggregated"])
    pages = [s for s in samples if not s["name"].startswith(SIGN_IN)]
    start = min((s["started"] for s in samples), default=0)
    steady = [s for s in samples if s["started"] >= start + WARMUP_SECONDS]
    statuses = server_statuses(results)
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    print()
    print(line("LOAD TEST, every request:", samples))
    print(line("pages (sign-in left out):", pages))
    print(line(f"after the first {WARMUP_SECONDS:.0f} s:", steady))
    print("server answered: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    cpu = results / "worker-cpu-seconds"
    if cpu.exists() and samples:
        seconds = float(cpu.read_text())
        print(f"gunicorn workers used {seconds:.1f} CPU-seconds: "
              f"{1000 * seconds / len(samples):.0f} ms a request")  # fmt: skip
    for failure in read_rows(results / "locust_failures.csv"):
        print(f"  failed {failure['Occurrences']}x {failure['Method']} {failure['Name']}: "
              f"{failure['Error']}")  # fmt: skip
    failures = sum(not s["ok"] for s in samples)
    p95 = figures(samples)[3]
    met = failures == 0 and server_errors == 0 and p95 < P95_GOAL_MS
    print(f"goal (0 errors, p95 of every request under {P95_GOAL_MS} ms): "
          f"{'met' if met else 'NOT met'}")  # fmt: skip
    return 1 if failures or server_errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
