"""Whatever an extract's cells hold, reading it never raises and says something well formed."""

import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.extract import ERROR_KINDS, WARNING_KINDS, Record

from .builders import CATALOGUE, FULL_HEADER, TODAY, csv_bytes, read

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 12, 31)),
    st.booleans(),
    st.sampled_from(["-", "–", "n/a", "c", "*", "..", "77%", "1,234", " 5 ", "'=1", "#DIV/0!"]),
    st.sampled_from(["Dec-23", "2023-12", "12/2023", "31/12/2023", "December 2023", "Dec 23"]),
    st.sampled_from([*CATALOGUE, "cla9", "CLA07", "Total", "provisional", "Age band"]),
)
ROWS = st.lists(st.lists(CELL, min_size=0, max_size=len(FULL_HEADER)), min_size=0, max_size=8)
REF = re.compile(r"([A-Z]{1,3}[0-9]+|row [0-9]+|)")
SNAKE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*|")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in [FULL_HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def assert_well_formed(extract) -> None:
    for record in extract.records:
        assert isinstance(record, Record)
        assert record.code in CATALOGUE
        assert record.month.day == 1 and record.month <= TODAY
        for number in (record.value, record.numerator, record.denominator):
            assert number is None or (isinstance(number, Decimal) and number.is_finite())
        assert SNAKE.fullmatch(record.breakdown)
        assert record.category == record.category.strip()
        assert record.status in {"ok", "provisional", "unavailable", "unreliable"}
        assert REF.fullmatch(record.cell) and record.row >= 2
    for problems, kinds in ((extract.errors, ERROR_KINDS), (extract.warnings, WARNING_KINDS)):
        for problem in problems:
            assert problem.kind in kinds
            assert isinstance(problem.message, str) and problem.message
            assert isinstance(problem.value, str)
            assert REF.fullmatch(problem.cell_or_row), problem
    assert extract.ok == (not extract.errors)
    assert extract.records or extract.errors
    assert extract.months == sorted({record.month for record in extract.records})


@FUZZ
@given(ROWS)
def test_any_long_workbook_is_read_without_raising(rows):
    assert_well_formed(read(xlsx(rows)))


@FUZZ
@given(ROWS)
def test_any_long_csv_is_read_without_raising(rows):
    text_rows = [["" if cell is None else str(cell) for cell in row] for row in rows]

    assert_well_formed(read(csv_bytes([FULL_HEADER, *text_rows]), filename="x.csv"))


MONTH_HEADER = st.one_of(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31)),
    st.sampled_from(["Jan-24", "2024-02", "March 2024", "Target", "2023-24", "YTD"]),
    TEXT,
)


@FUZZ
@given(st.lists(MONTH_HEADER, min_size=1, max_size=5), ROWS)
def test_any_wide_workbook_is_read_without_raising(months, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", *months])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)

    assert_well_formed(read(out.getvalue()))


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_at_all_are_read_without_raising(data):
    extract = read(data, filename="x.xlsx")

    assert extract.records or extract.errors
