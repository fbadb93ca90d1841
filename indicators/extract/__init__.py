"""Reading an uploaded monthly extract: recognise the file, find the figures, check them.

This is the pure first stage of an import (no database): `read_extract` returns an `Extract`
holding the records the file supplies, every error (any one refuses the upload) and the
warnings that can be decided from the file alone, as the extract format (extract-format.md)
sets out. Revisions, presented months and thresholds need the database: the caller adds those.
"""

from .model import CatalogueEntry, Extract, Limits, Problem, ProblemGroup, Record, SheetSummary
from .problems import ERROR_KINDS, WARNING_KINDS, group_problems
from .reader import read_extract

__all__ = [
    "ERROR_KINDS",
    "WARNING_KINDS",
    "CatalogueEntry",
    "Extract",
    "Limits",
    "Problem",
    "ProblemGroup",
    "Record",
    "SheetSummary",
    "group_problems",
    "read_extract",
]
