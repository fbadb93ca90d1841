"""The monthly scorecard: every row built from one fixed batch of queries, whatever the size.

Templates only loop over `Scorecard.groups` and print; every number and word is decided here
or in the pure rules it calls (RAG, direction of travel, SPC, highlights).
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import NamedTuple

from django.db.models import CharField
from django.db.models.functions import Cast

from indicators import rules
from indicators.choices import UNUSABLE_STATUSES, BenchmarkSource, Rag, Status
from indicators.models import Benchmark, Commentary, Figure, Indicator, Threshold
from indicators.periods import add_months, month_label, same_month_last_year
from indicators.rules import usable_value
from meetings.pages import open_action_counts

from . import highlights, spc, spc_icons
from .sparklines import sparkline_svg

HISTORY_MONTHS = 36
SPARKLINE_MONTHS = 13
COMMENTARY_PREVIEW = 100  # about as many lines as the SPC cell beside it, on a laptop
HIGHLIGHTS_SHOWN = 6


class HeldFigure(NamedTuple):
    """A headline figure as the scorecard reads it. A named tuple: 400 indicators bring 14,400."""

    month: date
    value: object
    numerator: object
    denominator: object
    status: str
    status_reason: str

    def get_status_display(self):
        return Status(self.status).label

    @property
    def small_denominator(self):
        return rules.is_small_denominator(self.denominator)


class ShownBenchmark(NamedTuple):
    source: str
    year: int
    value: object
    is_demo: bool


@dataclass
class Comparison:
    label: str
    figure: HeldFigure | None
    direction: str
    words: str
    arrow: str
    value_shown: str = ""


@dataclass
class Row:
    indicator: Indicator
    figure: HeldFigure | None
    shown: str
    previous: Comparison
    last_year: Comparison
    thresholds: rules.ThresholdSet | None  # as the figure is judged: pro-rated if need be
    places: int  # the figure's and target's decimal places (see Indicator.places_against)
    target_shown: str
    rag: rules.RagResult
    spc: spc.SpcResult
    england: ShownBenchmark | None
    neighbours: ShownBenchmark | None
    sparkline: str
    commentary: Commentary | None
    series: list = field(default_factory=list)
    open_actions: int = 0

    @property
    def has_target(self):
        return target_of(self.thresholds) is not None

    @property
    def comparisons(self):
        return (self.previous, self.last_year)

    @property
    def spc_icon(self):
        return spc_icons.variation_icon(self.spc.variation)

    @property
    def assurance_icon(self):
        return spc_icons.assurance_icon(self.spc.assurance)

    @property
    def is_exception(self):
        return self.rag.rating in (Rag.AMBER, Rag.RED)

    @property
    def is_unusable(self):
        return self.figure is not None and self.figure.status in UNUSABLE_STATUSES

    @property
    def status_shown(self):
        """Like "unavailable, clinic data not received": the figure's status and its reason."""
        status = self.figure.get_status_display().lower()
        reason = self.figure.status_reason.strip().rstrip(".")
        return f"{status}, {reason}" if reason else status

    @property
    def needs_commentary(self):
        return (self.is_exception or self.is_unusable) and self.commentary is None

    @property
    def commentary_start(self):
        if self.commentary is None:
            return ""
        return excerpt(self.commentary.text, COMMENTARY_PREVIEW)

    def benchmark_shown(self, benchmark):
        if benchmark is None or benchmark.value is None:
            return ""
        return f"{self.indicator.format(benchmark.value)} ({benchmark.year})"

    @property
    def england_shown(self):
        return self.benchmark_shown(self.england)

    @property
    def neighbours_shown(self):
        return self.benchmark_shown(self.neighbours)


@dataclass
class Group:
    service_area: str
    rows: list[Row]


class Scorecard:
    """The scorecard for a month (the latest held when none is given). `scope` is "headline" or
    "all"; `codes`, if given, picks indicators instead."""

    def __init__(self, month=None, scope="headline", codes=None):
        self.month = month or Figure.objects.latest_month()
        self.scope = scope
        self.codes = codes
        self.months = history_to(self.month) if self.month else []
        # The months each row is compared with, labelled once for every row.
        self.compared = [(m, month_label(m)) for m in self._compared_months()]
        self.rows = self._build_rows() if self.month else []

    @property
    def label(self):
        return month_label(self.month) if self.month else ""

    @property
    def groups(self):
        return [
            Group(area, list(members))
            for area, members in groupby(self.rows, key=lambda r: r.indicator.service_area)
        ]

    @property
    def exception_rows(self):
        """Red before amber, each in the scorecard's order."""
        return sorted(
            (r for r in self.rows if r.is_exception), key=lambda r: r.rag.rating != Rag.RED
        )

    @property
    def unusable_rows(self):
        return [r for r in self.rows if r.is_unusable]

    @property
    def highlights(self):
        """This month's news first: a target missed month after month was reported when the run
        began, so a run that goes on from last month comes after this month's movements."""
        series = [r.series for r in self.rows]
        found = highlights.month_highlights(series, self.month, limit=None)
        going_on = highlights.missed_target_runs(series, add_months(self.month, -1))
        found.sort(key=lambda h: h.kind == highlights.Kind.MISSED_TARGET and h.code in going_on)
        return found[:HIGHLIGHTS_SHOWN]

    def narrowed_to(self, scope, exceptions=False):
        """This scorecard's rows in `scope` (amber and red only, if `exceptions`), as a scorecard
        of their own, with no more queries."""
        narrowed = copy.copy(self)
        narrowed.scope = scope
        if scope != "all":
            narrowed.rows = [row for row in self.rows if row.indicator.is_headline]
        if exceptions:
            narrowed.rows = [row for row in narrowed.rows if row.is_exception]
        return narrowed

    def _compared_months(self):
        if not self.month:
            return []
        return [add_months(self.month, -1), same_month_last_year(self.month)]

    def _indicators(self):
        indicators = Indicator.objects.active().in_display_order()
        indicators = indicators.with_figures_before(self.months[0])
        if self.codes is not None:
            indicators = indicators.filter(code__in=self.codes)
        elif self.scope != "all":
            indicators = indicators.headline()
        return list(indicators)

    def _build_rows(self):
        indicators = self._indicators()
        ids = [i.id for i in indicators]
        figures = self._figures(ids)
        thresholds = self._thresholds(ids)
        benchmarks = self._benchmarks(ids)
        breakdowns = unit_breakdowns(ids, self.month)
        commentary = {
            c.indicator_id: c
            for c in Commentary.objects.current()
            .for_month(self.month)
            .filter(indicator_id__in=ids)
            .select_related("written_by")
        }
        open_actions = open_action_counts(ids)
        rows = [
            self._row(i, figures.get(i.id, {}), thresholds.get(i.id, []), benchmarks.get(i.id, {}),
                      commentary.get(i.id), breakdowns.get(i.id, ()))
            for i in indicators
        ]  # fmt: skip
        for row in rows:
            row.open_actions = open_actions.get(row.indicator.id, 0)
        return rows

    def _figures(self, ids):
        """Plain rows, not model instances, in no order: sorting would join the indicators."""
        first = add_months(self.month, -(HISTORY_MONTHS - 1))
        held = Figure.objects.headline().between(first, self.month).filter(indicator_id__in=ids)
        # Months read as text and looked up: converting 14,400 dates costs more than the query.
        months = {month.isoformat(): month for month in self.months}
        as_text = held.order_by().annotate(month_text=Cast("month", CharField()))
        by_indicator = defaultdict(dict)
        rows = as_text.plain_values("indicator_id", "month_text", *HeldFigure._fields[1:])
        for indicator_id, month_text, value, numerator, denominator, status, reason in rows:
            month = months[month_text]
            figure = HeldFigure(month, value, numerator, denominator, status, reason)
            by_indicator[indicator_id][month] = figure
        return by_indicator

    def _thresholds(self, ids):
        return Threshold.objects.filter(indicator_id__in=ids).rules_by_indicator()

    def _benchmarks(self, ids):
        """The latest England and neighbour figures that had been published by the month shown
        (a year held with no figure, suppressed say, gives way to the year before)."""
        shown = (
            Benchmark.objects.published_by(self.month)
            .exclude(value=None)
            .filter(
                indicator_id__in=ids,
                source__in=[BenchmarkSource.ENGLAND, BenchmarkSource.STATISTICAL_NEIGHBOURS],
            )
            .order_by("indicator_id", "source", "-year")
        )
        by_indicator = defaultdict(dict)
        for indicator_id, *fields in shown.values_list("indicator_id", *ShownBenchmark._fields):
            benchmark = ShownBenchmark._make(fields)
            by_indicator[indicator_id].setdefault(benchmark.source, benchmark)
        return by_indicator

    def _row(self, indicator, by_month, threshold_sets, benchmarks, commentary, breakdowns):
        figure = by_month.get(self.month)
        in_force_by_month = indicator.thresholds_by_month(threshold_sets, self.months)
        in_force = in_force_by_month[-1]
        values = [usable_value(by_month.get(m)) for m in self.months]
        places = indicator.places_against(values[-1], in_force)
        previous, last_year = (self._comparison(indicator, figure, by_month, *compared)
                               for compared in self.compared)  # fmt: skip
        return Row(
            indicator=indicator,
            figure=figure,
            shown=shown(indicator, figure, places),
            previous=previous,
            last_year=last_year,
            thresholds=in_force,
            places=places,
            target_shown=indicator.describe_target(in_force, self.month, places),
            rag=rate(indicator, figure, in_force),
            spc=spc_for(indicator, values, target_of(in_force)),
            england=benchmarks.get(BenchmarkSource.ENGLAND),
            neighbours=benchmarks.get(BenchmarkSource.STATISTICAL_NEIGHBOURS),
            sparkline=self._sparkline(indicator, values),
            commentary=commentary,
            series=series_from(
                indicator,
                self.months,
                by_month,
                in_force_by_month,
                tuple(breakdowns),
                indicator.held_before,
            ),
        )

    def _sparkline(self, indicator, values):
        months = self.months[-SPARKLINE_MONTHS:]
        restarts = {months.index(month) for month in indicator.restarts_within(months)}
        label = f"{indicator.code} over the {SPARKLINE_MONTHS} months to {self.label}"
        return sparkline_svg(values[-SPARKLINE_MONTHS:], months, label, indicator, restarts)

    def _comparison(self, indicator, figure, by_month, month, label):
        earlier = by_month.get(month)
        current_value, earlier_value = usable_value(figure), usable_value(earlier)
        year_to_date = (self.month, month) if indicator.is_year_to_date_count else None
        direction = rules.direction_of_travel(
            current_value, earlier_value, indicator.polarity, indicator.precision, year_to_date
        )
        return Comparison(
            label=label,
            figure=earlier,
            direction=direction,
            words=rules.describe_direction(direction, label),
            arrow=rules.direction_arrow(
                current_value, earlier_value, indicator.precision, direction
            ),
            value_shown=earlier_shown(indicator, earlier),
        )


class PrintPack:
    """The panel pack for a month: highlights and a scorecard of the indicators in `scope`, then
    exceptions among every indicator, so that a panel never misses one that is red because it is
    not a headline indicator. One scorecard of every indicator serves both."""

    def __init__(self, month=None, scope="headline"):
        self.exceptions = Scorecard(month, scope="all")
        self.scorecard = self.exceptions.narrowed_to(scope)
        self.month, self.label = self.exceptions.month, self.exceptions.label

    @property
    def indicator_count(self):
        return len(self.exceptions.rows)


def excerpt(text, length):
    """The text's start in at most `length` characters, cut after a whole word where one ends
    in the second half ("…" marks the cut)."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    start = text[: length - 1]
    words = start.rsplit(" ", 1)[0] if " " in start[length // 2 :] else start
    return words.rstrip(".,;:–—-") + "…"


def shown(indicator, figure, places=None):
    """The figure with its count, or why there is none."""
    if figure is None:
        return "No figure"
    if figure.value is None:
        return no_figure(figure)
    return indicator.show_figure(figure, places)


def no_figure(figure):
    """ "No figure (unavailable)": a blank figure with the status that explains it, if any."""
    if figure.status == Status.OK:
        return "No figure"
    return f"No figure ({figure.get_status_display().lower()})"


def earlier_shown(indicator, figure):
    """An earlier figure as its comparison shows it, saying why it is not compared if unusable:
    "90.8%, unreliable", or "No figure (unavailable)"."""
    if figure is None:
        return ""
    if figure.value is None:
        return no_figure(figure)
    value = indicator.format(figure.value)
    if figure.status in UNUSABLE_STATUSES:
        return f"{value}, {figure.get_status_display().lower()}"
    return value


def rate(indicator, figure, in_force):
    if figure is None:
        return rules.rate(None, indicator.polarity, in_force)
    return rules.rate(
        figure.value, indicator.polarity, in_force, figure.status, figure.status_reason
    )


def target_of(thresholds):
    return thresholds.target if thresholds else None


def spc_for(indicator, values, target):
    """SPC over the latest of chronological `values`; not applied to a year-to-date count."""
    if indicator.is_year_to_date_count:
        return spc.not_applied()
    return spc.analyse(values[-spc.MAX_POINTS :], indicator.polarity, target)


def series_for(indicator, months, by_month, threshold_sets, breakdowns=(), held_before=False):
    """The indicator's figures over chronological `months`, each with the target in force;
    `held_before` says whether it has figures before them."""
    in_force = indicator.thresholds_by_month(threshold_sets, months)
    return series_from(indicator, months, by_month, in_force, breakdowns, held_before)


def series_from(indicator, months, by_month, in_force, breakdowns=(), held_before=False):
    """series_for, given the thresholds in force for each month."""
    points = tuple([
        highlights.Point(f.month, f.value, f.numerator, f.denominator, target_of(t), f.status, t)
        for month, t in zip(months, in_force, strict=True)
        if (f := by_month.get(month)) is not None
    ])  # fmt: skip
    return highlights.Series(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        polarity=indicator.polarity,
        precision=indicator.precision,
        points=points,
        breakdowns=breakdowns,
        period_type=indicator.period_type,
        held_before=held_before,
        counted=indicator.counted,
    )


def unit_breakdowns(ids, month):
    """The month's figures by team and by locality for each indicator, for the highlights."""
    held = Figure.objects.filter(
        indicator_id__in=ids, month=month, breakdown__in=highlights.UNIT_DIMENSIONS
    ).order_by("indicator_id", "breakdown", "category")
    fields = ("category", "value", "numerator", "denominator", "status")
    by_indicator = {}
    for (indicator_id, dimension), rows in groupby(
        held.values_list("indicator_id", "breakdown", *fields), key=lambda r: r[:2]
    ):
        categories = tuple(highlights.Category(*row[2:]) for row in rows)
        breakdown = highlights.Breakdown(month, dimension, categories)
        by_indicator.setdefault(indicator_id, []).append(breakdown)
    return by_indicator


def history_to(month):
    """The HISTORY_MONTHS months that end with `month`, oldest first."""
    return [add_months(month, -n) for n in range(HISTORY_MONTHS - 1, -1, -1)]
