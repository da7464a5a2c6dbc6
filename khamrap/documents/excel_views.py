"""Excel downloads (exports and templates) and the two upload pages; the work is in excel/."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khamrap.agreements.selectors import agreement_get_for_user
from khamrap.lib.forms import FriendlyForm
from khamrap.organizations.choices import Action
from khamrap.organizations.permissions import can
from khamrap.organizations.selectors import organization_get_for_user
from khamrap.periods.models import FiscalYear, ReportingRound

from .excel import exports, import_indicators, import_results
from .excel.format import MAX_UPLOAD_BYTES, XLSX_CONTENT_TYPE
from .excel.problems import ExcelImportError, SheetProblem


class ExcelUploadForm(FriendlyForm):
    file = forms.FileField(
        label=gettext_lazy("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: split it into smaller files.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class IndicatorsUploadForm(ExcelUploadForm):
    fiscal_year = forms.ModelChoiceField(label=gettext_lazy("Fiscal year"), queryset=None)
    field_order = ["fiscal_year", "file"]

    def __init__(self, *args, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].queryset = fiscal_years


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _round_of(agreement, round_pk: int) -> ReportingRound:
    return get_object_or_404(ReportingRound, pk=round_pk, fiscal_year=agreement.fiscal_year_id)


def _by_sheet(problems: list[SheetProblem]) -> list[tuple[str, list[str]]]:
    """Problems grouped by sheet, in the order found ("" for the whole file)."""
    groups: dict[str, list[str]] = {}
    for problem in problems:
        groups.setdefault(problem.sheet, []).append(problem.message)
    return list(groups.items())


@login_required
def agreement_indicators_export(request, pk: int):
    """An agreement's indicators, targets, steps and baselines; 404 outside the user's reach."""
    agreement = agreement_get_for_user(request.user, pk)
    content = exports.agreement_indicators_xlsx(agreement)
    code, year = agreement.organization.code, agreement.fiscal_year.year
    return _xlsx(content, f"ตัวชี้วัด-{code}-{year}.xlsx")


@login_required
def round_results_export(request, pk: int, round_pk: int):
    """A round's results with their scores."""
    agreement = agreement_get_for_user(request.user, pk)
    reporting_round = _round_of(agreement, round_pk)
    content = exports.round_results_xlsx(agreement, reporting_round)
    code, year = agreement.organization.code, agreement.fiscal_year.year
    return _xlsx(content, f"ผลการดำเนินงาน-{code}-{year}-{reporting_round.months}.xlsx")


@login_required
def round_results_template(request, pk: int, round_pk: int):
    """The round's indicators with empty cells for the results, to fill in and upload."""
    agreement = agreement_get_for_user(request.user, pk)
    reporting_round = _round_of(agreement, round_pk)
    content = exports.round_results_xlsx(agreement, reporting_round, template=True)
    code, year = agreement.organization.code, agreement.fiscal_year.year
    return _xlsx(content, f"แบบฟอร์มผลการดำเนินงาน-{code}-{year}-{reporting_round.months}.xlsx")


@login_required
def rollup_export(request, year: int, months: int):
    """The organizations the user may see, ranked, and every indicator's result of the round."""
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    get_object_or_404(ReportingRound, fiscal_year=fiscal_year, months=months)
    content = exports.rollup_xlsx(request.user, fiscal_year, months)
    return _xlsx(content, f"สรุปผล-{year}-{months}.xlsx")


@login_required
def indicators_template(request, pk: int, year: int):
    """The empty indicator workbook of an organization's year."""
    organization = organization_get_for_user(request.user, pk)
    fiscal_year = get_object_or_404(FiscalYear, year=year, framework__isnull=False)
    content = exports.indicators_template_xlsx(organization, fiscal_year)
    return _xlsx(content, f"แบบฟอร์มตัวชี้วัด-{organization.code}-{year}.xlsx")


@login_required
def indicators_import(request, pk: int):
    """A new draft agreement from an indicator workbook; coordinators only."""
    organization = organization_get_for_user(request.user, pk)
    if not can(request.user, organization, Action.COORDINATE):
        raise PermissionDenied
    years = FiscalYear.objects.filter(framework__isnull=False).order_by("-year")
    form = IndicatorsUploadForm(request.POST or None, request.FILES or None, fiscal_years=years)
    problems: list[SheetProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            agreement = import_indicators.indicators_import(
                organization=organization,
                fiscal_year=form.cleaned_data["fiscal_year"],
                user=request.user,
                upload=form.cleaned_data["file"],
            )
        except ExcelImportError as error:
            problems = error.problems
        else:
            messages.success(request, _("The indicators were imported into a new draft agreement."))
            return redirect("agreements:agreement_detail", agreement.pk)
    context = {
        "form": form,
        "organization": organization,
        "years": years,
        "problem_groups": _by_sheet(problems),
    }
    return render(request, "documents/excel_indicators_import.html", context)


@login_required
def results_import(request, pk: int, round_pk: int):
    """A round's results from a workbook, all or nothing; coordinators only."""
    agreement = agreement_get_for_user(request.user, pk)
    reporting_round = _round_of(agreement, round_pk)
    if not can(request.user, agreement.organization, Action.COORDINATE):
        raise PermissionDenied
    form = ExcelUploadForm(request.POST or None, request.FILES or None)
    problems: list[SheetProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = import_results.results_import(
                agreement=agreement,
                reporting_round=reporting_round,
                user=request.user,
                upload=form.cleaned_data["file"],
            )
        except ExcelImportError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Results saved: %(saved)s; already up to date: %(unchanged)s.")
                % {"saved": summary.saved, "unchanged": summary.unchanged},
            )
            return redirect("reporting:round_detail", agreement.pk, reporting_round.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "reporting_round": reporting_round,
        "problem_groups": _by_sheet(problems),
    }
    return render(request, "documents/excel_results_import.html", context)
