"""The values the extract reader hands back: records, problems, sheet summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    unit: str
    name: str = ""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 25 * 1024 * 1024
    max_inflated_bytes: int = 300 * 1024 * 1024
    max_rows: int = 500_000
    # calamine holds a sheet as a full grid from A1 to its furthest cell, at 32 bytes a cell.
    max_sheet_cells: int = 20_000_000


class Record(NamedTuple):
    """One figure the file supplies. A tuple, because a large upload makes a hundred thousand."""

    sheet: str
    row: int
    cell: str
    code: str
    month: date
    breakdown: str = ""
    category: str = ""
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    status: str = "ok"
    commentary: str = ""

    @property
    def key(self) -> tuple[str, date, str, str]:
        return (self.code, self.month, self.breakdown, self.category)


@dataclass(frozen=True)
class Problem:
    """An error or a warning, located as Excel shows it (row is 0 for the whole file)."""

    kind: str
    sheet: str
    cell_or_row: str
    value: str
    message: str
    row: int = 0


@dataclass(frozen=True)
class ProblemGroup:
    kind: str
    title: str
    count: int
    problems: list[Problem]


@dataclass(frozen=True)
class SheetSummary:
    name: str
    layout: str
    header_row: int
    hidden: bool
    figures: int
    ignored_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # role -> letters: {"category": "F"}

    def cell(self, role: str, row: int) -> str:
        """The cell of a column in a row ('F12'), or '' when the sheet has no such column."""
        letters = self.columns.get(role)
        return f"{letters}{row}" if letters else ""


@dataclass(frozen=True)
class Extract:
    filename: str
    file_kind: str
    sha256: str
    records: list[Record] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sheets: list[SheetSummary] = field(default_factory=list)
    months: list[date] = field(default_factory=list)
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors
