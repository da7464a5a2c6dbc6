import datetime as dt

import pytest
from django.urls import reverse

from khamrap.organizations.choices import Role
from khamrap.organizations.services import membership_grant
from khamrap.periods.models import FiscalYear
from khamrap.periods.services import fiscal_year_create


@pytest.fixture
def year_2569(db):
    return fiscal_year_create(year=2569)


def test_it_lists_fiscal_years_with_thai_dates(client, world, year_2569):
    client.force_login(world.collector)
    text = client.get(reverse("periods:fiscal_year_list")).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2569" in text
    assert "1 ตุลาคม 2568 ถึง 30 กันยายน 2569" in text
    assert "31 มีนาคม 2569" in text and "30 เมษายน 2569" in text
    assert "แก้ไขวันที่" not in text  # only administrators edit


def test_the_year_list_runs_a_fixed_number_of_queries(
    client, world, year_2569, django_assert_num_queries
):
    client.force_login(world.collector)
    url = reverse("periods:fiscal_year_list")
    client.get(url)
    # session, user, one for the edit permission (the collector manages nothing), header
    # memberships, years, their rounds
    with django_assert_num_queries(6):
        client.get(url)
    for year in range(2560, 2569):
        fiscal_year_create(year=year)
    with django_assert_num_queries(6):
        client.get(url)


def test_an_administrator_creates_a_year(client, world):
    client.force_login(world.superuser)
    response = client.post(
        reverse("periods:fiscal_year_create"), {"year": "2571", "round_months": ["6", "12"]}
    )
    assert response.status_code == 302
    assert list(FiscalYear.objects.get(year=2571).rounds.values_list("months", flat=True)) == [
        6,
        12,
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "สองพันห้าร้อย", "round_months": ["6"]}, "กรุณากรอกปีเป็นตัวเลข พ.ศ. เช่น 2570"),
        ({"year": "2026", "round_months": ["6"]}, "กรุณากรอกปีเป็น พ.ศ. เช่น 2570"),
        ({"year": "2571"}, "กรุณาเลือกรอบการรายงานอย่างน้อย 1 รอบ"),
        ({"year": "2571", "round_months": ["13"]}, "กรุณาเลือกจากตัวเลือกที่มีให้"),
    ],
)
def test_bad_input_to_the_year_form_gets_a_thai_message_and_saves_nothing(
    client, world, data, message
):
    client.force_login(world.superuser)
    response = client.post(reverse("periods:fiscal_year_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FiscalYear.objects.exists()


def test_a_duplicate_year_is_refused_on_the_form(client, world, year_2569):
    client.force_login(world.superuser)
    response = client.post(
        reverse("periods:fiscal_year_create"), {"year": "2569", "round_months": ["6"]}
    )
    assert "มีปีงบประมาณ พ.ศ. 2569 อยู่แล้ว" in response.content.decode()


def test_people_who_are_not_administrators_do_not_see_the_setup_pages(client, world, year_2569):
    round_pk = year_2569.rounds.first().pk
    for user in (world.coordinator, world.executive, world.outsider):
        client.force_login(user)
        assert client.get(reverse("periods:fiscal_year_create")).status_code == 404
        assert (
            client.post(reverse("periods:fiscal_year_create"), {"year": "2571"}).status_code == 404
        )
        assert (
            client.get(reverse("periods:reporting_round_edit", args=[round_pk])).status_code == 404
        )
    assert FiscalYear.objects.count() == 1


def test_years_are_set_up_by_whoever_manages_every_organization(client, world, year_2569):
    # The organization rule decides (Action.MANAGE): an administrator of one ministry does not set
    # up the years every ministry reports in; one who administers every top of the tree does.
    round_url = reverse("periods:reporting_round_edit", args=[year_2569.rounds.first().pk])
    ministry_admin = world.person("ministry-admin", Role.ADMINISTRATOR, world.ministry)
    client.force_login(ministry_admin)
    assert client.get(reverse("periods:fiscal_year_create")).status_code == 404
    assert client.get(round_url).status_code == 404
    assert "แก้ไขวันที่" not in client.get(reverse("periods:fiscal_year_list")).content.decode()
    membership_grant(
        user=ministry_admin, organization=world.other_ministry, role=Role.ADMINISTRATOR
    )
    assert client.get(reverse("periods:fiscal_year_create")).status_code == 200
    assert client.get(round_url).status_code == 200
    assert "แก้ไขวันที่" in client.get(reverse("periods:fiscal_year_list")).content.decode()


def test_an_administrator_moves_a_deadline_with_a_buddhist_era_date(client, world, year_2569):
    six = year_2569.rounds.get(months=6)
    client.force_login(world.superuser)
    url = reverse("periods:reporting_round_edit", args=[six.pk])
    assert 'value="30/04/2569"' in client.get(url).content.decode()
    response = client.post(url, {"cutoff_date": "31/03/2569", "deadline": "๑๕ พ.ค. ๒๕๖๙"})
    assert response.status_code == 302
    six.refresh_from_db()
    assert six.deadline == dt.date(2026, 5, 15)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cutoff_date": "31/03/2569", "deadline": "31/02/2569"}, "ไม่มีวันที่นี้ในปฏิทิน"),
        ({"cutoff_date": "31/03/2569", "deadline": "next week"}, "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ."),
        (
            {"cutoff_date": "31/03/2569", "deadline": "01/03/2569"},
            "กำหนดส่งรายงานต้องไม่ก่อนวันที่ตัดยอดข้อมูล",
        ),
        ({"cutoff_date": "31/12/2569", "deadline": "31/01/2570"}, "วันที่ตัดยอดข้อมูลต้องอยู่ในปีงบประมาณ"),
        ({"cutoff_date": "", "deadline": ""}, "กรุณากรอกข้อมูลช่องนี้"),
    ],
)
def test_bad_round_dates_get_a_thai_message_and_change_nothing(
    client, world, year_2569, data, message
):
    six = year_2569.rounds.get(months=6)
    client.force_login(world.superuser)
    response = client.post(reverse("periods:reporting_round_edit", args=[six.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    six.refresh_from_db()
    assert (six.cutoff_date, six.deadline) == (dt.date(2026, 3, 31), dt.date(2026, 4, 30))
