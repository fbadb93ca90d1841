"""Writing figures out: the long layout of extract-format.md, and the wide template to fill in.

Text that a spreadsheet would run as a formula (starting =, +, - or @, or a tab or carriage
return, which OWASP lists too: a spreadsheet may skip them and read the formula after) is written
to .xlsx as a text cell and to .csv behind a single quote, which the importer removes again. A
percentage under 1 is written with its per cent sign, so that it is never read back as a
fraction. The writers here serve every workbook the application makes.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .choices import Unit
from .extract.values import FORMULA_STARTS, is_quoted
from .models import Figure, Indicator
from .periods import add_months

LONG_COLUMNS = [
    "indicator", "period", "value", "numerator", "denominator", "breakdown", "category", "status",
    "commentary",
]  # fmt: skip
NUMBER_FORMATS = {
    Unit.PERCENT: "0.0",
    Unit.RATE_PER_10K: "0.0",
    Unit.DAYS: "0",
    Unit.WEEKS: "0.0",
    Unit.COUNT: "#,##0",
    Unit.NUMBER: "0.0",
    Unit.SCORE: "0.0",
}


def quote_for_import(value):
    """Text that already starts with ' and a formula character keeps its quote on the way back in,
    because the importer removes exactly one such quote."""
    if isinstance(value, str) and is_quoted(value):
        return "'" + value
    return value


def neutralise_for_csv(value):
    value = quote_for_import(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# XML 1.0, the language of a worksheet, has no place for control characters, lone surrogates or
# U+FFFE and U+FFFF; openpyxl's own pattern leaves out the last three.
NOT_IN_XML = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")


def for_sheet(value):
    """Characters a worksheet cannot hold (control characters pasted from Word, say) are dropped,
    so that one cell never makes the whole workbook unreadable."""
    return NOT_IN_XML.sub("", value) if isinstance(value, str) else value


def text_cell(sheet, value):
    """A cell for a write-only sheet that is always text, even when the text looks like a
    formula."""
    cell = WriteOnlyCell(sheet, value=quote_for_import(for_sheet(value)))
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def append_text_safely(sheet, values):
    """Append a row in which text is stored as text, so it never becomes a formula; the row's
    number is returned. (Not found by `sheet.max_row`, which reads every cell written so far:
    a sheet of 5,000 rows took 50 times as long as one of 500.)"""
    cells = [Cell(sheet, value=for_sheet(value)) for value in values]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    sheet.append(cells)
    return cells[0].row if cells else sheet.max_row


def figure_rows(first=None, last=None):
    figures = Figure.objects.select_related("indicator").order_by(
        "indicator__code", "month", "breakdown", "category"
    )
    if first:
        figures = figures.filter(month__gte=first)
    if last:
        figures = figures.filter(month__lte=last)
    for figure in figures.iterator(chunk_size=5000):
        yield [
            figure.indicator.code,
            f"{figure.month:%Y-%m}",
            value_out(figure.value, figure.indicator.unit),
            plain(figure.numerator),
            plain(figure.denominator),
            figure.breakdown,
            figure.category,
            figure.status,
            figure.commentary or figure.status_reason,
        ]


def plain(number):
    """77.000000 -> 77 and 12.500000 -> 12.5, never 1E+2."""
    if number is None:
        return None
    return Decimal(format(number.normalize(), "f"))


@dataclass(frozen=True)
class PercentUnderOne:
    """A percentage between 0 and 1 (0.25%), written with its per cent sign. Plain, it would be
    read back as a fraction (0.25 as 25%) whenever all of an indicator's figures in the file
    were under 1."""

    number: Decimal


PERCENT_UNDER_ONE_FORMAT = "0.00####%"


def value_out(number, unit):
    number = plain(number)
    if unit == Unit.PERCENT and number is not None and 0 < number < 1:
        return PercentUnderOne(number)
    return number


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, PercentUnderOne):
        return f"{value.number}%"
    return neutralise_for_csv(value)


def xlsx_cell(sheet, value):
    """A percentage under 1 as Excel keeps one (0.0025 shown as 0.25%); all else as text_cell."""
    if not isinstance(value, PercentUnderOne):
        return text_cell(sheet, value)
    cell = WriteOnlyCell(sheet, value=float(value.number.scaleb(-2)))
    cell.number_format = PERCENT_UNDER_ONE_FORMAT
    return cell


def write_long_csv(handle, rows):
    writer = csv.writer(handle)
    writer.writerow(LONG_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
        count += 1
    return count


def write_long_xlsx(path_or_handle, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Figures")
    sheet.append([text_cell(sheet, name) for name in LONG_COLUMNS])
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(sheet, v) for v in row])
        count += 1
    workbook.save(path_or_handle)
    return count


def export_figures(path, first=None, last=None):
    """Write the figures held (months first..last inclusive) to a .csv or .xlsx file."""
    rows = figure_rows(first, last)
    if str(path).lower().endswith(".csv"):
        with open(path, "w", newline="", encoding="utf-8") as handle:
            return write_long_csv(handle, rows)
    return write_long_xlsx(path, rows)


def template_workbook(last_month: date):
    """The wide layout to fill in: every active indicator, the 12 months to `last_month`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    months = [add_months(last_month, offset) for offset in range(-11, 1)]
    sheet.append(["Code", "Indicator", *months])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in range(3, 15):
        sheet.cell(row=1, column=column).number_format = "mmm yyyy"
    for indicator in Indicator.objects.active().in_display_order():
        line = append_text_safely(sheet, [indicator.code, indicator.name])
        for column in range(3, 15):
            sheet.cell(row=line, column=column).number_format = NUMBER_FORMATS[indicator.unit]
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 60
    write_rules_sheet(workbook.create_sheet("How to fill this in"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RULES = [
    "How to fill in the monthly extract",
    "",
    "One row per indicator, one column per month. Keep the Code column as it is; the name is a "
    "reminder and is ignored.",
    "Type each figure as a number. Percentages as per cent: 77.5 means 77.5%. (Cells formatted as "
    "percentages holding 0.775 are read as 77.5% too.)",
    "Leave a cell blank to keep whatever figure is held for that month.",
    "Type n/a, -, c, x, *, .. or : where there is no figure (for example suppressed or not "
    "available): it is recorded as 'no figure', never as zero.",
    "Month headers must be real dates or month names such as Dec 2024; months after the current "
    "month are refused.",
    "Breakdowns (team, locality, age band...) and numerators/denominators need the long layout: "
    "columns indicator, period, value, numerator, denominator, breakdown, category, status, "
    "commentary.",
    "Upload the workbook on the Upload page. You will see a preview of every new and changed "
    "figure, every error with its cell and every warning before anything is saved.",
]


def write_rules_sheet(sheet: Worksheet):
    for line in RULES:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120
