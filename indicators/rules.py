"""RAG ratings and direction of travel: the rules in design.md, as pure functions."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .choices import Direction, Polarity, Rag, Status
from .formatting import round_half_up

NO_THRESHOLDS = "No thresholds set for this month"
CONTEXT_MEASURE = "Context measure: no rating"
NO_FIGURE = "No figure"

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

    @property
    def is_complete(self) -> bool:
        return self.green_at is not None and self.red_at is not None


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


def rate(value, polarity, thresholds, status=Status.OK, status_reason="") -> RagResult:
    if polarity == Polarity.NEUTRAL:
        return RagResult(Rag.NONE, CONTEXT_MEASURE)
    if status in (Status.UNAVAILABLE, Status.UNRELIABLE):
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


def direction_of_travel(current, previous, polarity, precision) -> Direction:
    """Compare the figures as displayed, so a change too small to see is no change."""
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


def describe_direction(direction, comparison_label: str) -> str:
    """Words beside the arrow: Improving since November 2024, No comparison with ..."""
    if direction == Direction.NOT_COMPARABLE:
        return f"No comparison with {comparison_label}"
    return f"{Direction(direction).label} since {comparison_label}"


def direction_arrow(current, previous, precision) -> str:
    """Which way the figure moved, whatever that means for good or bad; "" if it can't be told."""
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
