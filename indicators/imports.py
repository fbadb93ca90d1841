"""Importing extracts into the figures held: preview, commit, revert. One pipeline for web and CLI.

Every write goes through `apply_changes`, which records a `FigureRevision` (the figure before and
after) for each figure an upload creates or changes. History and exact reverts come from those.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from . import rules
from .choices import LARGEST_FIGURE, Status
from .extract import CatalogueEntry, Extract, Limits, Problem, Record, read_extract
from .extract.problems import CATEGORY_SPELLING, REASON_SHORTENED, shown
from .formatting import format_value, format_value_with_count
from .models import FIGURE_STATE_FIELDS, Figure, FigureRevision, Indicator, Threshold, Upload
from .periods import describe_months
from .writing import delete_figures, insert_revisions, upsert_figures

LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011\u2013\u2014](?=[^\W\d_])")

REASON_STATUSES = (Status.PROVISIONAL, Status.UNAVAILABLE, Status.UNRELIABLE)
REASON_LENGTH = Figure._meta.get_field("status_reason").max_length


class UploadRefused(Exception):
    """A commit or revert that cannot go ahead; the message says why in the analyst's words."""


@dataclass(frozen=True)
class Change:
    """One figure an upload writes: its key, its state before (None: no figure held) and after."""

    key: tuple  # (indicator_id, month, breakdown, category)
    before: tuple | None
    after: tuple | None
    sheet: str = ""
    cell: str = ""
    row: int = 0

    @property
    def is_new(self):
        return self.before is None

    @property
    def is_unchanged(self):
        return self.before == self.after


@dataclass
class Preview:
    """What an extract would do if committed: the file's findings plus the diff against the data."""

    extract: Extract
    changes: list[Change] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def created(self):
        return [c for c in self.changes if c.is_new]

    @property
    def changed(self):
        return [c for c in self.changes if not c.is_new and not c.is_unchanged]

    @property
    def unchanged(self):
        return [c for c in self.changes if c.is_unchanged]


def extract_limits():
    return Limits(
        max_file_bytes=settings.EXTRACT_MAX_FILE_BYTES,
        max_inflated_bytes=settings.EXTRACT_MAX_INFLATED_BYTES,
        max_rows=settings.EXTRACT_MAX_ROWS,
    )


def catalogue_entries():
    return {
        code: CatalogueEntry(code, unit, name)
        for code, unit, name in Indicator.objects.values_list("code", "unit", "name")
    }


def preview_extract(data, filename, today=None, progress=None):
    """Read and check a file, then compare it with the figures held. Writes nothing."""
    preview = read_preview(data, filename, today, progress)
    if preview.ok:
        compare_with_held(preview)
    return preview


def read_preview(data, filename, today=None, progress=None):
    extract = read_extract(
        data,
        filename=filename,
        catalogue=catalogue_entries(),
        today=today or timezone.localdate(),
        limits=extract_limits(),
        progress=progress,
    )
    return Preview(extract, errors=list(extract.errors), warnings=list(extract.warnings))


def compare_with_held(preview):
    records = preview.extract.records
    preview.errors += value_status_conflicts(records) + too_large(records)
    if preview.ok:
        sheets = {sheet.name: sheet for sheet in preview.extract.sheets}
        preview.changes = plan_changes(records)
        preview.warnings += database_warnings(preview.changes, sheets)
        preview.warnings += shortened_reasons(records, sheets)


def state_of(record):
    reason = record.commentary if record.status in REASON_STATUSES else ""
    return (
        stored(record.value),
        stored(record.numerator),
        stored(record.denominator),
        record.status or Status.OK,
        reason[:REASON_LENGTH],
        record.commentary,
    )


def plan_changes(records):
    """Each record's figure before and after, keyed as the database keys figures."""
    ids = dict(Indicator.objects.values_list("code", "id"))
    held = held_states({ids[r.code] for r in records}, {r.month for r in records})
    changes = []
    for record in records:
        key = (ids[record.code], record.month, record.breakdown, record.category)
        before, after = held.get(key), state_of(record)
        changes.append(Change(key, before, after, record.sheet, record.cell, record.row))
    return changes


def held_states(indicator_ids, months):
    figures = Figure.objects.filter(indicator_id__in=indicator_ids, month__in=months)
    fields = ("indicator_id", "month", "breakdown", "category", *FIGURE_STATE_FIELDS)
    return {tuple(row[:4]): tuple(row[4:]) for row in figures.values_list(*fields)}


def stored(number):
    """The number as the database will hold it: at most six decimal places. (Decimals compare
    by value, so 77.000000 from the database equals 77 from a file.)"""
    return None if number is None else number.quantize(SIX_PLACES)


SIX_PLACES = Decimal("0.000001")


def value_status_conflicts(records):
    return [
        Problem(
            "value_with_unavailable_status",
            r.sheet,
            r.cell,
            str(r.value),
            f"Sheet '{r.sheet}', {r.cell}: the status says unavailable but a value ({r.value}) "
            "is given. Remove the value or change the status.",
            r.row,
        )
        for r in records
        if r.status == Status.UNAVAILABLE and r.value is not None
    ]


def too_large(records):
    """Figures as large as LARGEST_FIGURE cannot be kept (and are never real counts of children)."""
    problems = []
    for r in records:
        for name, number in (("value", r.value), ("numerator", r.numerator),
                             ("denominator", r.denominator)):  # fmt: skip
            if number is not None and abs(number) >= LARGEST_FIGURE:
                problems.append(Problem(
                    "out_of_range", r.sheet, r.cell, str(number),
                    f"Sheet '{r.sheet}', {r.cell}: the {name} {number} is too large to be a "
                    "figure; check the cell.", r.row,
                ))  # fmt: skip
    return problems


def shortened_reasons(records, sheets):
    """A reason longer than the figure's status reason can hold is cut short where it is shown;
    the analyst should know before committing, and where to shorten it."""
    return [
        reason_warning(r, sheets[r.sheet].cell("commentary", r.row) or r.cell)
        for r in records
        if r.status in REASON_STATUSES and len(r.commentary) > REASON_LENGTH
    ]


def reason_warning(record, cell):
    return Problem(
        REASON_SHORTENED, record.sheet, cell, shown(record.commentary),
        f"Sheet '{record.sheet}', {cell}: the reason given for {record.code} "
        f"{record.month:%B %Y}{category_label(record.key)} ({record.status}) has "
        f"{len(record.commentary):,} characters; it will be shown shortened to its first "
        f"{REASON_LENGTH} characters, and the full text is kept as the figure's commentary.",
        record.row,
    )  # fmt: skip


def database_warnings(changes, sheets):
    indicators = Indicator.objects.in_bulk({c.key[0] for c in changes})
    threshold_sets = Threshold.objects.filter(indicator_id__in=indicators).rules_by_indicator()
    return (
        revision_warnings(changes, indicators, threshold_sets)
        + threshold_warnings(changes, indicators, threshold_sets)
        + presented_warnings(changes)
        + category_spelling_warnings(changes, indicators, sheets)
    )


def presented_warnings(changes):
    """Changing a month whose scorecard a meeting has already seen: the minutes quote the old
    figures. Meetings are another app, looked up by name so this app never imports it."""
    if not apps.is_installed("meetings"):
        return []
    # A figure added counts too: the panel saw the month without it.
    changed_months = {c.key[1] for c in changes if not c.is_unchanged}
    agenda_item = apps.get_model("meetings", "AgendaItem")
    presented = agenda_item.objects.filter(
        scorecard_month__in=changed_months, meeting__starts_at__lte=timezone.now()
    ).select_related("meeting__committee")
    return [
        Problem(
            "presented_month_changed",
            "",
            "",
            f"{item.scorecard_month:%B %Y}",
            f"{item.scorecard_month:%B %Y} was presented to {item.meeting}: this file changes "
            "or adds figures for a month the panel has already seen.",
        )
        for item in presented.order_by("scorecard_month", "meeting__starts_at")
    ]


def revision_warnings(changes, indicators, threshold_sets):
    """A figure changed by more than its shown places, or enough to change its rating (then
    shown to the places that tell old from new: 94.96% → 95.04% turns Amber to Green)."""
    warnings = []
    for change in changes:
        if change.is_new or change.before[0] is None:
            continue
        indicator = indicators[change.key[0]]
        if change.after[0] is None:
            warnings.append(figure_removed_warning(change, indicator))
            continue
        old, new = change.before[0], change.after[0]
        if old == new:  # a new status alone is not a revised figure
            continue
        ratings = revised_ratings(change, indicator, threshold_sets.get(indicator.id, []))
        if indicator.format(old) == indicator.format(new) and not ratings:
            continue
        places = rules.places_to_tell_apart(old, new, indicator.precision)
        old, new = (format_value(v, indicator.unit, places) for v in (old, new))
        rerated = f" ({ratings[0]} → {ratings[1]})" if ratings else ""
        warnings.append(
            Problem(
                "revision",
                change.sheet,
                change.cell,
                f"{old} → {new}{rerated}",
                f"{place(change)}{indicator.code} {change.key[1]:%B %Y}"
                f"{category_label(change.key)}: the figure held is {old}; this file changes it "
                f"to {new}"
                + (f", which turns it from {ratings[0]} to {ratings[1]}." if ratings else "."),
            )
        )
    return warnings


def figure_removed_warning(change, indicator):
    """A figure held that the file gives as blank or 'n/a': the scorecard would lose it."""
    old = indicator.format(change.before[0])
    status = change.after[3]
    why = f" ({status})" if status != Status.OK else ""
    return Problem(
        "revision", change.sheet, change.cell, f"{old} → no figure",
        f"{place(change)}{indicator.code} {change.key[1]:%B %Y}{category_label(change.key)}: "
        f"the figure held is {old}; this file leaves no figure{why} in its place.",
    )  # fmt: skip


def place(change):
    """Where the file gives a figure, to begin a warning: "Sheet 'Data', C3: "."""
    return f"Sheet '{change.sheet}', {change.cell}: " if change.cell else ""


def revised_ratings(change, indicator, threshold_sets):
    """The headline figure's rating before and after, if the change alters it; else None."""
    if change.key[2]:  # breakdown figures are not rated
        return None
    in_force = indicator.thresholds_for(threshold_sets, change.key[1])
    before, after = (
        rules.rate(state[0], indicator.polarity, in_force, state[3]).rating
        for state in (change.before, change.after)
    )
    return None if before == after else (before.label, after.label)


def category_label(key):
    return f" ({key[2]}: {key[3]})" if key[2] else ""


def threshold_warnings(changes, indicators, sets):
    missing = {}
    for change in changes:
        indicator = indicators[change.key[0]]
        month = change.key[1]
        if indicator.is_rated and not rules.thresholds_in_force(sets.get(indicator.id, []), month):
            missing.setdefault(indicator.code, set()).add(month)
    return [
        Problem(
            "no_thresholds",
            "",
            "",
            code,
            f"{code} has no RAG thresholds in force for {describe_months(months)}, so those "
            "figures will show no rating.",
        )
        for code, months in sorted(missing.items())
    ]


def category_spelling_warnings(changes, indicators, sheets):
    """A category spelt 'lancaster' where 'Lancaster' is held, or is spelt so elsewhere in the
    file, would be kept as a second locality: one warning for each new spelling, naming the
    indicators that use it. The usual spelling is the one held most, else the file's first."""
    first_use = {}  # (breakdown, category) -> (the first change with it, its indicator codes)
    for change in changes:
        indicator_id, _month, breakdown, category = change.key
        if breakdown:
            codes = first_use.setdefault((breakdown, category), (change, []))[1]
            code = indicators[indicator_id].code
            if code not in codes:
                codes.append(code)
    held = (
        Figure.objects.filter(breakdown__in={breakdown for breakdown, _ in first_use})
        .values_list("breakdown", "category")
        .annotate(figures=Count("id"))
        .order_by("-figures", "category")
    )
    usual, held_spellings = {}, set()
    for breakdown, category, _figures in held:
        usual.setdefault((breakdown, folded(category)), category)
        held_spellings.add((breakdown, category))
    for breakdown, category in first_use:
        usual.setdefault((breakdown, folded(category)), category)
    return [
        spelling_warning(breakdown, category, usual[(breakdown, folded(category))], *first, sheets)
        for (breakdown, category), first in first_use.items()
        if (breakdown, category) not in held_spellings
        and category != usual[(breakdown, folded(category))]
    ]


def spelling_warning(breakdown, category, usual, change, codes, sheets):
    differs = spelling_differences(category, usual)
    used_by = ", ".join(codes[:5]) + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")
    cell = sheets[change.sheet].cell("category", change.row) or change.cell
    return Problem(
        CATEGORY_SPELLING, change.sheet, cell, category,
        f"Sheet '{change.sheet}', {cell}: {breakdown} '{shown(category)}' ({used_by}) "
        f"differs only in {differs} from '{shown(usual)}'; as it is, it will be kept as a "
        f"separate {breakdown}. Write it the same way if they are the same.",
    )  # fmt: skip


def folded(category):
    """A category as compared for spelling: capitals, spaces and hyphens between letters
    ignored, so 'Eastfield', 'East field' and 'North-East', 'north east' fold alike."""
    return unspaced(category).casefold()


def unspaced(category):
    return "".join(LETTER_HYPHEN.sub(" ", category).split())


def spelling_differences(category, usual):
    """What tells apart two spellings that fold alike, in words."""
    if category.casefold() == usual.casefold():
        return "capitals"
    spacing = spacing_differences(category, usual)
    return f"capitals and {spacing}" if unspaced(category) != unspaced(usual) else spacing


def spacing_differences(category, usual):
    if len({LETTER_HYPHEN.sub("", text).casefold() for text in (category, usual)}) == 1:
        return "hyphens"
    if len(LETTER_HYPHEN.findall(category)) != len(LETTER_HYPHEN.findall(usual)):
        return "spaces or hyphens"
    return "spaces"


# Writing -----------------------------------------------------------------------------------


def latest_revision_id():
    return FigureRevision.objects.order_by("-id").values_list("id", flat=True).first() or 0


def apply_changes(upload, changes):
    """Write the changes, record a revision for each one that differs, and count them."""
    real = [c for c in changes if not c.is_unchanged]
    percentages = set(Indicator.objects.filter(unit="percent").values_list("id", flat=True))
    upsert_figures([(*c.key, *c.after, c.key[0] in percentages) for c in real if c.after])
    delete_figures([c.key for c in real if c.after is None])
    upload.created_count = sum(c.is_new for c in changes)
    upload.unchanged_count = sum(c.is_unchanged for c in changes)
    upload.changed_count = len(changes) - upload.created_count - upload.unchanged_count
    upload.state = Upload.State.COMMITTED
    upload.committed_at = timezone.now()
    upload.planned = []
    upload.save()
    insert_revisions([revision_row(upload.pk, c) for c in real])


NO_STATE = (None, None, None, "", "", "")


def revision_row(upload_id, change):
    """A FigureRevision row: the figure's state before and after (blank text, not NULL)."""
    before = change.before or NO_STATE
    after = change.after or NO_STATE
    return (
        upload_id, *change.key, change.before is not None, *before, change.after is not None,
        *after,
    )  # fmt: skip


# Workflows ---------------------------------------------------------------------------------


def save_preview(preview, data, filename, user):
    """Keep a previewed upload, with its file and the exact figures the analyst saw."""
    upload = Upload(
        created_by=user,
        file_name=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        summary=summary_of(preview),
        error_count=len(preview.errors),
        planned=[planned_row(r) for r in preview.extract.records] if preview.ok else [],
        revision_watermark=latest_revision_id(),
        created_count=len(preview.created),
        changed_count=len(preview.changed),
        unchanged_count=len(preview.unchanged),
    )
    upload.file.save(safe_file_name(filename), ContentFile(data), save=False)
    upload.save()
    return upload


@transaction.atomic
def commit_upload(upload, user=None):
    """Commit a previewed upload exactly as previewed, unless figures changed since the preview."""
    upload = locked(upload, "Nothing was committed.")
    if upload.is_committed:
        raise UploadRefused("This upload has already been committed.")
    records = [record_from(row) for row in upload.planned]
    if not records:
        raise UploadRefused("This upload has errors, so there is nothing to commit.")
    ids = dict(Indicator.objects.values_list("code", "id"))
    refuse_if_uncatalogued(records, ids)
    Indicator.objects.filter(id__in={ids[r.code] for r in records}).lock()
    refuse_if_stale(upload, records, ids)
    apply_changes(upload, plan_changes(records))
    return upload


def locked(upload, nothing_done):
    """The upload, locked until the transaction ends; refused if it was discarded meanwhile."""
    found = Upload.objects.select_for_update().filter(pk=upload.pk).first()
    if found is None:
        raise discarded(nothing_done)
    return found


def discarded(nothing_done):
    """The refusal for an upload that no longer exists: a preview discarded, perhaps in another
    tab while this one still showed it. `nothing_done` says what did not happen."""
    return UploadRefused(
        f"That preview no longer exists: it was discarded, perhaps in another tab. {nothing_done}"
    )


def named(upload):
    """An upload as named mid-sentence: "upload 8 (dec.xlsx, Sam Lee)"."""
    name = upload.file_name or upload.get_kind_display()
    return f"upload {upload.pk} ({name}, {upload.uploader})"


def day_and_time(moment):
    """ "6 December 2026 at 14:05", in local time: no leading zero on the day."""
    moment = timezone.localtime(moment)
    return f"{date_format(moment, 'j F Y')} at {moment:%H:%M}"


def refuse_if_uncatalogued(records, ids):
    """An indicator's code changed or removed in the catalogue since the preview was made."""
    gone = sorted({r.code for r in records} - ids.keys())
    if gone:
        codes = ", ".join(gone)
        raise UploadRefused(
            f"{codes} {'is' if len(gone) == 1 else 'are'} no longer in the indicator catalogue "
            "(changed or removed after this preview was made), so nothing was committed. Upload "
            "the file again to see a fresh preview."
        )


def refuse_if_stale(upload, records, ids):
    """Refuse when a later upload changed any of the figures this preview would write: the
    same indicator, month, breakdown and category, not just the same indicator and month."""
    keys = {(ids[r.code], r.month, r.breakdown, r.category) for r in records}
    newer = FigureRevision.objects.filter(
        id__gt=upload.revision_watermark,
        indicator_id__in={key[0] for key in keys},
        month__in={key[1] for key in keys},
    ).select_related("upload")
    later = next((r for r in newer.order_by("id").iterator() if r.key in keys), None)
    if later:
        raise UploadRefused(
            f"Figures in this file were changed by {named(later.upload)}, committed "
            f"{day_and_time(later.upload.committed_at)}, after this preview was made. Upload the "
            "file again to see a fresh preview before committing."
        )


def import_extract(data, filename, user=None, user_name="", today=None, progress=None):
    """The command line's import: the file read and checked first, then compared with the
    figures held and written in one transaction, or nothing. Reading comes before the
    transaction, so a long file keeps no one waiting (SQLite has one writer at a time)."""
    preview = read_preview(data, filename, today, progress)
    if not preview.ok:
        return preview, None
    return write_extract(preview, data, filename, user, user_name)


@transaction.atomic
def write_extract(preview, data, filename, user, user_name):
    codes = {r.code for r in preview.extract.records}
    Indicator.objects.filter(code__in=codes).lock()
    compare_with_held(preview)  # only now, so no one else can change what is compared
    if not preview.ok:
        return preview, None
    upload = Upload(
        created_by=user,
        created_by_name=user_name,
        file_name=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        summary=summary_of(preview),
    )
    upload.file.save(safe_file_name(filename), ContentFile(data), save=False)
    apply_changes(upload, preview.changes)
    return preview, upload


@transaction.atomic
def revert_upload(upload, user=None, user_name=""):
    """Put back every figure the upload touched exactly as it was, recorded as an upload itself."""
    upload = locked(upload, "Nothing was reverted.")
    refuse_revert_unless_possible(upload)
    revisions = list(upload.revisions.all())
    Indicator.objects.filter(id__in={r.indicator_id for r in revisions}).lock()
    refuse_if_overwritten(upload, revisions)
    revert = Upload(
        kind=Upload.Kind.REVERT,
        reverts=upload,
        created_by=user,
        created_by_name=user_name,
        file_name=f"Revert of upload {upload.pk}",
    )
    apply_changes(revert, [Change(r.key, r.state_after(), r.state_before()) for r in revisions])
    upload.state = Upload.State.REVERTED
    upload.save(update_fields=["state"])
    return revert


def refuse_revert_unless_possible(upload):
    if upload.state == Upload.State.PREVIEWED:
        raise UploadRefused("This upload was never committed, so there is nothing to revert.")
    if upload.state == Upload.State.REVERTED:
        raise UploadRefused("This upload has already been reverted.")
    if upload.kind == Upload.Kind.REVERT:
        raise UploadRefused("A revert cannot itself be reverted; upload the figures again instead.")


def refuse_if_overwritten(upload, revisions):
    """Refuse when a later upload changed the same figures: reverting would undo its work too.
    A later upload that has been reverted left them as it found them, so it and its revert do
    not count."""
    later = (
        FigureRevision.objects.filter(id__gt=max((r.id for r in revisions), default=0))
        .filter(indicator_id__in={r.indicator_id for r in revisions})
        .exclude(upload=upload)
        .exclude(upload__state=Upload.State.REVERTED)
        .exclude(upload__kind=Upload.Kind.REVERT)
        .select_related("upload")
    )
    keys = {r.key for r in revisions}
    overwriting = sorted({r.upload for r in later if r.key in keys}, key=lambda u: u.pk)
    if overwriting:
        names = ", ".join(named(u) for u in overwriting)
        raise UploadRefused(
            f"Later uploads changed some of the same figures: {names}. Revert those first, "
            "newest first, so that no one's figures are lost."
        )


@transaction.atomic
def discard_preview(upload):
    """Delete a preview that was never committed, and its stored file. Locked as a commit
    locks it, so a preview is either committed or discarded, never both."""
    upload = Upload.objects.select_for_update().filter(pk=upload.pk).first()
    if upload is None:
        return  # discarded a moment ago in another tab: the end is the same
    refuse_discard_unless_preview(upload)
    storage, name = upload.file.storage, upload.file.name
    upload.delete()
    if name:  # only once the row is surely gone, so a failed delete keeps the file it names
        transaction.on_commit(lambda: storage.delete(name))


def refuse_discard_unless_preview(upload):
    if upload.kind == Upload.Kind.REVERT:
        raise UploadRefused(
            "A revert cannot be discarded: it is the record of figures put back as they were."
        )
    if upload.state == Upload.State.REVERTED:
        raise UploadRefused(
            "This upload was committed and later reverted, so it cannot be discarded: it stays "
            "in the history of the figures it changed."
        )
    if upload.is_committed:
        raise UploadRefused(
            "This upload has been committed, so it cannot be discarded. To take its figures "
            "out again, revert it."
        )


# Serialising a preview -----------------------------------------------------------------------


def planned_row(record):
    return [
        record.sheet, record.row, record.cell, record.code, record.month.isoformat(),
        record.breakdown, record.category, decimal_text(record.value),
        decimal_text(record.numerator), decimal_text(record.denominator), record.status,
        record.commentary,
    ]  # fmt: skip


def record_from(row):
    sheet, line, cell, code, month, breakdown, category, value, num, den, status, note = row
    return Record(
        sheet, line, cell, code, date.fromisoformat(month), breakdown, category,
        decimal_or_none(value), decimal_or_none(num), decimal_or_none(den), status, note,
    )  # fmt: skip


def decimal_text(value):
    return None if value is None else str(value)


def decimal_or_none(text):
    return None if text is None else Decimal(text)


def summary_of(preview):
    extract = preview.extract
    return {
        "file_kind": extract.file_kind,
        "months": [m.isoformat() for m in extract.months],
        "sheets": [
            {
                "name": s.name,
                "layout": s.layout,
                "header_row": s.header_row,
                "hidden": s.hidden,
                "figures": s.figures,
                "ignored_columns": list(s.ignored_columns),
            }
            for s in extract.sheets
        ],
        "warnings": [problem_dict(p) for p in preview.warnings],
        "changed": changed_rows((preview.changed + preview.created)[:MAX_CHANGED_SHOWN]),
        "errors": [problem_dict(p) for p in preview.errors],
    }


MAX_CHANGED_SHOWN = 1000


def changed_rows(changes):
    indicators = Indicator.objects.in_bulk({c.key[0] for c in changes})
    return [changed_row(c, indicators[c.key[0]]) for c in changes]


def changed_row(change, indicator):
    """Held now and in the file, to the places that tell them apart (95.0% and 95.0% would
    not say what changed)."""
    old, new = (state[0] if state else None for state in (change.before, change.after))
    places = rules.places_to_tell_apart(old, new, indicator.precision)
    return {
        "code": indicator.code,
        "month": f"{change.key[1]:%b %Y}",
        "breakdown": change.key[2],
        "category": change.key[3],
        "before": describe(indicator, change.before, places),
        "after": describe(indicator, change.after, places),
        "where": f"{change.sheet} {change.cell}".strip(),
    }


def problem_dict(problem):
    return {
        "kind": problem.kind,
        "sheet": problem.sheet,
        "cell": problem.cell_or_row,
        "value": problem.value,
        "message": problem.message,
    }


def safe_file_name(filename):
    """Letters, digits, '.', '_' and '-' only, and short: the storage keeps the folder, the name
    and the 8 characters it may add to make it unique within the field's 100, and refuses a
    name whose extension alone leaves no room ("x." and 98 letters, say)."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in filename)
    stem, extension = os.path.splitext(cleaned)
    return (stem[-60:] + extension[:10]) or "extract"


def describe(indicator, state, places):
    """A figure's state in words, to `places` decimal places, for the preview's table."""
    if state is None:
        return "No figure held"
    value, numerator, denominator, status, reason, _note = state
    text = format_value_with_count(value, indicator.unit, places, numerator, denominator)
    return f"{text} ({status}: {reason})" if reason else text
