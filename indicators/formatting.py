"""How figures are written for people: `77.0%`, `12.3 per 10,000`, `426 days`, `1,234`."""

import re
from decimal import ROUND_HALF_UP, Decimal

from .choices import DEFAULT_PRECISION, Unit

NO_FIGURE = "No figure"
# Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko...) and the invisible marks
# and controls that change the direction of text.
RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
# Embeddings, overrides and isolates: a stray end of isolate in a name would close ours early.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def round_half_up(value, precision):
    """Round as people do (2.25 -> 2.3), not as bankers do."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def format_number(value, precision=0):
    if value is None:
        return NO_FIGURE
    rounded = round_half_up(value, precision)
    return f"{rounded.copy_abs() if rounded.is_zero() else rounded:,.{precision}f}"


def format_value(value, unit, precision=None):
    """The figure with its unit, rounded to the indicator's display precision."""
    if value is None:
        return NO_FIGURE
    if precision is None:
        precision = DEFAULT_PRECISION[Unit(unit)]
    number = format_number(value, precision)
    if unit == Unit.PERCENT:
        return f"{number}%"
    if unit == Unit.RATE_PER_10K:
        return f"{number} per 10,000"
    if unit == Unit.DAYS:
        return f"{number} day" if number == "1" else f"{number} days"
    if unit == Unit.WEEKS:
        return f"{number} week" if number == "1" else f"{number} weeks"
    return number


def format_count(numerator, denominator):
    """ "154 of 200": the count behind a rate, shown beside it."""
    if numerator is None or denominator is None:
        return ""
    shown = [format_number(count, _places(count)) for count in (numerator, denominator)]
    return " of ".join(shown)


# Rates whose count is worth reading beside them: "21.9 per 10,000 (39 of 17,800)" says that 39
# children are behind the rate. An average's numerator is a total of days or cases, not children.
RATES = (Unit.PERCENT, Unit.RATE_PER_10K)


def format_value_with_count(value, unit, precision, numerator, denominator):
    text = format_value(value, unit, precision)
    count = format_count(numerator, denominator) if unit in RATES else ""
    return f"{text} ({count})" if value is not None and count else text


def _places(number):
    """Whole numbers print without decimals; fractional ones (1.5 FTE) keep one place or two."""
    number = Decimal(str(number))
    if number == number.to_integral_value():
        return 0
    return 1 if (number * 10) == (number * 10).to_integral_value() else 2


def in_own_direction(text):
    """A name set in one of our sentences in a direction of its own, so that a right-to-left name,
    or a direction override left open in it, cannot reorder the words and figures after it (as
    HTML's <bdi> does, but in plain text, so in workbooks too). The name's own direction
    controls are dropped, as they could undo the isolation. Other text is left as it is."""
    if not RIGHT_TO_LEFT.search(text):
        return text
    return f"{FIRST_STRONG_ISOLATE}{DIRECTION_CONTROLS.sub('', text)}{POP_DIRECTIONAL_ISOLATE}"
