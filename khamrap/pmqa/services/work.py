"""The year's work: the organizational profile, each item's self-assessment, improvement projects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.periods.models import ReportingRound
from khamrap.reporting.choices import ReportStatus
from khamrap.reporting.models import RoundReport
from khamrap.rules import pmqa as rules

from ..choices import (
    ASSESSMENT_EDITABLE,
    PROFILE_EDITABLE,
    PROJECTS_EDITABLE,
    FindingKind,
    ProjectStatus,
)
from ..models import (
    Assessment,
    CategoryPlan,
    EvidenceLink,
    Finding,
    Item,
    PmqaYear,
    ProfileAnswer,
    ProfileQuestion,
    Project,
    ProjectReport,
    item_answer,
)
from ..policy import may_assess, require, require_status
from . import indicator as linked
from .locking import lock


def profile_completeness(year: PmqaYear) -> rules.Completeness:
    """How many of the version's required profile questions the year has answered."""
    required = ProfileQuestion.objects.filter(
        section__version=year.criteria_id, required=True
    ).values_list("pk", flat=True)
    answers = dict(year.profile_answers.values_list("question_id", "text"))
    return rules.completeness(required, answers)


@transaction.atomic
def profile_save(*, year: PmqaYear, user, answers: Mapping[int, str]) -> rules.Completeness:
    """Answers to profile questions (those not given keep theirs); the profile's completion day is
    kept while it stays complete and cleared when a required answer is emptied (seed 000 step 4)."""
    year = lock(year)
    require(user, year)
    require_status(year, PROFILE_EDITABLE)
    questions = set(
        ProfileQuestion.objects.filter(
            section__version=year.criteria_id, pk__in=list(answers)
        ).values_list("pk", flat=True)
    )
    if questions != set(answers):
        raise ValidationError(_("A question is not part of these criteria."), code="question")
    for question_id, text in answers.items():
        ProfileAnswer.objects.update_or_create(
            year=year, question_id=question_id, defaults={"text": text.strip(), "updated_by": user}
        )
    done = profile_completeness(year)
    if done.complete and year.profile_completed_on is None:
        year.profile_completed_on = timezone.localdate()
    elif not done.complete:
        year.profile_completed_on = None
    year.save(update_fields=["profile_completed_on", "updated_at"])
    linked.follow(year, user)
    return done


def report_messages(year: PmqaYear) -> list[str]:
    """What keeps the preliminary report from being complete: each chosen item not yet answered
    (seed 000's note: complete means every question answered)."""
    chosen = CategoryPlan.objects.filter(year=year).values_list("category_id", flat=True)
    items = Item.objects.filter(category_id__in=chosen).select_related("category")
    assessments = {
        a.item_id: a for a in year.assessments.prefetch_related("findings").filter(item__in=items)
    }
    if not items:
        return [_("The plan chooses no category to assess.")]
    return [
        _(
            "Item %(code)s is not answered: rate every dimension and write at least one strength "
            "or opportunity for improvement."
        )
        % {"code": item.code}
        for item in items
        if not item_answer(item, assessments.get(item.pk)).answered
    ]


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str = ""


def _texts(texts: Sequence[str]) -> list[str]:
    return [t.strip() for t in texts if rules.has_text(t)]


@transaction.atomic
def assessment_save(
    *,
    year: PmqaYear,
    item: Item,
    user,
    version: int,
    ratings: Mapping[str, int | None],
    strengths: Sequence[str] = (),
    ofis: Sequence[str] = (),
    evidence: Sequence[Evidence] = (),
    requirements_met: Sequence[str] = (),
) -> Assessment:
    """An item's self-assessment: a band for each dimension, strengths, OFIs and evidence.

    `version` is the version the form started from (1 before the first save): when someone saved
    in between, the save is refused (code "stale") instead of overwriting their work. OFIs keep
    their rows in order, so a project made from the second OFI stays linked to it when its text is
    corrected."""
    year = lock(year)
    item = Item.objects.select_related("category").get(pk=item.pk)
    if item.category.version_id != year.criteria_id:
        raise ValidationError(_("This item is not part of the year's criteria."), code="item")
    plan = CategoryPlan.objects.filter(year=year, category=item.category).first()
    if not may_assess(user, year, plan):
        raise PermissionDenied
    require_status(year, ASSESSMENT_EDITABLE)
    if plan is None:
        raise ValidationError(
            _("Category %(number)s is not in this year's plan.") % {"number": item.category.number},
            code="not_chosen",
        )
    ratings = {d: ratings.get(d) for d in item.dimensions}
    if rules.rating_problems(ratings, item.kind, len(year.criteria.bands)):
        raise ValidationError(_("Choose one of the bands for each dimension."), code="band")
    codes = set(item.requirements.values_list("code", flat=True))
    if not set(requirements_met) <= codes:
        raise ValidationError(_("A requirement is not part of this item."), code="requirement")
    validate_url = URLValidator(schemes=["http", "https"])
    for link in evidence:
        if not rules.has_text(link.title):
            raise ValidationError(_("Give each piece of evidence a title."), code="evidence")
        if link.url:
            try:
                validate_url(link.url)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(url)s” is not a web address (http:// or https://).") % {"url": link.url},
                    code="url",
                ) from error
    assessment, _created = Assessment.objects.select_for_update().get_or_create(
        year=year, item=item, defaults={"updated_by": user}
    )
    if assessment.version != version:
        raise ValidationError(
            _("Someone saved this item after you opened it. Reload the page to see their changes."),
            code="stale",
        )
    assessment.ratings = ratings
    assessment.requirements_met = sorted(set(requirements_met))
    assessment.updated_by = user
    assessment.version += 1
    assessment.save()
    _keep_findings(assessment, FindingKind.STRENGTH, _texts(strengths))
    _keep_findings(assessment, FindingKind.OFI, _texts(ofis))
    assessment.evidence.all().delete()
    EvidenceLink.objects.bulk_create(
        EvidenceLink(assessment=assessment, title=e.title.strip(), url=e.url.strip(), order=n)
        for n, e in enumerate(evidence)
    )
    return assessment


def _keep_findings(assessment: Assessment, kind: str, texts: list[str]) -> None:
    rows = list(assessment.findings.filter(kind=kind).order_by("order", "pk"))
    for n, text in enumerate(texts):
        if n < len(rows):
            if rows[n].text != text or rows[n].order != n:
                rows[n].text, rows[n].order = text, n
                rows[n].save(update_fields=["text", "order"])
        else:
            Finding.objects.create(assessment=assessment, kind=kind, text=text, order=n)
    for row in rows[len(texts) :]:
        row.delete()


@transaction.atomic
def project_save(
    *,
    year: PmqaYear,
    user,
    title: str,
    owner_name: str,
    deadline,
    status: str = ProjectStatus.PLANNED,
    ofi: Finding | None = None,
    project: Project | None = None,
) -> Project:
    """A project of the improvement plan, new or changed, usually made from one OFI."""
    year = lock(year)
    require(user, year)
    require_status(year, PROJECTS_EDITABLE)
    if project is not None and project.year_id != year.pk:
        raise PermissionDenied
    if ofi is not None and (ofi.kind != FindingKind.OFI or ofi.assessment.year_id != year.pk):
        raise ValidationError(
            _("Choose an opportunity for improvement of this year's assessment."), code="ofi"
        )
    if not rules.has_text(title) or not rules.has_text(owner_name):
        raise ValidationError(_("Give the project a name and an owner."), code="required")
    if status not in ProjectStatus.values:
        raise ValidationError(_("Choose a status."), code="status")
    if not year.fiscal_year.starts_on <= deadline:
        raise ValidationError(
            _("The deadline cannot be before the fiscal year starts."), code="deadline"
        )
    project = project or Project(year=year)
    project.ofi, project.title, project.owner_name = ofi, title.strip(), owner_name.strip()
    project.deadline, project.status = deadline, status
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_report(
    *, project: Project, reporting_round: ReportingRound, user, progress: int, note: str = ""
) -> ProjectReport:
    """A project's progress in a round, as an indicator's result is reported every round; a
    project reported at 100% is done, one reported above 0% has started."""
    year = lock(project.year)
    require(user, year)
    require_status(year, PROJECTS_EDITABLE)
    project = Project.objects.select_for_update().get(pk=project.pk, year=year)
    if reporting_round.fiscal_year_id != year.fiscal_year_id:
        raise ValidationError(_("The round is not in the year's fiscal year."), code="round")
    closed = RoundReport.objects.filter(
        agreement__organization_id=year.organization_id,
        reporting_round=reporting_round,
        status=ReportStatus.CLOSED,
    )
    if closed.exists():  # the round's figures are final: its reports no longer change
        raise ValidationError(
            _("The %(months)s-month round is closed: its progress can no longer change.")
            % {"months": reporting_round.months},
            code="closed",
        )
    if project.status == ProjectStatus.CANCELLED:
        raise ValidationError(_("A cancelled project is not reported."), code="cancelled")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError(_("Progress is a whole number from 0 to 100."), code="progress")
    report, _created = ProjectReport.objects.update_or_create(
        project=project,
        reporting_round=reporting_round,
        defaults={"progress": progress, "note": note.strip(), "reported_by": user},
    )
    status = (
        ProjectStatus.DONE
        if progress == 100
        else ProjectStatus.IN_PROGRESS
        if progress > 0
        else project.status
    )
    if status != project.status:
        project.status = status
        project.save(update_fields=["status", "updated_at"])
    return report
