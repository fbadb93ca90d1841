"""Months and financial years (April to March), as the scorecards count them.

A month is written as the date of its first day.
"""

from datetime import date

FINANCIAL_YEAR_FIRST_MONTH = 4


def parse_month(text) -> date | None:
    """ "2024-12" -> 1 December 2024; None for anything else."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except (ValueError, OverflowError):  # a year too long for a C long overflows
        return None


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month n months after month's (n may be negative)."""
    index = month.year * 12 + (month.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Calendar months from start's month to end's month; days within the month are ignored."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def month_range(start: date, end: date) -> list[date]:
    """Every month from start's to end's, both included; empty when end comes first."""
    first = month_start(start)
    return [add_months(first, n) for n in range(months_between(start, end) + 1)]


def financial_year_start(d: date) -> date:
    year = d.year if d.month >= FINANCIAL_YEAR_FIRST_MONTH else d.year - 1
    return date(year, FINANCIAL_YEAR_FIRST_MONTH, 1)


def financial_year_label(d: date) -> str:
    """Like 2024-25; the second year keeps two digits across a century (1999-00)."""
    start_year = financial_year_start(d).year
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def months_into_financial_year(d: date) -> int:
    """April is 1, March is 12: the months of the financial year elapsed by d's month end."""
    return (d.month - FINANCIAL_YEAR_FIRST_MONTH) % 12 + 1


def is_first_month_of_financial_year(d: date) -> bool:
    return d.month == FINANCIAL_YEAR_FIRST_MONTH


def same_month_last_year(month: date) -> date:
    return add_months(month_start(month), -12)


def month_label(month: date) -> str:
    return f"{month:%B %Y}"


def short_month_label(month: date) -> str:
    return f"{month:%b %Y}"


def last_complete_month(today: date) -> date:
    """The latest month that has fully ended: figures for the current month are not in yet."""
    return add_months(month_start(today), -1)


def describe_months(months) -> str:
    """ "Nov 2023 to Oct 2026" or "Jan 2024, Mar 2024 to May 2024": runs of months collapsed."""
    spans = []
    for month in sorted(set(months)):
        if spans and add_months(spans[-1][1], 1) == month:
            spans[-1][1] = month
        else:
            spans.append([month, month])
    return ", ".join(
        short_month_label(first)
        if first == last
        else f"{short_month_label(first)} to {short_month_label(last)}"
        for first, last in spans
    )
