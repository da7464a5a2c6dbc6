from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "khamrap.reporting"
    verbose_name = _("Results and reports")

    def ready(self) -> None:
        # Listen to the floors below (agreements, periods), which send signals instead of
        # importing reporting.
        from . import receivers  # noqa: F401
