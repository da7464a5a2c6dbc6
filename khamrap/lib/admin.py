"""Admin pieces shared by the apps: records the admin shows but never changes.

What keeps a history (results, reports, indicators, amendments) changes only through the apps'
services; in the admin it is to look at only, with a note saying where to make the change.
"""

from django.contrib import admin


def with_note(fieldsets, note):
    """The fieldsets with `note` as the first one's description (shown above its fields)."""
    (name, options), *rest = fieldsets
    return [(name, {**options, "description": note}), *rest]


class ViewOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted, superusers included; `note` says where to edit."""

    note = ""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return with_note(fieldsets, self.note) if self.note else fieldsets

    def changelist_view(self, request, extra_context=None):
        extra = {"subtitle": self.note, **(extra_context or {})} if self.note else extra_context
        return super().changelist_view(request, extra)


class ReadOnlyInline:
    """An inline shown, never added to, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
