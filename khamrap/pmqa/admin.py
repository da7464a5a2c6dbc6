"""The admin for PMQA criteria: versions, categories, items, requirements, profile questions.

Criteria are data: an administrator adds a version for a new year here, usually by copying the
last one ("Copy for a new year") and editing the copy. A version that organizations' years already
use keeps its bands and structure, so their stored ratings keep their meaning; PMQA years
themselves change only on their pages, whose services keep the history.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khamrap.lib.admin import ReadOnlyInline, ViewOnlyAdmin

from .models import (
    Category,
    CategoryPlan,
    CriteriaVersion,
    Item,
    PmqaYear,
    ProfileQuestion,
    ProfileSection,
    Requirement,
)
from .services import criteria_copy

IN_USE_NOTE = gettext_lazy(
    "Organizations' PMQA years use this version: its bands and structure stay as they are so "
    "their ratings keep their meaning. Copy it for a new year to change them."
)


class InUse:
    """Inlines of a version, category or item that years use are shown, not changed."""

    def _in_use(self, obj) -> bool:
        return obj is not None and PmqaYear.objects.filter(criteria=self.version_of(obj)).exists()

    def has_add_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


class CategoryInline(InUse, admin.TabularInline):
    model = Category
    extra = 0

    def version_of(self, obj):
        return obj


class ProfileSectionInline(InUse, admin.TabularInline):
    model = ProfileSection
    extra = 0

    def version_of(self, obj):
        return obj


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    list_display = ("name_th", "code", "level", "first_year", "is_active")
    list_filter = ("level", "is_active")
    inlines = [CategoryInline, ProfileSectionInline]
    actions = ["copy_for_a_new_year"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.years.exists():
            return ("code", "level", "bands")
        return ()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.years.exists():
            (name, options), *rest = fieldsets
            return [(name, {**options, "description": IN_USE_NOTE}), *rest]
        return fieldsets

    @admin.action(description=gettext_lazy("Copy for a new year"))
    def copy_for_a_new_year(self, request, queryset):
        for version in queryset:
            year = version.first_year + 1
            code = f"{version.code.rsplit('-', 1)[0]}-{year}"
            try:
                copy = criteria_copy(
                    version=version,
                    code=code,
                    name_th=f"{version.name_th} ({year})",
                    first_year=year,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Copied as %(code)s: edit the copy for the new year.") % {"code": copy.code},
                    messages.SUCCESS,
                )


class ItemInline(InUse, admin.TabularInline):
    model = Item
    extra = 0

    def version_of(self, obj):
        return obj.version


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("number", "name_th", "version")
    list_filter = ("version",)
    inlines = [ItemInline]


class RequirementInline(InUse, admin.TabularInline):
    model = Requirement
    extra = 0

    def version_of(self, obj):
        return obj.category.version


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("code", "title_th", "kind", "category")
    list_filter = ("category__version", "kind")
    list_select_related = ("category",)
    inlines = [RequirementInline]


class ProfileQuestionInline(InUse, admin.TabularInline):
    model = ProfileQuestion
    extra = 0

    def version_of(self, obj):
        return obj.version


@admin.register(ProfileSection)
class ProfileSectionAdmin(admin.ModelAdmin):
    list_display = ("number", "title_th", "version")
    list_filter = ("version",)
    inlines = [ProfileQuestionInline]


class CategoryPlanInline(ReadOnlyInline, admin.TabularInline):
    model = CategoryPlan
    fields = ("category", "scope", "responsible_name", "responsible_user")


@admin.register(PmqaYear)
class PmqaYearAdmin(ViewOnlyAdmin):
    list_display = ("organization", "fiscal_year", "criteria", "status")
    list_filter = ("status", "criteria")
    list_select_related = ("organization", "fiscal_year", "criteria")
    search_fields = ("organization__name_th", "organization__code")
    inlines = [CategoryPlanInline]
    note = gettext_lazy(
        "PMQA years are shown here only: their plan, profile and assessments change on the PMQA "
        "pages, which keep the history of every step."
    )
