import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from khamrap.reporting.rescore import results_rescore


class Command(BaseCommand):
    help = (
        "Score every result of every round not closed again by the current scoring rule (after "
        "a rule or floor change), keep each moved score in the history, and store the standings "
        "again. Closed rounds keep their frozen figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as",
            dest="username",
            help="who the history names for the moved scores (default: the first superuser)",
        )
        parser.add_argument(
            "--note", default="rescored after a change of the scoring rule", help="history note"
        )

    def handle(self, *args, username=None, note="", **options):
        users = get_user_model().objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError(
                f"no active user {username!r}" if username else "no superuser: pass --as USERNAME"
            )
        started = time.perf_counter()
        summary = results_rescore(user=user, note=note)
        self.stdout.write(
            f"rescored: {summary.results} results read, {summary.moved} scores moved, "
            f"{summary.agreements} agreements' standings stored, "
            f"in {time.perf_counter() - started:.1f} s"
        )
