"""What stands out in a month, as plain sentences a panel member can read aloud.

Pure functions: the caller passes each indicator's figures as a Series. The same input always
gives the same sentences in the same order.

Choices made where the brief leaves room:

- A big movement is at least 5 percentage points for a percentage, and at least 10% of the
  earlier figure for any other unit (never from an earlier 0, where a share means nothing);
  the bigger it is, the more important, up to three times that. The two figures must also
  differ as displayed, and neither may rest on a denominator under 10, where one child is a big
  movement.
  The month is compared with each of the 3 months before it, and the largest change is
  reported; on a tie, the nearer month.
- Highest or lowest: strictly above (or below) every figure for at least 12 months, counted in
  calendar months back to the last figure that equalled or beat it, and said as "in N months" up
  to 36; when no earlier figure equals or beats it, "on record". Figures are compared as shown,
  as the direction of travel compares them: 80.04% has only equalled an earlier 80.01%, since
  both read 80.0%. Not on a denominator under 10.
- A figure marked unavailable or unreliable is never compared with anything.
- A year-to-date count climbs through each year and restarts every April, so it gets neither a
  big movement nor a highest or lowest: both would be mechanical. A target it misses is the one
  pro-rated to the month, as the caller gives it.
- Words follow the number ("rose", "fell"); polarity only decides how important a sentence is.
- A target missed for 3 months or more comes first when this month's miss is big, as a big
  movement is; missed narrowly, it comes after the month's big movements for the worse, so a
  fall into the red is never crowded out by figures a fraction short of their targets.
- Of equally important sentences, indicators come in the order of their codes read as a person
  reads them (CLA7 before CLA10).
- A team or locality is behind the others when it is the worst of at least 3 and the gap to the
  next worst is big, as a big movement is (never on a denominator under 10). Age bands and
  ethnicities differ for reasons that are not a service's performance, so they are left out.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db import models

from indicators.choices import (
    DEFAULT_PRECISION,
    UNUSABLE_STATUSES,
    Direction,
    PeriodType,
    Polarity,
    Status,
    Unit,
)
from indicators.formatting import (
    format_value,
    format_value_with_count,
    in_own_direction,
    round_half_up,
)
from indicators.rules import (
    SMALL_DENOMINATOR,
    is_small_denominator,
    is_year_to_date_count,
    marks_of,
    places_apart,
)

BIG_CHANGE_POINTS = Decimal(5)
BIG_CHANGE_SHARE = Decimal("0.1")
LOOKBACK_MONTHS = 3
RECORD_MIN_MONTHS = 12
RECORD_MAX_MONTHS = 36
TARGET_RUN_MIN_MONTHS = 3
NOT_COMPARABLE = UNUSABLE_STATUSES
DIGITS = re.compile(r"(\d+)")


class Kind(models.TextChoices):
    MISSED_TARGET = "missed_target", "Missed target for consecutive months"
    BIG_MOVEMENT = "big_movement", "Big movement"
    HIGHEST = "highest", "Highest for a while"
    LOWEST = "lowest", "Lowest for a while"
    NO_FIGURE = "no_figure", "No figure"
    UNRELIABLE = "unreliable", "Unreliable figure"
    SMALL_NUMBERS = "small_numbers", "Small numbers"
    BEHIND_OTHERS = "behind_others", "A team or locality behind the others"


KIND_ORDER = {kind: position for position, kind in enumerate(Kind)}

# Higher comes first. A change for the worse matters more than one for the better; a neutral
# measure's change sits in between, as context.
MISSED_TARGET_IMPORTANCE = 90
NARROW_MISS_IMPORTANCE = 75
NO_FIGURE_IMPORTANCE = 60
UNRELIABLE_IMPORTANCE = 55
SMALL_NUMBERS_IMPORTANCE = 20
BEHIND_OTHERS_IMPORTANCE = 85
# A movement three times as big as a big one (15 points, or 30%) is worth 10 more; one between,
# in proportion (a 14-point fall 9 more, a 7-point one 2 more).
LARGE_CHANGE_TIMES = 3
LARGE_CHANGE_BONUS = 10
BEHIND_OTHERS_MIN_CATEGORIES = 3
UNIT_DIMENSIONS = {"team": "teams", "locality": "localities"}
MOVEMENT_IMPORTANCE = {
    Direction.WORSENING: 80,
    Direction.IMPROVING: 50,
    Direction.UP: 45,
    Direction.DOWN: 45,
}
RECORD_IMPORTANCE = {
    Direction.WORSENING: 70,
    Direction.IMPROVING: 40,
    Direction.UP: 35,
    Direction.DOWN: 35,
}


class Point(NamedTuple):
    # A named tuple, not a dataclass: a scorecard of 400 indicators makes 14,400 of them.
    month: date
    value: Decimal | float | int | None
    numerator: Decimal | float | int | None = None
    denominator: Decimal | float | int | None = None
    target: Decimal | float | int | None = None
    status: str = Status.OK
    thresholds: object = None  # the rules.ThresholdSet it is judged against, if any


class Category(NamedTuple):
    """One team's (or locality's) figure in a month."""

    name: str
    value: Decimal | float | int | None
    numerator: Decimal | float | int | None = None
    denominator: Decimal | float | int | None = None
    status: str = Status.OK


class Breakdown(NamedTuple):
    month: date
    dimension: str  # a key of UNIT_DIMENSIONS; others are not compared
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Series:
    code: str
    name: str
    unit: str
    polarity: str
    precision: int | None
    points: tuple[Point, ...]
    breakdowns: tuple[Breakdown, ...] = ()
    period_type: str = PeriodType.SNAPSHOT
    # Figures are held from before the months `points` covers: a record among them is not one
    # of all time.
    held_before: bool = False
    counted: str = "children"  # what the denominator counts (Indicator.counted)

    @property
    def is_year_to_date_count(self) -> bool:
        return is_year_to_date_count(self.period_type, self.unit)

    @cached_property
    def points_by_month(self) -> dict[int, Point]:
        """The points by month number: this month's highlights and last month's both read it."""
        return {_month_number(point.month): point for point in self.points}

    @cached_property
    def first_comparable_month(self) -> int | None:
        """The month number of the earliest point that can be compared with others."""
        comparable = (n for n, point in self.points_by_month.items() if _is_comparable(point))
        return min(comparable, default=None)


@dataclass(frozen=True)
class Highlight:
    code: str
    kind: Kind
    sentence: str
    importance: int
    direction: Direction | None = None  # how the change reads by polarity, where there is one


def month_highlights(series_list, month: date, limit: int | None = 8) -> list[Highlight]:
    """The month's highlights across indicators, most important first, then by code."""
    found = [highlight for series in series_list for highlight in series_highlights(series, month)]
    found.sort(key=_sort_key)
    return found if limit is None else found[:limit]


def missed_target_runs(series_list, month: date) -> set[str]:
    """The codes of the indicators whose month ends a run of missed targets."""
    codes = set()
    for series in series_list:
        by_month, current = _by_month(series, month)
        if (
            _is_comparable(current)
            and _missed_months(series, by_month, current) >= TARGET_RUN_MIN_MONTHS
        ):
            codes.add(series.code)
    return codes


def series_highlights(series: Series, month: date) -> list[Highlight]:
    by_month, current = _by_month(series, month)
    if not _is_comparable(current):
        return [_missing_figure(series, month, current)]
    found = [
        _missed_target_run(series, by_month, current),
        *_movements(series, by_month, current),
        _small_numbers(series, current),
        *(_behind_others(series, b) for b in series.breakdowns if b.month == current.month),
    ]
    return [highlight for highlight in found if highlight is not None]


def _by_month(series: Series, month: date):
    """The series' points by month number, and the point for `month` (None if there is none)."""
    by_month = series.points_by_month
    return by_month, by_month.get(_month_number(month))


def _sort_key(highlight: Highlight):
    code = _code_order(highlight.code)
    return (-highlight.importance, code, KIND_ORDER[highlight.kind], highlight.sentence)


def _code_order(code: str) -> tuple:
    """ "CLA10" -> ("cla", 10, ""): numbers in a code compared as numbers."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in DIGITS.split(code))


def _missing_figure(series: Series, month: date, current: Point | None) -> Highlight:
    status = current.status if current is not None else Status.OK
    when = _month_name(month)
    if status == Status.UNRELIABLE:
        sentence = f"The figure for {_name(series)} in {when} is marked unreliable"
        return Highlight(series.code, Kind.UNRELIABLE, sentence, UNRELIABLE_IMPORTANCE)
    sentence = f"No figure for {_name(series)} in {when}"
    if status == Status.UNAVAILABLE:
        sentence += ": marked unavailable"
    return Highlight(series.code, Kind.NO_FIGURE, sentence, NO_FIGURE_IMPORTANCE)


def _missed_months(series: Series, by_month, current: Point) -> int:
    """How many months in a row, up to `current`'s, the target has been missed."""
    if series.polarity == Polarity.NEUTRAL:
        return 0
    now = _month_number(current.month)
    months = 0
    while _misses_target(series.polarity, by_month.get(now - months)):
        months += 1
    return months


def _missed_target_run(series: Series, by_month, current: Point) -> Highlight | None:
    months = _missed_months(series, by_month, current)
    if months < TARGET_RUN_MIN_MONTHS:
        return None
    side = "Below" if series.polarity == Polarity.HIGHER else "Above"
    # A year-to-date count's target is for the year so far.
    when = "by" if series.is_year_to_date_count else "in"
    value, target = _told_apart(series, current)
    # A run back to the first month read may have begun before it.
    began_earlier = series.held_before and months == _months_read_to(series, current)
    sentence = (
        f"{side} target for {'at least ' if began_earlier else ''}{months} consecutive months: "
        f"{_name(series)}, "
        f"{value} against a target of {target} {when} {_month_name(current.month)}"
    )
    missed_by_far = _is_big(series, current._replace(value=current.target), current)
    importance = MISSED_TARGET_IMPORTANCE if missed_by_far else NARROW_MISS_IMPORTANCE
    return Highlight(series.code, Kind.MISSED_TARGET, sentence, importance, Direction.WORSENING)


def _months_read_to(series: Series, current: Point) -> int:
    """How many calendar months the series covers, up to `current`'s."""
    return _month_number(current.month) - min(series.points_by_month) + 1


def _told_apart(series: Series, point: Point) -> tuple[str, str]:
    """The figure and its target as shown, with the places that show the figure misses it
    (94.96% against a target of 95.00%, not 95.0% against 95.0%) or any threshold, as its row
    shows them."""
    places = _places(series, point)
    return tuple(format_value(v, series.unit, places) for v in (point.value, point.target))


def _misses_target(polarity, point: Point | None) -> bool:
    if not _is_comparable(point) or point.target is None:
        return False
    value, target = _decimal(point.value), _decimal(point.target)
    return value < target if polarity == Polarity.HIGHER else value > target


def _movements(series: Series, by_month, current: Point) -> list[Highlight | None]:
    if series.is_year_to_date_count or _is_small(current):
        return []
    return [_big_movement(series, by_month, current), _record(series, by_month, current)]


def _big_movement(series: Series, by_month, current: Point) -> Highlight | None:
    now = _month_number(current.month)
    earlier = [by_month.get(now - gap) for gap in range(1, LOOKBACK_MONTHS + 1)]
    big = [
        point
        for point in earlier
        if _is_comparable(point) and not _is_small(point) and _is_big(series, point, current)
    ]
    if not big:
        return None
    # max() keeps the first of equal changes, and the nearest month comes first.
    before = max(big, key=lambda point: abs(_change(point, current)))
    rising = _change(before, current) > 0
    start, end = _month_names(before.month, current.month)
    sentence = (
        f"{_name(series)} {'rose' if rising else 'fell'} from {_shown(series, before)} "
        f"in {start} to {_shown(series, current)} in {end}"
    ) + _last_month_the_other_way(series, earlier[0], before, current, rising)
    direction = _direction(series.polarity, rising)
    importance = MOVEMENT_IMPORTANCE[direction] + _size_bonus(series, before, current)
    return Highlight(series.code, Kind.BIG_MOVEMENT, sentence, importance, direction)


def _last_month_the_other_way(series, last_month, before, current, rising) -> str:
    """ ", though up from 80.5% in October": a movement told from an earlier month, where the
    figure went the other way since last month, as the scorecard's direction of travel shows."""
    if last_month is before or not _is_comparable(last_month):
        return ""
    since = _change(last_month, current)
    if not since or (since > 0) == rising:
        return ""
    if _format(series, last_month.value) == _format(series, current.value):
        return ""
    shown = _shown(series, last_month)
    return f", though {'down' if rising else 'up'} from {shown} in {_month_name(last_month.month)}"


def _is_big(series: Series, before: Point, after: Point) -> bool:
    big = _big_change(series, before)
    if not big or abs(_change(before, after)) < big:
        return False
    # Formatting costs more than the arithmetic, so it is left until a change is big.
    return _format(series, before.value) != _format(series, after.value)


def _big_change(series: Series, before: Point) -> Decimal:
    """The smallest big change from `before`: 0 where none can be (from an earlier 0)."""
    if series.unit == Unit.PERCENT:
        return BIG_CHANGE_POINTS
    return BIG_CHANGE_SHARE * abs(_decimal(before.value))


def _size_bonus(series: Series, before: Point, after: Point) -> int:
    """Importance added in proportion as a big change goes beyond a big one: none for a change
    just big, LARGE_CHANGE_BONUS from LARGE_CHANGE_TIMES as big."""
    beyond = abs(_change(before, after)) / _big_change(series, before) - 1
    return min(LARGE_CHANGE_BONUS, int(beyond * LARGE_CHANGE_BONUS / (LARGE_CHANGE_TIMES - 1)))


def _change(before: Point, after: Point) -> Decimal:
    return _decimal(after.value) - _decimal(before.value)


def _record(series: Series, by_month, current: Point) -> Highlight | None:
    first = series.first_comparable_month
    for kind, rising in ((Kind.HIGHEST, True), (Kind.LOWEST, False)):
        months, on_record = _months_held(series, by_month, first, current, rising)
        if months >= RECORD_MIN_MONTHS:
            ever = on_record and not series.held_before
            return _record_highlight(series, current, kind, months, ever, rising)
    return None


def _months_held(series, by_month, first: int, current: Point, rising) -> tuple[int, bool]:
    """How many months the figure has been strictly the highest (or lowest), and if ever."""
    now = _month_number(current.month)
    value = _decimal(current.value)
    for number in range(now - 1, first - 1, -1):
        point = by_month.get(number)
        if _is_comparable(point) and _equalled(series, _decimal(point.value), value, rising):
            return now - number, False
    return now - first + 1, True


def _equalled(series: Series, earlier: Decimal, value: Decimal, rising: bool) -> bool:
    """Whether `earlier` equalled or beat `value` as the two are shown."""
    if (earlier >= value) if rising else (earlier <= value):
        return True
    # Rounding is left to figures less than one shown place apart: only they can look alike.
    precision = _precision(series)
    if abs(value - earlier) >= Decimal(1).scaleb(-precision):
        return False
    return round_half_up(earlier, precision) == round_half_up(value, precision)


def _record_highlight(series, current, kind, months, on_record, rising) -> Highlight:
    extreme = "Highest" if rising else "Lowest"
    span = "on record" if on_record else f"in {min(months, RECORD_MAX_MONTHS)} months"
    sentence = (
        f"{extreme} {span}: {_name(series)} at {_shown(series, current)} "
        f"in {_month_name(current.month)}"
    )
    direction = _direction(series.polarity, rising)
    return Highlight(series.code, kind, sentence, RECORD_IMPORTANCE[direction], direction)


def _small_numbers(series: Series, current: Point) -> Highlight | None:
    denominator = current.denominator
    if not is_small_denominator(denominator):
        return None
    figure = format_value_with_count(
        current.value, series.unit, series.precision, current.numerator, denominator
    )
    sentence = (
        f"Based on fewer than {SMALL_DENOMINATOR} {series.counted}: {_name(series)}, {figure} "
        f"in {_month_name(current.month)}"
    )
    return Highlight(series.code, Kind.SMALL_NUMBERS, sentence, SMALL_NUMBERS_IMPORTANCE)


def _behind_others(series: Series, breakdown: Breakdown) -> Highlight | None:
    if series.polarity == Polarity.NEUTRAL or breakdown.dimension not in UNIT_DIMENSIONS:
        return None
    if series.unit == Unit.COUNT:  # a team's count follows the team's size, not how it does
        return None
    usable = [c for c in breakdown.categories if _is_comparable(c) and not _is_small(c)]
    if len(usable) < BEHIND_OTHERS_MIN_CATEGORIES:
        return None
    # Best first: the worst is last, and the one before it is the next worst.
    usable.sort(key=lambda c: _decimal(c.value), reverse=series.polarity == Polarity.HIGHER)
    *others, worst = usable
    if not _is_big(series, others[-1], worst):
        return None
    ends = sorted((others[0], others[-1]), key=lambda c: _decimal(c.value))
    low, high = (_format(series, c.value) for c in ends)
    spread = low if low == high else f"{low} to {high}"
    sentence = (
        f"{in_own_direction(worst.name)} behind the other {UNIT_DIMENSIONS[breakdown.dimension]}: "
        f"{_name(series)}, "
        f"{_format(series, worst.value)} in {_month_name(breakdown.month)} against {spread} "
        f"elsewhere"
    )
    return Highlight(
        series.code, Kind.BEHIND_OTHERS, sentence, BEHIND_OTHERS_IMPORTANCE, Direction.WORSENING
    )


def _is_small(figure: Point | Category) -> bool:
    return is_small_denominator(figure.denominator)


def _direction(polarity, rising: bool) -> Direction:
    if polarity == Polarity.NEUTRAL:
        return Direction.UP if rising else Direction.DOWN
    better = rising if polarity == Polarity.HIGHER else not rising
    return Direction.IMPROVING if better else Direction.WORSENING


def _is_comparable(point: Point | Category | None) -> bool:
    return point is not None and point.value is not None and point.status not in NOT_COMPARABLE


def _name(series: Series) -> str:
    return in_own_direction(series.name)


def _precision(series: Series) -> int:
    return DEFAULT_PRECISION[Unit(series.unit)] if series.precision is None else series.precision


def _format(series: Series, value) -> str:
    return format_value(value, series.unit, series.precision)


def _shown(series: Series, point: Point) -> str:
    """The point's figure as its row and table show it: with the places that show it misses a
    mark (89.96% rated red against 90.0%), as `Indicator.places_against` gives them."""
    return format_value(point.value, series.unit, _places(series, point))


def _places(series: Series, point: Point) -> int:
    marks = marks_of(point.thresholds) or (point.target,)
    return places_apart(point.value, marks, series.polarity, _precision(series))


def _month_names(start: date, end: date) -> tuple[str, str]:
    """October and December; December 2024 and January 2025 when the years differ."""
    if start.year == end.year:
        return _month_name(start), _month_name(end)
    return f"{_month_name(start)} {start.year}", f"{_month_name(end)} {end.year}"


def _month_name(month: date) -> str:
    return f"{month:%B}"


def _month_number(month: date) -> int:
    return month.year * 12 + month.month - 1


def _decimal(number) -> Decimal:
    # Through str so a float like 0.1 compares as 0.1, not as its binary approximation.
    return number if isinstance(number, Decimal) else Decimal(str(number))
