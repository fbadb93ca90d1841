"""A deterministic demonstration data set for a fictional council.

Every figure comes from a seeded generator per indicator, so the same `until` month gives the
same data on every machine. The story the panel should be able to find is written in on purpose:
the December dip in care plans, the month health assessments fell to 25%, a team behind the others.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from django.contrib.auth.models import Group, User
from django.db import transaction

from indicators import roles
from indicators.choices import BenchmarkSource, PeriodType, Status, Unit
from indicators.formatting import round_half_up
from indicators.imports import Change, apply_changes
from indicators.models import (
    FIGURE_STATE_FIELDS,
    Benchmark,
    Figure,
    Indicator,
    NeighbourFigure,
    Upload,
)
from indicators.periods import add_months, month_range, months_into_financial_year

MONTHS = 36

TUESDAY = 1  # date.weekday()

DEMO_USERS = [
    ("panel", "Priya", "Shah", roles.PANEL_MEMBER),
    ("analyst", "Alex", "Morgan", roles.ANALYST),
    ("officer", "Olu", "Adeyemi", roles.OFFICER),
    ("clerk", "Cath", "Lewis", roles.CLERK),
]

NEIGHBOURS = [
    "Ashbury", "Brackenfield", "Castlemoor", "Dunmere", "Elmsworth",
    "Fernley", "Greystone", "Hollinbrook", "Ironbridge Vale", "Kestrel Heath",
]  # fmt: skip

TEAMS = ["Northgate", "Riverside", "Eastfield", "Westbrook"]
TEAM_BEHIND = "Eastfield"
LOCALITIES = ["North", "South", "East", "West"]
AGE_BANDS = ["Under 1", "1-4", "5-9", "10-15", "16-17"]
ETHNICITIES = ["White", "Mixed", "Asian or Asian British", "Black or Black British", "Other"]


@dataclass(frozen=True)
class Profile:
    """How one indicator behaves: its level, how noisy it is, and the size of its cohort."""

    level: float
    noise: float
    cohort: int = 0  # denominator (children, households, cases) for proportions and averages
    drift: float = 0.0  # change per month, for a gentle trend
    monthly: float = 0.0  # for year-to-date counts: new items a month


PROFILES = {
    "CLA1": Profile(412, 6, drift=0.4),
    "CLA2": Profile(67.5, 1.0, cohort=61_200),  # population aged 0-17; children as in CLA1
    "CLA3": Profile(34, 2),
    "CLA4": Profile(0, 0, monthly=12),
    "CLA5": Profile(0, 0, monthly=11),
    "CLA7": Profile(22.5, 1.5, cohort=17_800),  # population aged 13-17
    "CLA8": Profile(17.0, 1.5, cohort=17_800),
    "CLA9": Profile(92.0, 1.2, cohort=200),
    "CLA10": Profile(89.0, 2.5, cohort=410),
    "CLA12": Profile(96.5, 1.0, cohort=30),
    "CLA13": Profile(98.8, 0.6, cohort=410),
    "CLA14": Profile(10.5, 1.0, cohort=410, drift=-0.03),
    "CLA15": Profile(68.0, 2.0, cohort=118),
    "CLA17": Profile(16.5, 1.2, cohort=395),
    "H2": Profile(82.0, 5.0, cohort=11),
    "H3": Profile(91.0, 2.0, cohort=300),
    "H4": Profile(80.0, 3.0, cohort=300, drift=0.12),
    "H7": Profile(14.6, 0.4, cohort=150),
    "AD1": Profile(0, 0, monthly=1.4),
    "AD4": Profile(150.0, 18.0, cohort=18),
    "AD6": Profile(72.0, 10.0, cohort=8),  # the small-denominator indicator
    "AD7": Profile(455.0, 30.0, cohort=18),
    "F1": Profile(138, 3),
    "F2": Profile(0, 0, monthly=1.6),
    "F4": Profile(92.0, 2.5, cohort=138),
    "F5": Profile(97.0, 1.5, cohort=120),
    "F6": Profile(95.0, 2.0, cohort=136),
    "CL1": Profile(93.5, 1.5, cohort=262),
    "CL3": Profile(52.0, 2.5, cohort=262),
    "CL5": Profile(88.5, 1.5, cohort=262),
    "CL6": Profile(90.0, 2.0, cohort=330),
    "CL7": Profile(22.0, 1.0, cohort=15),  # personal adviser FTE
    "ED1": Profile(91.0, 2.5, cohort=250),
    "ED5": Profile(57.0, 6.0, cohort=10),
    "WF1": Profile(16.2, 0.6, cohort=88),  # social worker FTE
    "WF2": Profile(16.0, 1.5, cohort=96),
    "CT1": Profile(33.0, 2.5, cohort=40),
    "CT2": Profile(48.0, 5.0, cohort=40),
}

UNAVAILABLE = {
    ("CLA17", 20): "Placement postcodes not available after the case-management upgrade.",
    ("CLA17", 21): "Placement postcodes not available after the case-management upgrade.",
    ("H4", 27): "Dental data not received from the integrated care board in time.",
}
UNRELIABLE = {("ED1", 30): "Start-of-term PEP data incomplete while schools re-registered."}


def demo_password(username):
    return f"{username}-demo-password"


def demo_is_loaded():
    return Figure.objects.exists()


@transaction.atomic
def load_demo(until):
    """Users, statistical-neighbour benchmarks and three years of figures up to `until`."""
    create_demo_users()
    months = month_range(add_months(until, -(MONTHS - 1)), until)
    indicators = list(Indicator.objects.active())
    figures = []
    for indicator in indicators:
        figures.extend(headline_figures(indicator, months))
    count_children_looked_after_once(figures)
    figures.extend(breakdown_figures({i.code: i for i in indicators}, figures, months))
    record_demo_upload(figures)
    create_neighbour_benchmarks(indicators)
    load_demo_commentary(until, indicators)
    load_demo_meetings(until)
    return len(figures)


def record_demo_upload(figures):
    """The demo goes in as an upload like any other, so its figures have a history."""
    upload = Upload(
        kind=Upload.Kind.DEMO, created_by_name="load_demo", file_name="Demonstration data"
    )
    changes = [
        Change(
            (f.indicator.id, f.month, f.breakdown, f.category),
            None,
            tuple(getattr(f, name) for name in FIGURE_STATE_FIELDS),
        )
        for f in figures
    ]
    apply_changes(upload, changes)


def create_demo_users():
    for username, first, last, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(demo_password(username))
            user.save()
        user.groups.add(Group.objects.get(name=role))


def headline_figures(indicator, months):
    profile = PROFILES.get(indicator.code, Profile(50, 5, cohort=100))
    generator = random.Random(f"demo-{indicator.code}")
    figures = []
    for index, month in enumerate(months):
        numerator, denominator, value = generate(indicator, profile, generator, index, month)
        figures.append(
            Figure(
                indicator=indicator,
                month=month,
                value=value,
                numerator=numerator,
                denominator=denominator,
                is_percentage=indicator.is_percentage,
            )
        )
    apply_story(indicator, figures, months)
    apply_statuses(indicator, figures)
    return figures


def generate(indicator, profile, generator, index, month):
    """(numerator, denominator, value) for one month, agreeing with each other."""
    level = profile.level + profile.drift * index + generator.gauss(0, profile.noise)
    if indicator.is_year_to_date_count:
        elapsed = months_into_financial_year(month)
        return None, None, Decimal(round(profile.monthly * elapsed + generator.random()))
    if indicator.unit == Unit.PERCENT:
        cohort = cohort_for(indicator, profile, generator, month)
        return proportion(min(max(level, 0), 100), cohort)
    if indicator.unit == Unit.RATE_PER_10K:
        return rate(round(level * profile.cohort / 10_000), profile.cohort)
    if profile.cohort:
        return average(level, profile.cohort, generator, indicator.unit)
    return None, None, Decimal(round(level))


def cohort_for(indicator, profile, generator, month):
    if indicator.period_type == PeriodType.YEAR_TO_DATE:
        return profile.cohort * months_into_financial_year(month)
    return max(profile.cohort + round(generator.gauss(0, profile.cohort * 0.03)), 1)


def proportion(percent, cohort):
    numerator = round(cohort * percent / 100)
    return Decimal(numerator), Decimal(cohort), percent_of(numerator, cohort)


def percent_of(numerator, denominator):
    return round_half_up(Decimal(numerator) * 100 / Decimal(denominator), 6)


def rate(count, population):
    """As the catalogue defines these rates: the denominator is the population itself."""
    count, population = Decimal(count), Decimal(population)
    return count, population, round_half_up(count * 10_000 / population, 6)


def count_children_looked_after_once(figures):
    """CLA2 is a rate of the children CLA1 counts, so the two must agree month by month."""
    counted = {f.month: f.value for f in figures if f.indicator.code == "CLA1"}
    for figure in figures:
        if figure.indicator.code == "CLA2" and counted.get(figure.month) is not None:
            figure.numerator, figure.denominator, figure.value = rate(
                counted[figure.month], figure.denominator
            )


def average(level, cohort, generator, unit):
    """Averages: the numerator is a total (days, cases); the denominator may be fractional FTE."""
    if unit == Unit.NUMBER:  # caseloads: cases over full-time equivalents
        fte = Decimal(str(round(cohort + generator.uniform(-2, 2), 1)))
        cases = Decimal(round(level * float(fte)))
        return cases, fte, round_half_up(cases / fte, 6)
    count = Decimal(max(cohort + round(generator.gauss(0, 2)), 1))
    total = Decimal(round(level * float(count)))
    return total, count, round_half_up(total / count, 6)


def apply_story(indicator, figures, months):
    by_month = {figure.month: figure for figure in figures}
    if indicator.code == "CLA9":
        december = latest_month_named(months, 12)
        if december and add_months(december, -3) in by_month:
            set_proportion(by_month[add_months(december, -3)], 181, 200)  # 90.5% in September
            set_proportion(by_month[add_months(december, -2)], 182, 200)  # 91.0% in October
            set_proportion(by_month[add_months(december, -1)], 168, 200)  # 84.0% in November
            set_proportion(by_month[december], 154, 200)  # 77.0% in December
    if indicator.code == "H2":
        april = latest_month_named(months, 4)
        if april in by_month:
            set_proportion(by_month[april], 3, 12)  # health assessments fall to 25%


def latest_month_named(months, month_number):
    matching = [m for m in months if m.month == month_number]
    return matching[-1] if matching else None


def set_proportion(figure, numerator, denominator):
    figure.numerator, figure.denominator = Decimal(numerator), Decimal(denominator)
    figure.value = percent_of(numerator, denominator)


def apply_statuses(indicator, figures):
    for index, figure in enumerate(figures):
        if (indicator.code, index) in UNAVAILABLE:
            figure.value = figure.numerator = figure.denominator = None
            set_status(figure, Status.UNAVAILABLE, UNAVAILABLE[(indicator.code, index)])
        elif (indicator.code, index) in UNRELIABLE:
            set_status(figure, Status.UNRELIABLE, UNRELIABLE[(indicator.code, index)])
    if indicator.code in ("H3", "CL3"):
        set_status(figures[-1], Status.PROVISIONAL, "Awaiting late recording; final next month.")


def set_status(figure, status, reason):
    """As in an extract, the reason for a status travels in the figure's commentary."""
    figure.status = status
    figure.status_reason = figure.commentary = reason


BREAKDOWNS = [
    ("CL6", "team", TEAMS),
    ("CLA9", "team", TEAMS),
    ("CLA1", "locality", LOCALITIES),
    ("CLA1", "age_band", AGE_BANDS),
    ("CLA1", "ethnicity", ETHNICITIES),
    ("CLA14", "age_band", AGE_BANDS),
    ("CLA14", "ethnicity", ETHNICITIES),
]
SHARES = {
    "team": [0.27, 0.26, 0.22, 0.25],
    "locality": [0.31, 0.24, 0.27, 0.18],
    "age_band": [0.05, 0.14, 0.19, 0.39, 0.23],
    "ethnicity": [0.72, 0.09, 0.07, 0.08, 0.04],
}


def breakdown_figures(indicators, headline, months):
    held = {(f.indicator.code, f.month): f for f in headline}
    figures = []
    for code, dimension, categories in BREAKDOWNS:
        if code not in indicators:
            continue
        generator = random.Random(f"demo-{code}-{dimension}")
        for month in months:
            total = held[(code, month)]
            if total.value is None:
                continue
            figures.extend(split(indicators[code], total, dimension, categories, generator))
    return figures


def split(indicator, total, dimension, categories, generator):
    """Categories adding up to the headline, their rates spread around its rate."""
    if not indicator.is_percentage:
        counts = apportion(int(total.value), SHARES[dimension])
        return [
            breakdown_figure(indicator, total, dimension, category, Decimal(count), None)
            for category, count in zip(categories, counts, strict=True)
        ]
    denominators = apportion(int(total.denominator), SHARES[dimension])
    rates = [category_rate(total, c, generator) for c in categories]
    weights = [d * r for d, r in zip(denominators, rates, strict=True)]
    numerators = apportion(int(total.numerator), weights, caps=denominators)
    return [
        breakdown_figure(indicator, total, dimension, category, numerator, denominator)
        for category, numerator, denominator in zip(
            categories, numerators, denominators, strict=True
        )
    ]


def breakdown_figure(indicator, total, dimension, category, count, denominator):
    """A count (numerator and denominator None) or a proportion of `denominator`."""
    return Figure(
        indicator=indicator,
        month=total.month,
        breakdown=dimension,
        category=category,
        value=count if denominator is None else category_value(count, denominator),
        numerator=None if denominator is None else Decimal(count),
        denominator=None if denominator is None else Decimal(denominator),
        is_percentage=indicator.is_percentage,
    )


def category_value(count, denominator):
    return percent_of(count, denominator) if denominator else None


def category_rate(total, category, generator):
    """Near the headline rate, one team well below it; `split` rescales them to add up."""
    gap = 18 if category == TEAM_BEHIND else 0
    return min(max(float(total.value) - gap + generator.gauss(0, 2), 0.5), 100)


def apportion(total, weights, caps=None):
    """Split a whole number in proportion to weights, largest remainders first, so the parts
    add up exactly; no part goes above its cap (a category's denominator)."""
    caps = caps or [total] * len(weights)
    if total > sum(caps):
        raise ValueError(f"{total} does not fit within {caps}.")
    weight = sum(weights)
    exact = [total * w / weight if weight else 0 for w in weights]
    parts = [min(int(e), cap) for e, cap in zip(exact, caps, strict=True)]
    for i in cycle(sorted(range(len(parts)), key=lambda i: parts[i] - exact[i])):
        if sum(parts) == total:
            return parts
        if parts[i] < caps[i]:
            parts[i] += 1


def create_neighbour_benchmarks(indicators):
    """Made-up statistical-neighbour figures beside each England figure, marked as demo."""
    england = Benchmark.objects.filter(source=BenchmarkSource.ENGLAND, indicator__in=indicators)
    for published in england.select_related("indicator"):
        if published.value is None:
            continue
        generator = random.Random(f"neighbours-{published.indicator.code}-{published.year}")
        benchmark, created = Benchmark.objects.get_or_create(
            indicator=published.indicator,
            source=BenchmarkSource.STATISTICAL_NEIGHBOURS,
            year=published.year,
            defaults={"is_demo": True, "note": "Demonstration figures, not published data."},
        )
        if not created:
            continue
        values = [neighbour_value(published, generator) for _ in NEIGHBOURS]
        NeighbourFigure.objects.bulk_create(
            NeighbourFigure(benchmark=benchmark, neighbour=name, value=value)
            for name, value in zip(NEIGHBOURS, values, strict=True)
        )
        benchmark.value = round_half_up(sum(values) / len(values), 2)
        benchmark.save(update_fields=["value"])


def neighbour_value(published, generator):
    value = float(published.value) * generator.uniform(0.9, 1.1)
    if published.indicator.is_percentage:
        value = min(value, 100)
    return round_half_up(value, 1)


DEMO_COMMENTARY = {
    "CLA9": "What happened: care plans up to date fell over the winter as two teams carried "
    "vacancies. Why: reviews slipped while new staff were inducted. What is being done: a "
    "catch-up plan with weekly tracking by the Head of Service; back above 90% by March.",
    "CL6": "Pathway plans in the Eastfield team are behind the other teams because of personal "
    "adviser turnover. A second adviser starts next month and the team manager reviews every "
    "overdue plan weekly.",
    "H2": "Initial health assessments fell to 25% in April when clinic capacity was cut. The "
    "Designated Nurse has agreed extra clinics with the provider.",
}


# The latest month's account of an amber or red indicator, as officers write it before a panel.
# They say nothing of figures or direction, which the generator decides. AD7, H4 and WF2 are left
# unwritten, so the latest month also shows commentary that officers still need to write.
LATEST_MONTH_COMMENTARY = {
    "AD4": "Matching is taking longer because fewer adopters were approved across the regional "
    "adoption agency this year, and several of the children waiting are brothers and sisters to "
    "be placed together. The agency is holding two extra matching events; the Adoption Team "
    "Manager reports on each waiting child's plan to the next panel.",
    "AD6": "Numbers are small, so one child's delay moves this figure a long way. The Head of "
    "Service has reviewed each adoption that took longer than 12 months from the decision; the "
    "main cause was court timetables. Reviewed again at the monthly adoption tracking meeting.",
    "CL1": "Most of the care leavers we are not in touch with have moved out of the area or "
    "declined contact. Personal advisers now try three ways of reaching a young person before "
    "recording them as not in touch; the Care Leavers Service Manager reviews the list "
    "fortnightly.",
    "CL3": "Fewer care leavers are in education, employment or training since college courses "
    "ended in the summer. The virtual school's post-16 adviser and the council's apprenticeship "
    "scheme are offering places kept for care leavers; the Care Leavers Service Manager reports "
    "progress each quarter.",
    "CL5": "A few young people are in bed and breakfast or staying with friends after placements "
    "ended. Housing has agreed a protocol for emergency moves, and the Care Leavers Service "
    "Manager reviews every case weekly so that no one stays in unsuitable accommodation for more "
    "than two weeks.",
    "CLA9": "Care plans fall out of date when reviews are rescheduled. Team managers now check "
    "overdue plans weekly, and the Head of Service reviews the position each month.",
    "CLA10": "Visits were missed while two social workers were on long-term sick leave. Their "
    "children have been reallocated and every overdue visit is booked; team managers check visit "
    "dates weekly, and the Head of Service expects all visits in timescale next month.",
    "CLA12": "A few reviews moved because independent reviewing officers were on leave or "
    "families asked for a later date. The Reviewing Service Manager now books cover before leave "
    "is agreed and will report to the next panel.",
    "CLA13": "A handful of children are allocated to a team manager while posts are filled. Two "
    "newly qualified social workers start this month; the Head of Service expects every child to "
    "have a qualified social worker by the end of the quarter.",
    "CLA14": "Most moves this year were planned moves to long-term foster carers, which count "
    "here. Every child with a third move is discussed at the placement stability meeting chaired "
    "by the Head of Service, and carers are offered support before a placement is at risk.",
    "CLA15": "Several long-term placements ended as young people turned 18 or went home, which "
    "lowers this figure. The fostering service is recruiting carers for teenagers; the Fostering "
    "Service Manager reports each quarter.",
    "CLA17": "Distant placements are mostly children's homes for children with complex needs, "
    "where no local home had a place. Two new local children's homes open in the spring; the Head "
    "of Service reviews each distant placement monthly.",
    "CL7": "Caseloads rose while one personal adviser post was vacant. A new adviser starts next "
    "month, and the Care Leavers Service Manager is covering the most complex cases.",
    "CT1": "Proceedings are taking longer because expert assessments and court hearings are "
    "delayed. The legal gateway meeting now checks that assessments are commissioned before "
    "proceedings start; the Head of Service meets the Designated Family Judge each quarter.",
    "CT2": "Fewer proceedings finished within 26 weeks, mostly where the court ordered further "
    "assessments of relatives. Assessments of family members now start before the first "
    "hearing; the Legal Services Manager tracks every case past 20 weeks.",
    "ED1": "Personal Education Plans were delayed at the start of term while schools changed "
    "their designated teachers. The virtual school has chased every overdue plan and is holding "
    "catch-up meetings; the Virtual School Head reports to the panel each term.",
    "ED5": "Assessments were delayed by vacancies for educational psychologists. Locum "
    "psychologists have been commissioned, and the SEND Service Manager expects plans to be "
    "issued on time again by the end of the term.",
    "F2": "Approvals are behind the year's plan because several assessments were paused at the "
    "applicants' request. The autumn recruitment events brought new enquiries; the Fostering "
    "Service Manager expects most to reach the fostering panel by March.",
    "F4": "A few announced visits slipped while supervising social workers covered a colleague's "
    "caseload. The Fostering Team Manager has booked every overdue visit for this month.",
    "F5": "Unannounced visits fell behind while the fostering team covered two vacancies. Each "
    "carer due a visit has been given to a named supervising social worker; the Fostering Team "
    "Manager checks the list fortnightly.",
    "F6": "Annual reviews were delayed while the fostering reviewing officer was on leave. Every "
    "overdue review is booked for the coming month; the Fostering Service Manager checks the "
    "schedule monthly.",
    "H2": "Assessments depend on clinic appointments, and some were booked late because consent "
    "forms arrived late. Social workers now send consent within two working days of a child "
    "coming into care; the Designated Nurse follows up every late assessment.",
    "H3": "Children placed out of the area waited for appointments with other health providers. "
    "The Designated Nurse is chasing each provider and reports to the health sub-group monthly.",
    "H7": "Scores are higher where more children with complex needs came into care. Every child "
    "with a high score is offered an assessment by the emotional health service; the Designated "
    "Nurse reports each quarter.",
    "WF1": "Caseloads rose as two social workers left while referrals increased. Both posts are "
    "being filled and agency cover is in place; the Head of Service reviews caseloads weekly.",
}


def load_demo_commentary(until, indicators):
    """The service's account of the story months and of the latest month's amber and red
    indicators, written by the demo officer."""
    from indicators.commentary import write_commentary

    officer = User.objects.get(username="officer")
    by_code = {i.code: i for i in indicators}
    months = {"CLA9": latest_month_named(month_range(add_months(until, -11), until), 12),
              "H2": latest_month_named(month_range(add_months(until, -11), until), 4),
              "CL6": until}  # fmt: skip
    for code, text in DEMO_COMMENTARY.items():
        if code in by_code and months[code]:
            write_commentary(by_code[code], months[code], text, officer)
    written = {code for code, month in months.items() if month == until}
    for code in exceptions_in(until):
        if code in LATEST_MONTH_COMMENTARY and code not in written:
            write_commentary(by_code[code], until, LATEST_MONTH_COMMENTARY[code], officer)


def exceptions_in(month):
    """The codes of the indicators that are amber or red in `month`."""
    from .presenters import Scorecard

    return [row.indicator.code for row in Scorecard(month, scope="all").exception_rows]


# Meetings --------------------------------------------------------------------------------

MEETING_MINUTES = [
    (
        "The Head of Service presented the scorecard. Members welcomed the improvement in review "
        "health assessments but asked about the fall in care plans up to date over the winter.\n\n"
        "ACTION – Officers to explain the fall in care plans up to date (CLA9) and set out the "
        "recovery plan.\n\n"
        "ACTION: An update on pathway plans (CL6) in the Eastfield team to come to the next "
        "meeting.\n\n"
        "RESOLVED: That the report be noted."
    ),
    (
        "Members discussed adolescents entering care and asked for more context on the rate.\n\n"
        "ACTION: Officers to explain the movement in CLA7 and CLA8 during the quarter.\n\n"
        "Action point: The Head of Fostering to report on the recruitment campaign and its effect "
        "on approvals (F2).\n\n"
        "RESOLVED – That:\ni) the report be noted; and\nii) the Panel thanks the virtual school "
        "for the PEP work."
    ),
    (
        "The Designated Nurse attended for the health item.\n\n"
        "ACTION – The Designated Nurse to report on initial health assessments (H2) within 20 "
        "working days, including the April figure.\n\n"
        "Agreed: that the health sub-group reports to the Panel twice a year."
    ),
]


def demo_owner(text):
    """The officer who would own it: named roles for the partners, the demo officer otherwise."""
    if "Fostering" in text:
        return "Head of Fostering"
    if "Nurse" in text:
        return "Designated Nurse"
    return "officer"


def load_demo_meetings(until):
    """A panel meeting every two months over the last year, and the next one scheduled."""
    from meetings.models import Committee

    committee, _ = Committee.objects.get_or_create(
        code="CPP", defaults={"name": "Corporate Parenting Panel"}
    )
    meetings = [
        demo_meeting(committee, add_months(until, offset), index, until)
        for index, offset in enumerate(range(-8, 3, 2))
    ]
    officer = User.objects.get(username="officer")
    for number, meeting in enumerate(meetings[:-1]):
        raise_demo_actions(meeting, number, officer)
    progress_demo_actions(meetings, officer)
    return meetings


def demo_meeting(committee, month, index, until=None):
    from datetime import datetime, time

    from django.utils import timezone

    from meetings.models import AgendaItem, Meeting

    starts_at = timezone.make_aware(datetime.combine(second_tuesday(month), time(14, 0)))
    held = starts_at < timezone.now()
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=starts_at,
        venue="Council Chamber, Westmere Town Hall",
        status=Meeting.Status.MINUTES_APPROVED if held else Meeting.Status.SCHEDULED,
    )
    titles = [
        ("Apologies and declarations of interest", "", None),
        ("Minutes of the last meeting and matters arising", "Democratic Services", None),
        ("Voice of children and young people", "Children in Care Council", None),
        (
            "Performance scorecard",
            "Head of Service, Children in Care",
            min(add_months(month, -1), until or month),
        ),
        ("Any other business", "", None),
    ]
    for order, (title, presenter, scorecard_month) in enumerate(titles, start=1):
        AgendaItem.objects.create(
            meeting=meeting, order=order, title=title, presenter=presenter,
            scorecard_month=scorecard_month if Figure.objects.filter(month=scorecard_month).exists()
            else None,
        )  # fmt: skip
    return meeting


def second_tuesday(month):
    """The panel meets on a weekday, as councils' committees do: the month's second Tuesday."""
    first = month.replace(day=1)
    return first + timedelta(days=(TUESDAY - first.weekday()) % 7 + 7)


def raise_demo_actions(meeting, number, officer):
    from meetings.workflows import confirm_action, confirm_resolution, record_minutes

    item = meeting.items.get(order=4)
    proposals = record_minutes(item, MEETING_MINUTES[number % len(MEETING_MINUTES)])
    for index, found in enumerate(proposals.actions):
        owner_name = demo_owner(found.text)
        action = confirm_action(
            item, found.text, found.text, found.codes,
            owner=officer if owner_name == "officer" else None,
            owner_name="" if owner_name == "officer" else owner_name,
            due_at_next_meeting=index % 2 == 0,
            due_date=None if index % 2 == 0 else meeting.date.replace(day=1) + timedelta(days=45),
        )  # fmt: skip
        action.created_at = meeting.starts_at
        action.save(update_fields=["created_at"])
    for found in proposals.resolutions:
        confirm_resolution(item, found.text)


def progress_demo_actions(meetings, officer):
    """Actions in every state: done, dropped, in progress, open and overdue."""
    from meetings.models import Action, ActionUpdate
    from meetings.workflows import add_update, complete_action, drop_action

    actions = list(Action.objects.order_by("created_at", "reference"))
    for index, action in enumerate(actions[:-3]):
        if index % 4 == 3:
            drop_action(action, officer, "Superseded by the new placement sufficiency report.")
        elif index % 4 != 2:
            add_update(action, officer, "Work started; first findings shared with the chair.",
                       "in_progress")  # fmt: skip
            complete_action(action, officer, "Report presented to the Panel and noted.")
    if len(actions) > 3:
        add_update(actions[-3], officer, "Data cleansing under way in the Eastfield team.",
                   "in_progress")  # fmt: skip
    for action in Action.objects.all():
        raised = action.agenda_item.meeting.starts_at
        action.updates.update(written_at=raised + timedelta(days=20))
        if action.closed_at:
            Action.objects.filter(pk=action.pk).update(closed_at=raised + timedelta(days=30))
    return ActionUpdate.objects.count()
