import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from khamrap.cli_table import render_table
from khamrap.rules import agreement_file as af


class Command(BaseCommand):
    help = "Print the score table of an agreement file (YAML or JSON; see docs/agreement-file.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the agreement file, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print the table as JSON")
        parser.add_argument(
            "--language",
            choices=["th", "en"],
            help="language of the file's problems (default: Thai); the table stays Thai",
        )

    def handle(self, *args, **options):
        language = options["language"] or translation.get_language()
        with translation.override(language):
            try:
                if options["file"] == "-":
                    agreement = af.load(sys.stdin.read())
                else:
                    agreement = af.load_path(options["file"])
                report = af.score_report(agreement)
            except af.AgreementFileError as error:
                # Problem's own wording: no stray ": " where the whole file is at fault.
                lines = [problem.text(language) for problem in error.problems]
                heading = _("The agreement file has problems:")
                raise CommandError("\n".join([heading, *lines])) from error
        if options["json"]:
            self.stdout.write(json.dumps(af.report_json(report), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(report))
