"""read_extract: from the uploaded bytes to checked records and every problem, at once."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path, PurePath
from typing import BinaryIO

from . import problems as p
from .files import CSV, Refused, detect_kind, load_bytes
from .headers import HEADER_SEARCH_ROWS, LONG, WIDE, Candidate, Header, find_header
from .model import CatalogueEntry, Extract, Limits, Problem, SheetSummary
from .problems import column_letters, shown, sort_problems
from .rows import Context, read_long, read_wide, report_uncalculated
from .sheets import Grid, read_csv, read_workbook
from .validate import validate
from .values import BLANK

LAYOUTS = (LONG, WIDE)
logger = logging.getLogger(__name__)
# A fault in this code (not in the file) is logged and reported as a refusal, so an upload never
# ends in a traceback; the tests set STRICT so that such faults fail loudly instead.
STRICT = False


def read_extract(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str,
    catalogue: dict[str, CatalogueEntry],
    today: date,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so one shared default is safe
    layout: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Extract:
    """Read, normalise and check an uploaded extract; never raises on what the file holds.

    The Extract holds every figure the file supplies and every problem with it; the file is
    only fit to import when `ok` (no errors). Warnings are for the analyst to read.
    """
    if layout not in (None, *LAYOUTS):
        raise ValueError(f"layout must be 'long', 'wide' or None, not {layout!r}")
    kind, sha = "", ""
    try:
        data = load_bytes(source, limits)
        sha = hashlib.sha256(data).hexdigest()
        kind = detect_kind(data, limits)
        if kind == CSV and layout == WIDE:
            raise Refused(WIDE_CSV)
        name = PurePath(filename).name or "upload.csv"
        grids = [read_csv(data, name)] if kind == CSV else read_workbook(data, limits)
        return _Reading(filename, kind, sha, grids, catalogue, today, limits, layout).run(progress)
    except Refused as refusal:
        message = str(refusal)
    except Exception:
        if STRICT:
            raise
        logger.exception("reading extract %r failed", filename)
        message = (
            "The file could not be read because of a fault in the application, which has been "
            "logged; please tell the system administrator."
        )
    return Extract(filename, kind, sha, errors=[Problem(p.FILE_REFUSED, "", "", filename, message)])


WIDE_CSV = (
    "A CSV file must use the long layout (one figure a row, with indicator, period and value "
    "columns); this one has months across the top. Upload it as an Excel workbook instead."
)


class _Reading:
    def __init__(self, filename, kind, sha, grids: list[Grid], catalogue, today, limits, layout):
        self.filename, self.kind, self.sha = filename, kind, sha
        self.grids, self.limits, self.layout = grids, limits, layout
        entries = {code.strip().upper(): entry for code, entry in catalogue.items()}
        self.codes = frozenset(entries)
        self.ctx = Context(entries, date(today.year, today.month, 1))
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.summaries: list[SheetSummary] = []
        self.headers: dict[str, tuple[Grid, Header]] = {}
        self.candidates: list[tuple[Grid, Candidate]] = []

    def run(self, progress) -> Extract:
        found = [(grid, find_header(grid, self.codes, self.layout)) for grid in self.grids]
        self.ctx.total_rows = self._count_rows(found)
        self.ctx.progress = progress
        for grid, header in found:
            if isinstance(header, Candidate):
                self.candidates.append((grid, header))
            else:
                self._read_sheet(grid, header)
        if progress:
            progress(self.ctx.done_rows, self.ctx.total_rows)
        self._report_headers_missing()
        units = {code: entry.unit for code, entry in self.ctx.catalogue.items()}
        checked = validate(self.ctx.records, self.ctx.written, units, self.headers)
        errors = self.errors + self.ctx.errors + checked.errors
        if not checked.records and not errors:
            errors.append(Problem(p.NO_DATA, "", "", "", _no_data_message(self.summaries)))
        order = [grid.name for grid in self.grids]
        return Extract(
            self.filename,
            self.kind,
            self.sha,
            records=checked.records,
            errors=sort_problems(errors, order),
            warnings=sort_problems(self.warnings + checked.warnings, order),
            sheets=self.summaries,
            months=sorted({record.month for record in checked.records}),
            row_count=self.ctx.done_rows,
        )

    def _count_rows(self, found: list[tuple[Grid, Header | Candidate]]) -> int:
        """The data rows to be read (those below a header that are not blank), within limits."""
        total = 0
        for grid, header in found:
            if isinstance(header, Header):
                width = grid.width
                rows = grid.rows[header.row + 1 :]
                total += sum(1 for row in rows if row.count(BLANK) != width)
        if total > self.limits.max_rows:
            raise Refused(
                f"The file has {total:,} rows of data, more than the {self.limits.max_rows:,} "
                "one upload may hold: split it into smaller files."
            )
        return total

    def _read_sheet(self, grid: Grid, header: Header) -> None:
        if grid.is_csv and header.layout == WIDE:
            raise Refused(WIDE_CSV)
        self.headers[grid.name] = (grid, header)
        report_uncalculated(grid, header.row, range(grid.width), self.ctx)
        reader = read_long if header.layout == LONG else read_wide
        figures = reader(grid, header, self.ctx)
        summary = SheetSummary(
            grid.name, header.layout, header.row + 1, grid.hidden, figures, header.ignored,
            {role: column_letters(c) for role, c in header.columns.items()},
        )  # fmt: skip
        self.summaries.append(summary)
        self._sheet_warnings(grid, header, figures)

    def _sheet_warnings(self, grid: Grid, header: Header, figures: int) -> None:
        if grid.hidden and figures:
            self.warnings.append(
                Problem(
                    p.HIDDEN_SHEET,
                    grid.name,
                    "",
                    grid.name,
                    f"Sheet '{grid.name}' is hidden in the workbook, but "
                    + ("its figure was" if figures == 1 else f"its {figures:,} figures were")
                    + " read too.",
                )
            )
        if header.ignored:
            names = ", ".join(f"'{shown(name, 40)}'" for name in header.ignored)
            self.warnings.append(
                Problem(
                    p.IGNORED_COLUMNS,
                    grid.name,
                    f"row {header.row + 1}",
                    ", ".join(header.ignored),
                    f"Columns ignored in {grid.place_row(header.row + 1)}: {names} "
                    "(not columns this application reads).",
                    row=header.row + 1,
                )
            )

    def _report_headers_missing(self) -> None:
        """No sheet with a header: an error naming what was found; else note sheets skipped."""
        if not self.headers:
            for grid, candidate in self.candidates:
                if candidate.row >= 0:
                    self._uncalculated_headers(grid)
                    self.errors.append(_missing_columns(grid, candidate, self.layout))
                    return
            return
        for grid, candidate in self.candidates:
            if candidate.row >= 0 and len(candidate.missing) == 1:
                self.warnings.append(_skipped(grid, candidate))

    def _uncalculated_headers(self, grid: Grid) -> None:
        """Month headers that are formulas never calculated would hide the header row."""
        for row in sorted({r for r, _ in grid.uncalculated if r < HEADER_SEARCH_ROWS}):
            report_uncalculated(grid, row, range(grid.width), self.ctx)


def _missing_columns(grid: Grid, candidate: Candidate, layout: str | None) -> Problem:
    found = ", ".join(f"'{shown(name, 40)}'" for name in candidate.names) or "none"
    needs = {
        LONG: "columns for indicator, period and value",
        WIDE: "an indicator column followed by one column per month",
        None: "columns for indicator, period and value (or an indicator column followed by "
        "one column per month)",
    }[LONG if grid.is_csv else layout]
    missing = ", ".join(candidate.missing) or "a month column"
    return Problem(
        p.MISSING_COLUMN,
        grid.name,
        f"row {candidate.row + 1}",
        ", ".join(candidate.names),
        f"Required columns missing: no header row in the first {HEADER_SEARCH_ROWS} rows of "
        f"{'the file' if grid.is_csv else 'any sheet'} has {needs}. Missing: {missing}. "
        f"Headers found in {grid.place_row(candidate.row + 1)}: {found}.",
        row=candidate.row + 1,
    )


def _skipped(grid: Grid, candidate: Candidate) -> Problem:
    return Problem(
        p.SHEET_SKIPPED,
        grid.name,
        f"row {candidate.row + 1}",
        ", ".join(candidate.names),
        f"Sheet '{grid.name}' was skipped: its headers in row {candidate.row + 1} have no "
        f"{candidate.missing[0]} column.",
        row=candidate.row + 1,
    )


def _no_data_message(summaries: list[SheetSummary]) -> str:
    if not summaries:
        return "No figures found: the file is empty."
    names = ", ".join(f"'{s.name}'" for s in summaries)
    verb = "has" if len(summaries) == 1 else "have"
    return f"No figures found: {names} {verb} headers but no data rows."
