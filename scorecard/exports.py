"""The scorecard as a workbook and as CSV: the panel's figures for people who want a spreadsheet.

Every text cell is written as text, so nothing in a name or commentary can become a formula.
"""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.choices import Unit
from indicators.exports import neutralise_for_csv

from .presenters import target_of

HEADERS = [
    "Service area", "Code", "Indicator", "Figure", "Numerator", "Denominator", "Status",
    "Status reason", "Previous month", "Direction (previous month)", "Same month last year",
    "Direction (last year)", "Target", "Target for the year", "RAG", "SPC", "England",
    "England year", "Neighbours", "Neighbours year", "Commentary",
]  # fmt: skip
NUMBER_FORMATS = {
    Unit.PERCENT: '0.0"%"',
    Unit.RATE_PER_10K: "0.0",
    Unit.DAYS: "#,##0",
    Unit.WEEKS: "0.0",
    Unit.COUNT: "#,##0",
    Unit.NUMBER: "0.0",
    Unit.SCORE: "0.0",
}
RAG_FILLS = {"green": "CCE2D8", "amber": "FFF7BF", "red": "F6D7D2"}
COLUMNS = {name: number for number, name in enumerate(HEADERS, start=1)}
VALUE_COLUMNS = ("Figure", "Previous month", "Same month last year", "Target",
                 "Target for the year", "England", "Neighbours")  # fmt: skip
COLUMN_WIDTHS = {"Indicator": 50, "Status reason": 50, "Commentary": 60}


def row_values(row):
    figure, indicator = row.figure, row.indicator
    return [
        indicator.service_area, indicator.code, indicator.name,
        figure.value if figure else None,
        figure.numerator if figure else None,
        figure.denominator if figure else None,
        figure.get_status_display() if figure else "No figure",
        figure.status_reason if figure else "",
        row.previous.figure.value if row.previous.figure else None,
        row.previous.direction.label,
        row.last_year.figure.value if row.last_year.figure else None,
        row.last_year.direction.label,
        row.thresholds.target if row.thresholds else None,
        target_of(row.thresholds.for_the_year if row.thresholds else None),
        row.rag.rating.label,
        row.spc.variation.label,
        row.england.value if row.england else None,
        row.england.year if row.england else None,
        row.neighbours.value if row.neighbours else None,
        row.neighbours.year if row.neighbours else None,
        row.commentary.text if row.commentary else "",
    ]  # fmt: skip


def scorecard_csv(card):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # without it, Excel on Windows reads the file in the local code page
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in card.rows:
        writer.writerow([csv_value(v) for v in row_values(row)])
    return buffer.getvalue()


def csv_value(value):
    """Only text can carry a formula, so only text is neutralised: a negative figure stays a
    number."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return plain_number(value)
    return neutralise_for_csv(value)


def plain_number(number):
    """Every digit held, and no more: 3317.000000 -> "3317", 1E+3 -> "1000", 0.500000 -> "0.5"."""
    text = format(Decimal(str(number)) if isinstance(number, float) else number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def scorecard_xlsx(card, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in card.rows:
        append_row(sheet, row)
    sheet.freeze_panes = "D2"
    for name, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[get_column_letter(COLUMNS[name])].width = width
    sheet.oddHeader.center.text = title
    write_definitions(workbook.create_sheet("Definitions"), card)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def for_sheet(values):
    """Control characters (pasted from Word, say) cannot go in a worksheet, so they are dropped."""
    return [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]


def append_row(sheet, row):
    sheet.append(for_sheet(row_values(row)))
    line = sheet.max_row
    for cell in sheet[line]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
    for name in VALUE_COLUMNS:
        sheet.cell(line, COLUMNS[name]).number_format = NUMBER_FORMATS[row.indicator.unit]
    rag = sheet.cell(line, COLUMNS["RAG"])
    if row.rag.rating in RAG_FILLS:
        rag.fill = PatternFill("solid", fgColor=RAG_FILLS[row.rag.rating])
        rag.font = Font(bold=True)


def write_definitions(sheet, card):
    sheet.append(["Code", "Indicator", "Definition", "Unit", "Polarity", "Period", "Numerator",
                  "Denominator"])  # fmt: skip
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in card.rows:
        i = row.indicator
        sheet.append(for_sheet([i.code, i.name, i.definition, i.get_unit_display(),
                                i.get_polarity_display(), i.get_period_type_display(),
                                i.numerator_description, i.denominator_description]))  # fmt: skip
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["C"].width = 80
