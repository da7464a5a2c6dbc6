from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from khamrap.organizations.models import Membership

from .models import ApiToken, User
from .tokens import token_revoke


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Work"), {"fields": ("title", "position", "phone")}),
    )
    list_display = ("username", "display_name", "email", "position", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made on /api/tokens/ (the only place a token is shown, once); here an
    administrator sees them all and revokes them through the same service."""

    list_display = (
        "name",
        "prefix",
        "user",
        "organization",
        "include_subtree",
        "can_write",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("can_write", "include_subtree", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "user__username", "organization__code")
    readonly_fields = [field.name for field in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a token's use stays in the history it changed: revoke it instead

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, by=request.user)
            revoked += 1
        self.message_user(request, _("%(count)s tokens revoked.") % {"count": revoked})
