import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from khamrap.demo.national import (
    NATIONAL_PASSWORD,
    NATIONAL_YEAR,
    NationalRefused,
    national_generate,
    national_summary,
)
from khamrap.reporting.models import RoundStanding


class Command(BaseCommand):
    help = f"""Generate a synthetic national dataset: 20 ministries, 300 departments, the 77
provinces and about 5,000 units under them, each with a signed agreement of 25 indicators for one
fiscal year and its 6-, 9- and 12-month rounds in every state (--scale 0.01 for a hundredth).

Organization codes: ministries NM01..NM20, departments NM01-D01, their divisions NM01-D01-N01,
provinces PROV-10 (Bangkok)..., provincial offices PROV-10-N01.
Users (password {NATIONAL_PASSWORD!r} unless --password): in every organization
coord-<code>, collect-<code>, super-<code> and exec-<code> (coordinator, data collector named on
every indicator, KPI supervisor named on every indicator, executive); at every ministry and
province also eval-<code> (evaluator) and admin-<code> (administrator); <code> in lower case,
e.g. collect-nm01-d01-n01, eval-prov-10. E-mail: <username>@national.khamrap.example.
Refuses a database that already holds agreements unless --force (which replaces a national
dataset made before). The same --seed gives the same data."""

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Size factor, e.g. 0.01 (default 1: full)."
        )
        parser.add_argument(
            "--year", type=int, default=NATIONAL_YEAR, help="Fiscal year (B.E.), default 2569."
        )
        parser.add_argument("--password", default=NATIONAL_PASSWORD, help="Every user's password.")
        parser.add_argument(
            "--force", action="store_true", help="Run even if the database holds agreements."
        )

    def handle(self, *args, **options):
        translation.activate("th")
        started = time.monotonic()
        try:
            report = national_generate(
                seed=options["seed"],
                scale=options["scale"],
                year=options["year"],
                password=options["password"],
                force=options["force"],
                log=self.stdout.write if options["verbosity"] > 1 else lambda message: None,
            )
        except (NationalRefused, ValueError) as error:
            raise CommandError(str(error)) from error
        for line in national_summary(report):
            self.stdout.write(line)
        self.stdout.write(
            "timings: "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.timings.items())
        )
        standings_started = time.monotonic()
        call_command("rebuild_standings", stdout=self.stdout, stderr=self.stderr)
        # The standings table was empty when the rest was analysed.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RoundStanding._meta.db_table}")
        self.stdout.write(f"rebuild_standings: {time.monotonic() - standings_started:.1f} s")
        self.stdout.write(f"national dataset made in {time.monotonic() - started:.1f} s")
