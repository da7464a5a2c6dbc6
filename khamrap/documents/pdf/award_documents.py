"""The documents of an award application: the application itself and its consolidated assessment.

- render_award_application: forms 1-3 as the award office receives them (ใบสมัคร, คุณสมบัติ,
  รายงานผลการดำเนินงาน): the applicant on a title page, each eligibility condition ticked or not
  with its explanation and the award history's answer where the type has a history rule, then the
  executive summary and every question's answer with its Thai word count and limit;
- render_award_assessment: the finished score sheets side by side, criterion group by group, with
  each criterion's mean, the total and its level, the bonus traits ticked and every assessor's
  notes; for a type with no points, each assessor's recommendation and the committee's decision.

Both read the application through awards.selectors.application_view (and so the consolidation of
awards.services), in a fixed number of queries: no score is worked out again here. A draft
application says "Draft" on every page; an assessment not yet announced says "Preliminary result"
on every page, and prints its status plainly. People outside the award office read the assessors
as "Assessor 1, 2, …", never by name.

Like the PMQA documents, every word comes from gettext (English source strings) and the templates
(templates/documents/award_application.typ, award_assessment.typ, sharing _pmqa_page.typ) are
layout only.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from khamrap.awards import selectors
from khamrap.awards.choices import EligibilityRule, Family, Level, Stage
from khamrap.awards.models import Assignment
from khamrap.awards.readiness import reason_text
from khamrap.rules import awards as rules

from .formatting import DASH, date, document_meta, paragraphs, plain
from .typesetting import Unbroken, render_document

# --- shared --------------------------------------------------------------------------------------


def _meta(application, title: str, mark: str, thai_digits: bool) -> dict:
    """The header of every page: the organization, the fiscal year and `mark` (a draft's, a result
    not yet announced) when there is one."""
    call = application.scheme.call
    meta = document_meta(
        application.organization.name_th, call.fiscal_year.year, title, thai_digits
    )
    meta["draft"] = mark
    return meta


def _scheme_name(scheme) -> str:
    return _("Type %(number)s: %(name)s") % {"number": scheme.number, "name": scheme.name_th}


def _year(application) -> str:
    return _("B.E. %(year)s") % {"year": application.scheme.call.fiscal_year.year}


def _label(choices, value: str) -> str:
    """The translated label of a stored choice (the value itself when it is no longer a choice)."""
    return str(dict(choices.choices).get(value, value)) if value else DASH


def _or_dash(value) -> str:
    return str(value) if value not in (None, "") else DASH


def _award(held: rules.AwardHeld) -> str:
    """One award of the organization's history, in a sentence."""
    return _("B.E. %(year)s, %(family)s type %(number)s, %(level)s: %(work)s") % {
        "year": held.year,
        "family": _label(Family, held.family),
        "number": held.number,
        "level": _label(Level, held.level),
        "work": held.work or DASH,
    }


# --- the application -----------------------------------------------------------------------------


def render_award_application(application, user, *, thai_digits: bool = False) -> bytes:
    """Forms 1-3 of `application` as `user` may read it (fetched by selectors.application_get):
    the applicant, the eligibility conditions and the report, "Draft" on every page until sent."""
    view = selectors.application_view(application, user)
    scheme, call = application.scheme, application.scheme.call
    draft = application.stage == Stage.DRAFT
    body = {
        "labels": {
            # Translators: seed 004's name of the form: แบบฟอร์มที่ 1 ใบสมัครขอรับรางวัล
            "form_1": _("Form 1: Application"),
            # Translators: แบบฟอร์มที่ 2 ประเมินลักษณะของผลงานที่สมัครขอรับรางวัลเบื้องต้น
            "form_2": _("Form 2: Eligibility"),
            # Translators: แบบฟอร์มที่ 3 รายงานผลการดำเนินการ
            "form_3": _("Form 3: Report on the work"),
            "met": _("Met"),
            "not_met": _("Not met"),
            "how": _("How"),
            "no_condition": _("This award type lists no condition."),
            "history": _("Eligibility from the award history"),
            "history_evidence": _("Awards that show it"),
            "summary": _("Executive summary"),
            "no_summary": _("Not written yet."),
            "questions": _("The questions"),
            "no_question": _("This award type asks no question."),
            "not_answered": _("Not answered"),
            "over": _("Over the word limit"),
        },
        "call": call.name_th,
        "scheme": _scheme_name(scheme),
        "fiscal_year": _("Fiscal year B.E. %(year)s") % {"year": call.fiscal_year.year},
        "draft_note": _("Draft: the application is not sent yet. What it says may still change.")
        if draft
        else "",
        "applicant": _applicant(application),
        "conditions": [
            {
                "number": str(answer.condition.number),
                "text": answer.condition.text_th,
                "met": answer.met is True,
                "not_met": answer.met is False,
                "explanation": answer.explanation.strip(),
            }
            for answer in view.conditions
        ],
        "eligibility": _eligibility(scheme, view.eligibility),
        "summary": paragraphs(application.summary),
        "answers": [_answer(row) for row in view.answers],
    }
    title = _("Award application, %(scheme)s, %(organization)s, B.E. %(year)s") % {
        "scheme": scheme.name_th,
        "organization": application.organization.name_th,
        "year": call.fiscal_year.year,
    }
    mark = _("Draft") if draft else ""
    return render_document(
        "award_application.typ", _meta(application, title, mark, thai_digits), body
    )


def _applicant(application) -> list[tuple[str, str]]:
    """Form 1, one fact a line; what only some types ask comes only for them."""
    scheme, call = application.scheme, application.scheme.call
    rows = [
        (_("Award"), call.name_th),
        (_("Award type"), _scheme_name(scheme)),
        (_("Fiscal year"), _year(application)),
        (_("Title of the work"), application.title),
        (_("Organization"), application.organization.name_th),
        (_("Unit responsible for the work"), _or_dash(application.unit_name)),
        (_("Contact person"), Unbroken(application.contact_name) or DASH),
        (pgettext("award contact person", "Position"), _or_dash(application.contact_position)),
        (_("Telephone"), _or_dash(application.contact_phone)),
        (_("E-mail"), _or_dash(application.contact_email)),
        (_("Work in use since"), date(application.started_on) or DASH),
    ]
    if scheme.asks_participation:
        level = application.participation_level
        rows.append(
            (
                _("Level of public participation"),
                application.get_participation_level_display() if level else DASH,
            )
        )
    if scheme.asks_pmqa_category:
        category = application.pmqa_category
        rows.append(
            (
                _("PMQA category applied for"),
                _("Category %(number)s") % {"number": category} if category else DASH,
            )
        )
    if scheme.eligibility_rule == EligibilityRule.EXPANSION:
        earlier = application.earlier_award
        rows.append((_("Earlier award extended"), _award(earlier.held()) if earlier else DASH))
        rows.append((_("Areas or groups added"), _or_dash(application.added_areas)))
    if scheme.eligibility_rule == EligibilityRule.EXCELLENCE:
        rows.append((_("New projects"), _or_dash(application.new_projects)))
    rows.append((_("Status"), application.get_stage_display()))
    if application.submitted_at:
        rows.append((_("Sent on"), date(application.submitted_at)))
    return rows


def _eligibility(scheme, eligibility: rules.Eligibility | None) -> dict | None:
    """What the organization's award history says of the type's history rule (None without one)."""
    if eligibility is None:
        return None
    if eligibility.met:
        result = _("Met")
    else:
        result = _("Not met: %(reasons)s") % {
            "reasons": ", ".join(reason_text(code) for code in eligibility.reasons)
        }
    return {
        "rule": scheme.get_eligibility_rule_display(),
        "met": eligibility.met,
        "result": result,
        "evidence": [_award(held) for held in eligibility.evidence],
    }


def _answer(row: selectors.QuestionAnswer) -> dict:
    question = row.question
    if question.word_limit:
        # Translators: 650 คำ (ไม่เกิน 700 คำ)
        words = _("%(words)s words (at most %(limit)s words)") % {
            "words": plain(row.words),
            "limit": plain(question.word_limit),
        }
    else:
        words = _("%(words)s words") % {"words": plain(row.words)}
    return {
        "number": question.number,
        "title": question.title_th,
        "text": paragraphs(row.text),
        "words": words,
        "over": row.over,
    }


# --- the consolidated assessment -----------------------------------------------------------------


def render_award_assessment(application, user, *, thai_digits: bool = False) -> bytes:
    """The consolidated assessment of `application` for `user`, who may see its result
    (policy.rights(...).see_result: the award office, or anyone who may read it once announced)."""
    view = selectors.application_view(application, user)
    if not view.rights.see_result:  # the download answers 403 before this; a job would too
        raise PermissionDenied
    scheme, call = application.scheme, application.scheme.call
    announced = application.stage == Stage.ANNOUNCED
    sheets = view.finished_sheets
    people = _assessor_names(sheets, named=view.rights.office)
    if announced:
        # Translators: ประกาศผลเมื่อ 31 กรกฎาคม 2569
        status = _("Announced on %(day)s") % {"day": date(application.announced_on) or DASH}
    else:
        # Translators: ผลเบื้องต้น (ยังไม่ประกาศผล)
        status = _("Preliminary result (not announced yet)")
    body = {
        "labels": _assessment_labels(),
        "title": _("Consolidated assessment"),
        "call": call.name_th,
        "scheme": _scheme_name(scheme),
        "fiscal_year": _("Fiscal year B.E. %(year)s") % {"year": call.fiscal_year.year},
        "status": status,
        "announced": announced,
        "facts": _assessment_facts(application, view, sheets),
        "has_points": view.has_points,
        "assessors": people,
    }
    if view.has_points:
        body.update(_points(application, view, sheets, announced))
        body["notes"] = _notes(sheets, people)
    else:  # the recommendations carry each assessor's note
        body.update(_recommendations(application, sheets, announced))
        body["notes"] = []
    title = _("Consolidated assessment, %(scheme)s, %(organization)s, B.E. %(year)s") % {
        "scheme": scheme.name_th,
        "organization": application.organization.name_th,
        "year": call.fiscal_year.year,
    }
    mark = "" if announced else _("Preliminary result")
    return render_document(
        "award_assessment.typ", _meta(application, title, mark, thai_digits), body
    )


def _assessment_labels() -> dict[str, str]:
    return {
        "status": _("Status"),
        "criterion": _("Criterion"),
        "maximum": _("Maximum"),
        "mean": _("Mean"),
        "subtotal": _("Subtotal"),
        "total": _("Total"),
        "level": _("Level"),
        "result": _("The result"),
        "no_sheet": _("No score sheet is finished yet."),
        "bonus": _("Bonus traits ticked"),
        "trait": _("Trait"),
        "no_trait": _("No assessor ticked a bonus trait."),
        "recommendations": _("The assessors' recommendations"),
        "assessor": _("Assessor"),
        "recommendation": _("Recommendation"),
        "note": _("Note"),
        "decision": _("The committee's decision"),
        "notes": _("The assessors' notes"),
        "overall_note": _("Overall note"),
        "no_note": _("No note."),
        "mean_note": _(
            "Only finished score sheets count. A criterion's mean is rounded to two decimal "
            "places, and the total is the sum of the means, so the table adds up."
        ),
    }


def _assessor_names(sheets: list[selectors.Sheet], *, named: bool) -> list[str]:
    """The office reads the assessors' names; anyone else "Assessor 1, 2, …"."""
    return [
        Unbroken(sheet.assignment.assessor.display_name)
        if named
        # Translators: ผู้ตรวจประเมิน 1
        else _("Assessor %(number)s") % {"number": number}
        for number, sheet in enumerate(sheets, start=1)
    ]


def _assessment_facts(application, view, sheets) -> list[tuple[str, str]]:
    rows = [
        (_("Award"), application.scheme.call.name_th),
        (_("Award type"), _scheme_name(application.scheme)),
        (_("Title of the work"), application.title),
        (_("Organization"), application.organization.name_th),
        (_("Stage"), application.get_stage_display()),
    ]
    if view.rights.office:  # only the office knows of sheets still being written
        rows.append(
            (
                _("Score sheets finished"),
                _("%(finished)s of %(assigned)s")
                % {"finished": len(sheets), "assigned": len(view.sheets)},
            )
        )
    else:
        rows.append((_("Score sheets"), str(len(sheets))))
    return rows


def _two_places(value: Decimal | None) -> str:
    """Points to two decimal places with thousands separators (1,025.00), as the means are kept."""
    return DASH if value is None else f"{value:,.2f}"


def _points(application, view, sheets, announced: bool) -> dict:
    """The table of a type scored by points: a group of criteria at a time, each criterion's points
    on every finished sheet and its mean (the consolidation's), then the total and its level."""
    consolidated = view.consolidated
    means = consolidated.by_criterion if consolidated else {}
    groups: list[dict] = []
    for criterion in view.criteria:
        if not groups or groups[-1]["name"] != criterion.group_th:
            groups.append({"name": criterion.group_th, "rows": [], "criteria": []})
        group = groups[-1]
        group["criteria"].append(criterion)
        group["rows"].append(
            {
                "code": criterion.code,
                "title": criterion.title_th,
                "maximum": plain(criterion.maximum),
                "points": [_sheet_points(sheet, criterion) for sheet in sheets],
                "mean": _two_places(means.get(criterion.code)),
            }
        )
    for group in groups:
        criteria = group.pop("criteria")
        group["maximum"] = plain(sum((c.maximum for c in criteria), Decimal(0)))
        group["points"] = [
            plain(sum((_points_of(sheet, c) for c in criteria), Decimal(0))) for sheet in sheets
        ]
        group["mean"] = (
            _two_places(sum((means[c.code] for c in criteria), Decimal(0)))
            if consolidated
            else DASH
        )
    if announced and application.level:
        total, level = application.total, application.level  # as announced
    elif consolidated:
        total, level = consolidated.total, consolidated.level
    else:
        total, level = None, ""
    return {
        "groups": groups,
        "maximum": plain(rules.sheet_maximum([c.limit() for c in view.criteria])),
        "totals": [plain(sheet.total) for sheet in sheets],
        "total": _two_places(total),
        "level": _label(Level, level),
        "bonus": _bonus(application.scheme.call.bonus_traits, sheets),
        "has_traits": bool(application.scheme.call.bonus_traits),
    }


def _points_of(sheet: selectors.Sheet, criterion) -> Decimal:
    row = next(r for r in sheet.rows if r.criterion.pk == criterion.pk)
    return Decimal(row.points or 0)


def _sheet_points(sheet: selectors.Sheet, criterion) -> str:
    row = next(r for r in sheet.rows if r.criterion.pk == criterion.pk)
    return plain(row.points) if row.points is not None else DASH


def _bonus(traits: list[str], sheets: list[selectors.Sheet]) -> list[dict]:
    """Each of the call's bonus traits ticked on at least one finished sheet, with the sheets that
    ticked it."""
    rows = []
    for index, trait in enumerate(traits):
        ticked = [index in sheet.assignment.bonus_traits for sheet in sheets]
        if any(ticked):
            rows.append({"text": trait, "ticked": ticked})
    return rows


def _recommendations(application, sheets, announced: bool) -> dict:
    """A type with no points: each assessor's recommendation and note, the committee's decision."""

    def recommendation(assignment: Assignment) -> str:
        if assignment.recommends is True:
            return _("Recommends the award")
        if assignment.recommends is False:
            return _("Does not recommend the award")
        return DASH

    if announced:
        decision = [(_("Level"), application.get_level_display() or DASH)]
        if application.result_note.strip():
            decision.append((_("Committee's note"), application.result_note.strip()))
    else:
        decision = [(_("Level"), _("Not decided yet"))]
    return {
        "recommendations": [
            {
                "recommendation": recommendation(sheet.assignment),
                "note": sheet.assignment.note or DASH,
            }
            for sheet in sheets
        ],
        "decision": decision,
    }


def _notes(sheets: Iterable[selectors.Sheet], people: list[str]) -> list[dict]:
    """Every assessor's notes: the overall note, then each criterion's note that says something."""
    return [
        {
            "name": name,
            "overall": paragraphs(sheet.assignment.note),
            "criteria": [
                {"code": row.criterion.code, "note": row.note}
                for row in sheet.rows
                if row.note.strip()
            ],
        }
        for sheet, name in zip(sheets, people, strict=True)
    ]
