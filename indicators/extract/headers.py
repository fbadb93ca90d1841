"""Finding the header row, naming its columns, and deciding the layout of a sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .sheets import Grid
from .values import is_blank, looks_like_period, parse_period, shown_value, strip_quote

HEADER_SEARCH_ROWS = 30
SAMPLE_ROWS = 200
LONG, WIDE = "long", "wide"
REQUIRED_LONG = ("code", "period", "value")
ROLE_WORDS = {
    "code": "indicator",
    "period": "period",
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "breakdown": "breakdown",
    "category": "category",
    "commentary": "commentary",
    "status": "status",
}

# Each role's header names, most telling first; matched after squashing (see squash()).
SYNONYMS = {
    "code": [
        "code",
        "indicatorcode",
        "ref",
        "indicatorref",
        "reference",
        "indicatorreference",
        "indicatorid",
        "kpi",
        "kpicode",
        "kpiref",
        "kpino",
        "pi",
        "picode",
        "pino",
        "piref",
        "measurecode",
        "measureref",
        "measureid",
        "id",
        "indicator",
        "measure",
    ],
    "period": [
        "period",
        "month",
        "reportingperiod",
        "reportingmonth",
        "reportmonth",
        "monthending",
        "monthend",
        "periodending",
        "periodend",
        "perioddate",
        "date",
        "reportingdate",
        "reportdate",
        "asat",
        "asatdate",
        "snapshotdate",
        "yearmonth",
        "monthyear",
    ],
    "value": [
        "value",
        "actual",
        "actuals",
        "result",
        "figure",
        "outturn",
        "performance",
        "actualvalue",
        "monthvalue",
        "val",
    ],
    "numerator": ["numerator", "num", "numer"],
    "denominator": ["denominator", "denom", "den"],
    "breakdown": ["breakdown", "dimension", "breakdowntype", "breakdownby", "splitby"],
    "category": [
        "category",
        "breakdowncategory",
        "breakdownvalue",
        "dimensionvalue",
        "group",
        "subgroup",
    ],
    "commentary": [
        "commentary",
        "comment",
        "comments",
        "servicecommentary",
        "narrative",
        "note",
        "notes",
    ],
    "status": ["status", "valuestatus", "datastatus", "flag"],
}
ROLE_OF = {
    name: (role, rank) for role, names in SYNONYMS.items() for rank, name in enumerate(names)
}
_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]")
_NOT_ALNUM = re.compile(r"[\W_]+")


def squash(text: str) -> str:
    """'Reporting Period (month)' -> 'reportingperiod': no case, spaces, punctuation, notes."""
    return _NOT_ALNUM.sub("", _BRACKETED.sub("", text).lower())


@dataclass
class Header:
    """How one sheet is laid out: its header row and what each column holds."""

    layout: str
    row: int  # 0-based
    columns: dict[str, int]  # role -> column (0-based)
    months: list[tuple[int, date]] = field(default_factory=list)  # wide: column, month
    ignored: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """The most header-like row of a sheet with no usable header, for the error message."""

    row: int
    names: list[str]
    missing: list[str]


def header_cells(grid: Grid, row: int) -> dict[int, object]:
    """The row's non-blank cells; a merged cell counts as the value of its top-left cell."""
    cells = {c: v for c, v in enumerate(grid.rows[row]) if not is_blank(v)}
    for (top, left), (bottom, _right) in grid.merged:
        if top < row <= bottom and left not in cells and top < len(grid.rows):
            value = grid.cell(top, left)
            if not is_blank(value):
                cells[left] = value
    return dict(sorted(cells.items()))


def _roles(cells: dict[int, object]) -> dict[str, list[tuple[int, int]]]:
    """role -> [(rank, column)] for the cells whose text names a known column."""
    roles: dict[str, list[tuple[int, int]]] = {}
    for col, value in cells.items():
        if isinstance(value, str):
            found = ROLE_OF.get(squash(strip_quote(value)))
            if found:
                roles.setdefault(found[0], []).append((found[1], col))
    return roles


def _data_rows(grid: Grid, header_row: int):
    return grid.rows[header_row + 1 : header_row + 1 + SAMPLE_ROWS]


def _hits(rows: list[list], col: int, fits) -> int:
    return sum(1 for row in rows if col < len(row) and fits(row[col]))


def _pick(candidates, fits, rows: list[list]) -> tuple[int, int]:
    """Of several columns that could hold a role, the one whose cells fit it best, and its hits."""
    if len(candidates) == 1:
        return candidates[0][1], _hits(rows, candidates[0][1], fits)
    scored = [(-_hits(rows, col, fits), rank, col) for rank, col in candidates]
    hits, _rank, col = min(scored)
    return col, -hits


def _assign(roles, grid: Grid, header_row: int, codes: frozenset[str]) -> dict[str, int]:
    def is_code(v):
        return isinstance(v, str) and strip_quote(v).strip().upper() in codes

    def is_period(v):
        return not is_blank(v) and parse_period(v) is not None

    rows = _data_rows(grid, header_row)
    chosen = {}
    for role, candidates in roles.items():
        if role == "code":
            chosen[role] = _code_column(candidates, is_code, rows, grid.width)
        elif role == "period":
            chosen[role] = _pick(candidates, is_period, rows)[0]
        else:
            chosen[role] = min(candidates)[1]
    return chosen


def _code_column(candidates, is_code, rows: list[list], width: int) -> int:
    """Of the columns headed like a code column, the one holding catalogue codes; failing that
    (an "Indicator" column of names beside codes under a blank header), the column that does."""
    col, hits = _pick(candidates, is_code, rows)
    if hits:
        return col
    anywhere, anywhere_hits = _pick([(0, c) for c in range(width)], is_code, rows)
    return anywhere if anywhere_hits else col


def _ignored(cells: dict[int, object], used: set[int]) -> list[str]:
    return [shown_value(v).strip() for c, v in cells.items() if c not in used]


def _long_header(grid, row, cells, roles, codes) -> Header | None:
    if not all(role in roles for role in REQUIRED_LONG):
        return None
    columns = _assign(roles, grid, row, codes)
    if len(set(columns.values())) < len(columns):
        return None  # one column cannot be two things
    return Header(LONG, row, columns, ignored=_ignored(cells, set(columns.values())))


def _wide_header(grid, row, cells, roles, codes) -> Header | None:
    if "code" not in roles:
        return None
    code_col = _assign({"code": roles["code"]}, grid, row, codes)["code"]
    months = [
        (c, parse_period(v)) for c, v in cells.items() if c > code_col and looks_like_period(v)
    ]
    if not months:
        return None
    used = {code_col, *(c for c, _ in months)}
    return Header(WIDE, row, {"code": code_col}, months, _ignored(cells, used))


def find_header(grid: Grid, codes: frozenset[str], layout: str | None) -> Header | Candidate:
    """The first row (of the first 30) that reads as a header in a known layout."""
    best: Candidate | None = None
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        cells = header_cells(grid, row)
        if not cells:
            continue
        roles = _roles(cells)
        header = None
        if layout in (None, LONG):
            header = _long_header(grid, row, cells, roles, codes)
        if header is None and layout in (None, WIDE):
            header = _wide_header(grid, row, cells, roles, codes)
        if header is not None:
            return header
        candidate = _candidate(row, cells, roles, layout)
        if best is None or len(candidate.missing) < len(best.missing):
            best = candidate
    return best or Candidate(-1, [], [ROLE_WORDS[r] for r in REQUIRED_LONG])


def _candidate(row, cells, roles, layout) -> Candidate:
    names = [shown_value(v).strip() for v in cells.values()]
    required = ("code",) if layout == WIDE else REQUIRED_LONG
    return Candidate(row, names, [ROLE_WORDS[r] for r in required if r not in roles])
