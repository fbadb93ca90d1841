"""What clerks and officers do with minutes and actions. Status changes happen only here."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from indicators.models import Indicator

from .minutes import (
    Found,
    find_actions,
    find_resolutions,
    line_key,
    pair_edited,
    word_changes,
)
from .models import Action, ActionUpdate, AgendaItem, Committee, Resolution

SENT_TWICE_WITHIN = timedelta(minutes=10)


class ActionRefused(Exception):
    """A change to an action that cannot be made; the message says why."""


@dataclass(frozen=True)
class Correction:
    """A line of the minutes that reads as the line of a confirmed action, edited since."""

    found: Found
    action: Action

    @property
    def wordings(self):
        return word_changes(self.action.source_text, self.found.text)


@dataclass(frozen=True)
class ResolutionCorrection:
    """A RESOLVED line that reads as the line of a confirmed resolution, edited since."""

    found: Found
    resolution: Resolution

    @property
    def wordings(self):
        return word_changes(self.resolution.source_text, self.found.text)


@dataclass(frozen=True)
class Proposals:
    """Draft actions and resolutions found in an agenda item's minutes, not yet confirmed, the
    lines of confirmed actions and resolutions changed since, and those whose line has gone."""

    actions: list
    resolutions: list
    corrections: list
    lines_gone: list
    resolution_corrections: list
    resolutions_gone: list


def record_minutes(item: AgendaItem, text):
    item.minutes = text
    item.save(update_fields=["minutes"])
    return propose_from_minutes(item)


def propose_from_minutes(item: AgendaItem):
    """Drafts from the minutes, less those already confirmed for this item; a draft that reads as
    a confirmed action's or resolution's line edited is offered as a correction to it, not as a
    new one. Resolutions' lines are compared as `line_key` reads them: a part of a numbered
    resolution changes its punctuation when the clerk adds a part, and must not then look new or
    edited."""
    codes = set(Indicator.objects.values_list("code", flat=True))
    actions, edited_actions, lines_gone = against_confirmed(
        find_actions(item.minutes, codes), list(item.actions.order_by("pk")), str, codes
    )
    resolutions, edited_resolutions, resolutions_gone = against_confirmed(
        find_resolutions(item.minutes), list(item.resolutions.order_by("order")), line_key, codes
    )
    return Proposals(
        actions=actions,
        resolutions=resolutions,
        corrections=[Correction(*pair) for pair in edited_actions],
        lines_gone=lines_gone,
        resolution_corrections=[ResolutionCorrection(*pair) for pair in edited_resolutions],
        resolutions_gone=resolutions_gone,
    )


def against_confirmed(found, confirmed, read_as, codes):
    """(drafts, edited, gone): the lines found that no confirmed action or resolution came from,
    each read as `read_as` reads it; (line, confirmed) for those that read as a confirmed one's
    line edited; and the confirmed ones whose line has gone and was not edited."""
    found = once_each(found, read_as)
    confirmed_lines = {read_as(c.source_text) for c in confirmed}
    lines = {read_as(f.text) for f in found}
    drafts = [f for f in found if read_as(f.text) not in confirmed_lines]
    # Only one whose own line has gone from the minutes can have had that line edited.
    gone = [c for c in confirmed if c.source_text and read_as(c.source_text) not in lines]
    pairs = pair_edited([d.text for d in drafts], [c.source_text for c in gone], codes)
    return (
        [d for i, d in enumerate(drafts) if i not in pairs],
        [(drafts[i], gone[j]) for i, j in sorted(pairs.items())],
        [c for j, c in enumerate(gone) if j not in pairs.values()],
    )


def once_each(found, read_as):
    """The first of the lines that read alike: a line written twice is confirmed once, so
    offering it twice would leave one draft silently unconfirmed."""
    first = {}
    for line in found:
        first.setdefault(read_as(line.text), line)
    return list(first.values())


@transaction.atomic
def confirm_action(item, description, source_text, codes, owner=None, owner_name="",
                   due_date=None, due_at_next_meeting=False):  # fmt: skip
    committee = Committee.objects.select_for_update().get(pk=item.meeting.committee_id)
    action = Action.objects.create(
        committee=committee,
        reference=next_reference(committee, item.meeting.starts_at.year),
        agenda_item=item,
        description=description,
        source_text=source_text,
        owner=owner,
        owner_name=owner_name,
        due_date=None if due_at_next_meeting else due_date,
        due_at_next_meeting=due_at_next_meeting,
    )
    action.indicators.set(Indicator.objects.filter(code__in=codes))
    return action


@transaction.atomic
def reword_action(action, description, line, codes, author, **owner_and_due):
    """Take the corrected line of the minutes as the action's line, with the wording, owner and
    due date the clerk gives, and say so on its timeline. Closed actions too: it corrects the
    record, it is not news of progress."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if description != action.description:
        said = [f'Wording corrected from the minutes. It read: "{action.description}"']
    else:
        said = [f'Its line in the minutes was corrected to: "{line}"']
    if owner_and_due:
        said += _set_owner_and_due(action, **owner_and_due)
    action.description, action.source_text = description, line
    action.indicators.set(Indicator.objects.filter(code__in=codes))
    return _record(action, author, " ".join(said), action.status)


@transaction.atomic
def keep_action_as_it_is(action, line, author):
    """The clerk leaves the action as it reads. Its line in the minutes is now the corrected one
    (the action's page shows it "In the minutes"), so that line is not offered again; its
    timeline says so, since the line now differs from what the action was confirmed from."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    text = (
        "The line in the minutes was corrected; the action stands as it was. "
        f'It now reads: "{line}"'
    )
    action.source_text = line
    return _record(action, author, text, action.status)


@transaction.atomic
def reassign_action(action, author, owner, owner_name, due_date, due_at_next_meeting, reason=""):
    """A new owner or due date for an open action, said on the timeline with what it was before
    and why."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not action.is_open:
        raise ActionRefused("A closed action keeps its owner and due date. Reopen it first.")
    said = _set_owner_and_due(action, owner, owner_name, due_date, due_at_next_meeting)
    if not said:
        raise ActionRefused("Nothing was changed: those are the owner and due date it has.")
    return _record(action, author, " ".join([*said, reason]).strip(), action.status)


def _set_owner_and_due(action, owner, owner_name, due_date, due_at_next_meeting):
    """Set them, and say what changed: "Owner changed from Chair to Vice-Chair." """
    before = _owner_and_due(action)
    action.owner, action.owner_name = owner, owner_name
    action.due_date = None if due_at_next_meeting else due_date
    action.due_at_next_meeting = due_at_next_meeting
    after = _owner_and_due(action)
    said = []
    if before[0] != after[0]:
        old, new = _owner_words(before[0]), _owner_words(after[0])
        if old == new:  # two people of the same name, or a name with and without an account
            old, new = _owner_words(before[0], exactly=True), _owner_words(after[0], exactly=True)
        said.append(f"Owner changed from {old} to {new}.")
    if before[1] != after[1]:
        said.append(f"Due changed from {_due_words(*before[1])} to {_due_words(*after[1])}.")
    return said


def _owner_and_due(action):
    return (action.owner, action.owner_name), (action.due_date, action.due_at_next_meeting)


def _owner_words(owner_and_name, exactly=False):
    owner, name = owner_and_name
    words = Action(owner=owner, owner_name=name).owner_label
    if exactly:
        return f"{words} (account {owner.username})" if owner else f"{words} (no account)"
    return words


def _due_words(due_date, at_next_meeting):
    return "the next meeting" if at_next_meeting else date_format(due_date, "j F Y")


def next_reference(committee, year):
    """CPP/2024/03: the committee's code, the year, and a number counting up within the year."""
    prefix = f"{committee.code}/{year}/"
    taken = committee.actions.filter(reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    numbers = [int(ref.removeprefix(prefix)) for ref in taken if ref.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def confirm_resolution(item, text, source_text=None):
    """The resolution as worded, and the line of the minutes it came from (its wording, if the
    line is not given)."""
    order = (item.resolutions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return Resolution.objects.create(
        agenda_item=item, order=order, text=text,
        source_text=text if source_text is None else source_text,
    )  # fmt: skip


@transaction.atomic
def correct_resolution(resolution, text, line):
    """The minutes are the record: a resolution whose line was corrected there takes the wording
    the clerk gives (the audit log keeps what it replaced)."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    resolution.text, resolution.source_text = text, line
    resolution.save(update_fields=["text", "source_text"])
    return resolution


@transaction.atomic
def keep_resolution_as_it_is(resolution, line):
    """The clerk leaves the resolution as it reads; the corrected line is now its line, so it is
    not offered again."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    resolution.source_text = line
    resolution.save(update_fields=["source_text"])
    return resolution


@transaction.atomic
def add_update(action, author, text, status=None):
    """A dated note on an action, optionally moving it to open or in progress."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not action.is_open:
        raise ActionRefused("This action is closed; reopen it before adding updates.")
    if status not in (None, "", Action.Status.OPEN, Action.Status.IN_PROGRESS):
        raise ActionRefused("Use 'complete' or 'drop' to close an action.")
    if (status or action.status) == action.status and _sent_twice(action, author, text):
        raise ActionRefused("That update is on the timeline already; it was not added again.")
    return _record(action, author, text, status or action.status)


def _sent_twice(action, author, text):
    """The same words from the same person moments ago: a double click, or the page sent again.
    The same words a month later ("No change.") are news, and are added."""
    latest = action.updates.order_by("-written_at", "-id").first()
    return (
        latest is not None
        and (latest.author_id, latest.text) == (author.pk, text)
        and timezone.now() - latest.written_at < SENT_TWICE_WITHIN
    )


@transaction.atomic
def complete_action(action, user, note):
    """Close an action as done; a completion note is required."""
    if not note.strip():
        raise ActionRefused("Say what was done: a completion note is required.")
    return _close(action, user, Action.Status.COMPLETED, note.strip())


@transaction.atomic
def drop_action(action, user, reason):
    if not reason.strip():
        raise ActionRefused("Say why the action is being dropped.")
    return _close(action, user, Action.Status.DROPPED, reason.strip())


@transaction.atomic
def reopen_action(action, user, reason):
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.is_open:
        raise ActionRefused("This action is already open.")
    action.closed_at = action.closed_by = None
    action.completion_note = ""
    return _record(action, user, reason or "Reopened.", Action.Status.OPEN)


def _close(action, user, status, note):
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not action.is_open:
        raise ActionRefused("This action is already closed.")
    # Why it was dropped is read with it, as what was done is: the panel is told both.
    action.closed_at, action.closed_by, action.completion_note = timezone.now(), user, note
    return _record(action, user, note, status)


def _record(action, author, text, status):
    update = ActionUpdate.objects.create(
        action=action,
        author=author,
        text=text,
        status_from=action.status if status != action.status else "",
        status_to=status if status != action.status else "",
    )
    action.status = status
    action.save()
    return update
