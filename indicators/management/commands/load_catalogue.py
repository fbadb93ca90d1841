from django.core.management.base import BaseCommand, CommandError

from indicators.catalogue import BENCHMARKS_CSV, CATALOGUE_CSV, CatalogueError, install_catalogue


class Command(BaseCommand):
    help = "Install or update the indicator catalogue, default thresholds and England benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--catalogue", default=str(CATALOGUE_CSV))
        parser.add_argument("--benchmarks", default=str(BENCHMARKS_CSV))
        parser.add_argument(
            "--overwrite-benchmarks",
            action="store_true",
            help="Replace England benchmarks held that differ from the file with the file's "
            "(by default a figure, date or note corrected in the admin is kept).",
        )

    def handle(self, *args, catalogue, benchmarks, overwrite_benchmarks, **options):
        try:
            report = install_catalogue(catalogue, benchmarks, overwrite_benchmarks)
        except CatalogueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(report)))
