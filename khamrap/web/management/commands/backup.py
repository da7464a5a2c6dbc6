"""`khamrap backup ARCHIVE`: the database and the evidence and job files, in one archive."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from khamrap.web.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump or SQLite's backup API), the evidence folder and the job "
        "files into one archive with a manifest of SHA-256 sums (ARCHIVE.tar, or .tar.gz)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the archive to write, e.g. khamrap-2569-03-31.tar")
        parser.add_argument(
            "--language", choices=["th", "en"], help="language of the report (default: Thai)"
        )

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"] or translation.get_language()):
            try:
                summary = backup(options["archive"])
            except BackupError as error:
                raise CommandError(str(error)) from error
            for line in summary.lines:
                self.stdout.write(line)
            for warning in summary.warnings:
                self.stderr.write(self.style.WARNING(warning))
