"""Load a PMQA criteria version from its data file, or write one out to edit for a new year.

khamrap pmqa_criteria --export pmqa-fundamental-2553 > criteria.json
khamrap pmqa_criteria --load criteria.json
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from khamrap.pmqa.models import CriteriaVersion
from khamrap.pmqa.services import criteria_load
from khamrap.pmqa.services.criteria import as_data


class Command(BaseCommand):
    help = "Load a PMQA criteria version from a JSON file, or export one as JSON."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--load", metavar="FILE", help="a criteria file (criteria/*.json shape)")
        group.add_argument("--export", metavar="CODE", help="the code of the version to write out")

    def handle(self, *args, load=None, export=None, **options):
        if export:
            version = CriteriaVersion.objects.filter(code=export).first()
            if version is None:
                raise CommandError(f"No criteria version has the code {export!r}.")
            self.stdout.write(json.dumps(as_data(version), ensure_ascii=False, indent=1))
            return
        try:
            data = json.loads(Path(load).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {load}: {error}") from error
        try:
            version = criteria_load(data=data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        counts = (
            version.categories.count(),
            sum(c.items.count() for c in version.categories.all()),
        )
        self.stdout.write(f"Loaded {version.code}: {counts[0]} categories, {counts[1]} items.")
