from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.models import Indicator
from indicators.periods import last_complete_month
from scorecard.demo import demo_is_loaded, load_demo


def month_argument(text):
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as error:
        raise CommandError(
            f"--until takes a month as YYYY-MM, not {text!r}.", returncode=2
        ) from error


class Command(BaseCommand):
    help = "Load a realistic, deterministic demonstration data set (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--until", help="Last month of figures, YYYY-MM (default: last month).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when figures are already held."
        )

    def handle(self, *args, until, if_empty, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run with DEBUG off: demo data is not for production."
            )
        if not Indicator.objects.exists():
            raise CommandError("No indicators: run `python manage.py load_catalogue` first.")
        if demo_is_loaded():
            if if_empty:
                self.stdout.write("Figures are already held; demo data not loaded again.")
                return
            raise CommandError("Figures are already held; load the demo into an empty database.")
        latest = last_complete_month(date.today())
        last = month_argument(until) if until else latest
        if last > latest:
            raise CommandError(
                f"--until {until} has not ended: the latest month it can be is {latest:%Y-%m}.",
                returncode=2,
            )
        count = load_demo(last)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} demo figures up to {last:%B %Y}."))
