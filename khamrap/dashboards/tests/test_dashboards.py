from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khamrap.agreements.models import Agreement
from khamrap.dashboards import selectors
from khamrap.periods.models import FiscalYear


def user(name):
    return get_user_model().objects.get(username=name)


def test_the_ministry_sees_its_departments_ranked_by_their_final_total(demo):
    totals = selectors.rollup(user("executive"), FiscalYear.objects.get(year=2569), 6)
    # DOAE 3.4350 (final) ranks above DOA 3.4267 (self: nothing verified yet)
    assert [t.agreement.organization.code for t in totals] == ["DOAE", "DOA"]
    doae = next(t for t in totals if t.agreement.organization.code == "DOAE")
    # DOAE's 6-month round: self 3.5100; indicator 1 verified 3.2000 instead of 3.5000 (weight 25)
    assert (doae.total_self, doae.total_final) == (Decimal("3.5100"), Decimal("3.4350"))
    assert doae.report_status == "closed"


def test_a_department_sees_only_itself_and_a_province_only_itself(demo):
    year = FiscalYear.objects.get(year=2569)
    assert [
        t.agreement.organization.code for t in selectors.rollup(user("coordinator"), year, 6)
    ] == ["DOAE"]
    assert [
        t.agreement.organization.code for t in selectors.rollup(user("coordinator.cri"), year, 6)
    ] == ["PROV-57"]


def test_the_rollup_runs_a_fixed_number_of_queries_whatever_the_number_of_organizations(demo):
    year = FiscalYear.objects.get(year=2569)
    superuser = user("admin")
    with CaptureQueriesContext(connection) as three:
        selectors.rollup(superuser, year, 6)
    assert len(selectors.rollup(superuser, year, 6)) == 3
    Agreement.objects.filter(organization__code="DOA").delete()
    with CaptureQueriesContext(connection) as two:
        selectors.rollup(superuser, year, 6)
    assert len(three) == len(two)


def test_the_dashboard_pages_run_a_fixed_number_of_queries(client, demo):
    client.force_login(user("executive"))
    url = reverse("dashboards:rollup")
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    Agreement.objects.filter(organization__code="DOA").delete()
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(before) == len(after)


def test_the_early_warning_flags_indicators_projected_under_3(demo):
    doa = Agreement.objects.get(organization__code="DOA")
    warnings = {w.indicator.number: w for w in selectors.early_warning(doa)}
    # Indicator 4: 2.4% at 6 months is held (one measured point) → 2.4000 on 1..5 → at risk.
    assert warnings["4"].projected_score == Decimal("2.4000") and warnings["4"].at_risk
    # Indicator 16: 4 steps at 6 months keep their pace → all 5 by year end.
    assert (warnings["16"].projected_result, warnings["16"].projected_score) == (
        "5/5",
        Decimal("5.0000"),
    )
    assert next(iter(warnings)) == "4"  # at risk first


def test_the_evaluators_workbench_lists_what_waits_for_them(client, demo):
    rows = selectors.workbench(user("evaluator"))
    assert [(r.agreement.organization.code, r.report_status, r.to_verify) for r in rows] == [
        ("PROV-57", "submitted", 5),
        ("DOAE", "closed", 0),
    ]
    assert not selectors.workbench(user("coordinator")).exists()
    client.force_login(user("evaluator"))
    assert "จังหวัดเชียงราย" in client.get(reverse("dashboards:workbench")).content.decode()


def test_the_organization_dashboard_draws_its_charts_in_thai(client, demo):
    doae = Agreement.objects.get(organization__code="DOAE")
    client.force_login(user("coordinator"))
    response = client.get(reverse("dashboards:agreement", args=[doae.pk]))
    text = response.content.decode()
    assert text.count("<svg") == 4
    assert "คะแนนรายตัวชี้วัด" in text and "3.4350" in text
    assert "http://" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_another_organizations_dashboard_is_404(client, demo):
    doae = Agreement.objects.get(organization__code="DOAE")
    client.force_login(user("coordinator.cri"))
    assert client.get(reverse("dashboards:agreement", args=[doae.pk])).status_code == 404
    assert (
        client.get(
            reverse("reporting:round_detail", args=[doae.pk, doae.fiscal_year.rounds.first().pk])
        ).status_code
        == 404
    )
