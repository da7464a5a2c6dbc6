import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from khamrap.reporting.standings import standings_differences, standings_rebuild


class Command(BaseCommand):
    help = (
        "Write every agreement's stored standings (the totals of each round) again from the "
        "results, after a rule change, a restore or a bulk load. --check only compares."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; list the standings that differ from a full recomputation and "
            "fail if there is any.",
        )

    def handle(self, *args, check=False, **options):
        started = time.perf_counter()
        if check:
            differences = standings_differences()
            for stored, computed in differences[:20]:
                self.stdout.write(f"stored:   {stored}\ncomputed: {computed}")
            if differences:
                raise CommandError(f"{len(differences)} standings differ from the results")
            self.stdout.write("standings: all equal to a full recomputation")
            return
        with transaction.atomic():
            written = standings_rebuild()
        self.stdout.write(
            f"standings: {written} written (the others were right) in {time.perf_counter() - started:.1f} s"
        )
