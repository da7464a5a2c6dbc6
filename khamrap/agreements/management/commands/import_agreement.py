from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from khamrap.agreements.file_import import AgreementImportError, agreement_import
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear
from khamrap.reporting.exchange import results_from_file
from khamrap.rules import agreement_file as af


class Command(BaseCommand):
    help = "Import an agreement file into a new draft agreement (all of it or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--as-user", required=True, help="username of the coordinator who imports"
        )
        parser.add_argument("--organization", help="organization code (default: the file's)")
        parser.add_argument(
            "--round", type=int, help="months of the round to load the file's results into"
        )
        parser.add_argument(
            "--language", choices=["th", "en"], help="language of the messages (default: Thai)"
        )

    def handle(self, *args, **options):
        language = options["language"] or translation.get_language()
        with translation.override(language):
            self.import_file(options, language)

    def import_file(self, options: dict, language: str) -> None:
        """Read the file, then import it as its organization's draft: all of it or nothing."""
        try:
            data = af.load_path(options["file"])
        except af.AgreementFileError as error:
            raise CommandError(error.text(language)) from error
        code = options["organization"] or data.organization.code
        organization = Organization.objects.filter(code=code).first()
        fiscal_year = FiscalYear.objects.filter(year=data.fiscal_year).first()
        user = get_user_model().objects.filter(username=options["as_user"]).first()
        if organization is None or fiscal_year is None or user is None:
            raise CommandError(_("The organization, fiscal year or user given was not found."))
        reporting_round = (
            fiscal_year.rounds.filter(months=options["round"]).first() if options["round"] else None
        )
        try:
            with transaction.atomic():
                agreement = agreement_import(
                    organization=organization, fiscal_year=fiscal_year, data=data, user=user
                )
                if reporting_round is not None:
                    results_from_file(
                        agreement=agreement, data=data, reporting_round=reporting_round, user=user
                    )
        except AgreementImportError as error:
            raise CommandError("\n".join([_("Nothing was imported:"), *error.problems])) from error
        self.stdout.write(
            _("Imported agreement %(pk)s: %(count)s indicators.")
            % {"pk": agreement.pk, "count": agreement.indicators.count()}
        )
