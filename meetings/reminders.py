"""Reminding owners of actions that are due within a week or overdue: once per action per day."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Action, ActionReminder

DUE_WITHIN_DAYS = 7


def send_action_reminders(today):
    """Returns (sent, skipped): skipped are those already reminded today or without an e-mail."""
    sent = skipped = 0
    due = Action.objects.due_by(today + timedelta(days=DUE_WITHIN_DAYS)).select_related("owner")
    for action in due.order_by("due", "reference"):
        if not (action.owner and action.owner.email) or not claim_reminder(action, today):
            skipped += 1
            continue
        send_mail(
            subject=subject(action, today),
            message=body(action, today),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[action.owner.email],
        )
        sent += 1
    return sent, skipped


def claim_reminder(action, today):
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, sent_on=today)
    except IntegrityError:
        return False
    return True


def subject(action, today):
    state = "overdue" if action.due < today else f"due {action.due:%d %B}"
    return f"Action {action.reference} is {state}"


def body(action, today):
    lines = [
        f"Dear {action.owner.get_full_name() or action.owner.username},",
        "",
        f"Action {action.reference}, raised at {action.agenda_item.meeting}, is "
        + ("overdue" if action.due < today else f"due on {action.due:%d %B %Y}")
        + ":",
        "",
        action.description,
        "",
        "Please add an update or close it with a completion note:",
        f"{settings.SITE_URL}{action.get_absolute_url()}",
    ]
    return "\n".join(lines)
