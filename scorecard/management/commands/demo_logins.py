from django.core.management.base import BaseCommand

from scorecard.demo import DEMO_USERS, demo_password


class Command(BaseCommand):
    help = "Print the demonstration logins."

    def handle(self, *args, **options):
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000):")
        for username, _first, _last, role in DEMO_USERS:
            self.stdout.write(
                f"  {role:<13} username {username:<8} password {demo_password(username)}"
            )
        self.stdout.write("")
