"""Problem kinds, how they are worded and grouped, and the nearest-code suggestion."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from .model import Problem, ProblemGroup

# Errors: any one of them refuses the whole upload.
UNKNOWN_CODE = "unknown_code"
MISSING_COLUMN = "missing_column"
BAD_PERIOD = "bad_period"
FUTURE_PERIOD = "future_period"
NOT_A_NUMBER = "not_a_number"
OUT_OF_RANGE = "out_of_range"
BAD_NUMERATOR_DENOMINATOR = "bad_numerator_denominator"
DUPLICATE_CONFLICT = "duplicate_conflict"
BREAKDOWN_WITHOUT_CATEGORY = "breakdown_without_category"
CATEGORY_WITHOUT_BREAKDOWN = "category_without_breakdown"
BAD_STATUS = "bad_status"
UNCALCULATED_FORMULA = "uncalculated_formula"
TEXT_TOO_LONG = "text_too_long"
NO_DATA = "no_data"
FILE_REFUSED = "file_refused"

# Warnings: shown in the preview; the analyst may go ahead.
PERCENT_FRACTIONS = "percent_fractions"
PERCENT_MISMATCH = "percent_mismatch"
RATE_MISMATCH = "rate_mismatch"
DUPLICATE_SAME = "duplicate_same"
HIDDEN_SHEET = "hidden_sheet"
IGNORED_COLUMNS = "ignored_columns"
SHEET_SKIPPED = "sheet_skipped"
CATEGORY_SPELLING = "category_spelling"  # found against the figures held, in imports.py
REASON_SHORTENED = "reason_shortened"  # found in imports.py, which shortens it

TITLES = {
    UNKNOWN_CODE: "Unknown indicator codes",
    MISSING_COLUMN: "Required columns missing",
    BAD_PERIOD: "Periods that cannot be read",
    FUTURE_PERIOD: "Periods in the future",
    NOT_A_NUMBER: "Values that are not numbers",
    OUT_OF_RANGE: "Values outside what the unit allows",
    BAD_NUMERATOR_DENOMINATOR: "Numerators and denominators that do not fit",
    DUPLICATE_CONFLICT: "The same figure given twice with different values",
    BREAKDOWN_WITHOUT_CATEGORY: "Breakdowns without a category",
    CATEGORY_WITHOUT_BREAKDOWN: "Categories without a breakdown",
    BAD_STATUS: "Statuses not recognised",
    UNCALCULATED_FORMULA: "Formulas never calculated",
    TEXT_TOO_LONG: "Breakdowns and categories too long to keep",
    NO_DATA: "No data",
    FILE_REFUSED: "File refused",
    PERCENT_FRACTIONS: "Percentages read as fractions",
    PERCENT_MISMATCH: "Percentages that disagree with their numerator and denominator",
    RATE_MISMATCH: "Rates per 10,000 that disagree with their numerator and denominator",
    DUPLICATE_SAME: "The same figure given twice",
    HIDDEN_SHEET: "Hidden sheets read",
    IGNORED_COLUMNS: "Columns ignored",
    SHEET_SKIPPED: "Sheets skipped",
    CATEGORY_SPELLING: "Categories spelt another way elsewhere",
    REASON_SHORTENED: "Status reasons too long to show in full",
}

ERROR_KINDS = frozenset(
    {
        UNKNOWN_CODE,
        MISSING_COLUMN,
        BAD_PERIOD,
        FUTURE_PERIOD,
        NOT_A_NUMBER,
        OUT_OF_RANGE,
        BAD_NUMERATOR_DENOMINATOR,
        DUPLICATE_CONFLICT,
        BREAKDOWN_WITHOUT_CATEGORY,
        CATEGORY_WITHOUT_BREAKDOWN,
        BAD_STATUS,
        UNCALCULATED_FORMULA,
        TEXT_TOO_LONG,
        NO_DATA,
        FILE_REFUSED,
    }
)
WARNING_KINDS = frozenset(TITLES) - ERROR_KINDS


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Problems of one kind together, kinds in the order they first appear."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.kind, []).append(problem)
    return [
        ProblemGroup(kind, TITLES.get(kind, kind.replace("_", " ").capitalize()), len(ps), ps)
        for kind, ps in groups.items()
    ]


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """A reference as Excel shows it, from 0-based row and column."""
    return f"{column_letters(col)}{row + 1}"


_REF = re.compile(r"([A-Z]+)(\d+)$")


def _column_number(cell_or_row: str) -> int:
    match = _REF.match(cell_or_row)
    if not match:
        return 0
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    return number


def sort_problems(problems: list[Problem], sheet_order: list[str]) -> list[Problem]:
    """File-level problems first, then sheet by sheet, row by row, left to right."""
    order = {name: i for i, name in enumerate(sheet_order)}
    return sorted(
        problems,
        key=lambda p: (order.get(p.sheet, -1), p.row, _column_number(p.cell_or_row)),
    )


def shown(text: str, limit: int = 60) -> str:
    """A value as quoted in a message: long text is cut short, and characters that cannot be
    seen, or that turn text around, are named ('12[U+200B]'), so the message shows the fault."""
    text = "".join(_seen(c) for c in text.replace("\n", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _seen(char: str) -> str:
    category = unicodedata.category(char)
    if category in ("Cc", "Cf") or (category == "Zs" and char != " "):
        return f"[U+{ord(char):04X}]"
    return char


def foreign_characters(text: str) -> str:
    """ "CYRILLIC CAPITAL LETTER ES (U+0421)": what in a code is not a plain letter or digit."""
    odd = dict.fromkeys(c for c in text if not c.isascii())
    return ", ".join(f"{unicodedata.name(c, 'a character')} (U+{ord(c):04X})" for c in odd)


def _squashed(code: str) -> str:
    """CLA07, cla-7 and 'CLA 7' all squash to CLA7."""
    code = re.sub(r"[^A-Z0-9]", "", unicodedata.normalize("NFKC", code).upper())
    return re.sub(r"(?<=[A-Z])0+(?=\d)", "", code)


def suggest_code(code: str, known: Iterable[str]) -> str | None:
    """The nearest known code to a mistyped one, if any is near enough."""
    known = list(known)
    squashed = _squashed(code)
    for candidate in known:
        if _squashed(candidate) == squashed:
            return candidate
    matches = difflib.get_close_matches(code.upper(), known, n=1, cutoff=0.6)
    return matches[0] if matches else None
