"""Errors and warnings: every one in the file at once, each naming where and what."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.extract import ERROR_KINDS, group_problems

from .builders import FULL_HEADER, kinds, long_workbook, only, read, wide_workbook

DEC = date(2023, 12, 1)


def test_an_unknown_code_suggests_the_nearest_known_one(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA1", DEC, 1], ["CLA07", DEC, 2], ["ZZ99", DEC, 3]]))

    first, second = extract.errors
    assert (
        first.message
        == "Unknown indicator code 'CLA07' in sheet 'Data', cell A3. Did you mean CLA7?"
    )
    assert (first.kind, first.cell_or_row, first.value) == ("unknown_code", "A3", "CLA07")
    assert "Did you mean" not in second.message


def test_a_code_with_a_stray_space_or_dash_is_unknown_but_suggested(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA 7", DEC, 1], ["cl-1", DEC, 2]]))

    assert kinds(extract.errors) == ["unknown_code", "unknown_code"]
    assert extract.errors[0].message.endswith("Did you mean CLA7?")
    assert extract.errors[1].message.endswith("Did you mean CL1?")


def test_a_code_with_characters_that_only_look_right_says_which_they_are(tmp_path):
    rows = [["CLA1\u200b", DEC, 1], ["\u0421LA1", DEC, 2], ["CLA\uff11", DEC, 3]]
    invisible, cyrillic, fullwidth = (e.message for e in read(long_workbook(tmp_path, rows)).errors)

    assert "'CLA1[U+200B]'" in invisible and "ZERO WIDTH SPACE (U+200B)" in invisible
    assert "Did you mean CLA1?" in invisible
    assert "not plain letters or digits: CYRILLIC CAPITAL LETTER ES (U+0421)." in cyrillic
    assert "Did you mean CLA1?" in fullwidth and "FULLWIDTH DIGIT ONE (U+FF11)" in fullwidth


def test_a_value_with_an_invisible_character_shows_it_in_the_message(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA1", DEC, "12\u200b"]]))

    assert "'12[U+200B]'" in only(extract.errors, "not_a_number").message


def test_a_trailing_notes_block_and_section_headings_are_ignored(tmp_path):
    rows = [
        ["Children in care"],  # a section heading
        ["CLA1", DEC, 120],
        [],
        ["Notes: figures for the latest month are provisional and may be revised next month."],
        [None, "Source: Mosaic, extracted 3 January"],
        ["Prepared by the performance team"],
        ["Page 2"],
    ]
    extract = read(long_workbook(tmp_path, rows))

    assert extract.ok, extract.errors
    assert len(extract.records) == 1


def test_a_row_with_figures_but_no_code_or_a_non_code_is_an_error(tmp_path):
    rows = [["CLA1", DEC, 120], [None, DEC, 5], ["Total", DEC, 125]]

    extract = read(long_workbook(tmp_path, rows))

    assert kinds(extract.errors) == ["unknown_code", "unknown_code"]
    assert "Missing indicator code in sheet 'Data', cell A3" in extract.errors[0].message
    assert "'Total'" in extract.errors[1].message


def test_a_wide_row_with_an_unknown_code_is_an_error(tmp_path):
    path = wide_workbook(
        tmp_path, ["Jan-24"], [["CLA1", "", 1], ["CLA99", "", 2], ["Note", "", None]]
    )

    assert kinds(read(path).errors) == ["unknown_code"]


@pytest.mark.parametrize(
    ("code", "value", "words"),
    [
        ("CLA9", 100.1, "above 100"),
        ("CLA9", -1, "below 0"),
        ("CLA1", -3, "negative"),
        ("CLA7", -0.5, "negative"),
        ("AD7", -10, "negative"),
        ("CT1", -2, "negative"),
    ],
)
def test_a_value_outside_what_its_unit_allows_is_out_of_range(tmp_path, code, value, words):
    extract = read(long_workbook(tmp_path, [[code, DEC, value]]))

    problem = only(extract.errors, "out_of_range")
    assert problem.cell_or_row == "C2" and words in problem.message and code in problem.message


def test_an_absurdly_large_value_is_out_of_range(tmp_path):
    assert kinds(read(long_workbook(tmp_path, [["CLA1", DEC, 1e300]])).errors) == ["out_of_range"]


@pytest.mark.parametrize("value", ["999999999999.999999", "999999999999", 999999999999.5])
def test_a_value_sqlite_would_round_to_a_13th_digit_is_out_of_range(tmp_path, value):
    rows = [["CLA1", DEC, value], ["CLA2", DEC, 10, 1, value]]
    extract = read(long_workbook(tmp_path, rows))
    assert kinds(extract.errors) == ["out_of_range", "out_of_range"]


def test_the_largest_figure_held_is_read(tmp_path):
    assert read(long_workbook(tmp_path, [["CLA1", DEC, "999999999998.999999"]])).ok


def test_a_number_or_a_score_may_be_negative_as_extract_format_says(tmp_path):
    assert read(long_workbook(tmp_path, [["WF1", DEC, -1], ["H7", DEC, -0.04]])).ok


def test_zero_and_a_hundred_per_cent_are_in_range(tmp_path):
    assert read(long_workbook(tmp_path, [["CLA9", DEC, 0], ["CL1", DEC, 100]])).ok


@pytest.mark.parametrize(
    ("row", "cell", "words"),
    [
        (["CLA9", DEC, 50, -1, 2], "D2", "numerator -1 is negative"),
        (["AD7", DEC, 50, 100, -2], "E2", "denominator -2 is negative"),
        (["CLA9", DEC, 50, 10.5, 21], "D2", "not a whole number"),
        (["CLA9", DEC, 50, 10, 20.5], "E2", "not a whole number"),
        (["CLA9", DEC, 100, 12, 10], "D2", "greater than the denominator 10 (cell E2)"),
    ],
)
def test_numerators_and_denominators_that_cannot_be_are_errors(tmp_path, row, cell, words):
    problem = only(read(long_workbook(tmp_path, [row])).errors, "bad_numerator_denominator")

    assert problem.cell_or_row == cell and words in problem.message


def test_for_an_average_the_total_may_exceed_a_fractional_denominator(tmp_path):
    rows = [["WF1", DEC, 17.2, 275, 16], ["CL1", DEC, 100, 0, 0], ["AD7", DEC, 426.5, 853, 2]]

    assert read(long_workbook(tmp_path, rows)).ok


@pytest.mark.parametrize(
    ("value", "warned"),
    [(77.4, False), (77.39, False), (77, False), (78, True), (77.5, True), (77.45, True)],
)
def test_a_percentage_at_odds_with_its_numerator_and_denominator_is_warned(tmp_path, value, warned):
    extract = read(long_workbook(tmp_path, [["CLA9", DEC, value, 154, 199]]))  # 77.386...%

    assert extract.ok
    assert kinds(extract.warnings) == (["percent_mismatch"] if warned else [])
    if warned:
        assert "100 × 154 ÷ 199 is 77.4%" in extract.warnings[0].message


@pytest.mark.parametrize(
    ("value", "warned"), [(21.3, False), (21.35, False), (21.4, True), (2.1, True), (213, True)]
)
def test_a_rate_at_odds_with_its_numerator_and_denominator_is_warned(tmp_path, value, warned):
    extract = read(long_workbook(tmp_path, [["CLA7", DEC, value, 38, 17800]]))  # 21.348...

    assert extract.ok
    assert kinds(extract.warnings) == (["rate_mismatch"] if warned else [])
    if warned:
        assert "CLA7 is" in extract.warnings[0].message
        assert "10,000 × 38 ÷ 17800 is 21.3." in extract.warnings[0].message


def test_a_rates_denominator_given_in_ten_thousands_is_named_with_the_whole_population(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA2", DEC, 70.4, 431, 6.12]]))

    warning = only(extract.warnings, "rate_mismatch")
    assert warning.cell_or_row == "C2"
    assert "10,000 × 431 ÷ 6.12 is 704,248.4" in warning.message
    assert "denominator seems to be in ten-thousands" in warning.message
    assert "give the whole population (61,200)" in warning.message


@pytest.mark.parametrize(
    ("value", "advice"),
    [
        (0, None),
        (0.0021, "It is 38 ÷ 17800, a proportion: give it per 10,000."),
        (0.0022, None),
    ],
)
def test_a_rate_worked_out_as_a_proportion_is_not_blamed_on_its_denominator(
    tmp_path, value, advice
):
    warning = only(read(long_workbook(tmp_path, [["CLA7", DEC, value, 38, 17800]])).warnings,
                   "rate_mismatch")  # fmt: skip
    assert "ten-thousands" not in warning.message
    assert warning.message.endswith(advice or "10,000 × 38 ÷ 17800 is 21.3.")


@pytest.mark.parametrize("code", ["CLA7", "CLA9"])  # a rate and a percentage
def test_a_negative_numerator_is_an_error_and_not_also_warned_of(tmp_path, code):
    extract = read(long_workbook(tmp_path, [[code, DEC, 21.3, -38, 17800]]))
    assert kinds(extract.errors) == ["bad_numerator_denominator"] and not extract.warnings


def test_a_rate_without_a_numerator_or_with_a_zero_denominator_is_not_checked(tmp_path):
    rows = [["CLA7", DEC, 21.3, None, 17800], ["CLA2", DEC, 0, 0, 0]]

    assert not read(long_workbook(tmp_path, rows)).warnings


def test_the_same_figure_twice_with_different_values_is_an_error_naming_both(tmp_path):
    rows = [["CLA1", DEC, 120], ["CLA1", "Dec-23", 121]]

    extract = read(long_workbook(tmp_path, rows))

    problem = only(extract.errors, "duplicate_conflict")
    assert problem.cell_or_row == "C3"
    assert "cell C3" in problem.message and "cell C2" in problem.message
    assert "121 here but 120" in problem.message


def test_the_same_figure_twice_with_the_same_value_is_a_warning_and_read_once(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA1", DEC, 120], ["cla1", "2023-12", "120"]]))

    assert extract.ok
    assert len(extract.records) == 1
    assert only(extract.warnings, "duplicate_same").cell_or_row == "C3"


def test_the_same_key_across_sheets_is_a_duplicate(tmp_path):
    from .builders import workbook

    sheets = {"A": [["Code", "Month", "Value"], ["CLA1", DEC, 1]], "B": [["Ref", DEC], ["CLA1", 2]]}

    problem = only(read(workbook(tmp_path / "x.xlsx", sheets)).errors, "duplicate_conflict")

    assert "sheet 'B', cell B2" in problem.message and "sheet 'A', cell C2" in problem.message


def test_a_breakdown_needs_a_category_and_a_category_a_breakdown(tmp_path):
    header = ["Indicator", "Period", "Value", "Breakdown", "Category"]
    rows = [["CLA1", DEC, 5, "age_band", None], ["CLA1", DEC, 6, None, "13-15"]]

    extract = read(long_workbook(tmp_path, rows, header=header))

    assert kinds(extract.errors) == ["breakdown_without_category", "category_without_breakdown"]
    assert [p.cell_or_row for p in extract.errors] == ["E2", "D3"]


def test_a_breakdown_or_category_too_long_to_keep_is_an_error_at_its_cell(tmp_path):
    header = ["Indicator", "Period", "Value", "Breakdown", "Category"]
    rows = [
        ["CLA1", DEC, 5, "team", "N" * 201],
        ["CLA1", DEC, 6, "b" * 51, "North"],
        ["CLA1", DEC, 7, "b" * 50, "S" * 200],  # the longest that fit
    ]

    extract = read(long_workbook(tmp_path, rows, header=header))

    assert kinds(extract.errors) == ["text_too_long", "text_too_long"]
    category, breakdown = extract.errors
    assert category.cell_or_row == "E2" and breakdown.cell_or_row == "D3"
    assert category.message.startswith("Category too long in sheet 'Data', cell E2: 'NNN")
    assert category.message.endswith("' has 201 characters; at most 200 can be kept. Shorten it.")
    assert "has 51 characters; at most 50" in breakdown.message


def test_the_longest_breakdown_and_category_are_those_a_figure_holds():
    from indicators.extract.validate import LONGEST
    from indicators.models import Figure

    held = {role: Figure._meta.get_field(role).max_length for role in LONGEST}
    assert held == LONGEST


def test_statuses_are_read_without_regard_to_case_and_others_are_errors(tmp_path):
    rows = [
        ["CLA1", DEC, 1, None, None, None, None, "Provisional"],
        ["CLA1", "Nov-23", None, None, None, None, None, "UNAVAILABLE", "System outage"],
        ["CLA1", "Oct-23", 3, None, None, None, None, "draft"],
    ]
    extract = read(long_workbook(tmp_path, rows, header=FULL_HEADER))

    assert [r.status for r in extract.records] == ["provisional", "unavailable"]
    problem = only(extract.errors, "bad_status")
    assert (problem.cell_or_row, problem.value) == ("H4", "draft")


def test_a_formula_never_calculated_is_an_error(tmp_path):
    rows = [["CLA1", DEC, "=40+80"], ["CLA9", DEC, 77.3, "=A1", 10]]

    extract = read(long_workbook(tmp_path, rows))

    assert kinds(extract.errors) == ["uncalculated_formula", "uncalculated_formula"]
    first = extract.errors[0]
    assert (first.cell_or_row, first.value) == ("C2", "=40+80")
    assert "recalculate" in first.message
    assert not extract.records


def test_a_header_of_months_never_calculated_is_reported(tmp_path):
    path = wide_workbook(tmp_path, ["=DATE(2024,1,1)"], [["CLA1", "", 5]])

    assert "uncalculated_formula" in kinds(read(path).errors)


def test_a_file_with_headers_and_no_data_rows_has_no_data(tmp_path):
    extract = read(long_workbook(tmp_path, [[], ["Notes: nothing this month"]]))

    assert kinds(extract.errors) == ["no_data"]


def test_an_empty_workbook_has_no_data(tmp_path):
    from .builders import workbook

    assert kinds(read(workbook(tmp_path / "x.xlsx", {"Sheet1": []})).errors) == ["no_data"]


def test_every_error_in_the_file_is_reported_at_once_in_sheet_order(tmp_path):
    rows = [
        ["CLA07", DEC, 1],
        ["CLA1", "never", "lots"],
        ["CLA9", DEC, 101],
        ["CLA1", "Jan-30", 1],
    ]
    extract = read(long_workbook(tmp_path, rows))

    assert kinds(extract.errors) == [
        "unknown_code",
        "bad_period",
        "not_a_number",
        "out_of_range",
        "future_period",
    ]
    assert [p.row for p in extract.errors] == [2, 3, 3, 4, 5]
    assert set(kinds(extract.errors)) <= ERROR_KINDS


def test_problems_are_grouped_and_counted_for_display(tmp_path):
    rows = [["CLA07", DEC, 1], ["CLA08", DEC, 1], ["CLA1", DEC, "lots"]]

    groups = group_problems(read(long_workbook(tmp_path, rows)).errors)

    assert [(g.kind, g.count) for g in groups] == [("unknown_code", 2), ("not_a_number", 1)]
    assert groups[0].title == "Unknown indicator codes"
    assert [p.cell_or_row for p in groups[0].problems] == ["A2", "A3"]


def test_progress_is_reported_to_the_end(tmp_path):
    calls = []
    rows = [["CLA1", date(2020 + m // 12, m % 12 + 1, 1), m] for m in range(40)]

    read(long_workbook(tmp_path, rows), progress=lambda done, total: calls.append((done, total)))

    assert calls[-1] == (40, 40)


def test_values_stay_as_the_cell_shows_them(tmp_path):
    extract = read(long_workbook(tmp_path, [["CLA9", DEC, 77.3, 154, 199]]))

    assert str(extract.records[0].value) == "77.3"
    assert isinstance(extract.records[0].numerator, Decimal)
