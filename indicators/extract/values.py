"""Reading one cell: periods, numbers, not-available markers, statuses and labels."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from indicators.choices import LARGEST_FIGURE, Status

# Cells as the sheet readers give them: text, numbers, dates, booleans, or blank ("").
BLANK = ""
NOT_AVAILABLE_MARKERS = frozenset({"-", "–", "—", "n/a", "na", "*", "c", "x", "..", ":"})
STATUSES = {s.value: s.value for s in Status}
EARLIEST_YEAR = 1990
LARGEST_FLOAT = float(LARGEST_FIGURE)
EXCEL_SIGNIFICANT_DIGITS = 15

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class PercentFloat(float):
    """A number Excel shows with a percentage format: 0.77 shown as 77%."""

    __slots__ = ()


class CellProblem(Exception):
    """A cell that cannot be read; the reader turns it into a Problem."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def is_blank(raw: object) -> bool:
    return raw == BLANK or raw is None or (type(raw) is str and not raw.strip())


# What a spreadsheet may read as the start of a formula (OWASP's list): text starting so is
# written out behind a quote, which strip_quote takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def strip_quote(text: str) -> str:
    """'=SUM written out to CSV with a leading quote comes back without it (exactly one), as
    does text starting with a tab or carriage return, quoted on the way out for the same reason.

    A quote before another quote is removed too, so text that itself starts with ' survives
    the round trip (the exporter doubles it)."""
    return text[1:] if is_quoted(text) else text


def is_quoted(text: str) -> bool:
    """Starts with the quote an export puts before a formula character (or before a quote)."""
    return text[:1] == "'" and text[1:2] in (*FORMULA_STARTS, "'")


def shown_value(raw: object) -> str:
    """A cell's content as text, for messages and Problem.value."""
    if raw is None or raw == BLANK:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        if math.isfinite(raw) and raw == int(raw) and abs(raw) < 1e15:
            return str(int(raw))
        return repr(float(raw))
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, date | time):
        return raw.isoformat()
    return str(raw)


# -- periods -------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[T ][\d:.]+)?)?", re.ASCII)
_MONTH_YEAR_NUMBERS = re.compile(r"(\d{1,2})[/\-.](\d{4}|\d{2})", re.ASCII)
_YEAR_SLASH_MONTH = re.compile(r"(\d{4})/(\d{1,2})", re.ASCII)
_YEAR_MONTH_DIGITS = re.compile(r"(\d{4})(\d{2})", re.ASCII)
_NAME_YEAR = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+)?([a-z]+)[\s\-/.,']*(\d{4}|\d{2})")
_YEAR_NAME = re.compile(r"(\d{4})[\s\-/]+([a-z]+)", re.ASCII)


def _year(digits: str) -> int:
    """A year as written: two digits are this century's (Dec-23 is December 2023, never
    23 December), four are the year itself, so 0023 is no year an extract holds."""
    return int(digits) + 2000 if len(digits) <= 2 else int(digits)


def _month(year: int, month: int, day: int = 1) -> date | None:
    if not EARLIEST_YEAR <= year <= 2999 or not 1 <= month <= 12:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return date(year, month, 1)


def _named_month(name: str) -> int | None:
    return MONTH_NAMES.get(name)


def _period_from_text(text: str) -> date | None:
    text = " ".join(text.strip().lower().split())
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        return _month(_year(year), int(month), int(day or 1))
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
        return _month(_year(year), int(month), int(day))  # UK order: 31/12/2023
    if match := (_MONTH_YEAR_NUMBERS.fullmatch(text)):
        return _month(_year(match.group(2)), int(match.group(1)))
    if match := (_YEAR_SLASH_MONTH.fullmatch(text) or _YEAR_MONTH_DIGITS.fullmatch(text)):
        return _month(_year(match.group(1)), int(match.group(2)))
    if match := _NAME_YEAR.fullmatch(text):
        day, name, year = match.groups()
        month = _named_month(name)
        return _month(_year(year), month, int(day or 1)) if month else None
    if match := _YEAR_NAME.fullmatch(text):
        month = _named_month(match.group(2))
        return _month(_year(match.group(1)), month) if month else None
    return None


def parse_period(raw: object) -> date | None:
    """The month a cell names (first day), or None when it cannot be read as one."""
    if isinstance(raw, datetime):
        return _month(raw.year, raw.month)
    if isinstance(raw, date):
        return _month(raw.year, raw.month)
    if isinstance(raw, str):
        return _period_from_text(strip_quote(raw))
    if _is_whole_number(raw):
        number = int(raw)  # 202312, an extract's YYYYMM written as a number
        return _month(number // 100, number % 100) if 199001 <= number <= 299912 else None
    return None


EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serials since 1 March 1900
SERIALS_READ_AS_DATES = range(32874, 73051)  # 1 January 1990 to 31 December 2099


def excel_date_serial(raw: object) -> date | None:
    """The date a whole number stands for when a date cell lost its date format (45597 is
    1 November 2024), or None for a number that is no recent date."""
    if _is_whole_number(raw) and int(raw) in SERIALS_READ_AS_DATES:
        return EXCEL_EPOCH + timedelta(days=int(raw))
    return None


def _is_whole_number(raw: object) -> bool:
    return type(raw) in (float, int) and math.isfinite(raw) and raw == int(raw)


def looks_like_period(raw: object) -> bool:
    """A header cell that is a month: a date, or text that reads as one (not a bare number)."""
    if isinstance(raw, date):
        return parse_period(raw) is not None
    return isinstance(raw, str) and parse_period(raw) is not None


# -- numbers -------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d{1,3}))?", re.ASCII
)
PLAIN, PERCENT_FORMAT, PERCENT_TEXT = 0, 1, 2


def tidy(number: Decimal) -> Decimal:
    """77.00 -> 77, 1E+2 -> 100 and -0 -> 0: no trailing zeros, no exponent."""
    if not number:
        return Decimal(0)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def scaled_by_100(number: Decimal) -> Decimal:
    return tidy(number.scaleb(2))


def decimal_from_float(number: float) -> Decimal:
    """The figure Excel shows (15 significant digits), so 77.3 stays 77.3, not 77.2999..."""
    if not -LARGEST_FLOAT < number < LARGEST_FLOAT:
        if math.isfinite(number):
            raise CellProblem("out_of_range", "is far too large to be a figure")
        raise CellProblem("not_a_number", "is not a finite number")
    text = repr(number)
    if len(text) > 16:
        text = format(number, f".{EXCEL_SIGNIFICANT_DIGITS}g")
    if text.endswith(".0"):
        text = text[:-2]
    return Decimal(text) if number else Decimal(0)


def decimal_from_text(text: str) -> tuple[Decimal, bool]:
    """A number written as text, and whether it ended with a % sign."""
    body = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    percent = body.endswith("%")
    if percent:
        body = body[:-1]
    match = _NUMBER.fullmatch(body)
    if not match:
        raise CellProblem("not_a_number", "is not a number")
    try:
        number = Decimal(body.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise CellProblem("not_a_number", "is not a number") from None
    if abs(number) >= LARGEST_FIGURE:
        raise CellProblem("out_of_range", "is far too large to be a figure")
    return tidy(number), percent


def parse_number(raw: object) -> tuple[Decimal | None, int]:
    """(number, how it was written) from a non-blank cell; None for a not-available marker.

    How it was written: PLAIN, PERCENT_FORMAT (a fraction Excel shows as a percentage) or
    PERCENT_TEXT ("77%"). Raises CellProblem when the cell holds something else.
    """
    kind = type(raw)
    if kind is float:
        return decimal_from_float(raw), PLAIN
    if kind is str:
        text = strip_quote(raw)
        if text.strip().lower() in NOT_AVAILABLE_MARKERS:
            return None, PLAIN
        if text.startswith("#"):
            raise CellProblem("not_a_number", "is an Excel error, not a figure")
        number, percent = decimal_from_text(text)
        return number, PERCENT_TEXT if percent else PLAIN
    if kind is PercentFloat:
        return decimal_from_float(raw), PERCENT_FORMAT
    if kind is int:
        return decimal_from_float(float(raw)), PLAIN
    if kind is bool:
        raise CellProblem("not_a_number", "is TRUE or FALSE, not a figure")
    if isinstance(raw, date | time | timedelta):
        raise CellProblem("not_a_number", "is a date or time, not a figure")
    raise CellProblem("not_a_number", "is not a number")


# -- labels --------------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def text_of(raw: object) -> str:
    """A label cell as text: numbers without a needless .0, text with the CSV quote removed."""
    if isinstance(raw, str):
        return strip_quote(raw)
    return shown_value(raw)


def breakdown_name(raw: object) -> str:
    """'Age band', 'AgeBand' and 'age-band' are all age_band."""
    text = _CAMEL.sub("_", text_of(raw).strip())
    return _NOT_WORD.sub("_", text.lower()).strip("_")


def parse_status(raw: object) -> str:
    text = text_of(raw).strip().lower()
    if not text:
        return Status.OK.value
    status = STATUSES.get(text)
    if status is None:
        raise CellProblem("bad_status", "is not a status")
    return status
