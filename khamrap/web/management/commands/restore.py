"""`khamrap restore ARCHIVE [--force]`: put back what `khamrap backup` wrote."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from khamrap.web.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Check an archive of `khamrap backup` (format, contents, SHA-256 of every file), then "
        "replace the database with it and put the evidence and job files back. Refuses a database "
        "that holds people or organizations unless --force. Stop the app servers and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="an archive written by `khamrap backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that is not empty (everything in it is lost)",
        )
        parser.add_argument(
            "--language", choices=["th", "en"], help="language of the report (default: Thai)"
        )

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"] or translation.get_language()):
            try:
                summary = restore(options["archive"], force=options["force"])
            except BackupError as error:
                raise CommandError(str(error)) from error
            for line in summary.lines:
                self.stdout.write(self.style.SUCCESS(line))
            for warning in summary.warnings:
                self.stderr.write(self.style.WARNING(warning))
