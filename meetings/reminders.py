"""Reminding owners of actions that are due within a week or overdue: once per action per day."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction

from .models import Action, ActionReminder

DUE_WITHIN_DAYS = 7


def send_action_reminders(today):
    """Returns (sent, skipped, failed): skipped are those already reminded today or without an
    e-mail; failed, (action, error) for each the mail server did not take, left to the next run.
    A mail server out of reach fails them all at once, before any is claimed."""
    due = Action.objects.due_by(today + timedelta(days=DUE_WITHIN_DAYS)).select_related("owner")
    due = list(due.order_by("due", "reference"))
    reminded = set(ActionReminder.objects.filter(sent_on=today).values_list("action", flat=True))
    to_send = [a for a in due if a.owner and a.owner.email and a.pk not in reminded]
    skipped = len(due) - len(to_send)
    if not to_send:
        return 0, skipped, []
    connection = get_connection()
    try:
        connection.open()
    except OSError as error:
        return 0, skipped, [(action, error) for action in to_send]
    with connection:
        return send_each(to_send, today, connection, skipped)


def send_each(actions, today, connection, skipped):
    sent, failed = 0, []
    for action in actions:
        if not claim_reminder(action, today):
            skipped += 1
            continue
        try:
            send_reminder(action, today, connection)
        except (OSError, ValueError) as error:  # smtplib's errors are OSErrors; a bad address
            ActionReminder.objects.filter(action=action, sent_on=today).delete()
            failed.append((action, error))
            continue
        sent += 1
    return sent, skipped, failed


def send_reminder(action, today, connection):
    send_mail(
        subject=subject(action, today),
        message=body(action, today),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[action.owner.email],
        connection=connection,
    )


def claim_reminder(action, today):
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, sent_on=today)
    except IntegrityError:
        return False
    return True


def subject(action, today):
    state = "overdue" if action.due < today else f"due {action.due:%-d %B}"
    return f"Action {action.reference} is {state}"


def body(action, today):
    lines = [
        f"Dear {action.owner.get_full_name() or action.owner.username},",
        "",
        f"Action {action.reference}, raised at {action.agenda_item.meeting}, is "
        + (
            f"overdue (it was due on {action.due:%-d %B %Y})"
            if action.due < today
            else f"due on {action.due:%-d %B %Y}"
        )
        + ":",
        "",
        action.description,
        "",
        "Please add an update or close it with a completion note:",
        f"{settings.SITE_URL}{action.get_absolute_url()}",
    ]
    return "\n".join(lines)
