"""The types whose eligibility khamrap reads from the award history: the grand award (type 5),
continuous quality (type 6), participatory expansion and excellence, the PMQA category award.

The history is what the award office entered (record_add) and what announced applications left;
an application the history does not support cannot be sent, and says why."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move
from khamrap.awards.models import MaintenanceReport
from khamrap.awards.readiness import history_eligibility

from .builders import fill, scheme, sent

pytestmark = pytest.mark.django_db


def record(world, office, year, family, number, level, work="บริการเบ็ดเสร็จ"):
    return services.record_add(
        organization=world.dept,
        user=office,
        year=year,
        family=family,
        number=number,
        scheme_name=f"{family} {number}",
        level=level,
        work=work,
    )


def draft(world, calls, family, number, title="ผลงาน", **values):
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, family, number),
        title=title,
        user=world.coordinator,
    )
    application = fill(application, world.coordinator)
    if values:
        application = services.applicant_save(
            application=application,
            user=world.coordinator,
            version=application.version,
            values=values,
        )
    return application


def test_the_grand_award_needs_distinguished_in_types_1_2_and_3_or_4_the_same_year(
    calls, world, office
):
    application = draft(world, calls, Family.PUBLIC_SERVICE, 5)
    assert history_eligibility(application).reasons == ("type_1", "type_2", "type_3_or_4")
    record(world, office, 2569, Family.PUBLIC_SERVICE, 1, Level.DISTINGUISHED)
    record(world, office, 2569, Family.PUBLIC_SERVICE, 2, Level.DISTINGUISHED)
    record(world, office, 2568, Family.PUBLIC_SERVICE, 4, Level.DISTINGUISHED)  # a year early
    record(world, office, 2569, Family.PUBLIC_SERVICE, 3, Level.GOOD)  # not distinguished
    assert history_eligibility(application).reasons == ("type_3_or_4",)
    with pytest.raises(ValidationError):
        sent(application, world.coordinator)
    record(world, office, 2569, Family.PUBLIC_SERVICE, 4, Level.DISTINGUISHED)
    eligibility = history_eligibility(application)
    assert eligibility.met
    assert sorted(held.number for held in eligibility.evidence) == [1, 2, 4]
    assert sent(application, world.coordinator).stage == "received"


def test_continuous_quality_needs_an_award_three_years_old_and_three_yearly_reports(
    calls, world, office
):
    application = draft(world, calls, Family.PUBLIC_SERVICE, 6)
    assert not history_eligibility(application).met
    award = record(world, office, 2566, Family.PUBLIC_SERVICE, 4, Level.DISTINGUISHED)
    for year in (2567, 2568):
        services.maintenance_report_add(
            record=award, user=world.coordinator, year=year, sent_on=dt.date(2025, 1, 10)
        )
    assert history_eligibility(application).reasons == ("reports_missing",)
    services.maintenance_report_add(
        record=award, user=world.coordinator, year=2569, sent_on=dt.date(2026, 1, 10)
    )
    assert history_eligibility(application).met
    assert MaintenanceReport.objects.count() == 3


def test_an_award_two_years_old_is_too_recent_for_continuous_quality(calls, world, office):
    application = draft(world, calls, Family.PUBLIC_SERVICE, 6)
    award = record(world, office, 2567, Family.PUBLIC_SERVICE, 1, Level.DISTINGUISHED)
    for year in (2568, 2569):
        services.maintenance_report_add(
            record=award, user=world.coordinator, year=year, sent_on=dt.date(2026, 1, 10)
        )
    assert "too_recent" in history_eligibility(application).reasons


def test_maintenance_reports_belong_to_a_distinguished_public_service_award(calls, world, office):
    good = record(world, office, 2566, Family.PUBLIC_SERVICE, 4, Level.GOOD)
    with pytest.raises(ValidationError):
        services.maintenance_report_add(
            record=good, user=world.coordinator, year=2567, sent_on=dt.date(2024, 1, 1)
        )
    award = record(world, office, 2566, Family.PUBLIC_SERVICE, 4, Level.DISTINGUISHED)
    with pytest.raises(ValidationError):  # not after the award
        services.maintenance_report_add(
            record=award, user=world.coordinator, year=2566, sent_on=dt.date(2023, 1, 1)
        )
    with pytest.raises(PermissionDenied):  # another organization's coordinator
        services.maintenance_report_add(
            record=award, user=world.outsider, year=2567, sent_on=dt.date(2024, 1, 1)
        )


def test_only_the_award_office_enters_past_awards(calls, world, office):
    for person in (world.coordinator, world.executive, world.outsider):
        with pytest.raises(PermissionDenied):
            record(world, person, 2566, Family.PUBLIC_SERVICE, 4, Level.DISTINGUISHED)
    with pytest.raises(ValidationError):
        record(world, office, 2566, Family.PUBLIC_SERVICE, 4, Level.NOT_PASSED)


def test_participatory_expansion_extends_an_earlier_good_award_to_three_more_areas(
    calls, world, office
):
    earlier = record(world, office, 2567, Family.PARTICIPATORY, 1, Level.GOOD, "ชุมชนเข้มแข็ง")
    application = draft(world, calls, Family.PARTICIPATORY, 2, earlier_award=earlier, added_areas=2)
    assert history_eligibility(application).reasons == ("fewer_than_three_areas",)
    application = services.applicant_save(
        application=application,
        user=world.coordinator,
        version=application.version,
        values={"added_areas": 3},
    )
    assert history_eligibility(application).met
    assert sent(application, world.coordinator).stage == "received"


def test_participatory_excellence_needs_excellent_two_years_running(calls, world, office):
    application = draft(world, calls, Family.PARTICIPATORY, 3, new_projects=3)
    record(world, office, 2566, Family.PARTICIPATORY, 1, Level.EXCELLENT)
    record(world, office, 2568, Family.PARTICIPATORY, 2, Level.EXCELLENT)  # not the next year
    assert history_eligibility(application).reasons == ("not_two_years_excellent",)
    record(world, office, 2567, Family.PARTICIPATORY, 2, Level.EXCELLENT)
    assert history_eligibility(application).met
    application = services.applicant_save(
        application=application,
        user=world.coordinator,
        version=application.version,
        values={"new_projects": 2},
    )
    assert history_eligibility(application).reasons == ("fewer_than_three_projects",)


def test_a_development_project_must_be_new(calls, world, office):
    record(world, office, 2567, Family.PARTICIPATORY, 1, Level.GOOD, "ชุมชนเข้มแข็ง")
    application = draft(world, calls, Family.PARTICIPATORY, 1, title="ชุมชนเข้มแข็ง")
    assert history_eligibility(application).reasons == ("applied_before",)
    application = draft(world, calls, Family.PARTICIPATORY, 1, title="ตลาดชุมชน")
    assert history_eligibility(application).met


def test_a_fundamental_level_certification_of_an_earlier_year_opens_the_category_award(
    calls, world, office
):
    category = draft(world, calls, Family.PMQA, 2, title="หมวด 1 การนำองค์การ")
    assert history_eligibility(category).reasons == ("no_fundamental_level",)
    record(world, office, 2568, Family.PMQA, 1, Level.AWARDED, "การรับรองระดับพื้นฐาน")
    assert history_eligibility(category).met
    assert sent(category, world.coordinator).stage == "received"
    assert category.events.get().move == Move.SUBMIT
