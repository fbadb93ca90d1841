import socket
from datetime import timedelta
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from indicators import roles
from meetings.models import ActionReminder
from meetings.workflows import complete_action

from .conftest import item_of, raise_action


def remind(today=None):
    out = StringIO()
    args = ["--today", today.isoformat()] if today else []
    call_command("send_action_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def item(meetings):
    return item_of(meetings[1])


def due_in(item, owner, days, **fields):
    return raise_action(item, owner, due_date=timezone.localdate() + timedelta(days=days), **fields)


def test_owners_of_actions_due_within_a_week_are_e_mailed(item, officer):
    action = due_in(item, officer, 7)
    remind()
    [message] = mail.outbox
    assert message.to == ["olu@example.org"]
    assert action.reference in message.subject and "due" in message.subject
    assert action.description in message.body and action.get_absolute_url() in message.body


def test_owners_of_overdue_actions_are_told_it_is_overdue(item, officer):
    due_in(item, officer, -3)
    remind()
    assert "overdue" in mail.outbox[0].subject


def test_actions_due_later_or_closed_or_without_an_e_mail_get_no_reminder(item, officer, users):
    due_in(item, officer, 8)
    complete_action(due_in(item, officer, 1), officer, "Done.")
    due_in(item, None, 1)
    assert "Sent 0 reminders; 1 skipped" in remind()
    assert mail.outbox == []


def test_an_action_due_at_the_next_meeting_is_reminded_in_the_week_before(meetings, officer):
    near, far = item_of(meetings[1]), item_of(meetings[2])
    raise_action(near, officer, next_meeting=True)
    raise_action(far, officer, next_meeting=True)
    remind(meetings[2].date - timedelta(days=7))
    assert len(mail.outbox) == 1


def test_running_twice_the_same_day_sends_nothing_new(item, officer):
    due_in(item, officer, 2)
    due_in(item, officer, -1)
    assert "Sent 2 reminders" in remind()
    assert "Sent 0 reminders; 2 skipped" in remind()
    assert len(mail.outbox) == 2


def test_the_next_day_the_reminder_is_sent_again(item, officer):
    due_in(item, officer, 2)
    today = timezone.localdate()
    remind(today)
    remind(today + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_bad_date_is_refused_as_bad_usage(db):
    with pytest.raises(CommandError) as refusal:
        call_command("send_action_reminders", "--today", "21/11/2026")
    assert refusal.value.returncode == 2


def test_reminders_sent_earlier_in_the_day_are_not_called_unsent_when_the_server_is_down(
    item, officer, settings
):
    due_in(item, officer, 2)
    assert "Sent 1 reminder;" in remind()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", unused_port()  # nothing listens
    assert "Sent 0 reminders; 1 skipped" in remind()


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_reminders_the_mail_server_does_not_take_are_named_and_sent_on_the_next_run(
    item, officer, settings
):
    first, second = due_in(item, officer, 2), due_in(item, officer, -1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", unused_port()  # nothing listens
    with pytest.raises(CommandError) as refusal:
        remind()
    assert refusal.value.returncode == 1
    assert f"2 reminders were not sent ({second.reference}, {first.reference})" in str(
        refusal.value
    )
    assert "The next run sends them." in str(refusal.value)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "Sent 2 reminders; 0 skipped" in remind()
    assert len(mail.outbox) == 2


class MailServer:
    """A real SMTP server on this machine that keeps what it takes and refuses one address."""

    refused = "left@example.org"

    def __init__(self):
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        return "250 Message accepted"


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=unused_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    yield server
    controller.stop()


def owner_with_email(users, role, email):
    owner = users[role]
    owner.email = email
    owner.save()
    return owner


def test_reminders_refused_or_badly_addressed_are_named_while_the_others_are_sent(
    item, officer, users, mail_server
):
    refused = due_in(item, owner_with_email(users, roles.CLERK, MailServer.refused), 1)
    unaddressable = due_in(item, owner_with_email(users, roles.ANALYST, "sam@"), 1)
    taken = due_in(item, officer, 2)

    with pytest.raises(CommandError) as refusal:
        remind()

    names = ", ".join(sorted([refused.reference, unaddressable.reference]))
    assert f"2 reminders were not sent ({names})" in str(refusal.value)
    assert mail_server.received == ["olu@example.org"]
    assert list(ActionReminder.objects.values_list("action", flat=True)) == [taken.pk]


def test_one_reminder_not_sent_is_told_as_one(item, users, mail_server):
    refused = due_in(item, owner_with_email(users, roles.CLERK, MailServer.refused), 1)
    with pytest.raises(CommandError) as refusal:
        remind()
    assert f"1 reminder was not sent ({refused.reference})" in str(refusal.value)
