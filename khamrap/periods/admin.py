from django.contrib import admin

from .models import FiscalYear, ReportingRound


class ReportingRoundInline(admin.TabularInline):
    model = ReportingRound
    extra = 0


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ("year", "starts_on", "ends_on")
    inlines = [ReportingRoundInline]
