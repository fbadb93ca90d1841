"""Statistical process control as in NHS England's "Making Data Count": an XmR chart.

The mean of the figures, process limits at mean ± 2.66 × the mean moving range, and named rules
that mark special cause variation. Pure functions: no database.

Choices made where the method leaves room:

- At most the 24 most recent figures are used. A missing figure (None) is skipped, so moving
  ranges, runs and trends join the figures either side of a gap.
- Fewer than 2 figures: no SPC at all, since a moving range needs two. Fewer than 12: the limits
  are trial limits.
- A figure exactly on the mean breaks a shift. Two equal figures in a row break a trend: a trend
  is 7 figures each strictly higher (or lower) than the one before.
- Two of three: a figure beyond a process limit is also beyond two sigma, so it counts.
- A constant series has a mean moving range of 0, so every limit equals the mean. No figure lies
  beyond a limit or off the mean, so a constant series is always common cause variation.
- Where a figure is flagged by several rules, the direction of its signal is taken from the first
  of: outside the limits, trend (rising is high), two of three, shift.
- A year-to-date count gets no SPC (`not_applied`): it climbs within each year and restarts every
  April, so its figures never vary around one mean as an XmR chart assumes.
"""

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import NamedTuple

from django.db import models

from indicators.choices import NATURAL_BOUNDS, Polarity, Unit
from indicators.formatting import format_value

MAX_POINTS = 24
FIRM_LIMIT_POINTS = 12
MIN_POINTS = 2
LIMIT_FACTOR = Decimal("2.66")
# Two sigma is two thirds of the way from the mean to a process limit (which is three sigma).
TWO_SIGMA_SHARE = Decimal(2) / Decimal(3)


class Rule(models.TextChoices):
    OUTSIDE_LIMITS = "outside_limits", "A figure outside the process limits"
    TREND = "trend", "A run of figures rising or falling"
    TWO_OF_THREE = "two_of_three", "Two of three figures close to a process limit"
    SHIFT = "shift", "A run of figures on one side of the mean"


RULE_PRECEDENCE = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)


class Side(models.TextChoices):
    HIGH = "high", "High"
    LOW = "low", "Low"
    ON_MEAN = "on_mean", "On the mean"


# The members as plain names: a scorecard of 400 indicators compares 40,000 figures with lines.
HIGH, LOW, ON_MEAN = Side.HIGH, Side.LOW, Side.ON_MEAN


class Variation(models.TextChoices):
    COMMON_CAUSE = "common_cause", "Common cause variation"
    IMPROVING_HIGH = "improving_high", "Special cause: improving (higher)"
    IMPROVING_LOW = "improving_low", "Special cause: improving (lower)"
    CONCERNING_HIGH = "concerning_high", "Special cause: concerning (higher)"
    CONCERNING_LOW = "concerning_low", "Special cause: concerning (lower)"
    NEUTRAL_HIGH = "neutral_high", "Special cause: neither improving nor concerning (higher)"
    NEUTRAL_LOW = "neutral_low", "Special cause: neither improving nor concerning (lower)"
    INSUFFICIENT_DATA = "insufficient_data", "Not enough data for SPC"
    NO_FIGURE = "no_figure", "No SPC verdict: no usable figure this month"
    NOT_APPLIED = "not_applied", "Not applied to a year-to-date total"

    @property
    def is_improving(self) -> bool:
        return self in (Variation.IMPROVING_HIGH, Variation.IMPROVING_LOW)

    @property
    def is_concerning(self) -> bool:
        return self in (Variation.CONCERNING_HIGH, Variation.CONCERNING_LOW)


VARIATION_FOR_SIGNAL = {
    (Polarity.HIGHER, Side.HIGH): Variation.IMPROVING_HIGH,
    (Polarity.HIGHER, Side.LOW): Variation.CONCERNING_LOW,
    (Polarity.LOWER, Side.HIGH): Variation.CONCERNING_HIGH,
    (Polarity.LOWER, Side.LOW): Variation.IMPROVING_LOW,
    (Polarity.NEUTRAL, Side.HIGH): Variation.NEUTRAL_HIGH,
    (Polarity.NEUTRAL, Side.LOW): Variation.NEUTRAL_LOW,
}


class Assurance(models.TextChoices):
    CONSISTENTLY_MET = "consistently_met", "Target consistently met"
    CONSISTENTLY_MISSED = "consistently_missed", "Target consistently missed"
    HIT_AND_MISS = "hit_and_miss", "Hit and miss: target within process limits"


@dataclass(frozen=True)
class RuleSet:
    name: str
    run_length: int = 7
    trend_length: int = 7
    two_of_three: bool = True
    outside_limits: bool = True


MAKING_DATA_COUNT = RuleSet(name="Making Data Count")


class SpcPoint(NamedTuple):
    # A named tuple, not a dataclass: a scorecard of 400 indicators makes 9,600 of them.
    index: int  # position in the values given to analyse()
    value: float
    side: Side | None  # against the mean; None when there is no SPC
    rules: frozenset[Rule] = frozenset()
    signal: Side | None = None  # which way the special cause points: HIGH, LOW or None

    @property
    def special_cause(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class Limits:
    mean: Decimal
    mean_moving_range: Decimal
    upper: Decimal
    lower: Decimal
    upper_two_sigma: Decimal
    lower_two_sigma: Decimal


@dataclass(frozen=True)
class SpcResult:
    mean: float | None
    mean_moving_range: float | None
    upper_limit: float | None
    lower_limit: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    trial: bool
    points: tuple[SpcPoint, ...]
    variation: Variation
    assurance: Assurance | None
    rule_set: RuleSet

    @property
    def latest(self) -> SpcPoint | None:
        return self.points[-1] if self.points else None

    @property
    def trial_note(self) -> str:
        """Said beside a verdict from limits worked out on too few figures to be firm."""
        if not self.trial or self.mean is None:
            return ""
        return f"Trial limits: fewer than {FIRM_LIMIT_POINTS} figures"

    def shown_limits(self, unit) -> tuple[float | None, float | None]:
        """The process limits within what a figure in `unit` can be: a percentage's upper limit
        of 107.4 is shown as 100, a count's lower limit of -3 as 0. The rules are unchanged,
        since no figure can lie beyond such a bound."""
        if self.mean is None:
            return None, None
        floor, ceiling = NATURAL_BOUNDS.get(unit, (None, None))
        lower = self.lower_limit if floor is None else max(self.lower_limit, float(floor))
        upper = self.upper_limit if ceiling is None else min(self.upper_limit, float(ceiling))
        return lower, upper

    def summary(self, unit=Unit.NUMBER, precision=1) -> str:
        if self.variation == Variation.NOT_APPLIED:
            return (
                "SPC is not applied to a year-to-date total: it restarts every April and climbs "
                "through the year, so its figures do not vary around one mean."
            )
        if self.variation == Variation.NO_FIGURE:
            return "No SPC verdict: this month's figure is missing, unavailable or unreliable."
        if self.variation == Variation.INSUFFICIENT_DATA:
            figures = "figure" if len(self.points) == 1 else "figures"
            return (
                f"Not enough data for SPC: {len(self.points)} {figures}, "
                f"at least {MIN_POINTS} needed."
            )
        mean, lower, upper = (
            format_value(number, unit, precision)
            for number in (self.mean, *self.shown_limits(unit))
        )
        text = (
            f"{self.variation.label}: {_reason(self.latest, self.rule_set)} "
            f"(mean {mean}, limits {lower} to {upper})."
        )
        if self.trial_note:
            text += f" {self.trial_note}."
        return text


def analyse(values, polarity, target=None, rule_set=MAKING_DATA_COUNT) -> SpcResult:
    """SPC for a chronological list of monthly figures; None marks a month with no figure."""
    figures = [(index, value) for index, value in enumerate(values) if value is not None]
    figures = [(index, _decimal(value)) for index, value in figures[-MAX_POINTS:]]
    if len(figures) < MIN_POINTS:
        return _insufficient(figures, rule_set)
    numbers = [number for _, number in figures]
    limits = calculate_limits(numbers)
    points = _points(figures, limits, rule_set)
    return SpcResult(
        mean=float(limits.mean),
        mean_moving_range=float(limits.mean_moving_range),
        upper_limit=float(limits.upper),
        lower_limit=float(limits.lower),
        upper_two_sigma=float(limits.upper_two_sigma),
        lower_two_sigma=float(limits.lower_two_sigma),
        trial=len(figures) < FIRM_LIMIT_POINTS,
        points=points,
        **_verdicts(values[-1] is None, points[-1], limits, target, Polarity(polarity)),
        rule_set=rule_set,
    )


def not_applied(rule_set=MAKING_DATA_COUNT) -> SpcResult:
    """The result for a series SPC does not suit: no limits, no points, no icons."""
    return _without_limits(Variation.NOT_APPLIED, rule_set)


def calculate_limits(numbers: list[Decimal]) -> Limits:
    """Mean, process limits and two-sigma lines; needs at least two numbers."""
    mean = sum(numbers) / len(numbers)
    moving_ranges = [abs(after - before) for before, after in pairwise(numbers)]
    mean_moving_range = sum(moving_ranges) / len(moving_ranges)
    to_limit = LIMIT_FACTOR * mean_moving_range
    to_two_sigma = to_limit * TWO_SIGMA_SHARE
    return Limits(
        mean=mean,
        mean_moving_range=mean_moving_range,
        upper=mean + to_limit,
        lower=mean - to_limit,
        upper_two_sigma=mean + to_two_sigma,
        lower_two_sigma=mean - to_two_sigma,
    )


def _insufficient(figures, rule_set) -> SpcResult:
    points = tuple(SpcPoint(index, float(number), side=None) for index, number in figures)
    return _without_limits(Variation.INSUFFICIENT_DATA, rule_set, points, trial=True)


def _without_limits(variation, rule_set, points=(), trial=False) -> SpcResult:
    return SpcResult(
        mean=None,
        mean_moving_range=None,
        upper_limit=None,
        lower_limit=None,
        upper_two_sigma=None,
        lower_two_sigma=None,
        trial=trial,
        points=points,
        variation=variation,
        assurance=None,
        rule_set=rule_set,
    )


def _points(figures, limits: Limits, rule_set: RuleSet) -> tuple[SpcPoint, ...]:
    numbers = [number for _, number in figures]
    sides = _sides(numbers, limits.mean, limits.mean)
    marks_by_rule = _marks_by_rule(numbers, sides, limits, rule_set)
    flagged = set().union(*marks_by_rule.values())
    points = [
        SpcPoint(index, float(number), side)
        for (index, number), side in zip(figures, sides, strict=True)
    ]
    for position in flagged:
        rules = [rule for rule in RULE_PRECEDENCE if position in marks_by_rule[rule]]
        signal = marks_by_rule[rules[0]][position]
        points[position] = points[position]._replace(rules=frozenset(rules), signal=signal)
    return tuple(points)


def _marks_by_rule(numbers, sides, limits: Limits, rule_set: RuleSet) -> dict[Rule, dict]:
    """For each rule, the positions it flags and which way each one points."""
    return {
        Rule.OUTSIDE_LIMITS: _outside_marks(numbers, limits) if rule_set.outside_limits else {},
        Rule.TREND: _trend_marks(numbers, rule_set.trend_length),
        Rule.TWO_OF_THREE: _two_of_three_marks(numbers, limits) if rule_set.two_of_three else {},
        Rule.SHIFT: _shift_marks(sides, rule_set.run_length),
    }


def _sides(numbers, upper, lower) -> list[Side]:
    """For each number: HIGH above upper, LOW below lower, ON_MEAN between them (or on either)."""
    return [HIGH if number > upper else LOW if number < lower else ON_MEAN for number in numbers]


def _outside_marks(numbers, limits: Limits) -> dict[int, Side]:
    sides = _sides(numbers, limits.upper, limits.lower)
    return {position: side for position, side in enumerate(sides) if side is not ON_MEAN}


def _two_of_three_marks(numbers, limits: Limits) -> dict[int, Side]:
    beyond = _sides(numbers, limits.upper_two_sigma, limits.lower_two_sigma)
    if len(beyond) - beyond.count(ON_MEAN) < 2:
        return {}
    marks = {}
    for start in range(len(numbers)):
        window = beyond[start : start + 3]
        for side in (HIGH, LOW):
            if window.count(side) >= 2:
                hits = (start + offset for offset, seen in enumerate(window) if seen == side)
                marks.update(dict.fromkeys(hits, side))
    return marks


def _shift_marks(sides, run_length: int) -> dict[int, Side]:
    marks = {}
    for start, stop, side in _runs(sides):
        if side is not ON_MEAN and stop - start >= run_length:
            marks.update(dict.fromkeys(range(start, stop), side))
    return marks


def _trend_marks(numbers, trend_length: int) -> dict[int, Side]:
    # steps[k] is the move from figure k to figure k + 1; a tie is ON_MEAN, which ends a trend.
    steps = [HIGH if after > before else LOW if after < before else ON_MEAN
             for before, after in pairwise(numbers)]  # fmt: skip
    marks = {}
    for start, stop, direction in _runs(steps):
        # Steps start to stop - 1 join figures start to stop; a later trend wins at a turn.
        if direction is not ON_MEAN and stop - start + 1 >= trend_length:
            marks.update(dict.fromkeys(range(start, stop + 1), direction))
    return marks


def _runs(keys) -> list[tuple[int, int, object]]:
    """Stretches of equal neighbouring keys, as (start, stop, key) with stop exclusive."""
    runs = []
    start = 0
    for position in range(1, len(keys) + 1):
        if position == len(keys) or keys[position] != keys[start]:
            runs.append((start, position, keys[start]))
            start = position
    return runs


def _verdicts(month_missing, latest, limits, target, polarity) -> dict:
    """The variation and assurance icons; none for a month without a usable figure, since the
    latest point would then be an earlier month's."""
    if month_missing:
        return {"variation": Variation.NO_FIGURE, "assurance": None}
    return {
        "variation": _variation(latest, polarity),
        "assurance": _assurance(limits, target, polarity),
    }


def _variation(latest: SpcPoint, polarity: Polarity) -> Variation:
    if latest.signal is None:
        return Variation.COMMON_CAUSE
    return VARIATION_FOR_SIGNAL[(polarity, latest.signal)]


def _assurance(limits: Limits, target, polarity: Polarity) -> Assurance | None:
    if target is None or polarity == Polarity.NEUTRAL:
        return None
    target = _decimal(target)
    if polarity == Polarity.HIGHER:
        met, missed = limits.lower >= target, limits.upper < target
    else:
        met, missed = limits.upper <= target, limits.lower > target
    if met:
        return Assurance.CONSISTENTLY_MET
    if missed:
        return Assurance.CONSISTENTLY_MISSED
    return Assurance.HIT_AND_MISS


def _reason(latest: SpcPoint, rule_set: RuleSet) -> str:
    if not latest.rules:
        return "the latest figure is within the expected range"
    rule = next(rule for rule in RULE_PRECEDENCE if rule in latest.rules)
    high = latest.signal == Side.HIGH
    if rule == Rule.OUTSIDE_LIMITS:
        return f"the latest figure is {'above the upper' if high else 'below the lower'} limit"
    if rule == Rule.TREND:
        way = "rising" if high else "falling"
        return f"the latest figure ends a run of {rule_set.trend_length} or more {way} figures"
    where = "above the mean" if high else "below the mean"
    if rule == Rule.TWO_OF_THREE:
        return f"two of the latest three figures are more than two sigma {where}"
    return f"the latest figure is in a run of {rule_set.run_length} or more {where}"


def _decimal(number) -> Decimal:
    # Through str so a float like 0.1 is 0.1, and a constant series has a mean equal to its figures.
    return number if isinstance(number, Decimal) else Decimal(str(number))
