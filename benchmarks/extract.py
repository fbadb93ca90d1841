"""Import benchmark: a 100,000-figure extract through our pipeline, against the alternatives.

    python -m benchmarks.extract [--rows N] [--only NAME,... | --all] [--profile]

One run writes a long-layout .xlsx of N figures (default 100,000) to a temporary folder, then
measures, each in a fresh process (peak memory is that process's own):

    calamine      the bare parse: python-calamine reading the sheet into Python lists
    ours-pg       indicators.imports.import_extract into an empty figures table, PostgreSQL
    ours-sqlite   the same on SQLite (a temporary file)
    iexp-pg       django-import-export 4.x, bulk mode, into the same table, PostgreSQL
    iexp-sqlite   the same on SQLite (only with --all or --only: it adds ten minutes or so)

and prints a table with the ratios against the goals (PASS/MISS). It is a report, so it exits 0
whatever it finds. The PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/scorecards_bench) is created afresh and dropped at the end;
when PostgreSQL cannot be reached the PostgreSQL rows are skipped. `--profile` adds a cProfile
run of our PostgreSQL import (SQLite when PostgreSQL is unreachable) listing where it spends time.
"""

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from . import harness
from .harness import Result, verdict
from .workbook import write_workbook

MODULE = "benchmarks.extract"
DEFAULT_ROWS = 100_000
MEASUREMENTS = {
    "calamine": "bare parse (python-calamine)",
    "ours-pg": "ours, PostgreSQL",
    "ours-sqlite": "ours, SQLite",
    "iexp-pg": "django-import-export, PostgreSQL",
    "iexp-sqlite": "django-import-export, SQLite",
}
DEFAULT_MEASUREMENTS = ("calamine", "ours-pg", "ours-sqlite", "iexp-pg")
GOAL_TIMES_FASTER = 25  # ours against django-import-export
GOAL_TIMES_PARSE = 4  # ours against the bare parse
GOAL_PEAK_MB = 500


def parse_args(argv):
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=positive, default=DEFAULT_ROWS, help="figures in the file")
    parser.add_argument(
        "--only",
        default=",".join(DEFAULT_MEASUREMENTS),
        help=f"comma-separated measurements to run, of: {', '.join(MEASUREMENTS)}",
    )
    parser.add_argument("--all", action="store_true", help="run every measurement")
    parser.add_argument("--profile", action="store_true", help="also profile our import")
    parser.add_argument("--measure", choices=[*MEASUREMENTS, "setup"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args(argv)  # options for other benchmark modules
    if args.all:
        args.only = ",".join(MEASUREMENTS)
    unknown = set(args.only.split(",")) - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    return args


def positive(text):
    number = int(text.replace("_", "").replace(",", ""))
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.measure:
        return child(args)
    with tempfile.TemporaryDirectory(prefix="scorecards-bench-") as folder:
        Bench(args, Path(folder)).run()
    return 0


# The parent: one file, each measurement in its own process, then the report --------------------


class Bench:
    def __init__(self, args, folder):
        self.args, self.folder = args, folder
        self.wanted = args.only.split(",")
        self.path = folder / f"extract-{args.rows}.xlsx"
        self.results = {}

    def run(self):
        self.write()
        self.measure("calamine", None)
        needs_pg = self.args.profile or any(name.endswith("-pg") for name in self.wanted)
        with harness.postgres_database(harness.pg_url()) if needs_pg else nullcontext() as pg:
            self.on_database("pg", pg, "PostgreSQL unreachable")
            sqlite = harness.sqlite_url(self.folder / "bench.sqlite3")
            self.on_database("sqlite", sqlite, "")
            if self.args.profile:
                self.profile(pg or sqlite)
        print()
        harness.print_table([self.results[name] for name in MEASUREMENTS if name in self.results])
        self.print_goals()

    def write(self):
        start = time.perf_counter()
        months = write_workbook(self.path, self.args.rows, date.today())
        size = self.path.stat().st_size / 1024 / 1024
        first, last = (f"{month:%b %Y}" for month in (months[0], months[-1]))
        span = first if first == last else f"{first} to {last}"
        print(
            f"Wrote {self.args.rows:,} figures ({span}, {size:.1f} MB .xlsx) "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )

    def on_database(self, suffix, url, why_not):
        names = [f"{tool}-{suffix}" for tool in ("ours", "iexp")]
        names = [name for name in names if name in self.wanted]
        if not names:
            return
        if url is None:
            for name in names:
                self.results[name] = Result(MEASUREMENTS[name], error=why_not)
            return
        ready = self.child("setup", url)
        for name in names:
            self.measure(name, url, ready.error and f"setup failed: {ready.error}")

    def measure(self, name, url, error=""):
        if name not in self.wanted:
            return
        label = MEASUREMENTS[name]
        print(f"  {label} ...", end=" ", flush=True)
        result = Result(label, error=error) if error else self.child(name, url)
        print(
            f"{result.seconds:.2f} s, peak {result.peak_mb:.0f} MB" if result.ok else result.error
        )
        self.results[name] = result

    def child(self, name, url, *extra, show_output=False):
        env = harness.child_env(url, self.folder / "media")
        args = ["--measure", name, "--file", str(self.path), "--rows", str(self.args.rows)]
        return harness.run_child(
            MEASUREMENTS.get(name, name), MODULE, [*args, *extra], env, show_output=show_output
        )

    def profile(self, url):
        name = "ours-pg" if url.startswith("postgres") else "ours-sqlite"
        print(f"\nProfile of {MEASUREMENTS[name]} (cProfile, so slower than measured above):")
        result = self.child(name, url, "--profile", show_output=True)
        if not result.ok:
            print(f"  profiling failed: {result.error}")

    def print_goals(self):
        r = self.results
        print("\ngoals:")
        for db, label in (("pg", "PostgreSQL"), ("sqlite", "SQLite")):
            ours, theirs = r.get(f"ours-{db}"), r.get(f"iexp-{db}")
            if ours and theirs:
                self.goal(
                    f"ours vs django-import-export ({label})",
                    lambda o, t: t.seconds / o.seconds,
                    ours,
                    theirs,
                    lambda x: f"{x:.1f}× faster (goal ≥ {GOAL_TIMES_FASTER}×)",
                    lambda x: x >= GOAL_TIMES_FASTER,
                )
        for db, label in (("pg", "PostgreSQL"), ("sqlite", "SQLite")):
            ours, parse = r.get(f"ours-{db}"), r.get("calamine")
            if ours and parse:
                self.goal(
                    f"ours vs bare parse ({label})",
                    lambda o, p: o.seconds / p.seconds,
                    ours,
                    parse,
                    lambda x: f"{x:.1f}× the parse time (goal ≤ {GOAL_TIMES_PARSE}×)",
                    lambda x: x <= GOAL_TIMES_PARSE,
                )
        for db, label in (("pg", "PostgreSQL"), ("sqlite", "SQLite")):
            ours = r.get(f"ours-{db}")
            if ours:
                self.goal(
                    f"peak memory, ours ({label})",
                    lambda o, _: o.peak_mb,
                    ours,
                    ours,
                    lambda x: f"{x:.0f} MB (goal < {GOAL_PEAK_MB} MB)",
                    lambda x: x < GOAL_PEAK_MB,
                )

    @staticmethod
    def goal(title, ratio, ours, other, words, met):
        if not (ours.ok and other.ok):
            missing = ours if not ours.ok else other
            print(f"  {title:<44} n/a   ({missing.label}: {missing.error})")
            return
        value = ratio(ours, other)
        print(f"  {title:<44} {verdict(met(value))}  {words(value)}")


# A child: one measurement, reported as one JSON line ---------------------------------------------


def child(args):
    if args.measure == "calamine":
        return measure_calamine(args.file)
    harness.setup_django()
    run = {
        "setup": setup_database,
        "ours-pg": measure_ours,
        "ours-sqlite": measure_ours,
        "iexp-pg": measure_iexp,
        "iexp-sqlite": measure_iexp,
    }[args.measure]
    return run(args)


def measure_calamine(path):
    from python_calamine import CalamineWorkbook

    baseline = harness.peak_mb()
    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    seconds = time.perf_counter() - start
    harness.report(
        rows=len(rows) - 1, seconds=seconds, peak_mb=harness.peak_mb(), baseline_mb=baseline
    )
    return 0


def setup_database(_args):
    from django.core.management import call_command

    from indicators.catalogue import install_catalogue

    call_command("migrate", interactive=False, verbosity=0)
    install_catalogue()
    harness.report(note="migrated, catalogue installed")
    return 0


def empty_figures():
    from indicators.models import Figure, FigureRevision, Upload

    harness.empty_tables(FigureRevision, Figure, Upload)


def measure_ours(args):
    from indicators.imports import import_extract
    from indicators.models import Figure

    empty_figures()
    baseline = harness.peak_mb()
    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    preview, upload = import_extract(
        args.file.read_bytes(), args.file.name, user_name="benchmark", today=date.today()
    )
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    peak = harness.peak_mb()
    if profiler:
        print_profile(profiler)
    if not preview.ok:
        first = preview.errors[0].message
        harness.report(error=f"refused with {len(preview.errors)} errors, first: {first}")
        return 0
    held = Figure.objects.count()
    harness.report(
        rows=held,
        seconds=seconds,
        peak_mb=peak,
        baseline_mb=baseline,
        note=(
            f"{upload.created_count:,} created, {plural(len(preview.warnings), 'warning')}; "
            "also records the upload and a revision per figure"
        ),
        error="" if held == args.rows else f"{held:,} figures held, expected {args.rows:,}",
    )
    return 0


def measure_iexp(args):
    from indicators.models import Figure

    from .iexp import BATCH_SIZE, first_problem, import_file

    empty_figures()
    baseline = harness.peak_mb()
    start = time.perf_counter()
    result = import_file(args.file)
    seconds = time.perf_counter() - start
    peak = harness.peak_mb()
    held = Figure.objects.count()
    problem = first_problem(result)
    if not problem and held != args.rows:
        problem = f"{held:,} figures held, expected {args.rows:,}"
    harness.report(
        rows=held,
        seconds=seconds,
        peak_mb=peak,
        baseline_mb=baseline,
        note=(
            f"bulk mode, batch_size={BATCH_SIZE}, skip_diff, natural-key lookups; "
            f"{result.totals['new']:,} new; writes figures only"
        ),
        error=problem,
    )
    return 0


def plural(count, word):
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def print_profile(profiler, limit=25):
    """Where the time went: our own functions by cumulative time, then everything by own time."""
    for title, sort, restrictions in (
        ("our code, by cumulative time", "cumulative", (r"/indicators/", limit)),
        ("everything, by own time", "tottime", (limit,)),
    ):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(*restrictions)
        print(f"\n--- {title} ---")
        print(trim_profile(out.getvalue()))


def trim_profile(text):
    """Drop pstats' preamble and shorten site-packages paths, so the lines fit a terminal."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    base = str(harness.BASE_DIR) + "/"
    return "\n".join(
        line.replace(base, "").replace(sys.prefix + "/lib/", "")
        for line in lines[start:]
        if line.strip()
    )


if __name__ == "__main__":
    sys.exit(main())
