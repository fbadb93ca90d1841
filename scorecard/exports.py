"""The panel pack as a workbook and the scorecard as CSV, for people who want a spreadsheet.

Both say on every row which month they are for (a file name is lost when the sheet is copied)
and give each figure's unit. The workbook writes the unit into each figure's number format, as
the pages write it ("485 days", "32.0 per 10,000"); the CSV, which has no formats, gives figures
to the places the pages show them with a unit column beside them. Every digit held is in the
export_extract command's long layout, the analysts' copy of the data.

Every text cell is written as text, so nothing in a name or commentary can become a formula.
"""

import csv
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.choices import Unit
from indicators.exports import append_text_safely, neutralise_for_csv
from indicators.formatting import format_number
from indicators.periods import month_label

HEADERS = [
    "Service area", "Code", "Indicator", "Month", "Unit", "Figure", "Numerator", "Denominator",
    "Status", "Status reason", "Previous month", "Direction (previous month)",
    "Same month last year", "Direction (last year)", "Target", "Target for the year", "RAG", "SPC",
    "SPC assurance", "SPC note", "England", "England year", "Neighbours", "Neighbours year",
    "Commentary", "Open actions now",
]  # fmt: skip
# The words after a figure, as indicators.formatting writes them; a percentage's sign is quoted,
# as Excel's own % would multiply the figure by 100.
UNIT_SUFFIXES = {Unit.PERCENT: "%", Unit.RATE_PER_10K: " per 10,000", Unit.DAYS: " days",
                 Unit.WEEKS: " weeks"}  # fmt: skip
SINGULAR_SUFFIXES = {Unit.DAYS: " day", Unit.WEEKS: " week"}
MONTH_FORMAT = "mmmm yyyy"
RAG_FILLS = {"green": "CCE2D8", "amber": "FFF7BF", "red": "F6D7D2"}
COLUMNS = {name: number for number, name in enumerate(HEADERS, start=1)}
VALUE_COLUMNS = ("Figure", "Previous month", "Same month last year", "Target",
                 "Target for the year", "England", "Neighbours")  # fmt: skip
# Wide enough for "December 2024", "Rate per 10,000" and "12,345.6 per 10,000": a number wider
# than its column shows as ### in Excel.
FIGURE_WIDTH = 19
COLUMN_WIDTHS = {"Indicator": 50, "Status reason": 50, "Commentary": 60, "Month": 15, "Unit": 16,
                 **dict.fromkeys(VALUE_COLUMNS, FIGURE_WIDTH)}  # fmt: skip


def row_values(row, month):
    figure, indicator = row.figure, row.indicator
    return [
        indicator.service_area, indicator.code, indicator.name, month, indicator.get_unit_display(),
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
        row.thresholds.for_the_year.target if row.thresholds else None,
        row.rag.rating.label,
        row.spc.variation.label,
        row.spc.assurance.label if row.spc.assurance else "",
        row.spc.trial_note,
        row.england.value if row.england else None,
        row.england.year if row.england else None,
        row.neighbours.value if row.neighbours else None,
        row.neighbours.year if row.neighbours else None,
        row.commentary.text if row.commentary else "",
        row.open_actions,
    ]  # fmt: skip


def places_for(row, column):
    """As on the page: the figure and its target get the places that show a narrow miss."""
    return row.places if column in ("Figure", "Target") else row.indicator.precision


def scorecard_csv(card):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # without it, Excel on Windows reads the file in the local code page
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in card.rows:
        writer.writerow(csv_values(row, f"{card.month:%Y-%m}"))
    return buffer.getvalue()


def csv_values(row, month):
    """The row as the page shows it: each figure to its places, each count as held."""
    places = {COLUMNS[name] - 1: places_for(row, name) for name in VALUE_COLUMNS}
    return [
        shown_number(value, places[i]) if i in places and value is not None else csv_value(value)
        for i, value in enumerate(row_values(row, month))
    ]


def shown_number(number, places):
    """77.190871 to one place is "77.2", and 77 is "77.0": the places say how exact it is."""
    return format_number(number, places).replace(",", "")


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


def pack_xlsx(pack, title):
    """The panel pack as a workbook: the scorecard for the pack's scope, its highlights, the
    exceptions among every indicator, and the definitions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    write_header(sheet, HEADERS)
    for row in pack.scorecard.rows:
        append_row(sheet, row, pack.month)
    sheet.freeze_panes = "D2"
    set_widths(sheet, COLUMNS, COLUMN_WIDTHS)
    write_highlights(workbook.create_sheet("Highlights"), pack.scorecard.highlights, pack.month)
    write_exceptions(workbook.create_sheet("Exceptions"), pack.exceptions)
    write_definitions(workbook.create_sheet("Definitions"), pack.exceptions)
    workbook.properties.title = title
    for each in workbook.worksheets:
        # In a page header & starts a code (&P is the page number, &B bold); && prints one.
        each.oddHeader.center.text = title.replace("&", "&&")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_header(sheet, headers):
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def set_widths(sheet, columns, widths):
    for name, width in widths.items():
        sheet.column_dimensions[get_column_letter(columns[name])].width = width


def number_format(unit, places):
    """Excel's format for a figure in `unit` with `places` decimal places, with the unit's words:
    `#,##0" days"`, `0.0"%"`, `#,##0.0" per 10,000"`."""
    digits = ("0" if unit == Unit.PERCENT else "#,##0") + ("." + "0" * places if places else "")
    suffix = UNIT_SUFFIXES.get(unit)
    plain = f'{digits}"{suffix}"' if suffix else digits
    if unit in SINGULAR_SUFFIXES and not places:
        # "1 day", as the pages write it. Excel picks a section by the figure before rounding
        # it, so the section for one takes every figure that rounds to 1.
        return f'[<0.5]{plain};[<1.5]{digits}"{SINGULAR_SUFFIXES[unit]}";{plain}'
    return plain


def append_row(sheet, row, month):
    line = append_text_safely(sheet, row_values(row, month))
    for name in VALUE_COLUMNS:
        places = places_for(row, name)
        sheet.cell(line, COLUMNS[name]).number_format = number_format(row.indicator.unit, places)
    sheet.cell(line, COLUMNS["Month"]).number_format = MONTH_FORMAT
    fill_rag(sheet.cell(line, COLUMNS["RAG"]), row.rag.rating)


def fill_rag(cell, rating):
    if rating in RAG_FILLS:
        cell.fill = PatternFill("solid", fgColor=RAG_FILLS[rating])
        cell.font = Font(bold=True)


def write_highlights(sheet, highlights, month):
    write_header(sheet, ["Code", f"Highlights, {month_label(month)}"])
    for highlight in highlights:
        append_text_safely(sheet, [highlight.code, highlight.sentence])
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 120


EXCEPTION_HEADERS = [
    "Code", "Indicator", "Service area", "Month", "Listed as", "Figure", "Status reason", "Target",
    "Against the previous month", "Against the same month last year", "Commentary",
    "Written by", "Written on", "Commentary needed",
]  # fmt: skip
EXCEPTION_COLUMNS = {name: number for number, name in enumerate(EXCEPTION_HEADERS, start=1)}
EXCEPTION_WIDTHS = {
    "Indicator": 50, "Month": 15, "Status reason": 40, "Target": 24, "Commentary": 80,
    "Against the previous month": 30, "Against the same month last year": 30,
}  # fmt: skip


def write_exceptions(sheet, card):
    """Every amber and red indicator, then every figure unavailable or unreliable, as the
    pack's exception report lists them."""
    write_header(sheet, EXCEPTION_HEADERS)
    listed = [(row, row.rag.rating.label) for row in card.exception_rows]
    listed += [(row, row.figure.get_status_display()) for row in card.unusable_rows]
    for row, listed_as in listed:
        line = append_text_safely(sheet, exception_values(row, listed_as, card.month))
        fill_rag(sheet.cell(line, EXCEPTION_COLUMNS["Listed as"]), row.rag.rating)
        sheet.cell(line, EXCEPTION_COLUMNS["Month"]).number_format = MONTH_FORMAT
        sheet.cell(line, EXCEPTION_COLUMNS["Written on"]).number_format = "d mmm yyyy"
    sheet.freeze_panes = "C2"
    set_widths(sheet, EXCEPTION_COLUMNS, EXCEPTION_WIDTHS)


def exception_values(row, listed_as, month):
    commentary = row.commentary
    return [
        row.indicator.code, row.indicator.name, row.indicator.service_area, month, listed_as,
        row.shown, row.figure.status_reason if row.figure else "", row.target_shown,
        row.previous.words, row.last_year.words,
        commentary.text if commentary else "",
        commentary.author if commentary else "",
        timezone.localdate(commentary.written_at) if commentary else None,
        "Yes" if row.needs_commentary else "No",
    ]  # fmt: skip


def write_definitions(sheet, card):
    write_header(sheet, ["Code", "Indicator", "Definition", "Unit", "Polarity", "Period",
                         "Numerator", "Denominator"])  # fmt: skip
    for row in card.rows:
        i = row.indicator
        append_text_safely(sheet, [i.code, i.name, i.definition, i.get_unit_display(),
                                   i.get_polarity_display(), i.get_period_type_display(),
                                   i.numerator_description, i.denominator_description])  # fmt: skip
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["C"].width = 80
