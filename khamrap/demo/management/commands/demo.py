from django.core.management.base import BaseCommand
from django.utils import translation

from khamrap.demo.loader import demo_load, demo_logins


class Command(BaseCommand):
    help = (
        "Load the demo data (organizations, users for every role, fiscal years); safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the demo logins."
        )

    def handle(self, *args, **options):
        translation.activate("th")
        if not options["logins_only"]:
            report = demo_load()
            self.stdout.write(
                f"demo data: {report.organizations_created} organizations, "
                f"{report.users_created} users, {report.fiscal_years_created} fiscal years, "
                f"{report.agreements_created} agreements created"
            )
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write("\nDemo logins (ชื่อผู้ใช้ / รหัสผ่าน):")
        width = max(len(username) for username, _, _ in logins)
        for username, password, roles in logins:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {roles}")
        self.stdout.write("")
