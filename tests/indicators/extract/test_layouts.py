"""Finding the header, naming columns, and reading both layouts from any sheet."""

from datetime import date, datetime
from decimal import Decimal

from openpyxl.styles import Font

from .builders import (
    FULL_HEADER,
    kinds,
    long_workbook,
    only,
    read,
    wide_workbook,
    workbook,
)

MARCH = date(2024, 3, 1)


def test_the_long_layout_gives_one_record_a_row_with_every_column(tmp_path):
    rows = [
        ["CLA9", MARCH, 77.3, 154, 199, None, None, "provisional", "<b>Up</b> from 75%"],
        ["CLA9", MARCH, 80, 40, 50, "Age band", " 13-15 ", "OK", None],
    ]
    path = long_workbook(tmp_path, rows, header=FULL_HEADER)

    extract = read(path)

    assert extract.ok, extract.errors
    headline, breakdown = extract.records
    assert headline.sheet == "Data" and headline.row == 2 and headline.cell == "C2"
    assert (headline.code, headline.month, headline.value) == ("CLA9", MARCH, Decimal("77.3"))
    assert (headline.numerator, headline.denominator) == (Decimal(154), Decimal(199))
    assert headline.status == "provisional"
    assert headline.commentary == "<b>Up</b> from 75%"
    assert (breakdown.breakdown, breakdown.category, breakdown.status) == (
        "age_band",
        "13-15",
        "ok",
    )
    assert extract.months == [MARCH]
    assert extract.sheets[0].layout == "long" and extract.sheets[0].header_row == 1


def test_the_wide_layout_reads_a_figure_per_filled_month_cell(tmp_path):
    months = [datetime(2024, 1, 1), "Feb-24", "2024-03"]
    rows = [
        ["CLA1", "Children looked after", 120, None, 118],
        ["CLA9", "Care plans", 77.3, "n/a", None],
    ]
    path = wide_workbook(tmp_path, months, rows)

    extract = read(path)

    assert extract.ok, extract.errors
    got = {(r.code, r.month): (r.value, r.cell) for r in extract.records}
    assert got == {
        ("CLA1", date(2024, 1, 1)): (Decimal(120), "C2"),
        ("CLA1", date(2024, 3, 1)): (Decimal(118), "E2"),
        ("CLA9", date(2024, 1, 1)): (Decimal("77.3"), "C3"),
        ("CLA9", date(2024, 2, 1)): (None, "D3"),  # "not available": no figure
    }
    summary = extract.sheets[0]
    assert (summary.layout, summary.figures, summary.ignored_columns) == ("wide", 4, ["Indicator"])


def test_a_wide_scorecard_may_have_blank_columns_for_months_still_to_come(tmp_path):
    path = wide_workbook(tmp_path, ["Oct-24", "Nov-24", "Dec-24", "Jan-25"], [["CLA1", "", 1, 2]])

    extract = read(path)

    assert extract.ok, extract.errors
    assert [r.month for r in extract.records] == [date(2024, 10, 1), date(2024, 11, 1)]


def test_title_rows_above_the_header_are_skipped_and_rows_counted_as_excel_shows(tmp_path):
    above = [["Corporate parenting extract"], ["Produced 3 April 2024"], []]
    path = long_workbook(tmp_path, [["CLA1", MARCH, 120], ["CLA1", "Marchish", 1]], above=above)

    extract = read(path)

    assert extract.sheets[0].header_row == 4
    assert extract.records[0].row == 5
    problem = only(extract.errors, "bad_period")
    assert (problem.cell_or_row, problem.row) == ("B6", 6)
    assert "sheet 'Data', cell B6" in problem.message


def test_header_names_ignore_case_spaces_punctuation_and_accept_synonyms(tmp_path):
    header = ["INDICATOR_CODE", "Reporting period", "Actual (%)", "num.", "Denom"]
    path = long_workbook(tmp_path, [["cla9 ", MARCH, 50, 1, 2]], header=header)

    extract = read(path)

    assert extract.ok, extract.errors
    record = extract.records[0]
    assert (record.code, record.value, record.numerator, record.denominator) == (
        "CLA9",
        Decimal(50),
        Decimal(1),
        Decimal(2),
    )


def test_the_column_of_catalogue_codes_is_the_code_column_beside_one_of_names(tmp_path):
    header = ["Indicator", "Ref", "Month", "Result"]
    rows = [["Children looked after", "CLA1", MARCH, 120], ["Care plans", "CLA9", MARCH, 77]]
    path = long_workbook(tmp_path, rows, header=header)

    extract = read(path)

    assert extract.ok, extract.errors
    assert [r.code for r in extract.records] == ["CLA1", "CLA9"]
    assert extract.sheets[0].ignored_columns == ["Indicator"]


def test_unknown_columns_are_ignored_and_listed(tmp_path):
    header = ["Indicator", "Period", "Value", "Target", "RAG"]
    path = long_workbook(tmp_path, [["CLA1", MARCH, 120, 100, "Red"]], header=header)

    extract = read(path)

    assert extract.ok, extract.errors
    assert extract.sheets[0].ignored_columns == ["Target", "RAG"]
    warning = only(extract.warnings, "ignored_columns")
    assert "'Target', 'RAG'" in warning.message and "sheet 'Data', row 1" in warning.message


def test_merged_header_cells_read_as_their_top_left_cell(tmp_path):
    def merge(book):
        sheet = book["Scorecard"]
        sheet.merge_cells("A1:A2")
        sheet.merge_cells("C1:D1")

    rows = [
        ["Ref", "Name", "2023-24", None],
        [None, None, "Feb-24", "Mar-24"],
        ["CLA1", "Children looked after", 120, 121],
    ]
    path = workbook(tmp_path / "s.xlsx", {"Scorecard": rows}, tweak=merge)

    extract = read(path)

    assert extract.ok, extract.errors
    assert extract.sheets[0].header_row == 2
    assert [(r.month, r.value) for r in extract.records] == [
        (date(2024, 2, 1), Decimal(120)),
        (date(2024, 3, 1), Decimal(121)),
    ]


def test_every_sheet_with_data_is_read_and_a_notes_sheet_is_skipped(tmp_path):
    sheets = {
        "Notes": [["About this extract"], ["Figures are provisional."]],
        "Children in care": [["Code", "Month", "Value"], ["CLA1", MARCH, 120]],
        "Scorecard": [["Ref", "Feb-24"], ["CLA9", 80]],
    }
    extract = read(workbook(tmp_path / "x.xlsx", sheets))

    assert extract.ok, extract.errors
    assert [(r.sheet, r.code) for r in extract.records] == [
        ("Children in care", "CLA1"),
        ("Scorecard", "CLA9"),
    ]
    assert [s.name for s in extract.sheets] == ["Children in care", "Scorecard"]
    assert not extract.warnings


def test_a_hidden_sheet_is_read_and_the_preview_told(tmp_path):
    def hide(book):
        book["Backing data"].sheet_state = "hidden"

    sheets = {"Front": [["Cover page"]], "Backing data": [FULL_HEADER, ["CLA1", MARCH, 120]]}
    extract = read(workbook(tmp_path / "x.xlsx", sheets, tweak=hide))

    assert extract.ok, extract.errors
    assert extract.records[0].sheet == "Backing data"
    assert extract.sheets[0].hidden is True
    assert only(extract.warnings, "hidden_sheet").message == (
        "Sheet 'Backing data' is hidden in the workbook, but its figure was read too."
    )


def test_no_recognisable_header_anywhere_lists_the_headers_found(tmp_path):
    sheets = {"Empty": [], "Data": [["Title"], ["Code", "Month", "Amount"], ["CLA1", MARCH, 5]]}

    extract = read(workbook(tmp_path / "x.xlsx", sheets))

    problem = only(extract.errors, "missing_column")
    assert (problem.sheet, problem.cell_or_row) == ("Data", "row 2")
    assert "Missing: value" in problem.message
    assert "'Code', 'Month', 'Amount'" in problem.message
    assert kinds(extract.errors) == ["missing_column"]


def test_a_sheet_missing_one_column_beside_good_sheets_is_skipped_with_a_warning(tmp_path):
    sheets = {
        "Data": [["Indicator", "Period", "Value"], ["CLA1", MARCH, 120]],
        "Targets": [["Indicator", "Period", "Target"], ["CLA1", MARCH, 100]],
    }

    extract = read(workbook(tmp_path / "x.xlsx", sheets))

    assert extract.ok
    assert "'Targets' was skipped" in only(extract.warnings, "sheet_skipped").message


def test_the_layout_can_be_forced(tmp_path):
    rows = [["Ref", "Period", "Value", "Jan-24"], ["CLA1", MARCH, 120, 7]]
    path = workbook(tmp_path / "x.xlsx", {"Data": rows})

    assert [r.value for r in read(path).records] == [Decimal(120)]
    assert [r.value for r in read(path, layout="wide").records] == [Decimal(7)]


def test_the_header_is_looked_for_only_in_the_first_30_rows(tmp_path):
    above = [[f"note {i}"] for i in range(30)]
    path = long_workbook(tmp_path, [["CLA1", MARCH, 120]], above=above)

    assert kinds(read(path).errors) == ["missing_column"]


def test_styling_does_not_matter(tmp_path):
    def bold(book):
        for cell in book["Data"][1]:
            cell.font = Font(bold=True)

    path = long_workbook(tmp_path, [["CLA1", MARCH, 120]], tweak=bold)

    assert read(path).ok


def test_codes_under_a_blank_header_beside_an_indicator_column_of_names_are_found(tmp_path):
    rows = [[None, "Indicator", "Jan-24"], ["CLA1", "Children looked after", 120]]

    extract = read(workbook(tmp_path / "x.xlsx", {"Scorecard": rows}))

    assert extract.ok, extract.errors
    assert [(r.code, r.value) for r in extract.records] == [("CLA1", Decimal(120))]


def test_a_chart_sheet_is_passed_over(tmp_path):
    def add_chart_sheet(book):
        book.create_chartsheet("Chart")

    path = long_workbook(tmp_path, [["CLA1", MARCH, 120]], tweak=add_chart_sheet)

    extract = read(path)

    assert extract.ok, extract.errors
    assert [s.name for s in extract.sheets] == ["Data"]
