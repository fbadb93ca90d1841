"""Installing the standard indicator catalogue and the published England benchmarks."""

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import pluralize

from .choices import (
    DEFAULT_PRECISION,
    LARGEST_FIGURE,
    BenchmarkSource,
    PeriodType,
    Polarity,
    Unit,
)
from .models import FIRST_YEAR, LAST_YEAR, Benchmark, Indicator, Threshold
from .periods import add_months

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CATALOGUE_COLUMNS = (
    *("code", "name", "definition", "service_area", "unit", "polarity", "period_type"),
    *("numerator", "denominator", "national_measure", "headline"),
)
BENCHMARK_COLUMNS = ("code", "year", "value")
CATALOGUE_CSV = FIXTURES / "catalogue.csv"
BENCHMARKS_CSV = FIXTURES / "benchmarks_england.csv"
DEFAULT_THRESHOLDS_FROM = date(2020, 4, 1)


class CatalogueError(ValueError):
    """The catalogue files say something we cannot install; the message says where."""


@dataclass
class CatalogueReport:
    created: int = 0
    updated: int = 0
    thresholds_added: int = 0
    benchmarks_added: int = 0
    benchmarks_updated: int = 0
    corrections_replaced: int = 0
    corrections_kept: list = field(default_factory=list)

    def __str__(self):
        return " ".join([
            f"{self.created + self.updated} indicators ({self.created} new, {self.updated} "
            f"updated), {self.thresholds_added} default threshold sets added.",
            f"England benchmarks: {self.benchmarks_added} added, {self.benchmarks_updated} "
            f"updated from the file{self._replaced()}.",
            self._kept(),
        ]).strip()  # fmt: skip

    def _replaced(self):
        count = self.corrections_replaced
        return f", {count} correction{pluralize(count)} made in the admin replaced" if count else ""

    def _kept(self):
        if not self.corrections_kept:
            return ""
        count = len(self.corrections_kept)
        return (
            f"{count} corrected in the admin differ{pluralize(count, 's,')} from the file and "
            f"{pluralize(count, 'was,were')} kept ({', '.join(self.corrections_kept)}): run again "
            "with --overwrite-benchmarks to take the file's."
        )


# What a council's analysts tune for their own panel in the admin, so that a reload (on every
# deploy) keeps theirs: the catalogue gives these only to an indicator it creates.
COUNCILS_CHOICES = frozenset(
    {"precision", "is_headline", "display_order", "is_active", "service_area"}
)


@transaction.atomic
def install_catalogue(
    catalogue_csv=CATALOGUE_CSV, benchmarks_csv=BENCHMARKS_CSV, overwrite_benchmarks=False
):
    """Create or update every indicator in place; add default thresholds only where none exist;
    add or update England benchmarks, but keep those corrected in the admin unless told to
    overwrite them."""
    Indicator.objects.lock()  # all of them first, as imports do, so the two never deadlock
    report = CatalogueReport()
    for order, row in enumerate(_read_csv(catalogue_csv, CATALOGUE_COLUMNS), start=1):
        fields = _indicator_fields(row, order)
        standard = {name: value for name, value in fields.items() if name not in COUNCILS_CHOICES}
        indicator, created = Indicator.objects.update_or_create(
            code=row["code"].strip().upper(),
            defaults=standard,
            create_defaults={**fields, "precision": DEFAULT_PRECISION[fields["unit"]]},
        )
        report.created += created
        report.updated += not created
        report.thresholds_added += _add_default_thresholds(indicator, row)
    _install_england_benchmarks(benchmarks_csv, overwrite_benchmarks, report)
    return report


def _indicator_fields(row, order):
    unit = _choice(Unit, row, "unit")
    return {
        "name": row["name"].strip(),
        "definition": row["definition"].strip(),
        "service_area": row["service_area"].strip(),
        "unit": unit,
        "polarity": _choice(Polarity, row, "polarity"),
        "period_type": _choice(PeriodType, row, "period_type"),
        "numerator_description": row["numerator"].strip(),
        "denominator_description": row["denominator"].strip(),
        "national_measure": row["national_measure"].strip(),
        "is_headline": row["headline"].strip().lower() == "yes",
        "display_order": order,
        "is_active": True,
    }


def _add_default_thresholds(indicator, row):
    green_at, red_at = _number(row, "green_at"), _number(row, "red_at")
    if green_at is None or red_at is None or indicator.thresholds.exists():
        return 0
    Threshold.objects.create(
        indicator=indicator,
        effective_from=DEFAULT_THRESHOLDS_FROM,
        green_at=green_at,
        red_at=red_at,
        target=_number(row, "target"),
    )
    return 1


def _install_england_benchmarks(path, overwrite, report):
    """The file's figures, added or updated, except where someone corrected one in the admin (DfE
    revises figures): that correction is kept and named, unless `overwrite`, until the file
    agrees with it."""
    path = Path(path)
    indicators = {i.code: i for i in Indicator.objects.all()}
    england = Benchmark.objects.filter(source=BenchmarkSource.ENGLAND)
    held = {(benchmark.indicator_id, benchmark.year): benchmark for benchmark in england}
    first_line = {}
    for line, row in enumerate(_read_csv(path, BENCHMARK_COLUMNS), start=2):
        where = f"{path.name} line {line}"
        code, year = _benchmark_key(row, indicators, where)
        if (code, year) in first_line:
            raise CatalogueError(
                f"{where}: {code} {year} is given on line {first_line[code, year]} too."
            )
        first_line[code, year] = line
        fields = _benchmark_fields(row, where)
        benchmark = held.get((indicators[code].id, year))
        if benchmark is None:
            Benchmark.objects.create(
                indicator=indicators[code], source=BenchmarkSource.ENGLAND, year=year, **fields
            )
            report.benchmarks_added += 1
        elif any(getattr(benchmark, name) != value for name, value in fields.items()):
            if benchmark.corrected and not overwrite:
                report.corrections_kept.append(f"{code} {year}")
                continue
            report.corrections_replaced += benchmark.corrected
            report.benchmarks_updated += not benchmark.corrected
            _take_the_files(benchmark, fields)
        elif benchmark.corrected:  # the file has caught up with the correction
            _take_the_files(benchmark, fields)


def _take_the_files(benchmark, fields):
    for name, value in fields.items():
        setattr(benchmark, name, value)
    benchmark.corrected = False
    benchmark.save(update_fields=[*fields, "corrected"])  # saved, so the audit log records it


def _benchmark_key(row, indicators, where):
    code = row["code"].strip().upper()
    if code not in indicators:
        raise CatalogueError(f"{where}: unknown indicator code {code!r}.")
    try:
        year = int(row["year"])
    except ValueError:
        raise CatalogueError(f"{where}: the year {row['year']!r} is not a year.") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CatalogueError(f"{where}: the year {year} is not from {FIRST_YEAR} to {LAST_YEAR}.")
    return code, year


def _benchmark_fields(row, where):
    return {
        "value": _number(row, "value"),
        **_publication(row, where),
        "note": row.get("note", "").strip(),
    }


def _read_csv(path, columns):
    """Every row of a CSV file that has `columns` (a short row's missing cells are blank)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, restval="")
            rows = list(reader)
    except FileNotFoundError:
        raise CatalogueError(f"Catalogue file not found: {path}") from None
    except UnicodeDecodeError:
        raise CatalogueError(f"{path.name} is not text in UTF-8: save it as CSV UTF-8.") from None
    except (OSError, csv.Error) as error:
        raise CatalogueError(f"{path} cannot be read: {error}.") from None
    missing = [column for column in columns if column not in (reader.fieldnames or ())]
    if missing:
        raise CatalogueError(f"{path.name} has no column named {', '.join(missing)}.")
    return rows


def _choice(choices, row, column):
    raw = row[column].strip()
    if raw not in choices.values:
        raise CatalogueError(
            f"Indicator {row['code']}: {column} {raw!r} is not one of {choices.values}."
        )
    return choices(raw)


def _published(row, where):
    """The optional "published" column: the month (YYYY-MM) or day (YYYY-MM-DD) the figure came
    out, for figures not on the usual timetable of a year to 31 March out that November."""
    raw = (row.get("published") or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw if len(raw) > 7 else f"{raw}-01")
    except ValueError as error:
        raise CatalogueError(
            f"{where}: published {raw!r} is not a month like 2025-02 or a date like 2025-02-27."
        ) from error


def _publication(row, where):
    """When the figure came out and, if not March, the month its period ended: a figure off the
    usual timetable needs both, since it cannot be assumed out in the November after March."""
    published_on, period_end = _published(row, where), _period_end(row, where)
    if period_end and not (published_on and published_on >= add_months(period_end, 1)):
        raise CatalogueError(
            f"{where}: a figure for a period ending in {period_end:%B %Y} needs the month it was "
            "published, after that, in the published column."
        )
    return {"published_on": published_on, "period_end": period_end}


def _period_end(row, where):
    """The optional "period_end" column: the month (YYYY-MM) in the figure's year that its period
    ends, where that is not March (the workforce at 30 September, say)."""
    raw = (row.get("period_end") or "").strip()
    if not raw:
        return None
    try:
        month = date.fromisoformat(f"{raw}-01")
    except ValueError:
        month = None
    if month is None or month.year != int(row["year"]):
        raise CatalogueError(
            f"{where}: period_end {raw!r} is not a month of {row['year']} like {row['year']}-09."
        )
    return month


def _number(row, column):
    raw = (row.get(column) or "").strip()
    if not raw:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation as error:
        raise CatalogueError(
            f"Indicator {row['code']}: {column} {raw!r} is not a number."
        ) from error
    if not number.is_finite() or abs(number) > LARGEST_FIGURE:
        raise CatalogueError(
            f"Indicator {row['code']}: {column} {raw!r} is not a figure from "
            f"-{LARGEST_FIGURE:,} to {LARGEST_FIGURE:,}."
        )
    return number
