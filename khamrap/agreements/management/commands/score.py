import json
import sys

from django.core.management.base import BaseCommand, CommandError

from khamrap.rules import agreement_file as af


class Command(BaseCommand):
    help = "Print the score table of an agreement file (YAML or JSON; see docs/agreement-file.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the agreement file, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print the table as JSON")

    def handle(self, *args, **options):
        try:
            if options["file"] == "-":
                agreement = af.load(sys.stdin.read())
            else:
                agreement = af.load_path(options["file"])
            report = af.score_report(agreement)
        except FileNotFoundError as error:
            raise CommandError(f"ไม่พบไฟล์ {options['file']}") from error
        except af.AgreementFileError as error:
            # Problem's own wording: no stray ": " where the whole file is at fault.
            lines = [str(problem) for problem in error.problems]
            raise CommandError("ไฟล์คำรับรองมีปัญหา:\n" + "\n".join(lines)) from error
        if options["json"]:
            self.stdout.write(json.dumps(af.report_json(report), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(af.render_table(report))
