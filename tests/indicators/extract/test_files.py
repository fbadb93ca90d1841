"""Recognising the upload by its content, and refusing what cannot be read, in one line."""

import hashlib
import io
import zipfile
from datetime import date
from decimal import Decimal

from indicators.extract import Limits

from .builders import csv_bytes, kinds, long_workbook, read, rewrite_member

ROWS = [["CLA1", date(2024, 3, 1), 120], ["CLA9", "2024-03", 77.3, 154, 199]]


def refusal(extract) -> str:
    assert kinds(extract.errors) == ["file_refused"]
    assert not extract.records
    message = extract.errors[0].message
    assert "\n" not in message
    return message


def test_an_xlsx_is_read_whatever_its_name(tmp_path):
    path = long_workbook(tmp_path, ROWS)

    extract = read(path.read_bytes(), filename="figures.csv")

    assert extract.ok, extract.errors
    assert extract.file_kind == "xlsx"
    assert [r.value for r in extract.records] == [Decimal(120), Decimal("77.3")]


def test_a_path_a_string_bytes_and_a_file_object_read_the_same(tmp_path):
    path = long_workbook(tmp_path, ROWS)
    sources = [path, str(path), path.read_bytes(), io.BytesIO(path.read_bytes())]

    records = [read(source).records for source in sources]

    assert all(r == records[0] for r in records) and len(records[0]) == 2


def test_the_checksum_is_of_the_bytes_uploaded(tmp_path):
    path = long_workbook(tmp_path, ROWS)

    assert read(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_macro_enabled_workbook_is_read_as_data_only(tmp_path):
    path = long_workbook(tmp_path, ROWS)
    rewrite_member(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
    )

    extract = read(path, filename="extract.xlsm")

    assert extract.ok, extract.errors
    assert extract.file_kind == "xlsm"
    assert len(extract.records) == 2


def test_a_csv_with_a_byte_order_mark_is_read():
    data = csv_bytes([["Indicator", "Period", "Value"], ["CLA1", "2024-03", "120"]], bom=True)

    extract = read(data, filename="extract.csv")

    assert extract.ok, extract.errors
    assert extract.file_kind == "csv"
    assert extract.records[0].code == "CLA1"
    assert extract.records[0].value == Decimal(120)
    assert extract.records[0].sheet == "extract.csv"


def test_a_csv_that_is_not_utf8_is_refused():
    data = "Indicator,Period,Value,Commentary\nCLA1,2024-03,120,Café\n".encode("cp1252")

    assert "not UTF-8" in refusal(read(data, filename="extract.csv"))


def test_a_csv_saved_as_utf16_is_refused():
    data = "Indicator,Period,Value\nCLA1,2024-03,120\n".encode("utf-16")

    assert "UTF-16" in refusal(read(data, filename="extract.csv"))


def test_a_csv_separated_by_semicolons_is_refused():
    data = b"Indicator;Period;Value\nCLA1;2024-03;120\n"

    assert "semicolons" in refusal(read(data, filename="extract.csv"))


def test_a_csv_quote_that_never_closes_is_refused_at_its_row_not_left_to_swallow_the_rest():
    data = (b'Indicator,Period,Value,Commentary\r\nCLA3,2024-03,30,"Note starts here\r\n'
            b"CLA4,2024-03,70,fine\r\nCLA5,2024-03,12,\r\n")  # fmt: skip

    message = refusal(read(data, filename="extract.csv"))

    assert "cannot be read at row 2: a quoted value starts in it and never ends" in message


def test_a_csv_value_that_goes_on_after_its_closing_quote_is_refused_at_its_row():
    data = b'Indicator,Period,Value,Commentary\r\nCLA1,2024-03,120,ok\r\nCLA3,2024-03,30,"a"b\r\n'

    assert "cannot be read at row 3: a value goes on" in refusal(read(data, filename="x.csv"))


def test_a_csv_in_the_wide_layout_is_refused():
    data = csv_bytes([["Ref", "Name", "Jan-24", "Feb-24"], ["CLA1", "Children", "120", "121"]])

    assert "long layout" in refusal(read(data, filename="scorecard.csv"))


def test_a_csv_cannot_be_forced_into_the_wide_layout():
    data = csv_bytes([["Indicator", "Period", "Value"], ["CLA1", "2024-03", "120"]])

    assert "long layout" in refusal(read(data, filename="extract.csv", layout="wide"))


def ole2(*stream_names: str) -> bytes:
    """The start of an OLE2 compound file naming its streams, as Office writes them."""
    names = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 512


def test_an_old_xls_workbook_is_refused():
    assert ".xls" in refusal(read(ole2("Root Entry", "Workbook", "SummaryInformation")))


def test_a_password_protected_workbook_is_refused():
    data = ole2("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")

    assert "password-protected" in refusal(read(data))


def test_an_opendocument_spreadsheet_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")

    assert ".ods" in refusal(read(out.getvalue(), filename="extract.xlsx"))


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")

    assert "not an Excel workbook" in refusal(read(out.getvalue()))


def test_a_pdf_renamed_xlsx_is_refused():
    assert "PDF" in refusal(read(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", filename="x.xlsx"))


def test_a_web_page_saved_as_a_spreadsheet_is_refused():
    data = b"<html><body><table><tr><td>CLA1</td></tr></table></body></html>"

    assert "web page" in refusal(read(data, filename="report.xls"))


def test_a_truncated_workbook_is_refused(tmp_path):
    data = long_workbook(tmp_path, ROWS).read_bytes()

    assert "damaged or incomplete" in refusal(read(data[: len(data) // 2]))


def test_a_workbook_with_a_mangled_part_is_refused(tmp_path):
    path = long_workbook(tmp_path, ROWS)
    rewrite_member(path, "xl/workbook.xml", lambda xml: xml[:40])

    assert "damaged" in refusal(read(path))


def test_a_zip_that_would_inflate_too_far_is_refused_from_its_directory():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 100_000  # a few kilobytes that unpack to 8 MB

    message = refusal(read(data, limits=Limits(max_inflated_bytes=4 * 1024 * 1024)))

    assert "unpack to 8.0 MB" in message and "4.0 MB" in message


def test_the_inflated_size_is_taken_from_the_zip_directory_before_unpacking(tmp_path):
    data = bytearray(long_workbook(tmp_path, ROWS).read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    data[entry + 24 : entry + 28] = (400 * 1024 * 1024).to_bytes(4, "little")

    assert "unpack to 400." in refusal(read(bytes(data)))  # default limit: 300 MB


def test_a_file_bigger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    path = long_workbook(tmp_path, ROWS)

    assert "more than the" in refusal(read(path, limits=Limits(max_file_bytes=1000)))
    assert "more than the" in refusal(
        read(io.BytesIO(path.read_bytes()), limits=Limits(max_file_bytes=1000))
    )


def test_more_rows_than_the_limit_are_refused(tmp_path):
    rows = [["CLA1", date(2024, m, 1), m] for m in range(1, 11)]
    path = long_workbook(tmp_path, rows)

    assert "more than the 5 one upload may hold" in refusal(read(path, limits=Limits(max_rows=5)))


def test_an_empty_file_is_refused():
    assert "empty" in refusal(read(b""))


def test_a_missing_file_is_refused_not_raised(tmp_path):
    assert "could not be opened" in refusal(read(tmp_path / "nowhere.xlsx"))


def test_a_binary_file_of_another_kind_is_refused():
    assert "not an Excel workbook or a CSV" in refusal(read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_a_fault_in_the_reader_is_logged_and_refused_not_raised(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr("indicators.extract.reader.STRICT", False)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("indicators.extract.reader.validate", broken)

    message = refusal(read(long_workbook(tmp_path, ROWS)))

    assert "fault in the application" in message
    assert "a bug" in caplog.text


def test_today_may_be_a_datetime(tmp_path):
    from datetime import datetime

    assert read(long_workbook(tmp_path, ROWS), today=datetime(2024, 3, 31, 9, 0)).ok


def test_a_stray_cell_at_the_last_row_and_column_is_refused_without_reading_the_grid(tmp_path):
    # calamine would ask for 17 billion cells here, and running out of memory ends the process.
    path = long_workbook(tmp_path, ROWS, tweak=lambda book: book["Data"].cell(1048576, 16384, "x"))

    message = refusal(read(path))

    assert "Sheet 'Data' has cells as far as row 1,048,576 and column XFD" in message


def test_a_sheet_reaching_further_than_the_cell_limit_is_refused(tmp_path):
    path = long_workbook(tmp_path, ROWS, tweak=lambda book: book["Data"].cell(2000, 30, "x"))

    assert "as far as row 2,000 and column AD" in refusal(
        read(path, limits=Limits(max_sheet_cells=50_000))
    )
    assert read(path, limits=Limits(max_sheet_cells=60_000)).records
