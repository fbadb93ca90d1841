"""RAG ratings and direction of travel: the rules in design.md, as pure functions.

A year-to-date count (children adopted since 1 April, say) restarts every April and can only
accumulate within a year. So its thresholds are a whole year's, pro-rated to the month; against
the previous month it moves only one way (neutral), and across the April restart it is not
comparable at all; against the same month a year earlier it is like for like.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .choices import UNUSABLE_STATUSES, Direction, PeriodType, Polarity, Rag, Status, Unit
from .formatting import format_value, round_half_up
from .periods import financial_year_start, months_into_financial_year

NO_THRESHOLDS = "No thresholds set for this month"
CONTEXT_MEASURE = "Context measure: no rating"
NO_FIGURE = "No figure"
NO_TARGET = "None set"
YEAR_MONTHS = 12
EXTRA_PLACES = 3  # at most, to show a figure apart from a target or threshold it misses

RAG_REASONS = {
    Rag.GREEN: "At or better than the green threshold",
    Rag.AMBER: "Between the red and green thresholds",
    Rag.RED: "Worse than the red threshold",
}


@dataclass(frozen=True)
class ThresholdSet:
    """Thresholds that apply from effective_from until a later set replaces them."""

    effective_from: date
    green_at: Decimal | float | int | None
    red_at: Decimal | float | int | None
    target: Decimal | float | int | None = None
    # For thresholds pro-rated to a month of the financial year: the whole year's set.
    whole_year: "ThresholdSet | None" = None

    @property
    def is_complete(self) -> bool:
        return self.green_at is not None and self.red_at is not None

    @property
    def for_the_year(self) -> "ThresholdSet":
        """The whole year's set: the one this was pro-rated from, or this one."""
        return self.whole_year or self


@dataclass(frozen=True)
class RagResult:
    rating: Rag
    reason: str


def thresholds_in_force(threshold_sets, month: date) -> ThresholdSet | None:
    """The set with the latest effective_from on or before month, or None if none has started."""
    started = [s for s in threshold_sets if s.effective_from <= month]
    return max(started, key=lambda s: s.effective_from, default=None)


def thresholds_by_month(threshold_sets, months) -> list[ThresholdSet | None]:
    """thresholds_in_force for each of a chronological list of months, in one pass."""
    ordered = sorted(threshold_sets, key=lambda s: s.effective_from)
    in_force, position, found = None, 0, []
    for month in months:
        while position < len(ordered) and ordered[position].effective_from <= month:
            if in_force is None or ordered[position].effective_from > in_force.effective_from:
                in_force = ordered[position]
            position += 1
        found.append(in_force)
    return found


def is_year_to_date_count(period_type, unit) -> bool:
    return period_type == PeriodType.YEAR_TO_DATE and unit == Unit.COUNT


def thresholds_for_months(threshold_sets, months, indicator) -> list:
    """The thresholds each month's figure is judged against: those in force, pro-rated to the
    month for a year-to-date count. Every page and export that rates a figure comes here.
    `indicator` is anything with period_type, unit, polarity and precision."""
    in_force = thresholds_by_month(threshold_sets, months)
    if not is_year_to_date_count(indicator.period_type, indicator.unit):
        return in_force
    return [
        pro_rated(t, month, indicator.polarity, indicator.precision)
        for t, month in zip(in_force, months, strict=True)
    ]


# Rounded towards the harder side, so a figure at the shown precision is rated exactly as it
# would be against the unrounded share of the year: never green while behind the pace.
PRO_RATA_ROUNDING = {Polarity.HIGHER: ROUND_CEILING, Polarity.LOWER: ROUND_FLOOR}


def pro_rated(thresholds, month, polarity, precision) -> ThresholdSet | None:
    """A whole year's thresholds scaled to the months of the financial year elapsed by month's
    end, rounded to the precision shown, so that a figure equal to the target shown meets it."""
    if thresholds is None:
        return None
    elapsed = months_into_financial_year(month)
    rounding = PRO_RATA_ROUNDING.get(polarity, ROUND_HALF_UP)

    def scale(number):
        # Multiplied before dividing, so a share of the year that comes out whole is exact.
        if number is None:
            return None
        share = _decimal(number) * elapsed / YEAR_MONTHS
        return share.quantize(Decimal(1).scaleb(-precision), rounding=rounding)

    return ThresholdSet(
        thresholds.effective_from,
        scale(thresholds.green_at),
        scale(thresholds.red_at),
        scale(thresholds.target),
        whole_year=thresholds,
    )


def describe_target(thresholds, month, unit, precision) -> str:
    """ "20", or "10 by September (20 a year)" for a pro-rated target, so the reader sees why."""
    if thresholds is None or thresholds.target is None:
        return NO_TARGET
    target = format_value(thresholds.target, unit, precision)
    whole_year = thresholds.for_the_year
    if whole_year is thresholds or whole_year.target is None:
        return target
    return f"{target} by {month:%B} ({format_value(whole_year.target, unit, precision)} a year)"


SMALL_DENOMINATOR = 10  # a rate on fewer children than this is flagged wherever it is shown


def is_small_denominator(denominator) -> bool:
    """Whether a rate rests on fewer than SMALL_DENOMINATOR children (0, none at all, included)."""
    return denominator is not None and denominator < SMALL_DENOMINATOR


def usable_value(figure):
    """The figure's value, or None if there is no figure or it is unavailable or unreliable."""
    if figure is None or figure.status in UNUSABLE_STATUSES:
        return None
    return figure.value


def places_apart(value, marks, polarity, precision) -> int:
    """The decimal places to show `value` with beside `marks` (its target and thresholds):
    `precision`, or up to EXTRA_PLACES more where rounding would make a figure that misses a
    mark look equal to it, as 94.96% rated amber would look like the 95.0% it falls short of.
    A mark that no extra place tells apart adds none."""
    if value is None or polarity == Polarity.NEUTRAL:
        return precision
    value = _decimal(value)
    places = precision
    one_place = Decimal(1).scaleb(-precision)  # figures further apart never round alike
    for mark in {_decimal(mark) for mark in marks if mark is not None}:
        if _is_worse(value, mark, polarity) and abs(value - mark) < one_place:
            places = max(places, places_to_tell_apart(value, mark, precision))
    return places


def places_to_tell_apart(value, other, precision) -> int:
    """`precision`, or up to EXTRA_PLACES more if that is what it takes for two figures to look
    different; `precision` if no extra place does, or either is missing."""
    if value is None or other is None:
        return precision
    return next(
        (p for p in range(precision, precision + EXTRA_PLACES + 1)
         if round_half_up(value, p) != round_half_up(other, p)),
        precision,
    )  # fmt: skip


def marks_of(thresholds) -> tuple:
    """The numbers a figure is judged against: its target and thresholds, if any are in force."""
    if thresholds is None:
        return ()
    return (thresholds.target, thresholds.green_at, thresholds.red_at)


def rate(value, polarity, thresholds, status=Status.OK, status_reason="") -> RagResult:
    if polarity == Polarity.NEUTRAL:
        return RagResult(Rag.NONE, CONTEXT_MEASURE)
    if status in UNUSABLE_STATUSES:
        return RagResult(Rag.NONE, _status_reason(status, status_reason))
    if value is None:
        return RagResult(Rag.NONE, NO_FIGURE)
    if thresholds is None or not thresholds.is_complete:
        return RagResult(Rag.NONE, NO_THRESHOLDS)
    rating = _rating(value, polarity, thresholds)
    reason = RAG_REASONS[rating]
    if status == Status.PROVISIONAL:
        reason += " (provisional figure)"
    return RagResult(rating, reason)


def rag_label(rating) -> str:
    return Rag(rating).label


def direction_of_travel(
    current, previous, polarity, precision, year_to_date_months=None
) -> Direction:
    """Compare the figures as displayed, so a change too small to see is no change. For a
    year-to-date count, year_to_date_months is (this month, the month compared with)."""
    if year_to_date_months is not None:
        polarity = year_to_date_polarity(polarity, *year_to_date_months)
        if polarity is None:
            return Direction.RESTARTED
    movement = _displayed_movement(current, previous, precision)
    if movement is None:
        return Direction.NOT_COMPARABLE
    if movement == 0:
        return Direction.NO_CHANGE
    if polarity == Polarity.NEUTRAL:
        return Direction.UP if movement > 0 else Direction.DOWN
    if polarity == Polarity.LOWER:
        movement = -movement
    return Direction.IMPROVING if movement > 0 else Direction.WORSENING


def year_to_date_polarity(polarity, month, earlier):
    """How a year-to-date count for month reads against earlier's: like for like at the same
    point of another year; neither better nor worse within a year, where it can only accumulate;
    None across the April restart, where the two counts are not comparable."""
    if months_into_financial_year(month) == months_into_financial_year(earlier):
        return polarity
    if financial_year_start(month) == financial_year_start(earlier):
        return Polarity.NEUTRAL
    return None


def describe_direction(direction, comparison_label: str) -> str:
    """Words beside the arrow: Improving since November 2024, No comparison with ..."""
    if direction == Direction.NOT_COMPARABLE:
        return f"No comparison with {comparison_label}"
    if direction == Direction.RESTARTED:
        return Direction.RESTARTED.label
    return f"{Direction(direction).label} since {comparison_label}"


def direction_arrow(current, previous, precision, direction=None) -> str:
    """Which way the figure moved, whatever that means for good or bad; "" if it can't be told
    or, across a year-to-date count's restart, means nothing."""
    if direction == Direction.RESTARTED:
        return ""
    movement = _displayed_movement(current, previous, precision)
    if movement is None:
        return ""
    if movement == 0:
        return "▶"
    return "▲" if movement > 0 else "▼"


def _rating(value, polarity, thresholds: ThresholdSet) -> Rag:
    # Lower-is-better is higher-is-better with every number negated.
    sign = -1 if polarity == Polarity.LOWER else 1
    value = sign * _decimal(value)
    if value >= sign * _decimal(thresholds.green_at):
        return Rag.GREEN
    if value < sign * _decimal(thresholds.red_at):
        return Rag.RED
    return Rag.AMBER


def _is_worse(value: Decimal, mark: Decimal, polarity) -> bool:
    return value > mark if polarity == Polarity.LOWER else value < mark


def _displayed_movement(current, previous, precision) -> int | None:
    """1, -1 or 0: how the figure moved once both are rounded as shown; None if one is missing."""
    if current is None or previous is None:
        return None
    difference = round_half_up(current, precision) - round_half_up(previous, precision)
    return (difference > 0) - (difference < 0)


def _decimal(number) -> Decimal:
    # Through str so a float like 0.1 compares as 0.1, not as its binary approximation.
    return Decimal(str(number))


def _status_reason(status, status_reason: str) -> str:
    reason = f"Figure {Status(status).value}"
    return f"{reason}: {status_reason}" if status_reason else reason
