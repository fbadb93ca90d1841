"""What is read from the workbook's XML, and sheets that claim far more than they hold."""

import tracemalloc
import zipfile
from datetime import date

import openpyxl

from indicators.extract import Limits
from indicators.extract.sheets import read_workbook
from indicators.extract.xlsx import (
    _scan_by_parsing,
    is_percent_format,
    percent_styles,
    scan_sheet,
)

from .builders import long_workbook, read, rewrite_member

DEC = date(2023, 12, 1)
SHEET = "xl/worksheets/sheet1.xml"


def claim_a_million_rows(xml: bytes) -> bytes:
    start = xml.index(b"<dimension ")
    end = xml.index(b"/>", start) + 2
    return xml[:start] + b'<dimension ref="A1:Z1048576"/>' + xml[end:]


def test_a_sheet_claiming_a_million_rows_but_holding_ten_is_read_as_ten(tmp_path):
    rows = [["CLA1", date(2023, m, 1), m] for m in range(1, 11)]
    path = rewrite_member(long_workbook(tmp_path, rows), SHEET, claim_a_million_rows)
    assert b"A1:Z1048576" in zipfile.ZipFile(path).read(SHEET)

    tracemalloc.start()
    grids = read_workbook(path.read_bytes(), Limits())
    extract = read(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert len(grids[0].rows) == 11 and grids[0].width == 5
    assert extract.ok and len(extract.records) == 10
    assert peak < 20 * 1024 * 1024  # a million empty rows would take hundreds of megabytes


def test_styled_but_empty_cells_at_the_bottom_of_a_sheet_add_no_rows(tmp_path):
    def style_far_down(book):
        book["Data"]["A1048576"].number_format = "0.0"

    path = long_workbook(tmp_path, [["CLA1", DEC, 1]], tweak=style_far_down)

    assert len(read_workbook(path.read_bytes(), Limits())[0].rows) == 2


def test_percentage_formats_are_recognised():
    assert is_percent_format("0%")
    assert is_percent_format("0.0%;[Red]-0.0%")
    assert not is_percent_format('0.0" per cent %"')
    assert not is_percent_format("0.0\\%")
    assert not is_percent_format("#,##0")


def test_the_quick_search_finds_what_a_full_parse_finds(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Period", "Value"])
    sheet.append(["CLA9", DEC, 0.5])
    sheet.append(["CLA9", DEC, "=B2*2"])
    sheet.append(["CLA9", DEC, "#N/A"])
    sheet["C2"].number_format = "0%"
    sheet["D9"] = 0.25
    sheet["D9"].number_format = "0.00%"
    path = tmp_path / "x.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        xml, percent = zf.read(SHEET), percent_styles(zf, "xl/styles.xml")

    quick, full = scan_sheet(xml, percent), _scan_by_parsing(xml, percent)

    assert quick == full
    assert quick.percent == {(1, 2), (8, 3)}
    assert quick.uncalculated == {(2, 2): "B2*2"}
    assert quick.errors == {(3, 2): "#N/A"}


def test_cells_without_references_are_placed_by_counting():
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row><c><v>1</v></c><c><f>A1+1</f></c></row>"
        b'<row r="3"><c t="e"><v>#REF!</v></c></row></sheetData></worksheet>'
    )

    found = scan_sheet(xml, frozenset())

    assert found.uncalculated == {(0, 1): "A1+1"}
    assert found.errors == {(2, 0): "#REF!"}


def test_a_sheet_with_a_namespace_prefix_is_searched_too():
    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="B1" s="1"><x:v>0.5</x:v></x:c>'
        b'<x:c r="C1"><x:f>B1*2</x:f><x:v></x:v></x:c></x:row></x:sheetData>'
        b"<x:conditionalFormatting><x:cfRule><x:formula>B1</x:formula></x:cfRule>"
        b"</x:conditionalFormatting></x:worksheet>"
    )

    found = scan_sheet(xml, frozenset({1}))

    assert found.percent == {(0, 1)}
    assert found.uncalculated == {(0, 2): "B1*2"}


def test_a_formula_whose_saved_result_is_empty_text_is_calculated():
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="str"><f>IF(B1="","",B1)</f><v></v></c>'
        b"</row></sheetData></worksheet>"
    )

    assert scan_sheet(xml, frozenset()).uncalculated == {}
