"""The admin for awards: each year's calls with their timetable and award types, the award types
with their conditions, questions and criteria, and the pool of assessors.

Calls are data: they are opened on the awards page (from the year before or seed 004's defaults)
and edited here. An award type that applications already use keeps its criteria and questions, so
the sheets and answers keep their meaning. Applications change only on their pages, whose services
keep the history.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from khamrap.lib.admin import ViewOnlyAdmin

from .models import (
    Application,
    Assessor,
    AwardRecord,
    Call,
    CallDate,
    Condition,
    Criterion,
    Question,
    Scheme,
)

IN_USE_NOTE = gettext_lazy(
    "Applications use this award type: its questions and criteria stay as they are so their "
    "answers and score sheets keep their meaning."
)


class CallDateInline(admin.TabularInline):
    model = CallDate
    extra = 0


class SchemeInline(admin.TabularInline):
    model = Scheme
    extra = 0
    fields = ("number", "name_th", "name_en", "eligibility_rule", "is_open")
    show_change_link = True


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("__str__", "family", "fiscal_year")
    list_filter = ("family", "fiscal_year")
    inlines = [CallDateInline, SchemeInline]


class InUse:
    def has_add_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_delete_permission(request, obj)


def _in_use(scheme) -> bool:
    return scheme is not None and Application.objects.filter(scheme=scheme).exists()


class ConditionInline(admin.TabularInline):
    model = Condition
    extra = 0


class QuestionInline(InUse, admin.StackedInline):
    model = Question
    extra = 0


class CriterionInline(InUse, admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "number", "call")
    list_filter = ("call__family", "call__fiscal_year")
    inlines = [ConditionInline, QuestionInline, CriterionInline]

    def get_readonly_fields(self, request, obj=None):
        return ("call",) if obj else ()


@admin.register(Assessor)
class AssessorAdmin(admin.ModelAdmin):
    list_display = ("__str__", "expertise", "is_active")
    list_filter = ("is_active",)
    autocomplete_fields = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")


@admin.register(Application)
class ApplicationAdmin(ViewOnlyAdmin):
    list_display = ("title", "organization", "scheme", "stage", "level")
    list_filter = ("stage", "scheme__call__family")


@admin.register(AwardRecord)
class AwardRecordAdmin(ViewOnlyAdmin):
    list_display = ("work", "organization", "year", "scheme_name", "level")
    list_filter = ("family", "level")
