import operator
import re
from datetime import date, timedelta
from decimal import Decimal
from statistics import mean, median

from django.core.exceptions import EmptyResultSet, ObjectDoesNotExist, ValidationError
from django.db import connections, models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Floor
from django.urls import reverse
from django.utils import timezone

from . import rules
from .choices import (
    DEFAULT_PRECISION,
    LARGEST_FIGURE,
    NATURAL_BOUNDS,
    UNUSABLE_STATUSES,
    BenchmarkSource,
    PeriodType,
    Polarity,
    Status,
    Unit,
)
from .formatting import format_value, format_value_with_count
from .periods import add_months, is_first_month_of_financial_year

FIGURE_DIGITS = {"max_digits": 18, "decimal_places": 6}
WHOLE_YEAR_HELP = (
    "For a year-to-date count, the whole year's figure, whenever the set starts: each month is "
    "judged against it pro-rated to the months since April."
)
PARENTHESES = re.compile(r"\([^)]*\)")  # "(in care 20 working days or more)"


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def headline(self):
        return self.filter(is_headline=True)

    def in_display_order(self):
        return self.order_by("service_area", "display_order", "code")

    def with_figures_before(self, month):
        """Each indicator marked `held_before`: whether it has a usable headline figure from
        before `month`."""
        earlier = (
            Figure.objects.headline()
            .usable()
            .filter(indicator=models.OuterRef("pk"), month__lt=month)
        )
        return self.annotate(held_before=models.Exists(earlier))

    def lock(self):
        """Row locks on these indicators (PostgreSQL) until the transaction ends, taken in id
        order. Imports, reverts and catalogue reloads take them before writing anything, so
        writers of the same indicators queue, and none holds the data version row (renewed by
        triggers on a write) while it waits for one."""
        list(self.select_for_update().order_by("id").values_list("id", flat=True))


FIRST_YEAR, LAST_YEAR = 1990, 2100  # the years a threshold or benchmark can plausibly be for
SIDES = {Polarity.HIGHER: "above", Polarity.LOWER: "below"}


def plain(number):
    """90 for Decimal("90.000000"), as an analyst typed it."""
    return f"{number.normalize():f}"


NEVER_NEGATIVE = {
    Unit.RATE_PER_10K: "a rate per 10,000",
    Unit.DAYS: "a number of days",
    Unit.WEEKS: "a number of weeks",
    Unit.COUNT: "a count",
}


def out_of_range(value, unit):
    """Why `value` cannot be a figure in `unit`, or None if it can."""
    if abs(value) >= LARGEST_FIGURE:
        return f"{plain(value)} is too large to be a figure; check the number."
    floor, ceiling = NATURAL_BOUNDS.get(unit, (None, None))
    if ceiling is not None and not floor <= value <= ceiling:
        return f"{plain(value)} is not a percentage: give a figure from {floor} to {ceiling}."
    if floor is not None and value < floor:
        return f"{plain(value)} is below 0: {NEVER_NEGATIVE[unit]} cannot be negative."
    return None


def check_in_range(instance, field_names, unit):
    """Raise, against each field, why its value cannot be a figure in `unit`."""
    values = {name: getattr(instance, name) for name in field_names}
    problems = {
        name: out_of_range(value, unit) for name, value in values.items() if value is not None
    }
    if errors := {name: problem for name, problem in problems.items() if problem}:
        raise ValidationError(errors)


def related_or_none(instance, name):
    """The related object, perhaps not yet saved (a new indicator with its thresholds inline), or
    None while none is chosen."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


CODE_PATTERN = "[A-Z][A-Z0-9]*"  # an indicator code: capitals and digits, a letter first


class Indicator(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    service_area = models.CharField(max_length=100)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    numerator_description = models.TextField(blank=True)
    denominator_description = models.TextField(blank=True)
    national_measure = models.CharField(max_length=200, blank=True)
    precision = models.PositiveSmallIntegerField(
        help_text="Decimal places shown, e.g. 1 for 77.0%."
    )
    is_headline = models.BooleanField("headline", default=False)
    display_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField("active", default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["service_area", "display_order", "code"]
        permissions = [("upload_extract", "Can upload monthly extracts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=f"^{CODE_PATTERN}$"),
                name="indicator_code_upper_alnum",
                violation_error_message=(
                    "The code must be capital letters and digits, starting with a letter, "
                    "such as CLA9."
                ),
            ),
            models.CheckConstraint(
                condition=Q(precision__lte=4),
                name="indicator_precision_lte_4",
                violation_error_message="Show at most 4 decimal places.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("indicator", args=[self.code])

    def clean(self):
        if self.pk and self.figures.exists():
            self._keep_what_figures_rely_on()

    def _keep_what_figures_rely_on(self):
        """Extracts name an indicator by its code and the catalogue is reloaded by it: a new code
        would leave the figures held under it while new ones went to a fresh indicator."""
        stored_code, stored_unit = Indicator.objects.values_list("code", "unit").get(pk=self.pk)
        errors = {}
        if stored_code != self.code:
            errors["code"] = (
                f"The code cannot change once figures are held for this indicator: extracts and "
                f"the catalogue know it as {stored_code}."
            )
        if stored_unit != self.unit:
            errors["unit"] = "The unit cannot change once figures are held for this indicator."
        if errors:
            raise ValidationError(errors)

    @property
    def is_percentage(self):
        return self.unit == Unit.PERCENT

    @property
    def is_rated(self):
        return self.polarity != Polarity.NEUTRAL

    @property
    def is_year_to_date_count(self):
        return rules.is_year_to_date_count(self.period_type, self.unit)

    def restarts_within(self, months):
        """The months after the first of chronological `months` in which a year-to-date count
        starts again from nothing, where a line through its figures should break."""
        if not self.is_year_to_date_count:
            return []
        return [month for month in months[1:] if is_first_month_of_financial_year(month)]

    def format(self, value):
        return format_value(value, self.unit, self.precision)

    @property
    def counted(self):
        """What the denominator counts, as a sentence says it ("approved fostering households",
        "case-holding social worker full-time equivalents"), for "fewer than 10 …";
        "children" when the catalogue does not say."""
        text = " ".join(PARENTHESES.sub("", self.denominator_description).split())
        if not text or self.unit == Unit.RATE_PER_10K:  # a population, never small
            return "children"
        return text[0].lower() + text[1:] if text[1:2].islower() else text

    def show_figure(self, figure, places=None):
        """ "77.0% (154 of 200)": a figure as people read it, with `places` decimal places if
        given (see `places_against`), else the indicator's."""
        return format_value_with_count(
            figure.value,
            self.unit,
            self.precision if places is None else places,
            figure.numerator,
            figure.denominator,
        )

    def places_against(self, value, thresholds):
        """The places to show `value` with beside the thresholds it is judged against: more than
        usual only where rounding would hide that it misses one (`rules.places_apart`)."""
        return rules.places_apart(value, rules.marks_of(thresholds), self.polarity, self.precision)

    def thresholds_by_month(self, threshold_sets, months):
        """The thresholds each month's figure is judged against (pro-rated for a year-to-date
        count), for chronological months."""
        return rules.thresholds_for_months(threshold_sets, months, self)

    def thresholds_for(self, threshold_sets, month):
        return self.thresholds_by_month(threshold_sets, [month])[0]

    def describe_target(self, thresholds, month, places=None):
        precision = self.precision if places is None else places
        return rules.describe_target(thresholds, month, self.unit, precision)

    @classmethod
    def default_precision(cls, unit):
        return DEFAULT_PRECISION[Unit(unit)]


class ThresholdQuerySet(models.QuerySet):
    def rules_by_indicator(self):
        """Indicator id -> its threshold sets, as the pure rules take them."""
        by_indicator = {}
        for threshold in self.order_by():
            by_indicator.setdefault(threshold.indicator_id, []).append(threshold.as_rule())
        return by_indicator

    def in_force(self, month):
        """The set in force for `month` per indicator is the latest that started on or before it."""
        return self.filter(effective_from__lte=month).order_by("indicator_id", "-effective_from")


class Threshold(models.Model):
    """RAG boundaries from a month onwards; a new set usually starts on 1 April."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="thresholds")
    effective_from = models.DateField(help_text="First day of the month the set applies from.")
    green_at = models.DecimalField(**FIGURE_DIGITS, help_text=WHOLE_YEAR_HELP)
    red_at = models.DecimalField(**FIGURE_DIGITS, help_text=WHOLE_YEAR_HELP)
    target = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True, help_text=WHOLE_YEAR_HELP)

    objects = ThresholdQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "effective_from"],
                name="one_threshold_set_per_month",
                violation_error_message="This indicator already has thresholds taking effect from "
                "that month: change that set, or choose another month.",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__day=1),
                name="threshold_starts_first_of_month",
                violation_error_message="Thresholds take effect from the first day of a month.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} from {self.effective_from:%B %Y}"

    def clean(self):
        if self.effective_from and self.effective_from.day != 1:
            raise ValidationError({"effective_from": "Thresholds start on the first of a month."})
        if self.effective_from and not FIRST_YEAR <= self.effective_from.year <= LAST_YEAR:
            raise ValidationError(
                {"effective_from": f"The year must be between {FIRST_YEAR} and {LAST_YEAR}."}
            )
        indicator = related_or_none(self, "indicator")
        if indicator is None or self.green_at is None or self.red_at is None:
            return
        if indicator.polarity == Polarity.NEUTRAL:
            raise ValidationError("Context measures (neutral polarity) have no RAG thresholds.")
        check_in_range(self, ("green_at", "red_at", "target"), indicator.unit)
        self._check_order(indicator.polarity)

    def _check_order(self, polarity):
        at_or_better = operator.ge if polarity == Polarity.HIGHER else operator.le
        rule, side = Polarity(polarity).label, SIDES[polarity]
        if not at_or_better(self.green_at, self.red_at):
            raise ValidationError({"green_at": f"{rule}, so green must be at or {side} red."})
        if self.target is not None and not at_or_better(self.target, self.red_at):
            raise ValidationError({"target": (
                f"{rule}, so the target must be at or {side} red ({plain(self.red_at)}): a "
                f"figure that met a target of {plain(self.target)} would be rated Red."
            )})  # fmt: skip

    def as_rule(self):
        return rules.ThresholdSet(self.effective_from, self.green_at, self.red_at, self.target)


# DfE publishes the children looked after and fostering statistics for the year to 31 March in
# the November after it; a benchmark with no publication date is assumed out from then.
PUBLISHED_FROM_MONTH = 11
USUAL_PERIOD_END_MONTH = 3


class BenchmarkQuerySet(models.QuerySet):
    def published_by(self, month):
        """Benchmarks out by the end of `month`: on their stated date; without one, with the
        England figure for their indicator and year, since neighbours' figures come from the same
        release; failing both, from the November after their year ended."""
        england_out_on = self.model.objects.filter(
            indicator=OuterRef("indicator"), year=OuterRef("year"), source=BenchmarkSource.ENGLAND
        ).values("published_on")[:1]
        latest_assumed_year = month.year if month.month >= PUBLISHED_FROM_MONTH else month.year - 1
        return self.annotate(out_on=Coalesce("published_on", Subquery(england_out_on))).filter(
            Q(out_on__isnull=True, year__lte=latest_assumed_year)
            | Q(out_on__lt=add_months(month, 1))
        )


class Benchmark(models.Model):
    """A published comparator for a year (year to 31 March unless `period_end` says otherwise)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    source = models.CharField(max_length=12, choices=BenchmarkSource.choices)
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    period_end = models.DateField(
        null=True,
        blank=True,
        help_text="Where the figure's period does not end in March of its year, the month it "
        "ends in, given as the 1st of that month: 1 September 2024 for the workforce at 30 "
        "September 2024. Give the date it was published too.",
    )
    note = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Made-up figures loaded with the demonstration data."
    )
    corrected = models.BooleanField(
        default=False,
        editable=False,
        help_text="Its figure, dates or note were given in the admin: load_catalogue keeps them "
        "rather than its file's, until the file agrees or --overwrite-benchmarks.",
    )

    # What a published figure is, as the catalogue's file gives it and an analyst may correct it.
    PUBLISHED_FIELDS = ("value", "published_on", "period_end", "note")

    objects = BenchmarkQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "source", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "source", "year"],
                name="one_benchmark_per_source_year",
                violation_error_message="This indicator already has a benchmark from that source "
                "for that year: change that one, or choose another year.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="benchmark_year_plausible",
                violation_error_message=f"The year must be between {FIRST_YEAR} and {LAST_YEAR}.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_end__day=1, period_end__year=F("year")),
                name="benchmark_period_ends_in_its_year",
                violation_error_message="Give the month the period ends in as the 1st of that "
                "month, in the benchmark's year: 1 September 2024 for 30 September 2024.",
            ),
            # Without a date, a figure is assumed out in the November after a year to March.
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(published_on__isnull=False, published_on__gt=F("period_end")),
                name="benchmark_off_timetable_published_after_its_period",
                violation_error_message="A figure for a period that does not end in March needs "
                "the date it was published, after its period ended.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.get_source_display()} {self.year}"

    def clean(self):
        indicator = related_or_none(self, "indicator")
        if indicator is not None and self.value is not None:
            check_in_range(self, ("value",), indicator.unit)
        plausible_year = self.year is not None and FIRST_YEAR <= self.year <= LAST_YEAR
        if self.published_on and plausible_year:
            self._check_published_after_its_period()

    def _check_published_after_its_period(self):
        """Published before its period ended, a figure would head scorecards of months before the
        period it is for. (The database's constraint can only compare with the 1st of the month.)"""
        ended = add_months(self.period_end_month.replace(day=1), 1) - timedelta(days=1)
        if self.published_on <= ended:
            period, on = "year" if self.period_end is None else "period", self.published_on
            raise ValidationError({"published_on": (
                f"The {period} to {ended:%-d %B %Y} had not ended on {on:%-d %B %Y}: "
                f"give the date this figure was published, after {ended:%-d %B %Y}."
            )})  # fmt: skip

    @property
    def period_end_month(self):
        return self.period_end or date(self.year, USUAL_PERIOD_END_MONTH, 1)

    def neighbour_values(self):
        return [n.value for n in self.neighbours.all()]

    @property
    def neighbour_mean(self):
        values = self.neighbour_values()
        return Decimal(str(mean(values))) if values else None

    @property
    def neighbour_median(self):
        values = self.neighbour_values()
        return Decimal(str(median(values))) if values else None

    def rank_among_neighbours(self, value, polarity):
        """Our position among the neighbours and us ("3 of 11"), best first by polarity."""
        values = self.neighbour_values()
        if value is None or not values or polarity == Polarity.NEUTRAL:
            return None
        better = [v for v in values if (v > value if polarity == Polarity.HIGHER else v < value)]
        return len(better) + 1, len(values) + 1


class NeighbourFigure(models.Model):
    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="neighbours")
    neighbour = models.CharField(max_length=100)
    value = models.DecimalField(**FIGURE_DIGITS)

    class Meta:
        ordering = ["neighbour"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "neighbour"], name="one_figure_per_neighbour"
            )
        ]

    def __str__(self):
        return f"{self.neighbour}: {self.value}"

    def clean(self):
        benchmark = related_or_none(self, "benchmark")
        indicator = benchmark and related_or_none(benchmark, "indicator")
        if indicator is not None and self.value is not None:
            check_in_range(self, ("value",), indicator.unit)


class FigureQuerySet(models.QuerySet):
    def headline(self):
        return self.filter(breakdown="", category="")

    def breakdowns(self):
        return self.exclude(breakdown="")

    def for_month(self, month):
        return self.filter(month=month)

    def between(self, first_month, last_month):
        return self.filter(month__gte=first_month, month__lte=last_month)

    def usable(self):
        """Figures with a value that can be compared: not blank, unavailable or unreliable."""
        return self.exclude(value=None).exclude(status__in=UNUSABLE_STATUSES)

    def latest_month(self):
        return self.headline().aggregate(latest=models.Max("month"))["latest"]

    def months_held(self):
        """Months with a headline figure, newest first. Months are first days by constraint, so
        no truncation is needed (`dates()` truncates each row in Python on SQLite)."""
        return self.headline().order_by("-month").values_list("month", flat=True).distinct()

    def plain_values(self, *fields):
        """Like `values_list(*fields)`, as the database driver gives each value: Django's
        conversion of every value costs more than the query when a page reads thousands.
        Dates are dates; numbers are Decimal from PostgreSQL, but float or int from SQLite
        (exact to 15 significant digits, as Django's own conversion there is)."""
        try:
            sql, params = self.values_list(*fields).query.sql_with_params()
        except EmptyResultSet:  # a filter such as `indicator_id__in=[]` can match nothing
            return []
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class Figure(models.Model):
    """The figure held now for one indicator, month, breakdown and category.

    Every change to a figure is made by an upload (or its revert), which records a revision with
    the figure's state before and after, so history and exact reverts come from `FigureRevision`.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="figures")
    month = models.DateField(help_text="First day of the month the figure is for.")
    breakdown = models.CharField(max_length=50, blank=True, default="")
    category = models.CharField(max_length=200, blank=True, default="")
    value = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    numerator = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    denominator = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OK)
    status_reason = models.CharField(max_length=500, blank=True)
    commentary = models.TextField(blank=True, help_text="Service note supplied with the figure.")
    # Copied from the indicator when the figure is written, so the database itself can hold
    # percentage figures to whole counts with the numerator no greater than the denominator.
    is_percentage = models.BooleanField(default=False, editable=False)

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-month", "breakdown", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "month", "breakdown", "category"],
                name="one_figure_per_indicator_month_breakdown_category",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="figure_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(breakdown="", category="") | (~Q(breakdown="") & ~Q(category="")),
                name="figure_breakdown_and_category_together",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="figure_numerator_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0),
                name="figure_denominator_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(is_percentage=False)
                | Q(value__isnull=True)
                | Q(value__gte=0, value__lte=100),
                name="figure_percentage_within_0_100",
            ),
            models.CheckConstraint(
                condition=Q(is_percentage=False)
                | Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="figure_percentage_numerator_within_denominator",
            ),
            models.CheckConstraint(
                condition=Q(is_percentage=False)
                | (
                    (Q(numerator__isnull=True) | Q(numerator=Floor("numerator")))
                    & (Q(denominator__isnull=True) | Q(denominator=Floor("denominator")))
                ),
                name="figure_percentage_counts_whole",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.UNAVAILABLE) | Q(value__isnull=True),
                name="figure_unavailable_has_no_value",
            ),
        ]
        # Pages read headline figures; breakdowns can be 25 rows for each of them. Without this,
        # the months held were a scan of every figure (129 ms for 1.2 million on PostgreSQL).
        indexes = [
            models.Index(
                fields=["indicator", "month"],
                condition=Q(breakdown="", category=""),
                name="figure_headline",
            )
        ]

    def __str__(self):
        label = f"{self.indicator.code} {self.month:%b %Y}"
        return f"{label} {self.breakdown}={self.category}" if self.breakdown else label

    @property
    def has_value(self):
        return self.value is not None

    @property
    def small_denominator(self):
        return rules.is_small_denominator(self.denominator)


class UploadQuerySet(models.QuerySet):
    def committed(self):
        return self.exclude(state=Upload.State.PREVIEWED)

    def newest_first(self):
        return self.order_by("-created_at", "-id")


class Upload(models.Model):
    """One monthly extract (or the revert of one): who, when, which file, and what it changed.

    A web upload is first kept as a preview (its parsed figures in `planned`) so that the commit
    writes exactly what the analyst saw; the command line previews and commits in one go.
    """

    class Kind(models.TextChoices):
        EXTRACT = "extract", "Extract"
        REVERT = "revert", "Revert"
        DEMO = "demo", "Demonstration data"

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Previewed, not committed"
        COMMITTED = "committed", "Committed"
        REVERTED = "reverted", "Committed, later reverted"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXTRACT)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEWED)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="uploads"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file = models.FileField(upload_to="extracts/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    # Kept apart from the summary's list of errors, which can run to megabytes, so that a list of
    # uploads can say which previews were refused without reading it.
    error_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True, help_text="Sheets, months and warnings.")
    planned = models.JSONField(default=list, blank=True, help_text="Previewed figures to commit.")
    # Both can run to megabytes: pages that list uploads, or changes with their uploads, defer them.
    LARGE_FIELDS = ("summary", "planned")
    revision_watermark = models.BigIntegerField(
        default=0, help_text="Latest revision id when previewed; newer ones make it stale."
    )
    reverts = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reverted_by"
    )

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("revert_upload", "Can revert an upload")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="revert", reverts__isnull=False)
                | (~Q(kind="revert") & Q(reverts__isnull=True)),
                name="upload_revert_names_what_it_reverts",
            ),
            models.CheckConstraint(
                condition=Q(state="previewed") | Q(committed_at__isnull=False),
                name="upload_committed_has_time",
            ),
        ]

    def __str__(self):
        return f"Upload {self.pk}: {self.file_name or self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("indicators:upload", args=[self.pk])

    @property
    def uploader(self):
        if self.created_by:
            return self.created_by.get_full_name() or self.created_by.username
        return self.created_by_name or "System"

    @property
    def is_committed(self):
        return self.state != self.State.PREVIEWED

    @property
    def is_refused(self):
        """A preview with errors: it can never be committed, only discarded."""
        return not self.is_committed and self.error_count > 0

    @property
    def state_label(self):
        """The state in words, a refused preview told apart from one waiting to be committed."""
        if not self.is_refused:
            return self.get_state_display()
        errors = self.error_count
        return f"Refused: {errors:,} error{'' if errors == 1 else 's'}"


FIGURE_STATE_FIELDS = ("value", "numerator", "denominator", "status", "status_reason", "commentary")


class FigureRevision(models.Model):
    """A figure's state before and after one upload changed it: its history, and how to revert."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="revisions")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="revisions")
    month = models.DateField()
    breakdown = models.CharField(max_length=50, blank=True, default="")
    category = models.CharField(max_length=200, blank=True, default="")
    existed_before = models.BooleanField()
    value_before = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    numerator_before = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    denominator_before = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    status_before = models.CharField(max_length=12, choices=Status.choices, blank=True)
    status_reason_before = models.CharField(max_length=500, blank=True)
    commentary_before = models.TextField(blank=True)
    exists_after = models.BooleanField(default=True)
    value = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    numerator = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    denominator = models.DecimalField(**FIGURE_DIGITS, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    status_reason = models.CharField(max_length=500, blank=True)
    commentary = models.TextField(blank=True)

    class Meta:
        ordering = ["-upload__committed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["upload", "indicator", "month", "breakdown", "category"],
                name="one_revision_per_figure_per_upload",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "month"], name="revision_indicator_month")]

    def __str__(self):
        return f"{self.indicator_id} {self.month:%b %Y} in upload {self.upload_id}"

    @property
    def key(self):
        return (self.indicator_id, self.month, self.breakdown, self.category)

    @property
    def shown_before(self):
        return format_value(self.value_before, self.indicator.unit, self._places)

    @property
    def shown_after(self):
        return format_value(self.value, self.indicator.unit, self._places)

    @property
    def _places(self):
        """The indicator's places, or more if they are what tell the two figures apart."""
        return rules.places_to_tell_apart(self.value_before, self.value, self.indicator.precision)

    def state_before(self):
        if not self.existed_before:
            return None
        return tuple(getattr(self, f"{name}_before") for name in FIGURE_STATE_FIELDS)

    def state_after(self):
        if not self.exists_after:
            return None
        return tuple(getattr(self, name) for name in FIGURE_STATE_FIELDS)


class CommentaryQuerySet(models.QuerySet):
    def for_month(self, month):
        return self.filter(month=month)

    def current(self):
        """The newest version for each indicator and month (older ones are its history)."""
        return self.filter(is_current=True)

    def latest_before(self, indicator, month):
        """The current commentary of the latest month before `month` that has any, or None."""
        earlier = self.current().filter(indicator=indicator, month__lt=month)
        return earlier.select_related("written_by").order_by("-month").first()


class Commentary(models.Model):
    """The service's account of an indicator in a month: what happened, why, what is being done.

    Each edit adds a version; the newest is current, earlier ones are kept as history. The text
    is stored exactly as written and escaped wherever it is shown.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentary")
    month = models.DateField()
    text = models.TextField()
    written_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="commentary"
    )
    written_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True)

    objects = CommentaryQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-month", "-written_at", "-id"]
        verbose_name_plural = "commentary"
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="commentary_month_first_day"),
            models.UniqueConstraint(
                fields=["indicator", "month"],
                condition=Q(is_current=True),
                name="one_current_commentary_per_indicator_month",
            ),
        ]

    def __str__(self):
        return f"Commentary on {self.indicator_id} for {self.month:%B %Y}"

    @property
    def author(self):
        if self.written_by is None:
            return "Unknown"
        return self.written_by.get_full_name() or self.written_by.username


class DataVersion(models.Model):
    """One row whose token the database replaces whenever indicators, thresholds, benchmarks or
    figures change (triggers from `indicators.versioning`), so pages built from them can be kept
    until the token moves. Random, not a counter: a rolled-back change must not reuse a token."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token

    @classmethod
    def current(cls):
        """The token now, or None if nothing has written one (then nothing should be kept)."""
        return cls.objects.filter(pk=1).values_list("token", flat=True).first()
