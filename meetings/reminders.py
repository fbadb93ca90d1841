"""Reminding owners of actions that are due within a week or overdue: once per action per day."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Action, ActionReminder

DUE_WITHIN_DAYS = 7


def send_action_reminders(today):
    """Returns (sent, skipped, failed): skipped are those already reminded today or without an
    e-mail; failed, (action, error) for each the mail server did not take, left to the next run."""
    sent, skipped, failed = 0, 0, []
    due = Action.objects.due_by(today + timedelta(days=DUE_WITHIN_DAYS)).select_related("owner")
    for action in due.order_by("due", "reference"):
        if not (action.owner and action.owner.email) or not claim_reminder(action, today):
            skipped += 1
            continue
        try:
            send_reminder(action, today)
        except OSError as error:  # smtplib's errors are OSErrors too
            ActionReminder.objects.filter(action=action, sent_on=today).delete()
            failed.append((action, error))
            continue
        sent += 1
    return sent, skipped, failed


def send_reminder(action, today):
    send_mail(
        subject=subject(action, today),
        message=body(action, today),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[action.owner.email],
    )


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
