from django.contrib.auth import get_user_model
from django.core.management import call_command

from khamrap.demo.loader import DEMO_PASSWORD, demo_load
from khamrap.organizations.choices import Role
from khamrap.organizations.models import Membership, Organization
from khamrap.periods.models import FiscalYear, ReportingRound


def snapshot():
    from khamrap.agreements.models import Agreement, AgreementEvent
    from khamrap.reporting.models import Change, Result

    return (
        Organization.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        FiscalYear.objects.count(),
        ReportingRound.objects.count(),
        Agreement.objects.count(),
        AgreementEvent.objects.count(),
        Result.objects.count(),
        Change.objects.count(),
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


def test_the_demo_has_a_ministry_with_a_group_1_and_a_group_2_department(demo):
    ministry = Organization.objects.get(code="MOAC")
    departments = Organization.objects.filter(path__startswith=ministry.path, kind="department")
    assert sorted(departments.values_list("department_group", flat=True)) == [1, 2]
    assert Organization.objects.filter(path__startswith=ministry.path, kind="bureau").count() >= 4


def test_the_demo_has_a_province_with_provincial_offices_and_all_77_provinces(demo):
    assert Organization.objects.filter(kind="province").count() == 77
    chiang_rai = Organization.objects.get(name_th="จังหวัดเชียงราย")
    assert (
        Organization.objects.filter(
            path__startswith=chiang_rai.path, kind="provincial_office"
        ).count()
        == 3
    )


def test_the_demo_has_a_user_for_every_role_who_can_sign_in(client, demo):
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    assert client.login(username="coordinator", password=DEMO_PASSWORD)
    assert client.login(username="admin", password=DEMO_PASSWORD)


def test_the_demo_has_fiscal_year_2569_and_its_rounds(demo):
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


def test_every_demo_organization_has_a_full_agreement_with_seed_000s_indicator_16(demo):
    from khamrap.agreements.checks import agreement_problems, has_errors
    from khamrap.agreements.models import Agreement

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


def test_the_demo_has_results_for_the_6_month_round(demo):
    from khamrap.reporting.models import Result

    assert Result.objects.filter(reporting_round__months=6, self_score__isnull=False).count() >= 15


def test_the_demo_6_month_round_shows_every_state_of_the_workflow(demo):
    from khamrap.reporting.models import Result, RoundReport

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


def test_the_promisor_is_the_head_and_the_promisee_the_level_above(demo):
    from khamrap.agreements.models import Agreement

    parties = {
        a.organization.code: (
            a.promisor_name,
            a.promisor_position,
            a.promisee_name,
            a.promisee_position,
        )
        for a in Agreement.objects.select_related("organization")
    }
    assert parties == {
        "DOAE": (
            "นายเกษม ส่งเสริมกิจ",
            "อธิบดีกรมส่งเสริมการเกษตร",
            "นายวิชัย รุ่งเรือง",
            "ปลัดกระทรวงเกษตรและสหกรณ์",
        ),
        "DOA": (
            "นายวิทยา เกษตรศิลป์",
            "อธิบดีกรมวิชาการเกษตร",
            "นายวิชัย รุ่งเรือง",
            "ปลัดกระทรวงเกษตรและสหกรณ์",
        ),
        "PROV-57": (
            "นายณรงค์ ศักดิ์ดี",
            "ผู้ว่าราชการจังหวัดเชียงราย",
            "นายพิพัฒน์ รัฐพัฒนา",
            "รองนายกรัฐมนตรี",
        ),
    }
    for promisor, _position, promisee, _ in parties.values():
        assert promisor != promisee
    # The demo users who are a party sign as the people they are.
    governor = get_user_model().objects.get(username="governor.cri")
    assert parties["PROV-57"][:2] == (governor.display_name, governor.position)


def test_the_agreements_life_is_dated_from_september_to_october_and_on_time(demo):
    import datetime as dt

    from django.utils import timezone

    from khamrap.agreements.models import Agreement
    from khamrap.agreements.selectors import agreement_timeline

    doae = Agreement.objects.get(organization__code="DOAE")
    events = list(doae.events.order_by("at", "pk"))
    days = [(e.to_status, timezone.localtime(e.at).date()) for e in events]
    assert days == [
        ("draft", dt.date(2025, 9, 1)),
        ("committee_approved", dt.date(2025, 9, 4)),
        ("negotiated", dt.date(2025, 10, 8)),
        ("signed", dt.date(2025, 10, 15)),
        ("circulated", dt.date(2025, 10, 16)),
        ("published", dt.date(2025, 10, 17)),
    ]
    assert doae.signed_on == dt.date(2025, 10, 15)
    assert timezone.localtime(doae.created_at).date() == dt.date(2025, 9, 1)
    timeline = agreement_timeline(doae, events, dt.date(2026, 12, 1))
    assert [step.status for step in timeline if step.late] == []


def test_the_6_month_round_is_reported_on_time_or_late_against_its_deadline(demo):
    import datetime as dt

    from django.utils import timezone

    from khamrap.reporting.models import Change, Result, RoundReport

    def day(moment):
        return timezone.localtime(moment).date() if moment else None

    reports = {
        r.agreement.organization.code: r
        for r in RoundReport.objects.filter(reporting_round__months=6).select_related(
            "agreement__organization", "reporting_round"
        )
    }
    deadline = reports["DOAE"].reporting_round.deadline
    assert deadline == dt.date(2026, 4, 30)
    # DOAE sent two days early and was closed two weeks later; Chiang Rai sent six days late.
    assert (day(reports["DOAE"].submitted_at), day(reports["DOAE"].closed_at)) == (
        dt.date(2026, 4, 28),
        dt.date(2026, 5, 13),
    )
    assert day(reports["PROV-57"].submitted_at) == dt.date(2026, 5, 6) > deadline
    assert reports["DOA"].submitted_at is None  # still owed after the deadline
    cutoff = reports["DOAE"].reporting_round.cutoff_date
    results = Result.objects.filter(reporting_round__months=6).select_related(
        "indicator__agreement__organization"
    )
    submitted = {}
    for result in results:
        code = result.indicator.agreement.organization.code
        assert cutoff < day(result.created_at) <= deadline
        if result.submitted_at:
            submitted.setdefault(code, set()).add(day(result.submitted_at))
            assert result.approved_at is None or result.approved_at > result.submitted_at
            report = reports[code]
            assert report.submitted_at is None or result.submitted_at < report.submitted_at
        if result.verified_at:
            assert result.verified_at > reports[code].submitted_at
    assert submitted == {
        "DOAE": {dt.date(2026, 4, 20)},
        "PROV-57": {dt.date(2026, 4, 27)},
        "DOA": {dt.date(2026, 4, 24)},
    }
    # The history says the same: nothing happened to the round before its cut-off or on a weekend.
    moments = [timezone.localtime(at) for at in Change.objects.values_list("at", flat=True)]
    assert moments and all(at.date() > cutoff and at.weekday() < 5 for at in moments)
