"""The documents of a PMQA year: the self-assessment report and the improvement plan.

- render_pmqa_assessment: รายงานผลการประเมินองค์การด้วยตนเอง ตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ:
  the year plan and working group, the organizational profile, every chosen category's items with
  their bands, findings and evidence, the summaries and seed 000's five steps
  (pmqa.selectors.assessment_view, profile_view; rules.pmqa.milestone_steps);
- render_pmqa_plan: แผนพัฒนาองค์การ, the improvement projects with their progress in each round of
  the fiscal year and the plan's progress (pmqa.selectors.plan_view).

Each reads the year through the same selectors as its pages, in a fixed number of queries. Until
the preliminary report is complete (the year is not yet REPORTED) every page says it is a draft:
no figure is printed without its status.

Unlike the four older documents, whose Thai wording lives in their .typ templates, these take
every word from gettext (English source strings, translated in the catalogue), so their templates
(templates/documents/pmqa_assessment.typ, pmqa_plan.typ, sharing _pmqa_page.typ) are layout only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from khamrap.pmqa import selectors
from khamrap.pmqa.choices import YearStatus
from khamrap.rules import pmqa as rules
from khamrap.rules import thai

from .formatting import DASH, date, document_meta, paragraphs, plain
from .typesetting import Unbroken, render_document

# --- shared --------------------------------------------------------------------------------------


def _meta(year, title: str, thai_digits: bool) -> dict:
    """The header of every page, with the draft mark while the preliminary report is not complete."""
    organization = year.organization.name_th
    meta = document_meta(organization, year.fiscal_year.year, title, thai_digits)
    meta["draft"] = "" if year.status == YearStatus.REPORTED else _("Draft")
    return meta


def _draft_note(year) -> str:
    if year.status == YearStatus.REPORTED:
        return ""
    return _(
        "Draft: the preliminary report is not complete yet (status: %(status)s). "
        "Its figures may still change."
    ) % {"status": year.get_status_display()}


def _fiscal_year(year) -> str:
    return _("Fiscal year B.E. %(year)s") % {"year": year.fiscal_year.year}


def _percent(value: Decimal | int | None) -> str:
    return f"{plain(value)}%" if value is not None else DASH


# --- the self-assessment report -----------------------------------------------------------------


def render_pmqa_assessment(year, *, thai_digits: bool = False) -> bytes:
    """The organization's self-assessment report against the PMQA criteria: the year's facts, the
    plan and working group, the organizational profile, each chosen category's items (band per
    dimension, mean band midpoint, requirements met, strengths, OFIs, evidence), the category and
    overall summaries, and seed 000's five steps with their dates."""
    view = selectors.assessment_view(year)
    profile = selectors.profile_view(year)
    members = list(year.members.all())
    units = [s.unit.name_th for s in year.selected_units.select_related("unit")]
    responsible = _responsible(view.chosen)
    steps = rules.milestone_steps(year.state())
    completeness = profile.completeness
    body = {
        "labels": _assessment_labels(),
        "organization": year.organization.name_th,
        "fiscal_year": _fiscal_year(year),
        "draft_note": _draft_note(year),
        "cover": [
            (_("Organization"), year.organization.name_th),
            (_("Fiscal year"), _("B.E. %(year)s") % {"year": year.fiscal_year.year}),
            (_("Criteria"), year.criteria.name_th),
            (_("Status"), year.get_status_display()),
            (
                _("Preliminary report complete on"),
                date(year.report_completed_on) or _("Not complete yet"),
            ),
        ],
        "categories_chosen": [
            {
                "name": _category_name(row.category),
                "scope": row.plan.get_scope_display(),
                "responsible": responsible.get(row.category.pk) or DASH,
            }
            for row in view.chosen
        ],
        "approval": _approval(year),
        "members": [
            {"name": Unbroken(m.name), "position": m.position or DASH, "role": m.get_role_display()}
            for m in members
        ],
        "units": units,
        "completeness": _(
            "%(answered)s of %(required)s required questions answered (%(percent)s%%): %(state)s"
        )
        % {
            "answered": completeness.answered,
            "required": completeness.required,
            "percent": completeness.percent,
            "state": _("complete") if completeness.complete else _("not complete"),
        },
        "sections": [
            {
                "title": f"{section.number}. {section.title_th}",
                "questions": [
                    {
                        "number": f"{question.number}.",
                        "text": question.text_th
                        + ("" if question.required else f" ({_('optional')})"),
                        "answers": paragraphs(answer) if rules.has_text(answer) else [],
                        "missing": _("Not answered"),
                    }
                    for question, answer in questions
                ],
            }
            for section, questions in profile.sections
        ],
        "legend": _(
            "Process items (categories 1–6) are rated on ADLI: A = Approach, D = Deployment, "
            "L = Learning, I = Integration; result items (category 7) on LeTCLi: Le = Level, "
            "T = Trend, C = Comparison, Li = Linkage. Each dimension is given one of the "
            "criteria's percentage bands (%(bands)s)."
        )
        % {"bands": ", ".join(year.criteria.band_labels)},
        "categories": [
            {
                "name": _category_name(row.category),
                "scope": row.plan.get_scope_display(),
                "items": [_item(item_row) for item_row in row.items],
                "summary_title": _("Summary of category %(number)s")
                % {"number": row.category.number},
                "summary": _summary(row.summary),
            }
            for row in view.chosen
        ],
        "overall": _summary(view.overall),
        "percent_note": _(
            "The percentage of an item is the mean of the midpoints of its rated bands; a "
            "category's and the whole assessment's are the mean of their rated items. It guides "
            "the organization's own improvement and is not a score of the performance agreement."
        ),
        "steps": _steps(year, steps, len(members)),
        "level": _("%(level)s of 5 steps") % {"level": steps.level},
    }
    title = _("Organizational self-assessment report, PMQA, %(organization)s, B.E. %(year)s") % {
        "organization": year.organization.name_th,
        "year": year.fiscal_year.year,
    }
    return render_document("pmqa_assessment.typ", _meta(year, title, thai_digits), body)


def _assessment_labels() -> dict[str, str]:
    return {
        "title": _("Organizational self-assessment report"),
        "subtitle": _("against the Public Sector Management Quality Award (PMQA) criteria"),
        "plan": _("The year plan"),
        "category": _("Category"),
        "scope": _("Scope"),
        "responsible": _("Responsible person"),
        "no_category": _("No category is chosen yet."),
        "working_group": _("The working group"),
        "no_member": _("No member is named yet."),
        "number": _("No."),
        "name": _("Name"),
        "position": pgettext("working group member", "Position"),
        "role": _("Role"),
        "units": _("Units selected"),
        "profile": _("The organizational profile"),
        "completeness": _("Completeness"),
        "assessment": _("The self-assessment by category"),
        "dimension": _("Dimension"),
        "band": _("Band"),
        "percent": _("Mean band midpoint"),
        "requirements": _("Requirements met"),
        "item_status": _("Answer"),
        "strengths": _("Strengths"),
        "ofis": _("Opportunities for improvement (OFI)"),
        "evidence": _("Evidence"),
        "nothing": _("None"),
        "summary": _("Summary"),
        "answered": _("Items answered"),
        "strength_count": _("Strengths"),
        "ofi_count": _("OFIs"),
        "overall": _("All chosen categories"),
        "by_dimension": _("Mean band midpoint by dimension, all chosen categories"),
        "steps": _("The five steps of the PMQA indicator"),
        "step": _("Step"),
        "step_what": _("What is done"),
        "step_done": _("Done on"),
        "level": _("Steps done"),
        "steps_note": _(
            "A step counts only when the steps before it are done, as the indicator's table "
            "scores them."
        ),
    }


def _category_name(category) -> str:
    return _("Category %(number)s %(name)s") % {
        "number": category.number,
        "name": category.name_th,
    }


def _responsible(chosen) -> dict[int, str]:
    """Each chosen category's responsible person: the name written, or the account's name (read
    in one query for all of them)."""
    from django.contrib.auth import get_user_model

    wanted = {
        row.plan.responsible_user_id
        for row in chosen
        if not row.plan.responsible_name and row.plan.responsible_user_id
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=wanted)} if wanted else {}
    names = {}
    for row in chosen:
        user = users.get(row.plan.responsible_user_id)
        name = row.plan.responsible_name or (user.display_name if user else "")
        names[row.category.pk] = Unbroken(name) if name else ""
    return names


def _approval(year) -> list[tuple[str, str]]:
    rows = [(_("Plan approved on"), date(year.plan_approved_on) or _("Not approved yet"))]
    if year.plan_approved_by_id:
        rows.append((_("Approved by"), Unbroken(year.plan_approved_by.display_name)))
    return rows


def _item(row) -> dict:
    item, assessment = row.item, row.assessment
    codes = [r.code for r in item.requirements.all()]
    met = set(assessment.requirements_met) if assessment else set()
    shown = [c for c in codes if c in met] + sorted(met - set(codes))
    if codes:
        requirements = _("%(met)s (%(count)s of %(total)s: %(codes)s)") % {
            "met": ", ".join(shown) or _("none"),
            "count": len(shown),
            "total": len(codes),
            "codes": ", ".join(codes),
        }
    else:
        requirements = ", ".join(shown) or DASH
    if row.answer.answered:
        status = _("Answered")
    elif assessment is None:
        status = _("Not assessed yet")
    else:
        status = _("Not complete: every dimension needs a band and a strength or an OFI")
    return {
        "code": item.code,
        "title": item.title_th,
        "dimensions": [{"name": d, "band": row.bands.get(d, DASH)} for d in item.dimensions],
        "percent": _percent(row.percent),
        "requirements": requirements,
        "status": status,
        "strengths": [f.text for f in row.strengths],
        "ofis": [f.text for f in row.ofis],
        "evidence": [e.title for e in assessment.evidence.all()] if assessment else [],
    }


def _summary(summary: rules.Summary) -> dict:
    return {
        "dimensions": [
            {"name": name, "value": _percent(value)} for name, value in summary.by_dimension.items()
        ],
        "answered": f"{summary.answered}/{summary.items}",
        "percent": _percent(summary.percent),
        "strengths": str(summary.strengths),
        "ofis": str(summary.ofis),
    }


def _steps(year, steps: rules.Steps, members: int) -> list[dict]:
    def counted(text: str, count: int, counted_text: str) -> str:
        return counted_text % {"count": count} if count else text

    texts = (
        counted(
            _("Briefing on PMQA held"),
            year.briefing_attendees,
            _("Briefing on PMQA held (%(count)s attendees)"),
        ),
        counted(
            _("Working group appointed and plan approved by the head"),
            members,
            _("Working group appointed (%(count)s members) and plan approved by the head"),
        ),
        counted(
            _("Self-assessment training held"),
            year.training_attendees,
            _("Self-assessment training held (%(count)s attendees)"),
        ),
        _("Organizational profile complete"),
        _("Preliminary self-assessment report complete"),
    )
    return [
        {
            "number": str(number),
            "text": text,
            "date": date(dt.date.fromisoformat(steps.dates[str(number)]))
            if number in steps.done
            else _("Not done yet"),
        }
        for number, text in enumerate(texts, start=1)
    ]


# --- the improvement plan ------------------------------------------------------------------------


def render_pmqa_plan(year, *, thai_digits: bool = False) -> bytes:
    """The improvement plan (แผนพัฒนาองค์การ): each project with the OFI it comes from, its owner,
    deadline, status and progress in each round of the fiscal year; the plan's progress today."""
    today = timezone.localdate()
    view = selectors.plan_view(year, today)
    rounds = list(year.fiscal_year.rounds.order_by("months"))
    progress = view.progress
    body = {
        "labels": {
            "projects": _("The projects"),
            "no_project": _("No project is planned yet."),
            "number": _("No."),
            "project": _("Project"),
            "ofi": _("From OFI (item)"),
            "from_ofi": _("OFI"),
            "owner": _("Owner"),
            "deadline": _("Deadline"),
            "status": _("Status"),
            "progress": _("Progress in each round"),
            "summary_note": _(
                "Cancelled projects are not counted. A project not done after its deadline is "
                "overdue. The mean progress is over the projects that reported, a project done "
                "counting as 100%."
            ),
        },
        "title": _("Organizational improvement plan, fiscal year B.E. %(year)s")
        % {"year": year.fiscal_year.year},
        "organization": year.organization.name_th,
        "draft_note": _draft_note(year),
        "cover": [(_("Status of the PMQA year"), year.get_status_display())],
        "summary_title": _("Progress of the plan on %(day)s") % {"day": date(today)},
        "rounds": [
            _("%(months)s months") % {"months": reporting_round.months}
            for reporting_round in rounds
        ],
        "projects": [_project(number, row, rounds) for number, row in enumerate(view.projects, 1)],
        "summary": [
            (_("Projects"), str(progress.projects)),
            (_("Done"), str(progress.done)),
            (_("Overdue"), str(progress.overdue)),
            (_("Mean progress"), _percent(progress.mean_progress)),
        ],
    }
    title = _("Organizational improvement plan, PMQA, %(organization)s, B.E. %(year)s") % {
        "organization": year.organization.name_th,
        "year": year.fiscal_year.year,
    }
    return render_document("pmqa_plan.typ", _meta(year, title, thai_digits), body)


def _project(number: int, row, rounds) -> dict:
    project = row.project
    ofi = project.ofi
    return {
        "number": str(number),
        "title": project.title,
        "ofi_code": ofi.assessment.item.code if ofi else DASH,
        "ofi_text": ofi.text if ofi else "",
        "owner": project.owner_name,
        "deadline": thai.format_date(project.deadline, short=True),
        "status": project.get_status_display(),
        "overdue": _("Overdue") if row.overdue else "",
        "progress": [
            _percent(report.progress) if (report := row.reports.get(r.pk)) else DASH for r in rounds
        ],
    }
