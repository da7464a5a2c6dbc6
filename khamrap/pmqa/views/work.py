"""Pages of a PMQA year's work: the organizational profile, the self-assessment of each item and
the comparisons with comparable organizations (the C of LeTCLi).

Every page starts from selectors.year_get (another organization's year is a 404) and offers what
policy.year_rights and policy.may_assess allow; the services refuse the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from khamrap.lib.views import apply_validation_error
from khamrap.organizations.choices import OrganizationKind

from .. import policy, selectors, services
from ..choices import ASSESSMENT_EDITABLE, FindingKind
from ..forms_work import DIMENSION_NAMES, AssessmentForm, ProfileForm
from ..models import Assessment, CategoryPlan, Item, PmqaYear


@login_required
def profile_edit(request, pk: int):
    """The organizational profile: every question with its answer, and how complete it is."""
    year = selectors.year_get(request.user, pk)
    rights = policy.year_rights(request.user, year)
    view = selectors.profile_view(year)
    form = ProfileForm(request.POST or None, view=view)
    if request.method == "POST":
        if not rights.edit_profile:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.profile_save(year=year, user=request.user, answers=form.answers())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The organizational profile was saved."))
                return redirect("pmqa:profile_edit", year.pk)
    context = {"year": year, "view": view, "form": form, "rights": rights}
    return render(request, "pmqa/profile_form.html", context)


@dataclass
class CategoryLines:
    """A category of the assessment list with the band chosen for each dimension of its items."""

    row: selectors.CategoryRow
    dimensions: tuple[str, ...]
    lines: list[tuple[selectors.ItemRow, list[tuple[str, str | None]]]]


def _category_lines(row: selectors.CategoryRow) -> CategoryLines:
    items = row.items
    return CategoryLines(
        row=row,
        dimensions=items[0].item.dimensions if items else (),
        lines=[(r, [(d, r.bands.get(d)) for d in r.item.dimensions]) for r in items],
    )


@login_required
def assessment_list(request, pk: int):
    """Every category of the criteria, the chosen ones first, each item with its bands and
    figures, and the summaries of each category and of the whole self-assessment."""
    year = selectors.year_get(request.user, pk)
    view = selectors.assessment_view(year)
    ordered = sorted(view.categories, key=lambda c: (not c.chosen, not c.mandatory))
    context = {
        "year": year,
        "view": view,
        "categories": [_category_lines(c) for c in ordered],
        "dimension_names": DIMENSION_NAMES,
        "rights": policy.year_rights(request.user, year),
    }
    return render(request, "pmqa/assessment_list.html", context)


@dataclass
class ItemWork:
    """An item of the year's criteria, its category's plan (None: not chosen), its assessment
    and whether the person may write it now (what services.assessment_save will take)."""

    item: Item
    plan: CategoryPlan | None
    assessment: Assessment | None
    editable: bool


def _item_work(request, year: PmqaYear, item_pk: int) -> ItemWork:
    item = get_object_or_404(
        Item.objects.select_related("category").prefetch_related("requirements"),
        pk=item_pk,
        category__version=year.criteria_id,
    )
    plan = CategoryPlan.objects.filter(year=year, category=item.category).first()
    assessment = (
        Assessment.objects.filter(year=year, item=item)
        .prefetch_related("findings", "evidence")
        .first()
    )
    editable = (
        plan is not None
        and year.status in ASSESSMENT_EDITABLE
        and policy.may_assess(request.user, year, plan)
    )
    return ItemWork(item, plan, assessment, editable)


@login_required
def assessment_edit(request, pk: int, item_pk: int):
    """One item's self-assessment, written by a coordinator or its category's responsible person
    while the plan is approved; read-only for everyone else and for categories not chosen."""
    year = selectors.year_get(request.user, pk)
    work = _item_work(request, year, item_pk)
    form = AssessmentForm(
        request.POST or None,
        item=work.item,
        band_labels=year.criteria.band_labels,
        assessment=work.assessment,
    )
    if request.method == "POST":
        if not work.editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.assessment_save(
                    year=year, item=work.item, user=request.user, **form.assessment_fields()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Item %(code)s was saved.") % {"code": work.item.code})
                return redirect("pmqa:assessment_edit", year.pk, work.item.pk)
    context = {"year": year, "work": work, "form": form, **_stored(year, work)}
    return render(request, "pmqa/assessment_form.html", context)


def _stored(year: PmqaYear, work: ItemWork) -> dict:
    """What the item's assessment holds, for the page read without the form."""
    item, assessment = work.item, work.assessment
    labels = year.criteria.band_labels
    ratings = assessment.ratings if assessment else {}
    findings = list(assessment.findings.all()) if assessment else []
    return {
        "stored_ratings": [
            (d, DIMENSION_NAMES[d], labels[ratings[d]] if ratings.get(d) is not None else None)
            for d in item.dimensions
        ],
        "stored_strengths": [f for f in findings if f.kind == FindingKind.STRENGTH],
        "stored_ofis": [f for f in findings if f.kind == FindingKind.OFI],
        "stored_evidence": list(assessment.evidence.all()) if assessment else [],
        "stored_requirements": [
            (r, r.code in (assessment.requirements_met if assessment else []))
            for r in item.requirements.all()
        ],
        "status_open": year.status in ASSESSMENT_EDITABLE,
    }


@login_required
def comparisons(request, pk: int):
    """The organization's official total and group scores among comparable organizations':
    numbers only, never another organization's name or text."""
    year = selectors.year_get(request.user, pk)
    organization = year.organization
    context = {
        "year": year,
        "view": selectors.comparison_view(year),
        "department_group": (
            organization.get_department_group_display()
            if organization.kind == OrganizationKind.DEPARTMENT and organization.department_group
            else None
        ),
    }
    return render(request, "pmqa/comparisons.html", context)
