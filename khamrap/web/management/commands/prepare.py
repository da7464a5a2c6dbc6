from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make the system ready to serve: translations, database tables, demo data if it is empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never load the demo data.")

    def handle(self, *args, **options):
        call_command("compile_translations", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: up to date")
        if options["no_demo"]:
            return
        if get_user_model().objects.exists():
            self.stdout.write(
                "database: has users already, demo data not loaded (run `khamrap demo` to add it)"
            )
            call_command("demo", "--logins-only")
        else:
            call_command("demo")
