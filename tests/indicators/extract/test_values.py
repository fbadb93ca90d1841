"""Periods, numbers, percentages and not-available markers, as analysts write them."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from indicators.extract.values import breakdown_name, parse_period, strip_quote

from .builders import csv_bytes, kinds, long_workbook, only, read, wide_workbook

DECEMBER = date(2023, 12, 1)


@pytest.mark.parametrize(
    "cell",
    [
        date(2023, 12, 1),
        date(2023, 12, 31),
        datetime(2023, 12, 17, 14, 30),
        "2023-12",
        "2023-12-31",
        "12/2023",
        "Dec-23",
        "Dec 23",
        "Dec 2023",
        "December 2023",
        "december 2023",
        "31/12/2023",
        " DEC-2023 ",
    ],
)
def test_every_accepted_way_of_writing_a_month_reads_as_that_month(tmp_path, cell):
    path = long_workbook(tmp_path, [["CLA1", cell, 120]])

    extract = read(path)

    assert extract.ok, extract.errors
    assert extract.records[0].month == DECEMBER


def test_dec_23_is_december_2023_never_the_23rd_of_december():
    assert parse_period("Dec-23") == date(2023, 12, 1)
    assert parse_period("Jan-24") == date(2024, 1, 1)
    assert parse_period("01/02/2024") == date(2024, 2, 1)  # UK order: 1 February


@pytest.mark.parametrize(
    "text", ["13/2023", "2023-13", "Q3 2023", "2023-24", "31/02/2024", "soon", "0000-01", "0023-12"]
)
def test_text_that_names_no_month_reads_as_none(text):
    assert parse_period(text) is None


def test_a_period_that_cannot_be_read_is_an_error_naming_the_cell(tmp_path):
    path = long_workbook(tmp_path, [["CLA1", "13/2023", 120], ["CLA1", True, 5]])

    extract = read(path)

    assert kinds(extract.errors) == ["bad_period", "bad_period"]
    first = extract.errors[0]
    assert (first.sheet, first.cell_or_row, first.value) == ("Data", "B2", "13/2023")
    assert "Unreadable period '13/2023' in sheet 'Data', cell B2" in first.message


def test_a_date_that_lost_its_format_is_refused_saying_which_date_it_looks_like(tmp_path):
    path = long_workbook(tmp_path, [["CLA1", 45597, 120], ["CLA1", 12, 5]])

    first, second = read(path).errors

    assert "Unreadable period '45597' in sheet 'Data', cell B2" in first.message
    assert "looks like a date Excel shows as a number (November 2024)" in first.message
    assert "format the column as dates" in first.message
    assert "Excel" not in second.message


def test_a_month_after_the_current_one_is_an_error(tmp_path):
    path = long_workbook(tmp_path, [["CLA1", "Nov-24", 1], ["CLA1", "Dec-24", 2]])

    extract = read(path)  # today is 15 November 2024

    problem = only(extract.errors, "future_period")
    assert problem.cell_or_row == "B3"
    assert "December 2024, after the current month (November 2024)" in problem.message


def test_a_figure_in_a_future_month_column_of_a_scorecard_is_an_error(tmp_path):
    path = wide_workbook(tmp_path, ["Nov-24", "Dec-24"], [["CLA1", "", 1, 2]])

    problem = only(read(path).errors, "future_period")

    assert problem.cell_or_row == "D2"


def test_a_value_given_without_a_period_is_an_error_but_a_row_of_just_a_code_is_not(tmp_path):
    path = long_workbook(tmp_path, [["CLA1", None, 120], ["CLA9"], ["CLA1", DECEMBER, 1]])

    extract = read(path)

    problem = only(extract.errors, "bad_period")
    assert (problem.cell_or_row, "Missing period" in problem.message) == ("B2", True)
    assert len(extract.records) == 1


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,234", Decimal(1234)),
        (" 77.5 ", Decimal("77.5")),
        ("12", Decimal(12)),
        ("-0", Decimal(0)),
        ("1e3", Decimal(1000)),
        (77.3, Decimal("77.3")),
        (0.1 + 0.2, Decimal("0.3")),  # Excel shows 15 significant digits
        (120, Decimal(120)),
    ],
)
def test_numbers_and_numbers_written_as_text_are_read_exactly(tmp_path, cell, value):
    extract = read(long_workbook(tmp_path, [["CLA1", DECEMBER, cell]]))

    assert extract.ok, extract.errors
    assert extract.records[0].value == value
    assert str(extract.records[0].value) == str(value)


@pytest.mark.parametrize("marker", ["-", "–", "n/a", "N/A", "NA", "*", "c", "x", "..", ":", " C "])
def test_not_available_markers_record_no_figure(tmp_path, marker):
    extract = read(long_workbook(tmp_path, [["CLA1", DECEMBER, marker, marker, marker]]))

    assert extract.ok, extract.errors
    record = extract.records[0]
    assert (record.value, record.numerator, record.denominator) == (None, None, None)


def test_a_blank_value_in_the_long_layout_records_no_figure(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA1", DECEMBER, None, 5]]))

    assert extract.ok
    assert (extract.records[0].value, extract.records[0].numerator) == (None, Decimal(5))


@pytest.mark.parametrize(
    "cell", ["twelve", "1,23", "12 children", "(5)", "nan", "inf", True, "#N/A", date(2024, 1, 1)]
)
def test_anything_else_in_a_value_cell_is_not_a_number(tmp_path, cell):
    extract = read(long_workbook(tmp_path, [["CLA1", DECEMBER, cell]]))

    problem = only(extract.errors, "not_a_number")
    assert problem.cell_or_row == "C2"
    assert "Not a number in sheet 'Data', cell C2" in problem.message
    assert not extract.records


def test_a_cached_excel_error_is_not_a_number(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA1", DECEMBER, "#DIV/0!"]]))  # an error cell

    problem = only(extract.errors, "not_a_number")
    assert problem.value == "#DIV/0!" and "Excel error" in problem.message


def test_a_text_percentage_is_per_cent(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA9", DECEMBER, "77%"], ["F4", DECEMBER, "0.5 %"]]))

    assert extract.ok, extract.errors
    assert [r.value for r in extract.records] == [Decimal(77), Decimal("0.5")]
    assert not extract.warnings


def test_a_percentage_sign_on_a_count_is_an_error(tmp_path):
    problem = only(read(long_workbook(tmp_path, [["CLA1", DECEMBER, "5%"]])).errors, "not_a_number")

    assert "CLA1 is a count" in problem.message


def test_a_fraction_excel_shows_as_a_percentage_is_read_as_per_cent(tmp_path):
    def percent_format(book):
        book["Data"]["C2"].number_format = "0.0%"
        book["Data"]["C3"].number_format = "0%"

    rows = [["CLA9", DECEMBER, 0.773], ["CL1", DECEMBER, 1.0], ["CLA1", DECEMBER, 120]]
    extract = read(long_workbook(tmp_path, rows, tweak=percent_format))

    assert extract.ok, extract.errors
    assert [r.value for r in extract.records] == [Decimal("77.3"), Decimal(100), Decimal(120)]
    assert not extract.warnings  # the cell's format said so: nothing was guessed


def test_percentage_formatted_cells_in_a_scorecard_are_per_cent(tmp_path):
    def percent_format(book):
        for cell in book["Scorecard"][2][2:]:
            cell.number_format = "0.0%;[Red]-0.0%"

    path = wide_workbook(
        tmp_path, ["Jan-24", "Feb-24"], [["CLA9", "", 0.5, 0.75]], tweak=percent_format
    )

    assert [r.value for r in read(path).records] == [Decimal(50), Decimal(75)]


def test_an_indicator_whose_every_percentage_is_a_fraction_is_scaled_and_warned(tmp_path):
    rows = [
        ["CLA9", date(2024, 1, 1), 0.773],
        ["CLA9", date(2024, 2, 1), 0.8],
        ["CLA9", date(2024, 3, 1), "n/a"],
        ["CL1", date(2024, 3, 1), 0.5],  # CL1 has one real percentage below 1, one above
        ["CL1", date(2024, 4, 1), 45],
    ]
    extract = read(long_workbook(tmp_path, rows))

    assert extract.ok, extract.errors
    assert [r.value for r in extract.records] == [
        Decimal("77.3"),
        Decimal(80),
        None,
        Decimal("0.5"),
        Decimal(45),
    ]
    warning = only(extract.warnings, "percent_fractions")
    assert warning.value == "CLA9"
    assert "Percentages read as fractions for CLA9" in warning.message


def test_text_cells_lose_exactly_one_leading_quote_before_a_formula_character(tmp_path):
    data = csv_bytes(
        [
            ["Indicator", "Period", "Value", "Commentary"],
            ["CLA1", "2023-12", "'-", "'=SUM(A1) is not run"],
            ["CLA1", "2023-11", "1", "''+1"],  # a doubled quote (as exported) loses one
            ["CLA1", "2023-10", "1", "'plain quote stays"],
            ["CLA1", "2023-09", "'12", "'@ mention"],
        ]
    )
    extract = read(data, filename="x.csv")

    assert kinds(extract.errors) == ["not_a_number"]  # '12 is text, not -, so it stays quoted
    assert [r.commentary for r in extract.records] == [
        "=SUM(A1) is not run",
        "'+1",
        "'plain quote stays",
    ]
    assert extract.records[0].value is None
    assert strip_quote("'+44 7700") == "+44 7700"


def test_commentary_is_kept_exactly_as_given(tmp_path):
    text = '  <script>alert("x")</script>\n& two lines  '
    data = csv_bytes([["Indicator", "Period", "Value", "Comment"], ["CLA1", "2023-12", "1", text]])

    assert read(data, filename="x.csv").records[0].commentary == text


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Age band", "age_band"),
        ("AgeBand", "age_band"),
        (" legal-status ", "legal_status"),
        ("UASC", "uasc"),
    ],
)
def test_breakdown_names_become_lower_snake_case(raw, name):
    assert breakdown_name(raw) == name


def test_codes_are_upper_cased_and_trimmed_and_categories_trimmed_keeping_case(tmp_path):
    header = ["Indicator", "Period", "Value", "Breakdown", "Category"]
    path = long_workbook(
        tmp_path, [[" cla1 ", DECEMBER, 4, "Team", "  Lancaster North "]], header=header
    )

    record = read(path).records[0]

    assert (record.code, record.breakdown, record.category) == ("CLA1", "team", "Lancaster North")
