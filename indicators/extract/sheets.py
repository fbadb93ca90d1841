"""Reading every sheet's cells into a grid: calamine for values, the XML for the rest."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import python_calamine as calamine

from .files import Refused, decode_csv
from .model import Limits
from .values import BLANK, PercentFloat
from .xlsx import (
    SheetXml,
    column_number,
    far_corner,
    percent_styles,
    read_part,
    scan_sheet,
    workbook_parts,
)

logger = logging.getLogger(__name__)
MAX_COLUMNS_PADDED = 1024
MAX_ROWS_PADDED = 10_000


@dataclass
class Grid:
    """One sheet's cells, rows[r][c] with r and c counted from 0 at A1; blank cells are ""."""

    name: str
    rows: list[list]
    hidden: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)
    is_csv: bool = False

    def cell(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return BLANK

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def place(self, ref: str) -> str:
        """Where a cell is, as a message says it: sheet 'Data', cell D14."""
        if self.is_csv:
            return f"'{self.name}', cell {ref}"
        return f"sheet '{self.name}', cell {ref}"

    def place_row(self, row_number: int) -> str:
        if self.is_csv:
            return f"'{self.name}', row {row_number}"
        return f"sheet '{self.name}', row {row_number}"


_DAMAGED = (
    "The workbook is damaged and cannot be read: save it again from Excel and upload it again."
)


def read_workbook(data: bytes, limits: Limits) -> list[Grid]:
    """Every worksheet in the workbook, hidden ones included (chart sheets have no cells).

    The sheets' XML is searched on a second thread while calamine (which releases the GIL)
    parses the values, so the search costs next to nothing on a large file.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        parts, styles = workbook_parts(zf)
        percent_xfs = percent_styles(zf, styles)
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [m for m in workbook.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
    except Exception as error:  # calamine, zip or XML on untrusted bytes: a damaged file
        logger.info("workbook could not be opened: %r", error)
        raise Refused(_DAMAGED) from None
    wanted = {meta.name: parts[meta.name] for meta in sheets if meta.name in parts}
    for name, part in wanted.items():
        refuse_far_flung_cells(name, sheet_xml(zf, part), limits.max_sheet_cells)
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanning = pool.submit(_scan_sheets, data, wanted, percent_xfs)
        values = [(meta, _values(workbook, meta)) for meta in sheets]
        try:
            xml = scanning.result()
        except Exception as error:  # as above
            logger.info("workbook XML could not be searched: %r", error)
            raise Refused(_DAMAGED) from None
    return [_grid(meta, rows, merged, xml.get(meta.name)) for meta, (rows, merged) in values]


def sheet_xml(zf: zipfile.ZipFile, part: str) -> bytes:
    try:
        return read_part(zf, part)
    except Exception as error:  # as above: a part that inflates beyond its stated size, say
        logger.info("sheet %r could not be unpacked: %r", part, error)
        raise Refused(_DAMAGED) from None


def refuse_far_flung_cells(name: str, xml: bytes, max_cells: int) -> None:
    """A sheet whose cells reach too far to hold as a grid, such as one stray cell at XFD1048576
    (17 billion cells), is refused before calamine tries, since running out of memory there
    ends the whole process."""
    row, column = far_corner(xml)
    if row * column_number(column) > max_cells:
        raise Refused(
            f"Sheet '{name}' has cells as far as row {row:,} and column {column}: more than a "
            f"sheet of figures can be. Delete the rows below the figures and the columns to the "
            "right of them (select them, then Delete), save the workbook and upload it again."
        )


def _scan_sheets(data: bytes, parts: dict[str, str], percent_xfs) -> dict[str, SheetXml]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: scan_sheet(read_part(zf, part), percent_xfs) for name, part in parts.items()}


def _values(workbook, meta) -> tuple[list[list], list]:
    try:
        sheet = workbook.get_sheet_by_name(meta.name)
        return sheet.to_python(skip_empty_area=False), list(sheet.merged_cell_ranges or [])
    except Exception as error:  # as above: the sheet's XML is not what Excel writes
        logger.info("sheet %r could not be read: %r", meta.name, error)
        raise Refused(
            f"Sheet '{meta.name}' is damaged and cannot be read: save the workbook again "
            "from Excel and upload it again."
        ) from None


def _grid(meta, rows: list[list], merged: list, xml: SheetXml | None) -> Grid:
    hidden = meta.visible != calamine.SheetVisibleEnum.Visible
    grid = Grid(meta.name, rows, hidden, merged)
    _apply_xml(grid, xml or SheetXml())
    return grid


def _apply_xml(grid: Grid, xml: SheetXml) -> None:
    """Mark percentage-formatted numbers, and put cached Excel errors back in their cells."""
    rows = grid.rows
    for r, c in xml.percent:
        if r < len(rows) and c < len(rows[r]) and type(rows[r][c]) is float:
            rows[r][c] = PercentFloat(rows[r][c])
    specials = {**xml.errors, **xml.uncalculated}
    _pad(grid, specials)
    for (r, c), text in xml.errors.items():
        if r < len(rows) and c < len(rows[r]) and rows[r][c] == BLANK:
            rows[r][c] = text  # "#DIV/0!": read as text, so it is reported as not a number
    grid.uncalculated = {
        (r, c): f for (r, c), f in xml.uncalculated.items() if r < len(rows) and c < grid.width
    }


def _pad(grid: Grid, specials: dict[tuple[int, int], str]) -> None:
    """Grow the grid over cells calamine left out (it drops formulas with no result)."""
    if not specials:
        return
    height = min(max(r for r, _ in specials) + 1, len(grid.rows) + MAX_ROWS_PADDED)
    width = min(max(c for _, c in specials) + 1, MAX_COLUMNS_PADDED)
    width = max(width, grid.width)
    for row in grid.rows:
        if len(row) < width:
            row.extend([BLANK] * (width - len(row)))
    grid.rows.extend([BLANK] * width for _ in range(height - len(grid.rows)))


def read_csv(data: bytes, name: str) -> Grid:
    text = decode_csv(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first_line and (";" in first_line or "\t" in first_line):
        separator = "semicolons" if ";" in first_line else "tabs"
        raise Refused(
            f"The CSV file is separated by {separator}, not commas: in Excel use File > Save As "
            "> 'CSV UTF-8 (Comma delimited)' and upload that."
        )
    # Strict: a quote never closed would otherwise take every line after it into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        rows.extend(reader)
    except csv.Error as error:
        raise Refused(_csv_fault(len(rows) + 1, error)) from None
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([BLANK] * (width - len(row)))
    return Grid(name, rows, is_csv=True)


def _csv_fault(row: int, error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        why = "a quoted value starts in it and never ends, so every row after it would be lost"
    elif "expected after" in str(error):
        why = 'a value goes on after its closing quote, as in "a"b'
    else:
        why = str(error)
    return (
        f"The CSV file cannot be read at row {row}: {why}. Correct that row, or save the file "
        "again from Excel as 'CSV UTF-8 (Comma delimited)', and upload it again."
    )
