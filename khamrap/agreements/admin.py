from django.contrib import admin

from .models import (
    Agreement,
    AgreementEvent,
    Amendment,
    Framework,
    FrameworkGroup,
    Indicator,
    IndicatorStep,
    ReformIssue,
)


class FrameworkGroupInline(admin.TabularInline):
    model = FrameworkGroup
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name_th", "code", "group_label", "floor")
    inlines = [FrameworkGroupInline]


@admin.register(ReformIssue)
class ReformIssueAdmin(admin.ModelAdmin):
    list_display = ("number", "name_th", "mandatory")
    list_filter = ("mandatory",)


class AgreementEventInline(admin.TabularInline):
    model = AgreementEvent
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "at", "note", "agreed_changes")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read-mostly: the life of an agreement moves only through its pages, which keep the history."""

    list_display = ("organization", "fiscal_year", "status", "version")
    list_filter = ("status", "fiscal_year")
    search_fields = ("organization__name_th", "organization__code")
    readonly_fields = ("status", "status_changed_at", "version")
    inlines = [AgreementEventInline]


class IndicatorStepInline(admin.TabularInline):
    model = IndicatorStep
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "agreement", "kind", "weight")
    list_filter = ("kind", "agreement__fiscal_year")
    search_fields = ("number", "name")
    inlines = [IndicatorStepInline]
    autocomplete_fields = ["supervisors", "collectors"]


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ("agreement", "number", "opened_at", "closed_at")
    readonly_fields = (
        "agreement",
        "number",
        "reason",
        "opened_by",
        "opened_at",
        "closed_at",
        "before",
        "after",
    )
