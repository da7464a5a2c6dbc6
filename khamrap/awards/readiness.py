"""What keeps an application from being sent, and what the award history says of its eligibility.

Read by the submit service (which refuses while anything is missing) and by the pages (which show
the same list as "still to do", so a page never offers what the service refuses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khamrap.rules import awards as rules
from khamrap.rules import writing
from khamrap.rules.thai import format_date

from .choices import EligibilityRule, Stage
from .models import Application, AwardRecord, CallDate, MaintenanceReport

REASONS = {
    "type_1": lambda: _("no distinguished award in type 1 this year"),
    "type_2": lambda: _("no distinguished award in type 2 this year"),
    "type_3_or_4": lambda: _("no distinguished award in type 3 or 4 this year"),
    "no_distinguished_award": lambda: _(
        "no distinguished Public Service Award (types 1–4) since 2555"
    ),
    "too_recent": lambda: _("the distinguished award is less than three years old"),
    "reports_missing": lambda: _(
        "the yearly reports on keeping the standard are missing for one of the last three years"
    ),
    "not_two_years_excellent": lambda: _("no excellent level two years running"),
    "fewer_than_three_projects": lambda: _("fewer than three new projects"),
    "no_earlier_award": lambda: _("the earlier project has no good or excellent award"),
    "fewer_than_three_areas": lambda: _("fewer than three areas or groups added"),
    "applied_before": lambda: _("the project was already awarded"),
    "no_fundamental_level": lambda: _("no Fundamental Level certification in an earlier year"),
}


def reason_text(code: str) -> str:
    text = REASONS.get(code)
    return text() if text else code


def history_of(organization) -> list[rules.AwardHeld]:
    return [record.held() for record in AwardRecord.objects.filter(organization=organization)]


def history_eligibility(application: Application) -> rules.Eligibility | None:
    """The scheme's history rule applied to the organization's award history; None without one."""
    rule = application.scheme.eligibility_rule
    if not rule:
        return None
    year = application.scheme.call.fiscal_year.year
    history = history_of(application.organization)
    if rule == EligibilityRule.GRAND:
        return rules.grand_award_eligibility(history, year)
    if rule == EligibilityRule.CONTINUOUS:
        reports = MaintenanceReport.objects.filter(
            record__organization=application.organization
        ).values_list("year", flat=True)
        return rules.continuous_quality_eligibility(history, set(reports), year)
    if rule == EligibilityRule.DEVELOPMENT:
        return rules.participatory_development_eligibility(history, application.title)
    if rule == EligibilityRule.EXPANSION:
        earlier = application.earlier_award.work if application.earlier_award else ""
        return rules.participatory_expansion_eligibility(
            history, year, earlier, application.added_areas or 0
        )
    if rule == EligibilityRule.EXCELLENCE:
        return rules.participatory_excellence_eligibility(
            history, year, application.new_projects or 0
        )
    if rule == EligibilityRule.PMQA_CATEGORY:
        return rules.pmqa_category_eligibility(history, year)
    return None


@dataclass(frozen=True)
class Writing:
    """The writing aid of seed 004 slide 18, for the whole report."""

    words: int
    pages: int  # the estimate: the executive summary's pages plus the answers at words_per_page
    figures: int
    repeats: list[writing.Repeat]
    unanswered: list[str]  # the numbers of the questions left empty
    over_limit: list[str]  # the numbers of the answers over their word limit


def writing_aid(application: Application) -> Writing:
    call = application.scheme.call
    answers = {a.question_id: a for a in application.answers.all()}
    texts: dict[str, str] = {}
    if application.summary.strip():
        texts[_("Executive summary")] = application.summary
    unanswered, over, words = [], [], 0
    for question in application.scheme.questions.all():
        answer = answers.get(question.pk)
        text = answer.text if answer else ""
        count = answer.words if answer else 0  # counted once, when the answer was saved
        words += count
        if not text.strip():
            unanswered.append(question.number)
        else:
            texts[_("Question %(number)s") % {"number": question.number}] = text
        if question.word_limit and count > question.word_limit:
            over.append(question.number)
    figures = sum(len(writing.figures(text)) for text in texts.values())
    pages = writing.page_estimate(
        words, words_per_page=call.words_per_page, fixed_pages=call.summary_pages
    )
    return Writing(
        words=words,
        pages=pages,
        figures=figures,
        repeats=writing.repeated_sentences(texts),
        unanswered=unanswered,
        over_limit=over,
    )


def committee_problem(assignments) -> str:
    """Why the application cannot go to the committee yet ("" when it can): every assessor
    assigned must have finished their sheet. The service refuses with it, the page shows it."""
    if not assignments:
        return _("Assign at least one assessor first.")
    unfinished = sum(1 for a in assignments if a.submitted_at is None)
    if unfinished:
        return ngettext(
            "%(count)s assessor has not finished their score sheet.",
            "%(count)s assessors have not finished their score sheets.",
            unfinished,
        ) % {"count": unfinished}
    return ""


def receiving_dates(application: Application) -> CallDate | None:
    return CallDate.objects.filter(call_id=application.scheme.call_id, stage=Stage.RECEIVED).first()


def send_problems(
    application: Application, *, today: dt.date | None = None, aid: Writing | None = None
) -> list[str]:
    """Everything that keeps the application from being sent, in the order of the forms (`aid`:
    the writing aid when the caller has it already)."""
    today = today or timezone.localdate()
    scheme = application.scheme
    problems: list[str] = []
    window = receiving_dates(application)
    if window and today > window.ends_on:
        problems.append(
            _("Applications closed on %(date)s.") % {"date": format_date(window.ends_on)}
        )
    if window and today < window.starts_on:
        problems.append(
            _("Applications open on %(date)s.") % {"date": format_date(window.starts_on)}
        )
    if not scheme.is_open:
        problems.append(_("This award type takes no applications this year."))
    # Form 1
    for field in ("title", "unit_name", "contact_name", "contact_phone"):
        if not getattr(application, field).strip():
            problems.append(
                _("Form 1: give the %(field)s.")
                % {"field": Application._meta.get_field(field).verbose_name}
            )
    if application.started_on is None:
        problems.append(_("Form 1: say since when the work is in use."))
    if scheme.asks_participation and not application.participation_level:
        problems.append(_("Form 1: choose the level of public participation."))
    if scheme.asks_pmqa_category and not application.pmqa_category:
        problems.append(_("Form 1: choose the PMQA category applied for."))
    if scheme.eligibility_rule == EligibilityRule.EXPANSION:
        if application.earlier_award is None:
            problems.append(_("Form 1: choose the earlier award the project extends."))
        if application.added_areas is None:
            problems.append(_("Form 1: give the number of areas or groups added."))
    if scheme.eligibility_rule == EligibilityRule.EXCELLENCE and application.new_projects is None:
        problems.append(_("Form 1: give the number of new projects."))
    # Form 2
    answered = {a.condition_id: a for a in application.condition_answers.all()}
    for condition in scheme.conditions.all():
        answer = answered.get(condition.pk)
        if answer is None or answer.met is None:
            problems.append(
                _("Form 2: answer condition %(number)s.") % {"number": condition.number}
            )
        elif not answer.met:
            problems.append(
                _("Form 2: the work does not meet condition %(number)s.")
                % {"number": condition.number}
            )
    eligibility = history_eligibility(application)
    if eligibility is not None and not eligibility.met:
        problems.append(
            _("Form 2: the award history does not show the eligibility: %(reasons)s.")
            % {"reasons": ", ".join(reason_text(code) for code in eligibility.reasons)}
        )
    # Form 3
    aid = aid or writing_aid(application)
    if scheme.questions.exists() and not application.summary.strip():
        problems.append(_("Form 3: write the executive summary."))
    for number in aid.unanswered:
        problems.append(_("Form 3: answer question %(number)s.") % {"number": number})
    for number in aid.over_limit:
        problems.append(
            _("Form 3: the answer to question %(number)s is over its word limit.")
            % {"number": number}
        )
    limit = scheme.call.page_limit
    if limit and aid.pages > limit:
        problems.append(
            _("Form 3: the report comes to about %(pages)s pages; the limit is %(limit)s.")
            % {"pages": aid.pages, "limit": limit}
        )
    return problems
