"""The round's records in the admin, to look at only.

Results, reports, their history and evidence change on the round's pages, whose services
(services.py, evidence.py) check each step of the workflow and keep the history; the admin would do
neither, so it may not add, change or delete any of them, superusers included.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from khamrap.lib.admin import ViewOnlyAdmin as BaseViewOnlyAdmin

from .models import Change, EvidenceFile, Result, RoundReport

NOTE = _(
    "Results, reports, their history and evidence are read-only here: they change on the round's "
    "pages, which check each step and keep the history."
)


class ViewOnlyAdmin(BaseViewOnlyAdmin):
    note = NOTE


@admin.register(Result)
class ResultAdmin(ViewOnlyAdmin):
    list_display = ("indicator", "reporting_round", "status", "self_score", "verified_score")
    list_filter = ("status", "reporting_round__fiscal_year")
    list_select_related = ("indicator", "reporting_round__fiscal_year")
    search_fields = ("indicator__number", "indicator__agreement__organization__name_th")


@admin.register(RoundReport)
class RoundReportAdmin(ViewOnlyAdmin):
    list_display = ("agreement", "reporting_round", "status", "submitted_at", "closed_at")
    list_filter = ("status", "reporting_round__fiscal_year")
    list_select_related = (
        "agreement__organization",
        "agreement__fiscal_year",
        "reporting_round__fiscal_year",
    )


@admin.register(Change)
class ChangeAdmin(ViewOnlyAdmin):
    list_display = ("at", "actor", "field", "old", "new", "result", "report")
    list_select_related = (
        "actor",
        "result__indicator",
        "result__reporting_round",
        "report__agreement__organization",
        "report__agreement__fiscal_year",
        "report__reporting_round",
    )


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ViewOnlyAdmin):
    list_display = ("original_name", "result", "step_number", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("result__indicator", "result__reporting_round", "uploaded_by")
    # The stored name would show as a link into the default storage, where the file is not: the
    # files are opened only through the download view's permission check.
    exclude = ("file",)
