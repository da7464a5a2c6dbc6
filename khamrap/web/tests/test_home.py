import datetime as dt

import pytest
from django.urls import reverse

from khamrap.organizations.choices import Role
from khamrap.periods.services import fiscal_year_create


@pytest.fixture
def years(db):
    return fiscal_year_create(year=2569), fiscal_year_create(year=2570)


def test_it_sends_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_today_in_the_thai_calendar_and_the_current_fiscal_year(
    client, world, years, time_machine
):
    time_machine.move_to(dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC))
    client.force_login(world.coordinator)
    text = client.get(reverse("web:home")).content.decode()
    assert "วันนี้ 2 เมษายน 2569" in text
    assert "ปีงบประมาณ พ.ศ. 2569" in text


def test_it_lists_the_next_deadlines_with_their_state(client, world, years, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC))
    client.force_login(world.coordinator)
    response = client.get(reverse("web:home"))
    rounds = response.context["work"].rounds_due
    assert [(r.fiscal_year.year, r.months) for r in rounds] == [(2569, 6), (2569, 9), (2569, 12)]
    text = response.content.decode()
    assert "ผลการดำเนินงานถึง 31 มีนาคม 2569 กำหนดส่ง 30 เมษายน 2569" in text
    assert "อยู่ในช่วงรายงานผล" in text


def test_it_shows_a_card_for_each_role_the_person_holds(client, world, years):
    from khamrap.organizations.choices import Role
    from khamrap.organizations.services import membership_grant

    membership_grant(user=world.coordinator, organization=world.dept, role=Role.SUPERVISOR)
    client.force_login(world.coordinator)
    text = client.get(reverse("web:home")).content.decode()
    assert "จัดทำร่างคำรับรอง" in text
    assert "ตรวจสอบและอนุมัติผลการดำเนินงาน" in text


def test_it_tells_a_person_without_a_role_whom_to_ask(client, world, years):
    client.force_login(world.nobody)
    assert "คุณยังไม่มีบทบาทในหน่วยงานใด" in client.get(reverse("web:home")).content.decode()


def test_the_header_shows_the_persons_organizations_and_roles(client, world, years):
    client.force_login(world.executive)
    text = client.get(reverse("web:home")).content.decode()
    assert "ผู้บริหาร" in text and "กระทรวงหนึ่ง" in text


def test_the_home_page_runs_a_fixed_number_of_queries(
    client, world, years, django_assert_num_queries
):
    from khamrap.organizations.choices import Role
    from khamrap.organizations.services import membership_grant

    client.force_login(world.executive)
    url = reverse("web:home")
    client.get(url)
    # session, user, header memberships, card memberships, current year + its rounds, rounds due,
    # what the person owes (rounds being reported, then nothing more when there is none), and the
    # agreements waiting for an executive's signature, PMQA plans waiting for a head's approval
    # and PMQA years the person works on, award score sheets the person owes as an assessor
    with django_assert_num_queries(13):
        client.get(url)
    # An evaluator's reports waiting for verification and the award office's applications to
    # check: two queries more, however many organizations.
    for organization in (world.dept, world.dept2, world.bureau, world.other_dept):
        membership_grant(user=world.executive, organization=organization, role=Role.EVALUATOR)
    with django_assert_num_queries(15):
        client.get(url)


def test_it_speaks_thai_even_when_the_browser_asks_for_english(client, world, years):
    client.force_login(world.coordinator)
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "งานของฉัน" in response.content.decode()
    assert response["Content-Language"] == "th"


def test_it_speaks_english_once_the_person_chooses_it(client, world, years):
    client.force_login(world.coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("web:home"))
    text = response.content.decode()
    assert "My work" in text
    assert "Department of" not in text  # the fixture has no English names: Thai is kept
    assert "กรมหนึ่ง" in text
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    assert "งานของฉัน" in client.get(reverse("web:home")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_thai(client, world, years, settings):
    client.force_login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "งานของฉัน" in client.get(reverse("web:home")).content.decode()


# --- owed work of each role --------------------------------------------------------------------


@pytest.fixture
def april(time_machine):
    # Fiscal year 2569's six-month round is being reported: results up to 31 March, due 30 April.
    time_machine.move_to(dt.datetime(2026, 4, 23, 9, 0, tzinfo=dt.UTC))


def test_the_evaluator_sees_the_reports_waiting_for_verification(
    client, world, agreement, fiscal_year, evaluator, april
):
    from khamrap.reporting.tests.workflow import submitted_round

    client.force_login(evaluator)
    assert "รายงานที่รอคุณตรวจสอบ" not in client.get(reverse("web:home")).content.decode()
    six = fiscal_year.rounds.get(months=6)
    submitted_round(agreement, six, world)
    text = client.get(reverse("web:home")).content.decode()
    assert "รายงานที่รอคุณตรวจสอบ" in text
    assert reverse("reporting:round_detail", args=[agreement.pk, six.pk]) in text
    assert "กรมหนึ่ง" in text
    # Submitted on 23 April, before the deadline of 30 April: not marked late.
    assert "ส่งช้า" not in text
    # Another ministry's evaluator is not told of it.
    other = world.person("other-evaluator", Role.EVALUATOR, world.other_ministry)
    client.force_login(other)
    assert "รายงานที่รอคุณตรวจสอบ" not in client.get(reverse("web:home")).content.decode()


def test_the_executive_sees_the_agreement_waiting_for_a_signature(client, world, agreement, signer):
    from khamrap.agreements.choices import Transition
    from khamrap.agreements.services import agreement_transition

    client.force_login(signer)
    url = reverse("agreements:agreement_detail", args=[agreement.pk])
    assert url not in client.get(reverse("web:home")).content.decode()
    agreement_transition(agreement=agreement, transition=Transition.APPROVE, user=world.coordinator)
    agreement_transition(
        agreement=agreement,
        transition=Transition.NEGOTIATE,
        user=world.coordinator,
        agreed_changes="ตามเดิม",
    )
    text = client.get(reverse("web:home")).content.decode()
    assert "คำรับรองที่รอคุณลงนาม" in text and url in text
    # The coordinator, who cannot sign, is not asked to.
    client.force_login(world.coordinator)
    assert "คำรับรองที่รอคุณลงนาม" not in client.get(reverse("web:home")).content.decode()


def test_a_returned_result_shows_why_to_its_collector(
    client, world, agreement, fiscal_year, signer, april
):
    from decimal import Decimal

    from khamrap.agreements.tests.builders import sign_off
    from khamrap.reporting import services

    sign_off(agreement, world, signer)
    six = fiscal_year.rounds.get(months=6)
    result = services.result_save(
        indicator=agreement.indicators.get(number="1"),
        reporting_round=six,
        user=world.collector,
        value=Decimal(92),
    )
    result = services.result_submit(result=result, user=world.collector)
    services.result_return(result=result, user=world.executive, comment="แนบหลักฐานรายชื่อเกษตรกร")
    client.force_login(world.collector)
    text = client.get(reverse("web:home")).content.decode()
    assert "ส่งกลับแก้ไข" in text
    assert "แนบหลักฐานรายชื่อเกษตรกร" in text


def test_a_report_sent_after_the_deadline_is_marked_late_for_the_evaluator(
    client, world, agreement, fiscal_year, evaluator, time_machine
):
    from khamrap.reporting.tests.workflow import submitted_round

    # Sent on 3 May at 00:30 in Bangkok (still 2 May in UTC): the deadline was 30 April.
    time_machine.move_to(dt.datetime(2026, 5, 2, 17, 30, tzinfo=dt.UTC))
    six = fiscal_year.rounds.get(months=6)
    submitted_round(agreement, six, world)
    client.force_login(evaluator)
    assert "ส่งช้า 3 วัน" in client.get(reverse("web:home")).content.decode()
    round_page = reverse("reporting:round_detail", args=[agreement.pk, six.pk])
    assert "ส่งช้า 3 วัน" in client.get(round_page).content.decode()
