"""Reads of PMQA: a year's assessment and summaries, its plan, comparisons and the year-by-year view.

Every figure is computed by `rules.pmqa` from the rows read here in a fixed number of queries,
whatever the number of items, findings or projects; pages, documents and the dashboard share them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from khamrap.agreements.models import Agreement, FrameworkGroup
from khamrap.organizations.choices import Action, OrganizationKind
from khamrap.organizations.models import Organization
from khamrap.reporting.choices import ReportStatus
from khamrap.reporting.models import RoundReport, RoundStanding
from khamrap.reporting.scorecard import latest_official_round
from khamrap.rules import counting
from khamrap.rules import pmqa as rules

from .choices import FindingKind, ProjectStatus, Scope, YearStatus
from .models import (
    Assessment,
    Category,
    CategoryPlan,
    Finding,
    Item,
    PmqaYear,
    ProfileAnswer,
    ProfileQuestion,
    ProfileSection,
    Project,
    ProjectReport,
    item_answer,
)


def year_list(user, organization: Organization | None = None) -> QuerySet[PmqaYear]:
    """The PMQA years `user` may see, newest first (one query)."""
    years = PmqaYear.objects.for_user(user, Action.VIEW).select_related(
        "organization", "fiscal_year", "criteria"
    )
    if organization is not None:
        years = years.filter(organization=organization)
    return years.order_by("-fiscal_year__year", "organization__path")


def closed_rounds(year: PmqaYear) -> set[int]:
    """The rounds of the year whose organization's report is closed (one query): their project
    progress no longer changes (services.project_report refuses it)."""
    return set(
        RoundReport.objects.filter(
            agreement__organization_id=year.organization_id,
            reporting_round__fiscal_year_id=year.fiscal_year_id,
            status=ReportStatus.CLOSED,
        ).values_list("reporting_round_id", flat=True)
    )


def year_get(user, pk: int, action: str = Action.VIEW) -> PmqaYear:
    """A year `user` may act on, or Http404 (another organization's year is never revealed)."""
    return get_object_or_404(
        PmqaYear.objects.for_user(user, action).select_related(
            "organization", "fiscal_year", "criteria", "indicator__agreement"
        ),
        pk=pk,
    )


# --- the self-assessment -----------------------------------------------------------------------


@dataclass
class ItemRow:
    item: Item
    assessment: Assessment | None
    answer: rules.ItemAnswer
    percent: Decimal | None
    bands: dict[str, str]  # dimension -> band label ("50–65%"), rated dimensions only
    strengths: list[Finding] = field(default_factory=list)
    ofis: list[Finding] = field(default_factory=list)


@dataclass
class CategoryRow:
    category: Category
    plan: CategoryPlan | None
    items: list[ItemRow]
    summary: rules.Summary

    @property
    def chosen(self) -> bool:
        return self.plan is not None

    @property
    def mandatory(self) -> bool:
        return self.plan is not None and self.plan.scope == Scope.MANDATORY


@dataclass
class AssessmentView:
    year: PmqaYear
    categories: list[CategoryRow]
    overall: rules.Summary  # over the chosen categories' items

    @property
    def chosen(self) -> list[CategoryRow]:
        return [c for c in self.categories if c.chosen]

    def item_row(self, item_id: int) -> ItemRow | None:
        return next((r for c in self.categories for r in c.items if r.item.pk == item_id), None)


def assessment_view(year: PmqaYear) -> AssessmentView:
    """Every category and item of the year's criteria with its plan, assessment and figures
    (four queries: categories, items with requirements, plans, assessments with findings and
    evidence)."""
    bands = year.criteria.bands
    categories = list(
        Category.objects.filter(version=year.criteria_id).prefetch_related(
            Prefetch("items", queryset=Item.objects.prefetch_related("requirements"))
        )
    )
    plans = {p.category_id: p for p in CategoryPlan.objects.filter(year=year)}
    assessments = {
        a.item_id: a
        for a in Assessment.objects.filter(year=year).prefetch_related("findings", "evidence")
    }
    rows: list[CategoryRow] = []
    for category in categories:
        items = []
        for item in category.items.all():
            item.category = category  # already read: no query per item
            assessment = assessments.get(item.pk)
            findings = list(assessment.findings.all()) if assessment else []
            answer = item_answer(item, assessment)
            items.append(
                ItemRow(
                    item=item,
                    assessment=assessment,
                    answer=answer,
                    percent=answer.percent(bands),
                    bands={d: rules.band_label(bands[answer.ratings[d]]) for d in answer.rated()},
                    strengths=[f for f in findings if f.kind == FindingKind.STRENGTH],
                    ofis=[f for f in findings if f.kind == FindingKind.OFI],
                )
            )
        rows.append(
            CategoryRow(
                category=category,
                plan=plans.get(category.pk),
                items=items,
                summary=rules.summarize([r.answer for r in items], bands),
            )
        )
    chosen_answers = [r.answer for c in rows if c.chosen for r in c.items]
    return AssessmentView(year, rows, rules.summarize(chosen_answers, bands))


# --- the organizational profile -----------------------------------------------------------------


@dataclass
class ProfileView:
    sections: list[tuple[ProfileSection, list[tuple[ProfileQuestion, str]]]]
    completeness: rules.Completeness


def profile_view(year: PmqaYear) -> ProfileView:
    """The profile's sections, questions and answers, and its completeness (three queries)."""
    answers = dict(ProfileAnswer.objects.filter(year=year).values_list("question_id", "text"))
    sections = list(
        ProfileSection.objects.filter(version=year.criteria_id).prefetch_related("questions")
    )
    rows = [(s, [(q, answers.get(q.pk, "")) for q in s.questions.all()]) for s in sections]
    required = [q.pk for _s, qs in rows for q, _a in qs if q.required]
    return ProfileView(rows, rules.completeness(required, answers))


# --- the improvement plan -----------------------------------------------------------------------


@dataclass
class ProjectRow:
    project: Project
    reports: dict[int, ProjectReport]  # by reporting round id
    latest: ProjectReport | None
    overdue: bool


@dataclass
class PlanView:
    projects: list[ProjectRow]
    progress: rules.PlanProgress


def plan_view(year: PmqaYear, today: dt.date) -> PlanView:
    """The improvement plan's projects, each round's report, and the plan's progress (two
    queries)."""
    projects = list(
        Project.objects.filter(year=year)
        .select_related("ofi__assessment__item")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=ProjectReport.objects.select_related("reporting_round").order_by(
                    "reporting_round__months"
                ),
            )
        )
    )
    rows = []
    figures = []
    for project in projects:
        reports = list(project.reports.all())
        latest = reports[-1] if reports else None
        done = project.status == ProjectStatus.DONE
        figures.append(
            rules.ProjectFigure(
                progress=latest.progress if latest else None,
                done=done,
                cancelled=project.status == ProjectStatus.CANCELLED,
                deadline=project.deadline,
            )
        )
        rows.append(
            ProjectRow(
                project=project,
                reports={r.reporting_round_id: r for r in reports},
                latest=latest,
                overdue=not done
                and project.status != ProjectStatus.CANCELLED
                and project.deadline < today,
            )
        )
    return PlanView(rows, rules.plan_progress(figures, today))


# --- comparisons (the C of LeTCLi) ------------------------------------------------------------


@dataclass
class ComparisonRow:
    label: str
    comparison: rules.Comparison


@dataclass
class ComparisonView:
    """How the organization's official figures stand among comparable organizations'. Read only
    from the stored standings: numbers, never another organization's name or text."""

    agreement: Agreement | None
    reporting_round: object
    standing: str | None
    peers_described: str
    rows: list[ComparisonRow]


def _peers(organization: Organization) -> QuerySet[Organization]:
    """Comparable organizations: the same kind, and for departments the same group (seed 001)."""
    peers = Organization.objects.filter(kind=organization.kind, is_active=True)
    if organization.kind == OrganizationKind.DEPARTMENT and organization.department_group:
        peers = peers.filter(department_group=organization.department_group)
    return peers


def comparison_view(year: PmqaYear) -> ComparisonView:
    """The organization's total and group scores in its latest official round, ranked among the
    same round's official figures of comparable organizations of the same standing (like with
    like, rules.counting). Four queries, whatever the number of peers."""
    organization = year.organization
    described = str(organization.get_kind_display())
    agreement = (
        Agreement.objects.filter(organization=organization, fiscal_year=year.fiscal_year_id)
        .select_related("framework")
        .first()
    )
    target = latest_official_round(agreement) if agreement else None
    own = (
        RoundStanding.objects.filter(agreement=agreement, reporting_round=target).first()
        if target
        else None
    )
    if own is None:
        return ComparisonView(agreement, target, None, described, [])
    peers = list(
        RoundStanding.objects.filter(
            reporting_round=target,
            standing=own.standing,
            agreement__organization__in=_peers(organization),
        ).values_list("total_final", "groups")
    )
    rows = [
        ComparisonRow(
            _("Total score"),
            rules.compare(own.total_final, [t for t, _g in peers if t is not None]),
        )
    ]
    names = {g.pk: g for g in FrameworkGroup.objects.filter(framework=agreement.framework_id)}
    by_group: dict[int, list[Decimal]] = defaultdict(list)
    for _total, groups in peers:
        for g in groups or []:
            if g.get("final") is not None:
                by_group[g["group"]].append(Decimal(g["final"]))
    for g in own.groups or []:
        if g["group"] in names and g.get("final") is not None:
            rows.append(
                ComparisonRow(
                    str(names[g["group"]]), rules.compare(Decimal(g["final"]), by_group[g["group"]])
                )
            )
    return ComparisonView(agreement, target, counting.Standing(own.standing), described, rows)


# --- year by year -------------------------------------------------------------------------------


@dataclass
class YearFigures:
    year: PmqaYear
    steps: rules.Steps
    overall: rules.Summary
    by_category: dict[int, rules.Summary]
    plan: rules.PlanProgress


def years_overview(user, organization: Organization, today: dt.date) -> list[YearFigures]:
    """Each PMQA year of the organization with its figures, oldest first: the dashboard's
    year-by-year view (eight queries, whatever the number of years)."""
    years = list(
        year_list(user, organization)
        .order_by("fiscal_year__year")
        .prefetch_related(
            Prefetch("category_plans", queryset=CategoryPlan.objects.select_related("category")),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.prefetch_related("findings"),
            ),
            Prefetch(
                "projects",
                queryset=Project.objects.prefetch_related(
                    Prefetch(
                        "reports", queryset=ProjectReport.objects.select_related("reporting_round")
                    )
                ),
            ),
        )
    )
    items_by_version: dict[int, list[Item]] = defaultdict(list)
    for item in Item.objects.filter(
        category__version__in={y.criteria_id for y in years}
    ).select_related("category"):
        items_by_version[item.category.version_id].append(item)
    out = []
    for year in years:
        chosen = {p.category_id for p in year.category_plans.all()}
        assessments = {a.item_id: a for a in year.assessments.all()}
        answers = []
        for item in items_by_version[year.criteria_id]:
            if item.category_id not in chosen:
                continue
            answers.append(item_answer(item, assessments.get(item.pk)))
        figures = []
        for p in year.projects.all():
            reports = sorted(p.reports.all(), key=lambda r: r.reporting_round.months)
            figures.append(
                rules.ProjectFigure(
                    progress=reports[-1].progress if reports else None,
                    done=p.status == ProjectStatus.DONE,
                    cancelled=p.status == ProjectStatus.CANCELLED,
                    deadline=p.deadline,
                )
            )
        bands = year.criteria.bands
        out.append(
            YearFigures(
                year=year,
                steps=rules.milestone_steps(year.state()),
                overall=rules.summarize(answers, bands),
                by_category=rules.summarize_by_category(answers, bands),
                plan=rules.plan_progress(figures, today),
            )
        )
    return out


# --- the home page: PMQA work owed --------------------------------------------------------------


@dataclass
class OwedPmqa:
    """A PMQA year waiting for this person: its next step, said as a task."""

    year: PmqaYear
    task: str


def owed_pmqa(user, *, may_approve: bool, limit: int = 20) -> list[OwedPmqa]:
    """The PMQA work waiting for `user`: plans to approve (for a head, one query), plans to send
    and assessments to finish (for coordinators and the people responsible for a category, one
    query), oldest fiscal year first."""

    owed: list[OwedPmqa] = []
    related = ("organization", "fiscal_year")
    if may_approve:
        waiting = (
            PmqaYear.objects.for_user(user, Action.SIGN)
            .filter(status=YearStatus.AWAITING_APPROVAL)
            .select_related(*related)
            .order_by("fiscal_year__year", "organization__path")[:limit]
        )
        owed += [OwedPmqa(y, _("Approve the PMQA plan")) for y in waiting]
    coordinated = Organization.objects.for_user(user, Action.COORDINATE)
    working = (
        PmqaYear.objects.filter(status__in=[YearStatus.PLANNING, YearStatus.APPROVED])
        .filter(Q(organization__in=coordinated) | Q(category_plans__responsible_user=user.pk))
        .distinct()
        .select_related(*related)
        .order_by("fiscal_year__year", "organization__path")[:limit]
    )
    for year in working:
        if year.status == YearStatus.PLANNING:
            task = (
                _("Change the PMQA plan as the head asked and send it again")
                if year.return_comment
                else _("Finish the PMQA plan and send it for approval")
            )
        else:
            task = _("Assess the chosen items and complete the preliminary report")
        owed.append(OwedPmqa(year, task))
    return owed
