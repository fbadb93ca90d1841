"""One indicator over time (trend, target, RAG bands, SPC, benchmarks) and its breakdowns.

Charts are drawn in the browser by static/js/charts.js from the data built here (passed with
json_script); every chart has a table of the same figures and a one-sentence summary beside it.
"""

import re
from dataclasses import dataclass
from itertools import groupby

from django.utils.functional import cached_property

from indicators import rules
from indicators.choices import (
    NATURAL_BOUNDS,
    UNUSABLE_STATUSES,
    BenchmarkSource,
    Polarity,
    Rag,
    Status,
)
from indicators.formatting import format_value, in_own_direction
from indicators.models import Commentary, Figure, Threshold
from indicators.periods import (
    add_months,
    month_label,
    short_month_label,
)
from meetings.pages import actions_for_indicator

from . import highlights, spc
from .presenters import (
    history_to,
    series_for,
    shown,
    spc_for,
    target_of,
    unit_breakdowns,
    usable_value,
)

BREAKDOWN_LABELS = {
    "team": "Team",
    "locality": "Locality",
    "age_band": "Age band",
    "ethnicity": "Ethnicity",
    "gender": "Gender",
    "legal_status": "Legal status",
    "uasc": "UASC",
}


FIRST_NUMBER = re.compile(r"\d+")


def age_band_order(category):
    """Youngest first: "Under 1", then bands by their first number ("1-4", "16+"); bands with
    no age in them ("Unknown", "Not recorded") last. Text order would put "10-15" before "5-9"."""
    number = FIRST_NUMBER.search(category)
    if number is None:
        return (2, 0, category.lower())
    under = category.strip().lower().startswith(("under", "<"))
    return (0 if under else 1, int(number.group()), category.lower())


def in_category_order(dimension, figures):
    """Age bands by age; other dimensions keep the alphabetical order they arrive in."""
    if dimension == "age_band":
        return sorted(figures, key=lambda f: age_band_order(f.category))
    return list(figures)


@dataclass
class TrendRow:
    month: object
    figure: Figure | None
    shown: str
    target: str
    rag: rules.RagResult
    special_cause: bool
    rule_names: str
    analysed: bool  # among the figures SPC judged: "no special cause" means something


@dataclass
class BreakdownRow:
    category: str
    figure: Figure
    shown: str
    small: bool


@dataclass
class Breakdown:
    dimension: str
    label: str
    rows: list[BreakdownRow]
    chart: dict
    summary: str

    @property
    def json_id(self):
        return f"breakdown-{self.dimension}-data"


class IndicatorPage:
    def __init__(self, indicator, month=None):
        self.indicator = indicator
        self.figures = {
            f.month: f
            for f in Figure.objects.headline().filter(indicator=indicator).order_by("month")
        }
        self.months_available = sorted(self.figures, reverse=True)
        self.month = month or (self.months_available[0] if self.months_available else None)
        self.threshold_sets = [
            t.as_rule() for t in Threshold.objects.filter(indicator=indicator).order_by()
        ]
        self.months = history_to(self.month) if self.month else []
        self.spc = spc_for(
            indicator,
            [usable_value(self.figures.get(m)) for m in self.months],
            target_of(indicator.thresholds_for(self.threshold_sets, self.month))
            if self.month
            else None,
        )

    @property
    def figure(self):
        return self.figures.get(self.month)

    @property
    def label(self):
        return month_label(self.month) if self.month else ""

    @property
    def in_force(self):
        if not self.month:
            return None
        return self.indicator.thresholds_for(self.threshold_sets, self.month)

    @property
    def rag(self):
        figure = self.figure
        if figure is None:
            return rules.rate(None, self.indicator.polarity, self.in_force)
        return rules.rate(
            figure.value,
            self.indicator.polarity,
            self.in_force,
            figure.status,
            figure.status_reason,
        )

    @property
    def shown_months(self):
        first_held = min(self.figures) if self.figures else None
        return [m for m in self.months if first_held and m >= first_held]

    @property
    def highlights(self):
        if not self.month:
            return []
        breakdowns = unit_breakdowns([self.indicator.id], self.month).get(self.indicator.id, ())
        held_before = any(
            month < self.months[0] and usable_value(figure) is not None
            for month, figure in self.figures.items()
        )
        series = series_for(
            self.indicator,
            self.months,
            self.figures,
            self.threshold_sets,
            tuple(breakdowns),
            held_before,
        )
        return highlights.series_highlights(series, self.month)

    @property
    def commentary(self):
        if not self.month:
            return None
        return (
            Commentary.objects.current()
            .filter(indicator=self.indicator, month=self.month)
            .select_related("written_by")
            .first()
        )

    @cached_property
    def actions(self):
        """Open actions about this indicator, then the most recently closed."""
        return actions_for_indicator(self.indicator)

    # The trend chart and its table ---------------------------------------------------------

    def trend_rows(self):
        special = self._special_causes()
        analysed = self._analysed_months()
        rows = []
        months = self.shown_months
        in_force_by_month = self.indicator.thresholds_by_month(self.threshold_sets, months)
        for month, in_force in reversed(list(zip(months, in_force_by_month, strict=True))):
            figure = self.figures.get(month)
            places = self.indicator.places_against(usable_value(figure), in_force)
            rows.append(
                TrendRow(
                    month=month,
                    figure=figure,
                    shown=self._shown(figure, places),
                    target=self.indicator.describe_target(in_force, month, places),
                    rag=self._rate(figure, in_force),
                    special_cause=month in special,
                    rule_names="; ".join(sorted(r.label for r in special.get(month, ()))),
                    analysed=month in analysed,
                )
            )
        return rows

    def trend_summary(self):
        """The chart's one-sentence summary, its rating in words."""
        return self._summary(rated=True)

    def month_summary(self):
        """The summary beside the rating's tag, which already gives the rating."""
        return self._summary(rated=False)

    def _summary(self, rated):
        indicator, figure = self.indicator, self.figure
        if figure is not None and figure.status in UNUSABLE_STATUSES:
            return self._unusable_summary(figure)
        if figure is None or figure.value is None:
            return f"No figure is held for {indicator.code} in {self.label}."
        rag = self.rag
        rating = f" ({rag.rating.label})" if rated and rag.rating != Rag.NONE else ""
        places = indicator.places_against(usable_value(figure), self.in_force)
        target = (
            f" against a target of {indicator.describe_target(self.in_force, self.month, places)}"
            if self.in_force and self.in_force.target is not None
            else ""
        )
        small = (
            f" It rests on fewer than {rules.SMALL_DENOMINATOR} {indicator.counted}: "
            "treat with caution."
            if figure.small_denominator
            else ""
        )
        return (
            f"{indicator.code} was {format_value(figure.value, indicator.unit, places)} in "
            f"{self.label}{target}"
            f"{rating}.{small} {self.spc.summary(indicator.unit, indicator.precision)}"
        )

    def _unusable_summary(self, figure):
        code, status = self.indicator.code, figure.get_status_display().lower()
        reason = figure.status_reason.strip().rstrip(".")
        why = f" ({reason})" if reason else ""
        if figure.value is None:
            return f"{code}'s figure for {self.label} is {status}{why}, so it gets no rating."
        return (
            f"{code} was {self.indicator.format(figure.value)} in {self.label}, but the figure is "
            f"{status}{why}, so it gets no rating."
        )

    def trend_chart(self):
        months = self.shown_months
        values = [float(v) if (v := usable_value(self.figures.get(m))) is not None else None
                  for m in months]  # fmt: skip
        in_force = self.indicator.thresholds_by_month(self.threshold_sets, months)
        return {
            "title": f"{self.indicator.code} {self.indicator.name}",
            "unit": self.indicator.unit,
            "suffix": "%" if self.indicator.unit == "percent" else "",
            "precision": self.indicator.precision,
            "places": [
                self.indicator.places_against(usable_value(self.figures.get(month)), thresholds)
                for month, thresholds in zip(months, in_force, strict=True)
            ],
            "notes": [self._status_note(self.figures.get(m)) for m in months],
            "months": [m.isoformat() for m in months],
            "labels": [short_month_label(m) for m in months],
            "values": values,
            "targets": [self._float(target_of(t)) for t in in_force],
            "restarts": [m.isoformat() for m in self.indicator.restarts_within(months)],
            "bands": self._bands(months, values),
            "spc": self._spc_lines(months),
            "benchmarks": self._benchmark_points(),
        }

    @property
    def _spc_window(self):
        """The months SPC looks at; its points' indexes are positions in this list."""
        return self.months[-spc.MAX_POINTS :]

    def _special_causes(self):
        """Month -> the rules that flagged it (SPC point indexes are positions in the window)."""
        window = self._spc_window
        return {window[p.index]: p.rules for p in self.spc.points if p.special_cause}

    def _analysed_months(self):
        """The months whose figures SPC judged against limits; none when it set no limits."""
        if self.spc.mean is None:
            return set()
        return {self._spc_window[p.index] for p in self.spc.points}

    def _spc_lines(self, months):
        result = self.spc
        if result.mean is None:
            return None
        special = self._special_causes()
        lower, upper = result.shown_limits(self.indicator.unit)
        return {
            "mean": result.mean,
            "upper": upper,
            "lower": lower,
            "trial": result.trial,
            # From the first figure the limits were worked out from, not the window's first
            # month: before a service's first figure the lines would run over empty months.
            "from": self._spc_window[result.points[0].index].isoformat(),
            "to": self.month.isoformat(),
            "special": [
                {"month": m.isoformat(), "value": float(self.figures[m].value)} for m in special
            ],
        }

    def _bands(self, months, values):
        """Shaded RAG bands for each threshold period, from the chart's floor to its ceiling."""
        if self.indicator.polarity == Polarity.NEUTRAL or not months:
            return []
        in_force = self.indicator.thresholds_by_month(self.threshold_sets, months)
        floor, ceiling = self._value_range(values, in_force)
        bands = []
        for threshold, run in groupby(zip(months, in_force, strict=True), key=lambda p: p[1]):
            run = [month for month, _ in run]
            if threshold is None or threshold.green_at is None or threshold.red_at is None:
                continue
            green, red = float(threshold.green_at), float(threshold.red_at)
            x0, x1 = add_months(run[0], 0).isoformat(), add_months(run[-1], 1).isoformat()
            higher = self.indicator.polarity == Polarity.HIGHER
            for rating, low, high in (
                ("green", green, ceiling) if higher else ("green", floor, green),
                ("amber", min(green, red), max(green, red)),
                ("red", floor, red) if higher else ("red", red, ceiling),
            ):
                if high > low:
                    bands.append({"rating": rating, "x0": x0, "x1": x1, "y0": low, "y1": high})
        return bands

    def _value_range(self, values, in_force):
        """From the thresholds the months shown are judged against: a year-to-date count's are
        pro-rated, and its whole-year ones would lift the floor above the red band's edge."""
        numbers = [v for v in values if v is not None]
        for threshold in filter(None, in_force):
            numbers += [float(x) for x in (threshold.green_at, threshold.red_at) if x is not None]
        if self.spc.mean is not None:
            numbers += self.spc.shown_limits(self.indicator.unit)
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
        pad = (high - low) * 0.1 or 1.0
        floor, ceiling = low - pad, high + pad
        bottom, top = NATURAL_BOUNDS.get(self.indicator.unit, (None, None))
        if bottom is None and low >= 0:
            bottom = 0  # a measure that may be negative, but is not here, gets no negative axis
        if bottom is not None:
            floor = max(floor, float(bottom))
        if top is not None:
            ceiling = min(ceiling, float(top))
        return floor, ceiling

    def benchmarks_by_source(self):
        """Those published by the month shown: April's page cannot know the year just ended."""
        benchmarks = self.indicator.benchmarks.filter(
            source__in=[BenchmarkSource.ENGLAND, BenchmarkSource.STATISTICAL_NEIGHBOURS]
        ).order_by("source", "year")
        if self.month:
            benchmarks = benchmarks.published_by(self.month)
        return {
            source: list(items) for source, items in groupby(benchmarks, key=lambda b: b.source)
        }

    def benchmarks_not_out(self):
        """The ids of benchmarks held that had not been published by the month shown: the
        benchmarks table lists every year held, and says which of them the month could not know."""
        if not self.month:
            return set()
        held = self.indicator.benchmarks.all()
        return set(
            held.exclude(id__in=held.published_by(self.month).values("id")).values_list(
                "id", flat=True
            )
        )

    def _benchmark_points(self):
        """Annual figures plotted in the month their period ends: March of their year unless
        they say otherwise; neighbours' figures that do not say end as England's do."""
        if not self.shown_months:
            return {}
        by_source = self.benchmarks_by_source()
        england_ends = {
            b.year: b.period_end for b in by_source.get(BenchmarkSource.ENGLAND, []) if b.period_end
        }
        points = {}
        for source, items in by_source.items():
            ends = [
                (b, b.period_end or england_ends.get(b.year, b.period_end_month)) for b in items
            ]
            points[BenchmarkSource(source).label] = [
                {"month": end.isoformat(), "value": float(b.value), "year": b.year}
                for b, end in ends
                if b.value is not None and end >= self.shown_months[0]
            ]
        return points

    # Breakdowns for the month ----------------------------------------------------------------

    def breakdowns(self):
        if not self.month:
            return []
        figures = (
            Figure.objects.breakdowns()
            .filter(indicator=self.indicator, month=self.month)
            .order_by("breakdown", "category")
        )
        return [
            self._breakdown(dimension, in_category_order(dimension, items))
            for dimension, items in groupby(figures, key=lambda f: f.breakdown)
        ]

    def _breakdown(self, dimension, figures):
        label = BREAKDOWN_LABELS.get(dimension, dimension.replace("_", " ").capitalize())
        rows = [BreakdownRow(f.category, f, self._shown(f), f.small_denominator) for f in figures]
        chart = {
            "title": f"{self.indicator.code} by {label.lower()}, {self.label}",
            "suffix": "%" if self.indicator.unit == "percent" else "",
            "precision": self.indicator.precision,
            "categories": [r.category for r in rows],
            "values": [self._float(usable_value(r.figure)) for r in rows],
            "small": [r.small for r in rows],
        }
        return Breakdown(dimension, label, rows, chart, self._breakdown_summary(label, rows))

    def _breakdown_summary(self, label, rows):
        known = [r for r in rows if usable_value(r.figure) is not None]
        if not known:
            return f"No {label.lower()} figures are held for {self.label}."
        low = min(known, key=lambda r: r.figure.value)
        high = max(known, key=lambda r: r.figure.value)
        small = sum(r.small for r in rows)
        caution = (
            f" {small} based on fewer than {rules.SMALL_DENOMINATOR} {self.indicator.counted}."
            if small
            else ""
        )
        return (
            f"By {label.lower()} in {self.label}, {in_own_direction(high.category)} was highest "
            f"at {self.indicator.format(high.figure.value)} and {in_own_direction(low.category)} "
            "lowest at "
            f"{self.indicator.format(low.figure.value)}.{caution}"
        )

    # Helpers -----------------------------------------------------------------------------

    def _shown(self, figure, places=None):
        return shown(self.indicator, figure, places) + self._status_note(figure)

    @staticmethod
    def _status_note(figure):
        """ " (Provisional)" for a figure the table marks so; "" for one that is OK."""
        if figure is None or figure.value is None or figure.status == Status.OK:
            return ""
        return f" ({figure.get_status_display()})"

    def _rate(self, figure, in_force):
        if figure is None:
            return rules.rate(None, self.indicator.polarity, in_force)
        return rules.rate(
            figure.value, self.indicator.polarity, in_force, figure.status, figure.status_reason
        )

    @staticmethod
    def _float(value):
        return None if value is None else float(value)
