"""Enumerations shared by the models, the pure rules and the import pipeline."""

from decimal import Decimal

from django.db import models


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    RATE_PER_10K = "rate_per_10k", "Rate per 10,000"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    COUNT = "count", "Count"
    NUMBER = "number", "Number"
    SCORE = "score", "Score"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEUTRAL = "neutral", "Neutral (context measure)"


class PeriodType(models.TextChoices):
    SNAPSHOT = "snapshot", "Snapshot at month end"
    YEAR_TO_DATE = "ytd", "Year to date"
    ROLLING_12 = "rolling_12", "Rolling 12 months"


class Status(models.TextChoices):
    OK = "ok", "OK"
    PROVISIONAL = "provisional", "Provisional"
    UNAVAILABLE = "unavailable", "Unavailable"
    UNRELIABLE = "unreliable", "Unreliable"


# A figure with one of these statuses is not rated, compared or charted, whatever its value.
UNUSABLE_STATUSES = (Status.UNAVAILABLE, Status.UNRELIABLE)


class BenchmarkSource(models.TextChoices):
    ENGLAND = "england", "England"
    STATISTICAL_NEIGHBOURS = "neighbours", "Statistical neighbours"
    REGION = "region", "Region"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NONE = "none", "No rating"


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no_change", "No change"
    UP = "up", "Up"
    DOWN = "down", "Down"
    NOT_COMPARABLE = "not_comparable", "No comparison"
    RESTARTED = "restarted", "Not comparable: the year-to-date count restarts in April"


# No indicator is anywhere near this; larger is a slip of the keyboard. It is 10^12 less one
# because SQLite holds numbers as floating point, which rounds 999999999999.999999 up to a 13th
# whole digit that every later read of the column fails on.
LARGEST_FIGURE = Decimal(10) ** 12 - 1

# The range a figure in each unit can take (None: no bound). A number or score may be negative.
NATURAL_BOUNDS = {
    Unit.PERCENT: (0, 100),
    Unit.RATE_PER_10K: (0, None),
    Unit.DAYS: (0, None),
    Unit.WEEKS: (0, None),
    Unit.COUNT: (0, None),
}

DEFAULT_PRECISION = {
    Unit.PERCENT: 1,
    Unit.RATE_PER_10K: 1,
    Unit.DAYS: 0,
    Unit.WEEKS: 1,
    Unit.COUNT: 0,
    Unit.NUMBER: 1,
    Unit.SCORE: 1,
}
