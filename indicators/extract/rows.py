"""Turning a sheet's data rows into figures, in either layout, reporting every bad cell."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from indicators.choices import Unit

from . import problems as p
from .headers import Header
from .model import CatalogueEntry, Problem, Record
from .problems import cell_ref, column_letters, foreign_characters, shown, suggest_code
from .sheets import Grid
from .values import (
    BLANK,
    PERCENT_FORMAT,
    PERCENT_TEXT,
    CellProblem,
    PercentFloat,
    breakdown_name,
    decimal_from_float,
    excel_date_serial,
    is_blank,
    parse_number,
    parse_period,
    parse_status,
    scaled_by_100,
    shown_value,
    strip_quote,
    text_of,
)

PROGRESS_EVERY = 5000
UNIT_WORDS = {
    Unit.PERCENT: "a percentage",
    Unit.RATE_PER_10K: "a rate per 10,000",
    Unit.DAYS: "a number of days",
    Unit.WEEKS: "a number of weeks",
    Unit.COUNT: "a count",
    Unit.NUMBER: "a number",
    Unit.SCORE: "a score",
}
_CODE_LIKE = re.compile(r"[A-Za-z]{1,5}[ \-_.]?\d{1,4}[A-Za-z]{0,2}")
USE_A_NUMBER = "Use a number, or a not-available marker such as n/a, - or c."


@dataclass
class Context:
    """What reading rows needs, and what it produces, for the whole file.

    Codes, periods and labels repeat from row to row, so each distinct cell is read once.
    """

    catalogue: dict[str, CatalogueEntry]
    this_month: date
    total_rows: int = 0
    progress: Callable[[int, int], None] | None = None
    records: list[Record] = field(default_factory=list)
    written: dict[int, int] = field(default_factory=dict)  # record index -> not PLAIN
    errors: list[Problem] = field(default_factory=list)
    done_rows: int = 0
    codes: dict[object, str | None] = field(default_factory=dict)
    periods: dict[object, date | None] = field(default_factory=dict)
    breakdowns: dict[object, str] = field(default_factory=dict)
    categories: dict[object, str] = field(default_factory=dict)
    statuses: dict[object, str] = field(default_factory=dict)
    numbers: dict[object, Decimal | None] = field(default_factory=dict)
    percents: dict[float, Decimal] = field(default_factory=dict)

    def tick(self) -> None:
        self.done_rows += 1
        if self.progress and self.done_rows % PROGRESS_EVERY == 0:
            self.progress(self.done_rows, self.total_rows)

    def code(self, raw: object) -> str | None:
        """The catalogue code a cell names (case and spaces ignored), or None."""
        code = self.codes.get(raw, MISSING)
        if code is MISSING:
            text = text_of(raw).strip().upper()
            code = self.codes[raw] = text if text in self.catalogue else None
        return code

    def period(self, raw: object) -> date | None:
        month = self.periods.get(raw, MISSING)
        if month is MISSING:
            month = self.periods[raw] = parse_period(raw)
        return month

    def add(self, record: Record, written: int) -> None:
        if written:
            self.written[len(self.records)] = written
        self.records.append(record)


MISSING = object()


def _problem(kind: str, grid: Grid, r: int, c: int, raw: object, message: str) -> Problem:
    return Problem(kind, grid.name, cell_ref(r, c), shown_value(raw), message, row=r + 1)


def month_words(month: date) -> str:
    return f"{month:%B %Y}"


# -- rows that cannot be read: codes, periods, formulas -----------------------------------


def report_uncalculated(grid: Grid, r: int, columns, ctx: Context) -> bool:
    """Report the formulas with no saved result among the cells a row is read from."""
    found = False
    for c in columns:
        formula = grid.uncalculated.get((r, c))
        if formula is not None:
            found = True
            shown_formula = shown(f"={formula}") if formula else "a formula"
            ctx.errors.append(
                _problem(
                    p.UNCALCULATED_FORMULA,
                    grid,
                    r,
                    c,
                    f"={formula}" if formula else "",
                    f"Formula never calculated in {grid.place(cell_ref(r, c))}: the cell holds "
                    f"{shown_formula} but no result was saved (the file was written by a program "
                    "that does not calculate). Open it in Excel, let it recalculate, save it and "
                    "upload it again.",
                )
            )
    return found


def _unknown_code(grid, r, c, raw, has_figures: bool, ctx: Context) -> None:
    """Report a code cell that names no indicator, unless the row is a note or a heading."""
    text = text_of(raw).strip()
    place = grid.place(cell_ref(r, c))
    if not text:
        if has_figures:
            message = f"Missing indicator code in {place}: the row has figures but no code."
            ctx.errors.append(_problem(p.UNKNOWN_CODE, grid, r, c, raw, message))
        return
    foreign = foreign_characters(text)
    looks_like_a_code = _CODE_LIKE.fullmatch(text) or foreign
    suggestion = suggest_code(text, ctx.catalogue) if looks_like_a_code else None
    if suggestion or (_CODE_LIKE.fullmatch(text) and " " not in text):  # not "Page 2"
        hint = f"Did you mean {suggestion}?" if suggestion else "It is not in the catalogue."
        message = f"Unknown indicator code '{shown(text)}' in {place}. {hint}"
    elif has_figures:
        message = (
            f"Unknown indicator code '{shown(text)}' in {place}: the row has figures, but this "
            "is not an indicator code."
        )
    else:
        return  # a note, a section heading or a trailing notes block
    if foreign:
        message += f" It has characters that are not plain letters or digits: {foreign}."
    ctx.errors.append(_problem(p.UNKNOWN_CODE, grid, r, c, raw, message))


def _month(grid, r, c, raw, ctx: Context) -> date | None:
    """The month a period cell names; reports a cell that names none or a future one."""
    month = ctx.period(raw)
    place = grid.place(cell_ref(r, c))
    if month is None:
        message = (
            f"Unreadable period '{shown(shown_value(raw))}' in {place}: use a date, or text "
            "such as 2023-12, Dec-23 or December 2023."
        )
        if serial := excel_date_serial(raw):
            message += (
                f" It looks like a date Excel shows as a number ({month_words(serial)}): "
                "format the column as dates."
            )
        ctx.errors.append(_problem(p.BAD_PERIOD, grid, r, c, raw, message))
    elif month > ctx.this_month:
        message = (
            f"Future period in {place}: '{shown(shown_value(raw))}' is {month_words(month)}, "
            f"after the current month ({month_words(ctx.this_month)})."
        )
        ctx.errors.append(_problem(p.FUTURE_PERIOD, grid, r, c, raw, message))
        return None
    return month


# -- numbers --------------------------------------------------------------------------------


def _number(grid, r, c, raw, what: str, ctx: Context) -> tuple[Decimal | None, int] | None:
    """The number in a cell (None for not available); None after reporting a bad cell."""
    try:
        return parse_number(raw)
    except CellProblem as problem:
        place = grid.place(cell_ref(r, c))
        text = shown(shown_value(raw))
        if problem.kind == p.OUT_OF_RANGE:
            message = f"Value out of range in {place}: the {what} '{text}' {problem.reason}."
        else:
            message = (
                f"Not a number in {place}: the {what} '{text}' {problem.reason}. {USE_A_NUMBER}"
            )
        ctx.errors.append(_problem(problem.kind, grid, r, c, raw, message))
        return None


def _value(grid, r, c, raw, entry: CatalogueEntry, ctx: Context):
    """(value, how written) for a figure's value cell, scaled to per cent where Excel showed %."""
    if is_blank(raw):
        return None, 0
    number = _number(grid, r, c, raw, "value", ctx)
    if number is None:
        return None
    value, written = number
    if entry.unit == Unit.PERCENT:
        if written == PERCENT_FORMAT and value is not None:
            value = scaled_by_100(value)
        return value, written
    if written == PERCENT_TEXT:
        message = (
            f"Not a number in {grid.place(cell_ref(r, c))}: '{shown(shown_value(raw))}' is a "
            f"percentage, but {entry.code} is {UNIT_WORDS.get(entry.unit, entry.unit)}."
        )
        ctx.errors.append(_problem(p.NOT_A_NUMBER, grid, r, c, raw, message))
        return None
    return value, 0


def _count(grid, r, c, raw, what: str, ctx: Context) -> tuple[Decimal | None] | None:
    """A numerator or denominator: (number or None,), or None after reporting a bad cell."""
    if c < 0 or is_blank(raw):
        return (None,)
    number = _number(grid, r, c, raw, what, ctx)
    if number is None:
        return None
    if number[1] == PERCENT_TEXT:
        message = (
            f"Not a number in {grid.place(cell_ref(r, c))}: the {what} "
            f"'{shown(shown_value(raw))}' should be a count, not a percentage."
        )
        ctx.errors.append(_problem(p.NOT_A_NUMBER, grid, r, c, raw, message))
        return None
    return (number[0],)


def _status(grid, r, c, raw, ctx: Context) -> str | None:
    try:
        return parse_status(raw)
    except CellProblem:
        message = (
            f"Unknown status '{shown(shown_value(raw))}' in {grid.place(cell_ref(r, c))}: use "
            "ok, provisional, unavailable or unreliable, or leave it blank."
        )
        ctx.errors.append(_problem(p.BAD_STATUS, grid, r, c, raw, message))
        return None


# -- the long layout ------------------------------------------------------------------------


class _Slow(Exception):
    """A cell the quick path does not handle; the row is read again, carefully."""


class _Long:
    """Reads one long-layout sheet: one figure a row.

    Most rows are well formed, so each is first read on a quick path that gives up (raising
    _Slow or CellProblem) at anything unusual; the careful path then reads the row again and
    reports every problem in it.
    """

    def __init__(self, grid: Grid, header: Header, ctx: Context):
        self.grid, self.ctx = grid, ctx
        cols = header.columns
        self.code, self.period, self.value = cols["code"], cols["period"], cols["value"]
        self.numerator = cols.get("numerator", -1)
        self.denominator = cols.get("denominator", -1)
        self.breakdown = cols.get("breakdown", -1)
        self.category = cols.get("category", -1)
        self.status = cols.get("status", -1)
        self.commentary = cols.get("commentary", -1)
        self.used = sorted(cols.values())
        self.value_letters = column_letters(self.value)
        self.header_row = header.row

    def read(self) -> int:
        grid, ctx = self.grid, self.ctx
        rows, width = grid.rows, grid.width
        formula_rows = {r for r, _ in grid.uncalculated}
        before = len(ctx.records)
        quick, careful, tick = self.quick, self.careful, ctx.tick
        for r in range(self.header_row + 1, len(rows)):
            row = rows[r]
            if row.count(BLANK) == width:
                continue
            tick()
            if r in formula_rows and report_uncalculated(grid, r, self.used, ctx):
                continue
            try:
                quick(r, row)
            except (_Slow, CellProblem):
                careful(r, row)
        return len(ctx.records) - before

    def _cell(self, row: list, c: int) -> object:
        return row[c] if c >= 0 else BLANK

    def quick(self, r: int, row: list) -> None:
        ctx = self.ctx
        code = ctx.codes.get(row[self.code])
        month = ctx.periods.get(row[self.period])
        if code is None or month is None or month > ctx.this_month:
            raise _Slow
        number, label = self._number, self._label
        value = row[self.value]
        if type(value) is PercentFloat:
            value, written = self._percent_value(value, code)
        else:
            value, written = number(value), 0
        record = Record(
            self.grid.name,
            r + 1,
            f"{self.value_letters}{r + 1}",
            code,
            month,
            label(ctx.breakdowns, self.breakdown, row),
            label(ctx.categories, self.category, row),
            value,
            number(row[self.numerator]) if self.numerator >= 0 else None,
            number(row[self.denominator]) if self.denominator >= 0 else None,
            label(ctx.statuses, self.status, row) if self.status >= 0 else "ok",
            _commentary(row[self.commentary]) if self.commentary >= 0 else "",
        )
        if written:
            ctx.written[len(ctx.records)] = written
        ctx.records.append(record)

    def _percent_value(self, raw: PercentFloat, code: str) -> tuple[Decimal, int]:
        """A fraction Excel shows as a percentage, read as per cent for a percentage indicator."""
        if self.ctx.catalogue[code].unit != Unit.PERCENT:
            raise _Slow
        value = self.ctx.percents.get(raw)
        if value is None:
            value = self.ctx.percents[raw] = scaled_by_100(decimal_from_float(raw))
        return value, PERCENT_FORMAT

    def _number(self, raw: object) -> Decimal | None:
        """A plain number (or not-available marker) already seen, or one quickly read."""
        kind = type(raw)
        if kind is not float and kind is not str:
            raise _Slow  # a fraction shown as a percentage, a date, TRUE...
        if raw == BLANK:
            return None
        number = self.ctx.numbers.get(raw, MISSING)
        if number is MISSING:
            number, written = parse_number(raw)
            if written:
                raise _Slow  # "77%"
            self.ctx.numbers[raw] = number
        return number

    def _label(self, seen: dict, c: int, row: list) -> str:
        """A breakdown, category or status already read once in the file."""
        if c < 0:
            return ""
        raw = row[c]
        label = seen.get(raw) if type(raw) is str else None  # TRUE and 1 are equal keys
        if label is None:
            raise _Slow
        return label

    def careful(self, r: int, row: list) -> None:
        grid, ctx = self.grid, self.ctx
        code_raw, period_raw = row[self.code], row[self.period]
        code = ctx.code(code_raw)
        if code is None:
            period_given = not is_blank(period_raw) and ctx.period(period_raw) is not None
            has_figures = period_given and self._has_figures(row)
            _unknown_code(grid, r, self.code, code_raw, has_figures, ctx)
            return
        if is_blank(period_raw):
            if self._has_figures(row):
                message = (
                    f"Missing period in {grid.place(cell_ref(r, self.period))}: the row has a "
                    f"figure for {code} but no month."
                )
                ctx.errors.append(_problem(p.BAD_PERIOD, grid, r, self.period, period_raw, message))
            return  # a row blank apart from its code has no values
        self._figure(r, row, code, _month(grid, r, self.period, period_raw, ctx))

    def _has_figures(self, row: list) -> bool:
        return not (
            is_blank(row[self.value])
            and is_blank(self._cell(row, self.numerator))
            and is_blank(self._cell(row, self.denominator))
        )

    def _figure(self, r: int, row: list, code: str, month: date | None) -> None:
        grid, ctx = self.grid, self.ctx
        entry = ctx.catalogue[code]
        value = _value(grid, r, self.value, row[self.value], entry, ctx)
        numerator = _count(
            grid, r, self.numerator, self._cell(row, self.numerator), "numerator", ctx
        )
        denominator = _count(
            grid, r, self.denominator, self._cell(row, self.denominator), "denominator", ctx
        )
        status = _status(grid, r, self.status, self._cell(row, self.status), ctx)
        if None in (month, value, numerator, denominator, status):
            return
        breakdown_raw = self._cell(row, self.breakdown)
        category_raw = self._cell(row, self.category)
        breakdown = ctx.breakdowns[breakdown_raw] = breakdown_name(breakdown_raw)
        category = ctx.categories[category_raw] = text_of(category_raw).strip()
        ctx.statuses[self._cell(row, self.status)] = status
        record = Record(
            grid.name,
            r + 1,
            f"{self.value_letters}{r + 1}",
            code,
            month,
            breakdown,
            category,
            value[0],
            numerator[0],
            denominator[0],
            status,
            _commentary(self._cell(row, self.commentary)),
        )
        ctx.add(record, value[1])


def _commentary(raw: object) -> str:
    """Commentary exactly as given (markup included), bar the CSV quote before = + - @."""
    return strip_quote(raw) if isinstance(raw, str) else shown_value(raw)


def read_long(grid: Grid, header: Header, ctx: Context) -> int:
    return _Long(grid, header, ctx).read()


# -- the wide layout ------------------------------------------------------------------------


def read_wide(grid: Grid, header: Header, ctx: Context) -> int:
    """One indicator a row, one month a column; a blank cell supplies nothing."""
    code_col = header.columns["code"]
    months = header.months
    used = [code_col, *(c for c, _ in months)]
    rows, width = grid.rows, grid.width
    formula_rows = {r for r, _ in grid.uncalculated}
    before = len(ctx.records)
    for r in range(header.row + 1, len(rows)):
        row = rows[r]
        if row.count(BLANK) == width:
            continue
        ctx.tick()
        if r in formula_rows and report_uncalculated(grid, r, used, ctx):
            continue
        code = ctx.code(row[code_col])
        if code is None:
            has_figures = any(not is_blank(row[c]) for c, _ in months)
            _unknown_code(grid, r, code_col, row[code_col], has_figures, ctx)
            continue
        for c, month in months:
            if not is_blank(row[c]):
                _wide_figure(grid, r, c, row[c], code, month, ctx)
    return len(ctx.records) - before


def _wide_figure(grid, r, c, raw, code, month, ctx: Context) -> None:
    if month > ctx.this_month:
        message = (
            f"Future period in {grid.place(cell_ref(r, c))}: the column is for "
            f"{month_words(month)}, after the current month ({month_words(ctx.this_month)})."
        )
        ctx.errors.append(_problem(p.FUTURE_PERIOD, grid, r, c, raw, message))
        return
    entry = ctx.catalogue[code]
    value = _value(grid, r, c, raw, entry, ctx)
    if value is not None:
        record = Record(grid.name, r + 1, cell_ref(r, c), code, month, value=value[0])
        ctx.add(record, value[1])
