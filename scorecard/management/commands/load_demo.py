from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.models import FIRST_YEAR, Indicator
from indicators.periods import last_complete_month, parse_month
from scorecard.demo import demo_is_loaded, load_demo


def last_month(until):
    """The --until month, or last month; bad usage (exit 2) for anything else."""
    latest = last_complete_month(date.today())
    if not until:
        return latest
    month = parse_month(until)
    if month is None:
        raise CommandError(f"--until takes a month as YYYY-MM, not {until!r}.", returncode=2)
    if not date(FIRST_YEAR, 1, 1) <= month <= latest:
        raise CommandError(
            f"--until {until} is not a month from {FIRST_YEAR} to {latest:%Y-%m}, the latest "
            "that has ended.",
            returncode=2,
        )
    return month


class Command(BaseCommand):
    help = "Load a realistic, deterministic demonstration data set (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--until", help="Last month of figures, YYYY-MM (default: last month).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when figures are already held."
        )

    def handle(self, *args, until, if_empty, **options):
        last = last_month(until)
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
        count = load_demo(last)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} demo figures up to {last:%B %Y}."))
