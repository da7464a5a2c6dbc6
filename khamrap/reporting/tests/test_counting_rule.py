"""One rule for what counts, seen on the demo: what the public, the rankings and the round pages show.

Each test reproduces what a reviewer saw on the demo data before the counting rule
(rules/counting.py) was the only place that decides.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse

from khamrap.agreements.models import Agreement
from khamrap.dashboards import selectors as dashboards
from khamrap.periods.models import FiscalYear
from khamrap.reporting import services
from khamrap.reporting.models import RoundReport
from khamrap.reporting.selectors import round_view
from khamrap.rules.counting import Standing


def user(username):
    return get_user_model().objects.get(username=username)


def agreement_of(code):
    return Agreement.objects.select_related("fiscal_year", "framework").get(organization__code=code)


def round_of(agreement, months):
    return agreement.fiscal_year.rounds.get(months=months)


def draft_in_nine_months(agreement, username="collector"):
    """One unsubmitted draft in the 9-month round, as the reviewer entered it."""
    indicator = agreement.indicators.filter(parent__isnull=True).exclude(kind="composite").first()
    fields = {
        "numeric": {"value": indicator.target_5},
        "milestone": {"steps_done": [1]},
        "pass_fail": {"passed": True},
        "mixed": {"steps_done": [1]},
    }[indicator.kind]
    return services.result_save(
        indicator=indicator,
        reporting_round=round_of(agreement, 9),
        user=user(username),
        **fields,
    )


def test_the_public_page_shows_the_latest_official_round_not_a_draft(demo, client):
    doae = agreement_of("DOAE")
    draft_in_nine_months(doae)
    page = client.get(reverse("public:agreement_detail", args=[doae.pk])).content.decode()
    # The verified, closed 6-month total, labelled final; not the 9-month draft's 0.7500.
    assert "3.4350" in page
    assert "0.7500" not in page
    assert "รอบ 6 เดือน" in page
    assert "คะแนนสุดท้าย (ตรวจสอบแล้ว)" in page


def test_the_public_page_says_when_nothing_is_official_yet(demo, client):
    doae = agreement_of("DOAE")
    RoundReport.objects.filter(agreement=doae).update(status="open", figures=None)
    page = client.get(reverse("public:agreement_detail", args=[doae.pk])).content.decode()
    assert "3.4350" not in page
    assert "ยังไม่มีผลอย่างเป็นทางการ" in page


def test_the_trend_leaves_out_a_round_still_in_progress(demo):
    doae = agreement_of("DOAE")
    draft_in_nine_months(doae)
    points = {p.months: p.total for p in dashboards.organization_trend(doae)}
    assert points[6] == Decimal("3.4350")
    assert points[9] is None  # a single draft is not a fall from 3.43 to 0.75


def test_rankings_rank_like_with_like_and_name_each_standing(demo):
    year = FiscalYear.objects.get(year=2569)
    totals = dashboards.rollup(user("admin"), year, 6)
    by_code = {t.agreement.organization.code: t for t in totals}
    # Chiang Rai's 3.5100 is only submitted; DOAE's 3.4350 is final. Each is first of its kind.
    assert by_code["DOAE"].standing == Standing.FINAL
    assert (by_code["DOAE"].rank, by_code["DOAE"].total_final) == (1, Decimal("3.4350"))
    assert by_code["PROV-57"].standing == Standing.SUBMITTED
    assert (by_code["PROV-57"].rank, by_code["PROV-57"].total_final) == (1, Decimal("3.5100"))
    # DOA is still at work: listed last, not ranked.
    assert by_code["DOA"].standing == Standing.IN_PROGRESS
    assert by_code["DOA"].rank is None
    assert [t.agreement.organization.code for t in totals] == ["DOAE", "PROV-57", "DOA"]


def test_the_rollup_page_shows_the_standing_of_each_row(demo, client):
    client.force_login(user("admin"))
    page = client.get(reverse("dashboards:rollup") + "?year=2569&months=6").content.decode()
    for label in ("คะแนนสุดท้าย (ตรวจสอบแล้ว)", "ส่งรายงานแล้ว ยังไม่ได้ตรวจสอบ"):
        assert label in page


def test_a_total_is_called_final_only_once_the_round_is_closed(demo, client):
    doa = agreement_of("DOA")
    client.force_login(user("coordinator.doa"))
    page = client.get(
        reverse("reporting:round_detail", args=[doa.pk, round_of(doa, 6).pk])
    ).content.decode()
    assert "ประเมินตนเอง ยังไม่ส่งรายงาน" in page
    assert "คะแนนที่นับ" in page
    doae = agreement_of("DOAE")
    client.force_login(user("coordinator"))
    page = client.get(
        reverse("reporting:round_detail", args=[doae.pk, round_of(doae, 6).pk])
    ).content.decode()
    assert "คะแนนสุดท้าย (ตรวจสอบแล้ว)" in page


def test_an_empty_round_prints_dashes_never_zero(demo, client):
    doae = agreement_of("DOAE")
    view = round_view(doae, round_of(doae, 9))
    assert view.card.total_self is None and view.card.total_final is None
    assert all(row.weighted is None for row in view.rows)
    client.force_login(user("coordinator"))
    page = client.get(
        reverse("reporting:round_detail", args=[doae.pk, round_of(doae, 9).pk])
    ).content.decode()
    assert "0.0000" not in page


def test_a_composite_shows_the_least_advanced_status_of_its_parts(demo):
    doae = agreement_of("DOAE")
    view = round_view(doae, round_of(doae, 6))
    composite = next(row for row in view.rows if row.indicator.kind == "composite")
    parts = [row for row in view.rows if row.indicator.parent_id == composite.indicator.pk]
    assert {row.status for row in parts} == {"approved"}
    assert composite.status == "approved"  # not the "draft" its own stored row says
    # Progress counts the indicators that carry a result, composites not: 6 of 6 everywhere.
    reportable = sum(1 for row in view.rows if row.indicator.kind != "composite")
    assert view.progress["approved"] == view.progress["total"] == reportable


def test_a_composite_whose_parts_do_not_add_to_100_yet_is_a_finding_not_a_500(
    world, agreement, client
):
    from khamrap.agreements.models import FrameworkGroup
    from khamrap.agreements.services import indicator_save

    group = FrameworkGroup.objects.filter(framework=agreement.framework).first()
    composite = indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "number": "9",
            "name": "รวม",
            "weight": Decimal(10),
            "kind": "composite",
            "group": group,
        },
    )
    indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "number": "9.1",
            "name": "ย่อย",
            "weight": Decimal(40),
            "kind": "pass_fail",
            "group": group,
            "parent": composite,
        },
    )
    client.force_login(world.coordinator)
    for url in (
        reverse("agreements:agreement_detail", args=[agreement.pk]),
        reverse("dashboards:agreement", args=[agreement.pk]),
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
    assert "ยังรวมไม่ได้ 100" in answer.content.decode()


def test_the_public_list_shows_each_agreements_latest_official_figure_not_a_draft(demo, client):
    doae = agreement_of("DOAE")
    draft_in_nine_months(doae)  # the 9-month round in progress: never shown
    response = client.get(reverse("public:agreement_list"))
    row = next(a for a in response.context["page"].object_list if a.pk == doae.pk)
    # DOAE's 6-month round, verified and closed (test_dashboards: 3.4350 final).
    assert (row.official_months, row.official_standing) == (6, "final")
    assert row.official_total == Decimal("3.4350")
    assert "3.4350" in response.content.decode()
