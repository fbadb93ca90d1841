"""A large, realistic long-layout extract for the import benchmark (no Django needed).

Every figure has its own key (indicator, month, breakdown, category): the catalogue's real
codes, headline rows plus team, locality, age band, gender, ethnicity, legal status and UASC
breakdowns, over as many months (ending last month, never in the future) as the row count
needs. Numbers agree with their units: percentages are whole counts with the numerator within
the denominator and value = 100 × numerator ÷ denominator to one place; averages and rates are
total ÷ count; a few figures are provisional or unavailable with a reason.
"""

import csv
import math
import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zipfile import ZipFile

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CATALOGUE_CSV = Path(__file__).resolve().parent.parent / "fixtures" / "catalogue.csv"
HEADERS = (
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "breakdown",
    "category",
    "status",
    "commentary",
)
BREAKDOWNS = {
    "team": (
        "Northgate",
        "Eastfield",
        "Riverside",
        "Westmere Central",
        "Hillcrest",
        "Lancaster",
        "Meadowbank",
        "Harbour",
    ),
    "locality": ("North", "South", "East", "West", "Central"),
    "age_band": ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"),
    "gender": ("Female", "Male"),
    "ethnicity": (
        "White",
        "Mixed or multiple ethnic groups",
        "Asian or Asian British",
        "Black or Black British",
        "Other ethnic group",
        "Not recorded",
    ),
    "legal_status": (
        "Interim care order",
        "Full care order",
        "Placement order",
        "Section 20",
        "Remanded",
    ),
    "uasc": ("UASC", "Not UASC"),
}
GROUPS = [("", "")] + [(b, c) for b, categories in BREAKDOWNS.items() for c in categories]
ONE_PLACE = Decimal("0.1")


def catalogue(path=CATALOGUE_CSV):
    """(code, unit) for every indicator in the standard catalogue, in file order."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [(row["code"], row["unit"]) for row in csv.DictReader(handle)]


def months_back(last, count):
    """`count` first-of-month dates ending with `last`, oldest first."""
    index = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def last_full_month(today):
    return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)


def keys(rows, today, indicators):
    """The first `rows` keys, newest months last, each month every indicator and every group."""
    per_month = len(indicators) * len(GROUPS)
    months = months_back(last_full_month(today), math.ceil(rows / per_month))
    produced = 0
    for month in months:
        for code, unit in indicators:
            for breakdown, category in GROUPS:
                if produced == rows:
                    return
                produced += 1
                yield code, unit, month, breakdown, category


def rounded(number, places=1):
    return float(Decimal(str(number)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def numbers(rng, unit, headline):
    """(value, numerator, denominator) consistent with the unit; counts smaller in breakdowns."""
    scale = 1 if headline else 0.15
    if unit == "percent":
        denominator = max(1, round(rng.randint(40, 420) * scale))
        numerator = round(denominator * rng.uniform(0.45, 1.0))
        value = (Decimal(100 * numerator) / denominator).quantize(ONE_PLACE, ROUND_HALF_UP)
        return float(value), numerator, denominator
    if unit == "count":
        return max(0, round(rng.randint(5, 480) * scale)), None, None
    if unit == "rate_per_10k":
        children = max(0, round(rng.randint(150, 400) * scale))
        population = round(rng.uniform(4.2, 5.8) * (1 if headline else scale), 4)  # 10,000s
        return rounded(children / population), children, population
    if unit == "number":  # e.g. average caseload per FTE social worker
        fte = round(rng.uniform(8, 60) * (1 if headline else 0.3) + 1, 1)
        cases = round(fte * rng.uniform(12, 22))
        return rounded(cases / fte), cases, fte
    count = max(1, round(rng.randint(8, 60) * scale))  # averages: days, weeks, scores
    mean = {"days": rng.uniform(250, 600), "weeks": rng.uniform(30, 60)}.get(
        unit, rng.uniform(11, 18)
    )
    total = round(mean * count)
    return rounded(total / count, 0 if unit == "days" else 1), total, count


def row(rng, code, unit, month, breakdown, category):
    period = f"{month:%Y-%m}"
    draw = rng.random()
    if draw < 0.005:
        reason = "Not available: the case-management report failed this month."
        return (code, period, None, None, None, breakdown, category, "unavailable", reason)
    value, numerator, denominator = numbers(rng, unit, not breakdown)
    status, commentary = None, None
    if draw < 0.02:
        status, commentary = "provisional", "Provisional until the data quality checks finish."
    elif draw < 0.05:
        commentary = "Reviewed by the head of service; see the action log."
    return (code, period, value, numerator, denominator, breakdown, category, status, commentary)


def write_workbook(path, rows, today, seed=2024):
    """Write `rows` figures to `path` (.xlsx, streamed) and return the months they cover."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Figures")
    sheet.append(HEADERS)
    months = set()
    for code, unit, month, breakdown, category in keys(rows, today, catalogue()):
        months.add(month)
        # A headline row leaves breakdown and category blank, as analysts' files do.
        sheet.append(row(rng, code, unit, month, breakdown or None, category or None))
    book.save(path)
    add_dimension(path, f"A1:{get_column_letter(len(HEADERS))}{rows + 1}")
    return sorted(months)


def add_dimension(path, ref):
    """Add the <dimension> Excel always writes and openpyxl's write-only mode leaves out.

    Without it openpyxl's read-only mode (which django-import-export uses) returns rows cut
    short at their last filled cell, and tablib refuses the ragged rows.
    """
    path = Path(path)
    rewritten = path.with_suffix(".tmp")
    element = f'<dimension ref="{ref}"/><sheetViews>'.encode()
    with ZipFile(path) as source, ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<sheetViews>", element, 1)
            target.writestr(item, data)  # keeps each member's compression
    rewritten.replace(path)
