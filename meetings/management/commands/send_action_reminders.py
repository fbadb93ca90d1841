from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meetings.reminders import send_action_reminders


class Command(BaseCommand):
    help = "E-mail owners of actions due within 7 days or overdue (once per action per day)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were YYYY-MM-DD (for testing).")

    def handle(self, *args, today, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError("--today takes a date as YYYY-MM-DD.", returncode=2) from None
        sent, skipped, failed = send_action_reminders(day)
        self.stdout.write(
            f"Sent {sent} reminder{'' if sent == 1 else 's'}; {skipped} skipped (already sent "
            "today or no e-mail)."
        )
        if failed:
            references = ", ".join(action.reference for action, _ in failed)
            raise CommandError(
                f"{len(failed)} {'reminder was' if len(failed) == 1 else 'reminders were'} not "
                f"sent ({references}): {failed[0][1]}. The next run sends them.",
                returncode=1,
            )
