from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from khamrap.organizations.models import Membership

from .models import User


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
