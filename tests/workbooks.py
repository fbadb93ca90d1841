"""Tiny real workbooks for tests, written with openpyxl (never committed as binaries)."""

import io
from datetime import date

from openpyxl import Workbook

LONG_HEADER = ["indicator", "period", "value", "numerator", "denominator", "breakdown", "category"]


def workbook_bytes(rows, title="Data", extra_sheets=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, sheet_rows in (extra_sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in sheet_rows:
            extra.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def long_workbook(*figures, header=LONG_HEADER):
    """figures: tuples in LONG_HEADER order (missing trailing columns are blank)."""
    return workbook_bytes([header, *[list(f) for f in figures]])


def text_only_workbook(rows):
    """Every string written as a text cell, even one that starts with '=' (as Excel keeps it)."""
    workbook = Workbook()
    sheet = workbook.active
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def wide_workbook(months, rows):
    """rows: (code, name, value per month...)."""
    return workbook_bytes([["Code", "Indicator", *months], *[list(r) for r in rows]])


DEC = date(2024, 12, 1)
NOV = date(2024, 11, 1)
