from datetime import UTC, date, datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils import timezone

from indicators.forms import KEEP_DRAFT, ParagraphsField
from indicators.models import Figure
from indicators.periods import month_label

from .models import Action, AgendaItem, Committee, Meeting

INPUT = {"class": "input"}  # the page's style for a box to type in; selects have theirs


class DateInput(forms.DateInput):
    """A date picker. Its value must be written 2027-03-28, whatever the locale's own format:
    a browser shows any other value as an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__({**INPUT, **(attrs or {})}, format="%Y-%m-%d")


EARLIEST_DUE = date(2000, 1, 1)  # a due date, or a meeting, before it is a typing slip


def within_the_panels_years(day):
    """Refuse a date before 2000 or more than ten years ahead: a slip of the keyboard."""
    today = timezone.localdate()
    if day and not EARLIEST_DUE <= day <= today.replace(year=today.year + 10, day=1):
        raise forms.ValidationError(
            f"Give a date between {EARLIEST_DUE:%B %Y} and ten years from now."
        )
    return day


class MeetingForm(forms.ModelForm):
    # When before where: the order a clerk reads the meeting's details in, and the form asks them.
    field_order = ["committee", "date", "time", "venue", "status"]

    date = forms.DateField(
        widget=DateInput,
        error_messages={"required": "Give the date of the meeting.",
                        "invalid": "Give the date of the meeting as a date, like 14/01/2027."},
    )  # fmt: skip
    time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time", **INPUT}),
        error_messages={"required": "Give the time the meeting starts.",
                        "invalid": "Give the time the meeting starts, like 14:00."},
    )  # fmt: skip

    class Meta:
        model = Meeting
        fields = ["committee", "venue", "status"]
        widgets = {"venue": forms.TextInput(attrs=INPUT)}
        error_messages = {
            "committee": {"required": "Choose the committee that meets."},
            "status": {"required": "Choose the meeting's status."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.all()
        self.fields["committee"].empty_label = "Choose a committee"
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.update({"date": local.date(), "time": local.time()})

    def clean_date(self):
        return within_the_panels_years(self.cleaned_data["date"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            # To the minute, as it is shown: 10:00:30 is the same meeting as 10:00.
            local = datetime.combine(
                cleaned["date"], cleaned["time"].replace(second=0, microsecond=0)
            )
            starts_at = timezone.make_aware(local)
            # Through UTC: a time the clocks skip comes back an hour later.
            if timezone.make_naive(starts_at.astimezone(UTC)) != local:
                raise forms.ValidationError(
                    f"There is no {local:%H:%M} on {local:%-d %B %Y}: the clocks go forward an "
                    "hour that night. Choose another time."
                )
            self.instance.starts_at = starts_at
            clash = Meeting.objects.filter(
                committee=cleaned.get("committee"), starts_at=starts_at
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError("This committee already meets at that date and time.")
        return cleaned


class AgendaItemForm(forms.ModelForm):
    scorecard_month = forms.TypedChoiceField(
        required=False, coerce=lambda text: text, label="Scorecard month", empty_value=None
    )

    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "scorecard_month"]
        labels = {"order": "Item number"}
        widgets = {
            "order": forms.NumberInput(attrs={**INPUT, "min": 1, "max": 999}),
            "title": forms.TextInput(attrs=INPUT),
            "presenter": forms.TextInput(attrs=INPUT),
        }
        error_messages = {
            "order": {"required": "Give the item's number on the agenda.",
                      "invalid": "Give the item's number on the agenda as a whole number, like 3.",
                      "min_value": "Give a number from 1 to 999.",
                      "max_value": "Give a number from 1 to 999."},
            "title": {"required": "Give the item a title."},
        }  # fmt: skip

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        months = Figure.objects.months_held()
        self.fields["scorecard_month"].choices = [("", "No scorecard")] + [
            (m.isoformat(), month_label(m)) for m in months
        ]
        if self.instance.scorecard_month:
            self.initial["scorecard_month"] = self.instance.scorecard_month.isoformat()

    def clean_order(self):
        order = self.cleaned_data["order"]
        if not 1 <= order <= 999:
            raise forms.ValidationError("Give a number from 1 to 999.")
        taken = self.meeting.items.filter(order=order).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Item {order} is already on this agenda.")
        return order


class MinutesForm(forms.Form):
    minutes = ParagraphsField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, **KEEP_DRAFT}),
        max_length=50_000,
        help_text="Start a line with ACTION: or RESOLVED: and it will be proposed as an action or "
        "resolution when you save. For a list, leave a blank line, then start each item's line "
        "with -. Put **two stars** round words for bold.",
    )


def user_choices(who_can_update=False, also=()):
    """Active users (only those who can update an action, to be given one to own), and the users
    in `also` whatever they are: an action's owner who has left stays its owner until changed."""
    users = get_user_model().objects.filter(is_active=True)
    if who_can_update:
        able = get_user_model().objects.with_perm(
            "meetings.add_actionupdate", backend="django.contrib.auth.backends.ModelBackend"
        )
        users = users.filter(pk__in=able.values("pk"))
    kept = [pk for pk in also if pk]
    listed = get_user_model().objects.filter(Q(pk__in=users.values("pk")) | Q(pk__in=kept))
    return [("", "No account: name below")] + [
        (u.pk, u.get_full_name() or u.username) for u in listed.order_by("first_name", "username")
    ]


NAMED_OWNER = "name:"  # an owner filter's value for an owner without an account


def owner_filter_choices():
    """Whoever owns an action, and nobody else: users by their names, then the names or roles
    given for owners without an account ("Head of Fostering")."""
    owners = get_user_model().objects.filter(pk__in=Action.objects.values("owner_id"))
    named = (
        Action.objects.filter(owner=None)
        .order_by("owner_name")
        .values_list("owner_name", flat=True)
        .distinct()
    )
    return [
        *(
            (str(u.pk), u.get_full_name() or u.username)
            for u in owners.order_by("first_name", "username")
        ),
        *((f"{NAMED_OWNER}{name}", name) for name in named),
    ]


class Proposal(forms.Form):
    """A draft from the minutes, kept if ticked. One left unticked is not kept, so nothing in it
    is checked: a blank or overlong draft must not stop the others being confirmed."""

    def full_clean(self):
        if not self.is_bound or self.is_kept():
            return super().full_clean()
        self._errors = ErrorDict()
        self.cleaned_data = self.left_out()

    def is_kept(self):
        return bool(self.sent("include"))

    def left_out(self):
        return {"include": False}

    def sent(self, name):
        """The field's value as sent, unchecked."""
        return self.fields[name].widget.value_from_datadict(
            self.data, self.files, self.add_prefix(name)
        )


class OwnerAndDue(forms.Form):
    """Who owns an action (a user who can update it, or a name or role) and when it is due (a
    date, or the next meeting)."""

    owner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Owner")
    owner_name = forms.CharField(
        required=False, max_length=200, label="Owner name or role",
        help_text="For an owner without an account, such as Head of Fostering; or, with an "
        "owner chosen above, their role.",
        widget=forms.TextInput(attrs=INPUT),
    )  # fmt: skip
    due = forms.ChoiceField(
        choices=[("next", "Next meeting"), ("date", "By a date")], initial="next", label="Due"
    )
    due_date = forms.DateField(
        required=False, widget=DateInput, label="Due date",
        help_text="Only when it is due by a date.",
        error_messages={"invalid": "Give the due date as a date, like 31/03/2027."},
    )  # fmt: skip

    def __init__(self, *args, owner_choices=None, **kwargs):
        """`owner_choices`: `user_choices` made once for a formset, not once for each form, with
        the owners of the actions shown, who stay choosable even if they could not be now."""
        super().__init__(*args, **kwargs)
        if owner_choices is None:
            owner_choices = user_choices(who_can_update=True)
        self.fields["owner"].choices = owner_choices

    @staticmethod
    def initial_for(action):
        return {"owner": action.owner_id, "owner_name": action.owner_name,
                "due": "next" if action.due_at_next_meeting else "date",
                "due_date": action.due_date}  # fmt: skip

    def clean_owner_name(self):
        return " ".join(self.cleaned_data["owner_name"].split())

    def clean_due_date(self):
        return within_the_panels_years(self.cleaned_data["due_date"])

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("owner_name") or "owner_name" in self.errors
        if not cleaned.get("owner") and not named:
            self.add_error("owner_name", "Choose an owner or give a name or role.")
        undated = cleaned.get("due") == "date" and not cleaned.get("due_date")
        if undated and "due_date" not in self.errors:
            self.add_error("due_date", "Give the due date, or choose 'Next meeting'.")
        return cleaned

    def owner_and_due(self):
        return owner_and_due(self.cleaned_data)


def owner_and_due(data):
    """An OwnerAndDue form's cleaned data as the workflows take it."""
    owner = data.get("owner")
    return {
        "owner": get_user_model().objects.filter(pk=owner).first() if owner else None,
        "owner_name": data["owner_name"],
        "due_date": data.get("due_date"),
        "due_at_next_meeting": data["due"] == "next",
    }


class ProposedActionForm(Proposal, OwnerAndDue):
    field_order = ["include", "description", "source_text", "codes"]

    include = forms.BooleanField(required=False, initial=True, label="Confirm this action")
    description = ParagraphsField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Write the action, or untick it to leave it out."},
    )
    source_text = forms.CharField(widget=forms.HiddenInput, required=False)
    codes = forms.CharField(widget=forms.HiddenInput, required=False)

    def linked_to(self):
        """The indicator codes found in the line, as a list in words: "CLA7, CLA8 and H2"."""
        codes = (self["codes"].value() or "").replace(",", " ").split()
        return " and ".join(filter(None, [", ".join(codes[:-1]), "".join(codes[-1:])]))


class ProposedResolutionForm(Proposal):
    include = forms.BooleanField(required=False, initial=True, label="Confirm this resolution")
    text = ParagraphsField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        error_messages={"required": "Write the resolution, or untick it to leave it out."},
    )
    source_text = forms.CharField(widget=forms.HiddenInput, required=False)


def what_to_do(choices):
    """The choice a changed line needs; nothing is chosen for the clerk."""
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        label="What to do",
        error_messages={"required": "Choose what to do with this line."},
    )


class ChangedLine(Proposal):
    """A line changed since the action or resolution it records was confirmed; `choice` says
    what the line is. Nothing is chosen for the clerk: a line taken for an edit may be new, which
    must not be lost by a default. The rest is checked only if the confirmed one is not left as
    it is."""

    confirmed = None  # the name of the hidden field holding what was confirmed

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.sent("choice") not in dict(self.fields["choice"].choices):
            # Unchosen: say only that, not what the other choices would also need.
            self._errors = ErrorDict()
            self.add_error("choice", self.fields["choice"].error_messages["required"])

    def is_kept(self):
        return self.sent("choice") != "keep"

    def left_out(self):
        pk = str(self.sent(self.confirmed) or "")
        return {
            "choice": "keep",
            self.confirmed: int(pk) if pk.isdecimal() else None,
            "source_text": self.sent("source_text") or "",
        }


class ProposedCorrectionForm(ChangedLine, ProposedActionForm):
    """A line changed since its action was confirmed. The wording, owner and due date are
    checked only for an action updated or confirmed as new."""

    confirmed = "action"

    include = None
    action = forms.IntegerField(widget=forms.HiddenInput)
    choice = what_to_do([
        ("keep", "Leave the action as it is (the line only was corrected)"),
        ("update", "Update the action to the wording, owner and due date below"),
        ("new", "Confirm it as a separate, new action with the wording, owner and due date below"),
    ])  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = (
            "Write the action, or choose to leave it as it is."
        )


class ProposedResolutionCorrectionForm(ChangedLine):
    """A RESOLVED line changed since its resolution was confirmed. The wording is checked only
    for a resolution corrected or recorded as new."""

    confirmed = "resolution"

    resolution = forms.IntegerField(widget=forms.HiddenInput)
    source_text = forms.CharField(widget=forms.HiddenInput, required=False)
    choice = what_to_do([
        ("keep", "Leave the resolution as it reads"),
        ("correct", "Correct the resolution to the new wording"),
        ("new", "Record it as a new resolution"),
    ])  # fmt: skip
    text = ParagraphsField(
        label="The wording, if you correct the resolution or record a new one",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        error_messages={"required": "Write the resolution, or choose to leave it as it reads."},
    )


ProposedActionFormSet = forms.formset_factory(ProposedActionForm, extra=0)
ProposedCorrectionFormSet = forms.formset_factory(ProposedCorrectionForm, extra=0)
ProposedResolutionFormSet = forms.formset_factory(ProposedResolutionForm, extra=0)
ProposedResolutionCorrectionFormSet = forms.formset_factory(
    ProposedResolutionCorrectionForm, extra=0
)


class ActionUpdateForm(forms.Form):
    text = ParagraphsField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 3, **KEEP_DRAFT}),
        max_length=5000,
        error_messages={"required": "Write the update before saving it."},
    )
    status = forms.ChoiceField(
        choices=[
            ("", "Keep the status"),
            (Action.Status.OPEN, "Open"),
            (Action.Status.IN_PROGRESS, "In progress"),
        ],
        required=False,
        label="Status",
    )


class ActionCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("completed", "Completed"), ("dropped", "Dropped")], label="Outcome"
    )
    note = ParagraphsField(
        label="Completion note",
        widget=forms.Textarea(attrs={"rows": 3, **KEEP_DRAFT}),
        max_length=5000,
        help_text="What was done (or why it was dropped). Panel members will read this.",
        error_messages={"required": "Write what was done, or why the action was dropped."},
    )


class ActionReopenForm(forms.Form):
    reason = ParagraphsField(
        label="Why it is reopened",
        widget=forms.Textarea(attrs={"rows": 3, **KEEP_DRAFT}),
        max_length=5000,
        help_text="For example, the panel did not accept the report. It goes on the timeline.",
        error_messages={"required": "Say why the action is reopened."},
    )


class ActionReassignForm(OwnerAndDue):
    prefix = "reassign"  # beside the other forms of the action's page, whose fields it shares

    reason = ParagraphsField(
        label="Why (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **KEEP_DRAFT}),
        max_length=5000,
        help_text="For example, agreed at the meeting of 14 November. It goes on the timeline.",
    )


class ActionFilterForm(forms.Form):
    show = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[
            ("open", "Open actions"),
            ("overdue", "Overdue"),
            ("due_next", "Due by the next meeting"),
            ("closed_since_last", "Closed since the last meeting"),
            ("all", "All actions"),
        ],
    )
    mine = forms.BooleanField(required=False, label="Only my actions")
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.all(), required=False, empty_label="All committees"
    )
    owner = forms.ChoiceField(required=False, label="Owner")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Anyone"), *owner_filter_choices()]

    def clean(self):
        """The owner chosen as a user's id (`owner`) or an account-less owner's name
        (`owner_name`)."""
        data = super().clean()
        chosen = data.pop("owner", "")
        named = chosen.startswith(NAMED_OWNER)
        data["owner"] = int(chosen) if chosen and not named else None
        data["owner_name"] = chosen.removeprefix(NAMED_OWNER) if named else ""
        return data

    def filters(self):
        """The filters that fit: one that no longer does (an owner who owns nothing now, in a
        link kept from before) is left out, not every filter with it."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data
