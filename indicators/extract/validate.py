"""Checks across figures: percentage scale, ranges, numerators, duplicates, breakdowns."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.choices import NATURAL_BOUNDS, Unit

from . import problems as p
from .headers import Header
from .model import Problem, Record
from .problems import column_letters
from .rows import UNIT_WORDS, month_words
from .sheets import Grid
from .values import PERCENT_FORMAT, PLAIN, scaled_by_100

HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10_000)
SMALLEST_TOLERANCE = Decimal("0.05")
# The longest breakdown and category a figure can hold (Figure.breakdown and Figure.category).
LONGEST = {"breakdown": 50, "category": 200}


@dataclass
class Checked:
    records: list[Record] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def validate(
    records: list[Record],
    written: dict[int, int],
    units: dict[str, str],
    sheets: dict[str, tuple[Grid, Header]],
) -> Checked:
    """Check the figures read; `written` says which values were written as percentages."""
    checked = Checked()
    records = _read_fractions(records, written, units, checked)
    seen: dict[tuple, Record] = {}
    keep = checked.records.append
    for record in records:
        unit = units[record.code]
        if not _plainly_fine(record, unit):
            _Check(record, unit, sheets, checked).all()
        key = record[3:7]  # code, month, breakdown, category
        first = seen.get(key)
        if first is None:
            seen[key] = record
            keep(record)
        else:
            _Check(record, unit, sheets, checked).duplicate(first, sheets[first.sheet][0])
    return checked


def _plainly_fine(record: Record, unit: str) -> bool:
    """The quick test most figures pass; a figure that fails it is checked one rule at a time."""
    if (not record.breakdown) is not (not record.category):
        return False
    if len(record.breakdown) > LONGEST["breakdown"] or len(record.category) > LONGEST["category"]:
        return False
    value, numerator, denominator = record.value, record.numerator, record.denominator
    if unit != Unit.PERCENT:
        return (
            (value is None or value >= 0)
            and (numerator is None or numerator >= 0)
            and (denominator is None or denominator >= 0)
            and (unit != Unit.RATE_PER_10K or _roughly_agrees(record, TEN_THOUSAND))
        )
    if value is not None and not 0 <= value <= HUNDRED:
        return False
    if numerator is None and denominator is None:
        return True
    return (
        value is not None
        and numerator is not None
        and denominator is not None
        and 0 <= numerator <= denominator
        and not numerator % 1
        and not denominator % 1
        and _roughly_agrees(record, HUNDRED)
    )


def _roughly_agrees(record: Record, scale: Decimal) -> bool:
    """Whether the value is scale x numerator / denominator to within the smallest tolerance,
    or cannot be checked; decided without dividing."""
    value, numerator, denominator = record.value, record.numerator, record.denominator
    if value is None or numerator is None or denominator is None:
        return True
    return abs(value * denominator - scale * numerator) <= SMALLEST_TOLERANCE * denominator


def _read_fractions(
    records: list[Record], written: dict[int, int], units: dict[str, str], checked: Checked
) -> list[Record]:
    """Where every value of a percentage indicator lies in 0..1, read them all as fractions."""
    outside: set[str] = set()
    has_fraction: set[str] = set()
    for i, record in enumerate(records):
        value = record.value
        if value is None or units[record.code] != Unit.PERCENT:
            continue
        how = written.get(i, PLAIN)
        if not 0 <= value <= (HUNDRED if how == PERCENT_FORMAT else 1):
            outside.add(record.code)
        elif how == PLAIN and 0 < value < 1:
            has_fraction.add(record.code)
    codes = sorted(has_fraction - outside)
    if not codes:
        return records
    checked.warnings.append(_fractions_warning(codes))
    wanted = set(codes)
    return [
        record._replace(value=scaled_by_100(record.value))
        if record.code in wanted and record.value and written.get(i, PLAIN) == PLAIN
        else record
        for i, record in enumerate(records)
    ]


def _fractions_warning(codes: list[str]) -> Problem:
    names = ", ".join(codes)
    these = "this indicator" if len(codes) == 1 else "these indicators"
    return Problem(
        p.PERCENT_FRACTIONS,
        "",
        "",
        names,
        f"Percentages read as fractions for {names}: every value given for {these} lies between "
        "0 and 1, so each was multiplied by 100 (0.77 is read as 77%). Check this is right.",
    )


def _key_words(record: Record) -> str:
    if not record.breakdown and not record.category:
        return "headline"
    return f"{record.breakdown or '(no breakdown)'} = {record.category or '(no category)'}"


class _Check:
    """The checks on one figure; each adds its problems to `checked`."""

    def __init__(self, record: Record, unit: str, sheets: dict, checked: Checked):
        self.record, self.unit, self.checked = record, unit, checked
        self.grid, header = sheets[record.sheet]
        self.columns = header.columns

    def all(self) -> None:
        self.breakdown()
        self.lengths()
        self.range()
        self.numerator_denominator()

    def _ref(self, role: str) -> str:
        col = self.columns.get(role)
        return f"{column_letters(col)}{self.record.row}" if col is not None else self.record.cell

    def _add(self, kind: str, ref: str, value: object, message: str, warning=False) -> None:
        problem = Problem(kind, self.record.sheet, ref, str(value), message, row=self.record.row)
        (self.checked.warnings if warning else self.checked.errors).append(problem)

    def breakdown(self) -> None:
        record = self.record
        if record.breakdown and not record.category:
            ref = self._ref("category")
            self._add(
                p.BREAKDOWN_WITHOUT_CATEGORY,
                ref,
                record.breakdown,
                f"Breakdown without a category in {self.grid.place(ref)}: breakdown "
                f"'{record.breakdown}' needs a category, such as the age band or team the "
                "figure is for.",
            )
        elif record.category and not record.breakdown:
            ref = self._ref("breakdown")
            self._add(
                p.CATEGORY_WITHOUT_BREAKDOWN,
                ref,
                record.category,
                f"Category without a breakdown in {self.grid.place(ref)}: category "
                f"'{record.category}' needs a breakdown saying what it is a group of "
                "(such as age_band or team).",
            )

    def lengths(self) -> None:
        for role, longest in LONGEST.items():
            text = getattr(self.record, role)
            if len(text) > longest:
                ref = self._ref(role)
                self._add(
                    p.TEXT_TOO_LONG,
                    ref,
                    p.shown(text),
                    f"{role.capitalize()} too long in {self.grid.place(ref)}: "
                    f"'{p.shown(text)}' has {len(text):,} characters; at most {longest} can be "
                    "kept. Shorten it.",
                )

    def range(self) -> None:
        value = self.record.value
        if value is None:
            return
        # A number or a score (a change, a balance) may be negative; see NATURAL_BOUNDS.
        floor, _ceiling = NATURAL_BOUNDS.get(self.unit, (None, None))
        if self.unit == Unit.PERCENT and value > HUNDRED:
            wrong = "above 100"
        elif floor is not None and value < floor:
            wrong = "below 0" if self.unit == Unit.PERCENT else "negative"
        else:
            return
        self._add(
            p.OUT_OF_RANGE,
            self.record.cell,
            value,
            f"Value out of range in {self.grid.place(self.record.cell)}: {value} for "
            f"{self.record.code} ({UNIT_WORDS.get(self.unit, self.unit)}) is {wrong}.",
        )

    def numerator_denominator(self) -> None:
        record = self.record
        numerator, denominator = record.numerator, record.denominator
        for role, number in (("numerator", numerator), ("denominator", denominator)):
            if number is not None and number < 0:
                self._bad(role, number, f"the {role} {number} is negative")
            elif number is not None and self.unit == Unit.PERCENT and number % 1:
                self._bad(
                    role,
                    number,
                    f"the {role} {number} is not a whole number, but {record.code} is a "
                    "percentage, so it should be a count",
                )
        if numerator is None or denominator is None:
            return
        # A negative figure is an error already; agreement is only worth checking without one.
        checkable = _checkable(record.value, numerator, denominator)
        if self.unit == Unit.RATE_PER_10K and checkable:
            self._rate_agrees(record.value, numerator, denominator)
        if self.unit != Unit.PERCENT:
            return
        if numerator > denominator >= 0:
            self._bad(
                "numerator",
                numerator,
                f"the numerator {numerator} is greater than the denominator {denominator} "
                f"(cell {self._ref('denominator')}); for a percentage the numerator is part of "
                "the denominator",
            )
        elif checkable:
            self._agrees(record.value, numerator, denominator)

    def _agrees(self, value: Decimal, numerator: Decimal, denominator: Decimal) -> None:
        """Warn when the value is not 100 x numerator / denominator, to the value's own places."""
        if _disagrees(value, numerator, denominator, HUNDRED):
            expected = HUNDRED * numerator / denominator
            self._add(
                p.PERCENT_MISMATCH,
                self.record.cell,
                value,
                f"Percentage disagrees with its numerator and denominator in "
                f"{self.grid.place(self.record.cell)}: {self.record.code} is {value}% but "
                f"100 × {numerator} ÷ {denominator} is {expected:.1f}%.",
                warning=True,
            )

    def _rate_agrees(self, value: Decimal, numerator: Decimal, denominator: Decimal) -> None:
        """Warn when a rate is not 10,000 x numerator / denominator, saying so plainly when the
        denominator was given in ten-thousands (as "population (per 10000)" may be read)."""
        if not _disagrees(value, numerator, denominator, TEN_THOUSAND):
            return
        expected = TEN_THOUSAND * numerator / denominator
        self._add(
            p.RATE_MISMATCH,
            self.record.cell,
            value,
            f"Rate disagrees with its numerator and denominator in "
            f"{self.grid.place(self.record.cell)}: {self.record.code} is {value} per 10,000 but "
            f"10,000 × {numerator} ÷ {denominator} is {expected:,.1f}."
            f"{_rate_mistake(value, numerator, denominator)}",
            warning=True,
        )

    def _bad(self, role: str, number: Decimal, what: str) -> None:
        ref = self._ref(role)
        self._add(
            p.BAD_NUMERATOR_DENOMINATOR,
            ref,
            number,
            f"Bad {role} in {self.grid.place(ref)}: {what}.",
        )

    def duplicate(self, first: Record, first_grid: Grid) -> None:
        record = self.record
        here, there = self.grid.place(record.cell), first_grid.place(first.cell)
        what = f"{record.code} for {month_words(record.month)} ({_key_words(record)})"
        if (record.value, record.numerator, record.denominator) == (
            first.value,
            first.numerator,
            first.denominator,
        ):
            self._add(
                p.DUPLICATE_SAME,
                record.cell,
                record.value if record.value is not None else "",
                f"The same figure twice: {what} is given in {there} and again, with the same "
                f"value, in {here}; it is read once.",
                warning=True,
            )
            return
        self._add(
            p.DUPLICATE_CONFLICT,
            record.cell,
            record.value if record.value is not None else "",
            f"Conflicting figures in {here}: {what} is {_figure_words(record)} here but "
            f"{_figure_words(first)} in {there}. Keep one of them.",
        )


def _checkable(value, numerator, denominator) -> bool:
    """Whether a figure can be checked against its numerator and denominator: all three given,
    none negative, and something to divide by."""
    given = (value, numerator, denominator)
    return all(n is not None and n >= 0 for n in given) and denominator > 0


def _rate_mistake(value: Decimal, numerator: Decimal, denominator: Decimal) -> str:
    """Where a rate is numerator / denominator to its places, how it seems to have been worked
    out: from a population given in ten-thousands (as "population (per 10000)" may be read; a
    whole population is a whole number, larger than the count), or as a plain proportion."""
    if not value or not _rounds_to(numerator / denominator, value):
        return ""
    if denominator % 1 or denominator < numerator:
        population = (denominator * TEN_THOUSAND).normalize()
        return (
            f" It is {numerator} ÷ {denominator}, so the denominator seems to be in "
            f"ten-thousands: give the whole population ({population:,f}), "
            f'or the scorecard will read "{numerator} of {denominator}".'
        )
    return f" It is {numerator} ÷ {denominator}, a proportion: give it per 10,000."


def _rounds_to(exact: Decimal, value: Decimal) -> bool:
    """Whether `exact` rounds to `value` at the value's own places."""
    return abs(exact - value) <= _half_a_place(value)


def _half_a_place(value: Decimal) -> Decimal:
    """Half a unit in the value's last place: 0.05 for 77.4, 0.5 for 77."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Decimal(5).scaleb(-places - 1)


def _disagrees(value: Decimal, numerator: Decimal, denominator: Decimal, scale: Decimal) -> bool:
    """Whether the value differs from scale x numerator / denominator by more than rounding to
    the value's own places."""
    gap = abs(value * denominator - scale * numerator)
    if gap <= SMALLEST_TOLERANCE * denominator:
        return False  # the usual case, decided without dividing
    tolerance = max(_half_a_place(value), SMALLEST_TOLERANCE)
    return gap > tolerance * denominator


def _figure_words(record: Record) -> str:
    text = "no figure" if record.value is None else str(record.value)
    if record.numerator is not None or record.denominator is not None:
        text += f" ({record.numerator} of {record.denominator})"
    return text
