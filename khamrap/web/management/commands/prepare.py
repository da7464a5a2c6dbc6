from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make the system ready to serve: translations, database tables, and demo data into an "
        "empty database in development (DEBUG=1); in production (DEBUG=0) the static files, and "
        "never demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never load the demo data.")

    def handle(self, *args, **options):
        call_command("compile_translations", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: up to date")
        _ensure_standings(self.stdout)
        if not settings.DEBUG:
            # Production: no demo people with a published password, ever; WhiteNoise serves the
            # collected, hashed static files, so every page needs them.
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"static files: collected into {settings.STATIC_ROOT}")
            _advise_first_administrator(self.stdout)
            return
        if options["no_demo"]:
            return
        if get_user_model().objects.exists():
            self.stdout.write(
                "database: has users already, demo data not loaded (run `khamrap demo` to add it)"
            )
            call_command("demo", "--logins-only")
        else:
            call_command("demo")


def _ensure_standings(out) -> None:
    """An upgraded database has agreements but no stored standings yet: compute them once."""
    from khamrap.agreements.models import Agreement
    from khamrap.reporting.models import RoundStanding

    if Agreement.objects.exists() and not RoundStanding.objects.exists():
        call_command("rebuild_standings", stdout=out)


def _advise_first_administrator(out) -> None:
    """Production starts with nobody: say how to make the first administrator."""
    if get_user_model().objects.filter(is_superuser=True, is_active=True).exists():
        return
    out.write(
        "users: no administrator yet (DEBUG=0 never loads the demo data). Create the first one "
        "with\n    khamrap createsuperuser\nthen sign in at /admin/ to add the organizations and "
        "people (`khamrap provinces` loads the 77 provinces)."
    )
