"""The applicant's three forms, written while the application is a draft, and the live Thai word
count of form 3's answers.

Each form page starts from `selectors.application_get` (404 for an application the person may not
see), then needs `rights.edit_forms` (403 otherwise: the organization's coordinators, in draft).
A refused save comes back with what was typed and the refusal beside it.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khamrap.lib.views import apply_validation_error
from khamrap.rules import writing

from .. import selectors, services
from ..forms import ApplicantForm, ConditionsForm, ReportForm
from ..models import Answer, Application, ConditionAnswer, Question
from ..policy import rights
from ..readiness import history_eligibility, reason_text, writing_aid

# The most characters the live count reads (an answer of 1,400 Thai words is about 10,000).
WORDS_TEXT_LIMIT = 60_000


def _editable(request, pk: int) -> Application:
    application = selectors.application_get(request.user, pk)
    if not rights(request.user, application).edit_forms:
        raise PermissionDenied
    return application


def _saved(request, application: Application, form_number: int):
    messages.success(request, _("Form %(number)s was saved.") % {"number": form_number})
    return redirect("awards:detail", application.pk)


@login_required
def form_1(request, pk: int):
    """Form 1: the work, the applicant and what the award type asks."""
    application = _editable(request, pk)
    form = ApplicantForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.applicant_save(
                application=application,
                user=request.user,
                version=form.cleaned_data["version"],
                values=form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, application, 1)
    context = {"application": application, "form": form, "number": 1}
    return render(request, "awards/form_1.html", context)


def _conditions(application: Application):
    answers = {a.condition_id: a for a in ConditionAnswer.objects.filter(application=application)}
    return [(c, answers.get(c.pk)) for c in application.scheme.conditions.order_by("number")]


@login_required
def form_2(request, pk: int):
    """Form 2: each eligibility condition of the type, met or not, and how."""
    application = _editable(request, pk)
    form = ConditionsForm(
        request.POST or None, application=application, conditions=_conditions(application)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conditions_save(
                application=application,
                user=request.user,
                version=form.cleaned_data["version"],
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, application, 2)
    eligibility = history_eligibility(application)
    context = {
        "application": application,
        "form": form,
        "number": 2,
        "eligibility": eligibility,
        "reasons": [reason_text(code) for code in eligibility.reasons] if eligibility else [],
    }
    return render(request, "awards/form_2.html", context)


def _answers(application: Application) -> list[selectors.QuestionAnswer]:
    saved = {a.question_id: a for a in Answer.objects.filter(application=application)}
    return [
        selectors.QuestionAnswer(
            q,
            saved[q.pk].text if q.pk in saved else "",
            saved[q.pk].words if q.pk in saved else 0,
        )
        for q in Question.objects.filter(scheme_id=application.scheme_id).order_by("order", "pk")
    ]


@login_required
def form_3(request, pk: int):
    """Form 3: the executive summary and the answers, each with its Thai word count and limit."""
    application = _editable(request, pk)
    form = ReportForm(request.POST or None, application=application, answers=_answers(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(
                application=application,
                user=request.user,
                version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, application, 3)
    rows = []
    for answer, field in form.rows:
        # The count of what the box holds: the saved count first, what was typed after a refusal.
        limit = answer.question.word_limit
        if form.is_bound:
            rows.append((answer.question, field, _counted(field.value() or "", limit)))
        else:
            rows.append((answer.question, field, _count(answer.words, limit)))
    summary = form["summary"].value() or ""
    context = {
        "application": application,
        "form": form,
        "number": 3,
        "rows": rows,
        "summary_count": _counted(summary, None),
        "aid": writing_aid(application),
        "call": application.scheme.call,
    }
    return render(request, "awards/form_3.html", context)


def _counted(text: str, limit: int | None) -> dict:
    """The words of `text` as the fragment shows them (too long a text is not counted)."""
    return _count(None if len(text) > WORDS_TEXT_LIMIT else writing.word_count(text), limit)


def _count(words: int | None, limit: int | None) -> dict:
    return {
        "words": words,
        "limit": limit,
        "over": words is not None and bool(limit) and words > limit,
        "too_long": words is None,
    }


@login_required
@require_POST
def words(request):
    """The Thai word count of one answer as it is typed (an htmx fragment; nothing is saved).

    Posted by form 3's boxes: `field` names the box whose text is counted (`text` when absent) and
    `limit` its word limit."""
    text = request.POST.get(request.POST.get("field") or "text", "")
    limit = request.POST.get("limit", "")
    limit = int(limit) if re.fullmatch(r"[0-9]{1,6}", limit) else None
    return render(request, "awards/_words.html", {"count": _counted(text, limit)})
