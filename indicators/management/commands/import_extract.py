import sys
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from indicators.extract import group_problems
from indicators.imports import import_extract, preview_extract
from indicators.periods import describe_months

PROGRESS_FROM_ROWS = 5000


class Command(BaseCommand):
    help = "Import a monthly extract (.xlsx, .xlsm or .csv): the same pipeline as the upload page."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")
        parser.add_argument("--user", help="Username to record as the uploader.")

    def handle(self, *args, path, dry_run, user, **options):
        uploader = self.find_user(user)
        data = self.read_file(Path(path))
        progress = self.progress_bar if sys.stderr.isatty() else None
        if dry_run:
            preview, upload = preview_extract(data, Path(path).name, progress=progress), None
        else:
            preview, upload = import_extract(
                data, Path(path).name, user=uploader, user_name=user or "command line",
                progress=progress,
            )  # fmt: skip
        self.report(preview, upload, dry_run)
        if not preview.ok:
            count = len(preview.errors)
            raise CommandError(
                f"Refused: {count} error{'s' if count != 1 else ''}; nothing was written."
            )

    def find_user(self, username):
        if username is None:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.", returncode=2) from None

    def read_file(self, path):
        if path.is_dir():
            raise CommandError(f"{path} is a folder: give the extract file inside it.")
        if not path.is_file():
            raise CommandError(f"File not found: {path}")
        return path.read_bytes()

    def progress_bar(self, done, total):
        if total >= PROGRESS_FROM_ROWS:
            width = 30
            filled = width * done // max(total, 1)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r[{bar}] {done:,} of {total:,} rows")
            if done >= total:
                sys.stderr.write("\n")

    def report(self, preview, upload, dry_run):
        extract = preview.extract
        for sheet in extract.sheets:
            hidden = " (hidden sheet)" if sheet.hidden else ""
            self.stdout.write(
                f"Sheet '{sheet.name}'{hidden}: {sheet.layout} layout, header on row "
                f"{sheet.header_row}, {sheet.figures:,} figures."
            )
        if extract.months:
            self.stdout.write(f"Months: {describe_months(extract.months)}.")
        for group in group_problems(preview.errors):
            self.stderr.write(f"{group.title} ({group.count}):")
            for problem in group.problems:
                self.stderr.write(f"  {problem.message}")
        for problem in preview.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {problem.message}"))
        if preview.ok:
            verb = "Would create" if dry_run else "Created"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {len(preview.created):,}, "
                    f"{'change' if dry_run else 'changed'} {len(preview.changed):,}, "
                    f"unchanged {len(preview.unchanged):,} figures."
                    + (f" Recorded as upload {upload.pk}." if upload else " Nothing written.")
                )
            )
