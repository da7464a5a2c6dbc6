"""The PMQA dashboard of an organization: who sees it, its figures and charts, its query count."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from khamrap.periods.services import fiscal_year_create
from khamrap.pmqa import services
from khamrap.pmqa.choices import YearMove, YearStatus
from khamrap.pmqa.models import Item
from khamrap.pmqa.services.work import Evidence

from .conftest import answer_profile, assess_all, plan

pytestmark = pytest.mark.django_db


def url(organization):
    return reverse("pmqa:dashboard", args=[organization.pk])


def cell(text: str, row: str, figure: str) -> str:
    """The text of the cell `figure` of the table row whose opening tag has `row` (an attribute)."""
    found = re.search(rf"<tr {row}[^>]*>.*?data-figure=\"{figure}\">(.*?)</t[dh]>", text, re.S)
    assert found, (row, figure)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def reported(year, world, band=3):
    """`year` (approved) with its training held, its profile answered, every chosen item assessed
    in `band` and its preliminary report complete: the five steps done."""
    services.activity_record(
        year=year,
        user=world.coordinator,
        activity="training",
        held_on=dt.date(2026, 1, 15),
        attendees=30,
    )
    answer_profile(year, world.coordinator)
    assess_all(year, world.coordinator, band=band)
    services.year_move(year=year, move=YearMove.COMPLETE, user=world.coordinator)
    year.refresh_from_db()
    return year


def test_it_shows_the_dashboard_to_the_coordinator(client, world, approved):
    client.force_login(world.coordinator)
    response = client.get(url(world.dept))
    assert response.status_code == 200
    assert response.context["latest"].year == approved
    assert response.content.decode().count("<svg") == 2


def test_it_is_404_for_another_organization_and_for_someone_without_a_role(client, world, approved):
    for person in (world.outsider, world.nobody):
        client.force_login(person)
        assert client.get(url(world.dept)).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(url(world.other_dept)).status_code == 404


def test_it_asks_a_stranger_to_sign_in(client, world, approved):
    response = client.get(url(world.dept))
    assert response.status_code == 302 and "login" in response.url


def test_an_organization_without_a_year_shows_no_figure(client, world):
    client.force_login(world.coordinator)
    response = client.get(url(world.dept))
    assert response.status_code == 200
    assert response.context["latest"] is None and "<svg" not in response.content.decode()


def test_the_figures_follow_the_rules_after_every_item_is_assessed_in_band_3(
    client, world, approved
):
    reported(approved, world, band=3)
    client.force_login(world.collector)
    text = client.get(url(world.dept)).content.decode()
    # Band 3 is 50–65%: its midpoint 57.50 for every item, category and the whole.
    for number in (1, 2):
        assert cell(text, f'data-category="{number}"', "answered") == "2/2"
        assert cell(text, f'data-category="{number}"', "percent") == "57.50%"
    assert cell(text, 'data-category="all"', "percent") == "57.50%"
    for code in ("1.1", "1.2", "2.1", "2.2"):
        assert cell(text, f'data-item="{code}"', "percent") == "57.50%"
    assert text.count("A 50–65%") == 4
    assert cell(text, 'data-year="2569"', "steps") == "5/5"
    assert cell(text, 'data-year="2569"', "answered") == "100%"
    # The category chart draws the same figures, and says the report is complete.
    chart = text.split('id="category-chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("57.50%") >= 2
    assert 'data-status="reported"' in text and 'data-status="approved"' not in text


def test_a_year_still_being_assessed_is_shown_as_a_draft(client, world, approved):
    item = Item.objects.get(category__version=approved.criteria, code="1.1")
    services.assessment_save(
        year=approved,
        item=item,
        user=world.coordinator,
        version=1,
        ratings={"A": 5, "D": 4, "L": 4, "I": 3},
        ofis=["ทบทวนวิสัยทัศน์ร่วมกับผู้มีส่วนได้ส่วนเสีย"],
    )
    client.force_login(world.coordinator)
    text = client.get(url(world.dept)).content.decode()
    # Midpoints 95, 77.5, 77.5 and 57.5: 76.88 for the item, also its category's only rated item.
    assert cell(text, 'data-item="1.1"', "percent") == "76.88%"
    assert cell(text, 'data-category="1"', "answered") == "1/2"
    assert cell(text, 'data-category="2"', "percent") == "–"
    assert cell(text, 'data-year="2569"', "answered") == "25%"
    assert cell(text, 'data-year="2569"', "steps") == "2/5"  # briefing, plan approved
    assert 'data-status="reported"' not in text and text.count('data-status="approved"') >= 4


def test_the_improvement_plan_counts_done_overdue_and_mean_progress(
    client, world, approved, six, fiscal_year
):
    def project(title, deadline):
        return services.project_save(
            year=approved,
            user=world.coordinator,
            title=title,
            owner_name="กองแผนงาน",
            deadline=deadline,
        )

    done = project("ทบทวนแผนยุทธศาสตร์", dt.date(2026, 3, 31))
    late = project("ปรับปรุงระบบรับเรื่องร้องเรียน", dt.date(2025, 12, 31))
    project("จัดทำแผนบริหารความเสี่ยง", dt.date(2099, 9, 30))  # never reported
    services.project_report(project=done, reporting_round=six, user=world.coordinator, progress=100)
    services.project_report(project=late, reporting_round=six, user=world.coordinator, progress=40)
    client.force_login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(url(world.dept)).content.decode()
    figures = dict(re.findall(r'<dd data-figure="([a-z-]+)">(?:<[^>]+>)?([^<]*)', text))
    assert figures == {"projects": "3", "done": "1", "overdue": "1", "mean-progress": "70%"}
    assert cell(text, 'data-year="2569"', "plan") == "1 of 3 done · mean progress 70% 1 overdue"


def test_years_are_shown_oldest_first_with_their_own_figures(client, world, approved, criteria):
    earlier = services.year_create(
        organization=world.dept,
        fiscal_year=fiscal_year_create(year=2568),
        criteria=criteria,
        user=world.coordinator,
    )
    reported(approved, world, band=5)
    client.force_login(world.coordinator)
    response = client.get(url(world.dept))
    text = response.content.decode()
    assert [f.year for f in response.context["years"]] == [earlier, approved]
    assert re.findall(r'data-year="(\d+)"', text) == ["2568", "2569"]
    assert cell(text, 'data-year="2568"', "percent") == "–"
    assert cell(text, 'data-year="2569"', "percent") == "95.00%"
    trend = text.split('id="trend-chart"', 1)[1].split("</svg>", 1)[0]
    assert "95.00%" in trend and "2568" in trend
    assert earlier.status == YearStatus.PLANNING


def test_the_dashboard_runs_a_fixed_number_of_queries_as_years_and_work_grow(
    client, world, approved, six, criteria, django_assert_num_queries
):
    def project(n):
        made = services.project_save(
            year=approved,
            user=world.coordinator,
            title=f"โครงการที่ {n}",
            owner_name="กองแผนงาน",
            deadline=dt.date(2026, 9, 30),
        )
        services.project_report(
            project=made, reporting_round=six, user=world.coordinator, progress=20 * n
        )

    # One of each row the page reads: an assessment with a finding and evidence, a project with a
    # report (a prefetch with no parent row runs no query).
    item = Item.objects.get(category__version=approved.criteria, code="1.1")
    services.assessment_save(
        year=approved,
        item=item,
        user=world.coordinator,
        version=1,
        ratings={"A": 2},
        ofis=["ทบทวนวิสัยทัศน์"],
        evidence=[Evidence("รายงานการประชุมผู้บริหาร")],
    )
    project(1)
    client.force_login(world.coordinator)
    client.get(url(world.dept))
    # session, user, the organization; the years, their plans, assessments, findings, projects,
    # reports and the criteria's items; the latest year's categories, items, requirements, plans,
    # assessments, findings and evidence; the header's memberships
    with django_assert_num_queries(18):
        client.get(url(world.dept))
    for fiscal in (2566, 2567, 2568):
        other = services.year_create(
            organization=world.dept,
            fiscal_year=fiscal_year_create(year=fiscal),
            criteria=criteria,
            user=world.coordinator,
        )
        plan(other, world.coordinator)
    approved.assessments.all().delete()
    reported(approved, world)
    for n in (2, 3, 4):
        project(n)
    with django_assert_num_queries(18):
        response = client.get(url(world.dept))
    assert len(response.context["years"]) == 4 and response.context["latest"].plan.projects == 4
