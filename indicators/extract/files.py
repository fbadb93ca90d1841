"""Taking in the upload's bytes and recognising what they are, by content, not by name."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import BinaryIO

from .model import Limits

XLSX, XLSM, CSV = "xlsx", "xlsm", "csv"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
SAVE_AS_XLSX = "open it in Excel and save it as an Excel Workbook (.xlsx), then upload that"


class Refused(Exception):
    """The whole file is refused; the message is one line an analyst can act on."""


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def _too_big(size: int, limits: Limits) -> Refused:
    return Refused(
        f"The file is {megabytes(size)}, more than the {megabytes(limits.max_file_bytes)} "
        "an upload may be."
    )


def load_bytes(source: str | Path | bytes | BinaryIO, limits: Limits) -> bytes:
    """The upload's bytes, refusing a file too big before reading all of it."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        try:
            size = os.path.getsize(source)
            if size > limits.max_file_bytes:
                raise _too_big(size, limits)
            data = Path(source).read_bytes()
        except OSError as error:
            raise Refused(f"The file could not be opened ({error.strerror or error}).") from None
    else:
        data = source.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise _too_big(len(data), limits)
    if not data:
        raise Refused("The file is empty.")
    return data


def detect_kind(data: bytes, limits: Limits) -> str:
    """xlsx, xlsm or csv; anything else is refused with the reason."""
    if data.startswith(OLE2_MAGIC):
        raise Refused(_ole2_reason(data))
    if data.startswith(ZIP_MAGICS):
        return _zip_kind(data, limits)
    if data.startswith(b"%PDF"):
        raise Refused("This is a PDF, not a spreadsheet: upload the Excel workbook or CSV file.")
    return _text_kind(data)


def _ole2_reason(data: bytes) -> str:
    """An OLE2 compound file: an encrypted modern workbook, an Excel 97-2003 one, or other."""
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        return (
            "The workbook is password-protected: remove the password in Excel "
            "(File > Info > Protect Workbook > Encrypt with Password), save it and upload it again."
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return f"This is an old Excel 97-2003 workbook (.xls): {SAVE_AS_XLSX}."
    return f"This is an older Office document, not a spreadsheet we can read: {SAVE_AS_XLSX}."


def _zip_kind(data: bytes, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {info.filename for info in infos}
            _refuse_other_zips(zf, names)
            _refuse_zip_bombs(infos, limits)
            content_types = _small_member(zf, "[Content_Types].xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise Refused(
            "The workbook is damaged or incomplete (perhaps cut short while copying or "
            "uploading): save it again from Excel and upload the new copy."
        ) from None
    return XLSM if b"macroEnabled" in content_types else XLSX


def _small_member(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        with zf.open(name) as member:
            return member.read(1024 * 1024)
    except KeyError:
        return b""


def _refuse_other_zips(zf: zipfile.ZipFile, names: set[str]) -> None:
    if "mimetype" in names and _small_member(zf, "mimetype").startswith(
        b"application/vnd.oasis.opendocument"
    ):
        raise Refused(
            "This is an OpenDocument spreadsheet (.ods), not an Excel workbook: open it and "
            "save it as an Excel Workbook (.xlsx), then upload that."
        )
    if "xl/workbook.bin" in names:
        raise Refused(f"This is an Excel binary workbook (.xlsb): {SAVE_AS_XLSX}.")
    if "xl/workbook.xml" not in names:
        raise Refused("This is a zip file but not an Excel workbook: upload the .xlsx itself.")


def _refuse_zip_bombs(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Check the inflated size from the zip's directory, before anything is unpacked."""
    if any(info.flag_bits & 0x1 for info in infos):
        raise Refused(
            "The workbook is password-protected: remove the password in Excel, save it and "
            "upload it again."
        )
    inflated = sum(info.file_size for info in infos)
    if inflated > limits.max_inflated_bytes:
        raise Refused(
            f"The workbook would unpack to {megabytes(inflated)}, more than the "
            f"{megabytes(limits.max_inflated_bytes)} allowed; it may be damaged."
        )


def _text_kind(data: bytes) -> str:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused(_not_utf8("is saved as UTF-16 (Unicode) text"))
    if b"\x00" in head:
        raise Refused("This is not an Excel workbook or a CSV file.")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<workbook")):
        raise Refused(
            f"This is a web page or XML file saved with a spreadsheet name: {SAVE_AS_XLSX}."
        )
    return CSV


def _not_utf8(what: str) -> str:
    return (
        f"The CSV file {what}; in Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' "
        "and upload that."
    )


def decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_not_utf8("is not UTF-8 text")) from None
