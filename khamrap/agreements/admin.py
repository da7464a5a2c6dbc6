"""The admin for frameworks, groups and reform issues; agreements and indicators only to look at.

Weights, targets and an agreement's life change on the agreement's pages, whose services check the
rules and keep the history (IndicatorChange, AgreementEvent, amendments); the admin would do neither.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from khamrap.lib.admin import ReadOnlyInline, ViewOnlyAdmin, with_note

from .models import (
    Agreement,
    AgreementEvent,
    Amendment,
    Framework,
    FrameworkGroup,
    Indicator,
    IndicatorChange,
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


INDICATOR_NOTE = _(
    "Indicators are read-only here: edit them on the agreement's pages (once it is signed, "
    "through an amendment), which keep the history of every weight and target."
)
LOCKED_AGREEMENT_NOTE = _(
    "This agreement is signed: it changes only through an amendment on its pages, which keep "
    "the history."
)


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
    # Set by the workflow's transitions (signing fills in the parties), never typed here.
    readonly_fields = (
        "status",
        "status_changed_at",
        "version",
        "promisor_name",
        "promisor_position",
        "promisee_name",
        "promisee_position",
        "signed_on",
    )
    inlines = [AgreementEventInline]

    def has_change_permission(self, request, obj=None):
        """Signed and after (Agreement.is_locked): to look at only."""
        locked = obj is not None and obj.is_locked
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and obj.is_locked
        return not locked and super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return with_note(fieldsets, LOCKED_AGREEMENT_NOTE) if obj and obj.is_locked else fieldsets


class IndicatorStepInline(ReadOnlyInline, admin.TabularInline):
    model = IndicatorStep


class IndicatorPartInline(ReadOnlyInline, admin.TabularInline):
    """The sub-indicators of a composite."""

    model = Indicator
    fk_name = "parent"
    fields = ("number", "name", "kind", "weight")
    verbose_name_plural = _("Sub-indicators")


@admin.register(Indicator)
class IndicatorAdmin(ViewOnlyAdmin):
    """To look at only, drafts too: every change of a weight or a target must leave its history,
    and only the agreement's pages (agreements.services) keep it."""

    note = INDICATOR_NOTE
    list_display = ("number", "name", "agreement", "kind", "weight")
    list_filter = ("kind", "agreement__fiscal_year")
    search_fields = ("number", "name")
    inlines = [IndicatorStepInline, IndicatorPartInline]
    autocomplete_fields = ["supervisors", "collectors"]


@admin.register(Amendment)
class AmendmentAdmin(ViewOnlyAdmin):
    """An amendment's before and after are the history of a signed agreement: to look at only."""

    list_display = ("agreement", "number", "opened_at", "closed_at")


@admin.register(IndicatorChange)
class IndicatorChangeAdmin(ViewOnlyAdmin):
    """The history of indicators' definitions: to look at only."""

    note = INDICATOR_NOTE
    list_display = ("at", "agreement", "number", "field", "old", "new", "actor", "amendment")
    list_select_related = (
        "agreement__organization",
        "agreement__fiscal_year",
        "actor",
        "amendment",
    )
