"""The print pack, and the scorecard as Excel and CSV: formats, RAG in words, and text that never
becomes a formula."""

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from openpyxl import load_workbook

from indicators.choices import Unit
from indicators.commentary import write_commentary
from indicators.formatting import format_value
from indicators.models import Commentary, Figure, Indicator
from scorecard.exports import HEADERS, RAG_FILLS
from scorecard.presenters import Scorecard

DECEMBER = date(2024, 12, 1)
PRINT_CSS = Path(django_settings.BASE_DIR) / "static" / "css" / "print.css"
FORMULAS = ['=HYPERLINK("http://evil")', "+SUM(1,2)", "-2+3", "@cmd"]
NUMBER_COLUMNS = [
    "Figure", "Numerator", "Denominator", "Previous month", "Same month last year", "Target",
    "Target for the year", "England", "England year", "Neighbours", "Neighbours year",
]  # fmt: skip
# Figures to their places ("77.0", "485"); counts and years as held ("154", "8243.999992").
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
UNITS = {label: unit for unit, label in Unit.choices}
POSTCODES = "Placement postcodes not available after the case-management upgrade."


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def workbook(client, query="month=2024-12"):
    response = client.get(f"/scorecard/scorecard.xlsx?{query}")
    assert response["Content-Disposition"] == 'attachment; filename="scorecard-2024-12.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def rows_by_code(sheet, column=1):
    header = [cell.value for cell in sheet[1]]
    return {
        row[column].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)
    }


def csv_rows(client, query="month=2024-12"):
    response = client.get(f"/scorecard/scorecard.csv?{query}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def update_december_figure(code, **fields):
    Figure.objects.filter(indicator__code=code, month=DECEMBER, breakdown="").update(**fields)


def make_unavailable(code, reason):
    update_december_figure(
        code, value=None, numerator=None, denominator=None, status="unavailable",
        status_reason=reason,
    )  # fmt: skip


@pytest.mark.parametrize("scope", ["headline", "all"])
def test_the_print_packs_repeated_table_header_names_the_table_and_the_month(panel, scope):
    """The running header names the panel and the month on every page; the table's own
    repeated title row names the table, and its figures' column the month, without the panel's
    name a second time."""
    html = panel.get(f"/scorecard/print/?month=2024-12&scope={scope}").content.decode()
    thead = re.search(r'<table class="table scorecard scorecard--print">.*?</thead>', html, re.S)
    title = re.search(r'<tr class="print-header"><th [^>]*>(.*?)</th></tr>', thead[0])
    assert title[1] == f"Scorecard: {scope} indicators, by service area"
    assert '<th scope="col">December 2024</th>' in thead[0]
    assert "Corporate Parenting Panel" not in thead[0]
    assert '<link rel="stylesheet" href="/static/css/print.css">' in html


def test_the_print_stylesheet_repeats_headers_and_never_splits_a_row():
    css = PRINT_CSS.read_text()
    assert "thead { display: table-header-group; }" in css
    assert re.search(r"\.scorecard--print tr[^{]*\{[^}]*break-inside: avoid", css)


def test_the_print_stylesheet_keeps_headings_with_what_follows_and_breaks_long_words():
    """The browser tests print the pack to show both; this says where the rules are."""
    css = PRINT_CSS.read_text()
    assert re.search(r"\.print-pack :is\(h1, h2, h3, h4[^)]*\) \{[^}]*break-after: avoid", css)
    assert re.search(r"\.print-pack main \{[^}]*overflow-wrap: break-word", css)


def test_the_print_pack_flags_small_numbers_and_unusable_figures_and_labels_benchmarks(panel):
    make_unavailable("H4", "Clinic data not received")
    html = panel.get("/scorecard/print/?month=2024-12&scope=all").content.decode()
    table = re.search(r'<table class="table scorecard scorecard--print">.*?</table>', html, re.S)
    rows = dict(re.findall(r'<th scope="row">(\w+) .*?</th>(.*?)</tr>', table.group(0), re.S))
    assert "Unavailable, Clinic data not received" in rows["H4"]
    small = [code for code, row in rows.items() if "Fewer than 10" in row]
    expected = Figure.objects.headline().filter(
        month=DECEMBER, denominator__gt=0, denominator__lt=10
    )
    assert small and set(small) == set(expected.values_list("indicator__code", flat=True))
    assert all("England: " in row and "Neighbours: " in row for row in rows.values())


def test_the_print_pack_gives_every_rag_rating_in_words(panel):
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    table = re.search(r'<table class="table scorecard scorecard--print">.*?</table>', html, re.S)
    ratings = re.findall(r'<span class="rag rag--(\w+)">([^<]*)</span>', table.group(0))
    assert len(ratings) == Indicator.objects.active().headline().count()
    words = {"green": "Green", "amber": "Amber", "red": "Red", "none": "No rating"}
    assert all(words[rating] == word for rating, word in ratings)
    assert {"Red", "Amber", "Green"} <= {word for _, word in ratings}


def test_the_workbook_formats_figures_by_unit(panel):
    rows = rows_by_code(workbook(panel)["Scorecard"])
    assert rows["CLA9"]["Figure"].value == 77
    assert rows["CLA9"]["Figure"].number_format == '0.0"%"'
    assert rows["CLA9"]["Target"].number_format == '0.0"%"'
    assert rows["CLA9"]["Target for the year"].value == rows["CLA9"]["Target"].value == 95
    assert rows["CLA9"]["Target for the year"].number_format == '0.0"%"'
    assert rows["CLA1"]["Figure"].number_format == "#,##0"


@pytest.mark.parametrize(
    ("code", "unit", "number_format"),
    [
        ("AD7", "Days", '[<0.5]#,##0" days";[<1.5]#,##0" day";#,##0" days"'),
        ("CT1", "Weeks", '#,##0.0" weeks"'),
        ("CLA7", "Rate per 10,000", '#,##0.0" per 10,000"'),
        ("H7", "Score", "#,##0.0"),
    ],
)
def test_the_workbook_writes_each_figures_unit_into_its_format(panel, code, unit, number_format):
    row = rows_by_code(workbook(panel, "month=2024-12&scope=all")["Scorecard"])[code]
    assert row["Unit"].value == unit
    for column in ("Figure", "Previous month", "Same month last year", "England"):
        assert row[column].number_format == number_format, column


def test_the_workbooks_columns_are_wide_enough_for_every_figure_with_its_unit(panel):
    """Excel shows ### for a number wider than its column, and a column is 8.43 characters wide
    unless the workbook says otherwise."""
    sheet = workbook(panel, "month=2024-12&scope=all")["Scorecard"]
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["Month"] > len("September 2024")
    for row in rows_by_code(sheet).values():
        unit = row["Unit"].value
        assert widths["Unit"] > len(unit)
        for name in ("Figure", "Previous month", "Target", "England", "Neighbours"):
            shown = format_value(row[name].value, UNITS[unit], 1)
            assert widths[name] > len(shown) + 1, (name, shown)


def test_the_workbook_says_on_every_row_which_month_it_is_for(panel):
    book = workbook(panel)
    months = [row["Month"] for row in rows_by_code(book["Scorecard"]).values()]
    months += [row["Month"] for row in exception_rows(book).values()]
    assert {(cell.value, cell.number_format) for cell in months} == {
        (datetime(2024, 12, 1), "mmmm yyyy")
    }
    assert book["Highlights"]["B1"].value == "Highlights, December 2024"
    assert book.properties.title == "Corporate Parenting Panel scorecard, December 2024"
    assert book["Scorecard"].freeze_panes == "D2" and book["Exceptions"].freeze_panes == "C2"


def test_the_exports_count_each_indicators_open_actions(panel):
    card = Scorecard(DECEMBER, scope="all")
    counts = {row.indicator.code: row.open_actions for row in card.rows}
    assert any(counts.values())
    sheet = rows_by_code(workbook(panel, "month=2024-12&scope=all")["Scorecard"])
    assert {code: row["Open actions now"].value for code, row in sheet.items()} == counts
    rows = csv_rows(panel, "month=2024-12&scope=all")
    assert {row["Code"]: int(row["Open actions now"]) for row in rows} == counts


def test_the_workbook_fills_rag_cells_and_writes_the_rating_in_words(panel):
    rows = rows_by_code(workbook(panel)["Scorecard"])
    for code, word in (("CLA9", "Red"), ("AD7", "Amber"), ("CLA1", "No rating")):
        cell = rows[code]["RAG"]
        assert cell.value == word
        fill = RAG_FILLS.get(word.lower())
        assert (cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type else None) == fill


def test_an_ampersand_in_the_panel_name_is_printed_not_read_as_a_header_code(panel, settings):
    settings.PANEL_NAME = "Children & Families Panel"
    for each in workbook(panel).worksheets:
        assert each.oddHeader.center.text == "Children && Families Panel scorecard, December 2024"


def test_the_workbook_freezes_the_header_row_and_defines_every_indicator(panel):
    book = workbook(panel)
    sheet = book["Scorecard"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "D2"
    for each in book.worksheets:
        assert each.oddHeader.center.text == "Corporate Parenting Panel scorecard, December 2024"
    definitions = book["Definitions"]
    codes = [row[0].value for row in definitions.iter_rows(min_row=2)]
    # The exceptions cover every indicator, so the definitions do too.
    assert codes == list(
        Indicator.objects.active().in_display_order().values_list("code", flat=True)
    )
    assert {row[1].value for row in sheet.iter_rows(min_row=2)} < set(codes)
    cla9 = next(row for row in definitions.iter_rows(min_row=2) if row[0].value == "CLA9")
    assert cla9[2].value == Indicator.objects.get(code="CLA9").definition


def test_the_workbook_is_the_whole_pack(panel):
    assert workbook(panel).sheetnames == ["Scorecard", "Highlights", "Exceptions", "Definitions"]


@pytest.mark.parametrize("scope", ["headline", "all"])
def test_the_workbooks_highlights_are_the_scorecards_for_the_same_scope(panel, scope):
    sheet = workbook(panel, f"month=2024-12&scope={scope}")["Highlights"]
    written = [(code.value, sentence.value) for code, sentence in sheet.iter_rows(min_row=2)]
    shown = Scorecard(DECEMBER, scope=scope).highlights
    assert written == [(h.code, h.sentence) for h in shown] and written


def exception_rows(book):
    return rows_by_code(book["Exceptions"], column=0)


def test_the_workbooks_exceptions_list_the_indicators_the_exception_report_does_in_order(panel):
    make_unavailable("AD4", "Court data late.")
    codes = [row[0].value for row in workbook(panel)["Exceptions"].iter_rows(min_row=2)]
    report = panel.get("/scorecard/exceptions/?month=2024-12").content.decode()
    sections = re.findall(
        r'<section aria-labelledby="(?:exceptions|unusable)-heading">.*?</section>', report, re.S
    )
    listed = [
        code
        for section in sections
        for code in re.findall(r'<a href="/indicators/(\w+)/\?month=2024-12">', section)
    ]
    assert codes == listed and "AD4" in codes and not Indicator.objects.get(code="AD4").is_headline
    assert len(codes) == len(set(codes))


def test_the_workbooks_exceptions_give_the_commentary_its_author_and_whether_one_is_needed(panel):
    rows = exception_rows(workbook(panel))
    cla9 = Scorecard(DECEMBER, codes=["CLA9"]).rows[0]
    assert (rows["CLA9"]["Listed as"].value, rows["CLA9"]["Commentary"].value) == (
        "Red", cla9.commentary.text,
    )  # fmt: skip
    assert rows["CLA9"]["Listed as"].fill.fgColor.rgb.endswith(RAG_FILLS["red"])
    assert rows["CLA9"]["Written by"].value == cla9.commentary.author
    assert rows["CLA9"]["Commentary needed"].value == "No"
    assert rows["CLA9"]["Figure"].value == "77.0% (154 of 200)"
    needing = [row for row in rows.values() if row["Commentary needed"].value == "Yes"]
    assert needing and all(row["Commentary"].value is None for row in needing)


def test_the_workbook_dates_commentary_by_the_councils_clock(panel):
    # 23:30 on 30 June in UTC is already 1 July in London.
    written = datetime(2024, 6, 30, 23, 30, tzinfo=UTC)
    Commentary.objects.filter(indicator__code="CLA9", month=DECEMBER).update(written_at=written)
    cell = exception_rows(workbook(panel))["CLA9"]["Written on"]
    assert (cell.value.date(), cell.number_format) == (date(2024, 7, 1), "d mmm yyyy")


def test_the_workbooks_exceptions_list_unusable_figures_with_their_reason(panel):
    make_unavailable("H4", "Dental data late from the integrated care board.")
    rows = exception_rows(workbook(panel))
    assert rows["H4"]["Listed as"].value == "Unavailable"
    assert rows["H4"]["Status reason"].value == "Dental data late from the integrated care board."
    assert rows["H4"]["Commentary needed"].value == "Yes"
    write_commentary(Indicator.objects.get(code="H4"), DECEMBER, "Chased with the board.", None)
    rows = exception_rows(workbook(panel))
    assert rows["H4"]["Commentary"].value == "Chased with the board."
    assert rows["H4"]["Commentary needed"].value == "No"
    assert rows["H4"]["Written on"].number_format == "d mmm yyyy"


def test_the_csv_has_a_header_and_a_row_per_indicator_with_rag_in_words(panel):
    rows = {row["Code"]: row for row in csv_rows(panel, "month=2024-12&scope=all")}
    assert set(rows) == set(Indicator.objects.active().values_list("code", flat=True))
    assert rows["CLA9"]["RAG"] == "Red" and Decimal(rows["CLA9"]["Figure"]) == 77
    assert rows["CLA9"]["Direction (previous month)"] == "Worsening"


def test_the_csv_gives_figures_to_the_places_the_page_shows_and_counts_as_held(panel):
    """Every digit held is in the long layout of export_extract; this is the scorecard."""
    update_december_figure("CLA9", value=Decimal("77.123456"))
    update_december_figure("CT1", value=Decimal("-2.45"), numerator=None, denominator=None)
    update_december_figure("CLA1", value=Decimal("3000"))
    update_december_figure("CLA3", value=Decimal("0.5"))
    update_december_figure("CLA7", value=Decimal("-0.04"))
    update_december_figure("AD7", value=Decimal("484.941176"), numerator=Decimal("8243.999992"))
    rows = {row["Code"]: row for row in csv_rows(panel, "month=2024-12&scope=all")}
    assert rows["CLA9"]["Figure"] == "77.1"
    assert (rows["CLA9"]["Numerator"], rows["CLA9"]["Target"]) == ("154", "95.0")
    assert rows["CT1"]["Figure"] == "-2.5" and rows["CT1"]["Numerator"] == ""
    assert (rows["CLA1"]["Figure"], rows["CLA3"]["Figure"]) == ("3000", "1")
    assert rows["CLA7"]["Figure"] == "0.0"
    assert (rows["AD7"]["Figure"], rows["AD7"]["Numerator"]) == ("485", "8243.999992")
    assert (rows["CL1"]["Neighbours"], rows["CL1"]["Neighbours year"]) == ("88.7", "2021")
    for row in rows.values():
        for column in NUMBER_COLUMNS:
            assert row[column] == "" or PLAIN_NUMBER.fullmatch(row[column]), (column, row)


def test_the_csv_figure_has_the_places_the_scorecard_shows_it_with(panel):
    scorecard = panel.get("/scorecard/?month=2024-12&scope=all").content.decode()
    for row in csv_rows(panel, "month=2024-12&scope=all"):
        shown = format_value(Decimal(row["Figure"]), UNITS[row["Unit"]], places(row["Figure"]))
        assert shown in scorecard, row["Code"]


def places(number):
    return len(number.partition(".")[2])


def test_the_csv_says_on_every_row_which_month_it_is_for_and_in_what_unit(panel):
    rows = {row["Code"]: row for row in csv_rows(panel, "month=2024-11&scope=all")}
    assert {row["Month"] for row in rows.values()} == {"2024-11"}
    indicators = Indicator.objects.active()
    assert {code: row["Unit"] for code, row in rows.items()} == {
        i.code: i.get_unit_display() for i in indicators
    }
    assert (rows["AD7"]["Unit"], rows["CLA7"]["Unit"], rows["CLA9"]["Unit"]) == (
        "Days", "Rate per 10,000", "Percentage",
    )  # fmt: skip


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_it_as_utf_8(panel):
    Indicator.objects.filter(code="CLA9").update(name="Care plans – reviewed by the équipe")
    response = panel.get("/scorecard/scorecard.csv?month=2024-12")
    assert response.content.startswith("\ufeffService area,Code,".encode())
    row = next(row for row in csv_rows(panel) if row["Code"] == "CLA9")
    assert row["Indicator"] == "Care plans – reviewed by the équipe"


def test_the_workbook_says_why_a_figure_is_unavailable(panel):
    make_unavailable("CLA9", POSTCODES)
    row = rows_by_code(workbook(panel)["Scorecard"])["CLA9"]
    assert (row["Figure"].value, row["Status"].value) == (None, "Unavailable")
    assert (row["Status reason"].value, row["RAG"].value) == (POSTCODES, "No rating")
    assert row["Status reason"].column_letter == "J" and row["RAG"].fill.fill_type is None


def test_the_csv_says_why_a_figure_is_unavailable(panel):
    make_unavailable("CLA9", POSTCODES)
    row = next(row for row in csv_rows(panel) if row["Code"] == "CLA9")
    assert (row["Figure"], row["Status"], row["RAG"]) == ("", "Unavailable", "No rating")
    assert row["Status reason"] == POSTCODES


def test_the_workbook_keeps_each_figure_format_in_its_own_column(panel):
    rows = rows_by_code(workbook(panel)["Scorecard"])
    assert rows["CLA9"]["Neighbours"].number_format == '0.0"%"'
    assert rows["CLA9"]["Neighbours year"].number_format == "General"
    assert rows["CLA9"]["Status reason"].number_format == "General"


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(panel, text):
    Indicator.objects.filter(code="CLA9").update(name=text, definition=text)
    update_december_figure("CLA9", status_reason=text)
    author = User.objects.create_user("formula-officer", first_name=text)
    write_commentary(Indicator.objects.get(code="CLA9"), DECEMBER, text, author)
    # The team behind the others opens its highlight: "Eastfield behind the other teams: ...".
    Figure.objects.filter(month=DECEMBER, category="Eastfield").update(category=text)
    book = workbook(panel)
    row = rows_by_code(book["Scorecard"])["CLA9"]
    definition = next(r for r in book["Definitions"].iter_rows(min_row=2) if r[0].value == "CLA9")
    exception = exception_rows(book)["CLA9"]
    sentences = [s for _, s in book["Highlights"].iter_rows(min_row=2)]
    highlights = [s for s in sentences if s.value.startswith(text)]
    for cell in (row["Indicator"], row["Status reason"], row["Commentary"], *definition[1:3],
                 exception["Indicator"], exception["Commentary"], exception["Status reason"],
                 exception["Written by"]):  # fmt: skip
        assert (cell.value, cell.data_type) == (text, "s")
    assert highlights and all(highlight.data_type == "s" for highlight in highlights)


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_looks_like_a_formula_is_quoted_in_the_csv(panel, text):
    Indicator.objects.filter(code="CLA9").update(name=text)
    update_december_figure("CLA9", status_reason=text)
    write_commentary(Indicator.objects.get(code="CLA9"), DECEMBER, text, None)
    row = next(row for row in csv_rows(panel) if row["Code"] == "CLA9")
    assert row["Indicator"] == row["Status reason"] == row["Commentary"] == "'" + text


def test_control_characters_pasted_into_commentary_do_not_break_the_workbook(panel):
    text = "Pasted from Word:\x0bsecond line\x1b."
    write_commentary(Indicator.objects.get(code="CLA9"), DECEMBER, text, None)
    row = rows_by_code(workbook(panel)["Scorecard"])["CLA9"]
    assert row["Commentary"].value == "Pasted from Word:second line."


@pytest.mark.parametrize("character", ["\uffff", "\ufffe"])
def test_characters_xml_cannot_hold_are_dropped_so_the_workbook_still_opens(panel, character):
    Indicator.objects.filter(code="CLA9").update(name=f"Care plans {character}up to date")
    write_commentary(Indicator.objects.get(code="CLA9"), DECEMBER, f"only {character}here", None)
    row = rows_by_code(workbook(panel)["Scorecard"])["CLA9"]
    assert (row["Indicator"].value, row["Commentary"].value) == (
        "Care plans up to date",
        "only here",
    )


def test_exports_with_no_figures_held_are_not_found(panel):
    Figure.objects.all().delete()
    assert panel.get("/scorecard/scorecard.xlsx").status_code == 404
    assert panel.get("/scorecard/scorecard.csv").status_code == 404
    assert panel.get("/scorecard/print/").status_code == 200


@pytest.mark.parametrize("path", ["print/", "scorecard.xlsx", "scorecard.csv"])
@pytest.mark.parametrize("month", ["2024-13", "abc", "1900-01", "99999-01"])
def test_an_unknown_month_is_not_found_in_the_pack_or_the_downloads(panel, path, month):
    assert panel.get(f"/scorecard/{path}", {"month": month}).status_code == 404
