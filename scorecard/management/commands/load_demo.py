from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.extract.values import EARLIEST_YEAR
from indicators.management.months import month_option
from indicators.models import Indicator
from indicators.periods import add_months, last_complete_month
from scorecard.demo import MONTHS, demo_is_loaded, load_demo

# The demo's first month must be one an upload would take, so that its export imports again.
EARLIEST = add_months(date(EARLIEST_YEAR, 1, 1), MONTHS - 1)


def last_month(until):
    """The --until month, or last month; bad usage (exit 2) for anything else."""
    latest = last_complete_month(date.today())
    month = month_option(until, "--until") if until else latest
    if not EARLIEST <= month <= latest:
        raise CommandError(
            f"--until {until} is not a month from {EARLIEST:%Y-%m} to {latest:%Y-%m}, the "
            "latest that has ended.",
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
