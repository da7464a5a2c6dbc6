from django.core.management.base import BaseCommand, CommandError

from khamrap.agreements.exchange import agreement_export
from khamrap.agreements.models import Agreement
from khamrap.rules import agreement_file as af


class Command(BaseCommand):
    help = "Print an agreement as an agreement file (YAML or JSON), with one round's results."

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="organization code")
        parser.add_argument("--year", type=int, required=True, help="fiscal year (B.E.)")
        parser.add_argument(
            "--round", type=int, help="months of the round whose results to include"
        )
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, **options):
        agreement = (
            Agreement.objects.filter(
                organization__code=options["organization"], fiscal_year__year=options["year"]
            )
            .select_related("organization", "fiscal_year", "framework")
            .first()
        )
        if agreement is None:
            raise CommandError("ไม่พบคำรับรองของหน่วยงานและปีงบประมาณที่ระบุ")
        reporting_round = None
        if options["round"]:
            reporting_round = agreement.fiscal_year.rounds.filter(months=options["round"]).first()
            if reporting_round is None:
                raise CommandError("ไม่พบรอบการรายงานที่ระบุ")
        self.stdout.write(
            af.dump(agreement_export(agreement, reporting_round), format=options["format"])
        )
