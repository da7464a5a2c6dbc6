from django.contrib.auth import get_user_model
from django.core.management import call_command

from khamrap.demo.loader import DEMO_PASSWORD, demo_load
from khamrap.organizations.choices import Role
from khamrap.organizations.models import Membership, Organization
from khamrap.periods.models import FiscalYear, ReportingRound


def snapshot():
    return (
        Organization.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        FiscalYear.objects.count(),
        ReportingRound.objects.count(),
    )


def test_loading_the_demo_twice_changes_nothing_the_second_time(db):
    first = demo_load()
    after_first = snapshot()
    second = demo_load()
    assert snapshot() == after_first
    assert (second.organizations_created, second.users_created, second.fiscal_years_created) == (
        0,
        0,
        0,
    )
    assert first.users_created == len(get_user_model().objects.all())


def test_the_demo_has_a_ministry_with_a_group_1_and_a_group_2_department(db):
    demo_load()
    ministry = Organization.objects.get(code="MOAC")
    departments = Organization.objects.filter(path__startswith=ministry.path, kind="department")
    assert sorted(departments.values_list("department_group", flat=True)) == [1, 2]
    assert Organization.objects.filter(path__startswith=ministry.path, kind="bureau").count() >= 4


def test_the_demo_has_a_province_with_provincial_offices_and_all_77_provinces(db):
    demo_load()
    assert Organization.objects.filter(kind="province").count() == 77
    chiang_rai = Organization.objects.get(name_th="จังหวัดเชียงราย")
    assert (
        Organization.objects.filter(
            path__startswith=chiang_rai.path, kind="provincial_office"
        ).count()
        == 3
    )


def test_the_demo_has_a_user_for_every_role_who_can_sign_in(client, db):
    demo_load()
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    assert client.login(username="coordinator", password=DEMO_PASSWORD)
    assert client.login(username="admin", password=DEMO_PASSWORD)


def test_the_demo_has_fiscal_year_2569_and_its_rounds(db):
    demo_load()
    rounds = ReportingRound.objects.filter(fiscal_year__year=2569)
    assert sorted(rounds.values_list("months", flat=True)) == [6, 9, 12]


def test_the_demo_command_prints_the_logins(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "coordinator" in out and DEMO_PASSWORD in out
    assert "ผู้ประสานงานตัวชี้วัด กรมส่งเสริมการเกษตร" in out


def test_prepare_loads_the_demo_only_into_an_empty_database(
    db, capsys, django_user_model, settings
):
    settings.DEBUG = True  # development: production never loads the demo (web/tests/test_serve.py)
    django_user_model.objects.create_user(username="real-person")
    call_command("prepare")
    assert not Organization.objects.exists()
    assert "demo data not loaded" in capsys.readouterr().out


def test_every_demo_organization_has_a_full_agreement_with_seed_000s_indicator_16(db):
    from khamrap.agreements.checks import agreement_problems, has_errors
    from khamrap.agreements.models import Agreement

    demo_load()
    agreements = {a.organization.code: a for a in Agreement.objects.select_related("organization")}
    assert set(agreements) == {"DOAE", "DOA", "PROV-57"}
    assert {code: a.status for code, a in agreements.items()} == {
        "DOAE": "published",
        "DOA": "signed",
        "PROV-57": "signed",
    }
    for agreement in agreements.values():
        sixteen = agreement.indicators.get(number="16")
        assert sixteen.steps.count() == 5
        assert not has_errors(agreement_problems(agreement))


def test_the_demo_has_results_for_the_6_month_round(db):
    from khamrap.reporting.models import Result

    demo_load()
    assert Result.objects.filter(reporting_round__months=6, self_score__isnull=False).count() >= 15


def test_the_demo_6_month_round_shows_every_state_of_the_workflow(db):
    from khamrap.reporting.models import Result, RoundReport

    demo_load()
    reports = dict(
        RoundReport.objects.filter(reporting_round__months=6).values_list(
            "agreement__organization__code", "status"
        )
    )
    # DOA's report is still being prepared (its first saved result opened it).
    assert reports == {"DOAE": "closed", "PROV-57": "submitted", "DOA": "open"}
    doa = dict(
        Result.objects.filter(indicator__agreement__organization__code="DOA").values_list(
            "indicator__number", "status"
        )
    )
    assert doa == {
        "1": "approved",
        "2": "submitted",
        "3": "returned",
        "4": "approved",
        "16": "draft",
    }
    changed = Result.objects.get(
        indicator__agreement__organization__code="DOAE", indicator__number="1"
    )
    assert (str(changed.self_score), str(changed.verified_score)) == ("3.5000", "3.2000")
