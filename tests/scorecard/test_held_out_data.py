"""A held-out data set: the scorecard, its page and its exports agree with the pure rules for
every indicator of a data set the pages were never developed against.

The data set is made here with a seed of its own (not by the demo's code), written as a real
.xlsx and imported by the `import_extract` command: 30 months of every catalogue indicator to
June 2025, with unusable, missing and provisional figures, figures on the RAG boundaries, ties,
SPC signals, short series, year-to-date counts, team figures beside the headline ones, precisions
an analyst tuned, and thresholds that change on 1 April 2025.
"""

import csv
import io
import random
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils.html import escape
from openpyxl import load_workbook

from indicators import roles
from indicators.catalogue import install_catalogue
from indicators.choices import Direction, Rag, Status, Unit
from indicators.models import Figure, Indicator, Threshold
from indicators.periods import add_months, month_range
from scorecard import spc
from scorecard.presenters import Scorecard
from tests.conftest import make_user
from tests.scorecard.expected import expected_rows
from tests.workbooks import workbook_bytes

# Marked so pytest-django runs every test here with the database tests, before the
# transactional ones that flush the roles the migrations made.
pytestmark = pytest.mark.django_db

SEED = 20250630
MONTHS = month_range(date(2023, 1, 1), date(2025, 6, 1))
APRIL_2024, JANUARY_2025 = date(2024, 4, 1), date(2025, 1, 1)
APRIL_2025, MAY_2025, JUNE_2025 = date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)
# The last month, two Aprils (the first under new thresholds), the month after the change, and
# a month in which many figures are unusable.
CHECKED = [JUNE_2025, APRIL_2025, MAY_2025, APRIL_2024, JANUARY_2025]
ROW = re.compile(
    r'<th scope="row" class="indicator-cell"><a href="/indicators/(\w+)/.*?</tr>', re.S
)

# green_at, red_at and target from 1 April 2025 (AD1 has none before).
NEW_THRESHOLDS = {
    "CLA9": (96, 92, 96), "CL6": (96, 88, 96), "WF1": (15, 19, 15), "CT1": (24, 30, 24),
    "F2": (24, 14, 24), "AD1": (30, 20, 30),
}  # fmt: skip
# Level and spread for indicators with no thresholds, or whose story needs another level.
LEVELS = {
    "CLA1": (400, 15), "CLA2": (70, 3), "CLA3": (30, 3), "CLA7": (25, 4), "CLA8": (20, 3),
    "H7": (14, 2), "F1": (120, 5), "CLA15": (80, 2), "CT2": (38, 2),
}  # fmt: skip
# Year-to-date counts: the most added in a month.
YEAR_TO_DATE_STEPS = {"CLA4": 12, "CLA5": 10, "AD1": 2, "F2": 3}
FIRST_MONTHS = {"H7": date(2024, 9, 1), "AD6": JANUARY_2025, "F1": JUNE_2025}  # short series
SHIFTED = {"CLA9": 1, "CLA17": -1}  # the last nine months moved well above or below the level
SHIFT_FROM = date(2024, 10, 1)
FIGURES = {
    # On a boundary in force (pro-rated for F2 and AD1), or on an old one that the thresholds of
    # April 2025 rate otherwise (WF1 in June, CT1 in April, CL6 in May).
    ("CL1", JUNE_2025): 95, ("CL6", JUNE_2025): 88, ("WF2", JUNE_2025): 20,
    ("CT1", JUNE_2025): 24, ("WF1", JUNE_2025): 16, ("CT1", APRIL_2025): 25,
    ("CL6", MAY_2025): 87, ("F2", APRIL_2025): 2, ("F2", MAY_2025): 3, ("F2", JUNE_2025): 4,
    ("AD1", APRIL_2025): 3, ("AD1", MAY_2025): 5, ("AD1", JUNE_2025): 8,
    # Ties with the month before, exact or too small to show.
    ("CL1", MAY_2025): 95, ("CLA13", MAY_2025): 98, ("CLA13", JUNE_2025): Decimal("98.04"),
    ("CLA5", APRIL_2025): 6, ("CLA5", MAY_2025): 6, ("CLA5", JUNE_2025): 15,
    # Outside the process limits.
    ("CLA10", JUNE_2025): 45, ("CLA14", JUNE_2025): 20, ("CLA1", JUNE_2025): 490,
    # Seven falling.
    **{("CLA3", add_months(JUNE_2025, n - 6)): 40 - 2 * n for n in range(7)},
}  # fmt: skip


def statuses(month, status, *codes):
    return {(code, month): status for code in codes}


# Unavailable figures have no value; unreliable ones keep theirs. January 2025 is a bad month.
STATUSES = {
    **statuses(JANUARY_2025, Status.UNAVAILABLE, "CLA10", "CLA12", "H2", "H3", "AD4", "F4", "CL1",
               "CL7", "WF1"),
    **statuses(JANUARY_2025, Status.UNRELIABLE, "CLA14", "CLA17", "F5", "CT2", "CLA2", "CLA4",
               "F2"),
    **statuses(JUNE_2025, Status.PROVISIONAL, "CLA9", "CL1", "F2", "AD7", "CLA1", "CLA4"),
    ("CL5", JUNE_2025): Status.UNAVAILABLE, ("F4", MAY_2025): Status.UNAVAILABLE,
    ("CLA12", APRIL_2024): Status.UNAVAILABLE, ("CL3", JUNE_2025): Status.UNRELIABLE,
    ("H3", APRIL_2025): Status.UNRELIABLE,
}  # fmt: skip
MISSING = {
    *((code, JANUARY_2025) for code in ("H4", "CL3", "ED1", "AD1")),
    ("ED5", JUNE_2025), ("WF2", date(2025, 3, 1)), ("ED1", date(2024, 6, 1)), ("F6", APRIL_2024),
}  # fmt: skip
BLANK = {("CLA13", JANUARY_2025), ("CT1", JANUARY_2025)}  # a row with no value and no status
# Team figures far from the headline ones, which headline rows must never read.
TEAM_FIGURES = [
    (code, month, team)
    for code in ("CL1", "CLA9", "CLA10", "WF1")
    for month in (APRIL_2025, MAY_2025, JUNE_2025)
    for team in ("North", "South")
]
PRECISIONS = {"CL7": 0, "CLA2": 2}  # as an analyst might tune them
REASONS = {
    Status.UNAVAILABLE: "Not received from the case-management system in time.",
    Status.UNRELIABLE: "Recording backlog after the system upgrade; figure under review.",
    Status.PROVISIONAL: "Provisional until the month's late recording is in.",
}


@dataclass(frozen=True)
class Entry:
    value: Decimal | None
    status: str = Status.OK
    numerator: int | None = None
    denominator: int | None = None


@dataclass
class HeldOut:
    entries: dict  # (code, month) -> Entry
    expected: dict  # month -> expected_rows(month)


# The data set -------------------------------------------------------------------------------


def held_out_entries(indicators, thresholds):
    rng = random.Random(SEED)
    entries = {}
    for indicator in indicators:
        values = series(rng, indicator, thresholds.get(indicator.code))
        for month, value in values.items():
            entries[indicator.code, month] = entry(rng, indicator, month, value)
    return {key: e for key, e in entries.items() if key not in MISSING}


def series(rng, indicator, threshold):
    """The indicator's values by month, before statuses: noise about a level, then the story."""
    months = [m for m in MONTHS if m >= FIRST_MONTHS.get(indicator.code, MONTHS[0])]
    if indicator.code in YEAR_TO_DATE_STEPS:
        values = year_to_date(rng, months, YEAR_TO_DATE_STEPS[indicator.code])
    else:
        level, spread = LEVELS.get(indicator.code) or level_between(threshold)
        shift = SHIFTED.get(indicator.code, 0) * Decimal("2.2") * spread
        values = {
            m: level + spread * Decimal(rng.uniform(-1, 1)) + (shift if m >= SHIFT_FROM else 0)
            for m in months
        }
    for month in values:
        values[month] = Decimal(FIGURES.get((indicator.code, month), values[month]))
    return values


def level_between(threshold):
    green, red = threshold.green_at, threshold.red_at
    return (green + red) / 2, abs(green - red) * Decimal("0.75")


def year_to_date(rng, months, most):
    values, total = {}, 0
    for month in months:
        total = (0 if month.month == 4 else total) + rng.randint(0, most)
        values[month] = total
    return values


def entry(rng, indicator, month, value):
    key = (indicator.code, month)
    status = STATUSES.get(key, Status.OK)
    if status == Status.UNAVAILABLE or key in BLANK:
        return Entry(None, status)
    if indicator.unit != Unit.PERCENT:
        return Entry(rounded(value, indicator.precision + (indicator.unit != Unit.COUNT)), status)
    return percentage(rng, min(max(value, Decimal(0)), Decimal(100)), status, key in FIGURES)


def percentage(rng, value, status, exact):
    """A percentage with its counts: value given exactly (out of 200 where it can be), or counts
    out of a random denominator and the value they make, to one place."""
    if exact:
        whole = value * 2 == int(value * 2)
        return Entry(value, status, *((int(value * 2), 200) if whole else (None, None)))
    denominator = rng.randint(40, 240)
    numerator = int(rounded(value * denominator / 100, 0))
    return Entry(rounded(Decimal(100 * numerator) / denominator, 1), status, numerator, denominator)


def rounded(number, places):
    return Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def workbook(entries):
    """The long layout, rows shuffled, periods as dates or as an analyst's text."""
    rng = random.Random(SEED + 1)
    rows = [workbook_row(code, month, e) for (code, month), e in entries.items()]
    rows += [[code, month, rounded(rng.uniform(1, 99), 1), None, None, "", "", "team", team]
             for code, month, team in TEAM_FIGURES]  # fmt: skip
    rng.shuffle(rows)
    header = ["Indicator", "Period", "Value", "Numerator", "Denominator", "Status", "Commentary",
              "Breakdown", "Category"]  # fmt: skip
    return workbook_bytes([header, *rows], title="CLA extract")


def workbook_row(code, month, e):
    period = f"{month:%b-%y}" if month.year == 2023 else month
    value = "n/a" if e.status == Status.UNAVAILABLE and month.month % 2 else e.value
    status = "" if e.status == Status.OK and month.year != 2024 else e.status
    reason = REASONS.get(e.status, "")
    return [code, period, value, e.numerator, e.denominator, status, reason, "", ""]


def add_new_thresholds():
    ids = dict(Indicator.objects.values_list("code", "id"))
    Threshold.objects.bulk_create(
        Threshold(indicator_id=ids[code], effective_from=APRIL_2025, green_at=green,
                  red_at=red, target=target)
        for code, (green, red, target) in NEW_THRESHOLDS.items()
    )  # fmt: skip


@pytest.fixture(scope="module")
def held_out(django_db_setup, django_db_blocker, tmp_path_factory):
    """The catalogue, the new thresholds and the held-out workbook imported once for the
    module, in a transaction undone when the module ends."""
    folder = tmp_path_factory.mktemp("held_out")
    with django_db_blocker.unblock(), transaction.atomic():
        install_catalogue()
        catalogue = {t.indicator.code: t for t in Threshold.objects.select_related("indicator")}
        add_new_thresholds()
        for code, precision in PRECISIONS.items():
            Indicator.objects.filter(code=code).update(precision=precision)
        entries = held_out_entries(Indicator.objects.order_by("code"), catalogue)
        (folder / "held-out.xlsx").write_bytes(workbook(entries))
        with override_settings(MEDIA_ROOT=folder / "media"):
            call_command("import_extract", str(folder / "held-out.xlsx"), stdout=io.StringIO())
        make_user(roles.PANEL_MEMBER, "held-out-panel")
        yield HeldOut(entries, {month: expected_rows(month) for month in CHECKED})
        transaction.set_rollback(True)


@pytest.fixture
def panel(held_out, db, client):
    client.force_login(User.objects.get(username="held-out-panel"))
    return client


# What is compared ---------------------------------------------------------------------------


def disagreements(month, got, expected):
    """Every (indicator, what) on which `got` and the pure rules differ, said in full."""
    assert set(got) == set(expected), f"{month:%Y-%m}: indicators shown differ"
    return [
        f"{code} {month:%Y-%m} {name}: shown {said(got[code][name])}, "
        f"the rules say {said(expected[code][name])}"
        for code in sorted(got)
        for name in got[code]
        if got[code][name] != expected[code][name]
    ]


def said(answer):
    if isinstance(answer, spc.SpcResult):
        return (
            f"{answer.variation}/{answer.assurance} (mean {answer.mean}, limits "
            f"{answer.lower_limit} to {answer.upper_limit}, points {answer.points})"
        )
    return repr(answer)


def from_rows(rows):
    return {
        row.indicator.code: {"rag": row.rag, "previous": row.previous.direction,
                             "last_year": row.last_year.direction, "spc": row.spc}
        for row in rows
    }  # fmt: skip


def from_html(html):
    return {m.group(1): cells_said(m.group(0)) for m in ROW.finditer(html)}


def cells_said(cells):
    return {
        "rag": first(r"rag rag--(\w+)", cells),
        "reason": first(r'rag--none">No rating</span><br><span class="hint">([^<]*)', cells),
        "shown": re.findall(r"dot dot--(\w+)", cells),
        "spc": first(r"spc spc--(\w+)", cells),
        "assurance": [a.value for a in spc.Assurance if a.label in cells],
    }


def first(pattern, text):
    found = re.search(pattern, text)
    return found and found.group(1)


def html_expected(expected):
    return {
        code: {
            "rag": wanted["rag"].rating,
            "reason": escape(wanted["rag"].reason) if wanted["rag"].rating == Rag.NONE else None,
            "shown": wanted["shown"],
            "spc": wanted["spc"].variation,
            "assurance": [wanted["spc"].assurance] if wanted["spc"].assurance else [],
        }
        for code, wanted in expected.items()
    }


def from_csv(text):
    return {
        line["Code"]: {"rag": line["RAG"], "previous": line["Direction (previous month)"],
                       "last_year": line["Direction (last year)"], "spc": line["SPC"],
                       "assurance": line["SPC assurance"], "spc_note": line["SPC note"]}
        for line in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    }  # fmt: skip


def in_words(expected):
    return {
        code: {"rag": wanted["rag"].rating.label, "previous": wanted["previous"].label,
               "last_year": wanted["last_year"].label, "spc": wanted["spc"].variation.label,
               "assurance": wanted["spc"].assurance.label if wanted["spc"].assurance else "",
               "spc_note": trial_note(wanted["spc"])}
        for code, wanted in expected.items()
    }  # fmt: skip


def trial_note(result):
    """Limits from fewer than 12 figures are trial ones, and the export says so."""
    has_limits = result.mean is not None
    return "Trial limits: fewer than 12 figures" if has_limits and result.trial else ""


# The checks ---------------------------------------------------------------------------------


def test_the_workbook_is_imported_figure_for_figure(held_out, db):
    held = {
        (f.indicator.code, f.month): (f.value, f.status)
        for f in Figure.objects.headline().select_related("indicator")
    }
    assert held == {key: (e.value, e.status) for key, e in held_out.entries.items()}
    assert Indicator.objects.exclude(code__in={code for code, _ in held}).count() == 0
    assert Figure.objects.breakdowns().count() == len(TEAM_FIGURES)


@pytest.mark.parametrize("month", CHECKED, ids=[f"{m:%Y-%m}" for m in CHECKED])
def test_every_rows_rag_direction_and_spc_agree_with_the_pure_rules(held_out, db, month):
    rows = Scorecard(month, scope="all").rows
    expected = held_out.expected[month]
    wanted = {code: {n: w[n] for n in ("rag", "previous", "last_year", "spc")}
              for code, w in expected.items()}  # fmt: skip
    found = disagreements(month, from_rows(rows), wanted)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("month", CHECKED, ids=[f"{m:%Y-%m}" for m in CHECKED])
def test_the_rendered_scorecard_agrees_with_the_pure_rules(panel, held_out, month):
    html = panel.get(f"/scorecard/?month={month:%Y-%m}&scope=all").content.decode()
    found = disagreements(month, from_html(html), html_expected(held_out.expected[month]))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("month", CHECKED, ids=[f"{m:%Y-%m}" for m in CHECKED])
def test_the_csv_export_says_the_pure_rules_rag_directions_and_spc(panel, held_out, month):
    text = panel.get(f"/scorecard/scorecard.csv?month={month:%Y-%m}&scope=all").content
    found = disagreements(month, from_csv(text.decode()), in_words(held_out.expected[month]))
    assert not found, "\n".join(found)


def test_the_xlsx_export_gives_the_pure_rules_rag_for_every_indicator(panel, held_out):
    for month in CHECKED:
        response = panel.get(f"/scorecard/scorecard.xlsx?month={month:%Y-%m}&scope=all")
        sheet = load_workbook(io.BytesIO(response.content))["Scorecard"]
        header = [cell.value for cell in sheet[1]]
        code, rag = header.index("Code"), header.index("RAG")
        got = {row[code]: {"rag": row[rag]} for row in sheet.iter_rows(2, values_only=True)}
        wanted = {c: {"rag": w["rag"]} for c, w in in_words(held_out.expected[month]).items()}
        found = disagreements(month, got, wanted)
        assert not found, "\n".join(found)


# The data set is hostile enough for the agreement to mean something ---------------------------


def everything_expected(held_out):
    return [w for rows in held_out.expected.values() for w in rows.values()]


def test_the_data_set_gives_every_rag_rating(held_out):
    ratings = {w["rag"].rating for w in everything_expected(held_out)}
    reasons = {w["rag"].reason for w in everything_expected(held_out)}
    assert ratings == set(Rag)
    assert {
        "Context measure: no rating",
        "No figure",
        "No thresholds set for this month",
    } <= reasons
    assert any(r.endswith("(provisional figure)") for r in reasons)
    assert any(r.startswith("Figure unavailable: ") for r in reasons)
    assert any(r.startswith("Figure unreliable: ") for r in reasons)


def test_the_data_set_gives_every_direction_of_travel(held_out):
    wanted = everything_expected(held_out)
    assert {w[name] for w in wanted for name in ("previous", "last_year")} == set(Direction)
    assert {d for w in wanted for d in w["shown"]} == set(Direction)


def test_the_data_set_gives_every_spc_variation_and_assurance(held_out):
    results = [w["spc"] for w in everything_expected(held_out)]
    assert {r.variation for r in results} == set(spc.Variation)
    assert {r.assurance for r in results} == {*spc.Assurance, None}
    assert any(r.trial and r.mean is not None for r in results)
    rules = {rule for r in results if r.latest for rule in r.latest.rules}
    assert {spc.Rule.OUTSIDE_LIMITS, spc.Rule.TREND, spc.Rule.SHIFT} <= rules


def test_the_data_set_has_a_month_in_which_many_figures_are_unusable(held_out):
    january = held_out.expected[JANUARY_2025].values()
    assert sum(w["spc"].variation == spc.Variation.NO_FIGURE for w in january) >= 15


def test_the_data_set_has_figures_on_the_green_and_red_boundaries(held_out, db):
    on = set()
    indicators = Indicator.objects.prefetch_related("thresholds")
    for indicator, month in ((i, m) for i in indicators for m in CHECKED):
        in_force = indicator.thresholds_for(
            [t.as_rule() for t in indicator.thresholds.all()], month
        )
        e = held_out.entries.get((indicator.code, month))
        if in_force and e and e.value is not None:
            on |= {name for name in ("green_at", "red_at") if e.value == getattr(in_force, name)}
    assert on == {"green_at", "red_at"}
