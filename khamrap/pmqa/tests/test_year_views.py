"""The pages of a PMQA year's life: the list, the overview, the plan, working group, units,
briefing and training, the moves and the linked indicator; who is refused, bad input, a full walk."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from khamrap.organizations.choices import OrganizationKind, Role
from khamrap.organizations.services import organization_create
from khamrap.periods.services import fiscal_year_create
from khamrap.pmqa import services
from khamrap.pmqa.choices import MemberRole, Scope, YearMove, YearStatus
from khamrap.pmqa.models import CategoryPlan, PmqaYear, SelectedUnit, WorkingGroupMember
from khamrap.pmqa.services.year import CategoryChoice
from khamrap.reporting.models import Result
from khamrap.rules.thai import input_format

from .conftest import plan

pytestmark = pytest.mark.django_db

BRIEFING_DAY = dt.date(2025, 11, 20)  # in fiscal year 2569


def english(client):
    """The client reads the site in English (the language switch's cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def year_urls(year):
    """Every URL of this module that names a year."""
    pk = year.pk
    return [
        reverse("pmqa:year_detail", args=[pk]),
        reverse("pmqa:plan_edit", args=[pk]),
        reverse("pmqa:working_group_edit", args=[pk]),
        reverse("pmqa:units_edit", args=[pk]),
        reverse("pmqa:activity_edit", args=[pk, "briefing"]),
        reverse("pmqa:activity_edit", args=[pk, "training"]),
        reverse("pmqa:indicator_edit", args=[pk]),
        *(reverse("pmqa:year_move", args=[pk, move]) for move in YearMove.values),
    ]


def edit_urls(year):
    return [
        reverse("pmqa:plan_edit", args=[year.pk]),
        reverse("pmqa:working_group_edit", args=[year.pk]),
        reverse("pmqa:activity_edit", args=[year.pk, "briefing"]),
        reverse("pmqa:activity_edit", args=[year.pk, "training"]),
        reverse("pmqa:indicator_edit", args=[year.pk]),
    ]


def snapshot(year):
    """What the refused requests must leave as it was."""
    year = PmqaYear.objects.get(pk=year.pk)
    return (
        year.status,
        year.briefing_on,
        year.briefing_attendees,
        year.training_on,
        year.indicator_id,
        list(year.category_plans.values_list("category__number", "scope", "responsible_name")),
        list(year.members.values_list("name", "role")),
        list(year.selected_units.values_list("unit_id", flat=True)),
        year.events.count(),
    )


def plan_data(categories, **choices):
    """The plan form's fields: every category not chosen unless named in `choices`."""
    data = {f"scope_{c.number}": "" for c in categories}
    data.update({f"name_{c.number}": "" for c in categories})
    for number, (scope, name, *user) in choices.items():
        n = number.removeprefix("c")
        data[f"scope_{n}"], data[f"name_{n}"] = scope, name
        if user:
            data[f"user_{n}"] = user[0]
    return data


def members_data(rows, empty=3):
    data = {
        "members-TOTAL_FORMS": str(len(rows) + empty),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "100",
    }
    for n, (name, position, role) in enumerate([*rows, *[("", "", "member")] * empty]):
        data.update(
            {
                f"members-{n}-name": name,
                f"members-{n}-position": position,
                f"members-{n}-role": role,
            }
        )
    return data


@pytest.fixture
def province_year(world, fiscal_year, criteria):
    """A province with one unit below it, its coordinator, and its PMQA year."""
    province = organization_create(
        code="P57", name_th="จังหวัดเชียงราย", kind=OrganizationKind.PROVINCE
    )
    unit = organization_create(
        code="P57-1",
        name_th="สำนักงานจังหวัดเชียงราย",
        kind=OrganizationKind.PROVINCIAL_OFFICE,
        parent=province,
    )
    governor = world.person("governor", Role.COORDINATOR, province)
    year = services.year_create(
        organization=province, fiscal_year=fiscal_year, criteria=criteria, user=governor
    )
    year.unit, year.governor = unit, governor
    return year


# --- the pages render for the coordinator ------------------------------------------------------


def test_it_renders_every_page_for_the_coordinator(client, world, year):
    client.force_login(world.coordinator)
    assert client.get(reverse("pmqa:year_list")).status_code == 200
    for url in edit_urls(year):
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("pmqa:year_detail", args=[year.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("plan_edit", "working_group_edit", "indicator_edit"):
        assert reverse(f"pmqa:{name}", args=[year.pk]) in text
    assert reverse("pmqa:activity_edit", args=[year.pk, "briefing"]) in text
    for name in ("profile_edit", "assessment_list", "comparisons", "plan_detail"):
        assert reverse(f"pmqa:{name}", args=[year.pk]) in text
    assert reverse("pmqa:dashboard", args=[world.dept.pk]) in text
    assert f'id="move-{YearMove.SUBMIT}"' in text
    # A department has no units to select: the page is not there.
    assert client.get(reverse("pmqa:units_edit", args=[year.pk])).status_code == 404
    assert client.get(reverse("pmqa:activity_edit", args=[year.pk, "party"])).status_code == 404
    assert client.post(reverse("pmqa:year_move", args=[year.pk, "jump"])).status_code == 404
    assert client.get(reverse("pmqa:year_move", args=[year.pk, "submit"])).status_code == 405


def test_the_menu_leads_to_pmqa(client, world, year):
    client.force_login(world.coordinator)
    text = client.get(reverse("pmqa:year_detail", args=[year.pk])).content.decode()
    assert f'<a href="{reverse("pmqa:year_list")}" aria-current="page">' in text
    text = client.get(reverse("web:home")).content.decode()
    assert f'<a href="{reverse("pmqa:year_list")}" >' in text


def test_a_provinces_coordinator_selects_its_units(client, world, province_year):
    client.force_login(province_year.governor)
    url = reverse("pmqa:units_edit", args=[province_year.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert f'value="{province_year.unit.pk}"' in response.content.decode()
    assert client.post(url, {"units": [province_year.unit.pk]}).status_code == 302
    assert list(province_year.selected_units.values_list("unit_id", flat=True)) == [
        province_year.unit.pk
    ]
    text = client.get(reverse("pmqa:year_detail", args=[province_year.pk])).content.decode()
    assert province_year.unit.name_th in text


# --- who is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "nobody"])
def test_people_who_may_not_see_the_organization_get_404_everywhere(client, world, year, who):
    before = snapshot(year)
    client.force_login(getattr(world, who))
    for url in year_urls(year):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"sync": "1", "comment": "x"}).status_code == 404, url
    text = client.get(reverse("pmqa:year_list")).content.decode()
    assert reverse("pmqa:year_detail", args=[year.pk]) not in text
    assert snapshot(year) == before


def test_nobody_may_start_a_year_and_an_outsider_not_for_another_organization(
    client, world, fiscal_year, criteria
):
    data = {"organization": world.dept.pk, "fiscal_year": fiscal_year.pk, "criteria": criteria.pk}
    client.force_login(world.nobody)
    assert client.get(reverse("pmqa:year_create")).status_code == 404
    assert client.post(reverse("pmqa:year_create"), data).status_code == 404
    assert 'action="/pmqa/new/' not in client.get(reverse("pmqa:year_list")).content.decode()
    client.force_login(world.outsider)
    response = english(client).post(reverse("pmqa:year_create"), data)
    assert response.status_code == 200
    assert "Please choose one of the options offered." in response.content.decode()
    assert not PmqaYear.objects.exists()


def test_the_collector_reads_the_year_but_changes_nothing(client, world, year, criteria):
    before = snapshot(year)
    client.force_login(world.collector)
    response = client.get(reverse("pmqa:year_detail", args=[year.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("pmqa:plan_edit", args=[year.pk]) not in text
    assert 'id="moves"' not in text
    for url in edit_urls(year):
        assert client.get(url).status_code == 403, url
    categories = criteria.categories.all()
    posts = {
        reverse("pmqa:plan_edit", args=[year.pk]): plan_data(
            categories, c1=(Scope.MANDATORY, "ใครสักคน")
        ),
        reverse("pmqa:working_group_edit", args=[year.pk]): members_data(
            [("นายหนึ่ง", "", MemberRole.CHAIR)]
        ),
        reverse("pmqa:activity_edit", args=[year.pk, "briefing"]): {
            "held_on": input_format(BRIEFING_DAY),
            "attendees": "10",
        },
        reverse("pmqa:indicator_edit", args=[year.pk]): {"sync": "1"},
        reverse("pmqa:year_move", args=[year.pk, YearMove.SUBMIT]): {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    assert snapshot(year) == before


def test_the_head_approves_but_does_not_edit_the_plan(client, world, year, head):
    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    client.force_login(head)
    text = client.get(reverse("pmqa:year_detail", args=[year.pk])).content.decode()
    assert f'id="move-{YearMove.APPROVE}"' in text and f'id="move-{YearMove.RETURN}"' in text
    assert f'id="move-{YearMove.SUBMIT}"' not in text
    assert client.get(reverse("pmqa:plan_edit", args=[year.pk])).status_code == 403


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"attendees": "-1"}, "The number of attendees cannot be negative."),
        (
            {"held_on": input_format(BRIEFING_DAY), "attendees": "-1"},
            "Give the number of attendees.",
        ),
        (
            {
                "held_on": input_format(timezone.localdate() + dt.timedelta(days=3)),
                "attendees": "5",
            },
            "The day cannot be in the future.",
        ),
        ({"held_on": "31/02/2569", "attendees": "5"}, "This date does not exist in the calendar."),
        (
            {"held_on": "เมื่อวาน", "attendees": "5"},
            "Enter a date as day/month/year in the Buddhist Era, e.g. 31/03/2569.",
        ),
        ({"held_on": input_format(BRIEFING_DAY), "attendees": "ห้าสิบ"}, "as a whole number"),
    ],
)
def test_bad_activity_input_is_refused_on_the_form_and_changes_nothing(
    client, world, year, data, message
):
    before = snapshot(year)
    client.force_login(world.coordinator)
    response = english(client).post(
        reverse("pmqa:activity_edit", args=[year.pk, "briefing"]), {**data, "note": "บันทึก"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "บันทึก</textarea>" in text  # the input is kept
    assert snapshot(year) == before


def test_a_unit_of_another_organization_is_refused(client, world, province_year):
    client.force_login(province_year.governor)
    before = snapshot(province_year)
    response = english(client).post(
        reverse("pmqa:units_edit", args=[province_year.pk]), {"units": [world.bureau.pk]}
    )
    assert response.status_code == 200
    assert "Please choose one of the options offered." in response.content.decode()
    assert snapshot(province_year) == before and not SelectedUnit.objects.exists()


def test_a_responsible_user_outside_the_organization_is_refused(client, world, year, criteria):
    client.force_login(world.coordinator)
    data = plan_data(
        criteria.categories.all(), c1=(Scope.MANDATORY, "นางสาวหนึ่ง", world.outsider.pk)
    )
    response = english(client).post(reverse("pmqa:plan_edit", args=[year.pk]), data)
    assert response.status_code == 200
    assert "Please choose one of the options offered." in response.content.decode()
    assert 'value="นางสาวหนึ่ง"' in response.content.decode()
    assert not CategoryPlan.objects.exists()


def test_a_plan_without_a_mandatory_category_cannot_be_sent(client, world, year, criteria):
    client.force_login(world.coordinator)
    english(client)
    data = plan_data(criteria.categories.all(), c2=(Scope.VOLUNTARY, "นายสอง"))
    assert client.post(reverse("pmqa:plan_edit", args=[year.pk]), data).status_code == 302
    detail = client.get(reverse("pmqa:year_detail", args=[year.pk])).content.decode()
    assert "Choose at least one mandatory category." in detail  # owed before sending
    before = snapshot(year)
    response = client.post(reverse("pmqa:year_move", args=[year.pk, YearMove.SUBMIT]), follow=True)
    text = response.content.decode()
    assert "Choose at least one mandatory category." in text
    assert "Name the members of the working group." in text
    assert snapshot(year) == before


def test_two_chairs_are_refused_with_the_rows_kept(client, world, year):
    client.force_login(world.coordinator)
    data = members_data([("นายหนึ่ง", "รองอธิบดี", MemberRole.CHAIR), ("นายสอง", "", MemberRole.CHAIR)])
    response = english(client).post(reverse("pmqa:working_group_edit", args=[year.pk]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "The working group has one chair." in text
    assert 'value="นายสอง"' in text
    assert not WorkingGroupMember.objects.exists()


def test_a_return_needs_a_comment(client, world, year, head):
    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    client.force_login(head)
    english(client)
    url = reverse("pmqa:year_move", args=[year.pk, YearMove.RETURN])
    text = client.post(url, {"comment": "  "}, follow=True).content.decode()
    assert "Say what the working group should change." in text
    year.refresh_from_db()
    assert year.status == YearStatus.AWAITING_APPROVAL
    response = client.post(url, {"comment": "เพิ่มผู้รับผิดชอบหมวด 2"}, follow=True)
    year.refresh_from_db()
    assert year.status == YearStatus.PLANNING
    assert "The plan is sent back to the working group." in response.content.decode()
    client.force_login(world.coordinator)
    text = client.get(reverse("pmqa:year_detail", args=[year.pk])).content.decode()
    assert "เพิ่มผู้รับผิดชอบหมวด 2" in text


def test_the_plan_is_not_edited_once_sent(client, world, year, criteria):
    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    before = snapshot(year)
    client.force_login(world.coordinator)
    english(client)
    url = reverse("pmqa:plan_edit", args=[year.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("pmqa:year_detail", args=[year.pk])
    assert "This cannot be changed while the PMQA year is" in response.content.decode()
    data = plan_data(criteria.categories.all(), c3=(Scope.MANDATORY, "ใหม่"))
    assert client.post(url, data).status_code == 302
    assert snapshot(year) == before


def test_only_the_agreements_five_step_milestones_are_offered(client, world, year, agreement):
    client.force_login(world.coordinator)
    response = client.get(reverse("pmqa:indicator_edit", args=[year.pk]))
    offered = list(response.context["form"].fields["indicator"].queryset)
    assert [i.number for i in offered] == ["16"]
    numeric = agreement.indicators.get(number="1")
    response = client.post(
        reverse("pmqa:indicator_edit", args=[year.pk]), {"indicator": numeric.pk}
    )
    assert response.status_code == 200
    year.refresh_from_db()
    assert year.indicator_id is None
    milestone = agreement.indicators.get(number="16")
    client.post(reverse("pmqa:indicator_edit", args=[year.pk]), {"indicator": milestone.pk})
    year.refresh_from_db()
    assert year.indicator_id == milestone.pk
    client.post(
        reverse("pmqa:indicator_edit", args=[year.pk]), {"indicator": milestone.pk, "unlink": "1"}
    )
    year.refresh_from_db()
    assert year.indicator_id is None


def test_a_second_year_for_the_same_organization_and_fiscal_year_is_refused(
    client, world, year, fiscal_year, criteria
):
    client.force_login(world.coordinator)
    data = {"organization": world.dept.pk, "fiscal_year": fiscal_year.pk, "criteria": criteria.pk}
    response = english(client).post(reverse("pmqa:year_create"), data)
    assert response.status_code == 200
    assert "This organization already has a PMQA year for this fiscal year." in (
        response.content.decode()
    )
    assert PmqaYear.objects.count() == 1


# --- a year walked through its pages ----------------------------------------------------------


def test_a_year_walked_through_its_pages(client, world, fiscal_year, criteria, head, agreement):
    client.force_login(world.coordinator)
    english(client)
    response = client.post(
        reverse("pmqa:year_create"),
        {"organization": world.dept.pk, "fiscal_year": fiscal_year.pk, "criteria": criteria.pk},
    )
    year = PmqaYear.objects.get()
    assert response.url == reverse("pmqa:year_detail", args=[year.pk])
    detail = reverse("pmqa:year_detail", args=[year.pk])

    indicator = agreement.indicators.get(number="16")
    assert (
        client.post(
            reverse("pmqa:indicator_edit", args=[year.pk]), {"indicator": indicator.pk}
        ).status_code
        == 302
    )
    response = client.post(
        reverse("pmqa:activity_edit", args=[year.pk, "briefing"]),
        {"held_on": input_format(BRIEFING_DAY), "attendees": "45", "note": "ห้องประชุมใหญ่"},
    )
    assert response.status_code == 302
    data = plan_data(
        criteria.categories.all(),
        c1=(Scope.MANDATORY, "นางสาวหนึ่ง ผู้รับผิดชอบ", world.collector.pk),
        c2=(Scope.VOLUNTARY, "นายสอง ผู้รับผิดชอบ"),
    )
    assert client.post(reverse("pmqa:plan_edit", args=[year.pk]), data).status_code == 302
    members = [
        ("นายประธาน คณะทำงาน", "รองอธิบดี", MemberRole.CHAIR),
        ("นางสมาชิก คณะทำงาน", "ผู้อำนวยการกอง", MemberRole.MEMBER),
        ("นายเลขา คณะทำงาน", "นักวิเคราะห์นโยบายและแผน", MemberRole.SECRETARY),
    ]
    response = client.post(
        reverse("pmqa:working_group_edit", args=[year.pk]), members_data(members)
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert list(year.members.values_list("name", "position", "role")) == members
    assert list(year.category_plans.values_list("category__number", "scope")) == [
        (1, Scope.MANDATORY),
        (2, Scope.VOLUNTARY),
    ]
    assert year.category_plans.get(category__number=1).responsible_user == world.collector
    assert year.briefing_on == BRIEFING_DAY and year.briefing_attendees == 45

    page = client.get(detail)
    text = page.content.decode()
    assert "The plan is ready to be sent to the head." in text
    assert [s.done for s in page.context["steps"]] == [True, False, False, False, False]
    assert page.context["indicator"].in_step and 'id="indicator-in-step"' in text
    assert "20 November 2568" in text  # the briefing's day in the Buddhist Era

    response = client.post(reverse("pmqa:year_move", args=[year.pk, YearMove.SUBMIT]), follow=True)
    assert "The plan is sent to the head for approval." in response.content.decode()
    year.refresh_from_db()
    assert year.status == YearStatus.AWAITING_APPROVAL

    client.force_login(head)
    english(client)
    response = client.post(reverse("pmqa:year_move", args=[year.pk, YearMove.APPROVE]), follow=True)
    assert "The plan is approved: the self-assessment can begin." in response.content.decode()
    year.refresh_from_db()
    assert year.status == YearStatus.APPROVED and year.plan_approved_by == head

    # The head may not record the agreement's results: step 2 is recorded on behalf of the
    # coordinator who linked the indicator, and the page says the indicator is in step.
    client.force_login(world.coordinator)
    english(client)
    page = client.get(detail)
    text = page.content.decode()
    assert [s.done for s in page.context["steps"]] == [True, True, False, False, False]
    assert "Item 1.1 is not answered" in text  # what is owed now
    assert page.context["indicator"].in_step
    assert Result.objects.get(indicator=indicator).steps_done == [1, 2]
    # Someone changes the result by hand: the page says the indicator lags, and one button
    # brings it back to the year's steps.
    Result.objects.filter(indicator=indicator).update(steps_done=[1])
    text = client.get(detail).content.decode()
    assert 'id="indicator-lags"' in text and 'name="sync"' in text
    response = client.post(
        reverse("pmqa:indicator_edit", args=[year.pk]), {"sync": "1"}, follow=True
    )
    assert "The indicator holds the year&#x27;s steps." in response.content.decode()
    result = Result.objects.get(indicator=indicator)
    assert result.steps_done == [1, 2]
    assert result.step_dates["1"] == BRIEFING_DAY.isoformat()
    page = client.get(detail)
    assert page.context["indicator"].in_step
    assert [e.move for e in page.context["events"]] == [YearMove.SUBMIT, YearMove.APPROVE]


# --- query counts --------------------------------------------------------------------------------


def test_the_year_list_runs_a_fixed_number_of_queries(
    client, world, year, criteria, django_assert_num_queries
):
    client.force_login(world.coordinator)
    url = reverse("pmqa:year_list")
    client.get(url)
    # session, user, header memberships, may create (organizations coordinated), the years,
    # the create form's organizations, fiscal years and criteria versions
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.context["rows"] == [(year, 0)]
    for be_year in (2566, 2567, 2568):
        fy = fiscal_year_create(year=be_year)
        for organization in (world.dept, world.bureau):
            services.year_create(
                organization=organization, fiscal_year=fy, criteria=criteria, user=world.coordinator
            )
    with django_assert_num_queries(8):
        response = client.get(url)
    assert [y.fiscal_year.year for y, _level in response.context["rows"]] == [
        2569,
        2568,
        2568,
        2567,
        2567,
        2566,
        2566,
    ]


def test_the_year_page_runs_a_fixed_number_of_queries(
    client, world, year, head, agreement, django_assert_num_queries
):
    services.indicator_link(
        year=year, indicator=agreement.indicators.get(number="16"), user=world.coordinator
    )
    client.force_login(world.coordinator)
    url = reverse("pmqa:year_detail", args=[year.pk])
    client.get(url)
    # session, user, header memberships, the year; rights (coordinate, sign, responsible);
    # owed (plans, members, units); categories, plans; members, units; the indicator's round
    # and result; events
    with django_assert_num_queries(17):
        client.get(url)
    plan(year, world.coordinator)
    services.plan_save(
        year=year,
        user=world.coordinator,
        categories=[
            CategoryChoice(n, Scope.MANDATORY, f"ผู้รับผิดชอบ {n}", world.collector)
            for n in range(1, 8)
        ],
    )
    for _ in range(3):
        services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
        services.year_move(year=year, move=YearMove.RETURN, user=head, comment="แก้ไข")
    with django_assert_num_queries(17):
        response = client.get(url)
    assert len(response.context["events"]) == 6
