from django.core.management.base import BaseCommand, CommandError

from indicators.exports import export_figures
from indicators.management.months import month_option


class Command(BaseCommand):
    help = "Write the figures held in the long layout to a .csv or .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="PATH.csv or PATH.xlsx")
        parser.add_argument("--from", dest="first", help="First month, YYYY-MM (included).")
        parser.add_argument("--to", dest="last", help="Last month, YYYY-MM (included).")

    def handle(self, *args, output, first, last, **options):
        if not output.lower().endswith((".csv", ".xlsx")):
            raise CommandError("--output must end in .csv or .xlsx.", returncode=2)
        first = month_option(first, "--from") if first else None
        last = month_option(last, "--to") if last else None
        if first and last and first > last:
            raise CommandError("--from is after --to.", returncode=2)
        try:
            count = export_figures(output, first, last)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {count:,} figures to {output}."))
