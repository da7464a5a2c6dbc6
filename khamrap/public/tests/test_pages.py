"""The public pages: published agreements and their official figures, for anyone, without signing in.

docs/architecture.md, the counting rule: the public page shows the latest official round
(submitted, being verified or final); drafts and totals still in progress never appear.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse

from khamrap.agreements.choices import Transition
from khamrap.agreements.models import Agreement
from khamrap.agreements.tests.builders import SIGNATORIES, move
from khamrap.reporting import services
from khamrap.reporting.tests.workflow import approved_round, submitted_round

LIST = reverse("public:agreement_list")
# The list page, for someone not signed in: the paginator's count and the page's rows, each row's
# latest official figure read from the stored standings in the same query.
LIST_QUERIES = 2


def detail_url(agreement):
    return reverse("public:agreement_detail", args=[agreement.pk])


def listed(client):
    return list(client.get(LIST).context["page"].object_list)


def publish(agreement, coordinator):
    move(agreement, Transition.CIRCULATE, coordinator)
    return move(agreement, Transition.PUBLISH, coordinator)


def test_it_lists_and_shows_a_published_agreement_to_someone_not_signed_in(client, world, signed):
    published = publish(signed, world.coordinator)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "กรมหนึ่ง" in page and detail_url(published) in page
    response = client.get(detail_url(published))
    assert response.status_code == 200
    page = response.content.decode()
    # Its parties, the day it was signed, and its indicators with their weights and targets.
    assert "นายประเสริฐ วงศ์ไทย" in page and "นายวิชัย รุ่งเรือง" in page
    assert "20 ตุลาคม 2568" in page
    assert "ร้อยละของเกษตรกรที่ได้รับการส่งเสริม" in page
    assert "80 / 85 / 90 / 95 / 100 ร้อยละ" in page


def test_an_agreement_stays_off_the_public_pages_until_it_is_published(
    client, world, agreement, signer
):
    steps = [
        (Transition.APPROVE, world.coordinator, {}),
        (Transition.NEGOTIATE, world.coordinator, {"agreed_changes": "ตามเดิม"}),
        (Transition.SIGN, signer, {"signatories": SIGNATORIES}),
        (Transition.CIRCULATE, world.coordinator, {}),
    ]
    assert listed(client) == []
    assert client.get(detail_url(agreement)).status_code == 404  # a draft
    for transition, user, extra in steps:
        move(agreement, transition, user, **extra)
        assert listed(client) == [], transition
        assert client.get(detail_url(agreement)).status_code == 404, transition
    move(agreement, Transition.PUBLISH, world.coordinator)
    assert listed(client) == [agreement]
    assert client.get(detail_url(agreement)).status_code == 200


def test_an_unknown_agreement_is_404_and_an_unknown_page_number_is_the_nearest_page(
    client, world, signed
):
    published = publish(signed, world.coordinator)
    unknown = reverse("public:agreement_detail", args=[published.pk + 1000])
    assert client.get(unknown).status_code == 404
    for number in ("99", "x", "-1"):
        response = client.get(LIST, {"page": number})
        assert response.status_code == 200, number
        assert list(response.context["page"].object_list) == [published], number


def test_a_round_in_progress_is_never_shown_even_with_every_result_approved(
    client, world, signed, six
):
    published = publish(signed, world.coordinator)
    approved_round(published, six, world)  # scores 5 everywhere; the report is not submitted
    response = client.get(LIST)
    [row] = response.context["page"].object_list
    assert (row.official_standing, row.official_total, row.official_months) == (None, None, None)
    detail = client.get(detail_url(published)).content.decode()
    for page in (response.content.decode(), detail):
        assert "5.0000" not in page
    assert "ยังไม่มีผลอย่างเป็นทางการ" in detail


def test_a_submitted_round_is_shown_with_its_standing_and_a_later_draft_is_not(
    client, world, signed, six
):
    published = publish(signed, world.coordinator)
    submitted_round(published, six, world)  # every score 5: a total of 5.0000, not verified yet
    nine = published.fiscal_year.rounds.get(months=9)
    services.result_save(
        indicator=published.indicators.get(number="1"),
        reporting_round=nine,
        user=world.collector,
        value=Decimal(80),  # target 1: score 1, a total of 0.5000 so far
    )
    response = client.get(LIST)
    [row] = response.context["page"].object_list
    assert (row.official_months, row.official_standing) == (6, "submitted")
    assert row.official_total == Decimal(5)
    detail = client.get(detail_url(published)).content.decode()
    for page in (response.content.decode(), detail):
        assert "5.0000" in page and "ส่งรายงานแล้ว ยังไม่ได้ตรวจสอบ" in page
        assert "0.5000" not in page and "รอบ 9 เดือน" not in page
    assert "คะแนนเฉลี่ยถ่วงน้ำหนัก รอบ 6 เดือน" in detail


# --- on the demo: three agreements, one of them published -------------------------------------------


def coordinator_of(code):
    return get_user_model().objects.get(
        memberships__organization__code=code, memberships__role="coordinator"
    )


def test_the_demo_shows_only_its_published_agreement_with_its_final_figure(client, doae):
    response = client.get(LIST)
    # กรมวิชาการเกษตร and เชียงราย have signed but not published theirs.
    assert [a.pk for a in response.context["page"].object_list] == [doae.pk]
    page = response.content.decode()
    assert "3.4350" in page and "คะแนนสุดท้าย (ตรวจสอบแล้ว)" in page
    for code in ("DOA", "PROV-57"):
        other = Agreement.objects.get(organization__code=code)
        assert client.get(detail_url(other)).status_code == 404, code


def test_published_agreements_show_their_official_figures_and_never_a_total_in_progress(
    client, demo
):
    for code in ("DOA", "PROV-57"):
        publish(Agreement.objects.get(organization__code=code), coordinator_of(code))
    response = client.get(LIST)
    rows = {a.organization.code: a for a in response.context["page"].object_list}
    assert {code: (a.official_standing, a.official_total) for code, a in rows.items()} == {
        "DOAE": ("final", Decimal("3.4350")),
        "PROV-57": ("submitted", Decimal("3.5100")),
        "DOA": (None, None),  # its 6-month report is still being prepared
    }
    doa = client.get(detail_url(rows["DOA"])).content.decode()
    assert "ยังไม่มีผลอย่างเป็นทางการ" in doa
    assert "ประเมินตนเอง ยังไม่ส่งรายงาน" not in response.content.decode() + doa


def test_the_list_runs_the_same_queries_however_many_agreements_it_shows(
    client, demo, django_assert_num_queries
):
    with django_assert_num_queries(LIST_QUERIES):
        assert len(listed(client)) == 1
    for code in ("DOA", "PROV-57"):
        publish(Agreement.objects.get(organization__code=code), coordinator_of(code))
    with django_assert_num_queries(LIST_QUERIES):
        assert len(listed(client)) == 3
