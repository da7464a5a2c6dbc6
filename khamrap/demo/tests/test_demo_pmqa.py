"""The demo's PMQA years (khamrap/demo/pmqa.py): the department's complete first year, the
province's year half way, every row written through the PMQA services."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from khamrap.agreements.models import Agreement
from khamrap.demo.loader import demo_load
from khamrap.demo.people import CHIANG_RAI
from khamrap.demo.pmqa import LINK_INDICATOR, pmqa_indicator
from khamrap.pmqa import selectors, services
from khamrap.pmqa.choices import FindingKind, MemberRole, Scope, YearMove, YearStatus
from khamrap.pmqa.models import (
    Assessment,
    Finding,
    Item,
    PmqaYear,
    ProfileAnswer,
    Project,
    ProjectReport,
    YearEvent,
)
from khamrap.pmqa.services.indicator import reporting_round
from khamrap.reporting.models import Change, Result
from khamrap.rules import pmqa as rules


def year_of(code):
    return PmqaYear.objects.select_related("organization", "fiscal_year", "criteria").get(
        organization__code=code
    )


def user(username):
    return get_user_model().objects.get(username=username)


def test_the_department_has_a_complete_first_year_of_categories_1_and_2(demo):
    year = year_of("DOAE")
    assert year.status == YearStatus.REPORTED and year.fiscal_year.year == 2569
    assert rules.milestone_steps(year.state()).level == 5
    assert year.briefing_attendees > 0 and year.training_attendees > 0
    # Every day of the story is inside the fiscal year and in the order of the five steps.
    days = [
        year.briefing_on,
        year.plan_approved_on,
        year.training_on,
        year.profile_completed_on,
        year.report_completed_on,
    ]
    assert days == sorted(days)
    assert year.fiscal_year.starts_on <= days[0] and days[-1] <= year.fiscal_year.ends_on
    plans = {p.category.number: p for p in year.category_plans.select_related("category")}
    assert {n: p.scope for n, p in plans.items()} == {1: Scope.MANDATORY, 2: Scope.VOLUNTARY}
    assert all(rules.has_text(p.responsible_name) for p in plans.values())
    members = list(year.members.all())
    assert 4 <= len(members) <= 5
    assert [m.role for m in members].count(MemberRole.CHAIR) == 1
    assert year.plan_approved_by == user("executive")
    assert selectors.profile_view(year).completeness.complete


def test_every_item_of_the_departments_categories_is_answered_with_its_findings(demo):
    year = year_of("DOAE")
    view = selectors.assessment_view(year)
    rows = [r for c in view.chosen for r in c.items]
    assert [r.item.code for r in rows] == ["1.1", "1.2", "2.1", "2.2"]
    assert view.overall.complete
    assert len({r.percent for r in rows}) > 1  # varied bands
    for row in rows:
        assert 1 <= len(row.strengths) <= 3 and 1 <= len(row.ofis) <= 3
        assert row.assessment.evidence.exists()
        assert all(rules.has_text(f.text) for f in row.strengths + row.ofis)


def test_the_department_s_improvement_plan_comes_from_its_ofis_and_is_reported_each_round(demo):
    year = year_of("DOAE")
    projects = list(year.projects.select_related("ofi__assessment"))
    assert 3 <= len(projects) <= 4
    assert all(p.ofi.kind == FindingKind.OFI and p.ofi.assessment.year == year for p in projects)
    reported = set(
        ProjectReport.objects.filter(project__year=year).values_list(
            "reporting_round__months", flat=True
        )
    )
    assert reported == set(year.fiscal_year.rounds.values_list("months", flat=True))


def test_the_agreements_pmqa_indicator_takes_the_years_five_steps_once_linked(demo):
    year = year_of("DOAE")
    indicator = pmqa_indicator(Agreement.objects.get(organization=year.organization))
    assert indicator is not None and indicator.steps.count() == 5  # seed 000's indicator
    assert (year.indicator == indicator) if LINK_INDICATOR else year.indicator is None
    year = services.indicator_link(year=year, indicator=indicator, user=user("coordinator"))
    target = reporting_round(year)
    assert target is not None and target.months == 9  # the 6-month round is closed
    result = Result.objects.get(indicator=indicator, reporting_round=target)
    assert result.steps_done == [1, 2, 3, 4, 5]
    assert result.step_dates == rules.milestone_steps(year.state()).dates
    # Recorded through the reporting services: the result has its history.
    assert Change.objects.filter(result=result, field="steps_done").exists()


def test_the_province_selected_a_unit_and_is_half_way(demo):
    year = year_of(CHIANG_RAI)
    assert year.status == YearStatus.APPROVED
    units = list(year.selected_units.select_related("unit"))
    assert len(units) >= 1
    assert all(u.unit.path.startswith(year.organization.path) for u in units)
    plans = {p.category.number: p.scope for p in year.category_plans.select_related("category")}
    assert plans == {3: Scope.MANDATORY, 6: Scope.VOLUNTARY}
    assert year.plan_approved_by == user("governor.cri")
    profile = selectors.profile_view(year).completeness
    assert not profile.complete and 0 < profile.percent < 100
    assert year.profile_completed_on is None
    view = selectors.assessment_view(year)
    assessed = [r for c in view.chosen for r in c.items if r.assessment is not None]
    assert 1 <= len(assessed) < view.overall.items
    assert 1 <= year.projects.count() <= 2


def test_every_assessment_passes_the_rating_rules(demo):
    assessments = Assessment.objects.filter(
        year__organization__code__in=["DOAE", CHIANG_RAI]
    ).select_related("item", "year__criteria")
    assert assessments.count() >= 6
    for assessment in assessments:
        bands = len(assessment.year.criteria.bands)
        assert rules.rating_problems(assessment.ratings, assessment.item.kind, bands) == []
        assert set(assessment.ratings) == set(assessment.item.dimensions)


def test_the_years_were_written_through_the_services(demo):
    moves = {
        code: [(e.move, e.actor.username) for e in year_of(code).events.select_related("actor")]
        for code in ("DOAE", CHIANG_RAI)
    }
    assert moves["DOAE"] == [
        (YearMove.SUBMIT, "coordinator"),
        (YearMove.APPROVE, "executive"),
        (YearMove.COMPLETE, "coordinator"),
    ]
    assert moves[CHIANG_RAI] == [
        (YearMove.SUBMIT, "coordinator.cri"),
        (YearMove.APPROVE, "governor.cri"),
    ]
    # What the services stamp: who answered, who assessed, the assessments' versions.
    assert not ProfileAnswer.objects.filter(updated_by__isnull=True).exists()
    assert not Assessment.objects.filter(updated_by__isnull=True).exists()
    assert set(Assessment.objects.values_list("version", flat=True)) == {2}
    # A category's responsible user assessed it (the department's category 2 and the province's 3).
    assert set(
        Assessment.objects.filter(item__category__number__in=[2, 3]).values_list(
            "updated_by__username", flat=True
        )
    ) == {"supervisor", "supervisor.cri"}


def test_loading_the_demo_again_adds_no_pmqa_row(demo):
    def counts():
        return [
            model.objects.count()
            for model in (PmqaYear, YearEvent, Assessment, Finding, Project, ProjectReport, Change)
        ]

    before = counts()
    demo_load()
    assert counts() == before


def test_the_department_s_dashboard_shows_its_demo_year(client, demo):
    year = year_of("DOAE")
    client.force_login(user("supervisor"))
    response = client.get(reverse("pmqa:dashboard", args=[year.organization.pk]))
    assert response.status_code == 200
    assert response.context["latest"].year == year
    assert response.context["latest"].plan.projects == year.projects.count()
    text = response.content.decode()
    assert text.count("<svg") == 2 and 'data-status="reported"' in text
    client.force_login(user("coordinator.cri"))
    assert client.get(reverse("pmqa:dashboard", args=[year.organization.pk])).status_code == 404


@pytest.mark.parametrize("code", ["1.1", "3.1"])
def test_an_item_of_the_demo_names_its_evidence(demo, code):
    item = Item.objects.get(category__version__code="pmqa-fundamental-2553", code=code)
    assessment = Assessment.objects.get(item=item)
    assert [e.title for e in assessment.evidence.all()]
