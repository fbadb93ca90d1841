"""Presentation objects for meeting pages and the action log."""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property

from indicators.models import Indicator

from .models import OPEN_STATUSES, Action, Meeting
from .rendering import render_minutes


class MeetingPage:
    """A meeting with its agenda, minutes, resolutions, actions raised and matters arising."""

    def __init__(self, meeting: Meeting):
        self.meeting = meeting
        self.today = timezone.localdate()
        # Overdue as it was at a meeting held, and as it is now before one: not yet overdue is
        # not overdue, whatever the action log says after.
        self.overdue_on = min(meeting.date, self.today)
        self.previous = meeting.previous()
        self.items = list(
            meeting.items.prefetch_related(
                "resolutions",
                Prefetch("actions", queryset=actions_listed().order_by("reference")),
            )
        )
        for item in self.items:
            item.minutes_html = render_minutes(item.minutes, f"the minutes of item {item.order}")
            for action in item.actions.all():
                action.overdue_then = action.is_overdue(self.today)

    @property
    def scorecard_month(self):
        return next((i.scorecard_month for i in self.items if i.scorecard_month), None)

    @cached_property
    def arising_open(self):
        """Actions raised at earlier meetings of this committee and open when this one began:
        those open now and those closed since, so a meeting's record keeps every action it had
        before it, however long ago it was held. Those closed since say when."""
        began = self.meeting.starts_at
        actions = list(
            actions_listed()
            .filter(committee=self.meeting.committee_id)
            .filter(agenda_item__meeting__starts_at__lt=began)
            .filter(Q(status__in=OPEN_STATUSES) | Q(closed_at__gt=began))
            .order_by("due", "reference")
        )
        for action in actions:
            action.closed_after_meeting = not action.is_open
            action.overdue_then = action.was_overdue_at(began, self.overdue_on)
        return actions

    @cached_property
    def arising_closed(self):
        """Actions closed between the previous meeting and this one: reported here once, then
        history. One closed after this meeting began belongs to the next meeting, even before
        that meeting is held."""
        closed = actions_listed().closed().filter(committee=self.meeting.committee_id)
        closed = closed.filter(closed_at__lte=self.meeting.starts_at)
        if self.previous:
            closed = closed.filter(closed_at__gt=self.previous.starts_at)
        closed = list(closed.order_by("closed_at"))
        for action in closed:
            action.overdue_then = action.was_overdue_at(self.meeting.starts_at, self.overdue_on)
        return closed


def actions_listed():
    return (
        Action.objects.with_due()
        .select_related("owner", "committee", "agenda_item__meeting")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.only("id", "code")))
    )


def filter_actions(form, user, today):
    """The action log's filters: open, overdue, due by next meeting, closed since last, mine…"""
    actions = actions_listed()
    data = form.filters()
    show = data.get("show") or "open"
    if data.get("committee"):
        actions = actions.filter(committee=data["committee"])
    if data.get("mine"):
        actions = actions.owned_by(user)
    if data.get("owner"):
        actions = actions.filter(owner_id=data["owner"])
    if data.get("owner_name"):
        actions = actions.owned_by_name(data["owner_name"])
    return shown(actions, show, today).order_by("due", "reference")


def shown(actions, show, today):
    if show == "open":
        return actions.open()
    if show == "overdue":
        return actions.open().filter(due__lt=today)
    # Each action is measured against its own committee's meetings, filtered or not.
    if show == "due_next":
        return actions.due_by_next_meeting(timezone.now())
    if show == "closed_since_last":
        return actions.closed_since_last_meeting(timezone.now())
    return actions


def open_action_counts(indicator_ids):
    """Indicator id -> number of open actions linked to it, in one query."""
    links = Action.indicators.through.objects.filter(
        indicator_id__in=indicator_ids, action__status__in=("open", "in_progress")
    ).values_list("indicator_id", flat=True)
    counts = {}
    for indicator_id in links:
        counts[indicator_id] = counts.get(indicator_id, 0) + 1
    return counts


def actions_for_indicator(indicator, limit=10, today=None):
    """Open actions about the indicator, then those closed most recently."""
    today = today or timezone.localdate()
    about = actions_listed().filter(indicators=indicator)
    actions = list(about.open().order_by("due")) + list(
        about.closed().order_by("-closed_at")[:limit]
    )
    for action in actions:
        action.overdue_then = action.is_overdue(today)
    return actions
