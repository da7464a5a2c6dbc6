"""The assessors' pages: a person's own score sheet, and every sheet side by side for the award
office with the consolidation.

Both start from `selectors.application_get` (404 for an application the person may not see); the
own sheet then needs an assignment to it, every sheet the award office's right (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khamrap.lib.views import apply_validation_error

from .. import selectors, services
from ..choices import Stage
from ..forms import SheetForm
from .applications import result_figures


@login_required
def sheet(request, pk: int):
    """The assessor's own sheet: points and a note per criterion (grouped by part), the bonus
    traits, or a recommendation for a type without points; saved, then finished once."""
    application = selectors.application_get(request.user, pk)
    view = selectors.application_view(application, request.user)
    if view.my_sheet is None:
        raise PermissionDenied
    finish = request.method == "POST" and "finish" in request.POST
    form = SheetForm(
        request.POST or None,
        sheet=view.my_sheet,
        criteria=view.criteria,
        bonus_traits=application.scheme.call.bonus_traits,
        finish=finish,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_save(
                assignment=view.my_sheet.assignment,
                user=request.user,
                finish=finish,
                **form.sheet_values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if finish:
                messages.success(request, _("The score sheet is finished. Thank you."))
                return redirect("awards:detail", application.pk)
            messages.success(request, _("The score sheet was saved."))
            return redirect("awards:sheet", application.pk)
    context = {
        "application": application,
        "view": view,
        "form": form,
        "editable": view.rights.score,
        "stored_traits": [
            trait
            for i, trait in enumerate(application.scheme.call.bonus_traits)
            if i in view.my_sheet.assignment.bonus_traits
        ],
    }
    return render(request, "awards/sheet.html", context)


@login_required
def sheets(request, pk: int):
    """Every assessor's sheet side by side, criterion by criterion with the notes, and the
    consolidation of the finished ones (the award office)."""
    application = selectors.application_get(request.user, pk)
    view = selectors.application_view(application, request.user)
    if not view.rights.see_sheets:
        raise PermissionDenied
    rows = []
    for index, criterion in enumerate(view.criteria):
        means = view.consolidated.by_criterion if view.consolidated else {}
        rows.append((criterion, [s.rows[index] for s in view.sheets], means.get(criterion.code)))
    traits = application.scheme.call.bonus_traits
    groups: list[tuple[str, list]] = []
    for row in rows:
        if groups and groups[-1][0] == row[0].group:
            groups[-1][1].append(row)
        else:
            groups.append((row[0].group, [row]))
    context = {
        "application": application,
        "view": view,
        "groups": groups,
        "result": result_figures(view),
        "announced": application.stage == Stage.ANNOUNCED,
        "notes": [
            (s, [traits[i] for i in s.assignment.bonus_traits if 0 <= i < len(traits)])
            for s in view.sheets
        ],
    }
    return render(request, "awards/sheets.html", context)
