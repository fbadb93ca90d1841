from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=10, unique=True, help_text="Starts each action reference, e.g. CPP/2024/03."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z][A-Z0-9]*$"), name="committee_code_upper_alnum"
            )
        ]

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        MINUTES_APPROVED = "approved", "Minutes approved"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    venue = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "starts_at"], name="one_meeting_per_committee_time"
            )
        ]

    def __str__(self):
        return f"{self.committee}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def minutes_approved(self):
        return self.status == self.Status.MINUTES_APPROVED

    def previous(self):
        return (
            Meeting.objects.filter(committee=self.committee_id, starts_at__lt=self.starts_at)
            .order_by("-starts_at")
            .first()
        )

    def following(self):
        return (
            Meeting.objects.filter(committee=self.committee_id, starts_at__gt=self.starts_at)
            .order_by("starts_at")
            .first()
        )

    @property
    def scorecard_month(self):
        return next((i.scorecard_month for i in self.items.all() if i.scorecard_month), None)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    scorecard_month = models.DateField(
        null=True, blank=True, help_text="The month of the scorecard presented under this item."
    )
    minutes = models.TextField(blank=True, help_text="Markdown. Lines starting ACTION or RESOLVED.")

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="one_item_per_position"),
            models.CheckConstraint(
                condition=Q(scorecard_month__isnull=True) | Q(scorecard_month__day=1),
                name="agenda_scorecard_month_first_day",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.order}"


class Resolution(models.Model):
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="resolutions"
    )
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    source_text = models.TextField(blank=True, help_text="The line of the minutes it came from.")

    class Meta:
        ordering = ["agenda_item", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "order"], name="one_resolution_per_position"
            )
        ]

    def __str__(self):
        return self.text[:80]


OPEN_STATUSES = ("open", "in_progress")
CLOSED_STATUSES = ("completed", "dropped")


class ActionQuerySet(models.QuerySet):
    def with_due(self):
        """Annotate `due`: the due date, or the date of the meeting after the one that raised it."""
        next_meeting = Meeting.objects.filter(
            committee=OuterRef("committee"),
            starts_at__gt=OuterRef("agenda_item__meeting__starts_at"),
        ).order_by("starts_at")
        return self.annotate(
            next_meeting_at=Subquery(next_meeting.values("starts_at")[:1]),
            due=Case(
                When(due_at_next_meeting=True, then=TruncDate("next_meeting_at")),
                default=F("due_date"),
            ),
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def overdue(self, today):
        return self.open().with_due().filter(due__lt=today)

    def due_by(self, day):
        return self.open().with_due().filter(due__lte=day)

    def closed_between(self, after, until):
        return self.closed().filter(closed_at__gt=after, closed_at__lte=until)

    def due_by_next_meeting(self, now):
        """Open actions due on or before the next meeting of their own committee."""
        upcoming = Meeting.objects.filter(committee=OuterRef("committee"), starts_at__gte=now)
        first = upcoming.order_by("starts_at").values("starts_at")[:1]
        return (
            self.open()
            .with_due()
            .annotate(next_meeting_on=TruncDate(Subquery(first)))
            .filter(due__lte=F("next_meeting_on"))
        )

    def closed_since_last_meeting(self, now):
        """Closed since their own committee last met (all closed ones if it never has)."""
        held = Meeting.objects.filter(committee=OuterRef("committee"), starts_at__lt=now)
        last = held.order_by("-starts_at").values("starts_at")[:1]
        return (
            self.closed()
            .annotate(last_meeting_at=Subquery(last))
            .filter(Q(last_meeting_at__isnull=True) | Q(closed_at__gt=F("last_meeting_at")))
        )

    def owned_by(self, user):
        return self.filter(owner=user)

    def owned_by_name(self, name):
        """Actions whose owner has no account and is given as `name` ("Head of Fostering")."""
        return self.filter(owner=None, owner_name=name)


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        DROPPED = "dropped", "Dropped"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=30)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="A name or role, for owners without an account."
    )
    due_date = models.DateField(null=True, blank=True)
    due_at_next_meeting = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="actions")
    source_text = models.TextField(blank=True, help_text="The line of the minutes it came from.")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completion_note = models.TextField(blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-created_at", "-id"]
        permissions = [("update_any_action", "Can update and close any action")]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "reference"], name="action_reference_unique_per_committee"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""), name="action_has_an_owner"
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=False, due_at_next_meeting=False)
                | Q(due_date__isnull=True, due_at_next_meeting=True),
                name="action_due_date_or_next_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(completion_note=""),
                name="action_completed_has_note",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES, closed_at__isnull=True)
                | Q(status__in=CLOSED_STATUSES, closed_at__isnull=False),
                name="action_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.description[:60]}"

    def get_absolute_url(self):
        return reverse("meetings:action", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def owner_label(self):
        if self.owner:
            name = self.owner.get_full_name() or self.owner.username
            return f"{name} ({self.owner_name})" if self.owner_name else name
        return self.owner_name

    def due_label(self):
        if not self.due_at_next_meeting:
            return f"{self.due_date:%-d %b %Y}"
        due = getattr(self, "due", None)
        return f"Next meeting ({due:%-d %b %Y})" if due else "Next meeting (not yet scheduled)"

    def is_overdue(self, today):
        return self.is_open and self.is_due_before(today)

    def was_overdue_at(self, moment, day):
        """Overdue as it was at `moment` (a meeting's start), judged on `day`: open then, whether
        or not it has been closed since, and due before that day."""
        return self.was_open_at(moment) and self.is_due_before(day)

    def was_open_at(self, moment):
        return self.is_open or self.closed_at > moment

    def is_due_before(self, day):
        """Due before the day: by its due date, or by the next meeting's (`with_due` gives it)."""
        due = getattr(self, "due", None) if self.due_at_next_meeting else self.due_date
        return due is not None and due < day

    @property
    def confirmed_on_another_day(self):
        """Confirmed from the minutes on a day other than its meeting's (London dates both), so
        its timeline says when as well."""
        return timezone.localdate(self.created_at) != self.agenda_item.meeting.date

    @property
    def completion_note_label(self):
        """What the completion note holds: why the action was dropped, or what was done."""
        return "Why it was dropped" if self.status == self.Status.DROPPED else "Completion note"

    def can_be_updated_by(self, user):
        return user.has_perm("meetings.update_any_action") or (
            user.has_perm("meetings.add_actionupdate") and self.owner_id == user.id
        )


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    status_from = models.CharField(max_length=12, choices=Action.Status.choices, blank=True)
    status_to = models.CharField(max_length=12, choices=Action.Status.choices, blank=True)

    class Meta:
        ordering = ["action", "written_at", "id"]

    def __str__(self):
        return f"Update on {self.action.reference} at {self.written_at:%Y-%m-%d %H:%M}"

    @property
    def author_label(self):
        if self.author is None:
            return "Unknown"
        return self.author.get_full_name() or self.author.username


class ActionReminder(models.Model):
    """One reminder e-mail per action per day, so cron may run the command as often as it likes."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "sent_on"], name="one_reminder_per_day")
        ]

    def __str__(self):
        return f"Reminder for {self.action.reference} on {self.sent_on}"
