"""Tiny workbooks and CSV files for the extract tests, built by code (no binary fixtures)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl

from indicators.extract import CatalogueEntry, Limits, read_extract

TODAY = date(2024, 11, 15)
CATALOGUE = {
    entry.code: entry
    for entry in [
        CatalogueEntry("CLA1", "count", "Children looked after at month end"),
        CatalogueEntry("CLA2", "rate_per_10k", "Rate of children looked after per 10,000"),
        CatalogueEntry("CLA7", "rate_per_10k", "Rate of adolescents entering care"),
        CatalogueEntry("CLA9", "percent", "Up-to-date care plan"),
        CatalogueEntry("CL1", "percent", "Care leavers in touch"),
        CatalogueEntry("F4", "percent", "Foster carer visits in time"),
        CatalogueEntry("AD7", "days", "Days from entering care to adoptive family"),
        CatalogueEntry("CT1", "weeks", "Duration of care proceedings"),
        CatalogueEntry("WF1", "number", "Average caseload"),
        CatalogueEntry("H7", "score", "Average SDQ score"),
    ]
}
LONG_HEADER = ["Indicator", "Period", "Value", "Numerator", "Denominator"]
FULL_HEADER = [
    "Indicator",
    "Period",
    "Value",
    "Numerator",
    "Denominator",
    "Breakdown",
    "Category",
    "Status",
    "Commentary",
]


def workbook(
    path: Path,
    sheets: dict[str, list[list]],
    tweak: Callable[[openpyxl.Workbook], None] | None = None,
) -> Path:
    """A workbook with one sheet per entry, rows written from A1 (None leaves a cell empty)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if tweak:
        tweak(book)
    book.save(path)
    return path


def long_workbook(tmp_path: Path, rows: list[list], header=None, above=(), **kw) -> Path:
    """A long-layout workbook: optional title rows, the header, then the data rows."""
    header = LONG_HEADER if header is None else header
    return workbook(tmp_path / "extract.xlsx", {"Data": [*above, header, *rows]}, **kw)


def wide_workbook(tmp_path: Path, months: list, rows: list[list], **kw) -> Path:
    """A scorecard: code, name, then one column per month."""
    return workbook(
        tmp_path / "scorecard.xlsx", {"Scorecard": [["Ref", "Indicator", *months], *rows]}, **kw
    )


def csv_bytes(rows: list[list], bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a workbook's zip (e.g. a sheet's XML), keeping the rest."""
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == member else data)
    source.close()
    path.write_bytes(out.getvalue())
    return path


def read(source, filename: str = "extract.xlsx", **kw):
    kw.setdefault("catalogue", CATALOGUE)
    kw.setdefault("today", TODAY)
    kw.setdefault("limits", Limits())
    return read_extract(source, filename=filename, **kw)


def kinds(problems) -> list[str]:
    return [problem.kind for problem in problems]


def only(problems, kind: str):
    found = [problem for problem in problems if problem.kind == kind]
    assert len(found) == 1, f"expected one {kind}, got {problems}"
    return found[0]
