from django.core.management.base import BaseCommand

from khamrap.organizations.services import province_import


class Command(BaseCommand):
    help = "Load the 77 provinces (76 + Bangkok) from the geothai package; safe to run again."

    def handle(self, *args, **options):
        created, updated = province_import()
        self.stdout.write(f"provinces: {created} created, {updated} already present")
